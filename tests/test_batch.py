"""Batch mode of `cleantext clean`: JSON Lines, WARC, directories, -j, stats, errors."""

from __future__ import annotations

import gzip
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleantext import DetectorConfig
from cleantext.batch import (
    BatchStats,
    RecordError,
    clean_records_parallel,
    iter_clean_records,
)
from cleantext.cli import EXIT_OK, EXIT_PARTIAL, main

SPAM = "北京外围女微信 bj1234 高端模特"
HOST = ("Engineers at the harbour authority have finished testing a new tide gauge.\n{spam}\n"
        "The device reports water levels every minute and costs less than the old one.")
DIRTY = HOST.format(spam=SPAM)
CLEAN = HOST.replace("\n{spam}", "")
CFG = DetectorConfig(use_model=False)
NO_MODEL = ["--no-model", "-j1"]


def _jsonl(path: Path, records: list[Any], gz: bool = False) -> Path:
    data = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                   for r in records).encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def _read_jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def html_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the real HTML pipeline if it is there; else a stand-in that strips tags."""
    try:
        import cleantext.html.pipeline  # noqa: F401
    except ImportError:
        import lxml.html

        import cleantext.html

        def stub(detector: Any, html: str) -> Any:
            text = "\n".join(t.strip() for t in lxml.html.fromstring(html).itertext()
                             if t.strip())
            return detector.clean_text(text)

        monkeypatch.setattr(cleantext.html, "clean_html", stub)


# -- JSON Lines ------------------------------------------------------------------------------
def test_jsonl_cleans_text_and_passes_other_fields(tmp_path: Path, capsys: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": DIRTY, "meta": {"lang": "en", "n": [1, 2]}, "score": 0.5},
        {"id": "b", "text": CLEAN, "url": None},
    ])
    assert main(["clean", *NO_MODEL, str(src)]) == EXIT_OK
    out = _read_jsonl(capsys.readouterr().out)
    assert [r["id"] for r in out] == ["a", "b"]
    assert out[0]["text"] == CLEAN
    assert out[0]["meta"] == {"lang": "en", "n": [1, 2]} and out[0]["score"] == 0.5
    assert list(out[0]) == ["id", "text", "meta", "score", "cleantext"]  # field order kept
    assert out[0]["cleantext"]["checked"] is True
    removed = [f for f in out[0]["cleantext"]["flags"] if f["removed"]]
    assert [f["text"] for f in removed] == [SPAM]
    assert out[1] == {"id": "b", "text": CLEAN, "url": None,
                      "cleantext": {"flags": [], "checked": True}}


def test_other_fields_pass_through_exactly(tmp_path: Path, capsys: Any) -> None:
    # What a fast JSON parser may read differently: integers past 64 bits (as
    # floats), NaN and infinities, large floats, a BOM on the first line.
    text = json.dumps(CLEAN)
    lines = [
        f'\ufeff{{"id": 1, "text": {text}, "big": 123456789012345678901234567890}}',
        f'{{"id": 2, "text": {text}, "neg": [-99999999999999999999, 1.5e300], "u64": '
        '18446744073709551615}',
        f'{{"id": 3, "text": {text}, "x": NaN, "y": -Infinity, "z": 1e400}}',
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["clean", *NO_MODEL, str(src)]) == EXIT_OK
    out = _read_jsonl(capsys.readouterr().out)
    assert out[0]["big"] == 123456789012345678901234567890
    assert out[1]["neg"] == [-99999999999999999999, 1.5e300]
    assert out[1]["u64"] == 18446744073709551615
    x, y, z = out[2]["x"], out[2]["y"], out[2]["z"]
    assert isinstance(x, float) and math.isnan(x)  # not null
    assert y == float("-inf") and z == float("inf")


def test_output_field_and_custom_text_field(tmp_path: Path, capsys: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"body": DIRTY}])
    code = main(["clean", *NO_MODEL, "--text-field", "body", "--output-field", "clean",
                 str(src)])
    assert code == EXIT_OK
    (rec,) = _read_jsonl(capsys.readouterr().out)
    assert rec["body"] == DIRTY and rec["clean"] == CLEAN


def test_html_field(tmp_path: Path, capsys: Any, html_pipeline: None) -> None:
    page = f"<html><body><p>{DIRTY.replace(chr(10), '</p><p>')}</p></body></html>"
    src = _jsonl(tmp_path / "in.jsonl", [{"id": 1, "html": page}, {"id": 2, "text": CLEAN}])
    assert main(["clean", *NO_MODEL, "--html-field", "html", str(src)]) == EXIT_OK
    first, second = _read_jsonl(capsys.readouterr().out)
    assert first["html"] == page  # the HTML stays; the cleaned text goes to --text-field
    assert SPAM not in first["text"] and "tide gauge" in first["text"]
    assert second["text"] == CLEAN


def test_order_preserved_with_two_jobs(tmp_path: Path, capsys: Any) -> None:
    recs = [{"n": i, "text": DIRTY if i % 3 == 0 else f"Plain line number {i}."}
            for i in range(400)]
    src = _jsonl(tmp_path / "in.jsonl", recs)
    code = main(["clean", "--no-model", "-j2", "--chunk-size", "7", str(src)])
    assert code == EXIT_OK
    out = _read_jsonl(capsys.readouterr().out)
    assert [r["n"] for r in out] == list(range(400))
    assert all(r["text"] == CLEAN for r in out if r["n"] % 3 == 0)


BAD_LINES = [
    {"id": 1, "text": DIRTY},
    "{not json",
    {"id": 3, "body": "no text field"},
    {"id": 4, "text": 42},
    [1, 2, 3],
    {"id": 6, "text": CLEAN},
]


def test_bad_records_become_error_entries(tmp_path: Path, capsys: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl", BAD_LINES)
    with src.open("ab") as fh:
        fh.write(b'{"id": 7, "text": "caf\xe9"}\n')  # Latin-1 byte in a UTF-8 stream
    assert main(["clean", *NO_MODEL, "--id-field", "id", str(src)]) == EXIT_PARTIAL
    captured = capsys.readouterr()
    out = _read_jsonl(captured.out)
    assert len(out) == 7
    good = [r for r in out if "cleantext" in r]
    assert [(r["id"], r["text"]) for r in good] == [(1, CLEAN), (6, CLEAN)]
    errs = {r["cleantext_error"]["line"]: r for r in out if "cleantext_error" in r}
    assert sorted(errs) == [2, 3, 4, 5, 7]
    assert "invalid JSON" in errs[2]["cleantext_error"]["message"]
    assert errs[2]["cleantext_error"]["raw"] == "{not json"
    assert errs[3]["body"] == "no text field"  # the record itself is kept
    assert "no field 'text'" in errs[3]["cleantext_error"]["message"]
    assert errs[3]["cleantext_error"]["id"] == 3
    assert "not a string" in errs[4]["cleantext_error"]["message"]
    assert "JSON object" in errs[5]["cleantext_error"]["message"]
    assert "UTF-8" in errs[7]["cleantext_error"]["message"]
    assert "5 errors" in captured.err


def test_errors_file_keeps_output_clean(tmp_path: Path, capsys: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl", BAD_LINES)
    errors = tmp_path / "errors.jsonl"
    code = main(["clean", *NO_MODEL, "--errors", str(errors), "-j2", str(src)])
    assert code == EXIT_PARTIAL
    out = _read_jsonl(capsys.readouterr().out)
    assert [r["id"] for r in out] == [1, 6]
    entries = _read_jsonl(errors.read_text(encoding="utf-8"))
    assert [e["line"] for e in entries] == [2, 3, 4, 5]
    assert entries[1]["record"] == {"id": 3, "body": "no text field"}
    assert all(e["source"] == str(src) and e["error"] for e in entries)


def test_stats_file_and_summary(tmp_path: Path, capsys: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"text": DIRTY}, {"text": CLEAN}, "oops"])
    stats = tmp_path / "stats.json"
    assert main(["clean", *NO_MODEL, "--stats", str(stats), str(src)]) == EXIT_PARTIAL
    data = json.loads(stats.read_text())
    assert data["documents"] == 3
    assert data["changed"] == 1
    assert data["spans_removed"] == 1
    assert data["chars_removed"] == len(SPAM) + 1  # the span and its line break
    assert data["errors"] == 1
    assert data["bytes_in"] > len(DIRTY)
    assert data["docs_per_s"] > 0 and data["seconds"] >= 0 and data["jobs"] == 1
    err = capsys.readouterr().err
    assert "3 documents, 1 changed, 1 spans removed" in err
    assert "\r" not in err  # stderr is not a terminal: no progress bar


def test_quiet_has_no_summary(tmp_path: Path, capsys: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"text": CLEAN}])
    assert main(["clean", *NO_MODEL, "-q", str(src)]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_gzip_input_and_output(tmp_path: Path, capsys: Any) -> None:
    src = _jsonl(tmp_path / "in.jsonl.gz", [{"n": i, "text": DIRTY} for i in range(5)], gz=True)
    out = tmp_path / "out.jsonl.gz"
    assert main(["clean", *NO_MODEL, "-o", str(out), str(src)]) == EXIT_OK
    recs = _read_jsonl(gzip.decompress(out.read_bytes()).decode("utf-8"))
    assert [r["n"] for r in recs] == list(range(5))
    assert {r["text"] for r in recs} == {CLEAN}


def test_stdin_needs_input_format(tmp_path: Path) -> None:
    data = json.dumps({"text": DIRTY, "k": 1}, ensure_ascii=False) + "\n"
    proc = subprocess.run(
        [sys.executable, "-m", "cleantext", "clean", "--input-format", "jsonl", "--no-model",
         "-j1"], input=data.encode("utf-8"), capture_output=True, timeout=60, check=False)
    assert proc.returncode == EXIT_OK, proc.stderr
    (rec,) = _read_jsonl(proc.stdout.decode("utf-8"))
    assert rec["text"] == CLEAN and rec["k"] == 1


# -- WARC --------------------------------------------------------------------------------------
def _warc(path: Path, pages: list[tuple[str, str, bytes]]) -> Path:
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                            http_headers=headers)
            writer.write_record(rec)
    assert warcio
    return path


def _page(body: str) -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in body.split("\n"))
    return f"<html><head><title>t</title></head><body>{paras}</body></html>".encode()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_input(tmp_path: Path, capsys: Any, html_pipeline: None, name: str) -> None:
    src = _warc(tmp_path / name, [
        ("https://example.org/a", "text/html; charset=utf-8", _page(DIRTY)),
        ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(50)),
        ("https://example.org/b", "text/html", _page(CLEAN)),
        ("https://example.org/bin", "text/html", bytes(range(256)) * 4),
    ])
    stats = tmp_path / "s.json"
    code = main(["clean", *NO_MODEL, "--stats", str(stats), str(src)])
    assert code == EXIT_PARTIAL  # the binary "HTML" page is an error entry
    out = _read_jsonl(capsys.readouterr().out)
    assert [r.get("url") or r["cleantext_error"]["url"] for r in out] == [
        "https://example.org/a", "https://example.org/b", "https://example.org/bin"]
    first = out[0]
    assert first["record_id"].startswith("<urn:uuid:") and first["date"]
    assert SPAM not in first["text"] and "tide gauge" in first["text"]
    assert "binary" in out[2]["cleantext_error"]["message"]
    data = json.loads(stats.read_text())
    assert (data["documents"], data["errors"], data["skipped"]) == (3, 1, 1)


# -- directories -------------------------------------------------------------------------------
def test_recursive_directory_mirrored(tmp_path: Path, capsys: Any, html_pipeline: None) -> None:
    root = tmp_path / "in"
    (root / "sub" / "deeper").mkdir(parents=True)
    _jsonl(root / "a.jsonl", [{"text": DIRTY}])
    _jsonl(root / "sub" / "b.jsonl.gz", [{"text": DIRTY}, {"text": CLEAN}], gz=True)
    _jsonl(root / "sub" / "empty.jsonl", [])
    (root / "sub" / "deeper" / "note.txt").write_text(DIRTY, encoding="utf-8")
    (root / "sub" / "ignored.csv").write_text("a,b\n", encoding="utf-8")
    _warc(root / "sub" / "deeper" / "c.warc.gz",
          [("https://example.org/c", "text/html", _page(DIRTY))])
    out = tmp_path / "out"
    code = main(["clean", "--no-model", "-j2", "-r", str(root), "--output-dir", str(out)])
    assert code == EXIT_OK
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == ["a.jsonl", "sub/b.jsonl.gz", "sub/deeper/c.jsonl.gz",
                     "sub/deeper/note.txt", "sub/empty.jsonl"]
    assert _read_jsonl((out / "a.jsonl").read_text())[0]["text"] == CLEAN
    b = _read_jsonl(gzip.decompress((out / "sub/b.jsonl.gz").read_bytes()).decode())
    assert [r["text"] for r in b] == [CLEAN, CLEAN]
    assert (out / "sub/empty.jsonl").read_text() == ""
    assert (out / "sub/deeper/note.txt").read_text(encoding="utf-8") == CLEAN
    (c,) = _read_jsonl(gzip.decompress((out / "sub/deeper/c.jsonl.gz").read_bytes()).decode())
    assert c["url"] == "https://example.org/c" and SPAM not in c["text"]
    assert "5 documents, 4 changed" in capsys.readouterr().err  # a, b x2, c, note


def test_recursive_needs_output_dir(tmp_path: Path, capsys: Any) -> None:
    assert main(["clean", "-r", str(tmp_path)]) == 1
    assert "--output-dir" in capsys.readouterr().err


# -- library API -------------------------------------------------------------------------------
def test_iter_clean_records_and_stats() -> None:
    stats = BatchStats()
    recs = [{"k": 1, "text": DIRTY}, {"k": 2}, {"k": 3, "text": CLEAN}]
    out = list(iter_clean_records(recs, detector_config=CFG, output_field="clean",
                                  stats=stats))
    assert [r["k"] for r in out] == [1, 2, 3]
    assert out[0]["clean"] == CLEAN and out[0]["text"] == DIRTY
    assert "cleantext_error" in out[1]
    assert (stats.documents, stats.errors, stats.spans_removed) == (3, 1, 1)
    with pytest.raises(RecordError):
        list(iter_clean_records(recs, detector_config=CFG, on_error="raise"))


def test_clean_records_parallel_is_ordered_and_lazy() -> None:
    def gen() -> Any:
        for i in range(300):
            yield {"i": i, "text": DIRTY if i % 50 == 0 else f"Item {i}."}

    stats = BatchStats()
    out = clean_records_parallel(gen(), detector_config=CFG, jobs=2, chunksize=16,
                                 stats=stats)
    rows = list(out)
    assert [r["i"] for r in rows] == list(range(300))
    assert rows[0]["text"] == CLEAN
    assert stats.spans_removed == 6 and stats.documents == 300


# -- stopping early -------------------------------------------------------------------------
def _slow_square(x: int) -> int:
    import time

    time.sleep(0.25)
    return x * x


def _no_init() -> None:
    pass


def test_ordered_map_in_order_and_stops_early_without_finishing_the_queue() -> None:
    import time

    from cleantext.batch import ordered_map

    assert list(ordered_map(_slow_square, range(6), jobs=2, initializer=_no_init)) == [
        0, 1, 4, 9, 16, 25]
    # A reader that stops after the first result (`| head`): the chunks not started are
    # dropped, not worked through (40 chunks would take 5 s on two workers).
    started = time.perf_counter()
    results = ordered_map(_slow_square, range(40), jobs=2, initializer=_no_init, window=40)
    assert next(results) == 0
    results.close()
    assert time.perf_counter() - started < 2.5
