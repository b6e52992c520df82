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

import numpy as np

from . import native

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
_WIDE_RANGES = ((0xFF10, 0xFF19), (0xFF20, 0xFF3A), (0xFF41, 0xFF5A))
_WIDE_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _WIDE_RANGES)
_WIDE_RE = re.compile(f"[{_WIDE_CLASS}]+")
# One scan tells whether either rare kind occurs.  (A search for a class with "+"
# is five times slower in ``re`` than for the bare class: no fast prefix scan.)
_RARE_RE = re.compile(f"[{_WIDE_CLASS}{_INVISIBLE}]")
# The same characters spelled out, for the compiled search (``native``).
_RARE_CHARS = "".join(chr(c) for lo, hi in _WIDE_RANGES for c in range(lo, hi + 1)) + _INVISIBLE
_CYR_GREEK_RE = re.compile("[\u0370-\u03ff\u0400-\u052f]")

# Four or more single letters separated by single spaces or dots: "v i a g r a",
# "威 尼 斯 人".  The separators are dropped before matching.
# Letters only: spaced digits ("1 2 3 4") are phone numbers or tables, not words.
_L = r"[^\W\d_]"
_SPACED_SEPS = " .·*_-"
# The hints start with a literal separator so the engine can skip ahead quickly
# (a leading class costs ``re`` a full match attempt at every position).
_SPACED_HINT_RES = tuple(
    re.compile(rf"{re.escape(sep)}{_L}{re.escape(sep)}{_L}{re.escape(sep)}{_L}(?!\w)")
    for sep in _SPACED_SEPS
)
_SPACED_SEP_RE = re.compile(f"[{re.escape(_SPACED_SEPS)}]")
_SPACED_RE = re.compile(rf"(?<!\w)(?:{_L}{_SPACED_SEP_RE.pattern}){{3,}}{_L}(?!\w)")


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
    fast = native.speedups
    if ascii_only:
        rare = False
    elif fast is not None:
        rare = fast.contains_any(text, _RARE_CHARS)
    else:
        rare = _RARE_RE.search(text) is not None
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
    if (fast.spaced_hint(folded, _SPACED_SEPS) if fast is not None
            else any(h.search(folded) for h in _SPACED_HINT_RES)):
        drop = set()
        for m in _SPACED_RE.finditer(folded):
            drop.update(m.start() + s.start() for s in _SPACED_SEP_RE.finditer(m.group()))
        if drop:
            cuts = sorted(drop)
            keep = np.delete(np.arange(len(folded)), cuts)
            index = (keep if index is None else np.asarray(index)[keep]).tolist()
            folded = "".join(folded[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(folded)]))
    # 3. Look-alikes, in words that mix scripts once joined ("vіаgrа" with Cyrillic).
    if (not ascii_only and (scripts is None or "C" in scripts or "R" in scripts)
            and (fast.latin_touches_cyrillic_greek(folded) if fast is not None
                 else _has_mixed_word(folded))
            and _MIXED_WORD_RE.search(folded)):
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


# -- multi-pattern matching ----------------------------------------------------------------
# Odd 32-bit multipliers, one per position in an anchor (at most six characters).
_ANCHOR_MULT = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646D)
_ANCHOR_MULT_NP = tuple(np.uint32(m) for m in _ANCHOR_MULT)
# Letters by how often they occur in Latin-script text (space first).  An anchor is
# the slice of a word with the fewest common letters: "viag" of "comprar viagra"
# occurs far less often than "comp".  Other letters count as rare.
_COMMON_LETTERS = " etaoinsrhldcumfpgwybvk"
_COMMONNESS = {c: len(_COMMON_LETTERS) - i for i, c in enumerate(_COMMON_LETTERS)}


def _anchor(word: str) -> tuple[int, str]:
    """The offset and text of ``word``'s anchor: its slice of 1, 2, 4 or 6 characters
    (the longest its length allows) with the fewest common letters, leftmost on ties."""
    k = 6 if len(word) >= 6 else 4 if len(word) >= 4 else min(2, len(word))
    common = [_COMMONNESS.get(c, 0) for c in word]
    total = sum(common[:k])
    best, off = total, 0
    for o in range(1, len(word) - k + 1):
        total += common[o + k - 1] - common[o - 1]
        if total < best:
            best, off = total, o
    return off, word[off : off + k]


