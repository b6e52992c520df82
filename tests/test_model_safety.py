"""Model files are data, never code: hostile or broken files give a clear ModelError.

Every test works on a copy of a tiny model trained here (a second or two), so the
bundled model is never touched.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from cleantext import Detector, DetectorConfig, ModelError
from cleantext.candidates import build_candidates
from cleantext.cli import main
from cleantext.corpus import CorpusDoc, SpanLabel
from cleantext.model import FORMAT_VERSION, SpamModel, load_model
from cleantext.score import score
from cleantext.segment import analyse
from cleantext.train import TrainParams, fit

REBUILD = "cleantext train"


def _doc(i: int, text: str, spam: tuple[str, ...] = ()) -> CorpusDoc:
    spans = []
    for s in spam:
        start = text.index(s)
        spans.append(SpanLabel(start, start + len(s)))
    return CorpusDoc(id=f"d{i}", lang="en", text=text, spans=tuple(spans),
                     kind="positive" if spam else "negative",
                     shape="line" if spam else "plain")


DOCS = [
    _doc(0, "The council met on Tuesday.\n上海龙凤千花1314\nThe vote passed.", ("上海龙凤千花1314",)),
    _doc(1, "Rail traffic resumed. 加微信 abc8899 Commuters were pleased.", ("加微信 abc8899",)),
    _doc(2, "Prices rose in May.\nBuy cheap viagra online WhatsApp +1 555 000 1111\nExports fell.",
         ("Buy cheap viagra online WhatsApp +1 555 000 1111",)),
    _doc(3, "The festival drew crowds. บาคาร่าออนไลน์ สมัครรับโบนัส The organisers were happy.",
         ("บาคาร่าออนไลน์ สมัครรับโบนัส",)),
    _doc(4, "Погода будет тёплой. 澳门新葡京 官方网站 www.xpj888.com\nДождь в пятницу.",
         ("澳门新葡京 官方网站 www.xpj888.com",)),
    _doc(5, "The casino debate continued in parliament; the casino lobby and casino owners spoke."),
    _doc(6, "Call the newsroom on +44 20 7946 0000 or WeChat: citynews2024 with tips."),
    _doc(7, "The Chinese term 品茶 (tea tasting) has a long history in Hangzhou."),
    _doc(8, "Our reporter quoted the ad \"buy cheap viagra\" as an example of spam."),
    _doc(9, "Mr. 王小明 (Wang Xiaoming) opened the new library in the town centre."),
]
PROBE = ("The mayor spoke on Monday.\n上海龙凤千花1314\nThe library opened. 加微信 abc123 "
         "Visitors came.\nThe casino debate went on (品茶 is tea).")


@pytest.fixture(scope="module")
def tiny_model() -> SpamModel:
    return fit(DOCS, TrainParams(max_iter=200), name="tiny")


@pytest.fixture
def saved(tiny_model: SpamModel, tmp_path: Path) -> Path:
    """A fresh copy of the tiny model on disk; returns its card path."""
    return tiny_model.save(tmp_path / "tiny")


def _card(card_path: Path) -> dict:
    return json.loads(card_path.read_text("utf-8"))


def _write_card(card_path: Path, card: dict) -> None:
    card_path.write_text(json.dumps(card), "utf-8")


def _reseal(card_path: Path) -> None:
    """Make the card's checksum match whatever the weights file now holds."""
    card = _card(card_path)
    weights = card_path.with_name(card["weights_file"])
    card["weights_sha256"] = hashlib.sha256(weights.read_bytes()).hexdigest()
    _write_card(card_path, card)


def _assert_clear(err: ModelError, path: Path) -> None:
    msg = str(err)
    assert str(path) in msg, msg
    assert REBUILD in msg, msg
    assert "\n\n" not in msg.strip()  # one paragraph


def _predict(model: SpamModel, text: str) -> list[float]:
    det = Detector(DetectorConfig(use_model=False))
    ctx = analyse(text, det.lexicon)
    cands = build_candidates(ctx)
    evidence = score(cands, ctx, det.rules, None, det.config)
    return model.predict(cands, ctx, evidence)


# -- hostile files ---------------------------------------------------------------------


class _Payload:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.target), "w"))


@pytest.mark.parametrize("keep_checksum", [True, False], ids=["resealed", "no-checksum"])
def test_pickled_object_array_is_refused_and_never_run(saved: Path, tmp_path: Path,
                                                       keep_checksum: bool) -> None:
    pwned = tmp_path / "PWNED"
    weights = saved.with_name(_card(saved)["weights_file"])
    evil = np.empty(1, dtype=object)
    evil[0] = _Payload(pwned)
    np.savez(weights, coef=evil, intercept=np.array([0.0]))
    # Sanity: the file really is hostile when loaded the unsafe way.
    assert pickle.loads(pickle.dumps(_Payload(tmp_path / "probe"))) is not None
    assert (tmp_path / "probe").exists()
    if keep_checksum:
        _reseal(saved)
    else:
        card = _card(saved)
        del card["weights_sha256"]
        _write_card(saved, card)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    assert not pwned.exists(), "loading a model ran code from the file"
    _assert_clear(info.value, weights)


def test_raw_pickle_named_npz_is_refused(saved: Path, tmp_path: Path) -> None:
    pwned = tmp_path / "PWNED"
    weights = saved.with_name(_card(saved)["weights_file"])
    weights.write_bytes(pickle.dumps({"coef": _Payload(pwned)}))
    _reseal(saved)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    assert not pwned.exists()
    _assert_clear(info.value, weights)


