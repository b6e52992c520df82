"""The Detector wires the stages: analyse -> candidates -> score -> decide -> emit."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from . import emit
from .candidates import Candidate, build_candidates
from .config import DetectorConfig, InputFormat
from .decide import Verdict, choose_extents, decide, spam_zones
from .errors import InputError
from .lexicon import Lexicon, load_lexicon
from .records import Flag, Result, RuleHit
from .repeats import pasted_repeats
from .rules import OTHER_RULES, RULES
from .score import score
from .segment import analyse

if TYPE_CHECKING:
    from .model import SpamModel

log = logging.getLogger(__name__)

BYTES_ERROR = (
    "cleantext works on text, but got bytes. Decode first, e.g. raw.decode('utf-8'), "
    "or let the CLI do it: cleantext clean --encoding latin-1 FILE"
)


# Candidates are scored in batches so the time budget is checked often enough.
SCORE_BATCH = 32


class BudgetExceeded(Exception):
    """Internal: the per-document time budget ran out."""


class Detector:
    """A reusable, thread-safe spam detector.

    It holds the configuration, the lexicon, the enabled rules and (loaded on first
    use) the classifier.  It keeps no per-document state, so one Detector may be
    shared by threads and reused for millions of documents.

    >>> d = Detector()
    >>> d.clean("Tea prices rose.\\n上海私人品茶\\nExports fell.")
    'Tea prices rose.\\nExports fell.'
    """

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        unknown = set(self.config.disabled_rules) - set(RULES) - set(OTHER_RULES)
        unknown -= {r for r in self.config.disabled_rules if r.startswith("html.")}
        if unknown:
            msg = (f"Unknown rule id(s) {', '.join(sorted(unknown))}. "
                   f"Valid ids: {', '.join(sorted(RULES) + sorted(OTHER_RULES))}")
            raise InputError(msg)
        self.rules = {k: v for k, v in RULES.items() if k not in self.config.disabled_rules}
        self.lexicon: Lexicon = load_lexicon(self.config.lexicon.path)
        self._model: SpamModel | None = None
        self._model_loaded = False
        self._lock = threading.Lock()

    # -- model -------------------------------------------------------------------
    @property
    def model(self) -> SpamModel | None:
        """The classifier, loaded once on first use (None if disabled or missing)."""
        if not self._model_loaded:
            with self._lock:
                if not self._model_loaded:
                    self._model = self._load_model()
                    self._model_loaded = True
        return self._model

    def _load_model(self) -> SpamModel | None:
        if not self.config.use_model or "model.spam" in self.config.disabled_rules:
            return None
        from .model import load_default_or_none

        return load_default_or_none(self.config.model_path)

    # -- public API --------------------------------------------------------------
    def clean(self, text: str, *, input_format: InputFormat | None = None) -> str:
        """Return ``text`` with injected spam removed."""
        return self.clean_and_explain(text, input_format=input_format).text

    def detect(self, text: str, *, input_format: InputFormat | None = None) -> Result:
        """Clean ``text`` and return the cleaned text with every decision."""
        return self.clean_and_explain(text, input_format=input_format)

    def clean_and_explain(
        self, text: str, *, input_format: InputFormat | None = None
    ) -> Result:
        """Clean one document and explain every decision (see :class:`Result`)."""
        if isinstance(text, (bytes, bytearray)):
            raise InputError(BYTES_ERROR)
        if not isinstance(text, str):
            msg = f"cleantext works on str, got {type(text).__name__}"
            raise InputError(msg)
        fmt = input_format or self.config.input_format
        if fmt == "auto":
            from .html import looks_like_html

            fmt = "html" if looks_like_html(text) else "text"
        if fmt == "html":
            from .html import clean_html

            return clean_html(self, text)
        return self.clean_text(text)

    def iter_clean(
        self, texts: Iterable[str], *, input_format: InputFormat | None = None
    ) -> Iterator[Result]:
        """Yield one :class:`Result` per input, in order, one document in memory."""
        for text in texts:
            yield self.clean_and_explain(text, input_format=input_format)

    # -- plain text pipeline -----------------------------------------------------
    def clean_text(self, text: str, extra: Iterable[Flag] = (),
                   keep: Callable[[Candidate], str | None] | None = None) -> Result:
        """The plain-text pipeline.  ``extra`` flags (from HTML rules) are reported.

        ``keep`` (from the HTML pipeline, which sees the page's structure) may veto a
        removal: it returns why a candidate stays, or None (see :func:`decide`).
        """
        deadline = (time.monotonic() + self.config.time_budget
                    if self.config.time_budget else None)
        try:
            verdicts = list(self._verdicts(text, deadline, keep))
        except BudgetExceeded:
            note = (f"not checked: time budget of {self.config.time_budget}s exceeded; "
                    "the document is returned unchanged")
            log.warning(note)
            return Result(text=text, flags=tuple(extra), source=text, checked=False,
                          note=note)
        removed = [v for v in verdicts if v.remove]
        cuts = emit.plan_cuts(text, [(v.cand.start, v.cand.end) for v in removed])
        cut_of = {id(v): c for v, c in zip(removed, cuts)}
        flags = []
        for v in verdicts:
            c = cut_of.get(id(v))
            flags.append(Flag(
                start=v.cand.start, end=v.cand.end, text=text[v.cand.start : v.cand.end],
                rules=v.hits, score=v.score, reason=v.reason, removed=v.remove,
                cut_start=c[0] if c else -1, cut_end=c[1] if c else -1,
                cut_text=text[c[0] : c[1]] if c else "",
            ))
        flags.extend(extra)
        flags.sort(key=lambda f: (f.start, f.end, f.kind))
        return Result(text=emit.apply_cuts(text, cuts), flags=tuple(flags), source=text)

    def _verdicts(self, text: str, deadline: float | None,
                  keep: Callable[[Candidate], str | None] | None = None) -> Iterator[Verdict]:
        for offset, chunk in _chunks(text, self.config.max_chars):
            ctx = analyse(chunk, self.lexicon)
            model = (self.model if (ctx.runs or ctx.hits or ctx.lures or pasted_repeats(ctx))
                     else None)
            cands = build_candidates(ctx, alternatives=model is not None)
            if deadline is not None and time.monotonic() > deadline:
                raise BudgetExceeded
            if not cands:
                continue
            evidence: list[tuple[RuleHit, ...]] = []
            for i in range(0, len(cands), SCORE_BATCH):
                evidence += score(cands[i : i + SCORE_BATCH], ctx, self.rules, model,
                                  self.config)
                if deadline is not None and time.monotonic() > deadline:
                    raise BudgetExceeded
            zones = spam_zones(cands, evidence, self.config)
            verdicts = [decide(c, h, ctx, self.config, zones, keep)
                        for c, h in zip(cands, evidence) if h]
            for v in choose_extents(verdicts):
                if offset:
                    v = replace(v, cand=replace(v.cand, start=v.cand.start + offset,
                                                end=v.cand.end + offset))
                yield v
            if deadline is not None and time.monotonic() > deadline:
                raise BudgetExceeded


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Split very long documents at line breaks into pieces of at most ``size``."""
    if len(text) <= size:
        yield 0, text
        return
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            nl = text.rfind("\n", pos, end)
            if nl > pos:
                end = nl + 1
        yield pos, text[pos:end]
        pos = end


_default: Detector | None = None
_default_lock = threading.Lock()


def default_detector() -> Detector:
    """The shared Detector used by the module-level functions."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Detector()
    return _default


def clean(text: str, *, input_format: InputFormat = "auto") -> str:
    """Remove injected spam from one document and return the cleaned text.

    >>> clean("上海龙凤千花1314 Artificial intelligence permeates urban life.")
    'Artificial intelligence permeates urban life.'
    """
    return default_detector().clean(text, input_format=input_format)


def detect(text: str, *, input_format: InputFormat = "auto") -> Result:
    """Clean one document and return a :class:`Result` with every flag."""
    return default_detector().detect(text, input_format=input_format)


def clean_and_explain(text: str, *, input_format: InputFormat = "auto") -> Result:
    """Alias of :func:`detect`, named after ftfy's ``fix_and_explain``."""
    return detect(text, input_format=input_format)
