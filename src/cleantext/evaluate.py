"""Evaluate a detector on labeled documents: span, character and loss metrics.

* span precision/recall/F1: a gold span counts as found when removed flags cover
  at least half of its characters; a removed flag counts as correct when at least
  half of its characters are gold spam.
* character precision/recall/F1 over the flag spans (separators excluded).
* legitimate loss: non-space characters outside gold spans that the cleaner cut,
  over all non-space legitimate characters.
* controls untouched: share of documents without gold spans that come back equal.

Results are given overall, per language, per injection shape and per origin
(``foreign``: the spam's language differs from the document's; ``same``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .corpus import CorpusDoc
from .detector import Detector


@dataclass
class Tally:
    gold: int = 0
    gold_found: int = 0
    pred: int = 0
    pred_ok: int = 0
    gold_chars: int = 0
    pred_chars: int = 0
    hit_chars: int = 0
    legit_chars: int = 0
    lost_chars: int = 0
    controls: int = 0
    controls_ok: int = 0
    docs: int = 0

    def add(self, other: Tally) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def metrics(self) -> dict[str, float | int]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        sp = self.pred_ok / self.pred if self.pred else 1.0
        sr = self.gold_found / self.gold if self.gold else 1.0
        cp = self.hit_chars / self.pred_chars if self.pred_chars else 1.0
        cr = self.hit_chars / self.gold_chars if self.gold_chars else 1.0
        return {
            "docs": self.docs,
            "gold_spans": self.gold,
            "span_precision": round(sp, 4),
            "span_recall": round(sr, 4),
            "span_f1": round(f1(sp, sr), 4),
            "char_precision": round(cp, 4),
            "char_recall": round(cr, 4),
            "char_f1": round(f1(cp, cr), 4),
            "legit_loss": round(self.lost_chars / self.legit_chars, 6) if self.legit_chars else 0.0,
            "controls": self.controls,
            "controls_untouched": round(self.controls_ok / self.controls, 4) if self.controls else 1.0,
        }


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.metrics(),
            **{name: {k: t.metrics() for k, t in sorted(groups.items())}
               for name, groups in sorted(self.by.items())},
        }


def _covered(intervals: Sequence[tuple[int, int]], s: int, e: int) -> int:
    return sum(max(0, min(e, b) - max(s, a)) for a, b in intervals)


def score_doc(doc: CorpusDoc, removed: Sequence[tuple[int, int]],
              cuts: Sequence[tuple[int, int]], cleaned: str) -> Tally:
    """Compare one document's removed spans and cuts with its gold spans."""
    t = Tally(docs=1)
    gold = [(s.start, s.end) for s in doc.spans]
    t.gold = len(gold)
    for s, e in gold:
        t.gold_chars += e - s
        if _covered(removed, s, e) * 2 >= e - s:
            t.gold_found += 1
    for s, e in removed:
        t.pred += 1
        t.pred_chars += e - s
        inside = _covered(gold, s, e)
        t.hit_chars += inside
        if inside * 2 >= e - s:
            t.pred_ok += 1
    text = doc.text
    gold_mask = bytearray(len(text))
    for s, e in gold:
        gold_mask[s:e] = b"\x01" * (e - s)
    t.legit_chars = sum(1 for i, c in enumerate(text) if not gold_mask[i] and not c.isspace())
    for s, e in cuts:
        t.lost_chars += sum(1 for i in range(s, e) if not gold_mask[i] and not text[i].isspace())
    if not gold:
        t.controls = 1
        t.controls_ok = int(cleaned == text)
    return t


def evaluate(detector: Detector, docs: Iterable[CorpusDoc]) -> Report:
    """Run ``detector`` over labeled documents and tally every metric."""
    rep = Report()
    for doc in docs:
        res = detector.clean_and_explain(doc.text, input_format="text")
        removed = [(f.start, f.end) for f in res.flags if f.removed and f.start >= 0]
        cuts = [(f.cut_start, f.cut_end) for f in res.flags if f.removed and f.cut_start >= 0]
        t = score_doc(doc, removed, cuts, res.text)
        rep.overall.add(t)
        origin = "control"
        if doc.spans:
            langs = {s.lang for s in doc.spans if s.lang}
            origin = "same" if langs <= {doc.lang} and langs else "foreign"
        for name, key in (("by_lang", doc.lang), ("by_shape", doc.shape), ("by_origin", origin)):
            rep.by[name].setdefault(key, Tally()).add(t)
        if t.gold_found < t.gold or t.pred_ok < t.pred or t.lost_chars or (
            t.controls and not t.controls_ok
        ):
            rep.errors.append({
                "id": doc.id,
                "missed": [doc.text[s.start : s.end] for s in doc.spans
                           if _covered(removed, s.start, s.end) * 2 < s.end - s.start],
                "false": [doc.text[s:e] for s, e in removed
                          if _covered([(g.start, g.end) for g in doc.spans], s, e) * 2 < e - s],
            })
    return rep


def format_report(rep: Report) -> str:
    """A plain-text table of the report."""
    cols = ["docs", "span_precision", "span_recall", "span_f1", "char_f1", "legit_loss",
            "controls_untouched"]
    lines = [f"{'group':24s} " + " ".join(f"{c[:12]:>12s}" for c in cols)]

    def row(name: str, m: dict[str, Any]) -> str:
        return f"{name[:24]:24s} " + " ".join(f"{m[c]!s:>12s}" for c in cols)

    lines.append(row("overall", rep.overall.metrics()))
    for group, tallies in sorted(rep.by.items()):
        lines.append(f"-- {group}")
        for key, t in sorted(tallies.items()):
            lines.append(row(f"  {key}", t.metrics()))
    return "\n".join(lines) + "\n"
