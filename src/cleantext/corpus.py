"""The labeled corpus: documents with character spans marking injected spam.

Two forms hold the same data:

- the *authoring form* (``corpus/authoring/*.txt``), written by hand: a header line per
  document and the spam marked inline as ``[[spam text]]`` or ``[[spam text|category]]``;
- the *JSONL form* (``corpus/corpus.jsonl``), one :meth:`CorpusDoc.to_dict` per line, built
  from the authoring form with ``cleantext corpus build`` and read by training and evaluation.

Label Studio and doccano exports can be imported into the JSONL form. Every problem found
while reading raises :class:`~cleantext.errors.CorpusError` with ``file:line: problem``.
See ``corpus/README.md`` for the formats and the vocabularies.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CorpusError, InputError

log = logging.getLogger(__name__)

KINDS = ("positive", "negative")
#: Where the spam sits in a positive document.
POSITIVE_SHAPES = ("prefix", "suffix", "inside", "between", "line", "block", "stuffing", "mixed")
#: What makes a negative document hard (it looks a little like spam but is not).
NEGATIVE_SHAPES = ("plain", "topic", "quote", "code", "contact", "product", "references",
                   "bilingual", "foreign-name")
#: Shape given to documents brought in by an importer.
IMPORTED_SHAPE = "imported"
CATEGORIES = ("escort", "porn", "gambling", "pharma", "replica", "loans", "fake-docs", "illegal-goods", "seo",
              "crypto-scam", "lure")
HEADER_KEYS = ("id", "lang", "kind", "shape", "note", "source")
_REQUIRED_KEYS = ("id", "lang", "kind", "shape")

_HEADER_PREFIX = "==="
# key=value or key="value with spaces"; inside quotes \" and \\ are escapes.
_PAIR = re.compile(r'\s*([A-Za-z_]+)=("(?:[^"\\]|\\.)*"|[^\s"]+)(?=\s|$)')
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class SpanLabel:
    """A labeled character range ``[start, end)`` of a document's text."""

    start: int
    end: int
    label: str = "spam"
    category: str | None = None
    lang: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict whose keys are the attribute names."""
        return {"start": self.start, "end": self.end, "label": self.label,
                "category": self.category, "lang": self.lang}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SpanLabel:
        """Inverse of :meth:`to_dict`; raises InputError on a wrong shape or type."""
        if not isinstance(d, Mapping):
            msg = f"a span must be an object, got {type(d).__name__}"
            raise InputError(msg)
        _check_keys(d, ("start", "end"), ("label", "category", "lang"), "span")
        start, end = d["start"], d["end"]
        if not (_is_int(start) and _is_int(end)):
            msg = f"span offsets must be integers, got start={start!r} end={end!r}"
            raise InputError(msg)
        label = d.get("label", "spam")
        category, lang = d.get("category"), d.get("lang")
        if not isinstance(label, str) or not label:
            msg = f"span label must be a non-empty string, got {label!r}"
            raise InputError(msg)
        for name, value in (("category", category), ("lang", lang)):
            if value is not None and not isinstance(value, str):
                msg = f"span {name} must be a string or null, got {value!r}"
                raise InputError(msg)
        return cls(start, end, label, category, lang)


@dataclass(frozen=True, slots=True)
class CorpusDoc:
    """One labeled document: its text and the spans of spam in it (none for negatives)."""

    id: str
    lang: str
    text: str
    spans: tuple[SpanLabel, ...]
    kind: str
    shape: str
    note: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict whose keys are the attribute names; spans as a list of dicts."""
        return {"id": self.id, "lang": self.lang, "text": self.text,
                "spans": [s.to_dict() for s in self.spans], "kind": self.kind,
                "shape": self.shape, "note": self.note, "source": self.source}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CorpusDoc:
        """Inverse of :meth:`to_dict`; raises InputError on a wrong shape or type.

        This checks types only; :func:`doc_problems` checks the content.
        """
        if not isinstance(d, Mapping):
            msg = f"a document must be an object, got {type(d).__name__}"
            raise InputError(msg)
        _check_keys(d, ("id", "lang", "text", "spans", "kind", "shape"), ("note", "source"),
                    "document")
        for name in ("id", "lang", "text", "kind", "shape", "note", "source"):
            if not isinstance(d.get(name, ""), str):
                msg = f"{name} must be a string, got {d[name]!r}"
                raise InputError(msg)
        if not isinstance(d["spans"], list):
            msg = f"spans must be a list, got {type(d['spans']).__name__}"
            raise InputError(msg)
        spans = tuple(SpanLabel.from_dict(s) for s in d["spans"])
        return cls(d["id"], d["lang"], d["text"], spans, d["kind"], d["shape"],
                   d.get("note", ""), d.get("source", ""))


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _check_keys(d: Mapping[str, Any], required: Sequence[str], optional: Sequence[str],
                what: str) -> None:
    missing = [k for k in required if k not in d]
    if missing:
        msg = f"{what} is missing {', '.join(missing)}"
        raise InputError(msg)
    unknown = sorted(set(d) - set(required) - set(optional))
    if unknown:
        known = ", ".join([*required, *optional])
        msg = f"{what} has unknown keys {', '.join(unknown)} (known: {known})"
        raise InputError(msg)


