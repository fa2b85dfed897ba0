"""Exports of hostile manifests: nothing forged, nothing crashes, nothing quadratic.

Each case is a valid manifest (the schema lets free text through in names, versions,
descriptions, lineage entries, licence texts and paths). The SBOM is read back by the format's
own parser and compared with what the manifest says, so a forged line shows up as an extra
element or a changed value.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from export_cases import HOSTILE, write_cases

from aimanifest.cli import main
from aimanifest.exporters._tagvalue import escape_line, escape_text


def _export(path: Path, fmt: str, target: Path, *extra: str) -> int:
    return main(["export", str(path), "--to", fmt, "-o", str(target), *extra])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile manifest exported to every format: format -> file."""
    folder = tmp_path_factory.mktemp("hostile")
    source = write_cases(folder)["hostile"]
    found = {}
    for fmt, suffix in [
        ("spdx-2.3", ".spdx.json"),
        ("spdx-2.3-tv", ".spdx"),
        ("spdx-3.0", ".spdx3.json"),
        ("cyclonedx-1.6", ".cdx.json"),
    ]:
        found[fmt] = folder / f"sbom{suffix}"
        assert _export(source, fmt, found[fmt]) == 0
    return found


def test_tag_value_forges_nothing(hostile: dict[str, Path]) -> None:
    """spdx-tools reads the tag-value back to the same elements as the JSON, values escaped."""
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    text = hostile["spdx-2.3-tv"].read_text(encoding="utf-8")
    tv = parse_file(str(hostile["spdx-2.3-tv"]))
    exact = parse_file(str(hostile["spdx-2.3"]))  # JSON: the values as exported
    assert validate_full_spdx_document(tv) == []
    for kind in ("packages", "files", "relationships", "extracted_licensing_info"):
        assert len(getattr(tv, kind)) == len(getattr(exact, kind)), kind
    assert len(tv.creation_info.creators) == len(exact.creation_info.creators) == 2
    assert tv.creation_info.name == escape_line(exact.creation_info.name)
    by_id = {p.spdx_id: p for p in exact.packages}
    for package in tv.packages:
        original = by_id[package.spdx_id]
        assert package.name == escape_line(original.name)
        assert package.version == (escape_line(original.version) if original.version else None)
        if original.description:
            # the parser strips the space around a text block's delimiters
            assert package.description.strip() == escape_text(original.description).strip()
    assert [f.name for f in tv.files] == [escape_line(f.name) for f in exact.files]
    # spec 1.1 supplier and copyright: one line each, the actor's e-mail not forgeable
    lib = next(p for p in tv.packages if p.name == "evil-lib")
    stated = HOSTILE["runtime"]["components"][0]
    assert lib.supplier.name == escape_line(stated["supplier"]["name"]).replace("(", "[").replace(
        ")", "]"
    )
    assert lib.supplier.email == escape_line(stated["supplier"]["email"]).replace("(", "[").replace(
        ")", "]"
    )
    assert lib.copyright_text == escape_line(stated["copyright"])
    release = next(p for p in tv.packages if p.spdx_id.startswith("SPDXRef-Release"))
    assert release.copyright_text == escape_line(HOSTILE["release"]["copyright"])
    assert "\\t" in release.copyright_text and "\t" in HOSTILE["release"]["copyright"]
    # spec 1.1 lineage licence and copyright: one line, the licence read as declared
    base = next(p for p in tv.packages if p.spdx_id.startswith("SPDXRef-Base"))
    entry = HOSTILE["lineage"][0]
    assert base.copyright_text == escape_line(entry["copyright"])
    assert "\\t" in base.copyright_text and "\t" in entry["copyright"]
    assert str(base.license_declared) == str(base.license_concluded) == entry["license"]
    (licence,) = tv.extracted_licensing_info
    assert licence.license_id == "LicenseRef-evil"
    assert licence.extracted_text == escape_text(HOSTILE["custom_licenses"][0]["text"]).strip()
    # only our delimiters delimit text blocks, and no forged tag starts a line, even inside
    # one (a reader going line by line would take it for a tag)
    assert text.count("<text>") == text.count("</text>")
    forged = ("PackageName: forged", "Creator: Tool: forged", "LicenseID: LicenseRef-forged")
    assert not any(line.lstrip().startswith(forged) for line in text.splitlines())
    assert "\u202e" not in text and "\x1b" not in text and "\u2028" not in text
    assert "\x07" not in text and "\u2066" not in text


