"""The classifier: load, predict, explain (filled in by the classifier issue)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def load_default_or_none(path: str | None = None) -> None:
    log.info("no model available; running on rules only")
    return None