def doc_problems(doc: CorpusDoc) -> list[str]:
    """Everything wrong with ``doc``'s content, as messages; an empty list means valid.

    Checks: non-empty id without whitespace, a language tag, a known kind, positives with
    spans and negatives without, offsets inside the text with start < end, spans in order
    and not overlapping, span text not whitespace-only, categories from :data:`CATEGORIES`.
    """
    problems: list[str] = []
    if not doc.id or any(c.isspace() for c in doc.id):
        problems.append(f"id must be non-empty without whitespace, got {doc.id!r}")
    if doc.lang != "und" and not _LANG.match(doc.lang):
        problems.append(f"lang must be a language code like 'en' or 'pt-BR', got {doc.lang!r}")
    if doc.kind not in KINDS:
        problems.append(f"unknown kind {doc.kind!r} (use positive or negative)")
    if not doc.shape:
        problems.append("shape is empty")
    if doc.kind == "positive" and not doc.spans:
        problems.append("positive document without spans")
    if doc.kind == "negative" and doc.spans:
        problems.append(f"negative document with {len(doc.spans)} span(s)")
    prev_end = 0
    for i, s in enumerate(doc.spans):
        where = f"span {i} [{s.start}:{s.end}]"
        if not 0 <= s.start < s.end <= len(doc.text):
            problems.append(f"{where} is outside the text (length {len(doc.text)}) "
                            "or has start >= end")
            continue
        if not doc.text[s.start:s.end].strip():
            problems.append(f"{where} covers only whitespace")
        if s.start < prev_end:
            problems.append(f"{where} overlaps or precedes the span before it")
        if s.category is not None and s.category not in CATEGORIES:
            problems.append(f"{where} has unknown category {s.category!r} "
                            f"(known: {', '.join(CATEGORIES)})")
        if s.lang is not None and s.lang != "und" and not _LANG.match(s.lang):
            problems.append(f"{where} has a bad lang {s.lang!r}")
        prev_end = max(prev_end, s.end)
    return problems


# -- authoring form ---------------------------------------------------------------------
def parse_authoring(path: str | Path) -> list[CorpusDoc]:
    """Read an authoring file (``=== id=… lang=… kind=… shape=… note="…"`` + marked body).

    Args:
        path: the ``.txt`` file.

    Returns:
        The documents in file order, with markup removed and spans as offsets.

    Raises:
        CorpusError: on the first problem, as ``file:line: problem``.
    """
    return [doc for doc, _ in _parse_authoring_located(path)]


