"""Throughput of `cleantext clean` on JSON Lines: docs/s, MB/s and peak memory.

Run by hand (not a test)::

    python benchmarks/bench_throughput.py                # bundled model if present
    python benchmarks/bench_throughput.py --no-model     # rules only
    python benchmarks/bench_throughput.py --text-docs 4000 --html-docs 400 --jobs 1 2

Data comes from ``../shared/data`` (or ``--data DIR``); a part whose files are absent is
skipped with a note.

- text: 3-8 KB articles, each built by joining units of one language from
  ``text/clean-units.jsonl.gz``.
- html: the ``html`` field of ``html/*.jsonl.gz``; trafilatura's ``extract`` runs on the
  same pages, at the same -j, in the same run.

Each case runs in a fresh subprocess, so its peak memory (``ru_maxrss`` of the main
process and of its worker processes) is its own.  The cleantext figures go through the
real CLI path (``cleantext.cli.main``: read, parse, clean in workers, write in order).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"


# -- data -------------------------------------------------------------------------------------
def build_text_docs(data: Path, n: int, seed: int = 0) -> list[str]:
    """``n`` articles of 3-8 KB, each from units of a single language."""
    src = data / "text" / "clean-units.jsonl.gz"
    if not src.exists():
        return []
    by_lang: dict[str, list[str]] = {}
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            by_lang.setdefault(row["lang"], []).append(row["text"])
    rng = random.Random(seed)
    langs = sorted(by_lang)
    docs: list[str] = []
    while len(docs) < n:
        units = by_lang[rng.choice(langs)]
        target = rng.randint(3000, 8000)
        parts: list[str] = []
        size = 0
        start = rng.randrange(len(units))
        while size < target and len(parts) < len(units):
            unit = units[(start + len(parts)) % len(units)]
            parts.append(unit)
            size += len(unit.encode("utf-8")) + 1
        docs.append("\n".join(parts))
    return docs


def load_html_pages(data: Path, n: int) -> list[str]:
    pages: list[str] = []
    for src in sorted((data / "html").glob("*.jsonl.gz")):
        with gzip.open(src, "rt", encoding="utf-8") as fh:
            for line in fh:
                html = json.loads(line).get("html")
                if isinstance(html, str) and html.strip():
                    pages.append(html)
                if len(pages) >= n:
                    return pages
    return pages


# -- one case (in a subprocess) -------------------------------------------------------------------
def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(kids, 1)


def _cpu_seconds() -> float:
    """CPU time of this process and its (finished) workers."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_cleantext_case(path: str, jobs: int, no_model: bool, field: str) -> dict[str, Any]:
    from cleantext.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        stats = Path(tmp) / "stats.json"
        argv = ["clean", "-q", f"-j{jobs}", "--stats", str(stats), "-o", str(Path(tmp) / "o.jsonl"),
                "--input-format", "jsonl"]
        if field == "html":
            argv += ["--html-field", "html"]
        if no_model:
            argv.append("--no-model")
        t0, c0 = time.perf_counter(), _cpu_seconds()
        code = main([*argv, path])
        secs = time.perf_counter() - t0
        cpu = _cpu_seconds() - c0
        s = json.loads(stats.read_text())
    own, kids = _peak_mb()
    return {"engine": "cleantext", "jobs": jobs, "exit": code, "docs": s["documents"],
            "errors": s["errors"], "seconds": round(secs, 2),
            "docs_per_s": round(s["documents"] / secs, 1),
            "mb_per_s": round(s["bytes_in"] / 1e6 / secs, 2), "cpus_busy": round(cpu / secs, 2),
            "docs_per_cpu_s": round(s["documents"] / cpu, 1),
            "peak_rss_main_mb": own, "peak_rss_worker_mb": kids}


def _traf(html: str) -> int:
    import trafilatura

    return len(trafilatura.extract(html) or "")


def run_trafilatura_case(path: str, jobs: int) -> dict[str, Any]:
    import multiprocessing

    pages = [json.loads(line)["html"] for line in open(path, encoding="utf-8")]
    nbytes = sum(len(p.encode("utf-8")) for p in pages)
    t0, c0 = time.perf_counter(), _cpu_seconds()
    if jobs == 1:
        for p in pages:
            _traf(p)
    else:
        with multiprocessing.Pool(jobs) as pool:
            for _ in pool.imap(_traf, pages, chunksize=4):
                pass
    secs = time.perf_counter() - t0
    cpu = _cpu_seconds() - c0
    own, kids = _peak_mb()
    return {"engine": "trafilatura", "jobs": jobs, "docs": len(pages), "seconds": round(secs, 2),
            "cpus_busy": round(cpu / secs, 2), "docs_per_cpu_s": round(len(pages) / cpu, 1),
            "docs_per_s": round(len(pages) / secs, 1), "mb_per_s": round(nbytes / 1e6 / secs, 2),
            "peak_rss_main_mb": own, "peak_rss_worker_mb": kids}


def _case(args: argparse.Namespace) -> None:
    if args.case == "trafilatura":
        res = run_trafilatura_case(args.path, args.case_jobs)
    else:
        res = run_cleantext_case(args.path, args.case_jobs, args.no_model, args.case)
    print(json.dumps(res))


def _best(repeat: int, case: str, path: str, jobs: int, no_model: bool) -> dict[str, Any]:
    """The fastest of ``repeat`` runs: competing load only ever slows a run down."""
    runs = [_spawn(case, path, jobs, no_model) for _ in range(max(1, repeat))]
    ok = [r for r in runs if "failed" not in r]
    return max(ok, key=lambda r: r["docs_per_s"]) if ok else runs[0]


