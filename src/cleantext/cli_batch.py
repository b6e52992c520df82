"""Batch mode of `cleantext clean`: JSONL, WARC, directories, parallel workers.

(Owned by the pipelines issue; this first version only declares the hook.)
"""

from __future__ import annotations

import argparse

from .config import DetectorConfig


def add_batch_options(p: argparse.ArgumentParser) -> None:
    """Add the batch options to the `clean` parser."""


def is_batch(args: argparse.Namespace) -> bool:
    """True when the arguments ask for batch processing."""
    return False


def run_batch(args: argparse.Namespace, cfg: DetectorConfig) -> int:
    """Run a batch; returns the exit code."""
    raise NotImplementedError
