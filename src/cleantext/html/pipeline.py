"""HTML page -> article text with a map back to the nodes, hidden injections, cleaned page.

The pipeline, in one pass over the tree and one run of the plain-text detector:

1. **Parse** with lxml's HTML parser (libxml2).  On 60 real pages of the benchmark
   set, ``BeautifulSoup(html, "lxml")`` plus ``get_text`` ran at ~12 pages/s, no
   faster than trafilatura's whole extraction (~11 pages/s), while lxml parsed and
   iterated at ~170 pages/s; so the hot path uses lxml directly.  Pages nested deeper than libxml2 allows are flattened
   first (see :func:`flatten_deep`) instead of silently losing their tail.
2. **Walk** the tree iteratively (``etree.iterwalk``, never recursion) and build the
   extracted text: blocks, list items and table cells on their own lines, inline
   whitespace collapsed, script/style/template/noscript dropped.  Every piece of
   text remembers the node it came from.  Hidden elements (see :mod:`.rules`) and
   link farms are skipped and remembered with the offset where they would have been;
   so are the hidden elements nested inside them (an ad hidden on its own inside a
   hidden menu), each an item of its own.
3. **Judge** each hidden element's own text (without the hidden elements nested in
   it): spam when it looks spammy (lexicon terms, contact lures, a script foreign to
   the page, many outbound links, or the detector's own verdict on it), otherwise
   hidden boilerplate.
4. **Detect** the visible injections with ``detector.clean_text`` on the extracted
   text; the hidden flags ride along as ``extra``.  The page's structure can veto a
   removal: foreign text that is the text of a link to the page's own site is its
   navigation (:func:`_own_site_links`).
5. **Edit** the tree: drop the spam nodes, cut the removed spans out of their text
   nodes, drop elements left empty, and serialize.  An untouched page is returned
   byte for byte.

Flags for text that never reached the extracted text (hidden elements, link farms)
have ``start == end ==`` the offset where the element would have been, and
``cut_start == cut_end == -1``.  Hidden boilerplate is reported with
``kind="hidden"`` and ``removed=False``: nothing was cut from the source text and the
node stays in the cleaned page.
"""

from __future__ import annotations

from collections import Counter

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from functools import lru_cache

from lxml import etree

from ..candidates import Candidate, is_autonym
from ..errors import InputError
from ..lures import find_lures
from ..normalize import fold
from ..records import Flag, Result, RuleHit
from ..scripts import profile
from .rules import (
    EMPTY_SHEET,
    HTML_RULES,
    Hiding,
    StyleSheet,
    background_of,
    TRANSPARENT,
    hidden_by_decls,
    parse_colour,
    parse_style,
    parse_stylesheets,
)

if TYPE_CHECKING:
    from ..detector import Detector

__all__ = ["HTML_RULES", "clean_html", "flatten_deep"]

BLOCK = frozenset("""
address article aside blockquote body center dd details dialog dir div dl dt fieldset
figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
main menu nav ol p pre section summary table tbody td tfoot th thead tr ul caption
""".split())
# Elements whose content is never article text.
DROP = frozenset("""
script style template noscript head title svg math iframe object embed canvas audio video
select textarea datalist map
""".split())
# Inline wrappers a link farm's links sit in; the farm is their nearest other ancestor.
_FARM_CLIMB = frozenset("a span b strong em i u font small big li dt dd sup sub".split())
_HTML_WS = " \t\n\r\f"
_HTML_WS_RE = re.compile(r"[ \t\n\r\f]+")
_NEEDS_COLLAPSE_RE = re.compile(r"[\t\n\r\f]|  ")
_TOKEN_RE = re.compile(r"[^ \t\n\r\f]+|[ \t\n\r\f]+")
_PLURAL_RE = re.compile(r"(?<=[a-z]{3})s\b")
# The page's own prologue (BOM, XML declaration, doctype), kept verbatim on output;
# lxml would invent an HTML 4 doctype for pages that have none.
_DOCTYPE_RE = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!doctype[^>]*>\s*",
                         re.IGNORECASE | re.DOTALL)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# Characters libxml2 rejects or mangles: C0 controls other than tab/LF/CR, and lone