def test_json_outputs_keep_values_and_show_no_hidden_characters(hostile: dict[str, Path]) -> None:
    for fmt in ("spdx-3.0", "cyclonedx-1.6"):
        text = hostile[fmt].read_text(encoding="utf-8")
        for hidden in ("\u202e", "\u2066", "\u2028", "\x85", "\x1b", "\x07"):
            assert hidden not in text, (fmt, hex(ord(hidden)))
        data = json.loads(text)
        names = {e.get("name") for e in _walk(data)}
        assert HOSTILE["release"]["name"] in names  # decoded, the exact value
        assert HOSTILE["lineage"][0]["name"] in names
        notices = {e.get("copyright") or e.get("software_copyrightText") for e in _walk(data)}
        assert HOSTILE["lineage"][0]["copyright"] in notices, fmt  # decoded, the exact value


def _walk(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value, *(d for item in value.values() for d in _walk(item))]
    if isinstance(value, list):
        return [d for item in value for d in _walk(item)]
    return []


def test_spdx23_actor_cannot_forge_an_email(tmp_path: Path) -> None:
    """``Organization: NAME (EMAIL)`` has no escape: a name ending in parentheses is kept a
    name, in JSON and tag-value alike."""
    from spdx_tools.spdx.parser.parse_anything import parse_file

    source = write_cases(tmp_path)["unreleased"]
    data = json.loads(source.read_text(encoding="utf-8"))
    data["release"]["publisher"]["name"] = "Acme (mallory@evil.example)"
    source.write_text(json.dumps(data), encoding="utf-8")
    for fmt, suffix in (("spdx-2.3", ".spdx.json"), ("spdx-2.3-tv", ".spdx")):
        target = tmp_path / f"sbom{suffix}"
        assert _export(source, fmt, target) == 0
        document = parse_file(str(target))
        suppliers = [p.supplier for p in document.packages]
        assert {(s.name, s.email) for s in suppliers} == {("Acme [mallory@evil.example]", None)}
        assert all(c.email is None for c in document.creation_info.creators)
    data = json.loads(source.read_text(encoding="utf-8"))
    data["aimanifest"] = "1.1"
    data["release"]["publisher"] = {"name": "Acme", "email": "a(b)c@evil.example"}
    source.write_text(json.dumps(data), encoding="utf-8")
    for fmt, suffix in (("spdx-2.3", ".spdx.json"), ("spdx-2.3-tv", ".spdx")):
        target = tmp_path / f"sbom{suffix}"
        assert _export(source, fmt, target, "--force") == 0
        document = parse_file(str(target))
        found = {(p.supplier.name, p.supplier.email) for p in document.packages}
        assert found == {("Acme", "a[b]c@evil.example")}


def test_names_that_slug_alike_get_distinct_ids(hostile: dict[str, Path]) -> None:
    spdx2 = json.loads(hostile["spdx-2.3"].read_text(encoding="utf-8"))
    ids = {p["name"]: p["SPDXID"] for p in spdx2["packages"]}
    assert ids["evil-w"] != ids["evil_w"]
    spdx3 = json.loads(hostile["spdx-3.0"].read_text(encoding="utf-8"))
    named = [e["spdxId"] for e in spdx3["@graph"] if e.get("name") in ("evil-w", "evil_w")]
    assert len(set(named)) == 2


def test_very_long_text_exports(tmp_path: Path) -> None:
    source = write_cases(tmp_path)["unreleased"]
    data = json.loads(source.read_text(encoding="utf-8"))
    data["release"]["description"] = "x" * 500_000 + "\n" + "y" * 100
    data["release"]["name"] = "N" * 10_000
    source.write_text(json.dumps(data), encoding="utf-8")
    for fmt in ("spdx-2.3", "spdx-2.3-tv", "spdx-3.0", "cyclonedx-1.6"):
        assert _export(source, fmt, tmp_path / f"out-{fmt}") == 0, fmt


