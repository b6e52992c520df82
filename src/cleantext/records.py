"""Plain data records that every stage speaks.

Offsets are always half-open character ranges ``[start, end)`` into the text the
detector was given (for HTML input: into the extracted article text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["spam", "hidden"]


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule's evidence about one candidate span.

    ``rule`` is a stable id (``family.name``), ``score`` how strongly the evidence
    points to spam (0-1), ``reason`` a sentence a human can check against the text and
    ``evidence`` the numbers behind it.
    """

    rule: str
    score: float
    reason: str
    evidence: Mapping[str, float | int | str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "score": self.score,
            "reason": self.reason,
            "evidence": dict(self.evidence),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RuleHit:
        return cls(d["rule"], float(d["score"]), d["reason"], dict(d.get("evidence", {})))


@dataclass(frozen=True, slots=True)
class Flag:
    """A decision about one span: what was found, why, and what was cut.

    ``start``/``end`` delimit the spam itself; ``cut_start``/``cut_end`` the exact
    range removed from the input, which also takes the separator (space, line break)
    that the spam occupied.  Re-inserting ``cut_text`` at ``cut_start`` restores the
    input.  ``removed`` is False for flags that were reported but kept (below the
    threshold, or ``detect`` with a higher threshold).
    """

    start: int
    end: int
    text: str
    rules: tuple[RuleHit, ...]
    score: float
    reason: str
    removed: bool = True
    cut_start: int = -1
    cut_end: int = -1
    cut_text: str = ""
    kind: Kind = "spam"
    node: str | None = None

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(h.rule for h in self.rules)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": self.score,
            "reason": self.reason,
            "rules": [h.to_dict() for h in self.rules],
            "removed": self.removed,
            "cut_start": self.cut_start,
            "cut_end": self.cut_end,
            "cut_text": self.cut_text,
            "kind": self.kind,
        }
        if self.node is not None:
            d["node"] = self.node
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Flag:
        return cls(
            start=int(d["start"]),
            end=int(d["end"]),
            text=d["text"],
            rules=tuple(RuleHit.from_dict(h) for h in d.get("rules", ())),
            score=float(d["score"]),
            reason=d["reason"],
            removed=bool(d.get("removed", True)),
            cut_start=int(d.get("cut_start", -1)),
            cut_end=int(d.get("cut_end", -1)),
            cut_text=d.get("cut_text", ""),
            kind=d.get("kind", "spam"),
            node=d.get("node"),
        )


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of cleaning one document.

    ``text`` is the cleaned text; ``flags`` every decision, removed or not, sorted by
    offset; ``source`` the text the offsets point into (the input for plain text, the
    extracted article text for HTML); ``checked`` is False when the document was passed
    through unchecked (time budget exceeded), with the reason in ``note``.
    """

    text: str
    flags: tuple[Flag, ...]
    source: str
    checked: bool = True
    note: str = ""
    html: str | None = None

    @property
    def removed(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.removed)

    @property
    def changed(self) -> bool:
        return self.text != self.source

    def to_dict(self, *, include_text: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if include_text:
            d["text"] = self.text
        d["flags"] = [f.to_dict() for f in self.flags]
        d["checked"] = self.checked
        if self.note:
            d["note"] = self.note
        return d
