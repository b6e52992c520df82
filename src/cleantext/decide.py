"""Evidence -> verdict.  The only place that holds thresholds and the keep/drop policy."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from .candidates import Candidate
from .config import DetectorConfig
from .pasted import weak_pasted
from .records import RuleHit
from .scripts import UBIQUITOUS, letter_count
from .segment import Context
from .surroundings import at_seam, is_phrase, sentence_goes_on


@dataclass(frozen=True, slots=True)
class Verdict:
    cand: Candidate
    hits: tuple[RuleHit, ...]
    score: float
    remove: bool
    reason: str
    pasted: bool = False  # removed as keyword stuffing pasted at seams


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


def fits_topic(cand: Candidate, ctx: Context, cfg: DetectorConfig,
               spam_zones: Sequence[tuple[int, int]] = ()) -> bool:
    """True when the span's spam categories are also the article's own vocabulary.

    An article about casinos says "casino" and "betting" in other sentences; an
    injected casino ad in an article about railways brings its vocabulary along.
    Only weak terms elsewhere count (strong terms are ad phrases, not topics), and
    not those inside ``spam_zones`` (other spans that are clearly spam: three casino
    ads in one article do not make it an article about casinos).
    """
    if not cand.hits:
        return False
    cats = {h.entry.category for h in cand.hits} - {"lure"}
    if not cats:
        return False
    starts, categories, total = _weak_hits_outside(ctx, spam_zones)
    inside = Counter(categories[bisect_left(starts, cand.start) : bisect_left(starts, cand.end)])
    return any(total[c] - inside[c] >= cfg.decision.topic_hits for c in cats)


def _weak_hits_outside(ctx: Context, zones: Sequence[tuple[int, int]]) -> tuple[
        list[int], list[str], Counter[str]]:
    """Starts and categories of the weak hits outside ``zones`` (sorted), and their
    category counts: computed once per document, not once per candidate."""
    memos: dict[tuple[tuple[int, int], ...], tuple[list[int], list[str], Counter[str]]] = (
        ctx.memo.setdefault("weak_hits_outside", {}))
    key = tuple(zones)
    memo = memos.get(key)
    if memo is None:
        zs = sorted(zones)
        zstarts = [z[0] for z in zs]
        reach = list(accumulate((z[1] for z in zs), max))  # furthest end so far
        weak = sorted((h.start, h.entry.category) for h in ctx.hits
                      if h.entry.strength == "weak")
        kept = []
        for start, category in weak:
            i = bisect_right(zstarts, start) - 1
            if i < 0 or reach[i] <= start:
                kept.append((start, category))
        memo = memos[key] = ([k[0] for k in kept], [k[1] for k in kept],
                             Counter(k[1] for k in kept))
    return memo


def spam_zones(cands: Sequence[Candidate], evidence: Sequence[Sequence[RuleHit]],
               cfg: DetectorConfig) -> tuple[tuple[int, int], ...]:
    """Spans that are spam beyond doubt: a strong term, or a very sure classifier."""
    out = []
    for cand, hits in zip(cands, evidence):
        p = next((h.score for h in hits if h.rule == "model.spam"), 0.0)
        if p >= cfg.decision.sure_p or any(h.entry.strength == "strong" for h in cand.hits):
            out.append((cand.start, cand.end))
    return tuple(out)


def _category_elsewhere(cand: Candidate, ctx: Context) -> bool:
    """The span's spam category also occurs outside it (any strength)."""
    cats = {h.entry.category for h in cand.hits} - {"lure"}
    return any(h.entry.category in cats and not (cand.start <= h.start < cand.end)
               for h in ctx.hits)


def _plain_runs(ctx: Context) -> int:
    """Distinct foreign runs (3+ letters) with no spam term or lure nearby.

    Distinct, so stuffing (one string many times) does not look like a bilingual page.
    """
    n: int | None = ctx.memo.get("plain_runs")
    if n is None:
        marks = [(h.start, h.end) for h in ctx.hits] + [(lu.start, lu.end) for lu in ctx.lures]
        n = len({
            ctx.text[r.start : r.end] for r in ctx.runs
            if r.script not in UBIQUITOUS and letter_count(ctx.text[r.start : r.end]) >= 3
            and not any(s < r.end + 20 and e > r.start - 20 for s, e in marks)
        })
        ctx.memo["plain_runs"] = n
    return n