def _parse_authoring_located(path: str | Path) -> list[tuple[CorpusDoc, int]]:
    """Like parse_authoring, with the header's line number next to each document."""
    text = _read_text(path)
    lines = text.split("\n")
    headers = [i for i, ln in enumerate(lines) if ln.startswith(_HEADER_PREFIX)]
    first = headers[0] if headers else len(lines)
    for i in range(first):
        if lines[i].strip():
            raise CorpusError(path, i + 1, "text before the first '=== id=...' header")
    out: list[tuple[CorpusDoc, int]] = []
    seen: dict[str, int] = {}
    for n, h in enumerate(headers):
        body_end = headers[n + 1] if n + 1 < len(headers) else len(lines)
        fields = _parse_header(path, h + 1, lines[h])
        doc_id = fields["id"]
        if doc_id in seen:
            msg = f"duplicate id {doc_id!r} (first at line {seen[doc_id]})"
            raise CorpusError(path, h + 1, msg)
        seen[doc_id] = h + 1
        # The header's own newline is the one leading newline dropped; trailing blank
        # lines and whitespace go, everything else is kept exactly.
        raw = "\n".join(lines[h + 1:body_end]).rstrip()
        body, spans = _parse_body(path, h + 2, raw)
        kind, where = fields["kind"], h + 1
        if kind == "positive" and not spans:
            raise CorpusError(path, where, f"positive document {doc_id!r} has no [[spans]]")
        if kind == "negative" and spans:
            raise CorpusError(path, where, f"negative document {doc_id!r} has "
                              f"{len(spans)} [[span(s)]]; make it kind=positive or unmark them")
        if not body.strip():
            raise CorpusError(path, where, f"document {doc_id!r} has an empty body")
        doc = CorpusDoc(id=doc_id, lang=fields["lang"], text=body, spans=tuple(spans),
                        kind=kind, shape=fields["shape"], note=fields.get("note", ""),
                        source=fields.get("source", Path(path).name))
        problems = doc_problems(doc)
        if problems:
            raise CorpusError(path, where, problems[0])
        out.append((doc, where))
    return out


def _read_text(path: str | Path) -> str:
    try:
        # utf-8-sig drops a BOM; universal newlines turn \r\n into \n.
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        msg = (f"Cannot read {path}: not UTF-8 ({err.reason} at byte {err.start}). "
               "Corpus files must be UTF-8.")
        raise InputError(msg) from err
    except OSError as err:
        msg = f"Cannot read {path}: {err.strerror or err}."
        raise InputError(msg) from err


def _parse_header(path: str | Path, line: int, text: str) -> dict[str, str]:
    rest = text[len(_HEADER_PREFIX):]
    if rest and not rest[0].isspace():
        raise CorpusError(path, line, "malformed header: put a space after '==='")
    fields: dict[str, str] = {}
    pos = 0
    while rest[pos:].strip():
        m = _PAIR.match(rest, pos)
        if not m:
            bad = rest[pos:].strip()[:40]
            raise CorpusError(path, line, f"malformed header near {bad!r}: "
                              'expected key=value or key="quoted value"')
        key, value = m.group(1), m.group(2)
        if key not in HEADER_KEYS:
            raise CorpusError(path, line, f"malformed header: unknown key {key!r} "
                              f"(known: {', '.join(HEADER_KEYS)})")
        if key in fields:
            raise CorpusError(path, line, f"malformed header: {key} given twice")
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        fields[key] = value
        pos = m.end()
    if "id" not in fields or not fields["id"]:
        raise CorpusError(path, line, "missing id in header")
    missing = [k for k in _REQUIRED_KEYS if not fields.get(k)]
    if missing:
        raise CorpusError(path, line, f"malformed header: missing {', '.join(missing)}")
    kind, shape = fields["kind"], fields["shape"]
    if kind not in KINDS:
        raise CorpusError(path, line, f"unknown kind {kind!r} (use positive or negative)")
    shapes = POSITIVE_SHAPES if kind == "positive" else NEGATIVE_SHAPES
    if shape not in shapes:
        raise CorpusError(path, line, f"unknown shape {shape!r} for kind={kind} "
                          f"(use one of: {', '.join(shapes)})")
    return fields


