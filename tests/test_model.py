"""The classifier: bundled model loads offline, predicts, trains deterministically."""

import json
import logging
from dataclasses import replace

import numpy as np
import pytest

from cleantext import Detector, DetectorConfig, ModelError
from cleantext.corpus import CorpusDoc, SpanLabel
from cleantext.model import default_model_path, load_model
from cleantext.train import TrainParams, fit


def test_bundled_model_loads_and_has_a_card():
    path = default_model_path()
    assert path is not None and path.suffix == ".json"
    model = load_model(path)
    card = model.card
    for key in ("cleantext_version", "sklearn_version", "corpus_sha256", "params",
                "metrics_dev", "threshold"):
        assert key in card
    assert (path.with_suffix(".npz")).stat().st_size < 20_000_000


def test_flags_carry_the_model_probability(detector):
    res = detector.detect("Markets rose today.\n上海私人品茶\nBonds were flat.")
    (flag,) = res.removed
    hit = next(h for h in flag.rules if h.rule == "model.spam")
    assert 0.0 <= hit.score <= 1.0 and "classifier probability" in hit.reason


def test_missing_model_runs_rules_only_and_says_so_once(tmp_path, caplog, monkeypatch):
    import cleantext.model as m

    monkeypatch.setattr(m, "default_model_path", lambda: None)
    monkeypatch.setattr(m, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="cleantext.model"):
        for _ in range(2):
            det = Detector()
            assert det.model is None
            text = "Markets rose today.\n上海私人品茶\nBonds were flat."
            assert det.clean(text) == "Markets rose today.\nBonds were flat."
    assert sum("running on rules only" in r.message for r in caplog.records) == 1


def test_explicit_missing_model_is_a_clear_error(tmp_path):
    det = Detector(DetectorConfig(model_path=str(tmp_path / "nope.json")))
    with pytest.raises(ModelError, match=r"nope.json does not exist.*cleantext train"):
        det.clean("Markets rose today.\n上海私人品茶\nBonds were flat.")


def _tiny_corpus():
    docs = []
    for i in range(6):
        spam = f"上海私人品茶{i}"
        text = f"City news number {i} is here.\n{spam}\nThe mayor spoke at length about trains."
        s = text.index(spam)
        docs.append(CorpusDoc(id=f"p{i}", lang="en", text=text, kind="positive",
                              shape="line", spans=(SpanLabel(s, s + len(spam)),)))
        docs.append(CorpusDoc(id=f"n{i}", lang="en", kind="negative", shape="foreign-name",
                              text=f"The word 加油 is shouted at games, said coach number {i}.",
                              spans=()))
    return docs


def test_training_is_deterministic_and_round_trips(tmp_path):
    docs = _tiny_corpus()
    a = fit(docs, TrainParams(C=1.0))
    b = fit(docs, TrainParams(C=1.0))
    assert np.array_equal(a.coef, b.coef) and a.intercept == b.intercept
    card = a.save(tmp_path / "tiny")
    loaded = load_model(card)
    assert np.allclose(loaded.coef, a.coef, atol=1e-6)
    det = Detector(DetectorConfig(model_path=str(card)))
    assert det.model is not None
    assert json.loads(card.read_text())["corpus_sha256"]


def test_model_from_another_layout_fails_clearly(tmp_path):
    card = fit(_tiny_corpus(), TrainParams(C=1.0)).save(tmp_path / "m")
    data = json.loads(card.read_text())
    data["format_version"] = 999
    card.write_text(json.dumps(data))
    with pytest.raises(ModelError, match=r"m.json was written for another feature layout.*cleantext train"):
        load_model(card)


def test_rules_only_config_never_loads_a_model():
    det = Detector(replace(DetectorConfig(), use_model=False))
    assert det.model is None


def test_every_corpus_hard_negative_comes_back_untouched(detector):
    # Issue 3's bar: the bundled model leaves all of corpus/'s hard negatives alone
    # (foreign names and quotes, bilingual pages, articles about spam, footers...).
    from pathlib import Path

    from cleantext.corpus import load_corpus

    path = Path(__file__).resolve().parents[1] / "corpus" / "corpus.jsonl"
    negatives = [d for d in load_corpus([str(path)]) if not d.spans]
    assert len(negatives) >= 300
    touched = {d.id: [f.text for f in detector.detect(d.text, input_format="text").removed]
               for d in negatives}
    assert {k: v for k, v in touched.items() if v} == {}
