"""Property tests: whatever the text, the detector keeps its promises.

The promises (issue 6, "nothing lost"):

* it never raises on a ``str``;
* the cleaned text is the input with some ranges cut out (a subsequence);
* every flag points into ``Result.source`` and quotes it exactly;
* removed flags have disjoint cut ranges, and re-inserting the cut texts gives the
  input back exactly;
* with nothing removed, the output is the input;
* flags survive ``to_dict`` -> JSON -> ``from_dict``;
* cleaning twice changes nothing more than cleaning once.

Rules-only runs get most examples; the bundled model gets fewer (it is slower).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleantext import Detector, DetectorConfig, Flag, Result, RuleHit
from cleantext.emit import apply_cuts, plan_cuts, restore

RULES_ONLY = Detector(DetectorConfig(use_model=False, input_format="text", time_budget=None))
WITH_MODEL = Detector(DetectorConfig(input_format="text", time_budget=None))

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
MODEL = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])

# -- strategies -------------------------------------------------------------------------

SENTENCES = [
    "The city council met on Tuesday to discuss the budget.",
    "Residents asked about the new library and the park hours.",
    "Rail traffic resumed on Monday after a two-day strike.",
    "Prices rose 3% in May, the statistics office said.",
    "Call the newsroom on +44 20 7946 0000 with tips.",
    "Die Stadt plant eine neue Brücke über den Fluss.",
    "Погода в Москве будет тёплой всю неделю.",
    "市政府周二宣布新的地铁线路将于明年开通。",
    "東京都は新しい路線を来年開業すると発表した。",
    "서울시는 새로운 지하철 노선을 발표했다.",
    "The casino debate continued in parliament (see the report).",
    "She quoted the ad \"buy cheap viagra\" as an example of spam.",
]
ADS = [
    "加微信 abc123",
    "WhatsApp +62 812 0000 1111",
    "上海龙凤千花1314",
    "澳门新葡京 官方网站 www.xpj888.com",
    "บาคาร่าออนไลน์ สมัครรับโบนัส",
    "line id: @bet999",
    "slot gacor hari ini WA 0812 3456 7890",
    "купить диплом недорого",
    "Buy cheap viagra online",
    "ｖｉａｇｒａ",
    "via\u200bgra",
    "v i a g r a",
    "t.me/casino777",
    "오피 출장안마 카톡 abc123",
]
SEPARATORS = [" ", "\n", "", "  ", "\n\n", "\t", " \r\n", "\u3000"]


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Article-like sentences with ads (and some noise) injected anywhere."""
    parts = draw(st.lists(
        st.one_of(
            st.sampled_from(SENTENCES),
            st.sampled_from(ADS),
            st.text(max_size=12),
        ),
        min_size=1, max_size=14,
    ))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


any_text = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")), articles())

# -- checks -----------------------------------------------------------------------------


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


def check_offsets(text: str, result: Result) -> None:
    """Flags quote the source; output is the input minus some characters."""
    src = result.source
    assert src == text  # plain-text input: offsets point into the input itself
    assert is_subsequence(result.text, text)
    for f in result.flags:
        assert 0 <= f.start <= f.end <= len(src), f
        assert f.text == src[f.start : f.end]
        if not f.removed:
            assert (f.cut_start, f.cut_end, f.cut_text) == (-1, -1, "")
    if not result.removed:
        assert result.text == text
    for f in result.removed:
        assert 0 <= f.cut_start <= f.cut_end <= len(src), f
        assert f.cut_text == src[f.cut_start : f.cut_end]


def check_cuts(text: str, result: Result) -> None:
    """Removed ranges are disjoint, and putting them back gives the input exactly."""
    src = result.source
    removed = sorted(result.removed, key=lambda f: f.cut_start)
    last = 0
    for f in removed:
        assert f.cut_start >= last, "cut ranges overlap"
        last = f.cut_end
    assert result.text == apply_cuts(src, [(f.cut_start, f.cut_end) for f in removed])
    assert restore(result.text, [(f.cut_start, f.cut_text) for f in result.removed]) == text


def check_result(text: str, result: Result) -> None:
    check_offsets(text, result)
    check_cuts(text, result)


def check_round_trip(result: Result) -> None:
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["checked"] == result.checked
    assert data["text"] == result.text
    assert len(data["flags"]) == len(result.flags)
    for f, d in zip(result.flags, data["flags"]):
        back = Flag.from_dict(d)
        # Everything but the rounded scores survives exactly.
        assert (back.start, back.end, back.text, back.removed, back.cut_start, back.cut_end,
                back.cut_text, back.kind, back.node, back.reason) == \
               (f.start, f.end, f.text, f.removed, f.cut_start, f.cut_end,
                f.cut_text, f.kind, f.node, f.reason)
        assert back.rule_ids == f.rule_ids
        assert back.score == pytest.approx(f.score, abs=1e-4)
        # And serialising again is a fixed point.
        assert back.to_dict() == d


