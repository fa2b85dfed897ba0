"""``aimanifest export``: every example becomes a valid SBOM, the same bytes every time.

Validity is judged by the formats' own tools, never by our code: CycloneDX by
cyclonedx-python-lib's strict JSON schema validator, SPDX 2.3 by parsing the output back with
spdx-tools and running its full document validator. Exports run through the CLI entry point,
as users run them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, valid_examples

from aimanifest.cli import main

EXAMPLE_IDS = [str(p.relative_to(EXAMPLES)) for p in valid_examples()]


def export(
    capsys: pytest.CaptureFixture[str], path: Path | str, fmt: str, *extra: str
) -> tuple[int, str, str]:
    """Run ``aimanifest export`` in this process; (exit code, stdout, stderr)."""
    code = main(["export", str(path), "--to", fmt, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def cyclonedx(capsys: pytest.CaptureFixture[str], path: Path | str, *extra: str) -> Any:
    code, out, err = export(capsys, path, "cyclonedx-1.6", *extra)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def cdx_validator() -> Any:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.V1_6)


@pytest.mark.parametrize("path", valid_examples(), ids=EXAMPLE_IDS)
def test_cyclonedx_is_valid(
    path: Path, capsys: pytest.CaptureFixture[str], cdx_validator: Any
) -> None:
    code, out, err = export(capsys, path, "cyclonedx-1.6")
    assert code == 0, err
    assert cdx_validator.validate_str(out) is None
    root = json.loads(out)["metadata"]["component"]
    assert root["type"] == "machine-learning-model"
    names = {p["name"] for p in root["modelCard"]["properties"]}
    assert {"aimanifest:tier", "aimanifest:mof-class", "aimanifest:osaid"} <= names


@pytest.mark.parametrize("fmt,suffix", [("spdx-2.3", ".spdx.json"), ("spdx-2.3-tv", ".spdx")])
@pytest.mark.parametrize("path", valid_examples(), ids=EXAMPLE_IDS)
def test_spdx23_is_valid(
    path: Path, fmt: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    out = tmp_path / f"sbom{suffix}"
    code, _, err = export(capsys, path, fmt, "-o", str(out))
    assert code == 0, err
    document = parse_file(str(out))
    messages = validate_full_spdx_document(document)
    assert [m.validation_message for m in messages] == []
    assert document.creation_info.spdx_version == "SPDX-2.3"


@pytest.mark.parametrize("fmt", ["cyclonedx-1.6", "spdx-2.3", "spdx-2.3-tv"])
def test_deterministic(
    fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = EXAMPLES / "heron-7b.yaml"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = export(capsys, path, fmt)[1]
    assert export(capsys, path, fmt)[1] == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    epoch = export(capsys, path, fmt)[1]
    flag = export(capsys, path, fmt, "--created", "2024-06-01T00:00:00Z")[1]
    assert epoch == flag  # 1717200000 is 2024-06-01T00:00:00Z
    assert epoch != first
    changed = [
        (a, b) for a, b in zip(first.splitlines(), epoch.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1, changed  # the timestamp line alone
    assert "2024-09-17" in changed[0][0] and "2024-06-01" in changed[0][1]


def test_invalid_manifest_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = export(capsys, EXAMPLES / "invalid" / "schema-errors.yaml", "cyclonedx-1.6")
    assert code == 1
    assert out == ""
    assert "not exported" in err


def test_output_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bom.json"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = export(capsys, EXAMPLES / "heron-7b.yaml", "cyclonedx-1.6", "-o", str(target))
    assert code == 2, err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, err = export(
        capsys, EXAMPLES / "heron-7b.yaml", "cyclonedx-1.6", "-o", str(target), "--force"
    )
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["bomFormat"] == "CycloneDX"


def _components(bom: Any) -> dict[str, Any]:
    return {c["name"]: c for c in bom.get("components", [])}


def _props(entry: Any) -> dict[str, str]:
    return {p["name"]: p["value"] for p in entry.get("properties", [])}


def test_cyclonedx_content(capsys: pytest.CaptureFixture[str]) -> None:
    bom = cyclonedx(capsys, EXAMPLES / "heron-7b.yaml")
    root = bom["metadata"]["component"]
    assert root["name"] == "Heron-7B" and root["version"] == "1.0"
    assert root["licenses"] == [{"acknowledgement": "declared", "expression": "Apache-2.0"}]
    shards = {f["name"]: f for f in root["components"]}
    shard = shards["model-00001-of-00003.safetensors"]
    assert shard["hashes"] == [
        {
            "alg": "SHA-256",
            "content": "8ccc665a10f329b32356253baf1d7f8af773c9e4a12d30b145544c7fc1ca4d52",
        }
    ]
    assert _props(root["modelCard"])["aimanifest:tier"] == "fully-open"
    parts = _components(bom)
    web = parts["reedbed-web"]
    assert web["type"] == "data"
    assert web["data"][0]["type"] == "dataset"
    assert web["licenses"][0]["expression"] == "ODC-By-1.0"
    assert _props(web)["aimanifest:license-source"] == "layer"
    refs = {d["ref"] for d in root["modelCard"]["modelParameters"]["datasets"]}
    assert web["bom-ref"] in refs
    assert parts["heron-train"]["type"] == "application"
    assert bom["serialNumber"].startswith("urn:uuid:")


def test_cyclonedx_lineage_and_custom_licence(capsys: pytest.CaptureFixture[str]) -> None:
    bom = cyclonedx(capsys, EXAMPLES / "gull-7b-chat.yaml")
    (base,) = bom["metadata"]["component"]["pedigree"]["ancestors"]
    assert base["name"] == "Gull-7B"
    assert _props(base)["aimanifest:relation"] == "fine-tune"
    skylark = cyclonedx(capsys, EXAMPLES / "skylark-pro.yaml")
    licences = [
        lic["license"]
        for part in [skylark["metadata"]["component"], *skylark["components"]]
        for lic in part.get("licenses", [])
        if "license" in lic
    ]
    assert any(lic.get("text", {}).get("content", "").startswith("Copyright") for lic in licences)


def test_spdx23_content(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = export(capsys, EXAMPLES / "tiny-model" / "aimanifest.yaml", "spdx-2.3")
    assert code == 0, err
    doc = json.loads(out)
    packages = {p["name"]: p for p in doc["packages"]}
    assert packages["gnat-tiny"]["licenseDeclared"] == "Apache-2.0"
    assert packages["gnat-tiny"]["licenseConcluded"] == "Apache-2.0"  # the declaration restated
    assert packages["gnat-tiny"]["filesAnalyzed"] is True
    (weights,) = [f for f in doc["files"] if f["fileName"] == "./model.safetensors"]
    sums = {c["algorithm"]: c["checksumValue"] for c in weights["checksums"]}
    assert sums["SHA1"] == "f6d949119432742858041dd4a55d7137cf71a7ed"
    assert doc["documentNamespace"].startswith("https://spdx.org/spdxdocs/Gnat-Tiny-0.0.1-")

    code, out, err = export(capsys, EXAMPLES / "gull-7b-chat-gguf.yaml", "spdx-2.3")
    assert code == 0, err
    doc = json.loads(out)
    lineage = [r for r in doc["relationships"] if r.get("comment") == "quantized"]
    # a quantized copy postdates its base: DESCENDANT_OF ("same lineage but postdates"), not
    # VARIANT_OF ("same lineage but not clear which came first", SPDX 2.3 clause 11.1)
    assert [r["relationshipType"] for r in lineage] == ["DESCENDANT_OF"]
    # artifacts without SHA-1 are packages with their SHA-256, never a File with a made-up SHA-1
    assert doc.get("files", []) == []

    code, out, err = export(capsys, EXAMPLES / "plover-8b.yaml", "spdx-2.3")
    assert code == 0, err
    doc = json.loads(out)
    extracted = {e["licenseId"]: e for e in doc["hasExtractedLicensingInfos"]}
    assert "LicenseRef-arxiv-nonexclusive-distrib-1.0" in extracted
    assert "LicenseRef-scancode-llama-3.1-license-2024" in extracted
    others = [r for r in doc["relationships"] if r["relationshipType"] == "OTHER"]
    assert any(r.get("comment", "").startswith(("trainedOn", "testedOn")) for r in others)


def test_validate_does_not_import_sbom_libraries() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "aimanifest",
            "validate",
            "examples/heron-7b.yaml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "cyclonedx" not in result.stderr
    assert "spdx_tools" not in result.stderr
    assert "spdx_python_model" not in result.stderr