def kept_whatever_the_model(cand: Candidate, hits: Sequence[RuleHit], ctx: Context,
                            cfg: DetectorConfig) -> bool:
    """True when a guard of :func:`decide` keeps the candidate for any classifier
    probability (so the classifier need not be asked).

    Only the guards that read neither the probability nor other candidates' verdicts:
    a plain foreign run on a page with many of them (bilingual), and a foreign run of
    one or two letters.
    """
    if cand.hits or cand.lures or not cand.runs or any(h.rule == "stuffing.repeat" for h in hits):
        return False
    if max(letter_count(ctx.text[r.start : r.end]) for r in cand.runs) <= 2:
        return True
    return _plain_runs(ctx) >= cfg.decision.plain_runs


def _weak_min_p(cand: Candidate, ctx: Context, cfg: DetectorConfig) -> float:
    """How sure the classifier must be to remove a span with only weak terms."""
    dc = cfg.decision
    if all(h.entry.category == "lure" for h in cand.hits):
        # A call to action by itself ("詳しくはこちら", "link in bio") is the page's
        # own; it counts next to an ID, a spam term or repeated.
        return 1.01
    if weak_pasted(cand, ctx):
        return dc.pasted_weak_min_p
    if not is_phrase(ctx.text[cand.start : cand.end]):
        # A weak word by itself is never an ad on this evidence: a menu item
        # ("Sportwetten"), a heading, a word of celebrity news ("porn"), a
        # signature's "xxx".  (It still counts repeated, or in another script.)
        return 1.01
    if any(sentence_goes_on(ctx, h.start, h.end) for h in cand.hits):
        # "No prescription or OTC creams can compare ...": the sentence's own words.
        return 1.01
    seam = at_seam(ctx, cand.start, cand.end)
    if len(ctx.reporting) >= dc.reporting_words:
        # News about the topic uses its words in its sentences ("Le concessioni per
        # il casino online ..." at p 0.98).
        return dc.weak_news_min_p if seam else 1.01
    return dc.weak_alone_min_p if seam else dc.weak_inside_min_p


def _foreign_script(cand: Candidate) -> bool:
    return any(r.script not in UBIQUITOUS for r in cand.runs)


def _lure_only(cand: Candidate) -> bool:
    return bool(cand.lures) and not cand.hits and not _foreign_script(cand)