# -- properties, rules only --------------------------------------------------------------


@FAST
@given(any_text)
def test_rules_only_offsets(text: str) -> None:
    result = RULES_ONLY.detect(text)
    assert result.checked
    check_offsets(text, result)


# Found by hypothesis: a line of its own ("上海龙凤千花1314") is cut with its line
# break; the next, last line is all spam in two spans, so plan_cuts' whole-line branch
# takes the line break *before* it too, without clipping against the previous cut.
# The two cuts share that "\n", and restore() puts it back twice.  (Strong ads on
# both lines, so the example fails with or without the model.)
OVERLAP_COUNTEREXAMPLE = (
    "The city council met on Tuesday to discuss the budget for parks and libraries.\n"
    "Residents asked about opening hours.\n上海龙凤千花1314\n"
    "上海龙凤千花1314. Buy cheap viagra online WhatsApp +1 555 000 1111"
)

OVERLAP_REASON = ("emit.plan_cuts: the whole-line branch (several spans fill the last line) "
                  "is not clipped against the previous cut, so cuts overlap and restore fails")


def test_plan_cuts_never_overlap_minimal() -> None:
    text = "a\nX\nY Z"
    cuts = plan_cuts(text, [(2, 3), (4, 5), (6, 7)])
    assert all(a[1] <= b[0] for a, b in zip(cuts, cuts[1:])), cuts
    assert restore(apply_cuts(text, cuts), [(s, text[s:e]) for s, e in cuts]) == text


@FAST
@example(OVERLAP_COUNTEREXAMPLE)
@given(any_text)
def test_rules_only_cuts_disjoint_and_restore(text: str) -> None:
    check_cuts(text, RULES_ONLY.detect(text))


# Found by hypothesis: after a full stop like "。" the next sentence span starts with
# the space that follows it, so a widened candidate is " 東京都は…"; the previous cut
# already took that space and the next cut is clipped to start after it.
CUT_COVER_COUNTEREXAMPLE = (
    "The city council met on Tuesday to discuss the budget. "
    + "東京都は新しい路線を来年開業すると発表した。 " * 3
)


@FAST
@example(CUT_COVER_COUNTEREXAMPLE)
@given(any_text)
def test_removed_flag_lies_inside_its_cut(text: str) -> None:
    result = RULES_ONLY.detect(text)
    for f in result.removed:
        assert f.text == f.text.strip(" \t\n\u3000"), "span starts or ends with a separator"
        assert f.cut_start <= f.start and f.end <= f.cut_end, "cut does not cover the spam"


@FAST
@given(any_text)
def test_rules_only_round_trip(text: str) -> None:
    check_round_trip(RULES_ONLY.detect(text))


# Found by hypothesis: removing the trailing ad puts the Chinese sentence at the edge
# of its line, so the second pass scores it higher (position is a context rule) and
# removes real text the first pass kept.  Listed explicitly so the failure is certain.
IDEMPOTENCE_COUNTEREXAMPLE = (
    "Residents asked about the new library and the park hours. "
    "市政府周二宣布新的地铁线路将于明年开通。 加微信 abc123 "
)


@pytest.mark.xfail(strict=True, reason="clean is not idempotent: a cut ad moves its neighbour "
                   "to a line edge, and the second pass removes that neighbour (context rules)")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(IDEMPOTENCE_COUNTEREXAMPLE)
@given(articles())
def test_rules_only_idempotent_on_articles(text: str) -> None:
    once = RULES_ONLY.clean(text)
    assert RULES_ONLY.clean(once) == once


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_auto_format_never_raises(text: str) -> None:
    """The default input format (auto: HTML if it looks like markup) never raises."""
    det = Detector(DetectorConfig(use_model=False, time_budget=None))
    result = det.detect(text)
    for f in result.flags:
        assert f.text == result.source[f.start : f.end]


HTML_PIECES = ["<p>", "</p>", "<div>", "</div>", "<span style='display:none'>", "</span>",
               "<a href='http://xpj888.com'>", "</a>", "<br>", "<script>x<1</script>",
               "<!-- c -->", "<meta charset='utf-8'>", "&amp;", "&#x4e0a;", "<li>", "<table><tr><td>"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(HTML_PIECES), st.sampled_from(SENTENCES),
                          st.sampled_from(ADS), st.text(max_size=8)), max_size=30))
