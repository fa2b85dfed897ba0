"""Lineage: relation by relation (docs/verdicts.md, section 4), and an unverified base is
never ignored, in the verdicts, the claim check, and every report of ``classify``.

Every manifest here is a file on disk read through the real resolver: a base is what the
derivative's ``manifest.path`` finds. The hostile inputs (FIFOs, devices, links out of the
root, cycles, deep chains) are in test_lineage_hostile.py; bases fetched over HTTP in
test_lineage_fetch.py.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from test_verdicts import data as tern

from aimanifest.cli import main
from aimanifest.verdicts import evaluate
from aimanifest.verdicts.lineage import BEST, WORST, relation_cap

WEIGHTS_RELATIONS = ("fine-tune", "continued-pretraining", "quantized", "converted", "merge")
RELATIONS = (*WEIGHTS_RELATIONS, "adapter", "distillation")
LLAMA = "LicenseRef-scancode-llama-3.1-license-2024"


def write(path: Path, manifest: dict[str, Any]) -> str:
    """Write ``manifest`` as YAML; its SHA-256, for a pin."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def named(name: str, manifest: dict[str, Any]) -> dict[str, Any]:
    manifest = copy.deepcopy(manifest)
    manifest["release"]["name"] = name
    return manifest


def weights(manifest: dict[str, Any], **fields: Any) -> dict[str, Any]:
    manifest = copy.deepcopy(manifest)
    manifest["weights"]["components"][0].update(fields)
    return manifest


# The bases of the relation grid, each a real manifest with one fact changed from Tern-7B
# (fully open). Their own tiers are asserted below, so a change in the tier rules shows here.
def bases() -> dict[str, dict[str, Any]]:
    unreleased = weights(tern(), availability="unreleased", license="NONE")
    undisclosed_data = tern()
    undisclosed_data["data"]["components"][0]["dataset"] = {
        "role": "pre-training",
        "data_class": "unshareable",
    }
    data_not_open = tern()
    data_not_open["data"]["components"][0]["license"] = "LicenseRef-scancode-proprietary-license"
    no_pipeline = tern()
    no_pipeline["training"]["components"] = []
    return {
        "fully-open": tern(),
        "open-source-ai": data_not_open,
        "open-pipeline": undisclosed_data,
        "open-weights": no_pipeline,
        "gated-open-licence": weights(tern(), availability="gated"),
        "restricted-licence": weights(tern(), license=LLAMA, availability="gated"),
        "unreleased": unreleased,
    }


OWN_TIERS = {
    "fully-open": "fully-open",
    "open-source-ai": "open-source-ai",
    "open-pipeline": "open-pipeline",
    "open-weights": "open-weights",
    "gated-open-licence": "weights-available",
    "restricted-licence": "weights-available",
    "unreleased": "closed",
}

# The effective tier of a fully open derivative of each base, per relation: the grid of
# docs/verdicts.md, section 4.2 (a test below keeps the two alike).
WEIGHTS_ROW = {
    "fully-open": "fully-open",
    "open-source-ai": "open-source-ai",
    "open-pipeline": "open-pipeline",
    "open-weights": "open-weights",
    "gated-open-licence": "open-weights",
    "restricted-licence": "weights-available",
    "unreleased": "open-weights",
}
GRID = {
    **{relation: WEIGHTS_ROW for relation in WEIGHTS_RELATIONS},
    "adapter": {**OWN_TIERS, "gated-open-licence": "weights-available"},
    "distillation": {
        **dict.fromkeys(OWN_TIERS, "fully-open"),
        "restricted-licence": "open-source-ai",
        "unreleased": "open-source-ai",
    },
}


def derivative(
    relation: str, reference: dict[str, Any] | None, name: str = "Base"
) -> dict[str, Any]:
    child = named("Child", tern())
    if relation == "converted":  # new in spec 1.1
        child["aimanifest"] = "1.1"
    entry: dict[str, Any] = {"name": name, "relation": relation}
    if reference is not None:
        entry["manifest"] = reference
    child["lineage"] = [entry]
    return child


