"""Spec 1.1: what it adds, how validation checks it, and how the verdicts read it.

Each rule of docs/verdicts.md ("Spec 1.1 facts") and each check of docs/spec.md (section 19)
has a test here; the schema/model agreement is tests/test_model_agreement.py's, and the digest
files' verification tests/test_digest_files.py's.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml
from conftest import EXAMPLES, ROOT, schema_file, valid_examples

from aimanifest.cli import main
from aimanifest.data import as_manifest
from aimanifest.importers import common
from aimanifest.kinds import KINDS
from aimanifest.model import Manifest
from aimanifest.source import read_document
from aimanifest.source.yaml_reader import parse_yaml
from aimanifest.spec import (
    LATEST,
    PLACEHOLDER_DATE,
    PLACEHOLDER_PUBLISHER,
    PLACEHOLDER_VERSION,
    SPEC_VERSIONS,
)
from aimanifest.validate import validate_document
from aimanifest.verdicts import evaluate
from aimanifest.verdicts.mof import evaluate_mof
from aimanifest.verdicts.osaid import evaluate_osaid
from aimanifest.verdicts.tier import data_information_gaps, evaluate_tier, licensed_components

WREN = EXAMPLES / "wren" / "base" / "aimanifest.yaml"


def findings(text: str, tmp_path: Path, name: str = "aimanifest.yaml") -> list[tuple[str, str]]:
    """(severity, rule: message) of every finding of a manifest written to ``tmp_path``."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [
        (f.severity, f"{f.rule}: {f.message}")
        for f in validate_document(parse_yaml(str(path), text))
    ]


def rules(found: list[tuple[str, str]]) -> list[str]:
    return [message.split(":")[0] for _, message in found]


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False)


# ------------------------------------------------------------------- versions and the schema


def test_versions() -> None:
    assert SPEC_VERSIONS == ("1.0", "1.1") and LATEST == "1.1"


EXAMPLES_1_0 = ROOT / "tests" / "corpus" / "examples-1.0"
"""The spec 1.0 examples as published (the bundled examples now name 1.1)."""


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in [
            *valid_examples(),
            *sorted(EXAMPLES_1_0.glob("*.*")),
            *EXAMPLES_1_0.glob("*/*.yaml"),
        ]
        if read_document(str(p)).data["aimanifest"] == "1.0"
    ],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_a_1_0_manifest_means_the_same_under_1_1(path: Path) -> None:
    """Every 1.0 example: valid under 1.1 too, with the same verdicts (spec 1.3)."""
    document = read_document(str(path))
    assert document.data["aimanifest"] == "1.0"
    before = evaluate(as_manifest(document.data), str(path)).as_json()
    as_11 = copy.deepcopy(document.data)
    as_11["aimanifest"] = "1.1"
    Manifest.from_data(as_11)  # the model takes it
    after = evaluate(as_manifest(as_11), str(path)).as_json()
    assert after == before