# surrogates.  Replaced by nothing.
_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# libxml2 stops building the tree at this depth even with huge_tree.
MAX_DEPTH = 2048
FLATTEN_DEPTH = 1000
# Social and platform domains: links to them are not a link farm's outbound links.
_COMMON_DOMAINS = frozenset("""
facebook.com twitter.com x.com instagram.com linkedin.com youtube.com youtu.be
pinterest.com tiktok.com reddit.com google.com apple.com github.com wikipedia.org
whatsapp.com t.me telegram.me flickr.com vimeo.com tumblr.com medium.com
""".split())
_SECOND_LEVEL = frozenset("co com org net gov ac edu ne or go gob nic mil".split())
# Hidden text longer than this is judged by its terms only, not by the full detector.
VERDICT_MAX_CHARS = 4000
HIDDEN_TEXT_MAX = 2000
NARROW_CHARS = 300
# A hidden element linking to this many other domains is a hidden link farm.
HIDDEN_FARM_DOMAINS = 4
# Weak terms of one category in the visible text that make it the page's topic.
TOPIC_WEAK_HITS = 3
# Hidden text longer than this many words needs a strong term or two weak ones.
WEAK_PROSE_WORDS = 40
VERDICT_TOTAL_CHARS = 50_000
# Hidden items per page (nested ones included) past which nesting is not searched.
MAX_HIDDEN_ITEMS = 5000
# Hidden the way scripts hide page content until it is shown (fade-ins, closed tabs
# and accordions, a body hidden until load).  Such an element holding long prose with
# no spam evidence is the article itself: its text goes into the output (and through
# the text detector), instead of being lost.  Spam hides that way too, but as a short
# phrase or with its terms; tiny fonts, matching colours and off-screen boxes are
# never a way to show content later.
REVEALED_BY_SCRIPT = frozenset({"html.display_none", "html.visibility_hidden",
                                "html.opacity_zero", "html.hidden_attr", "html.css_hidden"})
REVEALED_MIN_WORDS = 25
REVEALED_WITH_AD_WORDS = 100
REVEALED_MAX_SPAM_SHARE = 0.05
_SENTENCE_END_RE = re.compile(r"[.!?。！？](?:\s|$)")
SPAM_SCORE = 0.9
FARM_MIN_LINKS = 3
FARM_ANCHOR_SHARE = 0.6


# -- parsing ---------------------------------------------------------------------------


def _parse(html: str) -> Any:
    """Parse to the root element (None for an empty document)."""
    html = _XML_DECL_RE.sub("", html.lstrip("\ufeff"), count=1)
    if _BAD_CHARS_RE.search(html):
        html = _BAD_CHARS_RE.sub("", html)
    parser = etree.HTMLParser(huge_tree=True, remove_blank_text=False)
    try:
        root = etree.fromstring(html, parser)
    except (etree.ParserError, ValueError) as err:
        msg = f"cannot parse the input as HTML: {err}"
        raise InputError(msg) from err
    if root is not None and any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # Too deep: libxml2 dropped everything below MAX_DEPTH.  Flatten and retry.
        parser = etree.HTMLParser(huge_tree=True)
        root = etree.fromstring(flatten_deep(html, FLATTEN_DEPTH), parser)
    return root


_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def flatten_deep(html: str, limit: int) -> str:
    """Drop the start and end tags nested deeper than ``limit``, keeping their text.

    A linear pass over the tags, used only when the parser reports that the page is
    nested deeper than it can build.

    >>> flatten_deep("<div><div><div>x</div></div></div>", 2)
    '<div><div>x</div></div>'
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    pos = 0
    kept_depth = 0
    for m in _TAG_RE.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        out.append(html[pos : m.start()])
        pos = m.end()
        if name in _VOID or selfclose:
            out.append(m.group())
            continue
        if not closing:
            keep = kept_depth < limit
            stack.append((name, keep))
            kept_depth += keep
            if keep:
                out.append(m.group())
            continue
        # Close the nearest open element of that name (implied closes in between).
        for i in range(len(stack) - 1, max(-1, len(stack) - 64), -1):
            if stack[i][0] == name:
                while len(stack) > i:
                    _, kept = stack.pop()
                    kept_depth -= kept
                    if kept and len(stack) == i:
                        out.append(m.group())
                break
    out.append(html[pos:])
    return "".join(out)


# -- domains ------------------------------------------------------------------------------


_HOST_RE = re.compile(r"^\s*(?:https?:)?//(?:[^/?#@]*@)?([^/?#:\s]+)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _domain_of_host(host: str) -> str:
    parts = host.lower().rstrip(".").split(".")
    if len(parts) < 2:
        return host.lower()
    n = 3 if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in _SECOND_LEVEL else 2
    return ".".join(parts[-n:])


def registered_domain(url: str) -> str:
    """``https://www.news.example.co.uk/x`` -> ``example.co.uk``; '' if not absolute.

    >>> registered_domain("//cdn.a.example.com/x"), registered_domain("/local")
    ('example.com', '')
    """
    m = _HOST_RE.match(url)
    return _domain_of_host(m.group(1)) if m else ""


def page_domain(root: Any) -> str:
    """The page's own domain from <link rel=canonical>, og:url or <base>; '' if unknown."""
    for path, attr in ((".//link[@rel='canonical']", "href"),
                       (".//meta[@property='og:url']", "content"),
                       (".//base", "href")):
        el = root.find(path)
        if el is not None:
            dom = registered_domain(el.get(attr) or "")
            if dom:
                return dom
    return ""


# -- node paths --------------------------------------------------------------------------

MAX_PATH_PARTS = 64


