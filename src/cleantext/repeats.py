"""Keyword stuffing without keywords: one fragment pasted at the start of three
or more paragraphs or sentences.

Stuffing pastes the same ad line before paragraph after paragraph, a brand no
lexicon knows ("折刀砍刀军品网腾讯客服电话") or a phrase around a spam term
("Bitcoin verdoppeln in 24 Stunden – bitgewinn-x2 Die Gemeinde ...").  Its copies
share a start but not a continuation: each is glued to a different sentence.
Sorting the first characters of every line and sentence brings such copies next
to each other, and their common prefix is the pasted text.

Articles open sentences alike too ("The Dow", "フランスでは", "据新华社北京消息"),
so a repeat is only a place to look: with no other evidence its candidate is
removed only when the classifier is sure (``DecisionConfig.repeat_min_p``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from .scripts import UNSPACED, dominant_script, letter_count
from .segment import Context

# Copies needed, and how much of each segment start is compared.  A fragment at the
# start of more than MAX_COPIES segments is a template's (a forum's signature, a
# document pasted twice), and a document gets at most MAX_SPANS such spans: the
# candidates they make cost a classifier call each.
MIN_COPIES = 3
MAX_COPIES = 40
MAX_SPANS = 120
WINDOW = 60
# A pasted fragment has this many letters (unspaced scripts) or words (spaced).
MIN_UNSPACED_LETTERS = 5
MIN_WORDS = 2
# Copies compare on their first KEY characters first; a key must start at least
# MIN_LINE_COPIES lines.
KEY = 5
MIN_LINE_COPIES = 2
_STOPS = "\u3002\uff01\uff1f.!?;\uff1b"
_TRIM = " \t\u3000,\uff0c\u3001:\uff1a-\u2013\u2014|/\u00b7"
_WORD_RE = re.compile(r"[^\W\d_]+")


def pasted_repeats(ctx: Context) -> tuple[tuple[int, int], ...]:
    """Spans of a fragment that starts three or more lines or sentences, sorted.

    >>> from cleantext.lexicon import Lexicon
    >>> from cleantext.segment import analyse
    >>> text = ("军刀直销网科学家发现了新的物种。\\n军刀直销网城墙始建于明代。\\n"
    ...         "河水自西向东流。军刀直销网该镇人口约八百人。")
    >>> [text[s:e] for s, e in pasted_repeats(analyse(text, Lexicon([])))]
    ['军刀直销网', '军刀直销网', '军刀直销网']
    """
    memo: tuple[tuple[int, int], ...] | None = ctx.memo.get("repeats")
    if memo is not None:
        return memo
    ctx.memo["repeats"] = found = tuple(_find(ctx))
    return found


def _windows(ctx: Context) -> list[tuple[str, int]]:
    """The first WINDOW characters (within the line) of every segment that starts
    with the same KEY characters as two or more lines do.

    Pasted text goes before paragraphs: a key that starts fewer than two lines is
    not looked for.  Lines are split in C and their keys counted, so most documents
    stop there; the copies of a repeated key are then found anywhere it starts a
    segment (a line, or a sentence after its end).
    """
    text = ctx.text
    # (Lines starting with a sign or a space are bullets, rules and indents.)
    keys = [line[:KEY] for line in text.split("\n") if len(line) >= KEY and line[0].isalnum()]
    if len(set(keys)) == len(keys):  # the common case: no two lines start alike
        return []
    out = []
    for key in [k for k, n in Counter(keys).items() if n >= MIN_LINE_COPIES]:
        # Table rows and bullets ("| 200", "- The") start alike and hold few letters.
        if sum(map(str.isalpha, key)) < KEY - 1:
            continue
        at = text.find(key)
        found = 0
        while at >= 0 and found <= MAX_COPIES:
            if _segment_start(text, at):
                found += 1
                window = text[at : at + WINDOW]
                cut = window.find("\n")
                out.append((window if cut < 0 else window[:cut], at))
            at = text.find(key, at + KEY)
    return out


def _segment_start(text: str, at: int) -> bool:
    """``at`` starts a line (after its indent) or a sentence."""
    i = at
    while i > 0 and text[i - 1] in " \t\u3000":
        i -= 1
    if i == 0 or text[i - 1] in "\n\u3002\uff01\uff1f":
        return True
    j = i
    while j > 0 and text[j - 1] in "\"'\u201d)]" and i - j < 2:
        j -= 1
    return i < at and j > 0 and text[j - 1] in ".!?"


def _find(ctx: Context) -> list[tuple[int, int]]:
    text = ctx.text
    windows = _windows(ctx)
    if len(windows) < MIN_COPIES:
        return []
    windows.sort()
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(windows):
        # The longest group of neighbours sharing a prefix of MIN letters or more.
        j, common = i + 1, len(windows[i][0])
        while j < len(windows):
            n = _common_prefix(windows[j - 1][0], windows[j][0])
            if n < 4 or (n < 16 and letter_count(windows[i][0][:n]) < 4):
                break
            common = min(common, n)
            j += 1
        if MIN_COPIES <= j - i <= MAX_COPIES and len(out) + j - i <= MAX_SPANS:
            group = [s for _, s in windows[i:j]]
            length = _fragment_length(text, group, common)
            if length and _glued(text, group, length):
                out += [(s, s + length) for s in group]
        i = max(j, i + 1)
    return sorted(out)


# Particles and function words that carry a sentence on from its subject
# ("グーテンベルクの", "オランダは", "该镇的"): what follows them is grammar, not a
# pasted prefix's seam.
_PARTICLES = frozenset("はがのをにでともへやか的是在于和与为了及或将被把对从")


def _glued(text: str, starts: list[int], length: int) -> bool:
    """Two thirds of the copies run straight into different text, as pasted prefixes
    do: the line ends after them, or a capital starts a new sentence, or (Chinese,
    Japanese, Thai: no case, no spaces) a letter follows with no punctuation.  An
    article's own openings go on with a comma ("据新华社北京消息，"), in lowercase
    ("The company said that") or with a particle ("オランダは")."""
    glued = 0
    for s in starts:
        after = text[s + length : s + length + 2]
        first = after[:1]
        if (not first or first in "\r\n"
                or (first in " \t" and after[1:2].isupper())
                or (first.isalpha() and not first.isupper() and not first.islower()
                    and first not in _PARTICLES)):
            glued += 1
    return 3 * glued >= 2 * len(starts)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix of ``a`` and ``b`` (by halving: a few slice
    comparisons in C instead of a loop per character).

    >>> _common_prefix("abcdef", "abcxyz"), _common_prefix("ab", "ab"), _common_prefix("a", "b")
    (3, 2, 0)
    """
    if a == b:  # a template's lines, or a document pasted twice
        return len(a)
    lo, hi = 0, min(len(a), len(b))  # a[:lo] == b[:lo]; a[:hi + 1] != b[:hi + 1]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _fragment_length(text: str, starts: list[int], common: int) -> int:
    """The pasted fragment's length, or 0 when the shared start is no fragment."""
    first = starts[0]
    frag = text[first : first + common]
    # A sentence's own ending inside it: a repeated sentence, not a fragment.
    cut = min((frag.find(c) for c in _STOPS if c in frag), default=-1)
    if cut >= 0:
        frag = frag[:cut]
    unspaced = dominant_script(frag) in UNSPACED
    # Words are whole: cut a shared partial word ("The cas|ino" vs "The cas|ual").
    if not unspaced and " " in frag and any(
        s + len(frag) < len(text) and text[s + len(frag)].isalnum() for s in starts
    ):
        frag = frag[: frag.rstrip().rfind(" ")]
    frag = frag.rstrip(_TRIM)
    if not frag or any(text[s + len(frag) : s + len(frag) + 1] in (":", "\uff1a") for s in starts):
        return 0  # "Photo:", "来源：": labels
    if unspaced:
        return len(frag) if letter_count(frag) >= MIN_UNSPACED_LETTERS else 0
    return len(frag) if len(_WORD_RE.findall(frag)) >= MIN_WORDS else 0


def overlaps_repeat(ctx: Context, start: int, end: int) -> bool:
    """True when [start, end) overlaps one of :func:`pasted_repeats`."""
    spans = pasted_repeats(ctx)
    if not spans:
        return False
    i = bisect_right(spans, (end, end)) - 1
    # Spans do not nest or overlap much: look back over the few that start before end.
    while i >= 0 and spans[i][0] < end:
        if spans[i][1] > start:
            return True
        if spans[i][1] <= start and spans[i][0] < start - WINDOW:
            return False
        i -= 1
    return False