def test_html_never_raises_and_flags_point_into_source(pieces: list[str]) -> None:
    html = "<html><body>" + "".join(pieces) + "</body></html>"
    det = Detector(DetectorConfig(use_model=False, input_format="html", time_budget=None))
    result = det.detect(html)
    for f in result.flags:
        assert 0 <= f.start <= f.end <= len(result.source)
        if f.start == f.end and f.node is not None:
            # Hidden-node flags are anchors: their text was never part of the article
            # text, so they mark where it sat and name the node instead.
            continue
        assert f.text == result.source[f.start : f.end]


# -- properties with the bundled model ---------------------------------------------------


@MODEL
@given(st.one_of(st.text(), articles()))
def test_model_offsets_and_round_trip(text: str) -> None:
    result = WITH_MODEL.detect(text)
    check_offsets(text, result)
    check_round_trip(result)


@MODEL
@example(OVERLAP_COUNTEREXAMPLE)
@given(st.one_of(st.text(), articles()))
def test_model_cuts_disjoint_and_restore(text: str) -> None:
    check_cuts(text, WITH_MODEL.detect(text))


# -- handwritten spam documents -----------------------------------------------------------

SPAM_DOCS = [
    "The city council met on Tuesday to discuss the budget.\n上海龙凤千花1314\n"
    "Residents asked about the new library and park hours. 加微信 abc8899 The mayor answered "
    "every question.\nThe meeting ended at nine.\nBuy cheap viagra online WhatsApp +1 555 000 1111",
    "上海龙凤千花1314 Artificial intelligence permeates urban life. Researchers in Boston "
    "built a new model.",
    "Rail traffic resumed on Monday after the strike.\nslot gacor hari ini WA 0812 3456 7890\n"
    "Commuters welcomed the news.",
    "Погода в Москве будет тёплой всю неделю. 澳门新葡京 官方网站 www.xpj888.com 注册送彩金\n"
    "Синоптики обещают дождь в пятницу.",
    "The festival drew thousands of visitors. บาคาร่าออนไลน์ สมัครรับโบนัส line id: @bet999 "
    "The organisers thanked volunteers.",
    "Prices rose 3% in May. 加微信 abc123 加微信 abc123 加微信 abc123 Economists expect more.",
]


@pytest.mark.parametrize("det", [RULES_ONLY, WITH_MODEL], ids=["rules", "model"])
@pytest.mark.parametrize("doc", SPAM_DOCS, ids=range(len(SPAM_DOCS)))
def test_clean_is_idempotent_on_spam_docs(det: Detector, doc: str) -> None:
    once = det.clean(doc)
    assert once != doc, "the handwritten spam should be found"
    assert det.clean(once) == once
    check_result(doc, det.detect(doc))


def test_flag_round_trip_is_identity() -> None:
    f = Flag(start=0, end=4, text="SPAM",
             rules=(RuleHit("lexicon.spam_term", 0.123456789, "weak term", {"hits": 1}),),
             score=0.123456789, reason="kept", removed=False)
    assert Flag.from_dict(json.loads(json.dumps(f.to_dict()))) == f


@settings(max_examples=300, deadline=None)
@given(text=st.text("ab _-%+.\u4e0a1", max_size=80), words=st.lists(
    st.text("ab_1", min_size=1, max_size=4), min_size=1, max_size=20),
    n=st.integers(0, 3), repeat=st.integers(1, 400))
def test_word_counts_on_demand_equal_a_full_count(text: str, words: list[str], n: int,
                                                  repeat: int) -> None:
    """Counting one word at a time with str.find (and switching to a full count
    after many words, or many occurrences inside longer tokens) answers as a full
    count would."""
    from collections import Counter

    from cleantext.candidates import _TOKEN_RE, WordCounts

    text = text * (repeat if len(text) < 5 else 1)
    full = Counter(_TOKEN_RE.findall(text))
    wc = WordCounts(text)
    for w in words:
        assert wc.more_than(w, n) == (full[w] > n)


# The Latin-phrase pattern before its two bounds (no start after a letter, words of
# at most 64 characters), which made long tokens quadratic.
_UNBOUNDED_LATIN_PHRASE = (
    r"[A-Za-z][\w'\u2019\-]*(?:[ \t,.:\u2013\u2014/]{1,3}[A-Za-z0-9@$][\w'\u2019\-.@/]*){3,}")


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.text("aZ1_'-@$.", min_size=1, max_size=12), max_size=12),
       seps=st.lists(st.sampled_from([" ", ", ", ". ", "/", ":", " \u2013 ", "\n", "上海", "\t"]),
                     min_size=12, max_size=12))
def test_latin_phrases_as_before_the_bounds(words: list[str], seps: list[str]) -> None:
    import re

    from cleantext.scripts import _LATIN_PHRASE_RE

    text = "".join(w + s for w, s in zip(words, seps))
    old = [m.span() for m in re.finditer(_UNBOUNDED_LATIN_PHRASE, text)]
    assert [m.span() for m in _LATIN_PHRASE_RE.finditer(text)] == old
