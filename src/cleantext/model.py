"""The classifier: features of a candidate span and its context, a linear model, safe files.

The model sees each candidate the rules proposed, together with its context:

* hashed character n-grams of the span (what it says, in any language),
* hashed character n-grams of the few characters around it (what it is glued to),
* dense context features: every rule's score, where the span sits in its line,
  its length, the document's script, whether its words occur elsewhere in the
  document (injected phrases bring vocabulary the article does not use), lures,
  lexicon strength, quoting and topic fit.

It is a stock ``LogisticRegression``.  The file format is a JSON model card plus a
``.npz`` of plain float arrays, loaded with ``allow_pickle=False``: loading a model
never executes code from the file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from . import native
from .candidates import _TOKEN_RE, Candidate, _word_counts
from .config import DetectorConfig
from .errors import ModelError
from .records import RuleHit
from .scripts import UBIQUITOUS, is_phrase_run, letter_count
from .segment import Context
from .surroundings import position

log = logging.getLogger(__name__)

FORMAT_VERSION = 4
SPAN_FEATURES = 2**18
CONTEXT_FEATURES = 2**16
CONTEXT_CHARS = 12
RULE_IDS = ("script.out_of_context", "lexicon.spam_term", "lures.contact", "stuffing.repeat")
POSITIONS = ("alone", "edge", "between", "inside")
DOC_SCRIPTS = ("L", "H", "K", "G", "C", "A", "T")
DENSE_NAMES = (
    *(f"rule:{r}" for r in RULE_IDS),
    *(f"pos:{p}" for p in POSITIONS),
    *(f"doc_script:{s}" for s in DOC_SCRIPTS),
    "log_letters", "run_foreign", "run_latin_in_nonlatin", "strong_hits", "weak_hits",
    "lures", "widened", "doc_foreign_share", "vocab_fit", "digit_share", "line_share",
    "enclosed", "topic_fit", "log_line_letters", "seed_share", "foreign_phrase", "foreign_phrase_inside", "bias_one",
)


# Odd 64-bit multipliers, one per position in an n-gram (n <= 4).  An n-gram's hash
# is the wrapped sum of its code points times these, plus n; its bucket is the top
# bits of that (multiplicative hashing, so the buckets must be a power of two).  A
# fixed, documented hash: no salt, no seed, the same on every machine.
_POS_MULT = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F,
                                          0x165667B19E3779F9, 0xD6E8FEB86659FD93))


def hashed_ngrams_many(
    texts: Sequence[str], lo: int, hi: int, n_features: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per text, L2-normalised counts of its character n-grams (sizes lo..hi), hashed.

    Each result is ``(buckets, values)``.  Vectorised over all the texts at once:
    their code points go into one array, every n-gram's hash is a sum of shifted
    slices, and n-grams that would cross from one text into the next are dropped, so
    a document's candidates cost a few dozen numpy calls, not a Python loop per
    n-gram.  ``n_features`` must be a power of two.

    >>> [(len(i), round(float(v @ v), 6)) for i, v in hashed_ngrams_many(["ab", ""], 1, 2, 1024)]
    [(6, 1.0), (2, 1.0)]
    """
    if not texts:
        return []
    bits = n_features.bit_length() - 1
    if n_features != 1 << bits:
        msg = f"n_features must be a power of two, not {n_features}"
        raise ValueError(msg)
    padded = [f" {t.lower()} " for t in texts]
    if native.speedups is not None:  # the same arrays, from a loop in C
        return [(np.frombuffer(idx, dtype=np.int64), np.frombuffer(val, dtype=np.float64))
                for idx, val in native.speedups.hashed_ngrams(padded, lo, hi, bits)]
    shift = np.uint64(64 - bits)
    cps = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"),
                        dtype=np.uint32).astype(np.uint64)
    lens = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    sid = np.repeat(np.arange(len(padded), dtype=np.int64), lens)
    ends = np.cumsum(lens)
    # Characters left in its own text from each position: an n-gram fits if >= n.
    left = ends[sid] - np.arange(len(cps))
    base = sid << bits
    weighted = [cps * m for m in _POS_MULT[:hi]]
    total = len(cps)
    keys = []
    for n in range(lo, hi + 1):
        m = total - n + 1
        if m <= 0:
            continue
        h = weighted[0][:m] + np.uint64(n)
        for k in range(1, n):
            h += weighted[k][k : k + m]
        fits = left[:m] >= n
        keys.append((base[:m] + (h >> shift).astype(np.int64))[fits])
    if not any(len(k) for k in keys):  # every text shorter than the smallest n-gram
        return [(np.zeros(0, dtype=np.int64), np.zeros(0)) for _ in padded]
    # Count equal keys after a sort (np.unique costs more than all the hashing).
    allk = np.sort(np.concatenate(keys))
    first = np.flatnonzero(np.concatenate(([True], allk[1:] != allk[:-1])))
    uniq = allk[first]
    val = np.diff(np.append(first, len(allk))).astype(np.float64)
    owner = uniq >> bits
    norms = np.sqrt(np.bincount(owner, weights=val * val, minlength=len(padded)))
    val /= norms[owner]
    bounds = np.searchsorted(owner, np.arange(len(padded) + 1))
    buckets = uniq & (n_features - 1)
    return [(buckets[a:b], val[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


def hashed_ngrams(text: str, lo: int, hi: int, n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`hashed_ngrams_many` of one text."""
    return hashed_ngrams_many([text], lo, hi, n_features)[0]


MAX_SPAN_CHARS = 120  # longer spans are hashed on their first and last 60 characters
SPAN_NGRAMS = (2, 4)
CONTEXT_NGRAMS = (2, 3)


def _span_key(text: str) -> str:
    return text if len(text) <= MAX_SPAN_CHARS else text[:60] + " " + text[-60:]


def _vocab_fit(ctx: Context, cand: Candidate) -> float:
    """Share of the span's words (or characters, for unspaced scripts) used elsewhere."""
    folded = ctx.folded.text
    span = folded[ctx.folded.from_source(cand.start) : ctx.folded.from_source(cand.end)]
    # The same words (and word counts) the candidate builder uses.
    words = [w for w in _TOKEN_RE.findall(span) if not w.isdigit()]
    if len(words) >= 1 and sum(map(len, words)) >= 0.5 * max(1, len(span.replace(" ", ""))):
        counts = _word_counts(ctx)
        inside = Counter(words)
        return sum(1 for w in words if counts.more_than(w, inside[w])) / len(words)
    chars = [c for c in span if c.isalpha()]
    if not chars:
        return 0.0
    # Characters count only where they are wide (CJK); str.count runs in C.
    inside_c = Counter(chars)
    used = {c for c, n in inside_c.items() if _is_wide(c) and folded.count(c) > n}
    return sum(1 for c in chars if c in used) / len(chars)


def _is_wide(c: str) -> bool:
    return "\u2e80" <= c <= "\U0003134f"


def _seed_share(ctx: Context, cand: Candidate, letters: int) -> float:
    """Share of the span's letters inside its seeds (foreign runs, spam terms, lures).

    1.0 for a span that is all seed (an injected phrase found whole), small for a
    sentence grown around one word: the classifier's clue for the right extent,
    which leaves the span's length free to mean what it means per script.
    """
    if not letters:
        return 0.0
    marks = sorted([(r.start, r.end) for r in cand.runs] + [(h.start, h.end) for h in cand.hits]
                   + [(lu.start, lu.end) for lu in cand.lures])
    covered = 0
    last = cand.start
    for s, e in marks:
        s, e = max(s, last), min(e, cand.end)
        if e > s:
            covered += letter_count(ctx.text[s:e])
            last = e
    return min(1.0, covered / letters)


@lru_cache(maxsize=1)
def _feature_config() -> DetectorConfig:
    """The default configuration: features must not depend on the user's thresholds
    (the model was trained on these)."""
    return DetectorConfig()


def dense_features(
    cands: Sequence[Candidate], ctx: Context, evidence: Sequence[Sequence[RuleHit]]
) -> np.ndarray:
    """The dense context features of each candidate (rows follow ``cands``)."""
    from .decide import fits_topic

    cfg = _feature_config()
    out = np.zeros((len(cands), len(DENSE_NAMES)), dtype=np.float64)
    dom = ctx.profile.dominant
    foreign_share = 1.0 - sum(ctx.profile.share(c) for c in ctx.profile.natives)
    for i, (cand, hits) in enumerate(zip(cands, evidence)):
        row: list[float] = []
        scores = {h.rule: h.score for h in hits}
        row += [scores.get(r, 0.0) for r in RULE_IDS]
        where = position(ctx, cand.start, cand.end)
        row += [float(where == p) for p in POSITIONS]
        row += [float(dom == s) for s in DOC_SCRIPTS]
        span = ctx.text[cand.start : cand.end]
        letters = letter_count(span)
        phrase = any(r.script not in UBIQUITOUS and is_phrase_run(ctx.text[r.start : r.end], r.script)
                     for r in cand.runs)
        ls, le = ctx.line_of(cand.start)
        line_letters = letter_count(ctx.text[ls:le])
        row += [
            math.log1p(letters),
            float(any(r.script not in UBIQUITOUS for r in cand.runs)),
            float(any(r.script in UBIQUITOUS for r in cand.runs) and dom not in UBIQUITOUS),
            float(sum(h.entry.strength == "strong" for h in cand.hits)),
            float(sum(h.entry.strength == "weak" for h in cand.hits)),
            float(len(cand.lures)),
            float(cand.widened),
            foreign_share,
            _vocab_fit(ctx, cand),
            sum(map(str.isdigit, span)) / max(1, len(span)),
            letters / max(1, line_letters),
            float(ctx.enclosed(cand.start, cand.end)),
            float(fits_topic(cand, ctx, cfg)),
            math.log1p(line_letters),
            _seed_share(ctx, cand, letters),
            float(phrase),
            float(phrase and where == "inside"),
            1.0,
        ]
        out[i] = row
    return out


def context_strings(cands: Sequence[Candidate], ctx: Context) -> list[str]:
    """The characters just before and after each span, marked by side."""
    t = ctx.text
    return [
        "\x02" + t[max(0, c.start - CONTEXT_CHARS) : c.start] + "\x03"
        + t[c.end : c.end + CONTEXT_CHARS] + "\x04"
        for c in cands
    ]


def feature_rows(
    cands: Sequence[Candidate], ctx: Context, evidence: Sequence[Sequence[RuleHit]]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per candidate, the (indices, values) of its sparse feature vector.

    Layout: [span n-grams | context n-grams | dense features].
    """
    dense = dense_features(cands, ctx, evidence)
    dense_idx = np.arange(len(DENSE_NAMES)) + SPAN_FEATURES + CONTEXT_FEATURES
    rows = []
    spans = hashed_ngrams_many([_span_key(ctx.text[c.start : c.end]) for c in cands],
                               *SPAN_NGRAMS, SPAN_FEATURES)
    nears = hashed_ngrams_many(context_strings(cands, ctx), *CONTEXT_NGRAMS, CONTEXT_FEATURES)
    for (s_idx, s_val), (c_idx, c_val), drow in zip(spans, nears, dense):
        rows.append((np.concatenate([s_idx, c_idx + SPAN_FEATURES, dense_idx]),
                     np.concatenate([s_val, c_val, drow])))
    return rows


def feature_matrix(
    cands: Sequence[Candidate], ctx: Context, evidence: Sequence[Sequence[RuleHit]]
) -> Any:
    """Sparse CSR feature matrix of the candidates (for training)."""
    from scipy import sparse

    rows = feature_rows(cands, ctx, evidence)
    indptr = np.cumsum([0] + [len(i) for i, _ in rows])
    idx = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
    val = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    return sparse.csr_matrix((val, idx, indptr), shape=(len(rows), n_features()))


@dataclass(frozen=True)
class SpamModel:
    """A trained linear model: weights, intercept and its model card."""

    coef: np.ndarray
    intercept: float
    card: dict[str, Any]
    path: str = "<memory>"

    @property
    def threshold(self) -> float:
        return float(self.card.get("threshold", 0.5))

    def predict(
        self, cands: Sequence[Candidate], ctx: Context, evidence: Sequence[Sequence[RuleHit]]
    ) -> list[float]:
        """Probability that each candidate is injected spam."""
        if not cands:
            return []
        out = []
        for idx, val in feature_rows(cands, ctx, evidence):
            z = float(self.coef[idx] @ val) + self.intercept
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def explain(self, p: float) -> RuleHit:
        return RuleHit("model.spam", p, f"classifier probability {p:.2f}",
                       {"probability": round(p, 4), "model": self.card.get("name", "")})

    # -- persistence -------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write ``NAME.json`` (card) and ``NAME.npz`` (weights); return the card path."""
        p = Path(path)
        card_path = p.with_suffix(".json")
        weights_path = p.with_suffix(".npz")
        card_path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(weights_path, coef=self.coef.astype(np.float32),
                            intercept=np.array([self.intercept], dtype=np.float64))
        card = dict(self.card)
        card["weights_file"] = weights_path.name
        card["weights_sha256"] = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        card_path.write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", "utf-8")
        return card_path


def n_features() -> int:
    return SPAN_FEATURES + CONTEXT_FEATURES + len(DENSE_NAMES)


def load_model(path: str | Path) -> SpamModel:
    """Load a model from its JSON card (or a path without suffix).

    Checks the format version, the feature layout and the weights' SHA-256, and
    reads the weights with ``allow_pickle=False``.  Raises ModelError with the file
    and the fix on any problem.
    """
    card_path = Path(path)
    if card_path.suffix != ".json":
        card_path = card_path.with_suffix(".json")
    fix = "Rebuild it with: cleantext train corpus/ --out models/spam (see README, Retraining)."
    try:
        card = json.loads(card_path.read_text("utf-8"))
    except FileNotFoundError as err:
        msg = f"Model card {card_path} does not exist. {fix}"
        raise ModelError(msg) from err
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        msg = f"Model card {card_path} is unreadable or not JSON ({err}). {fix}"
        raise ModelError(msg) from err
    if not isinstance(card, dict) or card.get("format") != "cleantext-linear":
        msg = f"{card_path} is not a cleantext model card (format 'cleantext-linear'). {fix}"
        raise ModelError(msg)
    if card.get("format_version") != FORMAT_VERSION or card.get("n_features") != n_features() \
            or list(card.get("dense_features", [])) != list(DENSE_NAMES):
        msg = (f"Model {card_path} was written for another feature layout "
               f"(format {card.get('format_version')}, cleantext {card.get('cleantext_version')}); "
               f"this cleantext expects format {FORMAT_VERSION}. {fix}")
        raise ModelError(msg)
    wf = str(card.get("weights_file", card_path.stem + ".npz"))
    if not wf or Path(wf).name != wf:
        msg = f"Model card {card_path} names weights {wf!r}, which is not a file name beside it. {fix}"
        raise ModelError(msg)
    weights = card_path.with_name(wf)
    try:
        raw = weights.read_bytes()
    except OSError as err:
        msg = f"Model weights {weights} are missing ({err.strerror}). {fix}"
        raise ModelError(msg) from err
    if card.get("weights_sha256") and hashlib.sha256(raw).hexdigest() != card["weights_sha256"]:
        msg = f"Model weights {weights} do not match the checksum in {card_path} (corrupt or edited). {fix}"
        raise ModelError(msg)
    try:
        with np.load(weights, allow_pickle=False) as z:
            coef = np.asarray(z["coef"], dtype=np.float64)
            intercept = float(np.asarray(z["intercept"]).ravel()[0])
    except Exception as err:  # zip, npy and key errors all mean a broken file
        msg = f"Model weights {weights} cannot be read safely ({type(err).__name__}: {err}). {fix}"
        raise ModelError(msg) from err
    if coef.shape != (n_features(),) or not np.all(np.isfinite(coef)):
        msg = f"Model weights {weights} have shape {coef.shape}, expected ({n_features()},). {fix}"
        raise ModelError(msg)
    return SpamModel(coef, intercept, card, str(card_path))


DEFAULT_NAME = "spam-v1"


def default_model_path() -> Path | None:
    """The bundled model's card: in the wheel (cleantext/models) or the repo's models/."""
    try:
        p = resources.files("cleantext").joinpath(f"models/{DEFAULT_NAME}.json")
        if p.is_file():
            return Path(str(p))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover
        pass
    repo = Path(__file__).resolve().parents[2] / "models" / f"{DEFAULT_NAME}.json"
    return repo if repo.is_file() else None


_warned = False


def load_default_or_none(path: str | None = None) -> SpamModel | None:
    """Load ``path`` (errors raise), or the bundled model; None with one warning if absent."""
    global _warned
    if path is not None:
        return _load_cached(str(path))
    default = default_model_path()
    if default is None:
        if not _warned:
            log.warning("no bundled model found; running on rules only "
                        "(build it with: cleantext train corpus/ --out models/%s)", DEFAULT_NAME)
            _warned = True
        return None
    return _load_cached(str(default))


@lru_cache(maxsize=8)
def _load_cached(path: str) -> SpamModel:
    return load_model(path)