def decide(
    cand: Candidate, hits: Sequence[RuleHit], ctx: Context, cfg: DetectorConfig,
    zones: Sequence[tuple[int, int]] = (),
    veto: Callable[[Candidate], str | None] | None = None,
) -> Verdict:
    """Combine a candidate's evidence into a keep/remove verdict with a reason.

    Two guards keep precision where the classifier is over-eager:

    * a keyword hit that fits the document's topic, or that is quoted, or that
      sits in an article reporting like news (police, regulators, customs), never
      removes text by itself (it needs a foreign-script run, stuffing or a glued
      lure as well);
    * weak terms alone (casino, préstamos rápidos) and contact details alone (a
      phone number, a Telegram handle: a newsroom's contact line as often as an
      ad) are removed only when the classifier is confident, or when repeated.

    ``veto`` (the HTML pipeline's, which sees the page's structure) may keep a span
    that would be removed; it returns why, or None.
    """
    dc = cfg.decision
    ordered = tuple(sorted(hits, key=lambda h: -h.score))
    total = combine(ordered, dc.model_weight)
    scores = {h.rule: h.score for h in ordered}
    stuffed = next((h for h in ordered if h.rule == "stuffing.repeat"), None)
    seams = int(stuffed.evidence.get("seams", 0)) if stuffed is not None else 0
    structural = (scores.get("script.out_of_context", 0.0) >= dc.structural_min
                  # Copies all inside sentences may be an article's own topic phrase.
                  or (stuffed is not None and seams > 0)
                  or scores.get("lures.contact", 0.0) >= dc.structural_min
                  # A whole line or paragraph of ad copy with a strong term is out of
                  # place even in an article on the same topic.
                  # (or pasted at a seam: "buy instagram followers cheap Measuring ...").
                  or (any(h.entry.strength == "strong" for h in cand.hits)
                      and at_seam(ctx, cand.start, cand.end)
                      and not ctx.enclosed(cand.start, cand.end)))
    # A fragment repeated with nothing else against it may be the article's own
    # opening words: only the classifier can tell, and it is never "pasted".
    bare = cand.repeat and not cand.hits and not cand.lures and not _foreign_script(cand)
    pasted = seams >= dc.pasted_seams and not ctx.enclosed(cand.start, cand.end) and not bare
    note = ""
    if pasted:
        total = max(total, dc.threshold)
        note = "; removed: pasted at seams again and again (keyword stuffing)"
    elif total >= dc.threshold and not structural and cand.hits and all(
        ctx.enclosed(h.start, h.end) for h in cand.hits
    ):
        total = min(total, dc.threshold * 0.9)
        note = "; kept: its spam terms are quoted (reporting on spam)"
    elif total >= dc.threshold and not structural and cand.hits and (
        fits_topic(cand, ctx, cfg, zones) or (
            len(ctx.reporting) >= dc.reporting_words and _category_elsewhere(cand, ctx))
    ):
        total = min(total, dc.threshold * 0.9)
        note = "; kept: its spam terms match the document's topic"
    elif total >= dc.threshold and bare and scores.get("model.spam", 0.0) < dc.repeat_min_p:
        total = min(total, dc.threshold * 0.9)
        note = "; kept: a repeated opening with no spam term, and the classifier is not sure"
    elif (total >= dc.threshold and _lure_only(cand) and "stuffing.repeat" not in scores
          and not any(h.rule == "lures.contact" and h.evidence.get("named") for h in ordered)
          and scores.get("model.spam", 0.0) < dc.lure_alone_min_p):
        total = min(total, dc.threshold * 0.9)
        note = "; kept: contact details without spam terms"
    elif (total >= dc.threshold and not structural and cand.hits
          and all(h.entry.strength == "weak" for h in cand.hits)
          and scores.get("model.spam", 0.0) < _weak_min_p(cand, ctx, cfg)):
        total = min(total, dc.threshold * 0.9)
        note = "; kept: only weak terms, and the classifier is not sure"
    elif (total >= dc.threshold and not cand.hits and not cand.lures and cand.runs
          and _plain_runs(ctx) >= dc.plain_runs):
        total = min(total, dc.threshold * 0.9)
        note = "; kept: many plain lines of this script (a bilingual page or a menu)"
    elif (total >= dc.threshold and not cand.hits and not cand.lures and cand.runs
          and "stuffing.repeat" not in scores
          and max(letter_count(ctx.text[r.start : r.end]) for r in cand.runs) <= 2):
        total = min(total, dc.threshold * 0.9)
        note = "; kept: a one- or two-letter foreign word (a name, a title) is no ad"
    # Last, the caller's veto (the HTML pipeline's, which sees the page's structure).
    why = veto(cand) if veto is not None and total >= dc.threshold else None
    if why is not None:
        total = min(total, dc.threshold * 0.9)
        note += f"; kept: {why}"
        pasted = False
    remove = total >= dc.threshold
    # The reason a person can check: the strongest rule, then the classifier's view.
    rules_first = [h for h in ordered if h.rule != "model.spam"]
    top = rules_first[0].reason if rules_first else "no rule evidence"
    if "model.spam" in scores:
        top += f"; classifier probability {scores['model.spam']:.2f}"
    verb = "removed" if remove else "kept"
    reason = f"{verb} (score {total:.2f}, threshold {dc.threshold:.2f}): {top}{note}"
    return Verdict(cand, ordered, total, remove, reason, pasted)


def choose_extents(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """One verdict per place, and no two that overlap.

    Alternatives of one place (same ``group``) compete: the extent removed with
    the highest score wins, the longer one on a tie (the classifier was trained to
    accept only extents that are almost all spam), else the first one is reported
    as kept.  An extent removed as pasted stuffing wins over the others: its
    copies, not the classifier, show where the pasted text ends.  Chosen extents
    that still overlap are settled by score.
    """
    groups: dict[int, list[Verdict]] = {}
    chosen: list[Verdict] = []
    for v in verdicts:
        if v.cand.group < 0:
            chosen.append(v)
        else:
            groups.setdefault(v.cand.group, []).append(v)
    for vs in groups.values():
        removed = [v for v in vs if v.remove]
        removed = [v for v in removed if v.pasted] or removed
        if removed:
            chosen.append(max(removed, key=lambda v: (round(v.score, 2), v.cand.end - v.cand.start)))
        else:
            chosen.append(vs[0])
    kept: list[Verdict] = []
    for v in sorted(chosen, key=lambda v: (not v.remove, -v.score)):
        if all(v.cand.end <= k.cand.start or v.cand.start >= k.cand.end for k in kept):
            kept.append(v)
    return sorted(kept, key=lambda v: (v.cand.start, v.cand.end))
