"""Command line: argument parsing, streams and exit codes, nothing else.

Exit codes: 0 success (also when nothing was flagged), 1 an expected error (one
paragraph on stderr, no traceback), 2 usage error, 3 ``--fail-on-flag`` and
something was removed, 4 some records of a batch failed (the rest were written).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from .config import DecisionConfig, DetectorConfig
from .errors import CleantextError, InputError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FLAGGED, EXIT_PARTIAL = 0, 1, 2, 3, 4
_QUIET = False


def warn(msg: str) -> None:
    """A warning for the person at the terminal (stderr; silenced by -q)."""
    if not _QUIET:
        sys.stderr.write(f"cleantext: warning: {msg}\n")


# -- shared options ----------------------------------------------------------------
def _detector_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("detection")
    g.add_argument("--threshold", type=float, default=None,
                   help="combined score at or above which a span is removed (default 0.5)")
    g.add_argument("--input-format", choices=["auto", "text", "html"], default="auto",
                   help="how to read each document (default: auto-detect HTML)")
    g.add_argument("--model", metavar="PATH", default=None,
                   help="model card (.json) to use instead of the bundled model")
    g.add_argument("--no-model", action="store_true", help="rules only, no classifier")
    g.add_argument("--disable", metavar="RULE", action="append", default=[],
                   help="skip a rule id (repeatable; see `cleantext rules`)")
    g.add_argument("--time-budget", type=float, default=10.0, metavar="SECONDS",
                   help="per-document time limit; documents over it pass unchanged, marked")
    p.add_argument("--encoding", default=None,
                   help="input encoding (default: BOM, <meta charset>, UTF-8, then detection)")
    p.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")


def _config(args: argparse.Namespace) -> DetectorConfig:
    cfg = DetectorConfig(
        input_format=args.input_format,
        use_model=not args.no_model,
        model_path=args.model,
        disabled_rules=frozenset(args.disable),
        time_budget=args.time_budget or None,
    )
    if args.threshold is not None:
        if not 0.0 < args.threshold <= 1.0:
            msg = f"--threshold must be in (0, 1], got {args.threshold}"
            raise InputError(msg)
        cfg = replace(cfg, decision=replace(DecisionConfig(), threshold=args.threshold))
    return cfg


def _detector(args: argparse.Namespace) -> Any:
    from .detector import Detector

    return Detector(_config(args))


# -- input ---------------------------------------------------------------------------
def _read(name: str, encoding: str | None) -> str:
    return _read_decoded(name, encoding).text


def _read_decoded(name: str, encoding: str | None) -> Any:
    from .decoding import decode_bytes

    if name == "-":
        raw = sys.stdin.buffer.read()
        label = "stdin"
    else:
        try:
            raw = Path(name).read_bytes()
        except OSError as err:
            msg = f"Cannot read {name}: {err.strerror or err}."
            raise InputError(msg) from err
        label = name
    dec = decode_bytes(raw, encoding, name=label)
    if dec.lossy:
        warn(f"{label}: not valid UTF-8 and no encoding fits; undecodable bytes were "
             "replaced with U+FFFD. Pass --encoding to read it exactly.")
    return dec


def _write_atomic(path: str, data: str | bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _out(text: str, stream: IO[str] | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(text)
    stream.flush()


# -- commands --------------------------------------------------------------------------
def cmd_clean(args: argparse.Namespace) -> int:
    from .cli_batch import is_batch, run_batch

    if is_batch(args):
        return run_batch(args, _config(args))
    det = _detector(args)
    files = args.files or ["-"]
    if args.in_place and "-" in files:
        msg = "--in-place needs file arguments, not stdin."
        raise InputError(msg)
    if args.output and len(files) > 1:
        msg = "-o takes one input file; for many files use --in-place or -r DIR --output-dir DIR."
        raise InputError(msg)
    report = open(args.report, "w", encoding="utf-8") if args.report else None  # noqa: SIM115
    flagged = False
    try:
        for name in files:
            dec = _read_decoded(name, args.encoding)
            text = dec.text
            result = det.clean_and_explain(text)
            flagged |= any(f.kind == "spam" and f.removed for f in result.flags)
            if not result.checked:
                warn(f"{name}: {result.note}")
            if args.explain:
                sys.stderr.write(explain_table(name, result))
            if report is not None:
                # The encoding lets `restore` rebuild the input byte for byte.
                rec = {"file": name, "checked": result.checked, "encoding": dec.encoding,
                       "lossy": dec.lossy, "flags": [f.to_dict() for f in result.flags]}
                if result.source != text:
                    rec["source"] = result.source  # HTML: offsets point into this text
                report.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out = _render(result, args.output_format)
            if args.in_place:
                if not args.no_backup:
                    Path(name + ".bak").write_bytes(Path(name).read_bytes())
                _write_atomic(name, out)
            elif args.output:
                _write_atomic(args.output, out)
            else:
                _out(out)
    finally:
        if report is not None:
            report.close()
    return EXIT_FLAGGED if (flagged and args.fail_on_flag) else EXIT_OK


def _render(result: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
    if fmt == "html":
        if result.html is None:
            msg = "--output-format html needs HTML input (see --input-format)."
            raise InputError(msg)
        return str(result.html)
    return str(result.text)


def explain_table(name: str, result: Any) -> str:
    """A readable table of decisions for --explain."""
    lines = [f"== {name}: {len(result.removed)} removed, "
             f"{len(result.flags) - len(result.removed)} kept"]
    for f in result.flags:
        mark = "REMOVED" if f.removed else "kept   "
        snippet = f.text if len(f.text) <= 50 else f.text[:47] + "..."
        rules = ", ".join(f"{h.rule}={h.score:.2f}" for h in f.rules)
        lines.append(f"  {mark} [{f.start}:{f.end}] score={f.score:.2f} {snippet!r}")
        lines.append(f"          {rules}")
        lines.append(f"          {f.reason}")
    return "\n".join(lines) + "\n"


def cmd_detect(args: argparse.Namespace) -> int:
    det = _detector(args)
    flagged = False
    for name in args.files or ["-"]:
        text = _read(name, args.encoding)
        result = det.clean_and_explain(text)
        for f in result.flags:
            if not f.removed and not args.all:
                continue
            flagged |= f.removed
            rec = {"file": name, **f.to_dict()}
            rec["score"] = round(f.score, 4)  # stable diffs of reports
            rec["rules"] = {h.rule: round(h.score, 4) for h in f.rules}
            rec["evidence"] = {h.rule: h.reason for h in f.rules}
            _out(json.dumps(rec, ensure_ascii=False) + "\n")
        if not result.checked:
            _out(json.dumps({"file": name, "checked": False, "note": result.note}) + "\n")
    return EXIT_FLAGGED if (flagged and args.fail_on_flag) else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from .rules import OTHER_RULES, RULES, describe

    ids = sorted(RULES) + sorted(OTHER_RULES)
    try:
        from .html.rules import HTML_RULES

        ids += sorted(HTML_RULES)
    except ImportError:  # pragma: no cover - the HTML package ships with cleantext
        pass
    for rid in ids:
        doc = describe(rid)
        if not doc:
            from .html.rules import HTML_RULES

            doc = HTML_RULES.get(rid, "")
        _out(f"{rid:28s} {doc}\n")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .emit import restore

    cleaned = _read(args.file, args.encoding)
    with open(args.report, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    if args.file != "-":
        matching = [r for r in records if r.get("file") == args.source_name] if args.source_name else records
    else:
        matching = records
    if len(matching) != 1:
        msg = (f"{args.report} holds {len(matching)} documents; name the one to restore "
               "with --source-name FILE (the name used when cleaning).")
        raise InputError(msg)
    rec = matching[0]
    if "source" in rec:
        msg = "This report is from HTML input; restore works on plain-text reports."
        raise InputError(msg)
    # Flags without a cut (hidden HTML text, never in the output) have nothing to restore.
    cuts = [(f["cut_start"], f["cut_text"]) for f in rec["flags"]
            if f.get("removed") and f.get("cut_start", -1) >= 0]
    out = restore(cleaned, cuts)
    encoding = rec.get("encoding") or "utf-8"
    if rec.get("lossy"):
        warn("the input had undecodable bytes (replaced with U+FFFD); they cannot be restored.")
    try:
        data = out.encode(encoding, "surrogateescape" if "utf" in encoding else "strict")
    except (LookupError, UnicodeEncodeError) as err:
        msg = f"Cannot write the restored text as {encoding} ({err}); the report is from another input."
        raise InputError(msg) from err
    if args.output:
        _write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK


# -- parser ----------------------------------------------------------------------------
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleantext",
        description="Find spam injected into scraped articles, remove it, and say why.",
        epilog="Exit codes: 0 ok, 1 error, 2 usage, 3 --fail-on-flag hit, 4 batch had errors.",
    )
    from . import __version__, native

    p.add_argument("--version", action="version",
                   version=f"cleantext {__version__} ({native.describe()})")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("clean", help="remove injected spam; write the cleaned text",
                       description="Remove injected spam and write the cleaned text to "
                       "stdout (or -o FILE).  Example: cat post.html | cleantext clean > post.txt")
    c.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' or none: stdin)")
    c.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    c.add_argument("--in-place", action="store_true", help="rewrite each FILE (keeps FILE.bak)")
    c.add_argument("--no-backup", action="store_true", help="with --in-place: no .bak copy")
    c.add_argument("--output-format", choices=["text", "html", "json"], default="text",
                   help="cleaned text (default), cleaned HTML page, or JSON with flags")
    c.add_argument("--explain", action="store_true", help="print a table of decisions to stderr")
    c.add_argument("--report", metavar="R.jsonl",
                   help="write every decision with exact cut offsets (for audit and restore)")
    c.add_argument("--fail-on-flag", action="store_true", help="exit 3 if anything was removed")
    _detector_options(c)
    from .cli_batch import add_batch_options

    add_batch_options(c)
    COMMANDS["clean"] = cmd_clean

    d = sub.add_parser("detect", help="write decisions as JSON Lines; leave the text alone",
                       description="Write one JSON line per removed span: file, start, end, "
                       "text, rules with scores, score, reason.")
    d.add_argument("files", nargs="*", metavar="FILE")
    d.add_argument("--all", action="store_true", help="also list candidates that were kept")
    d.add_argument("--fail-on-flag", action="store_true", help="exit 3 if anything was flagged")
    _detector_options(d)
    COMMANDS["detect"] = cmd_detect

    r = sub.add_parser(
        "rules", help="list the rule ids with one line each",
        description="List every rule id (text rules, the classifier, HTML rules) with the first "
        "line of its documentation.  Rule ids are stable: use them with --disable, in reports "
        "and in configs.")
    r.set_defaults(quiet=False, verbose=False)
    COMMANDS["rules"] = cmd_rules

    rs = sub.add_parser("restore", help="rebuild the original from cleaned text and a --report",
                        description="cleantext restore OUT --report R.jsonl > IN")
    rs.add_argument("file", metavar="CLEANED")
    rs.add_argument("--report", required=True, metavar="R.jsonl")
    rs.add_argument("--source-name", default=None, help="which document of the report")
    rs.add_argument("-o", "--output", metavar="FILE")
    rs.add_argument("--encoding", default=None)
    rs.set_defaults(quiet=False, verbose=False)
    COMMANDS["restore"] = cmd_restore

    for extra in _EXTRA_COMMANDS:
        extra(sub)
    return p


# Commands contributed by other modules (training, batch); each adds its own parser.
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def _register_extras() -> None:
    from .cli_train import register as reg_train

    for reg in (reg_train,):
        if reg not in _EXTRA_COMMANDS:
            _EXTRA_COMMANDS.append(reg)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cleantext`` command; returns the exit code."""
    try:
        _register_extras()
    except ImportError:  # pragma: no cover - partial installs
        pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    global _QUIET
    _QUIET = bool(getattr(args, "quiet", False))
    level = (logging.ERROR if getattr(args, "quiet", False)
             else logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING)
    logging.basicConfig(level=level, format="cleantext: %(message)s", stream=sys.stderr)
    handler = COMMANDS.get(args.command) or args.handler
    try:
        return handler(args)
    except CleantextError as err:
        sys.stderr.write(f"cleantext: error: {err}\n")
        return EXIT_ERROR
    except BrokenPipeError:
        # `cleantext clean big.jsonl | head`: the reader left; stop quietly.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("cleantext: interrupted\n")
        return 130
    except OSError as err:
        sys.stderr.write(f"cleantext: error: {err}\n")
        return EXIT_ERROR


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:  # pragma: no cover
        pass
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
