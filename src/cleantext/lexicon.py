"""The spam lexicon: our own list of terms typical of injected ads.

The data lives in ``data/lexicon.tsv`` (``term, lang, category, strength``; see the
header of that file).  Terms of spaced scripts match on word boundaries; terms of
unspaced scripts (Han, Kana, Thai, ...) and Hangul (particles glue to nouns) match
as substrings.  Matching runs on folded text (see :mod:`cleantext.normalize`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError
from .normalize import Folded, leftmost_longest
from .scripts import UNSPACED, dominant_script

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
    # Digits glued to a word ("casino888", "88casino") still leave a boundary:
    # spam site names glue numbers on, and no real word ends in digits.
    return ch.isalpha() or ch == "_"


class Lexicon:
    """Compiled lexicon: ``find(folded)`` yields leftmost-longest, non-overlapping hits.

    Matching uses an Aho-Corasick automaton (pyahocorasick, C): one pass over the
    text finds every term at once, which a regex alternation of 1,400 terms cannot
    do at the speed a crawl needs.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        import ahocorasick

        self.entries = tuple(entries)
        by_term: dict[str, Entry] = {}
        for e in self.entries:
            # Prefer the strongest reading of a term listed under several languages.
            old = by_term.get(e.term)
            if old is None or (old.strength == "weak" and e.strength == "strong"):
                by_term[e.term] = e
        # One automaton per script: a document only pays for the scripts it contains,
        # and small automata stay in cache.
        self._autos: dict[str, Any] = {}
        for term, e in by_term.items():
            script = dominant_script(term) or "L"
            bounded = not (script in UNSPACED or script == "G")
            auto = self._autos.setdefault(script, ahocorasick.Automaton())
            auto.add_word(term, (len(term), bounded, e))
        for auto in self._autos.values():
            auto.make_automaton()

    def find(self, folded: Folded, scripts: Iterable[str] | None = None) -> Iterator[Hit]:
        """Hits in ``folded``; ``scripts`` limits the search to terms of those scripts."""
        text = folded.text
        n = len(text)
        found = []
        wanted = self._autos if scripts is None else [s for s in scripts if s in self._autos]
        for script in wanted:
            found += self._matches(self._autos[script], text, n)
        for start, stop, entry in leftmost_longest(found):
            s, e = folded.to_source(start, stop)
            yield Hit(s, e, entry)

    @staticmethod
    def _matches(auto: Any, text: str, n: int) -> list[tuple[int, int, Entry]]:
        found = []
        for end, (length, bounded, entry) in auto.iter(text):
            start = end - length + 1
            if bounded and ((start > 0 and _is_word(text[start - 1]))
                            or (end + 1 < n and _is_word(text[end + 1]))):
                continue
            found.append((start, end + 1, entry))
        return found

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the bundled lexicon, or a user's TSV file of the same format."""
    if path is None:
        text = resources.files("cleantext").joinpath("data/lexicon.tsv").read_text("utf-8")
        return Lexicon(parse_lexicon(text.splitlines(), "cleantext/data/lexicon.tsv"))
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as err:
        msg = f"Cannot read lexicon {p}: {err.strerror}"
        raise InputError(msg) from err
    return Lexicon(parse_lexicon(text.splitlines(), str(p)))
