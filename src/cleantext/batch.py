"""Clean streams of records: one at a time, or in parallel worker processes, in order.

A *record* is a JSON object (a ``dict``) with the document in one field.  The cleaned
text replaces that field (or goes into ``output_field``), the decisions go into a
``cleantext`` field, and every other field passes through untouched::

    >>> from cleantext import DetectorConfig
    >>> recs = [{"id": 1, "text": "Tea prices rose.\\n北京外围女微信 bj1234 高端模特\\nExports fell.",
    ...          "lang": "en"}]
    >>> out = next(iter_clean_records(recs, detector_config=DetectorConfig(use_model=False)))
    >>> out["text"], out["lang"], out["cleantext"]["checked"]
    ('Tea prices rose.\\nExports fell.', 'en', True)

A record that cannot be cleaned (missing field, a field that is not a string, a line
that is not JSON) does not stop the stream: with ``on_error="record"`` (the default) it
comes out with a ``cleantext_error`` field instead of a ``cleantext`` field; with
``on_error="raise"`` :class:`RecordError` is raised.

Memory stays flat: :func:`iter_clean_records` holds one record at a time and
:func:`clean_records_parallel` a bounded window of chunks, however long the input.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, TypeVar

import orjson

from .config import DetectorConfig
from .errors import InputError

OnError = Literal["record", "raise"]
T = TypeVar("T")
R = TypeVar("R")

#: Name of the field that receives the decisions of a cleaned record.
RESULT_FIELD = "cleantext"
#: Name of the field that marks a record that could not be cleaned.
ERROR_FIELD = "cleantext_error"


class RecordError(InputError):
    """One record cannot be cleaned (not JSON, missing field, not a string, ...)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldMap:
    """Where a record keeps its document and where the cleaned text goes.

    - text_field: "text". The field with the document, read as ``text_format``.
    - html_field: None. A field with HTML; when set and present in a record it is
      read instead of ``text_field`` (as HTML), and the HTML itself stays untouched.
    - id_field: None. A field that names the record in error entries.
    - output_field: None. Where the cleaned text goes; None replaces ``text_field``
      (for HTML input: writes ``text_field``).
    - text_format: "text". How ``text_field`` is read: "text", "html" or "auto".
    """

    text_field: str = "text"
    html_field: str | None = None
    id_field: str | None = None
    output_field: str | None = None
    text_format: Literal["auto", "text", "html"] = "text"


@dataclass(slots=True)
class BatchStats:
    """Counters of a batch run; ``add`` merges the counts of one record."""

    documents: int = 0
    changed: int = 0
    spans_removed: int = 0
    chars_removed: int = 0
    errors: int = 0
    unchecked: int = 0
    skipped: int = 0
    bytes_in: int = 0
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0

    def add(self, counts: Counts) -> None:
        # Spelled out: the main process calls this per record, and a loop over
        # dataclasses.fields() cost it more than reading and writing the record.
        self.documents += counts.documents
        self.changed += counts.changed
        self.spans_removed += counts.spans_removed
        self.chars_removed += counts.chars_removed
        self.errors += counts.errors
        self.unchecked += counts.unchecked
        self.skipped += counts.skipped
        self.bytes_in += counts.bytes_in

    def counts(self) -> Counts:
        """The counters so far, as one :class:`Counts` (for merging elsewhere)."""
        return Counts(documents=self.documents, changed=self.changed,
                      spans_removed=self.spans_removed, chars_removed=self.chars_removed,
                      errors=self.errors, unchecked=self.unchecked, skipped=self.skipped,
                      bytes_in=self.bytes_in)

    def stop(self) -> None:
        self.seconds = time.perf_counter() - self.started

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("started")
        secs = self.seconds or (time.perf_counter() - self.started)
        d["seconds"] = round(secs, 3)
        d["docs_per_s"] = round(self.documents / secs, 1) if secs > 0 else 0.0
        d["mb_per_s"] = round(self.bytes_in / 1e6 / secs, 3) if secs > 0 else 0.0
        return d

    def summary(self) -> str:
        d = self.to_dict()
        return (f"{d['documents']} documents, {d['changed']} changed, "
                f"{d['spans_removed']} spans removed ({d['chars_removed']} characters), "
                f"{d['errors']} errors, {d['docs_per_s']} docs/s")