def classify(path: Path) -> Any:
    return evaluate(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


@pytest.mark.parametrize("base", list(OWN_TIERS))
def test_grid_bases_have_their_own_tiers(base: str, tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", bases()[base])
    assert classify(tmp_path / "base.yaml").effective_tier == OWN_TIERS[base]


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("base", list(OWN_TIERS))
def test_relation_grid(relation: str, base: str, tmp_path: Path) -> None:
    digest = write(tmp_path / "base.yaml", bases()[base])
    reference = {"path": "base.yaml", "digests": {"sha256": digest}}
    write(tmp_path / "aimanifest.yaml", derivative(relation, reference))
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert verdicts.tier.tier == "fully-open"
    assert verdicts.effective_tier == GRID[relation][base]
    # what a claim one rung higher is refuted with names the base and why
    if verdicts.next_tier:
        missing = verdicts.missing_for(verdicts.next_tier)
        assert any("Base" in item for item in missing), missing


def test_fine_tune_of_an_unreleased_base_is_open_weights(tmp_path: Path) -> None:
    """Issue 6, must show: own weights Apache-2.0 and open inference code; the base's
    weights were never released. The derivative's availability is its own fact."""
    write(tmp_path / "base.yaml", bases()["unreleased"])
    child = derivative("fine-tune", {"path": "base.yaml"})
    child["training"]["components"] = []  # own layers: open weights and runtime only
    write(tmp_path / "aimanifest.yaml", child)
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert (verdicts.tier.tier, verdicts.effective_tier) == ("open-weights", "open-weights")


def test_restrictive_terms_pass_on_through_an_unreleased_middle(tmp_path: Path) -> None:
    # Llama-licensed base -> an internal fine-tune never released -> a public fine-tune that
    # says Apache-2.0: the Llama terms still bind it
    write(tmp_path / "llama.yaml", bases()["restricted-licence"])
    middle = weights(named("Middle", tern()), availability="unreleased", license="NONE")
    middle["lineage"] = [
        {"name": "Llama", "relation": "fine-tune", "manifest": {"path": "llama.yaml"}}
    ]
    write(tmp_path / "middle.yaml", middle)
    write(tmp_path / "aimanifest.yaml", derivative("fine-tune", {"path": "middle.yaml"}, "Middle"))
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert verdicts.effective_tier == "weights-available"
    (reason,) = verdicts.missing_for("open-weights")
    assert reason.startswith("base Middle (fine-tune): through base Llama (fine-tune): ")
    assert LLAMA in reason and "bind weights derived from it" in reason


def test_a_distilled_teacher_passes_no_terms_on_to_the_students_own_bases(tmp_path: Path) -> None:
    # the teacher of a base is not a base of the base's weights: no binding through it
    write(tmp_path / "teacher.yaml", bases()["restricted-licence"])
    base = named("Student", tern())
    base["lineage"] = [
        {"name": "Teacher", "relation": "distillation", "manifest": {"path": "teacher.yaml"}}
    ]
    write(tmp_path / "student.yaml", base)
    write(tmp_path / "aimanifest.yaml", derivative("fine-tune", {"path": "student.yaml"}, "S"))
    assert classify(tmp_path / "aimanifest.yaml").effective_tier == "open-source-ai"


def test_merge_is_as_open_as_its_least_open_parent(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", bases()["fully-open"])
    write(tmp_path / "b.yaml", bases()["open-pipeline"])
    child = derivative("merge", {"path": "a.yaml"}, "A")
    child["lineage"].append({"name": "B", "relation": "merge", "manifest": {"path": "b.yaml"}})
    write(tmp_path / "aimanifest.yaml", child)
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert verdicts.effective_tier == "open-pipeline"
    assert verdicts.missing_for("open-source-ai") == ("base B (merge) is only open-pipeline",)


UNTRAINED = ("quantized", "converted", "merge")


def copy_of(relation: str, *bases: str) -> dict[str, Any]:
    """A release made from ``bases`` (files base.yaml, ...) with ``relation``: its own layers
    are weights, runtime, the code that made it and evaluation code; no data, no data code."""
    child = named("Copy", tern())
    child["aimanifest"] = "1.1"
    child["lineage"] = [
        {"name": base, "relation": relation, "manifest": {"path": f"{base}.yaml"}}
        for base in bases or ("base",)
    ]
    child["training"]["components"] = [
        c for c in child["training"]["components"] if c["kind"] != "data-preprocessing-code"
    ]
    del child["data"]
    return child


@pytest.mark.parametrize("relation", UNTRAINED)
def test_a_copy_made_without_training_is_as_open_as_its_base(relation: str, tmp_path: Path) -> None:
    """Issue 6, real-release corpus (OLMo-7B-hf, a conversion of OLMo-7B): a quantized or
    converted copy or a merge trains on no data of its own, so it is not asked for a training
    dataset or data-preprocessing code; its bases' data decides, through the lineage. (Before,
    a byte-for-byte conversion of an OSI-validated model came out open-weights, OSAID fail.)"""
    write(tmp_path / "base.yaml", bases()["fully-open"])
    write(tmp_path / "aimanifest.yaml", copy_of(relation))
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert (verdicts.tier.tier, verdicts.effective_tier) == ("fully-open", "fully-open")
    assert (verdicts.osaid.verdict, verdicts.osaid.failures) == ("pass", ())
    assert any("made from its bases without training" in n for n in verdicts.osaid.notes)
    # its bases' data still decides: a base with data that is described but not open
    write(tmp_path / "base.yaml", bases()["open-source-ai"])
    assert classify(tmp_path / "aimanifest.yaml").effective_tier == "open-source-ai"


@pytest.mark.parametrize("relation", ["fine-tune", "continued-pretraining", "adapter", None])
def test_a_trained_derivative_must_describe_its_own_data(
    relation: str | None, tmp_path: Path
) -> None:
    """The same own layers, but the release was trained (or names no base): its data is its
    own, so without a training dataset and data code it stops at open-weights and fails."""
    write(tmp_path / "base.yaml", bases()["fully-open"])
    child = copy_of("quantized")
    if relation is None:
        del child["lineage"]
    else:
        child["lineage"][0]["relation"] = relation
    write(tmp_path / "aimanifest.yaml", child)
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert verdicts.tier.tier == "open-weights"
    assert "data-preprocessing-code: no component of this kind" in verdicts.missing_for(
        "open-pipeline"
    )
    assert verdicts.osaid.verdict == "fail"
    assert any("training-data: no component" in item for item in verdicts.osaid.failures)


def test_a_merge_that_also_fine_tunes_is_trained(tmp_path: Path) -> None:
    """Every relation must be one made without training: merge plus fine-tune is trained."""
    write(tmp_path / "a.yaml", bases()["fully-open"])
    write(tmp_path / "b.yaml", bases()["fully-open"])
    child = copy_of("merge", "a", "b")
    child["lineage"][1]["relation"] = "fine-tune"
    write(tmp_path / "aimanifest.yaml", child)
    assert classify(tmp_path / "aimanifest.yaml").tier.tier == "open-weights"


def test_a_copys_listed_data_is_still_judged(tmp_path: Path) -> None:
    """Not required is not ignored: calibration data a quantized copy lists must be described."""
    write(tmp_path / "base.yaml", bases()["fully-open"])
    child = copy_of("quantized")
    child["data"] = {
        "components": [
            {
                "name": "calibration",
                "kind": "training-data",
                "license": "NONE",
                "availability": "unreleased",
                "dataset": {"role": "fine-tuning", "data_class": "undisclosed"},
            }
        ]
    }
    write(tmp_path / "aimanifest.yaml", child)
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert verdicts.tier.tier == "open-pipeline"
    assert verdicts.osaid.verdict == "fail"


def test_relation_cap_table_in_the_docs_is_the_code() -> None:
    """docs/verdicts.md, section 4.2: each cell of the grid is what the code computes."""
    text = (ROOT / "docs" / "verdicts.md").read_text(encoding="utf-8")
    section = text[text.index("### 4.2") : text.index("### 4.3")]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| base |"))
    header, _, *rows = [line for line in lines[start:] if line.startswith("|")]

    def cells(line: str) -> list[str]:
        return [
            cell.replace("`", "").replace("*", "").strip() for cell in line.strip("|").split("|")
        ]

    columns = [column.split(", ") for column in cells(header)[2:]]
    assert sorted(r for relations in columns for r in relations) == sorted(RELATIONS)
    seen = {}
    for row in rows:
        base, own, *caps = cells(row)
        base = base.split(" (")[0]
        seen[base] = own
        for relations, cap in zip(columns, caps, strict=True):
            for relation in relations:
                assert GRID[relation][base] == cap, (relation, base)
    assert seen == OWN_TIERS


def test_unverified_base_bounds() -> None:
    """The range of an unverified base: at worst closed under restrictive terms."""
    assert (WORST.tier, WORST.terms_open) == ("closed", False) and WORST.bound
    assert (BEST.tier, BEST.bound, BEST.terms_open) == ("fully-open", (), True)
    lows = {relation: relation_cap(relation, WORST) for relation in RELATIONS}
    assert lows == {
        **dict.fromkeys(WEIGHTS_RELATIONS, "weights-available"),
        "adapter": "closed",
        "distillation": "open-source-ai",
    }
    assert {relation_cap(relation, BEST) for relation in RELATIONS} == {"fully-open"}


# ------------------------------------------------------------------ unverified: not assessed


def _typo_repository(tmp_path: Path, claims: dict[str, Any] | None = None) -> Path:
    """A fully open fine-tune whose base path has a typo (the base exists as base.yaml)."""
    write(tmp_path / "base.yaml", bases()["open-weights"])
    child = derivative("fine-tune", {"path": "bsae.yaml"})
    if claims:
        child["claims"] = claims
    write(tmp_path / "aimanifest.yaml", child)
    return tmp_path / "aimanifest.yaml"


def test_typo_classify_reports_not_assessed_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 6, must show: a lineage typo never gets a tier above the verified facts."""
    manifest = _typo_repository(tmp_path)
    badge = tmp_path / "badge.svg"
    assert main(["classify", "--format", "json", "--badge", str(badge), str(manifest)]) == 2
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["tier"] is None and report["tier_status"] == "not-assessed"
    assert report["own_tier"] == "fully-open"
    assert report["tier_range"] == {"at_least": "weights-available", "at_most": "fully-open"}
    assert report["next_tier"] == "open-weights"
    assert report["missing"] == [
        f"base Base (fine-tune) is unverified: {tmp_path / 'bsae.yaml'}: no such file"
    ]
    assert re.search(r"aimanifest\.yaml:\d+:\d+: error lineage: base Base: ", captured.err)
    svg = badge.read_text(encoding="utf-8")
    assert "not assessed" in svg and "fully-open" not in svg
    assert main(["classify", str(manifest)]) == 2
    text = capsys.readouterr().out
    assert "Tier        not assessed  (own layers: fully-open" in text
    assert not re.search(r"^Tier +fully-open", text, re.M)
    assert main(["classify", "--format", "markdown", str(manifest)]) == 2
    markdown = capsys.readouterr().out
    assert "| Openness tier | **not assessed** (own layers: fully-open" in markdown


def test_typo_fails_a_claim_that_needs_the_base_at_the_claims_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _typo_repository(tmp_path, {"tier": "open-weights"})
    assert main(["validate", str(manifest)]) == 1
    out = capsys.readouterr().out
    line = next(
        number
        for number, text in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1)
        if text.strip().startswith("tier:")
    )
    at = f"aimanifest.yaml:{line}:9: error claim-tier:"
    assert f"{at} claims tier 'open-weights', but the tier is not assessed" in out
    assert f"{at} open-weights needs: base Base (fine-tune) is unverified" in out


def test_a_claim_the_verified_facts_support_holds_without_the_base(tmp_path: Path) -> None:
    # a fine-tune's own released weights are released whatever the base: that claim holds
    manifest = _typo_repository(tmp_path, {"tier": "weights-available"})
    assert main(["validate", "--quiet", str(manifest)]) == 1  # only the typo itself
    result = main(["classify", "--format", "json", str(manifest)])
    assert result == 2


def test_fully_open_claim_on_a_fine_tune_without_base_manifest_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 6: this passed with only a warning."""
    child = derivative("fine-tune", None)
    child["claims"] = {"tier": "fully-open", "osaid": True}
    write(tmp_path / "aimanifest.yaml", child)
    assert main(["validate", str(tmp_path / "aimanifest.yaml")]) == 1
    out = capsys.readouterr().out
    assert "error claim-tier: claims tier 'fully-open', but the tier is not assessed" in out
    unverified = "base Base (fine-tune) is unverified: no base manifest referenced"
    assert f"error claim-tier: fully-open needs: {unverified}" in out
    assert "error claim-osaid: claims OSAID 1.0 conformance, but a base it derives" in out
    # classify: a manifest without a reference is valid, so exit 0, and the tier not assessed
    assert main(["classify", "--format", "json", str(tmp_path / "aimanifest.yaml")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tier"] is None
    assert [(c["claim"], c["status"], c["supported"]) for c in report["claims"]] == [
        ("tier", "not-assessed", False),
        ("osaid", "not-assessed", False),
    ]


def test_closed_release_with_an_unverified_base_is_closed(tmp_path: Path) -> None:
    # nothing a base says can raise a tier: a closed release needs no base to be assessed
    child = weights(derivative("fine-tune", None), availability="unreleased")
    write(tmp_path / "aimanifest.yaml", child)
    verdicts = classify(tmp_path / "aimanifest.yaml")
    assert verdicts.effective_tier == "closed" and verdicts.assessed


def test_claims_table_and_findings_are_one_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "base.yaml", bases()["open-weights"])
    child = derivative("fine-tune", {"path": "base.yaml"})
    child["claims"] = {"tier": "open-pipeline", "mof_class": "III", "osaid": True}
    write(tmp_path / "aimanifest.yaml", child)
    assert main(["classify", "--format", "json", str(tmp_path / "aimanifest.yaml")]) == 0
    rows = json.loads(capsys.readouterr().out)["claims"]
    assert [(row["claim"], row["status"]) for row in rows] == [
        ("tier", "not-supported"),
        ("mof_class", rows[1]["status"]),
        ("osaid", "not-supported"),
    ]
    assert rows[0]["items"] == ["base Base (fine-tune) is only open-weights"]
    assert main(["validate", str(tmp_path / "aimanifest.yaml")]) == 1
    out = capsys.readouterr().out
    # each claim the table does not support is an error of validate, and only those
    rules = {"tier": "claim-tier", "mof_class": "claim-mof-class", "osaid": "claim-osaid"}
    refuted = {rules[row["claim"]] for row in rows if not row["supported"]}
    assert set(re.findall(r"error ([a-z-]+):", out)) == refuted
    for row in rows:
        for item in row["items"]:
            assert item in out
    import aimanifest.cli.classify_cmd as command

    assert not hasattr(command, "MOF_RANK") and not hasattr(command, "_claims")


def test_exporters_say_not_assessed(tmp_path: Path) -> None:
    write(tmp_path / "aimanifest.yaml", derivative("fine-tune", None))
    out = tmp_path / "bom.json"
    manifest = str(tmp_path / "aimanifest.yaml")
    assert main(["export", manifest, "--to", "cyclonedx-1.6", "-o", str(out)]) == 0
    bom = json.loads(out.read_text(encoding="utf-8"))
    card = bom["metadata"]["component"]["modelCard"]
    properties = {prop["name"]: prop["value"] for prop in card["properties"]}
    assert properties["aimanifest:tier"] == "not-assessed"
    assert properties["aimanifest:own-tier"] == "fully-open"
    out = tmp_path / "sbom.spdx"
    assert main(["export", manifest, "--to", "spdx-2.3-tv", "-o", str(out)]) == 0
    assert "aimanifest verdicts: tier not assessed," in out.read_text(encoding="utf-8")


def test_classify_exits_2_on_an_invalid_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As its help says: duplicate keys exited 1 (the file could be read, but is invalid)."""
    duplicate = tmp_path / "duplicate.yaml"
    duplicate.write_text('aimanifest: "1.0"\naimanifest: "1.0"\n', encoding="utf-8")
    assert main(["classify", str(duplicate)]) == 2
    assert "duplicate.yaml:2:1: error yaml-duplicate-key" in capsys.readouterr().err
    assert main(["export", str(duplicate), "--to", "spdx-2.3"]) == 1  # export: invalid is 1


def test_python_api_takes_root_and_fetch_lineage(tmp_path: Path) -> None:
    import aimanifest

    write(tmp_path / "models" / "base" / "aimanifest.yaml", bases()["open-weights"])
    chat = tmp_path / "models" / "chat"
    write(chat / "aimanifest.yaml", derivative("fine-tune", {"path": "base.yaml"}))
    (chat / "base.yaml").symlink_to("../base/aimanifest.yaml")
    manifest = chat / "aimanifest.yaml"
    assert aimanifest.classify_file(manifest).effective_tier is None
    assert aimanifest.classify_file(manifest, root=tmp_path).effective_tier == "open-weights"
    assert aimanifest.validate_file(manifest).errors
    assert not aimanifest.validate_file(manifest, root=tmp_path, fetch_lineage=True).errors
    assert "Child" in aimanifest.export_file(manifest, "spdx-2.3", root=tmp_path)
    with pytest.raises(aimanifest.InvalidManifestError):
        aimanifest.export_file(manifest, "spdx-2.3")
    with pytest.raises(NotADirectoryError):
        aimanifest.classify_file(manifest, root=tmp_path / "nowhere")


def test_spec_1_1_reads_a_sibling_directory_inside_the_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / "models" / "base" / "aimanifest.yaml", bases()["open-weights"])
    write(tmp_path / "outside.yaml", bases()["unreleased"])
    child = derivative("fine-tune", {"path": "../base/aimanifest.yaml"})
    child["aimanifest"] = "1.1"
    child["lineage"].append(
        {"name": "Out", "relation": "merge", "manifest": {"path": "../../../outside.yaml"}}
    )
    write(repo / "models" / "chat" / "aimanifest.yaml", child)
    verdicts = classify(repo / "models" / "chat" / "aimanifest.yaml")
    inside, outside = verdicts.lineage.bases
    assert inside.verified and inside.tier == "open-weights"
    assert not outside.verified and "leads outside" in str(outside.reason)