def test_schema_command_prints_either_version() -> None:
    cases = (([], LATEST), (["--version", "1.0"], "1.0"), (["--version", "1.1"], "1.1"))
    for args, version in cases:
        completed = subprocess.run(
            [sys.executable, "-m", "aimanifest", "schema", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        assert completed.stdout == schema_file(version).read_text(encoding="utf-8")


def test_the_1_0_schema_is_frozen() -> None:
    """Spec 1.0 is published: its file never changes (the digest of the committed file)."""
    import hashlib

    digest = hashlib.sha256(schema_file("1.0").read_bytes()).hexdigest()
    assert digest == "8580f1fa50292ef1de876a8f5dee88541bea9de64f7cc9b4c58906361f1bf8df"


def test_only_the_named_version_s_schema_is_loaded_and_each_built_once() -> None:
    """Validating 1.0 manifests never reads the 1.1 schema; each validator is built once."""
    script = f"""
import aimanifest.schema as s
from aimanifest.validate import validate_path
for _ in range(50):
    assert not validate_path({str(EXAMPLES_1_0 / "heron-7b.yaml")!r}).errors
print(s.schema.cache_info().currsize, s._validator.cache_info().misses)
for _ in range(50):
    assert not validate_path({str(EXAMPLES / "kestrel-3b.yaml")!r}).errors
print(s.schema.cache_info().currsize, s._validator.cache_info().misses)
"""
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert completed.stdout.split() == ["1", "1", "2", "2"]


def test_a_1_0_manifest_using_1_1_facts_is_told_which_version_to_name(tmp_path: Path) -> None:
    text = (EXAMPLES / "kestrel-3b.yaml").read_text(encoding="utf-8")
    found = findings(text.replace('aimanifest: "1.1"', 'aimanifest: "1.0"'), tmp_path)
    messages = [message for _, message in found]
    # parts, item_licenses, undisclosed, code-documentation, release.copyright
    assert len(messages) == 5, messages
    assert all('new in spec 1.1: write `aimanifest: "1.1"`' in m for m in messages), messages
    assert any("unknown field 'parts'" in m for m in messages)
    assert any('"undisclosed" is new in spec 1.1' in m for m in messages)


def test_the_model_refuses_1_1_facts_in_a_1_0_manifest() -> None:
    data = read_document(str(EXAMPLES / "kestrel-3b.yaml")).data
    assert Manifest.from_data(data).aimanifest == "1.1"
    data["aimanifest"] = "1.0"
    with pytest.raises(pydantic.ValidationError) as raised:
        Manifest.from_data(data)
    text = str(raised.value)
    assert "data.components[0].dataset.parts is new in spec 1.1" in text
    assert "data.components[2].dataset.data_class 'undisclosed' is new in spec 1.1" in text
    assert "documentation.components[2].kind 'code-documentation' is new in spec 1.1" in text


def test_the_1_1_model_keeps_every_field() -> None:
    data = yaml.safe_load((ROOT / "tests" / "corpus" / "valid" / "v11-full.yaml").read_text())
    manifest = Manifest.from_data(data)
    dataset = manifest.data.components[0].dataset  # type: ignore[union-attr]
    assert dataset.parts is not None and dataset.parts[0].share == 0.1
    assert dataset.item_licenses is not None and dataset.item_licenses[1].license == "NOASSERTION"
    assert dataset.size is not None and dataset.size.hours == 12.5
    assert manifest.to_data() == data


def test_supplier_and_copyright_are_1_1_facts(tmp_path: Path) -> None:
    """Component ``supplier``, ``copyright`` on release and component: 1.1, refused in 1.0 by
    the schema and the model alike, with the message to name 1.1."""
    path = ROOT / "tests" / "corpus" / "valid" / "v11-supplier-copyright.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    manifest = Manifest.from_data(data)
    component = manifest.runtime.components[0]  # type: ignore[union-attr]
    assert component.supplier is not None and component.supplier.name == "Hugging Face"
    assert manifest.release.copyright == "Copyright 2024 Example Lab"
    assert manifest.to_data() == data
    data["aimanifest"] = "1.0"
    with pytest.raises(pydantic.ValidationError) as raised:
        Manifest.from_data(data)
    text = str(raised.value)
    for field in ("release.copyright", "runtime.components[0].supplier"):
        assert f"{field} is new in spec 1.1; this manifest names 1.0" in text, text
    found = findings(dump(data), tmp_path)
    assert len(found) == 3, found
    assert all('new in spec 1.1: write `aimanifest: "1.1"`' in m for _, m in found), found


# ------------------------------------------------------------------------------ kinds


def test_the_documentation_kinds_of_1_1_are_outside_the_mof() -> None:
    for name in ("code-documentation", "hardware-documentation"):
        kind = KINDS[name]
        assert (kind.layer, kind.content_type, kind.since) == ("documentation", "document", "1.1")
        assert kind.mof_component is None and kind.mof_class is None and not kind.mof_required


def test_mof_skips_kinds_outside_the_mof() -> None:
    data = read_document(str(WREN)).data
    without = copy.deepcopy(data)
    without["documentation"]["components"] = [
        c for c in without["documentation"]["components"] if KINDS[c["kind"]].mof_component
    ]
    assert evaluate_mof(data) == evaluate_mof(without)


def test_the_mot_importer_still_builds_its_table() -> None:
    from aimanifest.importers.mof import _kind_table

    table = _kind_table()
    assert "code-documentation" not in {kind.name for kind in table.values()}


# ------------------------------------------------------------------------ semantic checks

MINIMAL = """aimanifest: "{version}"
release: {{name: t, version: "1", date: "2024-01-01", publisher: {{name: P}}}}
weights: {{components: []}}
"""


def dataset_manifest(dataset: dict[str, Any], version: str = "1.1", **component: Any) -> str:
    data = yaml.safe_load(MINIMAL.format(version=version))
    entry = {"name": "corpus", "kind": "training-data", "availability": "unreleased"}
    entry.update(component)
    entry["dataset"] = {"role": "pre-training", "data_class": "public", **dataset}
    data["data"] = {"components": [entry]}
    return dump(data)


@pytest.mark.parametrize("version", SPEC_VERSIONS)
@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("../../etc/passwd", "contains '..'"),
        ("/etc/passwd", "is absolute"),
        ("C:/cards/card.md", "is absolute"),
        ("docs\\card.md", "uses '\\'"),
        ("docs/./card.md", "not normalised"),
        ("docs/card\x00.md", "NUL"),
    ],
)
def test_document_paths_follow_the_path_rules(
    tmp_path: Path, version: str, path: str, words: str
) -> None:
    """Spec 13.2 said so for 1.0 already; `validate --strict` used to pass these."""
    for key in ("data_card", "croissant"):
        text = dataset_manifest({key: {"path": path}}, version)
        found = findings(text, tmp_path)
        assert [severity for severity, _ in found] == ["error"], found
        assert found[0][1].startswith("document-path: ") and words in found[0][1], found


