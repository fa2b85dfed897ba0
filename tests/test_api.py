"""The Python API: the same answers as the command line, typed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import EXAMPLES

import aimanifest
from aimanifest.model import Manifest


def test_load_gives_the_typed_model() -> None:
    manifest = aimanifest.load(EXAMPLES / "heron-7b.yaml")
    assert isinstance(manifest, Manifest)
    assert manifest.release.name == "Heron-7B"
    assert manifest.claims is not None and manifest.claims.tier == "fully-open"


def test_load_refuses_an_invalid_manifest_with_its_findings() -> None:
    with pytest.raises(aimanifest.InvalidManifestError) as raised:
        aimanifest.load(EXAMPLES / "invalid" / "open-washing.yaml")
    assert any(f.rule == "claim-tier" for f in raised.value.findings)
    assert "open-washing.yaml:139:9: error claim-tier" in str(raised.value)
    with pytest.raises(aimanifest.InvalidManifestError):
        aimanifest.load(EXAMPLES / "invalid" / "binary.yaml")


def test_validate_and_classify() -> None:
    assert aimanifest.validate_file(EXAMPLES / "gull-7b.yaml").exit_code() == 0
    verdicts = aimanifest.classify_file(EXAMPLES / "gull-7b-chat.yaml")
    assert (verdicts.tier.tier, verdicts.effective_tier) == ("fully-open", "open-weights")
    # an unsupported claim does not stop classification: that is what classify is for
    assert aimanifest.classify_file(EXAMPLES / "invalid" / "open-washing.yaml").effective_tier == (
        "open-weights"
    )
    with pytest.raises(aimanifest.InvalidManifestError):
        aimanifest.classify_file(EXAMPLES / "invalid" / "schema-errors.yaml")


def test_importing_the_package_imports_nothing_heavy() -> None:
    heavy = "('pydantic', 'yaml', 'jsonschema')"
    code = f"import sys, aimanifest; print(sorted(m for m in sys.modules if m.startswith({heavy})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