def node_path(el: Any) -> str:
    """A CSS-like path such as ``html>body>div:nth-of-type(2)>p``.

    ``:nth-of-type(k)`` is added when the parent has several children of that tag.
    Paths deeper than 64 levels keep their last 64 steps after ``…>``.
    """
    parts: list[str] = []
    deep = False
    while el is not None:
        if len(parts) >= MAX_PATH_PARTS:
            deep = True
            break
        tag = el.tag if isinstance(el.tag, str) else "comment()"
        parent = el.getparent()
        if parent is None:
            parts.append(tag)
            break
        k = 1 + sum(1 for _ in el.itersiblings(tag, preceding=True))
        if k > 1 or next(el.itersiblings(tag), None) is not None:
            parts.append(f"{tag}:nth-of-type({k})")
        else:
            parts.append(tag)
        el = parent
    return ("…>" if deep else "") + ">".join(reversed(parts))


# -- spam judgement of hidden text -------------------------------------------------------


@dataclass(slots=True)
class _Judge:
    """Decides whether hidden or link text looks like an injected ad."""

    detector: Detector
    natives: frozenset[str] = frozenset()
    own: str = ""
    # The visible page text, and the spam categories it is about (computed on first
    # use: see :func:`_topic_of`).
    visible: str = ""
    _topic: frozenset[str] | None = None
    # Work left for _page_prose on this page (nodes visited + characters / 50): nested
    # hidden prose would otherwise cost the square of its depth.
    reveal_budget: int = 200_000

    @property
    def topic(self) -> frozenset[str]:
        if self._topic is None:
            self._topic = _topic_of(self.detector, self.visible)
        return self._topic

    def terms(self, text: str, nav: bool = False) -> tuple[list[str], dict[str, float | int | str]]:
        """Spam evidence from terms, lures and script alone (cheap).

        ``nav`` marks hidden navigation (a menu, tabs: several links or list items),
        where weak terms ("Loans", "read replicas") are menu labels, not ads.
        """
        why: list[str] = []
        ev: dict[str, float | int | str] = {}
        folded = fold(text)
        hits = [h for h in self.detector.lexicon.find(folded) if h.entry.category != "lure"]
        if not hits and _PLURAL_RE.search(text):
            # Hidden text is out of the output anyway; this only decides how it is
            # reported, so plurals of lexicon terms ("payday loans") count too.
            hits = [h for h in self.detector.lexicon.find(fold(_PLURAL_RE.sub("", text)))
                    if h.entry.category != "lure"]
        # Weak terms (loans, replica, casino) name menu items and article topics; only
        # strong terms, or several weak ones, make hidden text look like an ad.
        # Likewise one weak term in a long hidden text (a closed tab, a glossary, a
        # course description: "essay writing", "loan") is the page's prose, not an
        # ad; the detector's verdict on the text decides instead.
        any_hit = bool(hits)
        prose = _word_count(text, WEAK_PROSE_WORDS + 1) > WEAK_PROSE_WORDS
        if (nav or prose) and hits \
                and not any(h.entry.strength == "strong" for h in hits) \
                and len({h.entry.term for h in hits}) < 2:
            ev["weak"] = hits[0].entry.term  # not enough alone, but a hint
            hits = []
        # A hidden menu whose terms are what the visible page is about is the site's
        # own navigation (a loan broker's mobile menu of loan products), not an ad.
        if nav and hits and all(h.entry.category in self.topic for h in hits):
            ev["topic"] = "|".join(sorted({h.entry.category for h in hits}))
            hits = []
        if hits:
            terms = sorted({h.entry.term for h in hits})
            why.append("spam terms " + ", ".join(repr(t) for t in terms[:4]))
            ev["terms"] = "|".join(terms[:8])
        lures = [lu for lu in find_lures(folded) if lu.kind in ("messenger", "shortlink")]
        if lures and prose and not hits and all(lu.kind == "shortlink" for lu in lures):
            # A short link in a long hidden paragraph (a closed popup promoting a
            # webinar) is a campaign link; alone it does not make the text an ad.
            ev["shortlink"] = len(lures)
            lures = []
        if lures:
            why.append("contact lure " + repr(text[lures[0].start : lures[0].end]))
            ev["lures"] = len(lures)
        if self.natives:
            prof = profile(text)
            # Foreign script alone is a hidden language menu or UI string as often as
            # an ad; it counts only with a spam term (even a weak one) or a lure.
            if (prof.letters >= 4 and prof.dominant not in self.natives
                    and (any_hit or lures) and not is_autonym(text.strip())):
                why.append(f"written in a script foreign to the page ({prof.dominant})")
                ev["script"] = prof.dominant
        return why, ev

    def verdicts(self, texts: list[str]) -> dict[int, str]:
        """The detector's reason to remove something, per index of ``texts``.

        All texts go through one run of the detector, one per line, up to
        VERDICT_TOTAL_CHARS; texts past that are judged by their terms alone.
        """
        lines, starts, total = [], [], 0
        for t in texts:
            t = t.replace("\n", " ")
            if total + len(t) > VERDICT_TOTAL_CHARS:
                break
            starts.append(total)
            lines.append(t)
            total += len(t) + 1
        if not lines:
            return {}
        res = self.detector.clean_text("\n".join(lines))
        out: dict[int, str] = {}
        for f in res.flags:
            if f.removed and not _autonyms_only(f.text):
                i = bisect_right(starts, f.start) - 1
                out.setdefault(i, f"the detector removes {f.text[:40]!r} from it")
        return out