def _spawn(case: str, path: str, jobs: int, no_model: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--case", case, "--path", path, "--case-jobs", str(jobs)]
    if no_model:
        cmd.append("--no-model")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"engine": case, "jobs": jobs, "failed": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- driver ----------------------------------------------------------------------------------------
def _html_pipeline_ready() -> bool:
    try:
        import cleantext.html.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


def _model_ready() -> bool:
    from cleantext import Detector

    return Detector().model is not None


def _table(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n== {title}")
    print(f"{'engine':12s} {'-j':>3s} {'docs':>6s} {'err':>4s} {'sec':>7s} {'docs/s':>8s} "
          f"{'MB/s':>6s} {'CPUs':>5s} {'docs/CPU-s':>10s} {'peak main MB':>13s} {'peak worker MB':>15s}")
    for r in rows:
        if "failed" in r:
            print(f"{r['engine']:12s} {r['jobs']:>3d} failed: {r['failed']}")
            continue
        print(f"{r['engine']:12s} {r['jobs']:>3d} {r['docs']:>6d} {r.get('errors', 0):>4d} "
              f"{r['seconds']:>7.2f} {r['docs_per_s']:>8.1f} {r['mb_per_s']:>6.2f} "
              f"{r['cpus_busy']:>5.2f} {r['docs_per_cpu_s']:>10.1f} "
              f"{r['peak_rss_main_mb']:>13.1f} {r['peak_rss_worker_mb']:>15.1f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--text-docs", type=int, default=2000)
    p.add_argument("--html-docs", type=int, default=300)
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--no-model", action="store_true", help="rules only")
    p.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest counts")
    p.add_argument("--skip-text", action="store_true")
    p.add_argument("--skip-html", action="store_true")
    p.add_argument("--case", help=argparse.SUPPRESS)
    p.add_argument("--path", help=argparse.SUPPRESS)
    p.add_argument("--case-jobs", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.case:
        _case(args)
        return
    model = "off (--no-model)" if args.no_model else (
        "bundled model" if _model_ready() else "no model found: rules only")
    from cleantext import native

    print(f"cleantext benchmark; classifier: {model}; code paths: {native.describe()}; "
          f"data: {args.data}")
    print(f"load average before the run: {Path('/proc/loadavg').read_text().split()[:3]} "
          "(other processes on the machine skew the -j2 figures)")
    print("CPUs: CPU seconds per wall second (main + workers); docs/CPU-s: throughput per "
          "core, independent of competing load")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_text:
            docs = build_text_docs(args.data, args.text_docs)
            if not docs:
                print("\n== text: skipped (no text/clean-units.jsonl.gz)")
            else:
                path = Path(tmp) / "text.jsonl"
                with path.open("w", encoding="utf-8") as fh:
                    for i, d in enumerate(docs):
                        fh.write(json.dumps({"id": i, "text": d}, ensure_ascii=False) + "\n")
                sizes = sorted(len(d.encode("utf-8")) for d in docs)
                rows = [_best(args.repeat, "text", str(path), j, args.no_model) for j in args.jobs]
                _table(f"plain text: {len(docs)} articles, {sizes[0]}-{sizes[-1]} bytes "
                       f"(median {sizes[len(sizes) // 2]}), {path.stat().st_size / 1e6:.1f} MB",
                       rows)
                _speedup(rows)
        if not args.skip_html:
            pages = load_html_pages(args.data, args.html_docs)
            if not pages:
                print("\n== html: skipped (no html/*.jsonl.gz)")
            else:
                path = Path(tmp) / "html.jsonl"
                with path.open("w", encoding="utf-8") as fh:
                    for i, h in enumerate(pages):
                        fh.write(json.dumps({"id": i, "html": h}, ensure_ascii=False) + "\n")
                rows = []
                for j in args.jobs:
                    if _html_pipeline_ready():
                        rows.append(_best(args.repeat, "html", str(path), j, args.no_model))
                    rows.append(_best(args.repeat, "trafilatura", str(path), j, args.no_model))
                title = f"HTML: {len(pages)} pages, {path.stat().st_size / 1e6:.1f} MB"
                if not _html_pipeline_ready():
                    title += " (cleantext.html.pipeline not available: trafilatura only)"
                _table(title, rows)
                _ratio(rows)


def _speedup(rows: list[dict[str, Any]]) -> None:
    by_j = {r["jobs"]: r for r in rows if "failed" not in r}
    if 1 in by_j and 2 in by_j:
        print(f"   -j2 / -j1 speed-up: {by_j[2]['docs_per_s'] / by_j[1]['docs_per_s']:.2f}x")


def _ratio(rows: list[dict[str, Any]]) -> None:
    ok = [r for r in rows if "failed" not in r]
    for j in sorted({r["jobs"] for r in ok}):
        ct = [r for r in ok if r["jobs"] == j and r["engine"] == "cleantext"]
        tr = [r for r in ok if r["jobs"] == j and r["engine"] == "trafilatura"]
        if ct and tr:
            print(f"   -j{j}: cleantext / trafilatura pages/s = "
                  f"{ct[0]['docs_per_s'] / tr[0]['docs_per_s']:.2f}x")
    _speedup([r for r in ok if r["engine"] == "cleantext"])


if __name__ == "__main__":
    main()
