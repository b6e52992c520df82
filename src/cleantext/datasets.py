"""Train and dev sets: our corpus plus synthetic injections into clean hosts.

Hosts and spam phrases are split by a stable hash into train and dev, so the dev
set measures text and phrases the model never saw.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .corpus import CorpusDoc
from .synth import (
    Phrase, corpus_hosts, corpus_phrases, lexicon_phrases, shared_hosts, shared_phrases,
    split_of, synthesize,
)

DEV_SHARE = 0.25


def shared_dir(explicit: str | Path | None = None) -> Path | None:
    """``../shared/data`` beside the checkout (or $CLEANTEXT_SHARED), if it exists."""
    cands = [explicit, os.environ.get("CLEANTEXT_SHARED")]
    here = Path(__file__).resolve()
    cands += [p / "shared" / "data" for p in list(here.parents)[:5]]
    for c in cands:
        if c and Path(c).is_dir() and (Path(c) / "text").is_dir():
            return Path(c)
    return None


@dataclass(frozen=True)
class Sets:
    train: list[CorpusDoc]
    dev: list[CorpusDoc]
    source: str


def build_sets(corpus: Sequence[CorpusDoc], *, shared: Path | None, seed: int = 13) -> Sets:
    """Synthesize train and dev documents; the corpus itself goes to train."""
    rng = random.Random(seed)
    phrases: list[Phrase] = lexicon_phrases(rng, 6000) + corpus_phrases(corpus)
    if shared is not None:
        phrases += shared_phrases(rng, shared, 3000)
        hosts = shared_hosts(shared, rng)
        source = str(shared)
    else:
        hosts = corpus_hosts(corpus)
        source = "corpus negatives"
    train_ph = [p for p in phrases if split_of(p.text, DEV_SHARE) == "train"]
    dev_ph = [p for p in phrases if split_of(p.text, DEV_SHARE) == "dev"]
    train_hosts = [h for h in hosts if split_of(h.id, DEV_SHARE) == "train"]
    dev_hosts = [h for h in hosts if split_of(h.id, DEV_SHARE) == "dev"]
    train = list(corpus) + list(synthesize(train_hosts, train_ph, seed=seed))
    dev = list(synthesize(dev_hosts, dev_ph, seed=seed + 1, variants=3))
    return Sets(train, dev, source)
