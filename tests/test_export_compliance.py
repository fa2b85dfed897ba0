"""SBOMs that compliance tools accept: judged by ntia-conformance-checker, not by our code.

The checker (SPDX's own; NTIA minimum elements, and CISA's 2024 "Framing Software Component
Transparency" minimum expectation, ``fsct3-min``) reads every example's SPDX 2.3 and SPDX 3
export. Every example passes the NTIA minimum elements, and every CISA element except where the
manifest itself states nothing; those few are pinned here with their reason, so that any other
missing element fails:

* a component whose publisher declares ``license: NOASSERTION`` (a corpus of separately
  licensed sources) keeps NOASSERTION as its concluded licence: the exporter restates the
  declaration and concludes nothing of its own;
* (an adapter's base, a runtime dependency, used to be a third: spec 1.0 has no lineage field
  for its licence or copyright notice; spec 1.1's ``lineage[].license`` and
  ``lineage[].copyright`` fill both, and every example and case states them);
* SPDX 2 has no SBOM type, and the checker reads none from it: its SPDX 2 adapter is
  ``def get_sbom_types(self, conformance_messages): # SBOM type is only available in SPDX 3
  return []`` (ntia_conformance_checker/adapters/spdx2_adapter.py, version 6.0.0), whatever
  the document holds. SPDX 3 exports carry ``design``;
* the ``unsupplied`` case (tests/export_cases.py) keeps the rule for what a manifest does not
  state: its third party's library has no supplier and no copyright, and the release no
  copyright notice, so the checker reports exactly what ``export`` warned about.

Each export runs through the CLI; the checker parses the files itself.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, valid_examples
from export_cases import CASES, write_cases

from aimanifest.cli import main

SUPPLIERS = "All component suppliers provided?"
CONCLUDED = "All component concluded license provided?"
COPYRIGHT = "All component copyright notice provided?"
SBOM_TYPE = "SBOM generation context (SBOM type) provided?"

NO_LICENCE_STATED = {
    "babel-3b.yaml": {"agora-crowdsourced", "agora-code"},
    "finch-gpt-355m.json": {"finchtext"},
    "gull-7b.yaml": {"gull-pretraining-mix"},
    "kestrel-3b.yaml": {"kestrel-code"},
    "plover-8b.yaml": {"plover-pretraining-data"},
    "skylark-pro.yaml": {"skylark-public-web"},
}
"""Reachable components whose publisher declares ``license: NOASSERTION`` (checked below)."""

UNSTATED = {
    "unreleased": {COPYRIGHT: {"Nowhere", "nowhere-w"}},
    "unsupplied": {SUPPLIERS: {"acme-lib"}, COPYRIGHT: {"Supplied", "supplied-w", "acme-lib"}},
    "unbased": {CONCLUDED: {"Bare-Base"}, COPYRIGHT: {"Bare-Base"}},
}
"""Cases that leave minimum elements unstated (in spec 1.0 terms, or an adapter's base without
its spec 1.1 licence and copyright): what ``export`` warns about is what the checker reports."""


def expected_gaps(name: str) -> dict[str, set[str]]:
    """CISA element -> the components the checker must report as lacking it (none elsewhere)."""
    found = {key: set(names) for key, names in UNSTATED.get(name, {}).items()}
    if name in NO_LICENCE_STATED:
        found[CONCLUDED] = set(NO_LICENCE_STATED[name])
    return found


WARNING = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): warning (?P<rule>export-[a-z-]+): "
)


def _sources(folder: Path) -> dict[str, Path]:
    found = {str(p.relative_to(EXAMPLES)): p for p in valid_examples()}
    return {**found, **write_cases(folder)}


FORMATS = {
    "spdx-2.3": ".spdx.json",
    "spdx-2.3-tv": ".spdx",
    "spdx-3.0": ".spdx3.json",
    "cyclonedx-1.6": ".cdx.json",
}
"""Each format and the file suffix by which spdx-tools (and so the checker) tells them apart."""


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(id, format) -> the exported file, for every example and case and every format."""
    return _exported(tmp_path_factory)[0]


@pytest.fixture(scope="module")
def warnings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """id -> the warning lines ``export`` prints (the same for every format)."""
    return _exported(tmp_path_factory)[1]


_CACHE: dict[str, Any] = {}