def _parse_body(path: str | Path, first_line: int,
                raw: str) -> tuple[str, list[SpanLabel]]:
    """Remove ``[[…]]`` markup; return the clean text and the spans as offsets into it."""
    out: list[str] = []
    spans: list[SpanLabel] = []
    line = first_line
    open_at: int | None = None  # length of `out` text where the open span starts
    open_line = 0
    buf: list[str] = []  # text of the open span
    size = 0  # characters emitted so far
    i, n = 0, len(raw)
    while i < n:
        two = raw[i:i + 2]
        if two == "[[":
            if open_at is not None:
                msg = f"nested '[[' inside the span opened at line {open_line}"
                raise CorpusError(path, line, msg)
            open_at, open_line, buf = size, line, []
            i += 2
            continue
        if two == "]]":
            if open_at is None:
                raise CorpusError(path, line, "unbalanced ']]' without an opening '[['")
            span_text, category = _split_category("".join(buf))
            if not span_text:
                raise CorpusError(path, open_line, "empty span [[]]")
            if span_text != span_text.strip():
                raise CorpusError(path, open_line, f"span has leading or trailing whitespace: "
                                  f"{span_text!r}; move it outside the brackets")
            out.append(span_text)
            spans.append(SpanLabel(open_at, open_at + len(span_text), "spam", category))
            size += len(span_text)
            open_at = None
            i += 2
            continue
        ch = raw[i]
        if ch == "\n":
            line += 1
        if open_at is None:
            out.append(ch)
            size += 1
        else:
            buf.append(ch)
        i += 1
    if open_at is not None:
        raise CorpusError(path, open_line, "unbalanced '[[' without a closing ']]'")
    return "".join(out), spans


def _split_category(content: str) -> tuple[str, str | None]:
    head, bar, tail = content.rpartition("|")
    if bar and tail in CATEGORIES:
        return head, tail
    return content, None


# -- JSONL form -------------------------------------------------------------------------
def _dumps(doc: CorpusDoc) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False)


def read_jsonl(path: str | Path) -> list[CorpusDoc]:
    """Read and validate a corpus JSONL file (blank lines are skipped).

    Raises:
        CorpusError: bad JSON, a wrong field, an invalid span or a duplicate id,
            with the line number.
    """
    return [doc for doc, _ in _read_jsonl_located(path)]


