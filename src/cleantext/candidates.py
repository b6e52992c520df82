"""Context -> candidate spans: the strings that might have been injected.

Two kinds of seeds make candidates:

* a run of a script that is not native to the document (``上海龙凤千花1314`` in an
  English article), and
* a cluster of lexicon hits and contact lures in the document's own script
  (``slot gacor hari ini WA 0812...``), grown over neighbouring ad "glue" words
  and digits, and widened to the whole sentence when it fills most of it.

Candidates only say *where* to look; rules say how suspicious each one is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Hit
from .lures import Lure
from .scripts import RANGES, UNSPACED, Run, dominant_script, letter_count
from .surroundings import enclosed
from .segment import Context

# Words that ad copy wraps around its keywords.  They never make a candidate on
# their own; they only let a cluster of real evidence grow over them.
GLUE = frozenset("""
buy cheap order online best top free now today here click discount sale sales official
site website link links login daftar situs resmi terpercaya terbaik hari ini gacor maxwin
gampang menang agen bandar deposit bonus promo no prescription without rx pills pill
mg generic delivery fast overnight shipping usa uk price prices guaranteed 100% vip
official-site www http https com net casino bet slot slots онлайн бонус
официальный сайт скачать играть бесплатно купить дешево
nhà cái uy tín link vào đăng ký tặng
""".split())
_SENT_BREAK_RE = re.compile(r"[\u3002\uff01\uff1f]|[.!?][\"'\u201d)]*\s")
_UNSPACED_RE = re.compile("[" + "".join(RANGES[c] for c in sorted(UNSPACED)) + "]")
_TOKEN_RE = re.compile(r"[\w%+\-]+", re.UNICODE)
# A cluster may jump this many characters of neutral text to join the next anchor.
MAX_GAP_CHARS = 30
MAX_GAP_WORDS = 4
# Widen to the whole sentence when the cluster covers this share of its letters.
SENTENCE_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span to score, with the seeds that made it."""

    start: int
    end: int
    runs: tuple[Run, ...]
    hits: tuple[Hit, ...]
    lures: tuple[Lure, ...]
    widened: bool = False


def _gap_ok(ctx: Context, end: int, start: int) -> bool:
    if start - end > MAX_GAP_CHARS:
        return False
    gap = ctx.text[end:start]
    if "\n" in gap or _SENT_BREAK_RE.search(gap):
        return False
    # Unspaced scripts have no word breaks: count two characters as a word.
    unspaced = len(_UNSPACED_RE.findall(gap))
    return len(_TOKEN_RE.findall(_UNSPACED_RE.sub("", gap))) + unspaced / 2 <= MAX_GAP_WORDS


def _grow(ctx: Context, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """Extend [start, end) over glue words and numbers inside [lo, hi)."""
    text = ctx.text
    while True:
        m = _TOKEN_RE.search(text, end, hi)
        if not m or text[end : m.start()].strip(" \t,:-|") or not _is_glue(m.group()):
            break
        end = m.end()
    while True:
        prev = None
        for m in _TOKEN_RE.finditer(text, lo, start):
            prev = m
        if prev is None or text[prev.end() : start].strip(" \t,:-|") or not _is_glue(prev.group()):
            break
        start = prev.start()
    return start, end


_AMOUNT_RE = re.compile(r"\d+(?:[.,]\d+)?(?:mg|ml|g|k|rb|jt|x|%|\$|€|usd|usdt|btc|eth)?")


def _is_glue(token: str) -> bool:
    t = token.lower()
    return t in GLUE or _AMOUNT_RE.fullmatch(t) is not None


def build_candidates(ctx: Context) -> tuple[Candidate, ...]:
    """All candidate spans of a document, non-overlapping, sorted by offset."""
    # A run inside brackets or quotes is a name or a gloss ("부락제(部落祭)"): no seed.
    seeds: list[tuple[int, int]] = [(r.start, r.end) for r in ctx.runs
                                    if not enclosed(ctx.text, r.start, r.end)]
    seeds += [(h.start, h.end) for h in ctx.hits]
    seeds += [(lu.start, lu.end) for lu in ctx.lures]
    if not seeds:
        return ()
    seeds.sort()
    # Cluster seeds that touch or sit a few neutral words apart on one line.
    clusters: list[list[int]] = []
    for s, e in seeds:
        if clusters and (s <= clusters[-1][1] or _gap_ok(ctx, clusters[-1][1], s)):
            clusters[-1][1] = max(clusters[-1][1], e)
        else:
            clusters.append([s, e])
    out = []
    for s, e in clusters:
        ss, se = ctx.sentence_of(s)
        s, e = _grow(ctx, s, e, ss, max(se, e))
        widened = False
        sent_letters = letter_count(ctx.text[ss:se])
        if sent_letters and s >= ss and e <= se + 1:
            share = letter_count(ctx.text[s:e]) / sent_letters
            rest = ctx.text[ss:s] + " " + ctx.text[e:se]
            # Never widen across a change of script: "slot gacor maxwin本场比赛..." is
            # Latin spam glued to a Chinese sentence, not one sentence of spam.
            if (share >= SENTENCE_SHARE and (s, e) != (ss, se)
                    and dominant_script(rest) in ("", dominant_script(ctx.text[s:e]))):
                s, e, widened = ss, se, True
        out.append(_make(ctx, s, e, widened))
    return tuple(_merge(ctx, out))


def _make(ctx: Context, s: int, e: int, widened: bool) -> Candidate:
    return Candidate(
        start=s,
        end=e,
        runs=tuple(r for r in ctx.runs if r.start < e and r.end > s),
        hits=tuple(h for h in ctx.hits if h.start < e and h.end > s),
        lures=tuple(lu for lu in ctx.lures if lu.start < e and lu.end > s),
        widened=widened,
    )


def _merge(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    cands.sort(key=lambda c: (c.start, -c.end))
    out: list[Candidate] = []
    for c in cands:
        if out and c.start < out[-1].end:
            prev = out.pop()
            c = _make(ctx, prev.start, max(prev.end, c.end), prev.widened or c.widened)
        out.append(c)
    return out
