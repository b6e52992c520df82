"""Errors cleantext raises on purpose, under one root class."""

from __future__ import annotations

from pathlib import Path


class CleantextError(Exception):
    """Base class for every error cleantext raises on purpose."""


class InputError(CleantextError, ValueError):
    """The input cannot be read as a document (bytes, bad encoding, bad config)."""


class ModelError(CleantextError):
    """A model file is missing, corrupt, unsafe or from an incompatible version."""


class CorpusError(CleantextError):
    """A corpus file has a problem at a given line."""

    def __init__(self, path: str | Path, line: int, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        super().__init__(f"{path}:{line}: {problem}")
