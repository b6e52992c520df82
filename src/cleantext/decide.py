"""Evidence -> verdict.  The only place that holds thresholds and the keep/drop policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .candidates import Candidate
from .config import DetectorConfig
from .records import RuleHit
from .segment import Context

# Rules that show a span is out of place, as opposed to merely spam-flavoured.
_CONTEXT_RULES = frozenset({"script.out_of_context", "stuffing.repeat", "model.spam"})


@dataclass(frozen=True, slots=True)
class Verdict:
    cand: Candidate
    hits: tuple[RuleHit, ...]
    score: float
    remove: bool
    reason: str


def combine(hits: Sequence[RuleHit], model_weight: float = 0.6) -> float:
    """Noisy-or of the rule scores, blended with the model's probability if present.

    >>> round(combine([RuleHit("a", 0.5, ""), RuleHit("b", 0.5, "")]), 2)
    0.75
    >>> round(combine([RuleHit("a", 0.5, ""), RuleHit("model.spam", 0.1, "")]), 2)
    0.26
    """
    keep = 1.0
    model = None
    for h in hits:
        if h.rule == "model.spam":
            model = h.score
            continue
        keep *= 1.0 - max(0.0, min(1.0, h.score))
    rules = 1.0 - keep
    if model is None:
        return rules
    return model_weight * model + (1.0 - model_weight) * rules


def fits_topic(cand: Candidate, ctx: Context, cfg: DetectorConfig) -> bool:
    """True when the span's spam categories also occur elsewhere in the document.

    An article about casinos says "casino" many times; an injected casino ad in an
    article about railways brings its vocabulary along with it.
    """
    if not cand.hits:
        return False
    inside: dict[str, int] = {}
    for h in cand.hits:
        inside[h.entry.category] = inside.get(h.entry.category, 0) + 1
    for cat, n in inside.items():
        if cat != "lure" and ctx.category_counts[cat] - n >= cfg.decision.topic_hits:
            return True
    return False


def decide(
    cand: Candidate, hits: Sequence[RuleHit], ctx: Context, cfg: DetectorConfig
) -> Verdict:
    """Combine a candidate's evidence into a keep/remove verdict with a reason."""
    dc = cfg.decision
    ordered = tuple(sorted(hits, key=lambda h: -h.score))
    total = combine(ordered, dc.model_weight)
    rule_ids = {h.rule for h in ordered}
    topical = fits_topic(cand, ctx, cfg)
    note = ""
    if topical and not rule_ids & _CONTEXT_RULES - {"model.spam"} and total >= dc.threshold \
            and "model.spam" not in rule_ids:
        # A keyword hit that fits the document's topic never removes text by itself.
        total = min(total, dc.threshold * 0.9)
        note = "; kept: its spam terms match the document's topic"
    remove = total >= dc.threshold
    top = ordered[0].reason if ordered else "no evidence"
    verb = "removed" if remove else "kept"
    reason = f"{verb} (score {total:.2f}, threshold {dc.threshold:.2f}): {top}{note}"
    return Verdict(cand, ordered, total, remove, reason)