_WORD_RE = re.compile(r"\w+")
_AUTONYM_SPLIT_RE = re.compile(r"[\s|·•/,]+")


def _word_count(text: str, cap: int = 1000) -> int:
    n = 0
    for _ in _WORD_RE.finditer(text):
        n += 1
        if n >= cap:
            break
    return n


def _autonyms_only(span: str) -> bool:
    """True for a run of language names in their own scripts ("한국어 日本語"): a
    hidden language menu, which the detector sees on one line with the page's
    other hidden text."""
    parts = [p for p in _AUTONYM_SPLIT_RE.split(span) if p]
    return bool(parts) and all(is_autonym(p) for p in parts)


# -- the walk ------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Hidden:
    el: Any
    hiding: Hiding
    offset: int
    spam_why: list[str] = field(default_factory=list)
    evidence: dict[str, float | int | str] = field(default_factory=dict)
    force_spam: bool = False
    # The hidden element this one sits in (None at top level), and the hidden
    # elements nested in this one: they are judged on their own text, not on ours.
    parent: _Hidden | None = None
    nested: set[Any] = field(default_factory=set)


@dataclass(slots=True)
class _Extraction:
    text: str
    starts: list[int]
    segs: list[tuple[int, int, Any, str, bool]]  # start, end, holder, "text"|"tail", pre
    hidden: list[_Hidden]


def _hiding_of(el: Any, tag: str, sheet: StyleSheet,
               page_bg: tuple[int, int, int] | None) -> Hiding | None:
    """How ``el`` is hidden, or None.  ``page_bg`` is the page's background colour."""
    keys = el.keys()
    if not keys:
        return Hiding("html.closed_dialog", "<dialog> without open") if tag == "dialog" else None
    attrib = el.attrib
    if "hidden" in attrib:
        return Hiding("html.hidden_attr", "hidden attribute")
    if tag == "dialog" and "open" not in attrib:
        return Hiding("html.closed_dialog", "<dialog> without open")
    style = attrib.get("style")
    if style:
        decls = parse_style(style)
        bg = _inherited_bg(el, page_bg) if "color" in decls else page_bg
        hiding = hidden_by_decls(decls, bg)
        if hiding is not None and not (hiding.rule == "html.tiny_font" and _resets_font(el)):
            return hiding
    if sheet.hidden and ("class" in attrib or "id" in attrib):
        cls = attrib.get("class")
        return sheet.match(tag, cls.split() if cls else (), attrib.get("id"))
    return None


def _inherited_bg(el: Any, page_bg: tuple[int, int, int] | None) -> tuple[int, int, int] | None:
    """The nearest background colour an ancestor sets inline (or ``bgcolor``)."""
    anc = el.getparent()
    for _ in range(64):
        if anc is None:
            break
        style = anc.get("style")
        if style and "background" in style:
            c = background_of(parse_style(style))
            if c is not None:
                return c
        bgcolor = anc.get("bgcolor")
        if bgcolor:
            c = parse_colour(bgcolor.lower())
            if c is not None and c != TRANSPARENT:
                return c
        anc = anc.getparent()
    return page_bg


def _resets_font(el: Any) -> bool:
    """True when a descendant sets its own font size (the font-size:0 layout trick)."""
    for i, d in enumerate(el.iter()):
        if i > 2000:
            return False
        if d is not el and "font-size" in (d.get("style") or ""):
            return True
    return False


