"""Bytes -> str for the CLI and stream readers: BOMs, declared charsets, detection.

The library takes ``str`` only; decoding is an I/O concern.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]{2,40})""", re.IGNORECASE
)
# Control characters other than tab/newline/CR/FF: a file full of them is binary.
_BINARY_RE = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    lossy: bool = False  # undecodable bytes were replaced with U+FFFD


def looks_binary(raw: bytes) -> bool:
    """True for data that is not text in any encoding we read (images, archives)."""
    head = raw[:4096]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    # A stray NUL happens in scraped text; binary formats have NULs everywhere.
    if head.count(0) > max(2, len(head) // 1000) and _utf16_guess(head) is None:
        return True
    return len(_BINARY_RE.findall(head)) > max(8, len(head) // 50)


def _utf16_guess(head: bytes) -> str | None:
    """Detect BOM-less UTF-16 by where the NUL bytes fall in mostly-ASCII text."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    if half and odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if half and even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(raw: bytes, encoding: str | None = None, *, name: str = "input") -> Decoded:
    """Decode ``raw``: the given encoding, else BOM, ``<meta charset>``, UTF-8, detection.

    Raises InputError for binary data or when an explicit encoding does not fit.
    """
    if encoding:
        try:
            return Decoded(raw.decode(encoding), encoding)
        except LookupError as err:
            msg = f"Unknown encoding {encoding!r} for {name}. Try utf-8, latin-1, gb18030 or cp1251."
            raise InputError(msg) from err
        except UnicodeDecodeError as err:
            msg = (f"{name} is not valid {encoding} (byte {err.start}: {raw[err.start:err.start+4]!r}). "
                   "Leave out --encoding to let cleantext detect it, or name another one.")
            raise InputError(msg) from err
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return Decoded(raw.decode(enc, errors="replace"), enc)
    guess16 = _utf16_guess(raw[:4096]) if b"\x00" in raw[:4096] else None
    if guess16:
        return Decoded(raw.decode(guess16, errors="replace"), guess16)
    if looks_binary(raw):
        msg = (f"{name} looks like binary data, not text or HTML "
               f"(first bytes {raw[:8]!r}). Pass a text, HTML, JSONL or WARC file.")
        raise InputError(msg)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_RE.search(raw[:4096])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        try:
            return Decoded(raw.decode(enc), enc)
        except (LookupError, UnicodeDecodeError):
            pass
    # Mostly UTF-8 with a few bad bytes: keep UTF-8 (replacing the bad bytes) rather
    # than let detection pick a legacy code page that garbles every other character.
    lossy = raw.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if bad and sum(1 for c in lossy if ord(c) > 0x7F) - bad >= bad:
        return Decoded(lossy, "utf-8", lossy=True)
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return Decoded(raw.decode(best.encoding), best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    # Nothing fits exactly: keep going, but say so (the caller reports it).
    return Decoded(raw.decode("utf-8", errors="replace"), "utf-8", lossy=True)
