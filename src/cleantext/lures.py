"""Patterns for contact lures: messenger IDs, phone numbers, short links, domains.

A lure by itself is ordinary (a newsroom lists its phone number and WeChat
account); it becomes evidence only when it is glued to spam terms, which the
``lures.contact`` rule checks.  Patterns run on folded text and are linear: no
nested quantifiers over overlapping classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import native
from .normalize import Folded, build_matcher, find_matches, leftmost_longest

_MESSENGERS = (
    "微信", "微信号", "微 信", "威信", "薇信", "vx", "v信", "wechat", "weixin", "wx", "qq", "qq号",
    "扣扣", "企鹅", "telegram", "tg", "whatsapp", "whats app", "wa", "line", "line id", "ライン",
    "라인", "kakaotalk", "kakao talk", "kakao", "카톡", "카카오톡", "ไลน์", "viber", "skype",
    "zalo", "飞机", "飞机号", "电报",
)
_SHORTENERS = (
    "t.me", "wa.me", "bit.ly", "tinyurl.com", "goo.gl", "cutt.ly", "is.gd", "ow.ly", "rb.gy",
    "s.id", "shorturl.at", "rebrand.ly", "t.co", "tiny.cc", "v.gd", "lnkd.in", "linktr.ee",
)
_TLDS = (
    "com|net|org|cc|top|xyz|vip|bet|casino|club|info|biz|site|online|live|me|io|co|tv|cn|ru|in|"
    "id|asia|win|fun|shop|store|pro|app|link|one"
)

MESSENGER_RE = re.compile(
    r"""
    (?:""" + "|".join(re.escape(m).replace(r"\ ", r"\s?") for m in sorted(_MESSENGERS, key=len, reverse=True)) + r""")
    (?:[ \t]?(?:id|号|號))?[ \t]?[:：=]?[ \t]?
    (?:\+?\d{1,4}(?:[ \t\-.]?\d{2,5}){1,5}(?!\w)    # a phone number as the ID
     |[@+]?[a-z0-9][a-z0-9_.\-]{3,29})               # or a handle
    """,
    re.VERBOSE,
)
SHORTLINK_RE = re.compile(
    r"(?:https?://)?(?:" + "|".join(re.escape(s) for s in _SHORTENERS) + r")/[a-z0-9_\-+]{2,40}"
)
# Starts with the literal "@" so ``re`` can skip ahead; the character before the
# "@" (no e-mail addresses: user@host) is checked by hand.
HANDLE_RE = re.compile(r"@[a-z][a-z0-9_]{3,31}")
# Phone number: optional +country, 8-15 digits in groups.
# The look-behind keeps attempts to the start of a number: inside a run of 20,000
# digits the group split would otherwise be retried at every position.  A number
# may follow a Chinese, Japanese or Korean word directly ("电话13812345678": those
# scripts put no space before digits); after a letter of a spaced script it is
# part of a code ("A12345678").
PHONE_RE = re.compile(r"(?<![0-9A-Za-z_])\d{1,4}(?:[\s\-.]?\(?\d{2,5}\)?){2,5}(?![0-9A-Za-z_])")
# Words that count what a number before them is: a registration number ("备...号"),
# a year, an amount.
_COUNTERS = frozenset("号號番年月日元円万萬亿億件人个個")
_UNSPACED_LETTER_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Cheap pre-scan: a digit, then 6+ digits or separators, then a digit.  PHONE_RE is
# tried only where such a run starts.
# (Explicit digit classes, not \d: ``re`` scans for a charset quickly, not for a
# Unicode category.  Full-width digits are ASCII after folding.)
_DIGIT_RANGES = ((0x30, 0x39), (0x660, 0x669), (0x6F0, 0x6F9), (0x966, 0x96F),
                 (0x9E6, 0x9EF), (0xE50, 0xE59))
_D = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _DIGIT_RANGES)
_DIGIT_GLUE = " -.()"  # what may stand between the digits of one run
_DIGITS_RE = re.compile(f"[{_D}][{_D}{re.escape(_DIGIT_GLUE)}]{{6,}}[{_D}]")
# The same for the compiled loop (``native``): the digits spelled out.
_DIGIT_CHARS = "".join(chr(c) for lo, hi in _DIGIT_RANGES for c in range(lo, hi + 1))


def _digit_runs(text: str) -> Iterator[int]:
    """Where each match of ``_DIGITS_RE`` starts."""
    if native.speedups is not None:
        return (s for s, _ in native.speedups.class_spans(text, _DIGIT_CHARS, _DIGIT_GLUE, 8))
    return (m.start() for m in _DIGITS_RE.finditer(text))
# (A letter of an unspaced script may follow: "官网vip893.xyz沿线" has no space.)
TLD_RE = re.compile(r"\.(?:" + _TLDS + r")(?![a-z0-9_\-\u00c0-\u024f\u0400-\u04ff])")
# The host part of a bare domain, read backwards from its TLD.
_HOST_TAIL_RE = re.compile(r"(?:www\.)?[a-z0-9][a-z0-9\-]{1,40}$")
_PATH_RE = re.compile(r"/[\w\-/]{0,40}")


# Top-level domains that gambling and scam sites use far more than anyone else ...
_SITE_TLDS = frozenset(("bet", "casino", "vip", "xyz", "top", "site", "live", "club", "win",
                        "fun", "online", "icu", "buzz"))
# ... with a name that glues a word to a number ("vip893", "lucky569", "btc2x-giveaway"),
# the way mirror sites are numbered.
_NUMBERED_RE = re.compile(r"(?:www\.)?(?=[a-z0-9\-]*[a-z])(?=[a-z0-9\-]*[0-9])[a-z0-9\-]+$")


def _site_name(text: str, host_start: int, tld: re.Match[str]) -> bool:
    """A bare domain shaped like a gambling or scam site's: a numbered name on a
    TLD such sites favour ("官网vip893.xyz", "top412.bet")."""
    return (tld.group()[1:] in _SITE_TLDS
            and _NUMBERED_RE.match(text, host_start, tld.start()) is not None)


# The words that make a lure possible: messenger names and short-link hosts.
TRIGGER_WORDS: tuple[str, ...] = (*_MESSENGERS, *(s + "/" for s in _SHORTENERS))
_TRIGGER_KINDS = ("messenger",) * len(_MESSENGERS) + ("shortlink",) * len(_SHORTENERS)
_TRIGGERS = build_matcher(TRIGGER_WORDS)


@dataclass(frozen=True, slots=True)
class Lure:
    start: int
    end: int
    kind: str  # messenger | shortlink | handle | phone | domain | site (``_site_name``)


# Two-letter names are also words and abbreviations ("WA 98664" is a US address):
# after them the ID must be phone-length or introduced by a colon or @.
_SHORT_NAMES = ("wa", "tg", "wx", "vx", "line")


def _plausible(match: str) -> bool:
    name = match.split()[0].rstrip(":：=") if " " in match else match[:2]
    if name not in _SHORT_NAMES:
        return True
    return sum(map(str.isdigit, match)) >= 7 or any(c in ":：@" for c in match)


def find_lures(folded: Folded,
               triggers: Iterable[tuple[int, int, int]] | None = None) -> Iterator[Lure]:
    """Yield lures in original-text offsets, sorted by position.

    Each kind runs only when a cheap check says it can occur (a keyword
    pass for messenger names and shorteners, ``@``, a TLD), so clean text costs
    a few C-level scans.  ``triggers`` are that pass's matches when the caller
    already has them (``(index in TRIGGER_WORDS, start, end)`` in folded text, as
    :meth:`Lexicon.scan <cleantext.lexicon.Lexicon.scan>` finds them in its own pass).

    >>> from cleantext.normalize import fold
    >>> [(l.kind) for l in find_lures(fold("加微信: hm8899 or WhatsApp +62 812 0000 1111"))]
    ['messenger', 'messenger']
    """
    text = folded.text
    found: list[tuple[int, int, str]] = []
    kinds = set()
    n = len(text)
    if triggers is None:
        triggers = find_matches(_TRIGGERS, text)
    for k, start, stop in triggers:
        kind = _TRIGGER_KINDS[k]
        kinds.add(kind)
        # "was", "address_line1": a messenger name is a word of its own.
        if kind != "messenger" or (start > 0 and ("a" <= text[start - 1] <= "z"
                                                  or text[start - 1] in "_0123456789")):
            continue
        # "was", "lines", "tgv": a Latin messenger name must end at a word boundary
        # (or run into "id": "LINEID:xwcx5078").
        if (stop < n and "a" <= text[stop] <= "z" and text[stop - 1].isascii()
                and not text.startswith("id", stop)):
            continue
        m = MESSENGER_RE.match(text, start)
        # "line four" is not a handle: a messenger ID needs a digit or a colon/@.
        if m and any(c.isdigit() or c in ":：@+" for c in m.group()) and _plausible(m.group()):
            found.append((m.start(), m.end(), "messenger"))
    if "shortlink" in kinds:
        found += [(m.start(), m.end(), "shortlink") for m in SHORTLINK_RE.finditer(text)]
    if "@" in text:
        found += [(m.start(), m.end(), "handle") for m in HANDLE_RE.finditer(text)
                  if m.start() == 0 or not (text[m.start() - 1].isalnum()
                                            or text[m.start() - 1] in "_.")]
    for start in _digit_runs(text):
        m = PHONE_RE.match(text, start)
        if m is None:
            continue
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_") and not (
            _UNSPACED_LETTER_RE.match(text, s - 1)
        ):
            continue
        if m.end() < n and text[m.end()].isalnum() and (
            not _UNSPACED_LETTER_RE.match(text, m.end()) or text[m.end()] in _COUNTERS
        ):
            continue
        if s > 0 and text[s - 1] == "+":
            s -= 1
        if sum(map(str.isdigit, m.group())) >= 8:
            found.append((s, m.end(), "phone"))
    for m in TLD_RE.finditer(text):
        host = _HOST_TAIL_RE.search(text, max(0, m.start() - 48), m.start())
        if host is None or (host.start() > 0 and text[host.start() - 1] in "@.-_"):
            continue
        end = m.end()
        path = _PATH_RE.match(text, end)
        if path:
            end = path.end()
        kind = "site" if _site_name(text, host.start(), m) else "domain"
        found.append((host.start(), end, kind))
    for s, e, kind in leftmost_longest(found):
        s2, e2 = folded.to_source(s, e)
        yield Lure(s2, e2, kind)
