"""Fold text for matching while keeping a map back to the original characters.

Spammers dodge keyword filters with zero-width characters (``via\u200bgra``),
full-width forms (``ｖｉａｇｒａ``), Cyrillic look-alikes inside Latin words
(``vіagra`` with a Cyrillic ``і``), spaced-out letters (``v i a g r a``,
``威 尼 斯 人``) and odd casing.  Rules match on the folded text; every match is
mapped back through :attr:`Folded.index` so flags and cuts always point at the
original characters, obfuscation included.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# Characters that render as nothing: deleted before matching.
_INVISIBLE = "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f" \
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_INVISIBLE_SET = frozenset(_INVISIBLE)

# Cyrillic and Greek letters that look like Latin ones.  Applied only inside words
# that mix them with Latin letters, so real Russian or Greek text is never folded.
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
    "С": "c", "Т": "t", "Х": "x", "У": "y", "І": "i",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k",
})
_MIXED_WORD_RE = re.compile(
    r"\b(?=\w*[A-Za-z])(?=\w*[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f])\w+\b"
)

# Full-width ASCII (U+FF01-FF5E) to ASCII, and the ideographic space to a space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Only full-width letters, digits and URL/handle characters matter for matching;
# full-width punctuation (，：) is everywhere in CJK text and stays as it is.
_WIDE_RE = re.compile("[\uff10-\uff19\uff20-\uff3a\uff41-\uff5a]+")
# One scan tells whether either rare kind occurs.  (A search for a class with "+"
# is five times slower in ``re`` than for the bare class: no fast prefix scan.)
_RARE_RE = re.compile(f"[\uff10-\uff19\uff20-\uff3a\uff41-\uff5a{_INVISIBLE}]")
_CYR_GREEK_RE = re.compile("[\u0370-\u03ff\u0400-\u052f]")

# Four or more single letters separated by single spaces or dots: "v i a g r a",
# "威 尼 斯 人".  The separators are dropped before matching.
# Letters only: spaced digits ("1 2 3 4") are phone numbers or tables, not words.
_L = r"[^\W\d_]"
# The hints start with a literal separator so the engine can skip ahead quickly
# (a leading class costs ``re`` a full match attempt at every position).
_SPACED_HINT_RES = tuple(
    re.compile(rf"{re.escape(sep)}{_L}{re.escape(sep)}{_L}{re.escape(sep)}{_L}(?!\w)")
    for sep in " .·*_-"
)
_SPACED_RE = re.compile(rf"(?<!\w)(?:{_L}[ .·*_\-]){{3,}}{_L}(?!\w)")
_SPACED_SEP_RE = re.compile(r"[ .·*_\-]")


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text plus ``index``: folded position -> original position.

    ``index`` is None when folding kept every character in place (the common
    case), so positions are the same in both texts.
    """

    text: str
    index: tuple[int, ...] | None
    source_len: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded half-open range back to the original text."""
        if self.index is None:
            return start, end
        if start >= len(self.index):
            return self.source_len, self.source_len
        s = self.index[start]
        e = self.index[end - 1] + 1 if end > start else s
        return s, e

    def from_source(self, pos: int) -> int:
        """Map an original position to the first folded position at or after it."""
        if self.index is None:
            return pos
        return bisect_left(self.index, pos)


def _case_fold(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # Turkish dotted capital I lower-cases to two characters ("i" and a combining
    # dot); plain "i" keeps lengths aligned and is what a Turkish term has.
    low = text.replace("\u0130", "i").lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# "X[X]*" rather than "X+": ``re`` scans for a leading class quickly, not a repeat.
_LATIN_RUN_RE = re.compile(r"[a-z][a-z]*")
_CYR_GREEK_RUN_RE = re.compile("[\u0370-\u03ff\u0400-\u052f][\u0370-\u03ff\u0400-\u052f]*")
_MANY_RUNS = 300


def _has_mixed_word(text: str) -> bool:
    """Cheap check for a Latin letter touching a Cyrillic/Greek one (text is lower-case).

    It walks the runs of whichever script is rarer, so Russian and English text
    both cost one fast scan.
    """
    if not _CYR_GREEK_RE.search(text):
        return False
    n = len(text)
    for count, m in enumerate(_LATIN_RUN_RE.finditer(text)):
        if count >= _MANY_RUNS:
            break  # Latin is common here: walk the Cyrillic/Greek runs instead
        s, e = m.span()
        if (s > 0 and _CYR_GREEK_RE.match(text, s - 1)) or (e < n and _CYR_GREEK_RE.match(text, e)):
            return True
    else:
        return False
    for m in _CYR_GREEK_RUN_RE.finditer(text):
        s, e = m.span()
        if (s > 0 and _LATIN_RUN_RE.match(text, s - 1)) or (e < n and _LATIN_RUN_RE.match(text, e)):
            return True
    return False


def fold(text: str, scripts: Container[str] | None = None) -> Folded:
    """Fold ``text`` for matching: case, width, invisible characters, look-alikes.

    ``scripts``, the script codes of the letters in ``text`` (see
    :func:`cleantext.scripts.profile`) when the caller has them, lets look-alike
    folding be skipped in text with no Cyrillic or Greek letter.

    >>> f = fold("Buy ｖｉａ\\u200bｇｒａ now")
    >>> f.text
    'buy viagra now'
    >>> f.to_source(4, 10)
    (4, 11)
    """
    # Only the runs of full-width letters and digits are translated: CJK text is full
    # of full-width punctuation, and translating every character is slow.
    ascii_only = text.isascii()  # O(1) in CPython: most checks below are then moot
    rare = not ascii_only and _RARE_RE.search(text) is not None
    if rare and _WIDE_RE.search(text):
        folded = _WIDE_RE.sub(lambda m: m.group().translate(_FULLWIDTH), text)
    else:
        folded = text
    folded = _case_fold(folded)
    index: list[int] | None = None
    # 1. Invisible characters go first, so "v i \u200ba g r a" is evenly spaced.
    if rare and _INVISIBLE_RE.search(folded):
        index = [i for i, c in enumerate(folded) if c not in _INVISIBLE_SET]
        folded = "".join(folded[i] for i in index)
    # 2. Spaced-out letters are joined: "v i a g r a", "威 尼 斯 人".
    if any(h.search(folded) for h in _SPACED_HINT_RES):
        drop = set()
        for m in _SPACED_RE.finditer(folded):
            drop.update(m.start() + s.start() for s in _SPACED_SEP_RE.finditer(m.group()))
        if drop:
            keep = [i for i in range(len(folded)) if i not in drop]
            index = keep if index is None else [index[i] for i in keep]
            folded = "".join(folded[i] for i in keep)
    # 3. Look-alikes, in words that mix scripts once joined ("vіаgrа" with Cyrillic).
    if (not ascii_only and (scripts is None or "C" in scripts or "R" in scripts)
            and _has_mixed_word(folded) and _MIXED_WORD_RE.search(folded)):
        folded = _MIXED_WORD_RE.sub(lambda m: m.group().translate(_HOMOGLYPHS), folded)
    return Folded(folded, None if index is None else tuple(index), len(text))


def leftmost_longest(found: list[tuple[int, int, T]]) -> Iterator[tuple[int, int, T]]:
    """Keep the leftmost, then longest, of overlapping matches ``(start, end, value)``.

    >>> list(leftmost_longest([(0, 2, "a"), (0, 4, "b"), (3, 5, "c"), (4, 6, "d")]))
    [(0, 4, 'b'), (4, 6, 'd')]
    """
    last = -1
    for start, end, value in sorted(found, key=lambda m: (m[0], -m[1])):
        if start >= last:
            last = end
            yield start, end, value


def nfkc_key(text: str) -> str:
    """A normalised key for comparing repeated strings."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class _PyMatcher:
    """pyahocorasick (C) behind the ahocorasick-rs call that ``find_matches`` makes."""

    def __init__(self, words: Sequence[str]) -> None:
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        for i, w in enumerate(words):
            self._auto.add_word(w, (i, len(w)))
        self._auto.make_automaton()

    def find_matches_as_indexes(self, text: str, overlapping: bool = True) -> list[
            tuple[int, int, int]]:
        return [(i, end - n + 1, end + 1) for end, (i, n) in self._auto.iter(text)]


def build_matcher(words: Sequence[str]) -> Any:
    """An Aho-Corasick automaton over ``words`` (each distinct) for ``find_matches``.

    ahocorasick-rs (Rust, the ``fast`` extra) when installed: 2x faster than
    pyahocorasick on English text and 5x on Chinese.  Otherwise pyahocorasick (C),
    which installs everywhere, offline mirrors included.  Both find the same matches.

    >>> find_matches(build_matcher(["ab", "b"]), "xab")
    [(0, 1, 3), (1, 2, 3)]
    """
    try:
        import ahocorasick_rs
    except ImportError:
        return _PyMatcher(words)
    return ahocorasick_rs.AhoCorasick(list(words))


def find_matches(automaton: Any, text: str) -> list[tuple[int, int, int]]:
    """``(pattern index, start, end)`` of every (overlapping) match of a
    :func:`build_matcher` automaton in ``text``.  Lone surrogates (which UTF-8 cannot
    carry to the Rust matcher) are replaced by U+FFFD first; offsets stay the same."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:
        return automaton.find_matches_as_indexes(_SURROGATE_RE.sub("\ufffd", text),
                                                 overlapping=True)