def _exported(
    factory: pytest.TempPathFactory,
) -> tuple[dict[tuple[str, str], Path], dict[str, list[str]]]:
    if "done" not in _CACHE:
        folder = factory.mktemp("compliance")
        files, lines = {}, {}
        for name, path in _sources(folder).items():
            printed = {}
            for fmt, suffix in FORMATS.items():
                target = folder / f"{name.replace('/', '_')}{suffix}"
                err = io.StringIO()
                with contextlib.redirect_stderr(err):
                    assert main(["export", str(path), "--to", fmt, "-o", str(target)]) == 0
                files[(name, fmt)] = target
                printed[fmt] = err.getvalue().splitlines()
            assert all(found == printed["spdx-2.3"] for found in printed.values()), name
            lines[name] = printed["spdx-2.3"]
        _CACHE["done"] = (files, lines)
    result: tuple[dict[tuple[str, str], Path], dict[str, list[str]]] = _CACHE["done"]
    return result


def _missing_supplier(name: str, lines: list[str]) -> set[str]:
    return {
        re.search(r"supplier of '([^']+)'", line).group(1)  # type: ignore[union-attr]
        for line in lines
        if " export-supplier: " in line
    }


@pytest.mark.parametrize("spec", ["spdx2", "spdx3"])
def test_ntia_and_cisa_minimum_elements(
    spec: str,
    exports: dict[tuple[str, str], Path],
    warnings: dict[str, list[str]],
) -> None:
    from ntia_conformance_checker import FSCT3Checker, NTIAChecker

    logging.disable(logging.WARNING)  # the checker logs floating elements; asserted below
    try:
        for (name, fmt), path in exports.items():
            if fmt != ("spdx-2.3" if spec == "spdx2" else "spdx-3.0"):
                continue
            expected = expected_gaps(name)
            ntia = NTIAChecker(str(path), sbom_spec=spec)
            assert ntia.parsing_errors == [] and ntia.validation_messages == [], name
            missing = {k: {n for n, _ in v} for k, v in ntia.all_components_without_info}
            assert missing == ({"supplier": expected[SUPPLIERS]} if SUPPLIERS in expected else {})
            assert ntia.compliant == (SUPPLIERS not in expected), name
            assert expected.get(SUPPLIERS, set()) <= _missing_supplier(name, warnings[name])
            assert ntia.doc_author and ntia.doc_timestamp and ntia.dependency_relationships
            cisa = FSCT3Checker(str(path), sbom_spec=spec)
            failing = {label for label, ok in cisa.table_elements if not ok}
            assert failing == set(expected) | ({SBOM_TYPE} if spec == "spdx2" else set()), name
            reported = {
                CONCLUDED: cisa.components_without_concluded_licenses,
                COPYRIGHT: cisa.components_without_copyright_texts,
                SUPPLIERS: cisa.components_without_suppliers,
            }
            for label, components in reported.items():
                assert {n for n, _ in components} == expected.get(label, set()), (name, label)
            if spec == "spdx3":
                assert [t.rsplit("/", 1)[-1] for t in cisa.sbom_gen_context] == ["design"]
    finally:
        logging.disable(logging.NOTSET)


def test_the_pinned_gaps_are_what_the_manifests_leave_unstated() -> None:
    """Each pinned concluded-licence gap is a component declared NOASSERTION; each warned
    copyright gap of the cases names the field that fills it."""
    from aimanifest.data import as_manifest, components
    from aimanifest.resolve import resolve_license
    from aimanifest.source import read_document

    for name, expected in NO_LICENCE_STATED.items():
        manifest = as_manifest(read_document(str(EXAMPLES / name)).data)
        unstated = {
            c["name"]
            for layer, c in components(manifest)
            if resolve_license(manifest, layer, c).expression in (None, "NOASSERTION")
        }
        assert expected <= unstated, name


def test_the_spdx2_adapter_reads_no_sbom_type() -> None:
    """Why SPDX 2 exports keep one CISA gap: the checker's SPDX 2 adapter never reads one."""
    import inspect

    from ntia_conformance_checker.adapters.spdx2_adapter import Spdx2Adapter

    source = inspect.getsource(Spdx2Adapter.get_sbom_types)
    assert "SBOM type is only available in SPDX 3" in source and "return []" in source