def test_clean_document_paths_pass(tmp_path: Path) -> None:
    text = dataset_manifest({"data_card": {"path": "docs/data-card.md"}})
    assert findings(text, tmp_path) == []


def lineage_manifest(path: str, version: str = "1.1", **reference: Any) -> str:
    data = yaml.safe_load(MINIMAL.format(version=version))
    data["lineage"] = [
        {"name": "Base", "relation": "fine-tune", "manifest": {"path": path, **reference}}
    ]
    return dump(data)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository (it has .git) with a base manifest in a sibling directory."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "base").mkdir()
    (root / "base" / "aimanifest.yaml").write_text(MINIMAL.format(version="1.1"), "utf-8")
    return root


def test_a_1_1_base_in_a_sibling_directory_is_read(repository: Path) -> None:
    text = lineage_manifest("../base/aimanifest.yaml")
    assert findings(text, repository, "chat/aimanifest.yaml") == []
    path = repository / "chat" / "aimanifest.yaml"
    verdicts = evaluate(as_manifest(yaml.safe_load(text)), str(path))
    assert verdicts.lineage is not None and verdicts.lineage.bases[0].verified


def test_a_1_0_manifest_may_not_leave_its_directory(repository: Path) -> None:
    found = findings(lineage_manifest("../base/aimanifest.yaml", "1.0"), repository, "c/a.yaml")
    [(severity, message)] = found
    assert severity == "error" and message.startswith("lineage: ")
    assert 'spec 1.1 allows leading "../": write `aimanifest: "1.1"`' in message


def test_a_base_outside_the_repository_is_never_read(repository: Path) -> None:
    outside = repository.parent / "outside.yaml"
    outside.write_text(MINIMAL.format(version="1.1"), encoding="utf-8")
    [(severity, message)] = findings(
        lineage_manifest("../../outside.yaml"), repository, "chat/aimanifest.yaml"
    )
    assert severity == "error" and f"leads outside {repository}" in message
    # nor through a symlink inside it
    (repository / "chat" / "link.yaml").symlink_to(outside)
    [(severity, message)] = findings(
        lineage_manifest("link.yaml"), repository, "chat/aimanifest.yaml"
    )
    assert f"leads outside {repository}" in message


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/srv/base/aimanifest.yaml", "is absolute"),
        ("../C:/base.yaml", "is absolute"),
        ("..\\base\\aimanifest.yaml", "uses '\\'"),
        ("../base/\x00.yaml", "NUL"),
        ("../base/../x.yaml", "write '../' only at the start"),
        ("../", "names a directory"),
    ],
)
def test_1_1_lineage_paths_still_refuse_what_no_path_may_be(
    repository: Path, path: str, words: str
) -> None:
    [(severity, message)] = findings(lineage_manifest(path), repository, "chat/aimanifest.yaml")
    assert severity == "error" and words in message, message


