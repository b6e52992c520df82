"""The compiled loops (``cleantext._speedups``) compute what their numpy versions compute.

The install builds them when a C compiler is present; every test but the first is
skipped when they are not built.
"""

from __future__ import annotations

import os
import shutil
import sysconfig

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import native, scripts
from cleantext.cli import main
from cleantext.lexicon import load_lexicon
from cleantext.normalize import Matcher

# Letters of several scripts, digits, signs, an astral Han letter and a lone surrogate.
ALPHABET = "abcz ,.19\u00e9\u0434\u05d0\u0627\u0e01\u3042\u4e0a\u6d77\uac00\U00020000\ud800\n"

built = pytest.mark.skipif(native.speedups is None, reason="the compiled loops are not built")


def _compiler() -> str | None:
    cc = (sysconfig.get_config_var("CC") or "").split()
    return shutil.which(cc[0]) if cc else None


def test_an_install_with_a_compiler_builds_the_loops(capsys: pytest.CaptureFixture[str]) -> None:
    """With a C compiler at hand, the install (``pip install``, editable or not) has
    compiled the loops, and ``--version`` says which code paths run."""
    pure = os.environ.get("CLEANTEXT_PURE_PYTHON", "").strip() not in ("", "0")
    if _compiler() and not pure and not os.environ.get("CLEANTEXT_NO_EXTENSION"):
        assert native.speedups is not None, "pip install did not build cleantext._speedups"
    with pytest.raises(SystemExit):
        main(["--version"])
    assert native.describe() in capsys.readouterr().out


@built
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(ALPHABET, max_size=400))
def test_anchor_filter_equals_numpy(text: str) -> None:
    """The same positions per anchor length, on the lexicon's own tables."""
    m = load_lexicon()._matcher
    assert isinstance(m, Matcher)
    numpy_positions = m._positions(text) if text else []
    compiled = native.speedups.anchor_hits(text, int(m._shift), m._bits)
    # numpy stops at the first anchor length longer than the text; C lists it as empty.
    assert [list(p) for p in compiled[: len(numpy_positions)]] == numpy_positions
    assert not any(compiled[len(numpy_positions):])


@built
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(ALPHABET, min_size=65, max_size=400))
def test_script_counts_equal_numpy(text: str) -> None:
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = scripts._TABLE
    expected = np.bincount(table.take(np.minimum(cps, len(table) - 1)),
                           minlength=len(scripts._TABLE_CODES)).tolist()
    assert native.speedups.script_counts(text, scripts._TABLE_BYTES,
                                         len(scripts._TABLE_CODES)) == expected


@built
def test_bad_arguments_raise_instead_of_crashing() -> None:
    sp = native.speedups
    table = bytes(1 << 15)  # 2**18 bits
    with pytest.raises(TypeError):
        sp.anchor_hits(b"bytes", 14, ((2, table),))
    with pytest.raises(ValueError, match="shift"):
        sp.anchor_hits("text", 40, ((2, table),))
    with pytest.raises(ValueError, match="too small"):
        sp.anchor_hits("text", 14, ((2, b"\x00"),))
    with pytest.raises(ValueError, match="rise"):
        sp.anchor_hits("text", 14, ((4, table), (2, table)))
    with pytest.raises(ValueError, match="1 to 6"):
        sp.anchor_hits("text", 14, ((7, table),))
    with pytest.raises(TypeError):
        sp.anchor_hits("text", 14, [(2, table)])  # steps must be a tuple
    with pytest.raises(ValueError, match="past ncodes"):
        sp.script_counts("abc", b"\x00" * 97 + b"\x05", 2)
    with pytest.raises(ValueError):
        sp.script_counts("abc", b"", 2)
    with pytest.raises(TypeError):
        sp.anchor_matches("text", 14, ((2, table),), [])  # anchors must be a dict
    every = b"\xff" * len(table)  # every slot set: each position is looked up
    with pytest.raises(TypeError, match="lists"):
        sp.anchor_matches("text", 14, ((2, every),), {"te": ("not", "a list")})
    with pytest.raises(TypeError, match="index, offset, word"):
        sp.anchor_matches("text", 14, ((2, every),), {"te": [(0, 0)]})
    words = {"ex": [(7, 1, "text"), (8, 0, "ext"), (9, 0, "exz"), (10, 2, "tex")]}
    assert sp.anchor_matches("text", 14, ((2, every),), words) == [(7, 0, 4), (8, 1, 4)]
    assert sp.anchor_hits("", 14, ((2, table),)) == [[]]
    assert sp.script_counts("", b"\x00", 1) == [0]


