"""The optional compiled loops (``cleantext._speedups``, built from ``_speedups.c``).

An install with a C compiler builds them; the same computations run in numpy
without them, with the same results.  ``CLEANTEXT_PURE_PYTHON=1`` in the
environment ignores a built module (to compare the two, or to rule it out).
``cleantext --version`` says which code paths run.
"""

from __future__ import annotations

import os
from types import ModuleType


def _pure_requested() -> bool:
    return os.environ.get("CLEANTEXT_PURE_PYTHON", "").strip() not in ("", "0")


def _load() -> ModuleType | None:
    if _pure_requested():
        return None
    try:
        from . import _speedups
    except ImportError:
        return None
    return _speedups


speedups: ModuleType | None = _load()


def describe() -> str:
    """Which code paths run, for ``--version`` and bug reports."""
    if speedups is not None:
        return "compiled loops"
    if _pure_requested():
        return "numpy loops (CLEANTEXT_PURE_PYTHON is set)"
    return "numpy loops (the C module is not built)"