@pytest.mark.parametrize(
    "created",
    [
        "0001-01-01",
        "0001-01-01T00:00:00+01:00",  # before year 1 in UTC: OverflowError in astimezone
        "9999-12-31T23:59:59-01:00",  # after year 9999 in UTC
        "1969-12-31T23:59:59Z",
        "2024-01-01T00:00:00+99:00",
        "2024-13-01",
        "tomorrow",
    ],
)
def test_created_out_of_range_is_a_message(created: str, tmp_path: Path) -> None:
    result = _run(tmp_path, "--created", created)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "--created" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("epoch", ["-1", "9" * 30, "253402300800", "1e9", "9" * 5000, " "])
def test_source_date_epoch_out_of_range_is_a_message(epoch: str, tmp_path: Path) -> None:
    result = _run(tmp_path, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "SOURCE_DATE_EPOCH" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr) < 400


def _run(tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> Any:
    source = write_cases(tmp_path)["unreleased"]
    return subprocess.run(
        [sys.executable, "-m", "aimanifest", "export", str(source), "--to", "spdx-3.0", *extra],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize("created", ["9999-12-31T23:59:59", "1970-01-01"])
def test_created_at_the_ends_of_the_range_exports(
    created: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = write_cases(tmp_path)["unreleased"]
    stamp = f"{created[:10]}T{created[11:] or '00:00:00'}Z"
    for fmt, suffix in (
        ("spdx-2.3", ".spdx.json"),
        ("spdx-2.3-tv", ".spdx"),
        ("spdx-3.0", ".json"),
    ):
        target = tmp_path / f"sbom{suffix}"
        assert _export(source, fmt, target, "--created", created, "--force") == 0
        assert stamp in target.read_text(encoding="utf-8"), fmt
        if fmt != "spdx-3.0":
            assert validate_full_spdx_document(parse_file(str(target))) == []
    target = tmp_path / "bom.json"
    assert _export(source, "cyclonedx-1.6", target, "--created", created) == 0
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(target.read_text()) is None


def test_release_date_out_of_range_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = write_cases(tmp_path)["unreleased"]
    data = json.loads(source.read_text(encoding="utf-8"))
    data["release"]["date"] = "0001-01-01"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "aimanifest", "export", str(source), "--to", "cyclonedx-1.6"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode in (1, 2), result.stderr  # the validator may refuse it first
    assert "Traceback" not in result.stderr and result.stdout == ""
    if result.returncode == 2:
        assert "release.date" in result.stderr and "--created" in result.stderr


def test_unique_ids_are_linear_on_collisions() -> None:
    """16,000 names with one identifier base: each id is found in O(1) membership tests (it
    was a scan from base-2 upwards: 128 million tests)."""
    from aimanifest.exporters import UniqueIds

    class Counting(set[str]):
        tests = 0

        def __contains__(self, item: object) -> bool:
            Counting.tests += 1
            return super().__contains__(item)

    ids = UniqueIds()
    ids.used = Counting()
    ids.used.add("part-3")  # a name may already look like a numbered form
    made = [ids.take("part") for _ in range(16_000)]
    assert len(set(made)) == 16_000 and made[:4] == ["part", "part-2", "part-4", "part-5"]
    assert Counting.tests < 3 * 16_000


def test_cyclonedx_does_not_register_dependencies_per_component(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's register_dependency scans every entry: once per component is n²."""
    from cyclonedx.model.bom import Bom

    calls = []
    original = Bom.register_dependency

    def counting(self: Bom, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Bom, "register_dependency", counting)
    source = write_cases(tmp_path)["unreleased"]
    data = json.loads(source.read_text(encoding="utf-8"))
    data["training"] = {
        "components": [
            {"name": f"t-{i}", "kind": "training-code", "availability": "unreleased"}
            for i in range(300)
        ]
    }
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "bom.json"
    assert _export(source, "cyclonedx-1.6", target) == 0
    bom = json.loads(target.read_text(encoding="utf-8"))
    assert len(bom["components"]) == 300
    (root,) = [d for d in bom["dependencies"] if d["ref"] == "release"]
    assert len(root["dependsOn"]) == 300 and len(bom["dependencies"]) == 301
    assert len(calls) <= 2
