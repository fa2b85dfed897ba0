"""Shared fixtures: where the repository, the examples and the reference data are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMA_FILE = ROOT / "schema" / "aimanifest-1.0.schema.json"
REFERENCE = Path(os.environ.get("AIMANIFEST_REFERENCE_DIR", ROOT.parent / "shared" / "reference"))


def reference(*parts: str) -> Path:
    """A file of the third-party reference data, or skip the test saying what is missing."""
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not found: {path} (set AIMANIFEST_REFERENCE_DIR)")
    return path


def valid_examples() -> list[Path]:
    """Every bundled example manifest that must validate."""
    found = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))
    found += sorted(EXAMPLES.glob("*/aimanifest.yaml"))
    return [path for path in found if path.parent.name != "invalid"]
