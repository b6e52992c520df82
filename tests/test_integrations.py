"""The Dask integration on a local two-worker cluster."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import dask.bag as db  # noqa: E402

from cleantext import DetectorConfig  # noqa: E402
from cleantext.integrations.dask import clean_bag, clean_dataframe  # noqa: E402

SPAM = "北京外围女微信 bj1234 高端模特"
HOST = ("Engineers at the harbour authority have finished testing a new tide gauge.\n{spam}\n"
        "The device reports water levels every minute and costs less than the old one.")
DIRTY = HOST.format(spam=SPAM)
CLEAN = HOST.replace("\n{spam}", "")
CFG = DetectorConfig(use_model=False)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_clean_bag_keeps_order_fields_and_errors(client: Any) -> None:
    recs = [{"i": i, "text": DIRTY if i % 4 == 0 else f"Row {i}.", "tag": "x"} for i in range(40)]
    recs.append({"i": 40, "body": "no text"})
    bag = db.from_sequence(recs, npartitions=4)
    out = clean_bag(bag, detector_config=CFG, output_field="clean").compute()
    assert [r["i"] for r in out] == list(range(41))
    assert all(r["tag"] == "x" for r in out[:40])
    assert out[0]["clean"] == CLEAN and out[0]["text"] == DIRTY
    assert [f["text"] for f in out[0]["cleantext"]["flags"] if f["removed"]] == [SPAM]
    assert "no field 'text'" in out[40]["cleantext_error"]["message"]


def test_clean_bag_json_lines_roundtrip(client: Any, tmp_path: Any) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"n": i, "text": DIRTY}, ensure_ascii=False) + "\n"
                           for i in range(6)), encoding="utf-8")
    bag = db.read_text(str(src), blocksize=None).map(json.loads)
    clean_bag(bag, detector_config=CFG).map(json.dumps).to_textfiles(str(tmp_path / "out-*.jsonl"))
    rows = [json.loads(line) for p in sorted(tmp_path.glob("out-*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines()]
    assert [r["n"] for r in rows] == list(range(6))
    assert {r["text"] for r in rows} == {CLEAN}


def test_clean_dataframe_column(client: Any) -> None:
    pdf = pd.DataFrame({"k": range(6), "text": [DIRTY, "Fine.", DIRTY, None, "Ok.", DIRTY]})
    ddf = dd.from_pandas(pdf, npartitions=2)
    out = clean_dataframe(ddf, "text", output_column="clean", detector_config=CFG).compute()
    assert list(out["k"]) == list(range(6))
    assert list(out["cleantext_removed"]) == [1, 0, 1, 0, 0, 1]
    assert out["clean"].iloc[0] == CLEAN and out["text"].iloc[0] == DIRTY
    assert out["cleantext_error"].iloc[3] and out["cleantext_error"].iloc[0] is None
    assert json.loads(out["cleantext"].iloc[0])["checked"] is True
