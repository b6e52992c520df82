"""`cleantext train`, `cleantext eval` and `cleantext corpus`: the retraining loop."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import InputError


def register(sub: Any) -> None:
    """Add the train, eval and corpus commands to the CLI's subparsers."""
    t = sub.add_parser(
        "train", help="train the classifier on a labeled corpus",
        description="Train deterministically on CORPUS (authoring .txt, .jsonl or folders) plus "
        "synthetic injections into clean hosts (../shared/data when present, else the "
        "corpus negatives).  Example: cleantext train corpus/ --out models/spam-v1")
    t.add_argument("corpus", nargs="+", metavar="CORPUS")
    t.add_argument("--out", required=True, metavar="PATH", help="writes PATH.json and PATH.npz")
    t.add_argument("--no-synth", action="store_true", help="train on CORPUS only")
    t.add_argument("--shared", metavar="DIR", help="host data folder (default ../shared/data)")
    t.add_argument("--seed", type=int, default=13)
    t.add_argument("--C", type=float, default=None, help="inverse regularisation strength")
    t.add_argument("--no-eval", action="store_true", help="skip the evaluation in the card")
    t.set_defaults(handler=cmd_train, quiet=False, verbose=False)

    e = sub.add_parser(
        "eval", help="precision/recall/F1 and legitimate loss on a labeled corpus",
        description="Evaluate the detector on CORPUS and/or the synthetic dev split (--dev). "
        "Prints span and character precision/recall/F1, legitimate-character loss and "
        "controls untouched, overall, per language, per shape and per origin.")
    e.add_argument("corpus", nargs="*", metavar="CORPUS")
    e.add_argument("--dev", action="store_true", help="also the synthetic dev split")
    e.add_argument("--shared", metavar="DIR")
    e.add_argument("--seed", type=int, default=13)
    e.add_argument("--model", metavar="PATH", help="model card to evaluate (default: bundled)")
    e.add_argument("--no-model", action="store_true", help="rules only")
    e.add_argument("--threshold", type=float, default=None)
    e.add_argument("--json", action="store_true", help="machine-readable output")
    e.add_argument("--errors", metavar="FILE", help="write missed/false spans as JSONL")
    e.set_defaults(handler=cmd_eval, quiet=False, verbose=False)

    from .corpus import register as reg_corpus

    reg_corpus(sub)


def _load(paths: list[str]) -> list[Any]:
    from .corpus import load_corpus

    return list(load_corpus(paths))


def cmd_train(args: argparse.Namespace) -> int:
    from .datasets import build_sets, shared_dir
    from .train import TrainParams, fit

    corpus = _load(args.corpus)
    shared = shared_dir(args.shared)
    if args.no_synth:
        train, dev, source = corpus, [], "none"
    else:
        sets = build_sets(corpus, shared=shared, seed=args.seed)
        train, dev, source = sets.train, sets.dev, sets.source
    params = TrainParams(seed=args.seed) if args.C is None else TrainParams(C=args.C, seed=args.seed)
    sys.stderr.write(f"training on {len(train)} documents (hosts: {source})\n")
    model = fit(train, params, name=Path(args.out).stem,
                extra_card={"synthetic_hosts": source, "corpus_files": args.corpus})
    if dev and not args.no_eval:
        from .config import DetectorConfig
        from .detector import Detector
        from .evaluate import evaluate

        det = Detector(DetectorConfig(use_model=True))
        det._model, det._model_loaded = model, True
        rep = evaluate(det, dev)
        model.card["metrics_dev"] = rep.overall.metrics()
        rep_c = evaluate(det, corpus)
        model.card["metrics_corpus"] = rep_c.overall.metrics()
        sys.stderr.write(f"dev: {json.dumps(model.card['metrics_dev'])}\n")
        sys.stderr.write(f"corpus: {json.dumps(model.card['metrics_corpus'])}\n")
    card = model.save(args.out)
    sys.stderr.write(f"wrote {card} and {card.with_suffix('.npz')}\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .config import DecisionConfig, DetectorConfig
    from .datasets import build_sets, shared_dir
    from .detector import Detector
    from .evaluate import evaluate, format_report

    if not args.corpus and not args.dev:
        msg = "Nothing to evaluate: name CORPUS files or folders, or pass --dev."
        raise InputError(msg)
    cfg = DetectorConfig(use_model=not args.no_model, model_path=args.model)
    if args.threshold is not None:
        cfg = replace(cfg, decision=replace(DecisionConfig(), threshold=args.threshold))
    det = Detector(cfg)
    corpus = _load(args.corpus) if args.corpus else []
    out: dict[str, Any] = {"model": "none" if det.model is None else det.model.path}
    reports = []
    if corpus:
        reports.append(("corpus", evaluate(det, corpus)))
    if args.dev:
        from .corpus import load_corpus

        base = corpus or list(load_corpus([str(_repo_corpus())]))
        sets = build_sets(base, shared=shared_dir(args.shared), seed=args.seed)
        reports.append((f"dev ({sets.source})", evaluate(det, sets.dev)))
    for name, rep in reports:
        out[name] = rep.to_dict()
        if args.errors:
            with open(args.errors, "a", encoding="utf-8") as fh:
                for e in rep.errors:
                    fh.write(json.dumps({"set": name, **e}, ensure_ascii=False) + "\n")
    if args.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(f"model: {out['model']}\n")
        for name, rep in reports:
            sys.stdout.write(f"\n== {name}\n{format_report(rep)}")
    return 0


def _repo_corpus() -> Path:
    return Path(__file__).resolve().parents[2] / "corpus" / "authoring"
