"""``html.*`` rules: how markup hides text, and which hidden text is spam.

Hiding is not spam by itself.  Screen-reader labels, collapsed menus, closed dialogs
and cookie banners are hidden for good reasons, so every hiding rule only says
*that* an element is hidden; :func:`spam_evidence` then decides whether what it hides
looks like an injected ad.  Hidden text never reaches the emitted text either way.

Everything here is pure string work on attribute values and ``<style>`` text: no
CSS engine, no recursion, linear regexes only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HTML_RULES: dict[str, str] = {
    "html.display_none": "Element hidden by an inline style display:none.",
    "html.visibility_hidden": "Element hidden by an inline style visibility:hidden/collapse.",
    "html.opacity_zero": "Element made transparent by an inline style opacity:0.",
    "html.tiny_font": "Text set in a zero or tiny font size (<= 1px, <= 0.1em).",
    "html.color_match": "Text colour equal or near to its background colour (or transparent).",
    "html.offscreen": "Element pushed off screen (left/top -9999px, text-indent -9999px).",
    "html.zero_size": "Zero-size box (width/height <= 1px or clip) with overflow hidden.",
    "html.hidden_attr": "Element carries the HTML `hidden` attribute.",
    "html.css_hidden": "Element hidden by a class or id that a <style> block in the page hides.",
    "html.closed_dialog": "A <dialog> that is not open.",
    "html.marquee": "Scrolling <marquee> text that looks like an ad.",
    "html.link_farm": "A cluster of links to other domains with spam anchor texts.",
    "html.outbound_link": "The removed span is exactly a link to another domain.",
}

# -- inline styles -----------------------------------------------------------------

_WS_RE = re.compile(r"\s+")
_LEN_RE = re.compile(r"^(-?\d*\.?\d+)(px|em|rem|pt|%|vw|vh|ex|ch|cm|mm|in)?(?:!important)?$")
_HEX_RE = re.compile(r"^#([0-9a-f]{3,8})$")
_RGB_RE = re.compile(r"^rgba?\(([\d.%]+),([\d.%]+),([\d.%]+)(?:[,/]([\d.%]+))?\)$")
NAMED_COLOURS: Mapping[str, tuple[int, int, int]] = {
    "white": (255, 255, 255), "black": (0, 0, 0), "snow": (255, 250, 250),
    "ivory": (255, 255, 240), "whitesmoke": (245, 245, 245), "red": (255, 0, 0),
    "green": (0, 128, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0),
    "gray": (128, 128, 128), "grey": (128, 128, 128), "silver": (192, 192, 192),
    "navy": (0, 0, 128), "lime": (0, 255, 0), "aqua": (0, 255, 255),
    "fuchsia": (255, 0, 255), "maroon": (128, 0, 0), "olive": (128, 128, 0),
    "purple": (128, 0, 128), "teal": (0, 128, 128), "orange": (255, 165, 0),
}
TRANSPARENT = (-1, -1, -1)
# Channel distance (sum over r, g, b) under which two colours look the same.
NEAR_COLOUR = 36
# Offsets at or beyond this many pixels (negative) put a box off screen.
OFFSCREEN_PX = 500


def parse_style(style: str) -> dict[str, str]:
    """``"Color: RED; font-size:0"`` -> ``{"color": "red", "font-size": "0"}``.

    >>> parse_style("Display : NONE ;color:#FFF")
    {'display': 'none', 'color': '#fff'}
    """
    out: dict[str, str] = {}
    for decl in _WS_RE.sub("", style.lower()).split(";"):
        name, sep, value = decl.partition(":")
        if sep and name:
            out[name] = value.removesuffix("!important")
    return out


def length_px(value: str) -> float | None:
    """A CSS length in (approximate) pixels; None if it is not a plain length."""
    m = _LEN_RE.match(value)
    if not m:
        return None
    n = float(m.group(1))
    unit = m.group(2) or "px"
    factor = {"px": 1.0, "pt": 1.33, "em": 16.0, "rem": 16.0, "ex": 8.0, "ch": 8.0,
              "%": 0.16, "vw": 10.0, "vh": 10.0, "cm": 38.0, "mm": 3.8, "in": 96.0}
    return n * factor[unit]


def parse_colour(value: str) -> tuple[int, int, int] | None:
    """An (r, g, b) triple, TRANSPARENT, or None when the value is not understood."""
    if not value:
        return None
    if value == "transparent":
        return TRANSPARENT
    if value in NAMED_COLOURS:
        return NAMED_COLOURS[value]
    m = _HEX_RE.match(value)
    if m:
        h = m.group(1)
        if len(h) in (3, 4):
            if len(h) == 4 and h[3] == "0":
                return TRANSPARENT
            return (int(h[0] * 2, 16), int(h[1] * 2, 16), int(h[2] * 2, 16))
        if len(h) in (6, 8):
            if len(h) == 8 and h[6:] == "00":
                return TRANSPARENT
            return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
        return None
    m = _RGB_RE.match(value)
    if m:
        if m.group(4) is not None:
            a = m.group(4)
            try:
                alpha = float(a[:-1]) / 100 if a.endswith("%") else float(a)
            except ValueError:
                return None
            if alpha <= 0.05:
                return TRANSPARENT
        try:
            return tuple(  # type: ignore[return-value]
                min(255, int(float(c[:-1]) * 2.55) if c.endswith("%") else int(float(c)))
                for c in m.group(1, 2, 3)
            )
        except ValueError:
            return None
    return None


def background_of(decls: Mapping[str, str]) -> tuple[int, int, int] | None:
    """The background colour an inline style sets, if any."""
    bg = decls.get("background-color")
    if bg is None:
        bg = decls.get("background")
        if bg is None:
            return None
        bg = bg.split(" ")[0] if " " in bg else bg
    c = parse_colour(bg)
    return None if c == TRANSPARENT else c


def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return sum(abs(x - y) for x, y in zip(a, b)) <= NEAR_COLOUR


@dataclass(frozen=True, slots=True)
class Hiding:
    """Why an element is hidden: the rule id and a sentence a human can check."""

    rule: str
    reason: str


def hidden_by_decls(
    decls: Mapping[str, str], background: tuple[int, int, int] | None
) -> Hiding | None:
    """The hiding technique an inline style uses, if any.

    ``background`` is the nearest known background colour (own or inherited).

    >>> hidden_by_decls(parse_style("display:none"), None).rule
    'html.display_none'
    >>> hidden_by_decls(parse_style("color:#fefefe"), (255, 255, 255)).rule
    'html.color_match'
    >>> hidden_by_decls(parse_style("color:#333"), (255, 255, 255)) is None
    True
    """
    if not decls:
        return None
    if decls.get("display") == "none":
        return Hiding("html.display_none", "inline style display:none")
    if decls.get("visibility") in ("hidden", "collapse"):
        return Hiding("html.visibility_hidden", f"inline style visibility:{decls['visibility']}")
    op = decls.get("opacity")
    if op is not None:
        try:
            val = float(op[:-1]) / 100 if op.endswith("%") else float(op)
        except ValueError:
            val = 1.0
        if val <= 0.05:
            return Hiding("html.opacity_zero", f"inline style opacity:{op}")
    fs = decls.get("font-size")
    if fs is not None:
        px = length_px(fs)
        if px is not None and px <= 1.6:
            return Hiding("html.tiny_font", f"inline style font-size:{fs}")
    pos = decls.get("position")
    if pos in ("absolute", "fixed"):
        for side in ("left", "top", "right", "bottom", "margin-left", "margin-top"):
            v = decls.get(side)
            px = length_px(v) if v else None
            if px is not None and px <= -OFFSCREEN_PX:
                return Hiding("html.offscreen", f"inline style position:{pos}; {side}:{v}")
    ti = decls.get("text-indent")
    if ti is not None:
        px = length_px(ti)
        if px is not None and px <= -OFFSCREEN_PX:
            return Hiding("html.offscreen", f"inline style text-indent:{ti}")
    if decls.get("overflow") == "hidden" or decls.get("overflow-y") == "hidden":
        for prop in ("width", "height", "max-height", "max-width"):
            v = decls.get(prop)
            px = length_px(v) if v else None
            if px is not None and px <= 1.0:
                return Hiding("html.zero_size", f"inline style {prop}:{v}; overflow:hidden")
        clip = decls.get("clip", "")
        if clip.startswith("rect(0") or decls.get("clip-path", "").startswith("inset(50%"):
            return Hiding("html.zero_size", "inline style clip to nothing; overflow:hidden")
    colour = decls.get("color")
    if colour is not None:
        c = parse_colour(colour)
        if c == TRANSPARENT:
            return Hiding("html.color_match", f"inline style color:{colour}")
        own_bg = background_of(decls)
        bg = own_bg or background
        if c is not None and bg is not None and near(c, bg):
            return Hiding("html.color_match",
                          f"text colour {colour} on background rgb{bg}")
    return None


# -- <style> blocks ----------------------------------------------------------------

_COMMENT_RE = re.compile(r"/\*.*?\*/", re.DOTALL)
_BRACE_RE = re.compile(r"[{}]")
_SIMPLE_SEL_RE = re.compile(r"^([a-z][a-z0-9]*)?([.#])(-?[_a-z][\w-]*)$", re.IGNORECASE)
# Hiding that a stylesheet does with a colour is not checked: the background is
# rarely known there, and legitimate themes set white-on-dark everywhere.
_SHOW_VALUES = frozenset({"block", "inline", "inline-block", "flex", "grid", "table",
                          "list-item", "contents", "inline-flex", "table-cell", "visible"})

SelectorKey = tuple[str, str, str]  # (tag or "", "." or "#", name)


@dataclass(frozen=True, slots=True)
class StyleSheet:
    """Simple selectors (``.c``, ``#i``, ``tag.c``, ``tag#i``) that top-level rules hide."""

    hidden: Mapping[SelectorKey, Hiding]

    def match(self, tag: str, classes: Iterable[str], ident: str | None) -> Hiding | None:
        h = self.hidden
        for c in classes:
            hit = h.get(("", ".", c)) or h.get((tag, ".", c))
            if hit:
                return hit
        if ident:
            return h.get(("", "#", ident)) or h.get((tag, "#", ident))
        return None


EMPTY_SHEET = StyleSheet({})


def parse_stylesheets(texts: Iterable[str]) -> StyleSheet:
    """Collect the simple selectors that top-level rules hide.

    Rules inside ``@media``/``@supports`` blocks are ignored (they hide for one
    screen size only), and so are selectors that any rule shows again.

    >>> sheet = parse_stylesheets([".x{display:none} @media(max-width:9px){.y{display:none}}"])
    >>> sorted(sheet.hidden)
    [('', '.', 'x')]
    """
    hidden: dict[SelectorKey, Hiding] = {}
    shown: set[SelectorKey] = set()
    for css in texts:
        if "{" not in css:
            continue
        css = _COMMENT_RE.sub("", css)
        depth, sel_start, rule_open = 0, 0, -1
        selector = ""
        for m in _BRACE_RE.finditer(css):
            if m.group() == "{":
                if depth == 0:
                    selector = css[sel_start : m.start()].strip()
                    rule_open = m.end()
                depth += 1
            else:
                depth = max(0, depth - 1)
                if depth == 0:
                    if rule_open >= 0 and not selector.startswith("@"):
                        _add_rule(selector, css[rule_open : m.start()], hidden, shown)
                    sel_start, rule_open = m.end(), -1
    for key in shown:
        hidden.pop(key, None)
    return StyleSheet(hidden)


_RELEVANT_RE = re.compile(r"display|visibility|opacity|font-size|overflow|:\s*-\d|clip")


def _add_rule(selector: str, body: str, hidden: dict[SelectorKey, Hiding],
              shown: set[SelectorKey]) -> None:
    if "{" in body or not _RELEVANT_RE.search(body):
        return
    sels = [m for m in (_SIMPLE_SEL_RE.match(x.strip()) for x in selector.split(",")) if m]
    if not sels:
        return
    decls = parse_style(body)
    hiding = hidden_by_decls({k: v for k, v in decls.items() if k != "color"}, None)
    shows = (decls.get("display") in _SHOW_VALUES or decls.get("visibility") == "visible")
    if hiding is None and not shows:
        return
    for m in sels:
        key = ((m.group(1) or "").lower(), m.group(2), m.group(3))
        if hiding is not None:
            what = hiding.reason.split(" ", 2)[-1]
            hidden.setdefault(key, Hiding("html.css_hidden",
                                          f"<style> rule {m.group()} {{{what}}}"))
        else:
            shown.add(key)