# Separators, letters, decimal digits of two scripts, digits and numbers that are not
# decimal (² ½ 一 Ⅳ: re counts them as letters), "_", a combining accent (not a word
# character), full-width letters and an invisible character.
SPACED_ALPHABET = " .·*_-ab\u00e9\u0434\u4e0a19\u0663\u00b2\u00bd\u4e00\u2163\u0301\uff41\u200b\n"


@built
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(SPACED_ALPHABET, max_size=60))
def test_spaced_hint_equals_its_regexes(text: str) -> None:
    from cleantext.normalize import _SPACED_HINT_RES, _SPACED_SEPS

    expected = any(h.search(text) for h in _SPACED_HINT_RES)
    assert native.speedups.spaced_hint(text, _SPACED_SEPS) == expected


@built
@settings(max_examples=300, deadline=None)
@given(text=st.text(SPACED_ALPHABET + "\uff10\uff5a\uff5b\u00ad\ufeff", max_size=40))
def test_contains_any_equals_the_rare_regex(text: str) -> None:
    from cleantext.normalize import _RARE_CHARS, _RARE_RE

    assert native.speedups.contains_any(text, _RARE_CHARS) == (_RARE_RE.search(text) is not None)


@built
@pytest.mark.parametrize("text", [
    "buy v i a g r a now", "威 尼 斯 人", "x a.b.c.d", "x 1 2 3 4", "x a b c_", "x a b c\u0301",
    " \u00b2 \u00bd \u4e00", "-a-b-c", "x a b c", "x a b", "a*b*c*d", " a b \u0663",
])
def test_spaced_hint_on_chosen_cases(text: str) -> None:
    from cleantext.normalize import _SPACED_HINT_RES, _SPACED_SEPS

    assert native.speedups.spaced_hint(text, _SPACED_SEPS) == any(
        h.search(text) for h in _SPACED_HINT_RES)


@built
@settings(max_examples=400, deadline=None)
@given(text=st.text("abzAZ \u0370\u03b1\u03ff\u0430\u0456\u052f\u0530\u4e0a1", max_size=40))
def test_mixed_script_check_equals_python(text: str) -> None:
    from cleantext.normalize import _has_mixed_word

    assert native.speedups.latin_touches_cyrillic_greek(text) == _has_mixed_word(text)
    # The Python walk changes strategy after 300 Latin runs: long texts too.
    long = "a " * 301 + text
    assert native.speedups.latin_touches_cyrillic_greek(long) == _has_mixed_word(long)


@built
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text("ab1 -.\u00b7\u30fb\u30a2\u3042\u4e0a\u6d77\uac00\u0434\u05d0\U00020000\n\t",
                    max_size=60),
       tracked=st.frozensets(st.sampled_from(sorted(scripts.RANGES))))
def test_foreign_runs_equal_the_regex(text: str, tracked: frozenset[str]) -> None:
    """The same runs, separators that are also letters ("・" is Kana) included."""
    mask = sum(1 << i for i, code in enumerate(scripts._TABLE_CODES)
               if code and code not in tracked)
    expected = [m.span() for m in scripts._foreign_run_re(tracked).finditer(text)]
    assert native.speedups.class_runs(text, scripts._TABLE_BYTES, mask,
                                      scripts.RUN_SEPARATORS) == expected


@built
@settings(max_examples=400, deadline=None)
@given(text=st.text("0159 -.()a\u0661\u06f3\u0967\u09e8\u0e52\u4e0a\n", max_size=60))
def test_digit_runs_equal_the_regex(text: str) -> None:
    from cleantext.lures import _DIGIT_CHARS, _DIGIT_GLUE, _DIGITS_RE

    text += " +62 812-0000-1111 (1999-2004) ١٢٣ ٤٥٦٧٨. 12 34"
    expected = [m.span() for m in _DIGITS_RE.finditer(text)]
    assert native.speedups.class_spans(text, _DIGIT_CHARS, _DIGIT_GLUE, 8) == expected


@built
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text("ab \u4e0a\u6d77\U00020000\ud800\u03a9\u00e91\n\x02", max_size=30),
                      min_size=1, max_size=5),
       sizes=st.sampled_from([(2, 4, 2**18), (2, 3, 2**16), (1, 2, 1024), (2, 2, 16),
                              (4, 4, 64)]))
def test_hashed_ngrams_equal_numpy(texts: list[str], sizes: tuple[int, int, int]) -> None:
    """The classifier's features are bit for bit the same either way (its scores too)."""
    from cleantext import model

    compiled = model.hashed_ngrams_many(texts, *sizes)
    saved, native.speedups = native.speedups, None
    try:
        expected = model.hashed_ngrams_many(texts, *sizes)
    finally:
        native.speedups = saved
    for (i1, v1), (i2, v2) in zip(compiled, expected):
        assert i1.dtype == i2.dtype and v1.dtype == v2.dtype
        assert i1.tolist() == i2.tolist() and v1.tolist() == v2.tolist()