def _extract(root: Any, sheet: StyleSheet, farms: dict[Any, Hiding],
             judge: _Judge, bg: tuple[int, int, int] | None) -> _Extraction:
    out: list[str] = []
    starts: list[int] = []
    segs: list[tuple[int, int, Any, str, bool]] = []
    hidden: list[_Hidden] = []
    pos = 0
    need_nl = False
    need_space = False
    at_line_start = True
    pre_depth = 0

    def emit(raw: str | None, holder: Any, which: str) -> None:
        nonlocal pos, need_nl, need_space, at_line_start
        if not raw:
            return
        if pre_depth:
            t = raw.replace("\r\n", "\n")
            if not t:
                return
            if need_nl and not at_line_start:
                out.append("\n")
                pos += 1
            need_nl = need_space = False
            starts.append(pos)
            segs.append((pos, pos + len(t), holder, which, True))
            out.append(t)
            pos += len(t)
            at_line_start = t.endswith("\n")
            return
        s = raw.strip(_HTML_WS)
        if not s:
            need_space = True
            return
        if _NEEDS_COLLAPSE_RE.search(s):
            s = _HTML_WS_RE.sub(" ", s)
        if need_nl and not at_line_start:
            out.append("\n")
            pos += 1
            at_line_start = True
        elif (need_space or raw[0] in _HTML_WS) and not at_line_start:
            out.append(" ")
            pos += 1
        need_nl = False
        starts.append(pos)
        segs.append((pos, pos + len(s), holder, which, False))
        out.append(s)
        pos += len(s)
        at_line_start = False
        need_space = raw[-1] in _HTML_WS

    def classify(el: Any, tag: str, offset: int) -> _Hidden | None:
        """The element as a hidden item (hidden, a link farm, a spam marquee), or None."""
        if el in farms:
            return _Hidden(el, farms[el], offset, force_spam=True)
        hiding = _hiding_of(el, tag, sheet, bg)
        if hiding is None and tag == "marquee":
            why, ev = judge.terms(_text_of(el))
            if why:
                return _Hidden(el, Hiding("html.marquee", "scrolling <marquee>"), offset,
                               why, ev, force_spam=True)
        if hiding is not None:
            if hiding.rule in REVEALED_BY_SCRIPT and _page_prose(
                el, judge, lambda d: d in farms or d.tag == "marquee"
                or _hiding_of(d, d.tag, sheet, bg) is not None
            ):
                return None  # content a script shows: part of the page's text
            return _Hidden(el, hiding, offset)
        return None

    def add_hidden(item: _Hidden) -> None:
        """Record ``item`` and every hidden element nested in it, outermost first.

        Text injected as its own hidden element often lands inside a hidden menu,
        modal or tab panel; judged together with the container's labels it looks
        like boilerplate (and the container's labels would be judged with the ad).
        So a nested hidden element is an item of its own, judged on its own text.
        """
        todo = [item]
        k = 0
        while k < len(todo):
            outer = todo[k]
            k += 1
            hidden.append(outer)
            if len(hidden) > MAX_HIDDEN_ITEMS:
                continue
            inner = etree.iterwalk(outer.el, events=("start",))
            next(inner, None)  # the outer element itself
            for _, d in inner:
                dtag = d.tag
                if not isinstance(dtag, str) or dtag in DROP:
                    inner.skip_subtree()
                    continue
                sub = classify(d, dtag, outer.offset)
                if sub is not None:
                    sub.parent = outer
                    outer.nested.add(d)
                    todo.append(sub)
                    inner.skip_subtree()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # comment or processing instruction
            if event == "end":
                emit(el.tail, el, "tail")
            elif event == "start":
                walker.skip_subtree()
            continue
        if event == "start":
            if tag in DROP:
                walker.skip_subtree()
                continue
            item = classify(el, tag, pos)
            if item is not None:
                add_hidden(item)
                walker.skip_subtree()
                continue
            if tag in BLOCK or tag == "br":
                need_nl = True
            if tag == "pre":
                pre_depth += 1
            emit(el.text, el, "text")
        else:
            if tag in BLOCK:
                need_nl = True
            if tag == "pre" and pre_depth:
                pre_depth -= 1
            emit(el.tail, el, "tail")
    return _Extraction("".join(out), starts, segs, hidden)


def _page_prose(el: Any, judge: _Judge, hidden: Callable[[Any], bool]) -> bool:
    """Long prose (REVEALED_MIN_WORDS words, sentences, few of them in links) with no
    spam terms, lures or foreign script: page content, not an injection or a menu.

    Elements inside it that are hidden on their own (``hidden(d)``) are judged on their
    own later, so an ad hidden inside a closed tab does not hide the whole tab.
    """
    if judge.reveal_budget <= 0:
        return False  # pathological nesting: what is hidden stays hidden
    quick = _text_of(el)
    judge.reveal_budget -= len(quick) // 50 + 1
    if _word_count(quick, REVEALED_MIN_WORDS) < REVEALED_MIN_WORDS:
        return False  # most hidden elements are short: decided without a closer look
    nodes = [d for d in el.iterdescendants() if isinstance(d.tag, str)]
    judge.reveal_budget -= len(nodes)
    if judge.reveal_budget <= 0:
        return False
    inner = {d for d in nodes if hidden(d)}
    text = _text_of(el, inner)
    words = _word_count(text, REVEALED_MIN_WORDS)
    if words < REVEALED_MIN_WORDS or len(_SENTENCE_END_RE.findall(text)) < 2:
        return False
    linked = sum(_word_count(_text_of(a), 10_000) for a in el.iter("a"))
    if linked * 2 > _word_count(text, 100_000):
        return False
    why, ev = judge.terms(text)
    if not why and not ev:  # not even a hint (a weak term, a campaign short link)
        return True
    # An article with an ad pasted into it is still the article: when the spam terms
    # and lures are a sliver of a long text, it is shown and the text detector cuts
    # the ad.  A hidden block of ad copy is mostly spam terms.
    folded = fold(text)
    spam_chars = sum(h.end - h.start for h in judge.detector.lexicon.find(folded))
    spam_chars += sum(lu.end - lu.start for lu in find_lures(folded))
    return (_word_count(text, REVEALED_WITH_AD_WORDS) >= REVEALED_WITH_AD_WORDS
            and spam_chars <= REVEALED_MAX_SPAM_SHARE * len(text))