def test_warnings_are_located_lines(warnings: dict[str, list[str]]) -> None:
    """One ``PATH:LINE:COLUMN: warning export-...: message`` line per gap, at the place."""
    lines = warnings["unsupplied"]
    assert lines and all(WARNING.match(line) for line in lines)
    rules = sorted(m["rule"] for m in map(WARNING.match, lines) if m)
    assert rules == ["export-copyright", "export-copyright", "export-supplier"], lines
    (supplier,) = [x for x in lines if "export-supplier" in x]
    assert "'acme-lib'" in supplier and "the component's supplier (spec 1.1) would fill" in supplier
    (third,) = [x for x in lines if "export-copyright" in x and "'acme-lib'" in x]
    assert "the component's copyright (spec 1.1) would fill it" in third
    assert any("release.copyright (spec 1.1) would fill it" in x for x in lines)
    text = (EXAMPLES / "heron-7b.yaml").read_text(encoding="utf-8").splitlines()
    start = text.index("    - name: heron-paper") + 1
    end = next(i for i in range(start, len(text)) if text[i].startswith("    - name:")) + 1
    found = [m for m in map(WARNING.match, warnings["heron-7b.yaml"]) if m]
    assert len(found) == len(warnings["heron-7b.yaml"]) == 3  # supplier, version, copyright
    assert all(start <= int(m["line"]) < end for m in found)
    for name in ("tiny-model/aimanifest.yaml", "gull-7b-chat.yaml", "supplied", "hostile"):
        assert warnings[name] == [], name
    assert [w for w in warnings["unreleased"] if "export-copyright" not in w] == []


def _bom(exports: dict[tuple[str, str], Path], name: str) -> Any:
    return json.loads(exports[(name, "cyclonedx-1.6")].read_text(encoding="utf-8"))


def test_cyclonedx_components_carry_supplier_version_licences(
    exports: dict[tuple[str, str], Path], warnings: dict[str, list[str]]
) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    for name in {n for n, _ in exports}:
        bom = _bom(exports, name)
        unknown = _missing_supplier(name, warnings[name])
        for part in bom.get("components", []):
            props = {p["name"]: p["value"] for p in part["properties"]}
            if part["name"] in unknown:
                assert "supplier" not in part
            elif "supplier" not in _component(name, part["name"]):
                assert part["supplier"]["name"] == bom["metadata"]["supplier"]["name"], part
            if not any(
                f"version of third-party component '{part['name']}'" in w for w in warnings[name]
            ):
                assert part["version"], part
            if props["aimanifest:license"] not in ("NONE", "NOASSERTION"):
                assert part["licenses"], part
    for name in CASES:  # the extra documents, by CycloneDX's own validator
        text = exports[(name, "cyclonedx-1.6")].read_text(encoding="utf-8")
        assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None, name
    heron = {c["name"]: c for c in _bom(exports, "heron-7b.yaml")["components"]}
    assert heron["sieve"]["version"] == "v0.9.2"  # the revision
    assert heron["reedbed-web"]["version"] == "1.0"  # the release's, for the publisher's own
    assert heron["reedbed-web"]["supplier"]["url"] == ["https://marshlab.example.org"]
    gguf = {c["name"]: c for c in _bom(exports, "gull-7b-chat-gguf.yaml")["components"]}
    assert gguf["llama-cpp"]["version"] == "b1500"
    assert gguf["llama-cpp"]["supplier"] == {
        "name": "ggml-org",
        "url": ["https://github.com/ggml-org"],
    }
    assert gguf["llama-cpp"]["copyright"] == "Copyright (c) 2023 Georgi Gerganov"


def _component(name: str, component: str) -> dict[str, Any]:
    """The manifest's component ``component`` of example or case ``name``."""
    from aimanifest.data import as_manifest, components
    from aimanifest.source import read_document

    data = CASES[name] if name in CASES else read_document(str(EXAMPLES / name)).data
    found = [c for _, c in components(as_manifest(data)) if c["name"] == component]
    return dict(found[0]) if found else {}


