"""cleantext: find spam injected into scraped articles, remove it, and say why."""

import logging

from .config import DecisionConfig, DetectorConfig, LexiconConfig, ScriptConfig
from .detector import Detector, clean, clean_and_explain, detect
from .errors import CleantextError, CorpusError, InputError, ModelError
from .records import Flag, Result, RuleHit

__version__ = "0.1.0"
__all__ = [
    "CleantextError",
    "CorpusError",
    "DecisionConfig",
    "Detector",
    "DetectorConfig",
    "Flag",
    "InputError",
    "LexiconConfig",
    "ModelError",
    "Result",
    "RuleHit",
    "ScriptConfig",
    "__version__",
    "clean",
    "clean_and_explain",
    "detect",
]
logging.getLogger(__name__).addHandler(logging.NullHandler())
