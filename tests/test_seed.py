"""The founding example: three Chinese escort-ad phrases in an English article."""

import json
import subprocess
import sys

from conftest import ROOT

SEED = ROOT / "examples" / "seed-article.txt"
CLEAN = ROOT / "examples" / "seed-article.clean.txt"


def test_seed_cleans_exactly(detector):
    assert detector.clean(SEED.read_text("utf-8")) == CLEAN.read_text("utf-8")


def test_seed_cleans_exactly_rules_only(rules_only):
    assert rules_only.clean(SEED.read_text("utf-8")) == CLEAN.read_text("utf-8")


def test_seed_flags_name_rules_offsets_and_reasons(detector):
    text = SEED.read_text("utf-8")
    res = detector.detect(text)
    removed = res.removed
    assert [f.text for f in removed] == ["上海龙凤千花1314", "上海私人品茶", "上海娱乐"]
    for f in removed:
        assert text[f.start : f.end] == f.text
        assert "script.out_of_context" in f.rule_ids
        assert f.score >= 0.5 and f.reason.startswith("removed")
    # The line holding only 上海私人品茶 goes with its line break.
    own_line = removed[1]
    assert own_line.cut_text == "上海私人品茶\n"


def test_seed_through_python_m(tmp_path):
    out = subprocess.run([sys.executable, "-m", "cleantext", "clean", str(SEED)],
                         capture_output=True, check=True)
    assert out.stdout == CLEAN.read_bytes()


def test_seed_detect_jsonl():
    out = subprocess.run([sys.executable, "-m", "cleantext", "detect", str(SEED)],
                         capture_output=True, check=True, text=True)
    recs = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["text"] for r in recs] == ["上海龙凤千花1314", "上海私人品茶", "上海娱乐"]
    assert set(recs[0]) >= {"file", "start", "end", "text", "rules", "score", "reason"}
    assert "script.out_of_context" in recs[0]["rules"]