def _read_jsonl_located(path: str | Path) -> list[tuple[CorpusDoc, int]]:
    out: list[tuple[CorpusDoc, int]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(_read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(path, lineno, f"not valid JSON: {err.msg} "
                              f"(column {err.colno})") from None
        try:
            doc = CorpusDoc.from_dict(obj)
        except InputError as err:
            raise CorpusError(path, lineno, str(err)) from None
        problems = doc_problems(doc)
        if problems:
            raise CorpusError(path, lineno, f"{doc.id}: {problems[0]}")
        if doc.id in seen:
            msg = f"duplicate id {doc.id!r} (first at line {seen[doc.id]})"
            raise CorpusError(path, lineno, msg)
        seen[doc.id] = lineno
        out.append((doc, lineno))
    return out


def to_jsonl(docs: Iterable[CorpusDoc]) -> str:
    """The canonical JSONL serialization: one ``to_dict()`` per line, in the given order."""
    return "".join(_dumps(d) + "\n" for d in docs)


def write_jsonl(docs: Iterable[CorpusDoc], path: str | Path) -> None:
    """Validate ``docs`` and write them as JSONL (atomically, keeping their order).

    Raises:
        InputError: a document is invalid or two share an id; nothing is written.
    """
    docs = list(docs)
    seen: set[str] = set()
    for d in docs:
        problems = doc_problems(d)
        if problems:
            msg = f"Not writing {path}: document {d.id!r}: {problems[0]}."
            raise InputError(msg)
        if d.id in seen:
            msg = f"Not writing {path}: duplicate id {d.id!r}."
            raise InputError(msg)
        seen.add(d.id)
    _write_atomic(Path(path), to_jsonl(docs))


def _write_atomic(target: Path, data: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def corpus_sha256(docs: Iterable[CorpusDoc]) -> str:
    """SHA-256 (hex) of :func:`to_jsonl` in UTF-8: equals ``sha256sum`` of the written file."""
    return hashlib.sha256(to_jsonl(docs).encode("utf-8")).hexdigest()


# -- loading ----------------------------------------------------------------------------
def corpus_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The files :func:`load_corpus` reads: files as given, directories' ``*.txt`` and
    ``*.jsonl`` (not recursive) sorted by name; a file named twice is read once."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir()
                           if f.suffix in (".txt", ".jsonl") and f.is_file())
            files.extend(found)
        elif p.suffix in (".txt", ".jsonl"):
            files.append(p)
        elif not p.exists():
            msg = f"Cannot read {p}: no such file or directory."
            raise InputError(msg)
        else:
            msg = f"Cannot read {p}: corpus files end in .txt (authoring form) or .jsonl."
            raise InputError(msg)
    unique: list[Path] = []
    seen: set[Path] = set()
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def load_corpus(paths: str | Path | Iterable[str | Path]) -> list[CorpusDoc]:
    """Read authoring (``.txt``) and JSONL (``.jsonl``) files and directories of them.

    The order is deterministic: paths as given, directory contents sorted by name,
    documents in file order. Ids must be unique across all files.

    Raises:
        CorpusError: a problem in a file, or an id already used in another file.
        InputError: a path is missing or has another extension.
    """
    docs: list[CorpusDoc] = []
    first: dict[str, str] = {}
    for f in corpus_files(paths):
        located = (_parse_authoring_located(f) if f.suffix == ".txt"
                   else _read_jsonl_located(f))
        for doc, line in located:
            if doc.id in first:
                raise CorpusError(f, line, f"duplicate id {doc.id!r} (already in {first[doc.id]})")
            first[doc.id] = f"{f}:{line}"
            docs.append(doc)
    return docs


# -- importers --------------------------------------------------------------------------
def _spam_category(labels: Iterable[object]) -> tuple[bool, str | None]:
    """Whether these annotation labels mean spam, and the category if one is named."""
    is_spam, category = False, None
    for raw in labels:
        name = str(raw).strip().lower()
        if name == "spam":
            is_spam = True
        elif name in CATEGORIES:
            is_spam = True
            category = category or name
    return is_spam, category


def _utf16_to_index(text: str, unit: int) -> int | None:
    """Python index of a UTF-16 code-unit offset (JavaScript tools count in UTF-16)."""
    count = 0
    for i, ch in enumerate(text):
        if count == unit:
            return i
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text) if count == unit else None


def _imported_span(path: str | Path, line: int, where: str, text: str, start: object,
                   end: object, expected: object, category: str | None) -> SpanLabel:
    if not (_is_int(start) and _is_int(end)):
        raise CorpusError(path, line, f"{where}: offsets must be integers, "
                          f"got start={start!r} end={end!r}")
    assert isinstance(start, int) and isinstance(end, int)  # for mypy
    if isinstance(expected, str) and text[start:end] != expected:
        # Browser-based tools may count UTF-16 units; that shifts offsets after emoji.
        s16, e16 = _utf16_to_index(text, start), _utf16_to_index(text, end)
        if s16 is not None and e16 is not None and text[s16:e16] == expected:
            start, end = s16, e16
        else:
            raise CorpusError(path, line, f"{where}: text[{start}:{end}] is "
                              f"{text[start:end]!r}, but the export says {expected!r}")
    if not 0 <= start < end <= len(text):
        raise CorpusError(path, line, f"{where}: span [{start}:{end}] is outside the text "
                          f"(length {len(text)}) or empty")
    # Annotators often select a space or newline with the spam; the span is the words.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise CorpusError(path, line, f"{where}: span covers only whitespace")
    return SpanLabel(start, end, "spam", category)


def _imported_doc(path: str | Path, line: int, doc_id: str, lang: str, text: str,
                  spans: list[SpanLabel], source: str) -> CorpusDoc:
    spans = sorted(set(spans), key=lambda s: (s.start, s.end))
    for a, b in zip(spans, spans[1:]):
        if b.start < a.end:
            raise CorpusError(path, line, f"{doc_id}: spans [{a.start}:{a.end}] and "
                              f"[{b.start}:{b.end}] overlap; keep one of them")
    doc = CorpusDoc(id=doc_id, lang=lang, text=text, spans=tuple(spans),
                    kind="positive" if spans else "negative", shape=IMPORTED_SHAPE,
                    source=source)
    problems = doc_problems(doc)
    if problems:
        raise CorpusError(path, line, f"{doc_id}: {problems[0]}")
    return doc


def _json_array_items(path: str | Path, text: str) -> list[tuple[Any, int]]:
    """Items of a top-level JSON array with the line each starts on."""
    dec = json.JSONDecoder()
    ws = re.compile(r"\s*")
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    if text[pos:pos + 1] != "[":
        raise CorpusError(path, text.count("\n", 0, pos) + 1,
                          "expected a JSON list of tasks (Label Studio 'JSON' export)")
    pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
    items: list[tuple[Any, int]] = []
    if text[pos:pos + 1] == "]":
        return items
    while True:
        line = text.count("\n", 0, pos) + 1
        try:
            obj, pos = dec.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            raise CorpusError(path, err.lineno, f"not valid JSON: {err.msg}") from None
        items.append((obj, line))
        pos = ws.match(text, pos).end()  # type: ignore[union-attr]
        sep = text[pos:pos + 1]
        if sep == "]":
            return items
        if sep != ",":
            raise CorpusError(path, text.count("\n", 0, pos) + 1,
                              "not valid JSON: expected ',' or ']' after a task")
        pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]