def test_a_stated_supplier_and_copyright_in_every_format(
    exports: dict[tuple[str, str], Path],
) -> None:
    """Spec 1.1 ``supplier`` and ``copyright``: SPDX 2.3 ``Organization: NAME (EMAIL)``, SPDX 3
    an Organization with its web page and e-mail, CycloneDX an organizational entity; the
    release's notice on the publisher's parts, never on the third party's."""
    from spdx_tools.spdx.parser.parse_anything import parse_file

    for fmt in ("spdx-2.3", "spdx-2.3-tv"):
        document = parse_file(str(exports[("supplied", fmt)]))
        packages = {p.name: p for p in document.packages}
        lib = packages["acme-lib"]
        assert (lib.supplier.name, lib.supplier.email) == ("Acme Software", "oss@acme.example.net")
        assert str(lib.supplier) == "Organization: Acme Software (oss@acme.example.net)"
        assert lib.copyright_text == "Copyright 2020 Acme Software"
        assert str(lib.license_concluded) == str(lib.license_declared) == "Apache-2.0"
        for own in ("Supplied", "supplied-w"):
            assert packages[own].copyright_text == "Copyright 2025 Own Labs"
            assert packages[own].supplier.name == "Own Labs"
        contained = {
            r.related_spdx_element_id
            for r in document.relationships
            if r.relationship_type.name == "CONTAINS"
        }
        assert lib.spdx_id not in contained  # a third party's: depended on, not contained
        unsupplied = {p.name: p for p in parse_file(str(exports[("unsupplied", fmt)])).packages}
        assert str(unsupplied["acme-lib"].supplier) == "NOASSERTION"
        assert str(unsupplied["acme-lib"].copyright_text) == "NOASSERTION"
    graph = json.loads(exports[("supplied", "spdx-3.0")].read_text(encoding="utf-8"))["@graph"]
    by_id = {e.get("spdxId"): e for e in graph}
    (lib3,) = [e for e in graph if e.get("name") == "acme-lib"]
    agent = by_id[lib3["suppliedBy"]]
    assert agent["type"] == "Organization" and agent["name"] == "Acme Software"
    assert agent["externalRef"][0]["locator"] == ["https://acme.example.net"]
    assert agent["externalIdentifier"][0]["identifier"] == "oss@acme.example.net"
    assert lib3["software_copyrightText"] == "Copyright 2020 Acme Software"
    bare = json.loads(exports[("unsupplied", "spdx-3.0")].read_text(encoding="utf-8"))["@graph"]
    (lib3,) = [e for e in bare if e.get("name") == "acme-lib"]
    assert "suppliedBy" not in lib3 and "software_copyrightText" not in lib3
    lib_cdx = {c["name"]: c for c in _bom(exports, "supplied")["components"]}["acme-lib"]
    assert lib_cdx["supplier"] == {
        "name": "Acme Software",
        "url": ["https://acme.example.net"],
        "contact": [{"email": "oss@acme.example.net"}],
    }
    assert lib_cdx["copyright"] == "Copyright 2020 Acme Software"
    assert lib_cdx["licenses"][0]["acknowledgement"] == "declared"
    bare_cdx = {c["name"]: c for c in _bom(exports, "unsupplied")["components"]}["acme-lib"]
    assert "supplier" not in bare_cdx and "copyright" not in bare_cdx


def test_unreleased_model_in_every_format(exports: dict[tuple[str, str], Path]) -> None:
    """The unreleased model (SPDX 3 is validated with the examples in test_export_spdx3.py)."""
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    for fmt in ("spdx-2.3-tv", "spdx-2.3"):
        document = parse_file(str(exports[("unreleased", fmt)]))
        assert validate_full_spdx_document(document) == []
        packages = {p.name: p for p in document.packages}
        assert str(packages["Nowhere"].download_location) == "NONE"  # nothing to download
        assert str(packages["nowhere-w"].download_location) == "NONE"
        assert packages["nowhere-w"].supplier.name == "Nobody Labs"
        assert packages["nowhere-w"].version == "1"
    bom = _bom(exports, "unreleased")
    assert bom["metadata"]["component"]["name"] == "Nowhere"
    props = {p["name"]: p["value"] for p in bom["metadata"]["component"]["properties"]}
    assert props["aimanifest:availability"] == "unreleased"
    assert not any(
        r["type"] == "distribution"
        for r in bom["metadata"]["component"].get("externalReferences", [])
    )


