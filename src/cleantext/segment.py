"""Document -> structure and anchors: lines, sentences, script runs, lexicon and lure hits.

Everything here is computed once per document and shared by all rules through
:class:`Context`.  Offsets are into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from .lexicon import Hit, Lexicon
from .lures import Lure, find_lures
from .normalize import Folded, fold
from .scripts import Run, ScriptProfile, foreign_runs, profile

_LINE_RE = re.compile(r"[^\n]*(?:\n|$)")
# A sentence ends at . ! ? (and their full-width forms) followed by space, or right
# after 。！？ which need no space.
_SENT_END_RE = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)\]]*[ \t]+|(?<=[\u3002\uff01\uff1f])")


@dataclass(frozen=True, slots=True)
class Context:
    """Document-level facts every rule may read."""

    text: str
    folded: Folded
    profile: ScriptProfile
    lines: tuple[tuple[int, int], ...]  # without the line break
    sentences: tuple[tuple[int, int], ...]
    runs: tuple[Run, ...]
    hits: tuple[Hit, ...]
    lures: tuple[Lure, ...]
    category_counts: Counter[str]  # lexicon hits per category across the document

    def line_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.lines, (pos, len(self.text) + 1)) - 1
        return self.lines[max(i, 0)]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sentences, (pos, len(self.text) + 1)) - 1
        return self.sentences[max(i, 0)]


def split_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Line spans without their line breaks (a trailing '\\r' stays out too)."""
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.span()
        if s == e:
            break
        if text[e - 1 : e] == "\n":
            e -= 1
        if e > s and text[e - 1] == "\r":
            e -= 1
        out.append((s, e))
    return tuple(out) or ((0, 0),)


def split_sentences(text: str, lines: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Sentence spans inside each line (trailing spaces excluded)."""
    out = []
    for ls, le in lines:
        start = ls
        for m in _SENT_END_RE.finditer(text, ls, le):
            if m.start() > start:
                out.append((start, m.start()))
            start = m.end()
        if le > start:
            out.append((start, le))
    return tuple(out) or ((0, 0),)


def analyse(text: str, lexicon: Lexicon) -> Context:
    """Build the :class:`Context` of one document."""
    folded = fold(text)
    prof = profile(text)
    lines = split_lines(text)
    hits = tuple(lexicon.find(folded))
    return Context(
        text=text,
        folded=folded,
        profile=prof,
        lines=lines,
        sentences=split_sentences(text, lines),
        runs=tuple(foreign_runs(text, prof)),
        hits=hits,
        lures=tuple(find_lures(folded)),
        category_counts=Counter(h.entry.category for h in hits),
    )
