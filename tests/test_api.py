"""The Python API: the same answers as the command line, typed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


def test_export_file_is_the_command_output(capsys: pytest.CaptureFixture[str]) -> None:
    from aimanifest.cli import main

    path = EXAMPLES / "heron-7b.yaml"
    for to in ("spdx-2.3", "spdx-3.0", "cyclonedx-1.6"):
        assert main(["export", str(path), "--to", to, "--created", "2025-01-01"]) == 0
        assert aimanifest.export_file(path, to, created="2025-01-01") == capsys.readouterr().out
    import datetime

    fixed = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    assert aimanifest.export_file(path, "spdx-3.0", created=fixed) == aimanifest.export_file(
        path, "spdx-3.0", created="2025-01-01T00:00:00Z"
    )
    with pytest.raises(ValueError, match="unknown SBOM format 'spdx-4'"):
        aimanifest.export_file(path, "spdx-4")
    with pytest.raises(aimanifest.InvalidManifestError):  # the claims must hold to export
        aimanifest.export_file(EXAMPLES / "invalid" / "open-washing.yaml", "spdx-2.3")


def test_verify_file_reports_like_the_command(tmp_path: Path) -> None:
    tiny = EXAMPLES / "tiny-model"
    report = aimanifest.verify_file(tiny / "aimanifest.yaml")
    assert report.exit_code() == 0
    assert [(f.path, f.status) for f in report.files] == [
        ("model.safetensors", "ok"),
        ("config.json", "ok"),
    ]
    assert report.root_digest == (
        "a381771806b8a6a0bef4c1d782c20eedb127d7d5a990ac9bc6bc0b681d824820"
    )
    shutil.copytree(tiny, tmp_path / "copy")
    (tmp_path / "copy" / "config.json").write_text("{}")
    changed = aimanifest.verify_file(tmp_path / "copy" / "aimanifest.yaml")
    assert changed.exit_code() == 1
    assert [f.rule for f in changed.findings] == ["size-mismatch"]
    elsewhere = aimanifest.verify_file(tiny / "aimanifest.yaml", root=tmp_path / "copy")
    assert elsewhere.exit_code() == 1
    with pytest.raises(NotADirectoryError):
        aimanifest.verify_file(tiny / "aimanifest.yaml", root=tmp_path / "absent")
    with pytest.raises(aimanifest.InvalidManifestError):
        aimanifest.verify_file(EXAMPLES / "invalid" / "schema-errors.yaml")
