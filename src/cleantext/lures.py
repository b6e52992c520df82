"""Patterns for contact lures: messenger IDs, phone numbers, short links, domains.

A lure by itself is ordinary (a newsroom lists its phone number and WeChat
account); it becomes evidence only when it is glued to spam terms, which the
``lures.contact`` rule checks.  Patterns run on folded text and are linear: no
nested quantifiers over overlapping classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .normalize import Folded

LURE_RE = re.compile(
    r"""
    # Messenger handle: a messenger name, optional "id"/"号"/colon, then the handle.
      (?P<messenger>(?<![a-z])
        (?:微信号?|微\s?信|威信|薇信|vx|v信|wechat|weixin|wx|qq号?|扣扣|企鹅|
           telegram|tg|whats\s?app|wa|line\s?id|line|ライン|라인|kakao\s?talk|kakao|카톡|
           카카오톡|ไลน์|viber|skype|zalo|飞机号?|电报)
        (?:\s?(?:id|号|號))?\s?[:：=]?\s?
        (?:\+?\d{1,4}(?:[\s\-.]?\d{2,5}){1,5}(?![\w])|[@+]?[a-z0-9][a-z0-9_.\-]{3,29})
      )
    # Telegram / WhatsApp deep links and URL shorteners.
    | (?P<shortlink>
        (?:https?://)?(?:t\.me|wa\.me|bit\.ly|tinyurl\.com|goo\.gl|cutt\.ly|is\.gd|ow\.ly|
           rb\.gy|s\.id|shorturl\.at|rebrand\.ly|t\.co|tiny\.cc|v\.gd|lnkd\.in|linktr\.ee)
        /[a-z0-9_\-+]{2,40}
      )
    # A handle such as @cheapmeds24 (not an e-mail address).
    | (?P<handle>(?<![\w.])@[a-z][a-z0-9_]{3,31})
    # Phone number: optional +country, 8-15 digits in groups.
    | (?P<phone>(?<![\w+])\+?\d{1,4}(?:[\s\-.]?\(?\d{2,5}\)?){2,5}(?!\w))
    # Bare domain with a TLD spam sites favour.
    | (?P<domain>
        (?<![\w@.\-])(?:www\.)?[a-z0-9][a-z0-9\-]{1,40}
        \.(?:com|net|org|cc|top|xyz|vip|bet|casino|club|info|biz|site|online|live|me|io|
            co|tv|cn|ru|in|id|asia|win|fun|shop|store|pro|app|link|one)(?:/[\w\-/]{0,40})?
        (?![\w\-])
      )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Lure:
    start: int
    end: int
    kind: str  # messenger | shortlink | handle | phone | domain


def find_lures(folded: Folded) -> Iterator[Lure]:
    """Yield lures in original-text offsets.

    >>> from cleantext.normalize import fold
    >>> [(l.kind) for l in find_lures(fold("加微信: hm8899 or WhatsApp +62 812 0000 1111"))]
    ['messenger', 'messenger']
    """
    for m in LURE_RE.finditer(folded.text):
        kind = m.lastgroup or "domain"
        text = m.group()
        if kind == "phone" and sum(c.isdigit() for c in text) < 8:
            continue
        # "line four" is not a handle: a messenger ID needs a digit or a colon/@.
        if kind == "messenger" and not any(c.isdigit() or c in ":：@+" for c in text):
            continue
        s, e = folded.to_source(*m.span())
        yield Lure(s, e, kind)
