"""The rule registry: one source of truth for rule ids.

A rule is a pure function ``(candidate, context, config) -> Iterator[RuleHit]``.
Rule ids are public API (``family.name``); never reuse one for another behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ..candidates import Candidate
from ..config import DetectorConfig
from ..records import RuleHit
from ..segment import Context
from . import lexicon, lures, script, stuffing


class Rule(Protocol):
    def __call__(
        self, cand: Candidate, ctx: Context, cfg: DetectorConfig
    ) -> Iterator[RuleHit]: ...


RULES: dict[str, Rule] = {
    "script.out_of_context": script.out_of_context,
    "lexicon.spam_term": lexicon.spam_term,
    "lures.contact": lures.contact,
    "stuffing.repeat": stuffing.repeat,
}

# Rules that live outside this registry but still produce RuleHits: the classifier
# and the HTML rules.  Listed so that `cleantext rules` and config checks know them.
OTHER_RULES: dict[str, str] = {
    "model.spam": "The trained classifier's probability that the span was injected.",
}


def describe(rule_id: str) -> str:
    """The first line of a rule's docstring."""
    if rule_id in RULES:
        doc = RULES[rule_id].__doc__ or ""
        return doc.strip().splitlines()[0] if doc.strip() else ""
    return OTHER_RULES.get(rule_id, "")
