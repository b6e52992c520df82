"""Batch mode of `cleantext clean`: JSON Lines, WARC, directories, parallel workers.

Batch mode starts when ``--input-format`` is ``jsonl`` or ``warc``, when ``-r DIR`` is
given, or when an input file ends in ``.jsonl``/``.ndjson``/``.warc`` (optionally
``.gz``).  Input is read as a stream in the main process, cleaned in ``-j`` worker
processes in chunks, and written back in input order, one JSON line per record.

A bad record (not JSON, not UTF-8, missing or non-string field, undecodable WARC
payload) becomes an error entry -- in the output with a ``cleantext_error`` field, or
in ``--errors FILE`` -- and the run goes on; the exit code is then 4.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from .batch import (
    ERROR_COUNTS,
    BatchStats,
    Counts,
    FieldMap,
    RecordError,
    chunked,
    clean_record,
    clean_text_value,
    config_for_records,
    default_jobs,
    describe_exception,
    dumps,
    dumps_bytes,
    error_record,
    init_worker,
    loads,
    ordered_map,
    worker_state,
)
from .config import DetectorConfig
from .errors import InputError

log = logging.getLogger("cleantext")

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
DOC_SUFFIXES = (".txt", ".html", ".htm")  # whole-file documents, only with -r
RECORD_FORMATS = ("jsonl", "warc")
_RAW_KEEP = 2000  # characters of an unparsable line kept in its error entry


# -- options ---------------------------------------------------------------------------------
def add_batch_options(p: argparse.ArgumentParser) -> None:
    """Add the batch options to the `clean` parser."""
    # --input-format is declared by cli.py for both clean and detect; only `clean`
    # reads record streams, so the record formats are added to its copy here.
    for action in p._actions:  # noqa: SLF001 - argparse has no public accessor
        if "--input-format" in action.option_strings and action.choices is not None:
            choices = list(action.choices)
            action.choices = choices + [c for c in RECORD_FORMATS if c not in choices]
            action.help = ("how to read the input: auto/text/html documents, or jsonl/warc "
                           "record streams (default: auto; .jsonl/.warc files by suffix)")
    g = p.add_argument_group(
        "batch", "JSON Lines and WARC streams, directories, parallel workers "
        "(example: cleantext clean -j4 --stats s.json crawl.jsonl.gz > clean.jsonl)")
    g.add_argument("--text-field", default="text", metavar="NAME",
                   help="JSONL field with the document (default: text)")
    g.add_argument("--html-field", default=None, metavar="NAME",
                   help="JSONL field with HTML, read instead of --text-field when present")
    g.add_argument("--id-field", default=None, metavar="NAME",
                   help="JSONL field that names a record in error entries")
    g.add_argument("--output-field", default=None, metavar="NAME",
                   help="put the cleaned text here instead of replacing the document field")
    g.add_argument("-r", "--recursive", action="append", default=[], metavar="DIR",
                   help="clean every .jsonl/.warc/.txt/.html file under DIR (repeatable); "
                   "output mirrored into --output-dir")
    g.add_argument("--output-dir", default=None, metavar="DIR",
                   help="write one output per input file here (WARC -> .jsonl)")
    g.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 1: no workers)")
    g.add_argument("--chunk-size", type=int, default=256, metavar="N",
                   help="records sent to a worker at once (default 256, at most about 1 MB)")
    g.add_argument("--stats", default=None, metavar="FILE",
                   help="write the run's counters as JSON")
    g.add_argument("--errors", default=None, metavar="FILE",
                   help="write failed records here as JSON Lines instead of into the output")


def is_batch(args: argparse.Namespace) -> bool:
    """True when the arguments ask for batch processing."""
    if getattr(args, "input_format", None) in RECORD_FORMATS or getattr(args, "recursive", None):
        return True
    return any(_kind_by_suffix(f) in RECORD_FORMATS for f in getattr(args, "files", None) or [])


def _kind_by_suffix(name: str) -> str | None:
    low = name.lower()
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(DOC_SUFFIXES) or low.endswith(tuple(s + ".gz" for s in DOC_SUFFIXES)):
        return "doc"
    return None


# -- sources and outputs ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Source:
    path: str  # "-" for stdin
    kind: str  # jsonl | warc | doc
    out: str | None  # own output file, or None for the shared output (stdout / -o)


def _sources(args: argparse.Namespace) -> list[Source]:
    explicit = args.input_format if args.input_format in RECORD_FORMATS else None
    out_dir = Path(args.output_dir) if args.output_dir else None
    if args.recursive and out_dir is None:
        msg = "-r DIR needs --output-dir DIR2 to mirror the cleaned files into."
        raise InputError(msg)
    if args.in_place:
        msg = "--in-place does not apply to JSONL/WARC batches; use -o FILE or --output-dir."
        raise InputError(msg)
    sources: list[Source] = []
    for root in args.recursive:
        base = Path(root)
        if not base.is_dir():
            msg = f"-r {root}: not a directory."
            raise InputError(msg)
        skip = out_dir.resolve() if out_dir else None
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames
                                 if skip is None or (Path(dirpath) / d).resolve() != skip)
            for name in sorted(filenames):
                kind = explicit or _kind_by_suffix(name)
                if kind is None:
                    continue
                rel = (Path(dirpath) / name).relative_to(base)
                sources.append(Source(str(Path(dirpath) / name), kind,
                                      str(out_dir / _out_name(rel, kind))))  # type: ignore[operator]
    for name in args.files or ([] if args.recursive else ["-"]):
        kind = explicit or _kind_by_suffix(name) or "jsonl"
        if kind == "doc" and out_dir is None:
            msg = (f"{name} is a plain document, not JSON Lines or WARC; clean it on its own, "
                   "or give --output-dir to write one cleaned file per input.")
            raise InputError(msg)
        out = str(out_dir / _out_name(Path(Path(name).name), kind)) if out_dir and name != "-" \
            else None
        sources.append(Source(name, kind, out))
    return sources


def _out_name(rel: Path, kind: str) -> Path:
    if kind != "warc":
        return rel
    name = rel.name
    gz = name.lower().endswith(".gz")
    stem = name[: -len(".warc.gz")] if gz else name[: -len(".warc")] if \
        name.lower().endswith(".warc") else name
    return rel.with_name(stem + (".jsonl.gz" if gz else ".jsonl"))


class _AtomicOut:
    """A file written (in bytes) under a temporary name and renamed on commit (.gz: gzip)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        raw: IO[bytes] = os.fdopen(fd, "wb")
        self._raw = raw
        self._gz = gzip.GzipFile(fileobj=raw, mode="wb") if path.endswith(".gz") else None
        self.stream: IO[bytes] = raw if self._gz is None else cast(IO[bytes], self._gz)

    def commit(self) -> None:
        self.stream.close()
        self._raw.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self.stream.close()
            self._raw.close()
        finally:
            Path(self.tmp).unlink(missing_ok=True)