def import_label_studio(path: str | Path, *, id_prefix: str = "ls-") -> list[CorpusDoc]:
    """Documents from a Label Studio JSON export (a list of tasks).

    Uses each task's first annotation that was not cancelled; ``labels`` results named
    ``spam`` (any case) or a category become spans, other labels are ignored. Tasks without
    a usable annotation are skipped (logged). ``lang`` comes from ``data.lang`` (default
    ``und``); the id is ``id_prefix`` + the task id.

    Raises:
        CorpusError: bad JSON, a task without ``data.text``, offsets that do not match.
    """
    out: list[CorpusDoc] = []
    for n, (task, line) in enumerate(_json_array_items(path, _read_text(path))):
        if not isinstance(task, dict):
            raise CorpusError(path, line, f"task {n}: expected an object")
        data = task.get("data") or {}
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str):
            raise CorpusError(path, line, f"task {n}: no data.text string")
        task_id = str(task.get("id", n))
        annotations = task.get("annotations", task.get("completions")) or []
        chosen = next((a for a in annotations
                       if isinstance(a, dict) and not a.get("was_cancelled")), None)
        if chosen is None:
            log.info("%s: task %s has no annotation that was not cancelled; skipped",
                     path, task_id)
            continue
        spans = []
        for r in chosen.get("result") or []:
            if not isinstance(r, dict) or r.get("type") != "labels":
                continue
            value = r.get("value")
            if not isinstance(value, dict):
                continue
            is_spam, category = _spam_category(value.get("labels") or [])
            if is_spam:
                spans.append(_imported_span(path, line, f"task {task_id}", text,
                                            value.get("start"), value.get("end"),
                                            value.get("text"), category))
        lang = data.get("lang", "und")
        out.append(_imported_doc(path, line, f"{id_prefix}{task_id}", lang, text, spans,
                                 f"label-studio:{Path(path).name}#{task_id}"))
    return out


