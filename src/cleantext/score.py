"""Candidates -> evidence: run every enabled rule (and the model) on every candidate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .candidates import Candidate, needs_model
from .config import DetectorConfig
from .records import RuleHit
from .segment import Context

if TYPE_CHECKING:
    from .model import SpamModel
    from .rules import Rule


def score(
    cands: Sequence[Candidate],
    ctx: Context,
    rules: Mapping[str, Rule],
    model: SpamModel | None,
    cfg: DetectorConfig,
) -> tuple[tuple[RuleHit, ...], ...]:
    """Every rule hit for every candidate, in candidate order.

    All rules run on all candidates: the report is the product, and the decision
    needs every input, so no rule short-circuits another.
    """
    out = []
    for cand in cands:
        hits: list[RuleHit] = []
        for rule in rules.values():
            hits.extend(rule(cand, ctx, cfg))
        out.append(hits)
    if model is not None and cands:
        from .decide import kept_whatever_the_model

        ask = [i for i, c in enumerate(cands)
               if needs_model(c) and not kept_whatever_the_model(c, out[i], ctx, cfg)]
        probs = model.predict([cands[i] for i in ask], ctx, [out[i] for i in ask])
        for i, p in zip(ask, probs):
            out[i].append(model.explain(p))
    return tuple(tuple(h) for h in out)