class _Outputs:
    """Routes results to their outputs; per-file outputs are closed in input order."""

    def __init__(self, sources: Sequence[Source], shared: str | None) -> None:
        self.sources = sources
        self._shared_path = shared
        self._shared: _AtomicOut | None = None
        self._open: dict[int, _AtomicOut] = {}
        self._done: set[int] = set()
        self._docs: dict[int, list[str]] = {}

    def stream(self, idx: int) -> IO[bytes]:
        src = self.sources[idx]
        if src.out is None:
            if self._shared_path is None:
                return sys.stdout.buffer
            if self._shared is None:
                self._shared = _AtomicOut(self._shared_path)
            return self._shared.stream
        self._finish_before(idx)
        if idx not in self._open:
            self._open[idx] = _AtomicOut(src.out)
        return self._open[idx].stream

    def _finish_before(self, idx: int) -> None:
        for i in [i for i in self._open if i < idx]:
            self._open.pop(i).commit()
            self._done.add(i)

    def close(self, ok: bool) -> None:
        for out in self._open.values():
            out.commit() if ok else out.abort()
        self._open.clear()
        if ok:
            # Inputs without a single record still get their (empty) mirrored output.
            for i, src in enumerate(self.sources):
                if src.out is not None and i not in self._done and src.kind != "doc" \
                        and not Path(src.out).exists():
                    _AtomicOut(src.out).commit()
        if self._shared is not None:
            self._shared.commit() if ok else self._shared.abort()
        elif self._shared_path is None:
            sys.stdout.buffer.flush()


# -- reading (main process) -----------------------------------------------------------------
Item = tuple[str, int, Any, Any]  # (kind, source index, where, payload)


