"""``script.*``: text in a script the rest of the document does not use."""

from __future__ import annotations

from collections.abc import Iterator

from ..candidates import Candidate
from ..config import DetectorConfig
from ..records import RuleHit
from ..scripts import SCRIPT_NAMES, UBIQUITOUS, dominant_script, is_phrase_run, letter_count
from ..segment import Context
from ..surroundings import (
    is_item,
    neighbour_lines,
    next_char,
    position,
    prev_char,
    sentence_goes_on,
)

_GLOSS_MARKS = "(（-–—:=/|"


def out_of_context(cand: Candidate, ctx: Context, cfg: DetectorConfig) -> Iterator[RuleHit]:
    """A run of foreign script placed where injected phrases go, not where names go.

    Injected ad phrases are pasted in front of paragraphs or on lines of their own
    (``上海私人品茶`` in an English article).  Legitimate foreign text is short and
    enclosed ("Xi Jinping (习近平)"), glossed ("加油 (jiayou)"), or part of a
    bilingual document where the other script is common.
    """
    if not cand.runs:
        return
    sc = cfg.script
    run_chars = sum(r.end - r.start for r in cand.runs)
    main = max(cand.runs, key=lambda r: r.end - r.start)
    letters = letter_count(ctx.text[main.start : main.end])
    where = position(ctx, cand.start, cand.end)
    if where == "edge" and sentence_goes_on(ctx, cand.start, cand.end):
        where = "inside"  # "红烧肉 is the dish my grandmother made": its subject
    score = sc.base + {"alone": sc.alone_on_line, "edge": sc.at_line_edge,
                       "between": sc.between_sentences}.get(where, 0.0)
    notes = [f"{SCRIPT_NAMES.get(main.script, main.script)} run in "
             f"{SCRIPT_NAMES.get(ctx.profile.dominant, 'other')} text", where]
    span = ctx.text[cand.start : cand.end]
    if any(c.isdigit() for c in span) and any(c.isdigit() for c in span[-6:] + span[:6]):
        score += sc.glued_digits
        notes.append("digits glued on")
    if letters >= 4:
        score += sc.long_run
        if is_phrase_run(ctx.text[main.start : main.end], main.script):
            score += sc.phrase_run
            notes.append("a phrase")
    elif letters <= 2:
        score *= sc.short_run_factor
        notes.append("short")
    factor = 1.0
    if ctx.enclosed(main.start, main.end):
        factor *= sc.enclosed_factor
        notes.append("enclosed in brackets/quotes")
    elif prev_char(ctx.text, main.start) in _GLOSS_MARKS or next_char(
        ctx.text, main.end
    ) in _GLOSS_MARKS + ")）":
        factor *= sc.translated_factor
        notes.append("next to a gloss")
    elif where == "alone" and (context := _labelled_or_listed(ctx, cand)):
        factor *= sc.translated_factor
        notes.append(context)
    # Foreign letters elsewhere in the document: a short article with one injected
    # line is not bilingual just because the injection is long.
    total = ctx.profile.letters
    foreign = total - sum(n for c, n in ctx.profile.counts if c in ctx.profile.natives)
    own = sum(letter_count(ctx.text[r.start : r.end]) for r in cand.runs)
    foreign_share = max(0, foreign - own) / max(1, total - own)
    if foreign_share >= sc.bilingual_share:
        factor *= sc.bilingual_factor
        notes.append(f"bilingual document ({foreign_share:.0%} foreign letters)")
    if main.script in UBIQUITOUS:
        factor *= sc.ubiquitous_factor
    score = min(1.0, score) * factor
    yield RuleHit(
        "script.out_of_context",
        score,
        "; ".join(notes),
        {"script": main.script, "position": where, "letters": letters,
         "run_chars": run_chars, "foreign_share": round(foreign_share, 3)},
    )


def _labelled_or_listed(ctx: Context, cand: Candidate) -> str:
    """Why a foreign line of its own reads as part of the page ("" if it does not).

    After a line ending in a colon it is that label's value ("Address:" then a
    Chinese address); among short lines of the document's own script it is a menu
    or footer item (a Japanese "contact us" under "Advertise with us").  Pasted ads
    sit between paragraphs, and a block of them has ad lines for neighbours.
    """
    prev, nxt = neighbour_lines(ctx, cand.start)
    if prev.rstrip().endswith((":", "：")):
        return "after a label"
    neighbours = [line for line in (prev, nxt) if line.strip()]
    if neighbours and all(
        is_item(line) and dominant_script(line) in ctx.profile.natives for line in neighbours
    ):
        return "among short lines (a menu or footer)"
    return ""