def _text_of(el: Any, skip: set[Any] | frozenset[Any] = frozenset()) -> str:
    """The text of a subtree without script/style (DROP) and without the ``skip``
    subtrees (their tails stay), whitespace collapsed."""
    parts: list[str] = []
    if not skip and next(el.iter(*DROP), None) is None:
        for t in el.itertext():
            parts.append(t)
            if len(parts) > 20000:
                break
        return _HTML_WS_RE.sub(" ", " ".join(parts)).strip()
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, d in walker:
        if event == "start":
            if d is not el and (d in skip or not isinstance(d.tag, str) or d.tag in DROP):
                walker.skip_subtree()
            elif d.text:
                parts.append(d.text)
        elif d is not el and d.tail:
            parts.append(d.tail)
        if len(parts) > 20000:
            break
    return _HTML_WS_RE.sub(" ", " ".join(parts)).strip()


# -- link farms -----------------------------------------------------------------------------


def _link_farms(root: Any, own_domain: str, judge: _Judge) -> dict[Any, Hiding]:
    """Elements to drop as link farms: containers, or single links inside mixed text."""
    groups: dict[Any, list[tuple[Any, str]]] = {}
    for a in root.iter("a"):
        dom = registered_domain(a.get("href") or "")
        if not dom or dom == own_domain or dom in _COMMON_DOMAINS:
            continue
        c = a.getparent()
        while c is not None and c.tag in _FARM_CLIMB:
            c = c.getparent()
        if c is not None:
            groups.setdefault(c, []).append((a, dom))
    farms: dict[Any, Hiding] = {}
    for container, links in groups.items():
        if len(links) < FARM_MIN_LINKS:
            continue
        spam = []
        for a, dom in links:
            why, _ = judge.terms(_text_of(a) + " " + dom.replace(".", " ").replace("-", " "))
            if why:
                spam.append(a)
        if len(spam) < FARM_MIN_LINKS or len(spam) < 0.5 * len(links):
            continue
        anchor_chars = sum(len(_text_of(a)) for a, _ in links)
        domains = len({d for _, d in links})
        reason = (f"{len(links)} links to {domains} other domain{'s' if domains > 1 else ''}, "
                  f"{len(spam)} with spam anchors")
        if anchor_chars >= FARM_ANCHOR_SHARE * max(1, len(_text_of(container))):
            farms[container] = Hiding("html.link_farm", reason)
        else:
            for a in spam:
                farms[a] = Hiding("html.link_farm", reason + "; this link")
    return farms


# -- the pipeline -------------------------------------------------------------------------


def clean_html(detector: Detector, html: str) -> Result:
    """Clean one HTML page; see the module docstring for the steps and the flags."""
    if isinstance(html, (bytes, bytearray)):
        msg = ("clean_html takes str; decode bytes first with "
               "cleantext.decoding.decode_bytes (it honours BOMs and <meta charset>)")
        raise InputError(msg)
    root = _parse(html)
    if root is None:
        return Result(text="", flags=(), source="", html=html)
    disabled = detector.config.disabled_rules
    sheet = (parse_stylesheets(el.text or "" for el in root.iter("style"))
             if "html.css_hidden" not in disabled else EMPTY_SHEET)
    own = page_domain(root)
    judge = _Judge(detector, own=own)
    farms = {} if "html.link_farm" in disabled else _link_farms(root, own, judge)
    body_bg = None
    body = root.find("body")
    if body is not None:
        body_bg = parse_colour((body.get("bgcolor") or "").lower())
        if body_bg == TRANSPARENT:
            body_bg = None
    ex = _extract(root, sheet, farms, judge, body_bg or (255, 255, 255))
    judge.natives = profile(ex.text).natives
    judge.visible = ex.text
    extra = list(_hidden_flags(ex, judge, disabled))
    res = detector.clean_text(ex.text, extra=extra, keep=_own_site_links(ex, own))
    flags = [_with_node(f, ex) for f in res.flags]
    out_html = _edit_tree(root, html, ex, flags)
    return Result(text=res.text, flags=tuple(flags), source=res.source,
                  checked=res.checked, note=res.note, html=out_html)


def _topic_of(detector: Detector, text: str) -> frozenset[str]:
    """Spam categories with TOPIC_WEAK_HITS or more weak terms in the visible text.

    Strong terms are ad phrases (an injected ad brings them along); weak ones that
    recur through the visible text are the page's own subject (loans on a loan
    broker's page).
    """
    if not text:
        return frozenset()
    counts = Counter(h.entry.category for h in detector.lexicon.find(fold(text))
                     if h.entry.strength == "weak" and h.entry.category != "lure")
    return frozenset(c for c, n in counts.items() if n >= TOPIC_WEAK_HITS)


def _own(el: Any, skip: set[Any] | frozenset[Any], *tags: str) -> Iterator[Any]:
    """``el.iter(*tags)`` without the elements inside the ``skip`` subtrees."""
    for d in el.iter(*tags):
        if skip and any(a in skip for a in _ancestors_below(d, el)):
            continue
        yield d


