"""The spam lexicon: our own list of terms typical of injected ads.

The data lives in ``data/lexicon.tsv`` (``term, lang, category, strength``; see the
header of that file).  Terms of spaced scripts match on word boundaries; terms of
unspaced scripts (Han, Kana, Thai, ...) and Hangul (particles glue to nouns) match
as substrings.  Matching runs on folded text (see :mod:`cleantext.normalize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError
from .lures import TRIGGER_WORDS
from .normalize import Folded, build_matcher, find_matches, leftmost_longest
from .scripts import dominant_script

CATEGORIES = frozenset({
    "escort", "porn", "gambling", "pharma", "replica", "loans", "fake-docs", "illegal-goods", "seo",
    "crypto-scam", "lure",
})
STRENGTHS = frozenset({"strong", "weak"})


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    lang: str
    category: str
    strength: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon match, in original-text offsets."""

    start: int
    end: int
    entry: Entry


def parse_lexicon(lines: Iterable[str], source: str = "lexicon.tsv") -> tuple[Entry, ...]:
    """Parse lexicon lines; raise InputError naming the line on a malformed entry."""
    entries: dict[tuple[str, str], Entry] = {}
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            msg = f"{source}:{lineno}: expected 4 tab-separated columns, got {len(parts)}"
            raise InputError(msg)
        term, lang, category, strength = (p.strip() for p in parts)
        if category not in CATEGORIES or strength not in STRENGTHS:
            msg = (f"{source}:{lineno}: unknown category {category!r} or strength "
                   f"{strength!r}; categories: {', '.join(sorted(CATEGORIES))}")
            raise InputError(msg)
        term = term.lower()
        if term:
            entries[(term, lang)] = Entry(term, lang, category, strength)
    return tuple(entries.values())


def _is_word(ch: str) -> bool:
    """A letter of a spaced script (or ``_``): what a spaced term may not touch.

    Digits glued to a word ("casino888", "88casino") still leave a boundary: spam
    site names glue numbers on, and no real word ends in digits.  Han, Kana, Thai
    and Hangul letters leave one too: Chinese ad copy glues Latin words straight on
    ("上海casino", "买k粉").
    """
    return (ch.isalpha() or ch == "_") and not (
        "\u2e80" <= ch <= "\ua4cf" or "\uac00" <= ch <= "\ud7af" or "\u0e00" <= ch <= "\u0e7f"
        or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"
    )


def _wide(ch: str) -> bool:
    return ch.isalpha() and not _is_word(ch)


# The ranges of _is_word's unspaced scripts, to find their letters in a term at once.
_UNSPACED_CHAR_RE = re.compile(
    "[\u2e80-\ua4cf\uac00-\ud7af\u0e00-\u0e7f\uf900-\ufaff\U00020000-\U0010ffff]")


def _wide_letters(term: str) -> str:
    """The letters of unspaced scripts in ``term`` (what :func:`_wide` accepts)."""
    if term.isascii():
        return ""
    return "".join(c for c in _UNSPACED_CHAR_RE.findall(term) if c.isalpha())


def _edges(term: str) -> tuple[bool, bool]:
    """Whether each end of ``term`` must sit on a word boundary.

    An end that is a Latin (or Cyrillic, Greek, Arabic, ...) letter must; so must a
    digit or a sign at the end of a term of those scripts.  An end in Han, Kana,
    Thai or Hangul must not: those scripts have no word breaks, and Korean
    particles glue onto nouns.  ``k粉`` needs a boundary on its left only.
    """
    wide = bool(_wide_letters(term))
    return (_is_word(term[0]) or (not wide and not term[0].isalpha()),
            _is_word(term[-1]) or (not wide and not term[-1].isalpha()))