class Matcher:
    """Every occurrence of many words in a text: a hashed-anchor filter, vectorised.

    Each word is represented by one anchor, a slice of 1, 2, 4 or 6 of its
    characters.  A pass over the text hashes every slice of those lengths at once
    (numpy: a few array multiplications over the code points), looks each hash up
    in a table of the anchors' hashes, and checks the few positions that hit against
    the words behind them with ``str.startswith``.  Every occurrence is found (its
    anchor is in the text, so its hash is in the table) and only occurrences are
    returned (each is checked in full); a hash collision costs one failed check.

    The pass runs in C when the compiled loops are built (:mod:`cleantext.native`;
    the same tables, a bit per slot; the checks too) and in numpy otherwise: about
    9 and 37 ns per character for all 3,100 words of the lexicon, the checks
    included.  (It replaced pyahocorasick automata, whose trie walk cost 35 ns per
    character of Latin text and 130 of Chinese.)  ``compiled=False`` forces numpy.

    >>> m = Matcher(["ab", "b", "casino online"])
    >>> sorted(m.find_matches_as_indexes("xab casino online"))
    [(0, 1, 3), (1, 2, 3), (2, 4, 17)]
    """

    def __init__(self, words: Sequence[str], compiled: bool | None = None) -> None:
        self.words = tuple(words)
        bits = max(10, min(20, (64 * len(self.words)).bit_length()))
        self._shift = np.uint32(32 - bits)
        tables: dict[int, np.ndarray] = {}
        # anchor -> (word index, anchor's offset in the word, word)
        self._anchors: dict[str, list[tuple[int, int, str]]] = {}
        for idx, word in enumerate(self.words):
            if not word:
                continue
            off, anchor = _anchor(word)
            k = len(anchor)
            self._anchors.setdefault(anchor, []).append((idx, off, word))
            h = sum(ord(c) * m for c, m in zip(anchor, _ANCHOR_MULT)) & 0xFFFFFFFF
            if k not in tables:
                tables[k] = np.zeros(1 << bits, dtype=bool)
            tables[k][h >> (32 - bits)] = True
        self._steps = sorted(tables.items())
        # The compiled filter (``native``) takes the same tables, a bit per slot.
        if compiled and native.speedups is None:
            msg = "the compiled loops (cleantext._speedups) are not built"
            raise RuntimeError(msg)
        self._native = None if compiled is False else native.speedups
        self._bits = tuple((k, np.packbits(table, bitorder="little").tobytes())
                           for k, table in self._steps)

    def find_matches_as_indexes(self, text: str, overlapping: bool = True) -> list[
            tuple[int, int, int]]:
        """``(word index, start, end)`` of every occurrence, in no particular order
        (the call and its ``overlapping`` flag are ahocorasick-rs's)."""
        if not self._steps or not text:
            return []
        if self._native is not None:  # the same search, the checks included, in C
            matches: list[tuple[int, int, int]] = self._native.anchor_matches(
                text, int(self._shift), self._bits, self._anchors)
            return matches
        positions: Sequence[Sequence[int]]
        if len(text) < _SHORT_TEXT:
            positions = self._every_position(text)
        else:
            positions = self._positions(text)
        out = []
        anchors = self._anchors
        for (k, _), found in zip(self._steps, positions):
            for q in found:
                for idx, off, word in anchors.get(text[q : q + k], ()):
                    s = q - off
                    if s >= 0 and text.startswith(word, s):
                        out.append((idx, s, s + len(word)))
        return out

    def _positions(self, text: str) -> list[list[int]]:
        """Per anchor length, the positions whose slice hashes into the table."""
        n = len(text)
        if text.isascii():
            cps = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
        else:
            cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        mult = _ANCHOR_MULT_NP
        # (In place, into two buffers: fresh temporaries cost more than the arithmetic.)
        h = np.multiply(cps, mult[0], dtype=np.uint32)  # hashes of the `done`-character slices
        tmp = np.empty(n, dtype=np.uint32)
        slot = np.empty(n, dtype=np.intp)  # (``take`` converts any other index type first)
        hit = np.empty(n, dtype=bool)
        done = 1
        out: list[list[int]] = []
        shift = self._shift
        for k, table in self._steps:
            m = n - k + 1
            if m <= 0:
                break
            if done < k:
                h = h[:m]
                for j in range(done, k):
                    np.multiply(cps[j : j + m], mult[j], out=tmp[:m])
                    h += tmp[:m]
                done = k
            np.right_shift(h, shift, out=slot[:m])
            table.take(slot[:m], out=hit[:m])
            out.append(hit[:m].nonzero()[0].tolist())
        return out

    def _every_position(self, text: str) -> list[range]:
        """Every position, for a short text (an HTML element's) in numpy mode: below
        _SHORT_TEXT characters, numpy's setup costs more than looking every slice up."""
        return [range(len(text) - k + 1) for k, _ in self._steps]


_SHORT_TEXT = 80


def build_matcher(words: Sequence[str]) -> Any:
    """A matcher over ``words`` (each distinct) for ``find_matches``.

    A :class:`Matcher` with the compiled loops when they are built (the fastest:
    38 µs per article against 85 for ahocorasick-rs and 158 in numpy); otherwise
    ahocorasick-rs (Rust, the ``fast`` extra) when installed, and a numpy
    :class:`Matcher` when not.  All find the same matches.

    >>> sorted(find_matches(build_matcher(["ab", "b"]), "xab"))
    [(0, 1, 3), (1, 2, 3)]
    """
    if native.speedups is not None:
        return Matcher(words)
    try:
        import ahocorasick_rs
    except ImportError:
        return Matcher(words)
    return ahocorasick_rs.AhoCorasick(list(words))


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def find_matches(matcher: Any, text: str) -> list[tuple[int, int, int]]:
    """``(word index, start, end)`` of every (overlapping) occurrence of a
    :func:`build_matcher` word in ``text``, in no particular order.  Lone surrogates
    (which UTF-8 cannot carry to the Rust matcher) are replaced by U+FFFD for it;
    offsets stay the same."""
    try:
        return matcher.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:
        return matcher.find_matches_as_indexes(_SURROGATE_RE.sub("\ufffd", text),
                                               overlapping=True)