def test_a_1_1_base_named_by_url_should_be_pinned(tmp_path: Path) -> None:
    data = yaml.safe_load(MINIMAL.format(version="1.1"))
    data["lineage"] = [
        {"name": "Base", "relation": "fine-tune", "manifest": {"url": "https://x.org/m.yaml"}}
    ]
    found = findings(dump(data), tmp_path)
    assert found[0][0] == "warning" and found[0][1].startswith("lineage-digest: base Base")
    data["lineage"][0]["manifest"]["digests"] = {"sha256": "a" * 64}
    assert "lineage-digest" not in rules(findings(dump(data), tmp_path))
    data["aimanifest"] = "1.0"  # 1.0 keeps its meaning: no new warning
    data["lineage"][0]["manifest"].pop("digests")
    assert "lineage-digest" not in rules(findings(dump(data), tmp_path))


def test_a_lineage_licence_and_copyright_are_1_1_facts(tmp_path: Path) -> None:
    """``lineage[].license`` and ``lineage[].copyright``: 1.1, refused in 1.0 by the schema and
    the model alike, with the message to name 1.1."""
    path = ROOT / "tests" / "corpus" / "valid" / "v11-lineage-license-copyright.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    manifest = Manifest.from_data(data)
    base = manifest.lineage[0]  # type: ignore[index]
    assert base.license == "LicenseRef-scancode-llama-3.1-license-2024"
    assert base.copyright == "Copyright 2024 Base Lab, Inc."
    assert manifest.to_data() == data
    data["aimanifest"] = "1.0"
    with pytest.raises(pydantic.ValidationError) as raised:
        Manifest.from_data(data)
    for field in ("lineage[0].license", "lineage[0].copyright"):
        assert f"{field} is new in spec 1.1; this manifest names 1.0" in str(raised.value)
    found = findings(dump(data), tmp_path)
    assert len(found) == 2, found
    assert all('new in spec 1.1: write `aimanifest: "1.1"`' in m for _, m in found), found


def base_licence_manifest(license: str, **extra: Any) -> str:
    data = yaml.safe_load(MINIMAL.format(version="1.1"))
    data["lineage"] = [{"name": "Base", "relation": "fine-tune", "license": license, **extra}]
    return dump(data)


@pytest.mark.parametrize(
    ("license", "expected"),
    [
        ("Bogus-1.0", [("error", "license-expression: unknown licence id 'Bogus-1.0'")]),
        ("MIT AND", [("error", "license-expression: ")]),
        ("LicenseRef-undeclared", [("warning", "license-ref-undeclared: LicenseRef-undeclared")]),
        ("LicenseRef-scancode-llama-3.1-license-2024", []),
        ("Apache-2.0", []),
    ],
)
def test_a_lineage_licence_goes_through_every_licence_check(
    tmp_path: Path, license: str, expected: list[tuple[str, str]]
) -> None:
    """The checks of every licence field (unknown ids, syntax, undeclared ``LicenseRef-``s),
    at the entry's line: the same code as for a component's licence."""
    text = base_licence_manifest(license)
    found = [(s, m) for s, m in findings(text, tmp_path) if m.startswith("license-")]
    assert len(found) == len(expected), found
    for (severity, message), (want_severity, start) in zip(found, expected, strict=True):
        assert severity == want_severity and message.startswith(start), message
    data = yaml.safe_load(text)
    data["custom_licenses"] = [{"id": "LicenseRef-undeclared", "name": "N", "url": "https://x.org"}]
    if license == "LicenseRef-undeclared":  # declared, it is known
        assert "license-ref-undeclared" not in rules(findings(dump(data), tmp_path))
    path = tmp_path / "aimanifest.yaml"
    document = parse_yaml(str(path), text)
    lines = {f.line for f in validate_document(document) if f.rule.startswith("license-")}
    assert lines <= {text.splitlines().index(f"  license: {license}") + 1}, lines


