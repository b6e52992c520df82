"""Weak spam terms that look pasted, not written by the article's author.

A weak term ("roulette", "cash advance", "vay tiền mặt nhanh") has legitimate uses,
so alone it needs the classifier to be sure.  Two signs say it was pasted:

* it is in another language than the document (:func:`language.foreign_term`);
* it is sold: ad words wrap it ("Best roulette", "Order Cash Advance Now"), and the
  phrase sits where pasted text sits (a line of its own, after a finished sentence,
  before one: :func:`surroundings.at_seam`).
"""

from __future__ import annotations

import re

from .candidates import GLUE, Candidate
from .language import foreign_term
from .segment import Context
from .surroundings import at_seam, is_phrase

_WORD_RE = re.compile(r"[^\W\d_]+")


def sold(cand: Candidate, ctx: Context) -> bool:
    """Ad words around the span's terms (not inside them), at a seam.

    >>> from cleantext.lexicon import load_lexicon
    >>> from cleantext.segment import analyse
    >>> from cleantext.candidates import build_candidates
    >>> text = "The board met on Monday.\\nBest roulette\\nIt approved the budget."
    >>> ctx = analyse(text, load_lexicon())
    >>> [sold(c, ctx) for c in build_candidates(ctx)]
    [True]
    """
    span = ctx.text[cand.start : cand.end]
    words = [w.lower() for w in _WORD_RE.findall(span)]
    if len(words) < 2:
        return False
    in_terms = {w.lower() for h in cand.hits for w in _WORD_RE.findall(ctx.text[h.start : h.end])}
    if not any(w in GLUE and w not in in_terms for w in words):
        return False
    return is_phrase(span) and at_seam(ctx, cand.start, cand.end)


def weak_pasted(cand: Candidate, ctx: Context) -> str:
    """Why the span's weak terms look pasted ("" if they do not)."""
    if not cand.hits or any(h.entry.strength != "weak" for h in cand.hits):
        return ""
    if all(foreign_term(h, ctx) for h in cand.hits):
        return "foreign-language"
    if sold(cand, ctx):
        return "sold"
    return ""
