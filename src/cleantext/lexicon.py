"""The spam lexicon: our own list of terms typical of injected ads.

The data lives in ``data/lexicon.tsv`` (``term, lang, category, strength``; see the
header of that file).  Terms of spaced scripts match on word boundaries; terms of
unspaced scripts (Han, Kana, Thai, ...) and Hangul (particles glue to nouns) match
as substrings.  Matching runs on folded text (see :mod:`cleantext.normalize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError
from .normalize import Folded
from .scripts import UNSPACED, dominant_script

CATEGORIES = frozenset({
    "escort", "porn", "gambling", "pharma", "replica", "loans", "fake-docs", "seo",
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


def trie_pattern(words: Sequence[str]) -> str:
    """A regex alternation built as a trie, so matching does not try every word.

    >>> re.fullmatch(trie_pattern(["cat", "car", "cart"]), "cart") is not None
    True
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # Prefer the longer match, but a word may end here too.
            return f"(?:{body})?"
        return body

    return build(trie)


class Lexicon:
    """Compiled lexicon: ``find(folded)`` yields every hit, longest match first."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        self._by_term: dict[str, Entry] = {}
        spaced: list[str] = []
        unspaced: list[str] = []
        for e in self.entries:
            # Prefer the strongest reading of a term listed under several languages.
            old = self._by_term.get(e.term)
            if old is None or (old.strength == "weak" and e.strength == "strong"):
                self._by_term[e.term] = e
            script = dominant_script(e.term)
            (unspaced if script in UNSPACED or script == "G" else spaced).append(e.term)
        parts = []
        if spaced:
            parts.append(rf"(?<!\w)(?:{trie_pattern(sorted(set(spaced)))})(?!\w)")
        if unspaced:
            parts.append(f"(?:{trie_pattern(sorted(set(unspaced)))})")
        self._re = re.compile("|".join(parts)) if parts else re.compile(r"(?!)")

    def find(self, folded: Folded) -> Iterator[Hit]:
        for m in self._re.finditer(folded.text):
            entry = self._by_term.get(m.group())
            if entry is None:  # pragma: no cover - the pattern only matches terms
                continue
            s, e = folded.to_source(*m.span())
            yield Hit(s, e, entry)

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