def test_a_lineage_licence_that_contradicts_its_verified_base_is_a_warning(
    repository: Path,
) -> None:
    """The base's manifest wins; a restatement that disagrees with it (its final weights'
    licence, resolved) is a located warning; one that agrees, in any spelling, is not."""
    base = yaml.safe_load(MINIMAL.format(version="1.1"))
    base["release"]["license"] = "MIT"
    base["weights"] = {
        "license": "Apache-2.0 AND MIT",
        "components": [{"name": "w", "kind": "final-weights", "availability": "open"}],
    }
    (repository / "base" / "aimanifest.yaml").write_text(dump(base), encoding="utf-8")
    reference = {"manifest": {"path": "../base/aimanifest.yaml"}}
    text = base_licence_manifest("CC-BY-4.0", **reference)
    found = findings(text, repository, "chat/aimanifest.yaml")
    [(severity, message)] = [f for f in found if "lineage-license-mismatch" in f[1]]
    assert severity == "warning"
    assert "lineage[0].license says 'CC-BY-4.0'" in message and "'Apache-2.0 AND MIT'" in message
    for same in ("MIT AND Apache-2.0", "mit AND apache-2.0"):
        text = base_licence_manifest(same, **reference)
        assert "lineage-license-mismatch" not in rules(
            findings(text, repository, "chat/aimanifest.yaml")
        )
    # no final weights: the base's release licence is its licence
    base["weights"] = {"components": []}
    (repository / "base" / "aimanifest.yaml").write_text(dump(base), encoding="utf-8")
    assert "lineage-license-mismatch" not in rules(
        findings(base_licence_manifest("MIT", **reference), repository, "chat/aimanifest.yaml")
    )
    found = findings(base_licence_manifest("0BSD", **reference), repository, "c/aimanifest.yaml")
    assert "lineage-license-mismatch" in rules(found)


def test_a_stated_lineage_licence_does_not_assess_an_unverified_base() -> None:
    """Without a base manifest, the entry's licence is the derivative's statement, not the
    base's verified facts: the tier stays not assessed, exactly as without it."""
    plover = read_document(str(EXAMPLES / "plover-8b-instruct-sql-lora.yaml")).data
    assert plover["lineage"][0]["license"] == "LicenseRef-scancode-llama-3.1-license-2024"
    without = copy.deepcopy(plover)
    del without["lineage"][0]["license"], without["lineage"][0]["copyright"]
    stated = evaluate(as_manifest(plover), None).as_json()
    bare = evaluate(as_manifest(without), None).as_json()
    assert stated["tier"] is None and stated["tier_status"] == "not-assessed"
    assert stated == bare


def test_placeholders_live_in_one_leaf_place() -> None:
    assert common.PLACEHOLDER_VERSION is PLACEHOLDER_VERSION
    assert common.PLACEHOLDER_DATE is PLACEHOLDER_DATE
    assert common.PLACEHOLDER_PUBLISHER is PLACEHOLDER_PUBLISHER
    # the checks know them without importing the importers
    script = "import sys, aimanifest.checks; print('aimanifest.importers' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert completed.stdout.strip() == "False"


def test_init_placeholders_fail_strict_until_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"\0" * 16)
    assert main(["init", str(folder)]) == 0
    capsys.readouterr()
    manifest = folder / "aimanifest.yaml"
    assert main(["validate", str(manifest)]) == 0
    capsys.readouterr()
    assert main(["validate", "--strict", str(manifest)]) == 1
    out = capsys.readouterr().out
    assert out.count("warning placeholder:") == 3, out
    assert f"'{PLACEHOLDER_DATE}' is the placeholder" in out
    text = manifest.read_text(encoding="utf-8")
    text = text.replace(PLACEHOLDER_VERSION, '"1.0"').replace(PLACEHOLDER_DATE, "2025-01-02")
    text = text.replace(f"name: {PLACEHOLDER_PUBLISHER}", "name: Real Lab")
    manifest.write_text(text, encoding="utf-8")
    main(["validate", "--strict", str(manifest)])
    assert "placeholder" not in capsys.readouterr().out


