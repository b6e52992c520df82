"""Emit removes exactly the spam plus the separator it occupied."""

import pytest

from cleantext.emit import apply_cuts, plan_cuts, restore


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("SPAM Artificial intelligence.", "SPAM", "Artificial intelligence."),
    ("one\nSPAM\ntwo", "SPAM", "one\ntwo"),
    ("one\r\nSPAM\r\ntwo", "SPAM", "one\r\ntwo"),
    ("first.\nSPAM", "SPAM", "first."),
    ("It rose. SPAM It fell.", "SPAM", "It rose. It fell."),
    ("It rose SPAM.", "SPAM", "It rose."),
    ("今天下雨SPAM明天晴。", "SPAM", "今天下雨明天晴。"),
    ("a\n  SPAM  \nb", "SPAM", "a\nb"),
])
def test_cut_one_span(text, span, expected):
    s = text.index(span)
    cuts = plan_cuts(text, [(s, s + len(span))])
    assert apply_cuts(text, cuts) == expected
    assert restore(expected, [(c[0], text[c[0] : c[1]]) for c in cuts]) == text


def test_line_emptied_by_two_spans_disappears():
    text = "keep\nX1 X2\nkeep2"
    spans = [(5, 7), (8, 10)]
    cuts = plan_cuts(text, spans)
    assert apply_cuts(text, cuts) == "keep\nkeep2"
    assert cuts[0][1] == cuts[1][0]  # disjoint and adjacent: each flag restorable


def test_restore_many():
    text = "A SPAM b.\nSPAM\nc SPAM"
    spans = [(2, 6), (10, 14), (17, 21)]
    cuts = plan_cuts(text, spans)
    cleaned = apply_cuts(text, cuts)
    assert "SPAM" not in cleaned
    assert restore(cleaned, [(s, text[s:e]) for s, e in cuts]) == text