def _open_binary(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    return open(path, "rb")  # noqa: SIM115 - closed by the caller


def _maybe_gunzip(fh: IO[bytes]) -> IO[bytes]:
    peek = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    if peek == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def _iter_items(sources: Sequence[Source], stats: BatchStats) -> Iterator[Item]:
    for idx, src in enumerate(sources):
        where: Any = None
        try:
            fh = _open_binary(src.path)
            try:
                if src.kind == "jsonl":
                    for lineno, line in enumerate(_maybe_gunzip(fh), 1):
                        where = lineno
                        if line.strip():
                            yield ("jsonl", idx, lineno, line)
                elif src.kind == "warc":
                    yield from _iter_warc(idx, fh, stats)
                else:
                    yield ("doc", idx, None, _maybe_gunzip(fh).read())
            finally:
                if fh is not sys.stdin.buffer:
                    fh.close()
        except Exception as err:  # unreadable or truncated file: an error entry, go on
            label = "stdin" if src.path == "-" else src.path
            yield ("fail", idx, where, f"cannot read {label}: {describe_exception(err)}")


def _iter_warc(idx: int, fh: IO[bytes], stats: BatchStats) -> Iterator[Item]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as err:
        msg = "WARC input needs warcio: pip install 'cleantext-injections[warc]'"
        raise InputError(msg) from err
    for rec in ArchiveIterator(fh):
        if rec.rec_type not in ("response", "resource"):
            continue
        ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers
                 else rec.rec_headers.get_header("Content-Type")) or ""
        if "html" not in ctype.lower():
            stats.skipped += 1
            continue
        meta = {
            "url": rec.rec_headers.get_header("WARC-Target-URI"),
            "record_id": rec.rec_headers.get_header("WARC-Record-ID"),
            "date": rec.rec_headers.get_header("WARC-Date"),
            "charset": _charset(ctype),
        }
        yield ("warc", idx, meta, rec.content_stream().read())


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# -- work (worker processes) ---------------------------------------------------------------
# (source index, output (UTF-8) or None, error (record, message, where) or None, counts)
Outcome = tuple[int, bytes | None, tuple[Any, str, dict[str, Any]] | None, Counts]


# What a chunk sends back: pieces in input order, (source index, output text or
# None, error or None), with consecutive lines of one stream joined into one piece,
# and the chunk's counts summed.  (Per-record tuples and count objects cost the
# main process more to unpickle than the text itself.)
Piece = tuple[int, bytes | None, tuple[Any, str, dict[str, Any]] | None]


def _work_chunk(chunk: Sequence[Item]) -> tuple[list[Piece], Counts]:
    worker_state()  # re-raise a failed initialisation once, not per record
    pieces: list[Piece] = []
    lines: list[bytes] = []
    lines_idx = -1
    total = BatchStats()
    for item in chunk:
        idx, text, err, counts = _work_item(item)
        total.add(counts)
        if lines and (idx != lines_idx or err is not None or item[0] == "doc"):
            pieces.append((lines_idx, b"".join(lines), None))
            lines = []
        if err is not None or item[0] == "doc":
            pieces.append((idx, text, err))
        else:
            lines.append(text or b"")
            lines_idx = idx
    if lines:
        pieces.append((lines_idx, b"".join(lines), None))
    return pieces, total.counts()


def _work_item(item: Item) -> Outcome:
    kind, idx, where, payload = item
    det, fields, extra = worker_state()
    if kind == "fail":
        return idx, None, (None, payload, {"line": where}), ERROR_COUNTS
    record: Any = None
    loc: dict[str, Any] = {"line": where} if kind == "jsonl" else {}
    try:
        if kind == "jsonl":
            record = _parse_line(payload, extra["encoding"], where == 1)
            if fields.id_field and isinstance(record, dict):
                loc["id"] = record.get(fields.id_field)
            out, counts = clean_record(det, record, fields, len(payload))
            return idx, dumps_bytes(out) + b"\n", None, counts
        if kind == "warc":
            meta = dict(where)
            loc = {"url": meta["url"], "record_id": meta["record_id"]}
            text, lossy = _decode(payload, meta.pop("charset"), meta["url"] or "WARC record")
            cleaned, decisions, counts = clean_text_value(det, text, "html", len(payload))
            if lossy:
                decisions["decoding"] = "lossy"
            out = {**meta, fields.output_field or fields.text_field: cleaned,
                   "cleantext": decisions}
            return idx, dumps_bytes(out) + b"\n", None, counts
        text, _lossy = _decode(payload, extra["encoding"], "file")
        cleaned, _decisions, counts = clean_text_value(det, text, extra["doc_format"],
                                                       len(payload))
        return idx, cleaned.encode("utf-8"), None, counts
    except Exception as err:  # a bad record never stops the batch
        if isinstance(record, dict) and fields.id_field:
            loc["id"] = record.get(fields.id_field)
        raw = None
        if record is None and kind == "jsonl":
            raw = payload.decode("utf-8", "replace").rstrip("\r\n")[:_RAW_KEEP]
        loc_out = {**loc, "raw": raw} if raw is not None else loc
        return idx, None, (record, describe_exception(err), loc_out), ERROR_COUNTS