def test_parts_must_agree_with_their_dataset(tmp_path: Path) -> None:
    parts = [
        {"name": "sample", "share": 0.7, "availability": "open"},
        {"name": "rest", "share": 0.5, "availability": "unreleased"},
        {"name": "sample", "availability": "open", "license": "MIT AND"},
    ]
    text = dataset_manifest({"parts": parts}, availability="open", location={"url": "https://x"})
    found = findings(text, tmp_path)
    by_rule = {message.split(":")[0]: message for _, message in found}
    assert set(by_rule) == {
        "parts-availability",
        "duplicate-part",
        "parts-share",
        "license-expression",
    }, found
    assert {severity for severity, _ in found} == {"error"}
    assert "('rest' is unreleased)" in by_rule["parts-availability"]
    assert "add up to 1.2, over 1" in by_rule["parts-share"]


def test_undisclosed_data_cannot_be_open(tmp_path: Path) -> None:
    found = findings(dataset_manifest({"data_class": "undisclosed"}, availability="open"), tmp_path)
    assert "undisclosed-open" in rules(found)
    parts = [{"name": "x", "availability": "open", "data_class": "undisclosed"}]
    assert "undisclosed-open" in rules(findings(dataset_manifest({"parts": parts}), tmp_path))


def test_item_licence_shares(tmp_path: Path) -> None:
    over = [{"license": "MIT", "share": 0.8}, {"license": "ISC", "share": 0.3}]
    assert rules(findings(dataset_manifest({"item_licenses": over}), tmp_path)) == [
        "item-licenses-share"
    ]
    short = [{"license": "MIT", "share": 0.6}, {"license": "ISC", "share": 0.3}]
    [(severity, message)] = findings(dataset_manifest({"item_licenses": short}), tmp_path)
    assert severity == "warning" and "cover 90% of the items" in message
    exact = [
        {"license": "MIT", "share": 0.7},
        {"license": "ISC", "share": 0.1},
        {"license": "NOASSERTION", "share": 0.2},
    ]  # 0.7 + 0.1 + 0.2 in floats: > 1 - 1e-9
    assert findings(dataset_manifest({"item_licenses": exact}), tmp_path) == []
    custom = [{"license": "LicenseRef-acme-data"}]
    assert rules(findings(dataset_manifest({"item_licenses": custom}), tmp_path)) == [
        "license-ref-undeclared"
    ]


# ------------------------------------------------------------------------------ the tier


def fully_open() -> dict[str, Any]:
    """Wren-1B: fully-open, one open training dataset (wren-corpus)."""
    data: dict[str, Any] = read_document(str(WREN)).data
    assert evaluate_tier(data).tier == "fully-open"
    return data


def corpus(data: dict[str, Any]) -> dict[str, Any]:
    component: dict[str, Any] = data["data"]["components"][0]
    return component


def test_undisclosed_data_never_gives_open_source_ai() -> None:
    data = fully_open()
    corpus(data)["dataset"]["data_class"] = "undisclosed"  # every description field kept
    corpus(data)["availability"] = "unreleased"
    result = evaluate_tier(data)
    assert result.tier == "open-pipeline"
    gap = "wren-corpus (training-data): its contents are undisclosed (data_class: undisclosed)"
    assert result.missing["open-source-ai"][0].startswith(gap)
    osaid = evaluate_osaid(data)
    assert osaid.verdict == "fail"
    assert osaid.failures[0] == f"Data information: {gap}: no data information is possible"
    [item] = [i for i in licensed_components(data) if i.kind == "training-data"]
    assert len(data_information_gaps(item)) == 1


