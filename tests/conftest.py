import json
from pathlib import Path

import pytest

from cleantext import Detector, DetectorConfig

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"


def load_cases(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text("utf-8"))


@pytest.fixture(scope="session")
def detector() -> Detector:
    """The default detector: rules plus the bundled model."""
    return Detector()


@pytest.fixture(scope="session")
def rules_only() -> Detector:
    return Detector(DetectorConfig(use_model=False))
