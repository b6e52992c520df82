"""Small helpers that several rules use to read a span's surroundings."""

from __future__ import annotations

import re

from .segment import Context

OPENERS = "([{（【「『《〈“‘\"'«‹"
CLOSERS = ")]}）】」』》〉”’\"'»›"


def prev_char(text: str, pos: int) -> str:
    """The nearest non-space character before ``pos`` on the same line."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return text[i] if i >= 0 and text[i] != "\n" else "\n"


def next_char(text: str, pos: int) -> str:
    """The nearest non-space character at or after ``pos`` on the same line."""
    i = pos
    while i < len(text) and text[i] in " \t\u3000":
        i += 1
    return text[i] if i < len(text) and text[i] != "\n" else "\n"


_QUOTE_RES = {q: re.compile(f"(?<!\\w){re.escape(q)}|{re.escape(q)}(?!\\w)") for q in "\"'"}


def enclosed(text: str, start: int, end: int) -> bool:
    """True when the span sits inside brackets or quotes on its line."""
    before, after = prev_char(text, start), next_char(text, end)
    if before in OPENERS and after in CLOSERS:
        return True
    # Also "(Shanghai, 上海)" or "（上海娱乐有限公司）": an opener earlier on the line
    # that is closed after the span, with no sentence end in between.
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    left = text[max(ls, start - 40) : start]
    right = text[end : min(le, end + 40)]
    for o, c in zip(OPENERS, CLOSERS):
        if o == c:
            # Straight quotes open and close alike: an odd count on the left opens.
            # Apostrophes inside words (it's, casino's) are not quotes.
            q = _QUOTE_RES[o]
            if len(q.findall(left)) % 2 == 1 and q.search(right):
                return True
        elif o in left and left.rfind(o) > left.rfind(c) and c in right:
            return True
    return False


def position(ctx: Context, start: int, end: int) -> str:
    """Where a span sits in its line: alone, edge (start or end), between, inside."""
    ls, le = ctx.line_of(start)
    head = ctx.text[ls:start].strip(" \t\u3000-–—•*>#|")
    tail = ctx.text[end:le].strip(" \t\u3000.,;:!?。，！？|-–—")
    if not head and not tail:
        return "alone"
    if not head or not tail:
        return "edge"
    before = prev_char(ctx.text, start)
    if before in ".!?。！？;；" or next_char(ctx.text, end) in "。！？":
        return "between"
    return "inside"