def test_an_undisclosed_part_also_blocks_open_source_ai() -> None:
    data = fully_open()
    corpus(data)["availability"] = "unreleased"
    corpus(data)["dataset"]["parts"] = [
        {"name": "sample", "share": 0.1, "availability": "open"},
        {"name": "rest", "share": 0.9, "availability": "unreleased", "data_class": "undisclosed"},
    ]
    result = evaluate_tier(data)
    assert result.tier == "open-pipeline"
    assert "part 'rest' is undisclosed" in result.missing["open-source-ai"][0]


def partly_open(data: dict[str, Any]) -> dict[str, Any]:
    corpus(data)["availability"] = "unreleased"
    corpus(data)["dataset"]["parts"] = [
        {"name": "released", "share": 0.12, "availability": "open"},
        {"name": "rest", "share": 0.88, "availability": "unreleased", "data_class": "unshareable"},
    ]
    return data


def test_a_partly_open_dataset_is_open_source_ai_not_fully_open() -> None:
    result = evaluate_tier(partly_open(fully_open()))
    assert result.tier == "open-source-ai"
    assert result.missing["fully-open"] == (
        "wren-corpus (training-data): part 'rest' (88% of the dataset): not openly available "
        "(availability: unreleased)",
    )


def test_every_part_open_is_fully_open() -> None:
    data = fully_open()
    corpus(data)["dataset"]["parts"] = [
        {"name": "a", "share": 0.5, "availability": "open"},
        {"name": "b", "share": 0.5, "availability": "open", "license": "CC0-1.0"},
    ]
    assert evaluate_tier(data).tier == "fully-open"


def test_a_part_under_a_restricted_licence_is_named() -> None:
    data = fully_open()
    corpus(data)["dataset"]["parts"] = [
        {"name": "a", "availability": "open"},
        {"name": "b", "availability": "open", "license": "CC-BY-NC-4.0"},
    ]
    result = evaluate_tier(data)
    assert result.tier == "open-source-ai"
    assert result.missing["fully-open"] == (
        "wren-corpus (training-data): part 'b': licence CC-BY-NC-4.0 is restricted",
    )


def test_parts_that_cover_less_than_the_whole_are_not_open() -> None:
    data = fully_open()
    corpus(data)["dataset"]["parts"] = [{"name": "a", "share": 0.5, "availability": "open"}]
    result = evaluate_tier(data)
    assert result.missing["fully-open"] == (
        "wren-corpus (training-data): its parts cover 50% of the dataset: the rest is not "
        "described, so it cannot be open",
    )


def test_a_shareable_part_needs_where_to_get_it() -> None:
    data = partly_open(fully_open())
    rest = corpus(data)["dataset"]["parts"][1]
    rest["data_class"] = "public"
    result = evaluate_tier(data)
    assert result.tier == "open-source-ai"  # the dataset's how_to_obtain and location serve
    del corpus(data)["dataset"]["how_to_obtain"]
    del corpus(data)["location"]
    del corpus(data)["artifacts"]
    result = evaluate_tier(data)
    assert result.tier == "open-pipeline"
    assert result.missing["open-source-ai"] == (
        "wren-corpus (training-data): part 'released' (open data) not listed with where to get "
        "it: lacks how_to_obtain and a location (url or repository) or artifacts",
        "wren-corpus (training-data): part 'rest' (public data) not listed with where to get "
        "it: lacks how_to_obtain and a location (url or repository) or artifacts",
    )
    rest.update(how_to_obtain="Recollect it from the crawl.", location={"url": "https://x.org"})
    corpus(data)["dataset"]["parts"][0]["data_class"] = "unshareable"
    assert evaluate_tier(data).tier == "open-source-ai"


def mixed(data: dict[str, Any], *entries: dict[str, Any], collection: str | None) -> None:
    corpus(data)["dataset"]["item_licenses"] = list(entries)
    if collection is None:  # inherits the release's Apache-2.0, an open collection licence
        del corpus(data)["license"]
    else:
        corpus(data)["license"] = collection