def import_doccano(path: str | Path, *, id_prefix: str = "doccano-") -> list[CorpusDoc]:
    """Documents from a doccano JSONL export (sequence labeling).

    Accepts both export forms: ``{"text", "label": [[start, end, "spam"], ...]}`` and
    ``{"text", "entities": [{"start_offset", "end_offset", "label"}, ...]}``. Labels named
    ``spam`` (any case) or a category become spans; others are ignored. The id is
    ``id_prefix`` + the record's ``id`` (or its line number); ``lang`` comes from
    ``lang`` or ``meta.lang`` (default ``und``).

    Raises:
        CorpusError: bad JSON, a record without ``text``, malformed labels.
    """
    out: list[CorpusDoc] = []
    for lineno, line in enumerate(_read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(path, lineno, f"not valid JSON: {err.msg}") from None
        if not isinstance(rec, dict):
            raise CorpusError(path, lineno, "expected a JSON object per line")
        text = rec.get("text", rec.get("data"))
        if not isinstance(text, str):
            raise CorpusError(path, lineno, "no 'text' string")
        rec_id = str(rec.get("id", lineno))
        where = f"record {rec_id}"
        triples: list[tuple[object, object, object]] = []
        for ent in rec.get("entities") or []:
            if not isinstance(ent, dict):
                raise CorpusError(path, lineno, f"{where}: entities must be objects")
            triples.append((ent.get("start_offset"), ent.get("end_offset"), ent.get("label")))
        for lab in rec.get("label") or rec.get("labels") or []:
            if not (isinstance(lab, list) and len(lab) == 3):
                raise CorpusError(path, lineno, f"{where}: labels must be [start, end, label] "
                                  f"(a sequence-labeling export), got {lab!r}")
            triples.append((lab[0], lab[1], lab[2]))
        spans = []
        for start, end, label in triples:
            is_spam, category = _spam_category([label])
            if is_spam:
                spans.append(_imported_span(path, lineno, where, text, start, end, None,
                                            category))
        meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
        lang = rec.get("lang") or meta.get("lang") or "und"
        out.append(_imported_doc(path, lineno, f"{id_prefix}{rec_id}", str(lang), text, spans,
                                 f"doccano:{Path(path).name}#{rec_id}"))
    return out


# -- statistics -------------------------------------------------------------------------
def corpus_stats(docs: Sequence[CorpusDoc]) -> dict[str, Any]:
    """Counts by language × kind, shape, category, plus totals and the corpus hash."""
    by_lang: dict[str, Counter[str]] = {}
    for d in docs:
        by_lang.setdefault(d.lang, Counter())[d.kind] += 1
    return {
        "documents": len(docs),
        "spans": sum(len(d.spans) for d in docs),
        "languages": {lang: {k: c[k] for k in KINDS} for lang, c in sorted(by_lang.items())},
        "kinds": {k: sum(1 for d in docs if d.kind == k) for k in KINDS},
        "shapes": dict(sorted(Counter(d.shape for d in docs).items())),
        "categories": dict(sorted(Counter(s.category or "(none)"
                                          for d in docs for s in d.spans).items())),
        "sha256": corpus_sha256(docs),
    }


def format_stats(stats: Mapping[str, Any]) -> str:
    """A plain-text table of :func:`corpus_stats`."""
    lines = [f"{stats['documents']} documents, {stats['spans']} spans, "
             f"{len(stats['languages'])} languages",
             f"{'lang':8s} {'positive':>8s} {'negative':>8s}"]
    for lang, c in stats["languages"].items():
        lines.append(f"{lang:8s} {c['positive']:8d} {c['negative']:8d}")
    lines.append(f"{'total':8s} {stats['kinds']['positive']:8d} {stats['kinds']['negative']:8d}")
    lines.append("shapes: " + ", ".join(f"{k}={v}" for k, v in stats["shapes"].items()))
    lines.append("categories: " + ", ".join(f"{k}={v}" for k, v in stats["categories"].items()))
    lines.append(f"sha256: {stats['sha256']}")
    return "\n".join(lines) + "\n"


# -- command line -----------------------------------------------------------------------
def _cmd_build(args: argparse.Namespace) -> int:
    out = Path(args.output).resolve()
    if any(f.resolve() == out for f in corpus_files(args.paths)):
        msg = (f"{args.output} is both an input and the output of corpus build; "
               "build from corpus/authoring (and imported files) instead.")
        raise InputError(msg)
    docs = load_corpus(args.paths)
    write_jsonl(docs, args.output)
    sys.stderr.write(f"wrote {args.output}\n" + format_stats(corpus_stats(docs)))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    bad = 0
    try:
        files = corpus_files(args.paths)
    except InputError as err:
        sys.stderr.write(f"cleantext: error: {err}\n")
        return 1
    total = 0
    for f in files:
        try:
            total += len(load_corpus([f]))
        except (CorpusError, InputError) as err:
            sys.stderr.write(f"{err}\n")
            bad += 1
    if bad == 0:
        try:  # ids must also be unique across the files
            load_corpus(files)
        except CorpusError as err:
            sys.stderr.write(f"{err}\n")
            bad += 1
    if bad:
        sys.stderr.write(f"problems found in {len(files)} file(s) checked\n")
        return 1
    sys.stderr.write(f"ok: {total} documents in {len(files)} file(s)\n")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    importer = import_label_studio if args.source_format == "label-studio" else import_doccano
    kwargs = {} if args.id_prefix is None else {"id_prefix": args.id_prefix}
    docs = importer(args.file, **kwargs)
    write_jsonl(docs, args.output)
    sys.stderr.write(f"wrote {args.output}\n" + format_stats(corpus_stats(docs)))
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    stats = corpus_stats(load_corpus(args.paths))
    if args.json:
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_stats(stats))
    return 0


