"""Shared fixtures: where the repository, the examples and the reference data are."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from aimanifest.spec import LATEST

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMA_FILE = ROOT / "schema" / f"aimanifest-{LATEST}.schema.json"
"""The schema of the latest spec version: what `init` and `import` write, what `schema` prints."""
REFERENCE = Path(os.environ.get("AIMANIFEST_REFERENCE_DIR", ROOT.parent / "shared" / "reference"))


def schema_file(version: str = LATEST) -> Path:
    """The committed schema of spec ``version``."""
    return ROOT / "schema" / f"aimanifest-{version}.schema.json"


def reference(*parts: str) -> Path:
    """A file of the third-party reference data, or skip the test saying what is missing."""
    path = REFERENCE.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{MISSING_REFERENCE}: {path} (set AIMANIFEST_REFERENCE_DIR)")
    return path


def valid_examples() -> list[Path]:
    """Every bundled example manifest that must validate."""
    found = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))
    found += sorted(EXAMPLES.glob("*/aimanifest.yaml"))
    found += sorted(EXAMPLES.glob("*/*/aimanifest.yaml"))  # a family: base/, chat/, ...
    return [path for path in found if "invalid" not in path.relative_to(EXAMPLES).parts]


REQUIRE_REFERENCE = os.environ.get("AIMANIFEST_REQUIRE_REFERENCE") == "1"
"""Set by .ci/run: in CI a missing reference file fails the test instead of skipping it, so a
broken checkout of ../shared/reference can never pass CI by skipping its conformance tests."""
MISSING_REFERENCE = "reference data not found"
"""Every skip for absent reference data says this, wherever it is raised."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Under AIMANIFEST_REQUIRE_REFERENCE=1, a skip for missing reference data is a failure."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_REFERENCE and report.skipped and MISSING_REFERENCE in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid}: {MISSING_REFERENCE}, and AIMANIFEST_REQUIRE_REFERENCE=1 (CI) "
            f"forbids skipping: {report.longrepr}"
        )