def _parse_line(line: bytes, encoding: str | None, first: bool) -> Any:
    if encoding is None:
        try:
            return loads(line)
        except ValueError:
            pass  # (decoding and JSON errors) say below what is wrong, or read a BOM
    try:
        text = line.decode(encoding or ("utf-8-sig" if first else "utf-8"))
    except UnicodeDecodeError as err:
        msg = (f"not valid {encoding or 'UTF-8'} (byte {err.start}: "
               f"{line[err.start:err.start + 4]!r}); pass --encoding if the file uses another")
        raise RecordError(msg) from err
    except LookupError as err:
        msg = f"unknown encoding {encoding!r}"
        raise InputError(msg) from err
    try:
        return loads(text)
    except json.JSONDecodeError as err:
        msg = f"invalid JSON: {err.msg} (column {err.colno})"
        raise RecordError(msg) from err


def _decode(raw: bytes, charset: str | None, name: str) -> tuple[str, bool]:
    from .decoding import decode_bytes

    if charset:
        try:
            return raw.decode(charset), False
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common; detect instead
    dec = decode_bytes(raw, None, name=name)
    return dec.text, dec.lossy


# -- run -------------------------------------------------------------------------------------
def run_batch(args: argparse.Namespace, cfg: DetectorConfig) -> int:
    """Run a batch; returns the exit code."""
    from .cli import EXIT_FLAGGED, EXIT_OK, EXIT_PARTIAL

    sources = _sources(args)
    jobs = args.jobs if args.jobs and args.jobs > 0 else default_jobs()
    if args.chunk_size < 1:
        msg = f"--chunk-size must be at least 1, got {args.chunk_size}"
        raise InputError(msg)
    text_format = args.input_format if args.input_format in ("text", "html") else "text"
    fields = FieldMap(text_field=args.text_field, html_field=args.html_field,
                      id_field=args.id_field, output_field=args.output_field,
                      text_format=text_format)
    doc_format = args.input_format if args.input_format in ("auto", "text", "html") else "auto"
    extra = {"encoding": args.encoding, "doc_format": doc_format}
    # Fail before the pool starts when the configuration is wrong (unknown rule, ...).
    from .detector import Detector

    Detector(config_for_records(cfg))

    stats = BatchStats()
    outputs = _Outputs(sources, args.output)
    errors_fh = open(args.errors, "w", encoding="utf-8") if args.errors else None  # noqa: SIM115
    bar = _progress(args)
    ok = False
    try:
        items = _iter_items(sources, stats)
        chunks = chunked(items, size=args.chunk_size, weight=lambda it: len(it[3] or b""))
        results_iter = ordered_map(_work_chunk, chunks, jobs=jobs, initializer=init_worker,
                                   initargs=(config_for_records(cfg), fields, extra))
        # (Closed at once on a stop, e.g. `| head`: the workers drop queued chunks.)
        with closing(results_iter):
            for results in results_iter:
                # The workers join consecutive lines of one stream: one write per chunk
                # and stream (the main process is a third process on the workers' cores).
                pieces, counts = results
                stats.add(counts)
                for idx, text, err in pieces:
                    src = sources[idx]
                    if err is not None:
                        _report_error(src, err, errors_fh, outputs, idx)
                    elif src.kind == "doc":
                        Path(src.out).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
                        out = _AtomicOut(src.out)  # type: ignore[arg-type]
                        out.stream.write(text or b"")
                        out.commit()
                    else:
                        outputs.stream(idx).write(text or b"")
                if bar is not None:
                    bar.update(counts.documents)
        ok = True
    finally:
        if bar is not None:
            bar.close()
        outputs.close(ok)
        if errors_fh is not None:
            errors_fh.close()
        stats.stop()
    summary = stats.to_dict()
    summary["jobs"] = jobs
    summary["files"] = len(sources)
    if args.stats:
        Path(args.stats).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        sys.stderr.write(f"cleantext: {stats.summary()}\n")
    if stats.errors:
        return EXIT_PARTIAL
    if args.fail_on_flag and stats.spans_removed:
        return EXIT_FLAGGED
    return EXIT_OK


def _report_error(src: Source, err: tuple[Any, str, dict[str, Any]], errors_fh: IO[str] | None,
                  outputs: _Outputs, idx: int) -> None:
    record, message, loc = err
    label = "stdin" if src.path == "-" else src.path
    where = {"source": label, **{k: v for k, v in loc.items() if v is not None}}
    if errors_fh is not None:
        entry: dict[str, Any] = {**where, "error": message}
        if record is not None:
            entry["record"] = record
        errors_fh.write(dumps(entry) + "\n")
        return
    line = where.get("line")
    log.warning("%s%s: %s", label, f":{line}" if line else "", message)
    if src.kind == "doc":
        return
    where.pop("raw", None) if record is not None else None
    outputs.stream(idx).write(dumps_bytes(error_record(record, message, **where)) + b"\n")


def _progress(args: argparse.Namespace) -> Any:
    if args.quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(unit=" docs", file=sys.stderr, smoothing=0.1, dynamic_ncols=True)