def register(sub: Any) -> None:
    """Add the ``corpus`` command group (build, check, import, stats) to ``sub``.

    ``sub`` is the object returned by ``ArgumentParser.add_subparsers()``. Each action
    sets ``handler`` (a function ``args -> exit code``) with ``set_defaults``.
    """
    p = sub.add_parser("corpus", help="build, check, import and count the labeled corpus",
                       description="Work with the labeled corpus (see corpus/README.md).")
    p.set_defaults(quiet=False, verbose=False, handler=lambda _args: _usage(p))
    actions = p.add_subparsers(dest="corpus_action", metavar="ACTION")

    b = actions.add_parser("build", help="parse and validate, then write one JSONL file",
                           description="Parse authoring files (.txt) and JSONL files, validate "
                           "them, and write one JSONL corpus. Counts go to stderr.  Example: "
                           "cleantext corpus build corpus/authoring -o corpus/corpus.jsonl")
    b.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    b.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    b.set_defaults(handler=_cmd_build)

    c = actions.add_parser("check", help="validate only; exit 1 if any file has a problem",
                           description="Validate corpus files; print each problem as "
                           "file:line: problem on stderr.")
    c.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    c.set_defaults(handler=_cmd_check)

    i = actions.add_parser("import", help="convert a Label Studio or doccano export to JSONL",
                           description="Convert an annotation export to the corpus JSONL form. "
                           "Example: cleantext corpus import --from label-studio "
                           "export.json -o corpus/imported.jsonl")
    i.add_argument("--from", dest="source_format", required=True,
                   choices=["label-studio", "doccano"])
    i.add_argument("file", metavar="FILE")
    i.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
    i.add_argument("--id-prefix", default=None,
                   help="prefix for document ids (default: ls- or doccano-)")
    i.set_defaults(handler=_cmd_import)

    s = actions.add_parser("stats", help="count documents by language, kind, shape, category")
    s.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    s.add_argument("--json", action="store_true", help="print the counts as JSON")
    s.set_defaults(handler=_cmd_stats)


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return 2
