"""``lures.*``: contact lures glued to spam terms."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..candidates import Candidate
from ..config import DetectorConfig
from ..records import RuleHit
from ..scripts import UBIQUITOUS
from ..segment import Context
from ..surroundings import at_seam, neighbour_lines

# A lure counts only when spam vocabulary or a foreign run is in the same span: a
# newsroom's phone number is not spam, "加微信 hm8899 上门服务" is.
GLUED_SCORE = 0.55
ALONE_SCORE = 0.1
SHORTLINK_ALONE_SCORE = 0.2


def contact(cand: Candidate, ctx: Context, cfg: DetectorConfig) -> Iterator[RuleHit]:
    """A messenger ID, phone number, short link or bare domain glued to spam terms.

    Ads end in a way to reach the seller (``WhatsApp +62 812...``, ``t.me/...``,
    ``加QQ 123456``).  Contact details alone are normal in articles, so a lure
    scores high only inside a span that also has spam terms or foreign script.
    """
    if not cand.lures:
        return
    kinds = sorted({lu.kind for lu in cand.lures})
    # Spam terms in brackets after a name explain it ("Stake.com (an online casino
    # that ...)"): reporting, not an ad.
    glued = any(not ctx.enclosed(h.start, h.end) for h in cand.hits) or any(
        r.script not in UBIQUITOUS for r in cand.runs)
    if glued and all(lu.kind in ("domain", "site") and ctx.enclosed(lu.start, lu.end)
                     for lu in cand.lures):
        glued = False  # a site cited in brackets: "a betting website (lucky88.bet)"
    if glued and not cand.runs and all(h.entry.category == "lure" for h in cand.hits) and (
        _contact_block(ctx, cand.start)
    ):
        glued = False  # "患者互助QQ群：100000001" among "预约电话：..." lines
    named = _named(cand, ctx) or _site(cand, ctx, cfg)
    if glued or named:
        score = GLUED_SCORE
    elif "shortlink" in kinds:
        score = SHORTLINK_ALONE_SCORE
    else:
        score = ALONE_SCORE
    texts = [ctx.text[lu.start : lu.end] for lu in cand.lures][:3]
    why = (" next to spam terms" if glued else f" named after spam ({named!r})" if named
           else " with no spam terms around")
    yield RuleHit(
        "lures.contact",
        score,
        f"contact lure{'s' if len(texts) > 1 else ''} {', '.join(repr(t) for t in texts)}" + why,
        {"kinds": "|".join(kinds), "lures": len(cand.lures), "glued": int(glued),
         "named": int(bool(named))},
    )


_FIELD_RE = re.compile(r"[^\n:\uff1a]{1,24}[:\uff1a]")


def _contact_block(ctx: Context, pos: int) -> bool:
    """The line is a "label: value" line next to another: a contact section, whose
    "QQ群" or "WhatsApp" labels the ID after it rather than selling anything."""
    ls, _ = ctx.line_of(pos)
    if not _FIELD_RE.match(ctx.text, ls):
        return False
    return any(line.strip() and _FIELD_RE.match(line.strip()) for line in neighbour_lines(ctx, pos))


def _site(cand: Candidate, ctx: Context, cfg: DetectorConfig) -> str:
    """A numbered gambling-style site (``lures._site_name``), unless news names it:
    in brackets ("a website (lucky88.bet)") or in an article with words of news
    reporting (police, seized)."""
    site = next((ctx.text[lu.start : lu.end] for lu in cand.lures
                 if lu.kind == "site" and not ctx.enclosed(lu.start, lu.end)), "")
    if site and len(ctx.reporting) >= cfg.decision.reporting_words:
        return ""
    return site


def _named(cand: Candidate, ctx: Context) -> str:
    """A spam term written into a lure's name ("t.me/slotgacor777"), or "".

    Messenger IDs, handles and short links count anywhere; a bare domain only where
    pasted text sits (news names the sites it reports on).
    """
    if ctx.lexicon is None:
        return ""
    for lu in cand.lures:
        if lu.kind == "phone" or (lu.kind == "domain" and not at_seam(ctx, cand.start, cand.end)):
            continue
        found = ctx.lexicon.named_in(ctx.text[lu.start : lu.end])
        if found:
            return found[0].term
    return ""
