"""Small helpers that several rules use to read a span's surroundings."""

from __future__ import annotations

import re
from bisect import bisect_right

from .scripts import letter_count
from .segment import Context

OPENERS = "([{（【「『《〈“‘\"'«‹„‚"
CLOSERS = ")]}）】」』》〉”’\"'»›“‘"


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
    head = ctx.text[ls:start].strip(" \t\u3000\u00a0-–—•*>#|")
    tail = ctx.text[end:le].strip(" \t\u3000\u00a0.,;:!?。，！？|-–—")
    if not head and not tail:
        return "alone"
    if not head or not tail:
        return "edge"
    before = prev_char(ctx.text, start)
    if before in ".!?。！？;；" or next_char(ctx.text, end) in "。！？":
        return "between"
    return "inside"


_SENTENCE_END = ".!?。！？"
_SPACED_WORD_RE = re.compile(r"[^\W\d_]+")


def is_phrase(span: str) -> bool:
    """More than one word, four letters of an unspaced script, or a number glued on.

    A single word alone on a line is a heading ("Loan", "Casino"); an ad is a phrase.
    """
    words = _SPACED_WORD_RE.findall(span)
    if len(words) >= 2 or any(c.isdigit() for c in span[-3:]):
        return True
    return bool(words) and not words[0].isascii() and len(words[0]) >= 4 and not (
        " " in span) and words[0][0] >= "\u2e80"


SEAM_LOOKAHEAD = 2000


def neighbour_lines(ctx: Context, pos: int) -> tuple[str, str]:
    """The nearest non-blank lines before and after the line holding ``pos`` ("" at
    the document's edges)."""
    lines = ctx.lines
    i = bisect_right(lines, (pos, len(ctx.text) + 1)) - 1
    out = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not ctx.text[lines[j][0] : lines[j][1]].strip():
            j += step
        out.append(ctx.text[lines[j][0] : lines[j][1]] if 0 <= j < len(lines) else "")
    return out[0], out[1]


# A line of prose: this many letters and a sentence end.
PROSE_LETTERS = 40


def is_prose(line: str) -> bool:
    return letter_count(line) >= PROSE_LETTERS and any(c in _SENTENCE_END for c in line)


def is_item(line: str) -> bool:
    """A menu, list or footer item: short, with no sentence end."""
    return letter_count(line) < PROSE_LETTERS and not any(c in _SENTENCE_END for c in line)


def at_seam(ctx: Context, start: int, end: int) -> bool:
    """True when the span sits where pasted text sits, not where a sentence's words do.

    A seam is a line of its own; the end of a line after a finished sentence
    ("... next year. Betting Tips"), or a place after one that starts a fragment
    never finished; the start of a line or a sentence's place when a new sentence
    follows ("Betting Tips The council met ...": cased scripts only,
    since in Chinese the start of a line is also the start of its first sentence);
    or anywhere for a span with a number glued on ("토토1314", "prestiti520"), the
    way site names are written.
    """
    span = ctx.text[start:end]
    if len(span) > 3 and span[-3:].isdigit() and not span[-4].isspace():
        return True
    where = position(ctx, start, end)
    if where == "alone":
        return True
    if where not in ("edge", "between"):
        return False
    _, le = ctx.line_of(start)
    # A bounded look ahead: copies of stuffing on a 60,000-character line are
    # each checked, and must not each read the rest of the line.
    rest = ctx.text[end : min(le, end + SEAM_LOOKAHEAD)].lstrip(" \t\u3000,:-–—|")
    if not rest.strip(" \t\u3000.,;:!?。，！？|-–—"):
        return where == "edge" and prev_char(ctx.text, start) in _SENTENCE_END
    if where == "between" and not any(c in _SENTENCE_END for c in rest):
        # After a finished sentence, and nothing after it ever ends: a fragment
        # appended to the paragraph ("... verlängert. Online Casino ohne Limit").
        return True
    if rest[0].isupper():
        return True
    # Chinese and Japanese write no spaces: one between the span and the text after
    # it is where two strings were joined ("全长5586米。黑火药的配方 杨树浦路西段…").
    return (ctx.text[end : end + 1] in (" ", "\t", "\u3000")
            and _unspaced_letter(span[-1]) and _unspaced_letter(rest[0]))


def _unspaced_letter(c: str) -> bool:
    """A Han or Kana letter (scripts written without spaces between words)."""
    return "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


_LOWER_WORD_RE = re.compile(r"[ \t]+[a-z\u00df-\u00ff]+[ \t,]")


def sentence_goes_on(ctx: Context, start: int, end: int) -> bool:
    """The span opens a line or a sentence, and the sentence goes on after it in
    lowercase ("红烧肉 is the dish my grandmother made", "No prescription or OTC
    creams can compare"): it is that sentence's own subject, not text pasted in
    front of it, which a new sentence would follow.  Cased scripts only."""
    text = ctx.text
    if "L" not in ctx.profile.natives or _LOWER_WORD_RE.match(text, end) is None:
        return False
    p = start
    while p > 0 and text[p - 1] in " \t\u3000":
        p -= 1
    return p == 0 or text[p - 1] == "\n" or text[p - 1] in _SENTENCE_END