def test_hostile_model_through_cli_exits_1_without_traceback(saved: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    pwned = tmp_path / "PWNED"
    weights = saved.with_name(_card(saved)["weights_file"])
    evil = np.empty(1, dtype=object)
    evil[0] = _Payload(pwned)
    np.savez(weights, coef=evil, intercept=np.array([0.0]))
    _reseal(saved)
    doc = tmp_path / "in.txt"
    doc.write_text(PROBE, "utf-8")
    code = main(["clean", "--model", str(saved), str(doc)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert str(weights) in err and REBUILD in err
    assert not pwned.exists()


# -- broken files ----------------------------------------------------------------------


def test_truncated_npz(saved: Path) -> None:
    weights = saved.with_name(_card(saved)["weights_file"])
    raw = weights.read_bytes()
    weights.write_bytes(raw[: len(raw) // 2])
    _reseal(saved)  # so the loader gets past the checksum and meets the broken zip
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, weights)


def test_garbage_npz(saved: Path) -> None:
    weights = saved.with_name(_card(saved)["weights_file"])
    weights.write_bytes(b"not a zip file at all" * 10)
    _reseal(saved)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, weights)


def test_npz_missing_arrays(saved: Path) -> None:
    weights = saved.with_name(_card(saved)["weights_file"])
    np.savez(weights, something_else=np.zeros(3))
    _reseal(saved)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, weights)


@pytest.mark.parametrize("coef", [np.zeros(10), np.full(1, np.nan)], ids=["shape", "nan"])
def test_wrong_shape_or_non_finite_weights(saved: Path, tiny_model: SpamModel,
                                           coef: np.ndarray) -> None:
    weights = saved.with_name(_card(saved)["weights_file"])
    if coef.size == 1:  # NaN in an otherwise right-shaped vector
        coef = tiny_model.coef.copy()
        coef[0] = np.nan
    np.savez(weights, coef=coef, intercept=np.array([0.0]))
    _reseal(saved)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, weights)


def test_wrong_checksum(saved: Path) -> None:
    card = _card(saved)
    card["weights_sha256"] = "0" * 64
    _write_card(saved, card)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    msg = str(info.value)
    assert "checksum" in msg
    _assert_clear(info.value, saved.with_name(card["weights_file"]))
    assert str(saved) in msg


def test_edited_weights_fail_the_checksum(saved: Path) -> None:
    weights = saved.with_name(_card(saved)["weights_file"])
    raw = bytearray(weights.read_bytes())
    raw[-10] ^= 0xFF
    weights.write_bytes(bytes(raw))
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, weights)


@pytest.mark.parametrize(
    ("key", "value"),
    [("format_version", FORMAT_VERSION + 1), ("format_version", None),
     ("n_features", 12345), ("dense_features", ["a", "b"]), ("format", "pickle")],
)
def test_incompatible_card(saved: Path, key: str, value: object) -> None:
    card = _card(saved)
    card[key] = value
    _write_card(saved, card)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, saved)


def test_missing_weights_file(saved: Path) -> None:
    weights = saved.with_name(_card(saved)["weights_file"])
    weights.unlink()
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, weights)
    assert "missing" in str(info.value)


def test_missing_card(tmp_path: Path) -> None:
    card = tmp_path / "nothing.json"
    with pytest.raises(ModelError) as info:
        load_model(card)
    _assert_clear(info.value, card)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2, 3]"],
                         ids=["bad-json", "not-utf8", "not-a-card"])
def test_unreadable_card(saved: Path, content: bytes) -> None:
    saved.write_bytes(content)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    _assert_clear(info.value, saved)


@pytest.mark.parametrize("name", ["../elsewhere/w.npz", "", "sub/w.npz"])
def test_weights_file_must_be_a_plain_name(saved: Path, name: str) -> None:
    card = _card(saved)
    card["weights_file"] = name
    _write_card(saved, card)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    assert str(saved) in str(info.value)


def test_bad_model_path_in_detector_raises_model_error(tmp_path: Path) -> None:
    det = Detector(DetectorConfig(model_path=str(tmp_path / "none.json")))
    with pytest.raises(ModelError):
        det.clean(PROBE)


# -- round trip ------------------------------------------------------------------------


def test_save_load_gives_same_predictions(tiny_model: SpamModel, tmp_path: Path) -> None:
    card_path = tiny_model.save(tmp_path / "m")
    loaded = load_model(card_path)
    before = _predict(tiny_model, PROBE)
    after = _predict(loaded, PROBE)
    assert len(before) >= 2
    # Weights are stored as float32: probabilities agree to well below any threshold.
    assert after == pytest.approx(before, abs=1e-5)
    assert [p >= 0.5 for p in after] == [p >= 0.5 for p in before]
    # A second save/load of the loaded model is exact.
    again = load_model(loaded.save(tmp_path / "m2"))
    assert _predict(again, PROBE) == after
    assert loaded.card["name"] == "tiny"


def test_saved_model_drives_detector_like_in_memory(tiny_model: SpamModel,
                                                    tmp_path: Path) -> None:
    card_path = tiny_model.save(tmp_path / "m")
    a = Detector(DetectorConfig(model_path=str(card_path))).detect(PROBE)
    b = Detector(DetectorConfig(model_path=str(card_path))).detect(PROBE)
    assert a == b
    assert all(any(h.rule == "model.spam" for h in f.rules) for f in a.flags if f.kind == "spam")