@dataclass(frozen=True, slots=True)
class Counts:
    """What cleaning one record did (picklable, merged into :class:`BatchStats`)."""

    documents: int = 1
    changed: int = 0
    spans_removed: int = 0
    chars_removed: int = 0
    errors: int = 0
    unchecked: int = 0
    skipped: int = 0
    bytes_in: int = 0


ERROR_COUNTS = Counts(errors=1)


# -- one record ------------------------------------------------------------------------
def clean_text_value(detector: Any, text: str, input_format: str,
                     bytes_in: int | None = None) -> tuple[str, dict[str, Any], Counts]:
    """Clean one document; return (cleaned text, the ``cleantext`` field, counts).

    ``bytes_in`` is the size of the input as read (the text's UTF-8 size if None).
    """
    result = detector.clean_and_explain(text, input_format=input_format)
    removed = result.removed
    counts = Counts(
        changed=int(result.changed),
        spans_removed=len(removed),
        chars_removed=sum(max(0, f.cut_end - f.cut_start) for f in removed),
        unchecked=int(not result.checked),
        bytes_in=len(text.encode("utf-8", "surrogatepass")) if bytes_in is None else bytes_in,
    )
    return result.text, result.to_dict(include_text=False), counts


def clean_record(detector: Any, record: Mapping[str, Any], fields: FieldMap = FieldMap(),
                 bytes_in: int | None = None) -> tuple[dict[str, Any], Counts]:
    """Clean one record and return (the output record, counts).

    ``bytes_in`` is the size of the record as read, for the counts (the document
    field's UTF-8 size if None).

    Raises :class:`RecordError` when the record is not an object or its document field
    is missing or not a string; any other failure of the detector propagates.
    """
    if not isinstance(record, Mapping):
        msg = f"a record must be a JSON object, got {_type_name(record)}"
        raise RecordError(msg)
    src_field, fmt = fields.text_field, fields.text_format
    if fields.html_field is not None and record.get(fields.html_field) is not None:
        src_field, fmt = fields.html_field, "html"
    if src_field not in record:
        wanted = repr(fields.text_field)
        if fields.html_field is not None:
            wanted += f" or {fields.html_field!r}"
        msg = f"the record has no field {wanted} (choose one with --text-field/--html-field)"
        raise RecordError(msg)
    value = record[src_field]
    if not isinstance(value, str):
        msg = f"field {src_field!r} holds {_type_name(value)}, not a string"
        raise RecordError(msg)
    text, decisions, counts = clean_text_value(detector, value, fmt, bytes_in)
    out = dict(record)
    target = fields.output_field or (fields.text_field if fmt == "html" and
                                     src_field == fields.html_field else src_field)
    out[target] = text
    out[RESULT_FIELD] = decisions
    return out, counts


def error_record(record: Any, message: str, **where: Any) -> dict[str, Any]:
    """The output entry of a record that failed: the record (if it was an object) plus
    a ``cleantext_error`` field with the message and where it happened."""
    out = dict(record) if isinstance(record, Mapping) else {}
    out[ERROR_FIELD] = {"message": message, **{k: v for k, v in where.items() if v is not None}}
    return out


def describe_exception(err: BaseException) -> str:
    """A one-line message for an error entry (the class name for unexpected errors)."""
    if isinstance(err, InputError):
        return str(err)
    return f"{type(err).__name__}: {err}"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", bool: "a boolean", int: "a number",
            float: "a number", str: "a string"}.get(type(value), type(value).__name__)


# -- worker state ------------------------------------------------------------------------
# Each worker process builds its Detector once (pool initializer) and keeps it here.
_STATE: dict[str, Any] = {}


def init_worker(config: DetectorConfig | None, fields: FieldMap | None = None,
                extra: Mapping[str, Any] | None = None) -> None:
    """Build the Detector of this process once; load the model now, not per document."""
    from .detector import Detector

    _STATE.clear()
    _STATE["fields"] = fields or FieldMap()
    _STATE["extra"] = dict(extra or {})
    try:
        det = Detector(config)
        _ = det.model  # load the classifier (if any) before the first document
    except Exception as err:  # raised with the first chunk: a failing initializer
        _STATE["init_error"] = err  # would make the Pool restart workers forever
        return
    _STATE["detector"] = det


def worker_state() -> tuple[Any, FieldMap, dict[str, Any]]:
    """(detector, fields, extra) of this worker; re-raises a failed initialisation."""
    if "init_error" in _STATE:
        raise _STATE["init_error"]
    return _STATE["detector"], _STATE["fields"], _STATE["extra"]


