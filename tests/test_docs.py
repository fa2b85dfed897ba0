"""The documentation's complete manifests stay valid as the spec and the checks evolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from aimanifest.source.yaml_reader import parse_yaml
from aimanifest.validate import validate_document

YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def _complete_manifests() -> list[tuple[str, str]]:
    """Every YAML block of the docs that is a whole manifest (it names the spec version)."""
    found = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "spec.md", ROOT / "docs" / "verdicts.md"):
        for index, block in enumerate(YAML_BLOCK.findall(doc.read_text(encoding="utf-8"))):
            if re.search(r"^aimanifest: \"1\.0\"", block, re.MULTILINE) and "\nrelease:" in block:
                found.append((f"{doc.relative_to(ROOT)}#{index}", block))
    return found


def test_the_docs_hold_complete_manifests() -> None:
    assert len(_complete_manifests()) >= 3


@pytest.mark.parametrize(("where", "text"), _complete_manifests(), ids=lambda v: str(v)[:30])
def test_documented_manifest_is_valid(where: str, text: str, tmp_path: Path) -> None:
    if "sha256: 9f1c..." in text:  # the README's tour abbreviates a digest on purpose
        text = text.replace("9f1c...", "9f1c" + "0" * 60)
    path = tmp_path / "aimanifest.yaml"
    path.write_text(text, encoding="utf-8")
    errors = [
        f.as_text() for f in validate_document(parse_yaml(str(path), text)) if f.severity == "error"
    ]
    assert errors == [], where