def test_mixed_licences_an_unknown_rest_blocks_fully_open_only() -> None:
    data = fully_open()
    mixed(
        data,
        {"license": "MIT", "share": 0.6},
        {"license": "CC-BY-SA-4.0", "share": 0.3},
        {"license": "NOASSERTION", "share": 0.1},
        collection="NOASSERTION",
    )
    result = evaluate_tier(data)
    assert result.tier == "open-source-ai"
    assert result.missing["fully-open"] == (
        "wren-corpus (training-data): 10% of its items are under unknown licences "
        "(NOASSERTION): an unknown rest keeps the dataset from being open",
    )
    corpus(data)["dataset"]["item_licenses"].pop()
    assert evaluate_tier(data).tier == "fully-open"


def test_mixed_licences_as_open_as_the_least_open_known_share() -> None:
    data = fully_open()
    mixed(
        data,
        {"license": "MIT", "share": 0.95},
        {"license": "CC-BY-NC-4.0", "share": 0.05},
        collection=None,
    )
    result = evaluate_tier(data)
    assert result.tier == "open-source-ai"
    assert result.missing["fully-open"] == (
        "wren-corpus (training-data): 5% of its items are under CC-BY-NC-4.0, which is "
        "restricted: a dataset is as open as its least open items",
    )


def test_mixed_licences_and_a_restrictive_collection_licence() -> None:
    data = fully_open()
    mixed(
        data,
        {"license": "MIT"},
        collection="LicenseRef-scancode-bigscience-open-rail-m",
    )
    result = evaluate_tier(data)
    assert result.missing["fully-open"][0].startswith(
        "wren-corpus (training-data): the collection's licence "
        "LicenseRef-scancode-bigscience-open-rail-m is restricted"
    )


def test_the_examples_read_as_docs_verdicts_md_predicts() -> None:
    """docs/verdicts.md, "Spec 1.1 facts", walks through Kestrel-3B by hand."""
    path = EXAMPLES / "kestrel-3b.yaml"
    verdicts = evaluate(as_manifest(read_document(str(path)).data), str(path))
    assert verdicts.effective_tier == "open-pipeline"
    assert verdicts.tier.missing["open-source-ai"] == (
        "kestrel-instruct (training-data): its contents are undisclosed "
        "(data_class: undisclosed): no data information is possible",
    )
    fully = verdicts.tier.missing["fully-open"]
    assert any("part 'remainder' (88% of the dataset)" in line for line in fully)
    assert any("15% of its items are under unknown licences" in line for line in fully)
    assert verdicts.osaid.verdict == "fail"
    docs = (ROOT / "docs" / "verdicts.md").read_text(encoding="utf-8")
    section = docs.split("## Spec 1.1 facts", 1)[1]
    for line in fully:
        assert line.split(": ", 1)[1] in section.replace("\n", " "), line


# ------------------------------------------------------------------------------ the docs

YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def test_the_1_1_manifests_in_the_docs_are_valid(tmp_path: Path) -> None:
    blocks = [
        block
        for doc in ("docs/spec.md", "docs/verdicts.md", "README.md")
        for block in YAML_BLOCK.findall((ROOT / doc).read_text(encoding="utf-8"))
        if re.search(r'^aimanifest: "1\.1"', block, re.MULTILINE) and "\nrelease:" in block
    ]
    assert len(blocks) >= 2
    for block in blocks:
        errors = [(s, m) for s, m in findings(block, tmp_path) if s == "error"]
        assert errors == [], block


def test_the_changelog_says_each_addition_breaks_nothing() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    spec = text.split("### Spec", 1)[1].split("###", 1)[0]
    lines = [line for line in spec.splitlines() if line.startswith("- Spec 1.1")]
    assert len(lines) >= 7, lines
    entries = spec.split("\n- ")
    words = [" ".join(e.lower().split()) for e in entries if e.startswith("Spec 1.1")]
    assert len(words) == len(lines) and all("breaks nothing" in e for e in words), words


def test_json_schema_of_1_1_is_valid_json_with_the_new_defs() -> None:
    schema = json.loads(schema_file("1.1").read_text(encoding="utf-8"))
    assert {"datasetPart", "itemLicense"} <= set(schema["$defs"])