def _records_chunk(chunk: Sequence[tuple[int, Any]]) -> list[tuple[dict[str, Any], Counts]]:
    det, fields, _ = worker_state()
    out = []
    for index, rec in chunk:
        try:
            out.append(clean_record(det, rec, fields))
        except Exception as err:  # a bad record never stops the batch
            out.append((error_record(rec, describe_exception(err), index=index), ERROR_COUNTS))
    return out


# -- ordered parallel map ----------------------------------------------------------------
def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def ordered_map(fn: Callable[[T], R], chunks: Iterable[T], *, jobs: int,
                initializer: Callable[..., None], initargs: tuple[Any, ...] = (),
                window: int | None = None) -> Generator[R, None, None]:
    """Yield ``fn(chunk)`` for every chunk, in input order, using ``jobs`` processes.

    ``initializer(*initargs)`` runs once per worker (once in this process for
    ``jobs == 1``, which uses no pool at all).  At most ``window`` chunks (default
    ``4 * jobs``) are in flight, so memory stays flat however long ``chunks`` is;
    ``Pool.imap`` would read its whole input ahead into the task queue.
    """
    if jobs <= 1:
        initializer(*initargs)
        for chunk in chunks:
            yield fn(chunk)
        return
    window = window or 4 * jobs
    # concurrent.futures, not multiprocessing.Pool: the Pool's worker-handler thread
    # wakes up whenever a result waits in its queue: its loop took 0.45-0.65 s of CPU
    # per 8,000 documents in the main process, on the cores the workers need.
    pool = ProcessPoolExecutor(jobs, multiprocessing.get_context(), initializer, initargs)
    pending: deque[Future[R]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(fn, chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        # Stopped early (a closed pipe, Ctrl-C, a failed chunk): drop the chunks not
        # started yet; the workers finish the one each has in hand, then stop.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)


def chunked(items: Iterable[T], *, size: int = 64, max_bytes: int = 1 << 20,
            weight: Callable[[T], int] = lambda _: 0) -> Iterator[list[T]]:
    """Group ``items`` into lists of at most ``size`` items or about ``max_bytes``.

    Chunks amortise the inter-process overhead over many short documents, while the
    byte limit keeps a chunk of long documents from holding up the stream.
    """
    chunk: list[T] = []
    total = 0
    for item in items:
        chunk.append(item)
        total += weight(item)
        if len(chunk) >= size or total >= max_bytes:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


# -- public API ----------------------------------------------------------------------------
def iter_clean_records(
    records: Iterable[Mapping[str, Any]],
    *,
    detector: Any = None,
    detector_config: DetectorConfig | None = None,
    text_field: str = "text",
    html_field: str | None = None,
    output_field: str | None = None,
    text_format: Literal["auto", "text", "html"] = "text",
    on_error: OnError = "record",
    stats: BatchStats | None = None,
) -> Iterator[dict[str, Any]]:
    """Clean records one by one in this process and yield them in input order.

    Args:
        records: dicts (for example ``json.loads`` of JSON Lines); other fields pass
            through untouched.
        detector: a :class:`~cleantext.Detector` to reuse; else one is built from
            ``detector_config`` (default configuration when None).
        text_field: the field with the document (read as ``text_format``).
        html_field: a field with HTML, read instead of ``text_field`` when present.
        output_field: where the cleaned text goes; None replaces the document field
            (for HTML input: writes ``text_field``).
        on_error: "record" yields failed records with a ``cleantext_error`` field;
            "raise" raises :class:`RecordError` (or the detector's error).
        stats: a :class:`BatchStats` to update as records go by.

    Yields:
        The output records, each with a ``cleantext`` field holding ``flags``
        (see :meth:`cleantext.Flag.to_dict`) and ``checked``.
    """
    if detector is None:
        from .detector import Detector

        detector = Detector(detector_config)
    fields = FieldMap(text_field=text_field, html_field=html_field,
                      output_field=output_field, text_format=text_format)
    for index, rec in enumerate(records):
        try:
            out, counts = clean_record(detector, rec, fields)
        except Exception as err:
            if on_error == "raise":
                raise
            out, counts = error_record(rec, describe_exception(err), index=index), ERROR_COUNTS
        if stats is not None:
            stats.add(counts)
        yield out
    if stats is not None:
        stats.stop()


def clean_records_parallel(
    records: Iterable[Mapping[str, Any]],
    *,
    detector_config: DetectorConfig | None = None,
    jobs: int | None = None,
    chunksize: int = 64,
    text_field: str = "text",
    html_field: str | None = None,
    output_field: str | None = None,
    text_format: Literal["auto", "text", "html"] = "text",
    stats: BatchStats | None = None,
) -> Iterator[dict[str, Any]]:
    """Like :func:`iter_clean_records`, in ``jobs`` worker processes, in input order.

    Records travel to the workers in chunks of ``chunksize`` (at most about 1 MB), so
    short documents do not drown in inter-process overhead.  Each worker builds its
    Detector (and loads the model) once.  ``jobs`` defaults to all cores; ``jobs=1``
    runs in this process.  Failed records always come out with ``cleantext_error``.

    >>> from cleantext import DetectorConfig
    >>> recs = ({"n": i, "text": f"Line {i}."} for i in range(200))
    >>> out = clean_records_parallel(recs, jobs=2, detector_config=DetectorConfig(use_model=False))
    >>> [r["n"] for r in out] == list(range(200))
    True
    """
    fields = FieldMap(text_field=text_field, html_field=html_field,
                      output_field=output_field, text_format=text_format)
    cfg = detector_config or DetectorConfig()
    items = enumerate(records)
    chunks = chunked(items, size=chunksize, weight=_record_weight)
    for results in ordered_map(_records_chunk, chunks, jobs=jobs or default_jobs(),
                               initializer=init_worker, initargs=(cfg, fields)):
        for out, counts in results:
            if stats is not None:
                stats.add(counts)
            yield out
    if stats is not None:
        stats.stop()


def _record_weight(item: tuple[int, Any]) -> int:
    rec = item[1]
    if isinstance(rec, Mapping):
        return sum(len(v) for v in rec.values() if isinstance(v, str))
    return 0


def config_for_records(cfg: DetectorConfig) -> DetectorConfig:
    """The detector config for batch use: per-record formats are passed explicitly."""
    if cfg.input_format not in ("auto", "text", "html"):
        return replace(cfg, input_format="auto")
    return cfg


def dumps(record: Mapping[str, Any]) -> str:
    """One compact JSON line (UTF-8 kept readable, no trailing newline).

    orjson writes it (twice as fast as ``json``, which matters at a crawl's volume).
    What orjson refuses goes through ``json``: integers past 64 bits, the
    non-finite numbers that :func:`loads` keeps, and lone surrogates (escaped).
    """
    return dumps_bytes(record).decode("utf-8")


def dumps_bytes(record: Mapping[str, Any]) -> bytes:
    """:func:`dumps` as UTF-8 bytes, the way the CLI writes its output (a line of a
    crawl is not decoded into a string only to be encoded again)."""
    try:
        return orjson.dumps(record)
    except TypeError:
        pass
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: escape them rather than crash
        return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii")


class _NonFinite(float):
    """NaN or an infinity read from JSON.  orjson would write it as ``null``; it
    refuses this subclass instead, so :func:`dumps` writes it back as ``json`` does."""


def _non_finite(token: str) -> float:
    return _NonFinite(token)


def _float(token: str) -> float:
    value = float(token)
    return value if math.isfinite(value) else _NonFinite(value)


def _maybe_long_int(value: Any) -> bool:
    """Whether a parsed value holds a float as large as an integer past 64 bits,
    which orjson reads as a float (precision lost) where ``json`` keeps the int."""
    stack = [value]
    while stack:
        v = stack.pop()
        t = type(v)
        if t is float:
            if abs(v) >= 9.2e18:
                return True
        elif t is dict:
            stack.extend(v.values())
        elif t is list:
            stack.extend(v)
    return False


def loads(data: bytes | str) -> Any:
    """Parse one JSON document exactly as ``json.loads`` would, but faster.

    orjson parses UTF-8 bytes when it reads them exactly; the rest (NaN, integers
    past 64 bits, lone surrogates, a byte-order mark, invalid input) goes to
    ``json``, whose errors propagate.  Non-finite numbers survive a round trip
    through :func:`dumps`.
    """
    if isinstance(data, bytes):
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        else:
            if not _maybe_long_int(value):
                return value
        data = data.decode("utf-8")
    return json.loads(data, parse_constant=_non_finite, parse_float=_float)