def _ancestors_below(d: Any, top: Any) -> Iterator[Any]:
    """``d`` and its ancestors up to, not including, ``top``."""
    while d is not None and d is not top:
        yield d
        d = d.getparent()


def _is_nav(el: Any, skip: set[Any] | frozenset[Any] = frozenset()) -> bool:
    """A hidden menu or tab strip: three or more links or list items (outside the
    ``skip`` subtrees)."""
    n = 0
    for _ in _own(el, skip, "a", "li"):
        n += 1
        if n >= 3:
            return True
    return False


def _one_brand(domains: set[str]) -> bool:
    """True when most domains are one brand's country sites (example.de, example.fr).

    A hidden region selector links to them; a hidden link farm links to strangers.
    """
    labels = Counter(d.split(".")[0] for d in domains)
    return labels.most_common(1)[0][1] * 2 >= len(domains) if labels else False


def _hidden_flags(ex: _Extraction, judge: _Judge, disabled: frozenset[str]) -> Iterator[Flag]:
    texts = [_text_of(item.el, item.nested) for item in ex.hidden]
    unsure: list[int] = []
    for i, item in enumerate(ex.hidden):
        if item.force_spam:
            continue
        item.spam_why, item.evidence = judge.terms(texts[i], nav=_is_nav(item.el, item.nested))
        if not item.spam_why and "weak" in item.evidence:
            # Links to many other domains make a hidden list with a weak spam term a
            # link farm.  Without any spam term it is a menu of partner sites,
            # products or conferences, or an animated list of companies.
            anchors = [registered_domain(a.get("href") or "")
                       for a in _own(item.el, item.nested, "a")]
            ext = [d for d in anchors if d and d != judge.own and d not in _COMMON_DOMAINS]
            domains = set(ext)
            if (len(domains) >= HIDDEN_FARM_DOMAINS and len(ext) >= 0.6 * len(anchors)
                    and not _one_brand(domains)):
                item.spam_why.append(f"links to {len(domains)} other domains")
                item.evidence["domains"] = len(domains)
        if not item.spam_why and 0 < len(texts[i]) <= VERDICT_MAX_CHARS \
                and "topic" not in item.evidence:
            unsure.append(i)
    for i, item in enumerate(ex.hidden):
        if item.spam_why and not item.force_spam and len(texts[i]) > NARROW_CHARS:
            el = _narrow(item.el, judge, item.nested)
            if el is not item.el:
                item.el = el
                texts[i] = _text_of(el, item.nested)
    # The detector's own verdict, one run over all the undecided hidden texts.
    for i, why in judge.verdicts([texts[i] for i in unsure]).items():
        ex.hidden[unsure[i]].spam_why.append(why)
    for item, text in zip(ex.hidden, texts):
        rule = item.hiding.rule
        spam = bool(item.spam_why) or item.force_spam
        if rule in disabled and not item.force_spam:
            continue
        if not text and not spam:
            continue
        if not spam and _inside_spam(item):
            continue  # goes with the spam element it sits in
        item.force_spam = spam
        why = "; ".join(item.spam_why)
        reason = (f"removed: {item.hiding.reason}" + (f"; {why}" if why else "")
                  if spam else f"hidden, not spam: {item.hiding.reason}")
        hit = RuleHit(rule, SPAM_SCORE if spam else 0.0,
                      item.hiding.reason + (f"; {why}" if why else ""), dict(item.evidence))
        yield Flag(start=item.offset, end=item.offset, text=text[:HIDDEN_TEXT_MAX],
                   rules=(hit,), score=hit.score, reason=reason, removed=spam,
                   kind="spam" if spam else "hidden", node=node_path(item.el))


def _inside_spam(item: _Hidden) -> bool:
    """True when an enclosing hidden item is spam and is dropped with ``item`` in it."""
    outer = item.parent
    while outer is not None:
        if outer.force_spam and (outer.el is item.el or any(
                a is outer.el for a in item.el.iterancestors())):
            return True
        outer = outer.parent
    return False


def _narrow(el: Any, judge: _Judge, skip: set[Any] | frozenset[Any] = frozenset()) -> Any:
    """The smallest descendant holding all of a hidden element's spam terms.

    A spam block injected into a hidden menu or modal should be reported (and cut)
    alone, not with the legitimate hidden content around it.  ``skip`` are nested
    hidden elements, judged on their own.
    """
    for _ in range(256):
        if (el.text or "").strip():
            return el
        spammy = []
        for child in el:
            if not isinstance(child.tag, str) or child in skip:
                continue
            if judge.terms(_text_of(child, skip))[0]:
                spammy.append(child)
                if len(spammy) > 1:
                    return el
            if (child.tail or "").strip() and judge.terms(child.tail)[0]:
                return el
        if len(spammy) != 1:
            return el
        el = spammy[0]
    return el


