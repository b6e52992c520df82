"""``stuffing.*``: the same odd string repeated across a document."""

from __future__ import annotations

from collections.abc import Iterator

from ..candidates import Candidate
from ..config import DetectorConfig
from ..normalize import nfkc_key
from ..records import RuleHit
from ..repeats import pasted_repeats
from ..scripts import UBIQUITOUS
from ..segment import Context
from ..surroundings import at_seam, is_item, is_phrase, is_prose, neighbour_lines, position

# A weak term alone is stuffed when enough of its copies sit at seams
# (``surroundings.at_seam``): alone on a line, appended after a finished sentence,
# or pasted before one.
MIN_SEAMS = 2

MIN_REPEATS = 3
MAX_CORES = 16
MIN_CORE_CHARS = 4
SCORE = 0.5
EXTRA = 0.1


def _seams(ctx: Context, core: str) -> int:
    """How many copies of ``core`` sit at a seam of the text (see MIN_SEAMS)."""
    memo: dict[str, int] = ctx.memo.setdefault("stuffing.seams", {})
    key = nfkc_key(core)
    if key in memo:
        return memo[key]
    folded = ctx.folded.text
    n = 0
    at = folded.find(key)
    found = 0
    while at >= 0 and found < 64:
        found += 1
        s, e = ctx.folded.to_source(at, at + len(key))
        n += at_seam(ctx, s, e) and not _in_a_list(ctx, s, e)
        at = folded.find(key, at + len(key))
    memo[key] = n
    return n


def _label(ctx: Context, core: str) -> bool:
    """Every copy (of the first few) is followed by a colon: a form's or a profile's
    field label repeated down the page ("Потвърден имейл адрес: google.com")."""
    text = ctx.text
    at = text.find(core)
    seen = 0
    while at >= 0 and seen < 8:
        after = text[at + len(core) : at + len(core) + 2].lstrip(" ")
        if not after.startswith((":", "\uff1a")):
            return False
        seen += 1
        at = text.find(core, at + len(core))
    return seen > 0


def _in_a_list(ctx: Context, start: int, end: int) -> bool:
    """A line of its own among short lines: a menu or list item ("Print Replica" in
    a site's header, footer and sidebar), not text pasted between paragraphs; or
    the start of such an item ("Student Loan| Refinancing", "Student Loan| Advice")."""
    where = position(ctx, start, end)
    if where == "edge":
        ls, le = ctx.line_of(start)
        if ls != start or not is_item(ctx.text[ls:le]):
            return False
    elif where != "alone":
        return False
    return not any(is_prose(line) for line in neighbour_lines(ctx, start))


def repeat(cand: Candidate, ctx: Context, cfg: DetectorConfig) -> Iterator[RuleHit]:
    """The span's suspicious core occurs three or more times in the document.

    Keyword stuffing repeats the same brand or phrase through an article; a word
    the article is about repeats too, so this only counts for spans that already
    carry a foreign run, a strong spam term, a messenger ID or a short link.
    """
    cores = [ctx.text[r.start : r.end] for r in cand.runs if r.script not in UBIQUITOUS]
    cores += [ctx.text[h.start : h.end] for h in cand.hits if h.entry.strength == "strong"]
    # A whole phrase around a weak term repeated verbatim is stuffing; the weak term
    # alone repeated is just what an article about that topic looks like.
    whole = ctx.text[cand.start : cand.end]
    if cand.hits and all(whole != ctx.text[h.start : h.end] for h in cand.hits):
        cores.append(whole)
    elif cand.hits and position(ctx, cand.start, cand.end) in ("alone", "edge") and (
        is_phrase(whole) and _seams(ctx, whole) >= MIN_SEAMS
    ):
        # ... unless its copies are pasted at the seams of paragraphs, which an
        # article's own topic words are not.
        cores.append(whole)
    # Messenger IDs and short links repeated are stuffing; a domain or phone number
    # repeated is usually the subject of the article or its contact line.
    # (@handles repeat on every forum page: usernames, not stuffing.)
    ads = [lu for lu in cand.lures if lu.kind in ("messenger", "shortlink", "site")]
    cores += [ctx.text[lu.start : lu.end] for lu in ads]
    # ... and so is a whole phrase around one pasted at seams, copy after copy
    # ("Double your ETH in 24h — t.me/ethdouble").
    if (ads and not cand.hits and is_phrase(whole)
            and sum(lu.end - lu.start for lu in cand.lures) < len(whole.strip())
            and _seams(ctx, whole) >= MIN_SEAMS):
        cores.append(whole)
    # A fragment pasted at the start of three or more lines or sentences, when
    # nothing else in the span is suspicious.
    opening = cand.repeat and not (cores or cand.hits or cand.lures)
    if opening:
        cores += [ctx.text[s:e] for s, e in pasted_repeats(ctx) if s < cand.end and e > cand.start]
    if not cores:
        return
    folded = ctx.folded.text
    counts: dict[str, int] = ctx.memo.setdefault("stuffing.counts", {})
    best, best_n = "", 0
    # Each count scans the document: dedupe, cap and cache them (a 5 MB line of
    # spam must not cost cores x length per candidate).
    for core in list(dict.fromkeys(cores))[:MAX_CORES]:
        key = nfkc_key(core)
        if len(key) < MIN_CORE_CHARS:  # "От", "的": short words repeat in any text
            continue
        n = counts.get(key)
        if n is None:
            n = counts[key] = folded.count(key)
        if n > best_n or (n == best_n and len(core) > len(best)):
            best, best_n = core, n
    if best_n < MIN_REPEATS or _label(ctx, best):
        return
    seams = 0 if opening else _seams(ctx, best)
    pasted = f", {seams} of them pasted at seams" if seams >= MIN_SEAMS else ""
    yield RuleHit(
        "stuffing.repeat",
        min(1.0, SCORE + EXTRA * (best_n - MIN_REPEATS)),
        f"{best!r} occurs {best_n} times in the document{pasted}",
        {"repeats": best_n, "core": best[:60], "seams": seams, "opening": opening},
    )
