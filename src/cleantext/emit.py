"""Verdicts -> cleaned text: cut each removed span plus the separator it occupied.

A line that becomes empty disappears with its line break; a span at the start of a
line takes the spaces after it, one at the end the spaces before it, one in the
middle the spaces on one side.  Every other character is kept as it was.
"""

from __future__ import annotations

from collections.abc import Sequence

_HSPACE = " \t\u3000\u00a0"


def cut_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The range to delete for a spam span [start, end), separators included.

    >>> t = "one\\nSPAM\\ntwo"
    >>> cut_range(t, 4, 8)
    (4, 9)
    >>> t = "SPAM Artificial"
    >>> cut_range(t, 0, 4)
    (0, 5)
    """
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    head, tail = text[ls:start], text[end:le]
    if not head.strip(_HSPACE) and not tail.strip(_HSPACE + "\r"):
        # The line holds nothing else: drop it with its line break.
        if le < len(text):
            return ls, le + 1
        if ls > 0:
            return ls - 1, le  # last line: take the break before it
        return ls, le
    if not head.strip(_HSPACE):
        e = end
        while e < le and text[e] in _HSPACE:
            e += 1
        return start, e
    if not tail.strip(_HSPACE + "\r"):
        s = start
        while s > ls and text[s - 1] in _HSPACE:
            s -= 1
        return s, end
    e = end
    while e < le and text[e] in _HSPACE:
        e += 1
    if e > end:
        return start, e
    s = start
    while s > ls and text[s - 1] in _HSPACE:
        s -= 1
    if s < start and text[end : end + 1] in ".,;:!?":
        return s, end
    return start, end


def plan_cuts(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One disjoint cut range per sorted, non-overlapping spam span.

    When the spans of one line leave nothing but spaces, the whole line goes: the
    first cut starts at the line start and the last one takes the line break.

    >>> plan_cuts("a\\nX Y\\nb", [(2, 3), (4, 5)])
    [(2, 3), (3, 6)]
    """
    cuts: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        s0 = spans[i][0]
        ls = text.rfind("\n", 0, s0) + 1
        le = text.find("\n", s0)
        le = len(text) if le < 0 else le
        j = i
        while j < len(spans) and spans[j][0] < le:
            j += 1
        group = spans[i:j]
        rest = apply_cuts(text[ls:le], [(max(s, ls) - ls, min(e, le) - ls) for s, e in group])
        if len(group) > 1 and not rest.strip(_HSPACE + "\r"):
            whole = cut_range(text, ls + (len(text[ls:le]) - len(text[ls:le].lstrip())), le)
            first = max(whole[0], cuts[-1][1]) if cuts else whole[0]
            bounds = [first] + [e for _, e in group[:-1]] + [whole[1]]
            cuts.extend((bounds[k], bounds[k + 1]) for k in range(len(group)))
        else:
            for s, e in group:
                cs, ce = cut_range(text, s, e)
                if cuts and cs < cuts[-1][1]:
                    cs = cuts[-1][1]
                cuts.append((cs, max(cs, ce)))
        i = j
    return cuts


def apply_cuts(text: str, cuts: Sequence[tuple[int, int]]) -> str:
    """The text with the given sorted, disjoint ranges removed."""
    parts, pos = [], 0
    for s, e in cuts:
        parts.append(text[pos:s])
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def restore(cleaned: str, cuts: Sequence[tuple[int, str]]) -> str:
    """Re-insert cut texts, given as (cut_start, cut_text) in original offsets.

    >>> restore("a c", [(2, "b ")])
    'a b c'
    """
    parts, pos = [], 0
    shift = 0  # characters of the original consumed so far minus cleaned chars
    for start, piece in sorted(cuts):
        upto = start - shift
        parts.append(cleaned[pos:upto])
        parts.append(piece)
        pos = upto
        shift += len(piece)
    parts.append(cleaned[pos:])
    return "".join(parts)