def _own_site_links(ex: _Extraction, own: str) -> Callable[[Candidate], str | None]:
    """A veto for the text pipeline: foreign script that is the text of links to the
    page's own site stays.

    An English news site links its Japanese edition ("購読の申し込み"), a blog platform
    its other articles ("0元搭建7x24h AI助手 ..."): navigation, whatever script it is
    in.  Injected links point elsewhere (and link farms are found by structure, not
    here).  Only a candidate with no spam term and no lure, whose every foreign run
    lies inside one such link, is kept.
    """
    def link_of(start: int, end: int) -> Any:
        seg = _seg_at(ex, start)
        if seg is None or not (seg[0] <= start and end <= seg[1]):
            return None
        el = seg[2] if seg[3] == "text" else seg[2].getparent()
        while el is not None and el.tag != "a":
            el = el.getparent()
        return el

    def keep(cand: Candidate) -> str | None:
        if cand.hits or cand.lures or not cand.runs:
            return None
        for run in cand.runs:
            link = link_of(run.start, run.end)
            href = (link.get("href") or "").strip() if link is not None else ""
            if not href:
                return None
            domain = registered_domain(href)
            if domain and domain != own:
                return None
        return "the text of a link to the page's own site (navigation)"

    return keep


def _seg_at(ex: _Extraction, pos: int) -> tuple[int, int, Any, str, bool] | None:
    i = bisect_right(ex.starts, pos) - 1
    if i < 0:
        return None
    return ex.segs[i]


def _with_node(f: Flag, ex: _Extraction) -> Flag:
    if f.node is not None:
        return f
    seg = _seg_at(ex, f.start)
    if seg is None:
        return f
    holder, which = seg[2], seg[3]
    el = holder if which == "text" else holder.getparent()
    rules = f.rules
    if f.removed and which == "text" and el.tag == "a" and seg[0] == f.start and seg[1] == f.end:
        dom = registered_domain(el.get("href") or "")
        if dom:
            rules = (*rules, RuleHit("html.outbound_link", 0.0,
                                     f"the span is exactly a link to {dom}", {"domain": dom}))
    return replace(f, node=node_path(el) if el is not None else None, rules=rules)


# -- editing the tree -------------------------------------------------------------------


def _raw_index(raw: str, k: int, pre: bool) -> int:
    """The index in ``raw`` of offset ``k`` of its collapsed, stripped form."""
    if pre:
        return min(k, len(raw))
    c = 0
    first = True
    for m in _TOKEN_RE.finditer(raw):
        tok = m.group()
        ws = tok[0] in " \t\n\r\f"
        if ws and first:
            first = False
            continue
        first = False
        n = 1 if ws else len(tok)
        if c + n > k:
            return m.start() + (0 if ws else k - c)
        c += n
    return len(raw)


def _remove_keep_tail(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


_MEDIA = ("img", "video", "iframe", "picture", "svg", "input", "object", "embed", "audio")


def _empty(el: Any) -> bool:
    """True when an element holds no text and no media any more."""
    if el.tag in _MEDIA:
        return False
    for t in el.itertext():
        if t.strip():
            return False
    return next(el.iter(*_MEDIA), None) is None


def _edit_tree(root: Any, html: str, ex: _Extraction, flags: list[Flag]) -> str:
    cuts = [(f.cut_start, f.cut_end) for f in flags if f.removed and f.cut_start >= 0]
    drops = [h.el for h in ex.hidden if h.force_spam]
    if not cuts and not drops:
        return html
    edits: dict[tuple[int, str], tuple[Any, str, bool, list[tuple[int, int]]]] = {}
    for cs, ce in cuts:
        i = max(0, bisect_right(ex.starts, cs) - 1)
        while i < len(ex.segs) and ex.segs[i][0] < ce:
            s, e, holder, which, pre = ex.segs[i]
            if e > cs:
                key = (id(holder), which)
                if key not in edits:
                    edits[key] = (holder, which, pre, [])
                edits[key][3].append((max(cs, s) - s, min(ce, e) - s))
            i += 1
    touched = []
    for holder, which, pre, spans in edits.values():
        raw = (holder.text if which == "text" else holder.tail) or ""
        for a, b in sorted(spans, reverse=True):
            ra = _raw_index(raw, a, pre)
            rb = _raw_index(raw, b, pre)
            raw = raw[:ra] + raw[rb:]
        if which == "text":
            holder.text = raw
            touched.append(holder)
        else:
            holder.tail = raw
            touched.append(holder.getparent())
    for el in drops:
        parent = el.getparent()
        _remove_keep_tail(el)
        if parent is not None:
            touched.append(parent)
    seen: set[int] = set()
    for el in touched:
        while el is not None and el.tag not in ("body", "html") and id(el) not in seen:
            seen.add(id(el))
            if not _empty(el):
                break
            parent = el.getparent()
            _remove_keep_tail(el)
            el = parent
    out = etree.tostring(root, method="html", encoding="unicode")
    m = _DOCTYPE_RE.match(html)
    return html[: m.end()] + out if m else out
