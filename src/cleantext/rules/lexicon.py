"""``lexicon.*``: terms from our spam lexicon (escort, gambling, pharma, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from ..candidates import Candidate
from ..config import DetectorConfig
from ..pasted import weak_pasted
from ..records import RuleHit
from ..segment import Context


def spam_term(cand: Candidate, ctx: Context, cfg: DetectorConfig) -> Iterator[RuleHit]:
    """Spam-ad vocabulary inside the span (``slot gacor``, ``代开发票``, ``cheap cialis``).

    Strong terms almost never occur in article text; weak ones (casino, 博彩) have
    legitimate uses and only add to other evidence.  A span in quotes is reporting
    on spam rather than being spam, so it counts less.
    """
    if not cand.hits:
        return
    lc = cfg.lexicon
    terms = sorted({h.entry.term for h in cand.hits})
    strong = [h for h in cand.hits if h.entry.strength == "strong"]
    pasted = weak_pasted(cand, ctx)
    score = lc.strong if strong else lc.pasted_weak if pasted else lc.weak
    score += lc.extra_hit * min(3, len(terms) - 1)
    quoted = ctx.enclosed(cand.start, cand.end) or all(
        ctx.enclosed(h.start, h.end) for h in cand.hits
    )
    if quoted:
        score *= lc.quoted_factor
    cats = sorted({h.entry.category for h in cand.hits})
    kind = "strong" if strong else f"weak {pasted}" if pasted else "weak"
    reason = (f"{kind} spam term"
              f"{'s' if len(terms) > 1 else ''} {', '.join(repr(t) for t in terms[:4])}"
              f" ({', '.join(cats)})" + ("; in quotes" if quoted else ""))
    yield RuleHit(
        "lexicon.spam_term",
        min(1.0, score),
        reason,
        {"terms": "|".join(terms[:8]), "categories": "|".join(cats),
         "strong": len(strong), "hits": len(cand.hits)},
    )