def test_a_base_s_licence_and_copyright_in_every_format(
    exports: dict[tuple[str, str], Path], warnings: dict[str, list[str]]
) -> None:
    """Spec 1.1 ``lineage[].license`` and ``copyright``: SPDX 2.3 declared and concluded
    licence and copyright text (spdx-tools' full validator), SPDX 3 ``hasDeclaredLicense`` /
    ``hasConcludedLicense`` and ``copyrightText``, CycloneDX declared ``licenses`` and
    ``copyright`` on the pedigree ancestor; without them NOASSERTION and one warning each."""
    from spdx_tools.spdx.parser.parse_anything import parse_file
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    stated = CASES["based"]["lineage"][0]
    for fmt in ("spdx-2.3", "spdx-2.3-tv"):
        document = parse_file(str(exports[("based", fmt)]))
        assert validate_full_spdx_document(document) == []
        base = next(p for p in document.packages if p.name == "Stated-Base")
        assert str(base.license_declared) == str(base.license_concluded) == stated["license"]
        assert base.copyright_text == stated["copyright"]
        refs = {e.license_id: e for e in document.extracted_licensing_info}
        assert set(refs) == {"LicenseRef-scancode-llama-3.1-license-2024", "LicenseRef-base-terms"}
        assert refs["LicenseRef-base-terms"].license_name == "Base Lab terms"
        bare = parse_file(str(exports[("unbased", fmt)]))
        assert validate_full_spdx_document(bare) == []
        base = next(p for p in bare.packages if p.name == "Bare-Base")
        assert str(base.license_declared) == str(base.license_concluded) == "NOASSERTION"
        assert str(base.copyright_text) == "NOASSERTION"
    for name, expected in (("based", None), ("unbased", "NoAssertionLicense")):
        graph = json.loads(exports[(name, "spdx-3.0")].read_text(encoding="utf-8"))["@graph"]
        by_id = {e.get("spdxId"): e for e in graph}
        (base3,) = [
            e
            for e in graph
            if e.get("software_primaryPurpose") == "model"
            and e["spdxId"].endswith(("/base/Stated-Base", "/base/Bare-Base"))
        ]
        licences = {
            e["relationshipType"]: e["to"]
            for e in graph
            if e.get("type") == "Relationship" and e.get("from") == base3["spdxId"]
        }
        assert set(licences) == {"hasDeclaredLicense", "hasConcludedLicense"}
        assert licences["hasDeclaredLicense"] == licences["hasConcludedLicense"]
        (target,) = licences["hasDeclaredLicense"]
        if expected is None:
            assert by_id[target]["simplelicensing_licenseExpression"] == stated["license"]
            assert base3["software_copyrightText"] == stated["copyright"]
        else:
            assert target.endswith(expected) and "software_copyrightText" not in base3
    (ancestor,) = _bom(exports, "based")["metadata"]["component"]["pedigree"]["ancestors"]
    assert ancestor["copyright"] == stated["copyright"]
    assert ancestor["licenses"] == [
        {"acknowledgement": "declared", "expression": stated["license"]}
    ]
    (bare_cdx,) = _bom(exports, "unbased")["metadata"]["component"]["pedigree"]["ancestors"]
    assert "licenses" not in bare_cdx and "copyright" not in bare_cdx
    assert warnings["based"] == []
    found = sorted(m["rule"] for m in map(WARNING.match, warnings["unbased"]) if m)
    assert found == ["export-copyright", "export-license"], warnings["unbased"]
    assert any("lineage[0].license (spec 1.1) would fill it" in w for w in warnings["unbased"])
    assert any("lineage[0].copyright (spec 1.1) would fill it" in w for w in warnings["unbased"])


def test_every_format_warns_about_the_same_base_facts() -> None:
    """A base stating nothing but its name: every format records the same four gaps at the
    entry (CycloneDX read the entry directly and recorded none)."""
    from aimanifest.exporters import build_sbom

    manifest: Any = {
        **CASES["supplied"],
        "lineage": [{"name": "Nameless", "relation": "fine-tune"}],
    }
    found = {}
    for fmt in FORMATS:
        gaps = build_sbom(manifest, "m.json", fmt).gaps
        found[fmt] = sorted((g.path, g.rule) for g in gaps)
    assert all(gaps == found["spdx-2.3"] for gaps in found.values()), found
    rules = {rule for path, rule in found["spdx-2.3"] if path == ("lineage", 0)}
    assert rules == {"export-supplier", "export-version", "export-license", "export-copyright"}
