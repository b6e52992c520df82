"""Is the article *about* a spam topic?  Count its words of news reporting.

A story on a casino crackdown, fake-watch seizures or a loan-shark warning uses the
spam vocabulary legitimately, and it also talks like news: police, regulators,
courts, customs, warnings.  ``data/reporting.tsv`` lists such words per language.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from .normalize import Folded, build_matcher, find_matches
from .scripts import UNSPACED, dominant_script


@lru_cache(maxsize=1)
def _matcher() -> tuple[Any, list[tuple[str, bool]]]:
    terms: dict[str, bool] = {}
    text = resources.files("cleantext").joinpath("data/reporting.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term = line.split("\t")[0].strip().lower()
        script = dominant_script(term)
        # Hangul glues particles to nouns (경찰은): substring match, like unspaced scripts.
        terms[term] = script not in UNSPACED and script != "G"
    info = list(terms.items())
    return build_matcher([t for t, _ in info]), info


def reporting_words(folded: Folded) -> frozenset[str]:
    """The distinct reporting words in a document (whole words for spaced scripts).

    >>> from cleantext.normalize import fold
    >>> sorted(reporting_words(fold("Police seized fake watches; customs warned buyers.")))
    ['customs', 'police', 'seized', 'warned']
    """
    text = folded.text
    n = len(text)
    found = set()
    matcher, info = _matcher()
    for k, start, end in find_matches(matcher, text):
        term, bounded = info[k]
        if bounded and ((start > 0 and text[start - 1].isalpha())
                        or (end < n and text[end].isalpha())):
            continue
        found.add(term)
    return frozenset(found)
