"""The keyword matcher finds every occurrence of every word, and nothing else.

:class:`cleantext.normalize.Matcher` filters positions by hashed anchors; these
tests compare it with a plain scan (``str.find`` for each word) on words and texts
built to collide: shared prefixes and anchors, words inside words, every length from
1 to 20, Han, Hangul, astral characters and lone surrogates.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import native
from cleantext.lexicon import load_lexicon
from cleantext.normalize import Matcher, find_matches

# Both code paths: numpy, and the compiled loops when they are built.
COMPILED = [False, pytest.param(True, marks=pytest.mark.skipif(
    native.speedups is None, reason="the compiled loops are not built"))]

# Few letters, so that words and texts share slices often.
ALPHABET = "ab c\u4e0a\u6d77\uac00\U00020000\ud800\n"


def plain_scan(words: list[str], text: str) -> set[tuple[int, int, int]]:
    found = set()
    for idx, word in enumerate(words):
        at = text.find(word) if word else -1
        while at >= 0:
            found.add((idx, at, at + len(word)))
            at = text.find(word, at + 1)
    return found


@pytest.mark.parametrize("compiled", COMPILED)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.text(ALPHABET, min_size=1, max_size=20), min_size=1, max_size=12,
                      unique=True),
       text=st.text(ALPHABET, max_size=300))
def test_matcher_finds_what_a_plain_scan_finds(compiled: bool, words: list[str],
                                               text: str) -> None:
    matches = Matcher(words, compiled=compiled).find_matches_as_indexes(text)
    assert len(matches) == len(set(matches))  # each occurrence once
    assert set(matches) == plain_scan(words, text)


@pytest.mark.parametrize("compiled", COMPILED)
def test_matcher_on_the_lexicon_and_real_words(compiled: bool) -> None:
    lex = load_lexicon()
    words = list(lex._matcher.words)
    text = ("Best online casino bonus! 加微信 abc123 slot gacor hari ini, "
            "wa.me/628123 and t.me/casino_vip; 上海龙凤千花1314 카지노사이트 купить диплом")
    for t in (text, text * 3):  # short texts take another path in numpy
        assert set(find_matches(Matcher(words, compiled=compiled), t)) == plain_scan(words, t)


@pytest.mark.parametrize("compiled", COMPILED)
def test_matcher_edge_cases(compiled: bool) -> None:
    m = Matcher(["a", "ab", "abc", "abcdef", "bcdefg"], compiled=compiled)
    assert m.find_matches_as_indexes("") == []
    assert sorted(m.find_matches_as_indexes("abcdefg")) == [
        (0, 0, 1), (1, 0, 2), (2, 0, 3), (3, 0, 6), (4, 1, 7)]
    assert Matcher([]).find_matches_as_indexes("abc") == []