class Lexicon:
    """Compiled lexicon: ``find(folded)`` yields leftmost-longest, non-overlapping hits.

    Matching uses one :class:`~cleantext.normalize.Matcher` over every term and
    trigger word: one vectorised pass over the text finds them all, which a regex
    alternation of 3,000 terms cannot do at the speed a crawl needs.  Each term
    belongs to a script (a term with Han letters to Han, ``k粉`` included), and a
    document only matches the terms of scripts it has letters of.
    """

    def __init__(self, entries: Sequence[Entry], triggers: Sequence[str] = ()) -> None:
        self.entries = tuple(entries)
        self.triggers = tuple(triggers)
        by_term: dict[str, Entry] = {}
        langs: dict[str, set[str]] = {}
        for e in self.entries:
            # Prefer the strongest reading of a term listed under several languages.
            old = by_term.get(e.term)
            if old is None or (old.strength == "weak" and e.strength == "strong"):
                by_term[e.term] = e
            langs.setdefault(e.term, set()).add(e.lang)
        for term, e in by_term.items():
            if len(langs[term]) > 1:  # "comprar viagra": es|pt
                by_term[term] = replace(e, lang="|".join(sorted(langs[term])))
        # pattern -> (left boundary, right boundary, entry or None, trigger index or -1)
        patterns: dict[str, tuple[bool, bool, Entry | None, int]] = {
            term: (*_edges(term), e, -1) for term, e in by_term.items()}
        for k, word in enumerate(self.triggers):
            left, right, entry, _ = patterns.get(word, (False, False, None, -1))
            patterns[word] = (left, right, entry, k)
        # pattern index -> (script, left boundary, right boundary, entry, trigger index)
        self._info: list[tuple[str, bool, bool, Entry | None, int]] = []
        for term, (left, right, entry, trigger) in patterns.items():
            wide = _wide_letters(term)
            script = "L" if term.isascii() else dominant_script(wide or term) or "L"
            self._info.append((script, left, right, entry, trigger))
        self._matcher = build_matcher(list(patterns))
        self.scripts = frozenset(script for script, *_ in self._info)

    def find(self, folded: Folded, scripts: Iterable[str] | None = None) -> Iterator[Hit]:
        """Hits in ``folded``; ``scripts`` limits the search to terms of those scripts."""
        return iter(self.scan(folded, scripts)[0])

    def scan(self, folded: Folded, scripts: Iterable[str] | None = None) -> tuple[
            list[Hit], list[tuple[int, int, int]]]:
        """``(hits, trigger matches)`` in one pass per script.

        Trigger matches are ``(index in self.triggers, start, end)`` in folded
        text, overlapping and unfiltered: the lure finder's own first pass
        (:func:`cleantext.lures.find_lures`), which this saves a second scan of the
        document.  A trigger word can only occur in a document with letters of its
        script, so ``scripts`` limits both.
        """
        text = folded.text
        n = len(text)
        found: list[tuple[int, int, Entry]] = []
        triggered: list[tuple[int, int, int]] = []
        wanted = self.scripts if scripts is None else self.scripts.intersection(scripts)
        if not wanted:
            return [], []
        info = self._info
        for k, start, end in find_matches(self._matcher, text):
            script, left, right, entry, trigger = info[k]
            if script not in wanted:
                continue
            if trigger >= 0:
                triggered.append((trigger, start, end))
            if entry is None or (left and start > 0 and _is_word(text[start - 1])):
                continue
            if right and end < n and _is_word(text[end]):
                # English plurals: "payday loans" is the term "payday loan".
                if not (text[end] == "s" and entry.lang == "en"
                        and (end + 1 == n or not _is_word(text[end + 1]))):
                    continue
                end += 1
            found.append((start, end, entry))
        hits = []
        for start, stop, entry in leftmost_longest(found):
            s, e = folded.to_source(start, stop)
            hits.append(Hit(s, e, entry))
        return hits, triggered

    def named_in(self, name: str) -> list[Entry]:
        """Spam terms written into a handle, link or domain ("t.me/slotgacor777" holds
        "slot gacor").  Names glue words together, so terms are compared without
        spaces or signs; only strong terms and multi-word ones of six letters or more
        count (a single weak word such as "casino" names hotels too).
        """
        compact = _COMPACT_RE.sub("", name.lower())
        if len(compact) < _MIN_NAMED:
            return []
        auto, entries = self._named
        return [entries[k] for k, _, _ in find_matches(auto, compact)] if entries else []

    @cached_property
    def _named(self) -> tuple[Any, list[Entry]]:
        seen: dict[str, Entry] = {}
        for e in self.entries:
            if not e.term.isascii() or (e.strength == "weak" and " " not in e.term.strip()):
                continue
            key = _COMPACT_RE.sub("", e.term)
            if len(key) >= _MIN_NAMED and key not in seen:
                seen[key] = e
        if not seen:
            return None, []
        return build_matcher(list(seen)), list(seen.values())

    def __len__(self) -> int:
        return len(self.entries)


_COMPACT_RE = re.compile(r"[^a-z0-9]+")
_MIN_NAMED = 6


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the bundled lexicon, or a user's TSV file of the same format."""
    if path is None:
        text = resources.files("cleantext").joinpath("data/lexicon.tsv").read_text("utf-8")
        return Lexicon(parse_lexicon(text.splitlines(), "cleantext/data/lexicon.tsv"),
                       TRIGGER_WORDS)
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as err:
        msg = f"Cannot read lexicon {p}: {err.strerror}"
        raise InputError(msg) from err
    return Lexicon(parse_lexicon(text.splitlines(), str(p)), TRIGGER_WORDS)
