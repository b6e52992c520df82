"""Document -> structure and anchors: lines, sentences, script runs, lexicon and lure hits.

Everything here is computed once per document and shared by all rules through
:class:`Context`.  Offsets are into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from typing import Any

from .lexicon import Hit, Lexicon
from .lures import Lure, find_lures
from .normalize import Folded, fold
from .scripts import Run, ScriptProfile, foreign_runs, profile

# A sentence ends at . ! ? (and their full-width forms) followed by space, or right
# after 。！？ which need no space.
_SENT_END_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*[ \t]+|[\u3002\uff01\uff1f]+")


class Context:
    """Document-level facts every rule may read.

    Anchors (script runs, lexicon hits, lures) are computed up front because they
    decide whether there is anything to look at; lines and sentences are computed
    on first use, which clean documents never reach.
    """

    def __init__(self, text: str, folded: Folded, prof: ScriptProfile, runs: tuple[Run, ...],
                 hits: tuple[Hit, ...], lures: tuple[Lure, ...],
                 lexicon: Lexicon | None = None) -> None:
        self.text = text
        self.lexicon = lexicon  # the lexicon the hits came from (for rules that look up more)
        self.folded = folded
        self.profile = prof
        self.runs = runs
        self.hits = hits
        self.lures = lures
        self._line_sentences: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}
        # Per-document cache for rules (counts they would otherwise recompute).
        self.memo: dict[str, Any] = {}

    @cached_property
    def lines(self) -> tuple[tuple[int, int], ...]:
        """Line spans without their line breaks."""
        return split_lines(self.text)

    @cached_property
    def reporting(self) -> frozenset[str]:
        """Words of news reporting (police, regulator, 警方...) in the document."""
        from .topic import reporting_words

        return reporting_words(self.folded)

    def enclosed(self, start: int, end: int) -> bool:
        """:func:`surroundings.enclosed` of a span, computed once per span (rules, the
        decision and the model all ask)."""
        from .surroundings import enclosed

        memo: dict[tuple[int, int], bool] = self.memo.setdefault("enclosed", {})
        key = (start, end)
        if key not in memo:
            memo[key] = enclosed(self.text, start, end)
        return memo[key]

    def line_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.lines, (pos, len(self.text) + 1)) - 1
        return self.lines[max(i, 0)]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos``; only that line is split (and cached)."""
        line = self.line_of(pos)
        sents = self._line_sentences.get(line)
        if sents is None:
            sents = self._line_sentences[line] = split_sentences(self.text, (line,))
        i = bisect_right(sents, (pos, len(self.text) + 1)) - 1
        return sents[max(i, 0)]


def split_lines(text: str) -> tuple[tuple[int, int], ...]:
    """Line spans without their line breaks (a trailing '\\r' stays out too)."""
    parts = text.split("\n")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()  # a final line break does not start another line
    out = []
    pos = 0
    for part in parts:
        end = pos + len(part)
        out.append((pos, end - 1 if part.endswith("\r") else end))
        pos = end + 1
    return tuple(out) or ((0, 0),)


def split_sentences(text: str, lines: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Sentence spans inside each line (trailing spaces excluded)."""
    out = []
    for ls, le in lines:
        start = ls
        for m in _SENT_END_RE.finditer(text, ls, le):
            # The sentence keeps its closing punctuation; the spaces after it go.
            stop = m.end()
            while stop > m.start() and text[stop - 1] in " \t":
                stop -= 1
            if stop > start:
                out.append((start, stop))
            start = m.end()
            while start < le and text[start] in " \t\u3000":
                start += 1
        if le > start:
            out.append((start, le))
    return tuple(out) or ((0, 0),)


def analyse(text: str, lexicon: Lexicon) -> Context:
    """Build the :class:`Context` of one document."""
    prof = profile(text)
    scripts = [c for c, _ in prof.counts]
    folded = fold(text, scripts)
    hits, triggers = lexicon.scan(folded, scripts or None)
    return Context(text, folded, prof, tuple(foreign_runs(text, prof)), tuple(hits),
                   tuple(find_lures(folded, triggers if lexicon.triggers else None)), lexicon)


_PREV_WORD_RE = re.compile(r"([^\W\d_]+)[ \t]+$")
_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_]+)|[ \t]*[,;:).!?\"'\u201d\u2019\u00bb-]")


def _title(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1:].islower()


def is_name(text: str, hit: Hit) -> bool:
    """A weak one-word term written as (part of) a name inside a sentence: "bà Loan
    lại", "của Đài Loan ," (Taiwan in Vietnamese), "a Ford Escort and".  Capitalised,
    after a lower-case word (or a chain of up to two capitalised words that follows
    one) and before a lower-case word or punctuation.  An ad is a phrase, not a
    capitalised word in running prose.

    >>> from cleantext.lexicon import Entry
    >>> e = Entry("loan", "en", "loans", "weak")
    >>> def name(t, w="Loan"):
    ...     return is_name(t, Hit(t.index(w), t.index(w) + len(w), e))
    >>> name("Chưa bao giờ mẹ con bà Loan lại tranh luận."), name("hàng của Đài Loan , phần")
    (True, True)
    >>> name("Quick cash. Loan approved in minutes"), name("Best Loan Offers Today now")
    (False, False)
    """
    if hit.entry.strength != "weak" or " " in hit.entry.term:
        return False
    if not _title(text[hit.start : hit.end]):
        return False
    nxt = _NEXT_WORD_RE.match(text, hit.end)
    if nxt is None or (nxt.group(1) is not None and not nxt.group(1)[0].islower()):
        return False
    pos = hit.start
    for _ in range(3):
        prev = _PREV_WORD_RE.search(text, max(0, pos - 40), pos)
        if prev is None:
            return False
        word = prev.group(1)
        if word[0].islower():
            return True
        if not _title(word):
            return False
        pos = prev.start()
    return False
