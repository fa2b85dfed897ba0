"""The tier ladder, the OSAID verdict and lineage, rule by rule (docs/verdicts.md).

Each test starts from BASE, a small fully-open manifest, and changes one fact, so that a
failure points at one rule. The bundled examples pin the tiers their descriptions state.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import valid_examples

from aimanifest.data import as_manifest
from aimanifest.model import Manifest
from aimanifest.source import read_document
from aimanifest.verdicts import evaluate
from aimanifest.verdicts.lineage import resolve_lineage
from aimanifest.verdicts.osaid import SHORT_TEXT, evaluate_osaid
from aimanifest.verdicts.tier import evaluate_tier

BASE = """
aimanifest: "1.0"
release:
  name: Tern-7B
  version: "1.0"
  date: "2025-03-14"
  publisher: {name: Example Lab}
  license: Apache-2.0
weights:
  components:
    - name: tern-7b-weights
      kind: final-weights
      availability: open
      location: {url: "https://hub.example.org/tern-7b"}
runtime:
  components:
    - name: tern-arch
      kind: model-architecture
      availability: open
      location: {repository: "https://git.example.org/tern"}
    - name: tern-infer
      kind: inference-code
      availability: open
      location: {repository: "https://git.example.org/tern"}
training:
  components:
    - name: tern-train
      kind: training-code
      availability: open
      location: {repository: "https://git.example.org/tern"}
    - name: tern-data
      kind: data-preprocessing-code
      availability: open
      location: {repository: "https://git.example.org/tern-data"}
    - name: tern-eval
      kind: evaluation-code
      availability: open
      location: {repository: "https://git.example.org/tern-eval"}
data:
  components:
    - name: tern-corpus
      kind: training-data
      license: CC-BY-4.0
      availability: open
      location: {url: "https://data.example.org/tern-corpus"}
      dataset:
        role: pre-training
        data_class: open
        how_to_obtain: Download the parquet shards from the corpus page.
        provenance: Common Crawl snapshots of 2024, February to June.
        scope: English and French web text of all domains.
        collection: Pages with a language score of at least 0.65.
        labeling: none
        processing: URL blocklist, quality rules and MinHash deduplication.
documentation:
  components:
    - name: tern-card
      kind: model-card
      license: CC-BY-4.0
      availability: open
      location: {url: "https://hub.example.org/tern-7b/README.md"}
"""


def data(edit: str = "") -> dict[str, Any]:
    """BASE as plain data, with ``edit`` (YAML of top-level keys) replacing whole sections."""
    loaded: dict[str, Any] = yaml.safe_load(BASE)
    if edit:
        loaded.update(yaml.safe_load(edit))
    return loaded


def manifest(edit: str = "") -> Manifest:
    """BASE through the typed model, so every test also proves the manifest schema-valid."""
    return Manifest.from_data(data(edit))


def component(layer: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in layer["components"] if c["name"] == name)
    return found


def tweak(name: str, **fields: Any) -> Manifest:
    """BASE with fields of one component replaced (a value of None removes the field)."""
    loaded = data()
    for section in ("weights", "runtime", "training", "data", "documentation"):
        for comp in loaded[section]["components"]:
            if comp["name"] == name:
                for key, value in fields.items():
                    if value is None:
                        comp.pop(key, None)
                    else:
                        comp[key] = value
    return Manifest.from_data(loaded)


def tweak_dataset(**fields: Any) -> Manifest:
    """BASE with fields of tern-corpus's data information replaced (None removes)."""
    loaded = data()
    dataset = component(loaded["data"], "tern-corpus")["dataset"]
    for key, value in fields.items():
        if value is None:
            dataset.pop(key, None)
        else:
            dataset[key] = value
    return Manifest.from_data(loaded)


def add(section: str, *components: dict[str, Any], base: dict[str, Any] | None = None) -> Manifest:
    loaded = base or data()
    loaded[section]["components"].extend(components)
    return Manifest.from_data(loaded)


def code(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": kind, "availability": "open", **extra}


# ---------------------------------------------------------------------------------- tier


def test_base_is_fully_open_with_weights_licence_note_only() -> None:
    result = evaluate_tier(manifest())
    assert result.tier == "fully-open"
    assert result.missing == {}
    assert any("tern-7b-weights" in n and "not type-appropriate" in n for n in result.notes)


def test_plain_data_and_typed_model_agree() -> None:
    assert evaluate_tier(as_manifest(data())) == evaluate_tier(manifest())
    assert evaluate_osaid(as_manifest(data())) == evaluate_osaid(manifest())


def test_no_final_weights_is_closed_with_every_higher_tier_listed() -> None:
    result = evaluate_tier(manifest("weights: {components: []}"))
    assert result.tier == "closed"
    assert list(result.missing) == [
        "weights-available",
        "open-weights",
        "open-pipeline",
        "open-source-ai",
        "fully-open",
    ]
    assert result.missing["weights-available"] == ("final-weights: no component of this kind",)


@pytest.mark.parametrize("availability", ["unreleased", "unshareable"])
def test_unreleased_weights_are_closed(availability: str) -> None:
    result = evaluate_tier(tweak("tern-7b-weights", availability=availability))
    assert result.tier == "closed"
    assert result.missing["weights-available"] == (
        f"final-weights: not publicly released (tern-7b-weights is {availability})",
    )
    # cumulative: the higher tiers repeat what the lower ones lack
    assert result.missing["weights-available"][0] in result.missing["fully-open"]


@pytest.mark.parametrize("availability", ["gated", "paid"])
def test_gated_or_paid_weights_are_released_but_not_open(availability: str) -> None:
    result = evaluate_tier(tweak("tern-7b-weights", availability=availability))
    assert result.tier == "weights-available"
    assert result.missing["open-weights"] == (
        f"tern-7b-weights (final-weights): not openly available (availability: {availability})",
    )
    assert any("counts as weights-available" in note for note in result.notes)


def test_restricted_inherited_licence_names_component_and_origin() -> None:
    loaded = data()
    loaded["release"]["license"] = "LicenseRef-scancode-llama-3.1-license-2024"
    for section in ("runtime", "training"):
        loaded[section]["license"] = "Apache-2.0"
    result = evaluate_tier(Manifest.from_data(loaded))
    assert result.tier == "weights-available"
    assert result.missing["open-weights"] == (
        "tern-7b-weights (final-weights): licence LicenseRef-scancode-llama-3.1-license-2024 "
        "is restricted (inherited from the release licence)",
    )


def test_no_licence_anywhere_is_not_open() -> None:
    loaded = data()
    del loaded["release"]["license"]
    result = evaluate_tier(Manifest.from_data(loaded))
    assert result.tier == "weights-available"
    assert (
        "tern-7b-weights (final-weights): no licence (none declared on the component, its layer "
        "or the release)" in result.missing["open-weights"]
    )


@pytest.mark.parametrize(
    ("licence", "words"),
    [
        ("NONE", "licence NONE grants no rights"),
        ("NOASSERTION", "licence NOASSERTION states no licence"),
        ("LicenseRef-tern-terms", "licence LicenseRef-tern-terms is unknown"),
        ("CC-BY-NC-4.0", "licence CC-BY-NC-4.0 is restricted"),
    ],
)
def test_declared_non_open_weight_licences(licence: str, words: str) -> None:
    result = evaluate_tier(tweak("tern-7b-weights", license=licence))
    assert result.tier == "weights-available"
    (message,) = result.missing["open-weights"]
    assert message.startswith(f"tern-7b-weights (final-weights): {words}")
    assert "inherited" not in message


@pytest.mark.parametrize("licence", ["MIT", "Apache-2.0", "BSD-3-Clause"])
def test_code_licence_on_weights_is_a_note_not_a_failure(licence: str) -> None:
    result = evaluate_tier(tweak("tern-7b-weights", license=licence))
    assert result.tier == "fully-open"
    assert any(f"licence {licence} is open but not type-appropriate" in n for n in result.notes)


def test_every_inference_code_component_must_be_open() -> None:
    extra = code("tern-serve", "inference-code", license="LicenseRef-scancode-gemma-tou-2024-04-01")
    result = evaluate_tier(add("runtime", extra))
    assert result.tier == "weights-available"
    (message,) = result.missing["open-weights"]
    assert message.startswith("tern-serve (inference-code): licence LicenseRef-scancode-gemma")


def test_every_final_weights_component_must_be_open() -> None:
    extra = code("tern-7b-q4", "final-weights", availability="unreleased")
    result = evaluate_tier(add("weights", extra))
    assert result.tier == "weights-available"  # one released copy is enough to be available
    assert result.missing["open-weights"] == (
        "tern-7b-q4 (final-weights): not openly available (availability: unreleased)",
    )


@pytest.mark.parametrize("kind", ["model-architecture", "inference-code"])
def test_runtime_kinds_are_required_for_open_weights(kind: str) -> None:
    loaded = data()
    loaded["runtime"]["components"] = [
        c for c in loaded["runtime"]["components"] if c["kind"] != kind
    ]
    result = evaluate_tier(Manifest.from_data(loaded))
    assert result.tier == "weights-available"
    assert result.missing["open-weights"] == (f"{kind}: no component of this kind",)


def test_tokenizer_optional_but_must_be_open_when_listed() -> None:
    assert evaluate_tier(manifest()).tier == "fully-open"  # no tokenizer listed
    open_tokenizer = code("tern-tok", "tokenizer")
    assert evaluate_tier(add("runtime", open_tokenizer)).tier == "fully-open"
    gated = code("tern-tok", "tokenizer", availability="gated")
    result = evaluate_tier(add("runtime", gated))
    assert result.tier == "weights-available"
    assert result.missing["open-weights"] == (
        "tern-tok (tokenizer): not openly available (availability: gated)",
    )


@pytest.mark.parametrize("kind", ["training-code", "data-preprocessing-code", "evaluation-code"])
def test_pipeline_kinds_are_required_for_open_pipeline(kind: str) -> None:
    loaded = data()
    loaded["training"]["components"] = [
        c for c in loaded["training"]["components"] if c["kind"] != kind
    ]
    result = evaluate_tier(Manifest.from_data(loaded))
    # the ladder: complete, open data does not lift a release over a missing pipeline
    assert result.tier == "open-weights"
    assert result.missing["open-pipeline"] == (f"{kind}: no component of this kind",)
    assert f"{kind}: no component of this kind" in result.missing["fully-open"]


def test_unreleased_training_code_with_layer_none_licence() -> None:
    loaded = data()
    loaded["training"]["license"] = "NONE"
    component(loaded["training"], "tern-train")["availability"] = "unreleased"
    result = evaluate_tier(Manifest.from_data(loaded))
    assert result.tier == "open-weights"
    assert (
        "tern-train (training-code): not openly available (availability: unreleased); licence "
        "NONE grants no rights (inherited from the training layer licence)"
    ) in result.missing["open-pipeline"]


def test_training_config_optional_but_must_be_open_when_listed() -> None:
    good = code("tern-config", "training-config")
    assert evaluate_tier(add("training", good)).tier == "fully-open"
    bad = code("tern-config", "training-config", license="CC-BY-NC-4.0")
    assert evaluate_tier(add("training", bad)).tier == "open-weights"


def test_supporting_libraries_never_block_a_tier() -> None:
    cuda = code("cuda", "supporting-libraries", license="LicenseRef-nvidia-cuda-eula")
    result = evaluate_tier(add("training", cuda))
    assert result.tier == "fully-open"
    assert any(n.startswith("cuda (supporting-libraries)") for n in result.notes)


def test_open_source_ai_needs_a_training_dataset() -> None:
    loaded = data()
    loaded["data"]["components"] = [
        {
            "name": "tern-evalset",
            "kind": "evaluation-data",
            "availability": "open",
            "license": "CC-BY-4.0",
            "dataset": {"role": "evaluation", "data_class": "open"},
        }
    ]
    result = evaluate_tier(Manifest.from_data(loaded))
    assert result.tier == "open-pipeline"
    assert result.missing["open-source-ai"] == (
        "training-data: no component of this kind (no training dataset is described)",
    )


@pytest.mark.parametrize("field", ["provenance", "scope", "collection", "labeling", "processing"])
def test_each_data_information_field_is_required(field: str) -> None:
    result = evaluate_tier(tweak_dataset(**{field: None}))
    assert result.tier == "open-pipeline"
    assert result.missing["open-source-ai"] == (
        f"tern-corpus (training-data): data information lacks {field}",
    )


def test_evaluation_data_needs_no_data_information() -> None:
    evalset = {
        "name": "tern-evalset",
        "kind": "evaluation-data",
        "availability": "open",
        "license": "CC-BY-4.0",
        "dataset": {"role": "evaluation", "data_class": "public"},
    }
    assert evaluate_tier(add("data", evalset)).tier == "fully-open"


@pytest.mark.parametrize("data_class", ["open", "public", "obtainable"])
def test_shareable_data_must_say_where_to_get_it(data_class: str) -> None:
    no_how = evaluate_tier(tweak_dataset(data_class=data_class, how_to_obtain=None))
    assert no_how.tier == "open-pipeline"
    assert no_how.missing["open-source-ai"] == (
        f"tern-corpus (training-data): {data_class} data not listed with where to get it: "
        "lacks how_to_obtain",
    )
    nowhere = evaluate_tier(tweak("tern-corpus", location=None))
    assert nowhere.tier == "open-pipeline"
    assert nowhere.missing["open-source-ai"][0].endswith(
        "lacks a location (url or repository) or artifacts"
    )


@pytest.mark.parametrize(
    "place",
    [
        {"location": {"url": "https://data.example.org/x"}},
        {"location": {"repository": "https://git.example.org/x"}},
        {"location": None, "artifacts": [{"uri": "https://data.example.org/x.parquet"}]},
    ],
)
def test_what_counts_as_where_to_get_it(place: dict[str, Any]) -> None:
    assert evaluate_tier(tweak("tern-corpus", **place)).tier == "fully-open"


def test_location_without_url_or_repository_is_not_a_place() -> None:
    result = evaluate_tier(tweak("tern-corpus", location={"path": "data/"}))
    assert result.tier == "open-pipeline"


def test_unshareable_data_needs_description_only_and_stops_below_fully_open() -> None:
    loaded = data()
    corpus = component(loaded["data"], "tern-corpus")
    corpus.update(availability="unshareable", license="NONE")
    del corpus["location"]
    del corpus["dataset"]["how_to_obtain"]
    corpus["dataset"]["data_class"] = "unshareable"
    result = evaluate_tier(Manifest.from_data(loaded))
    assert result.tier == "open-source-ai"
    assert result.missing["fully-open"] == (
        "tern-corpus (training-data): not openly available (availability: unshareable); "
        "licence NONE grants no rights",
    )


def test_fully_open_needs_open_data_licence_and_availability() -> None:
    assert evaluate_tier(tweak("tern-corpus", license="NOASSERTION")).tier == "open-source-ai"
    assert evaluate_tier(tweak("tern-corpus", availability="gated")).tier == "open-source-ai"
    # a code licence on data is open: a note, not a failure
    assert evaluate_tier(tweak("tern-corpus", license="MIT")).tier == "fully-open"


def test_or_takes_the_most_open_choice_and_and_needs_all() -> None:
    either = tweak("tern-7b-weights", license="CC-BY-NC-4.0 OR Apache-2.0")
    assert evaluate_tier(either).tier == "fully-open"
    both = tweak("tern-7b-weights", license="CC-BY-NC-4.0 AND Apache-2.0")
    assert evaluate_tier(both).tier == "weights-available"


# ---------------------------------------------------------------------------------- OSAID


def test_osaid_pass_with_notes_for_unlisted_checkpoints() -> None:
    result = evaluate_osaid(manifest())
    assert result.verdict == "pass", result
    assert result.failures == () and result.review == ()
    assert any("optimizer" in note for note in result.notes)


@pytest.mark.parametrize("licence", ["CC-BY-4.0", "ODC-By-1.0", "CC0-1.0", "OpenMDW-1.0", "MIT"])
def test_osaid_parameters_under_osd_conformant_terms_pass(licence: str) -> None:
    """The OSI's checklist: model parameters "available under OSD-conformant terms"."""
    result = evaluate_osaid(tweak("tern-7b-weights", license=licence))
    assert (result.verdict, result.failures, result.review) == ("pass", (), ())


def test_osaid_other_open_terms_on_weights_need_review() -> None:
    result = evaluate_osaid(tweak("tern-7b-weights", license="WTFPL"))
    assert result.verdict == "needs-review"
    assert result.failures == ()
    (item,) = result.review
    assert item.startswith("Parameters: tern-7b-weights (final-weights): licence WTFPL is open")
    assert "neither OSI-approved nor an open data licence" in item


def test_osaid_restricted_weights_fail() -> None:
    result = evaluate_osaid(
        tweak("tern-7b-weights", license="LicenseRef-scancode-llama-2-license-2023")
    )
    assert result.verdict == "fail"
    assert result.failures[0].startswith("Parameters: tern-7b-weights (final-weights)")


def test_osaid_code_needs_osi_approved_licence() -> None:
    result = evaluate_osaid(tweak("tern-train", license="CC-BY-4.0"))
    assert result.verdict == "fail"
    assert result.failures == (
        "Code: tern-train (training-code): licence CC-BY-4.0 is open, not OSI-approved",
    )


@pytest.mark.parametrize(
    "kind", ["training-code", "data-preprocessing-code", "inference-code", "model-architecture"]
)
def test_osaid_required_code(kind: str) -> None:
    loaded = data()
    for section in ("runtime", "training"):
        loaded[section]["components"] = [
            c for c in loaded[section]["components"] if c["kind"] != kind
        ]
    result = evaluate_osaid(Manifest.from_data(loaded))
    assert result.verdict == "fail"
    assert result.failures == (f"Code: {kind}: no component of this kind",)


def test_osaid_evaluation_code_only_where_listed() -> None:
    loaded = data()
    loaded["training"]["components"] = [
        c for c in loaded["training"]["components"] if c["kind"] != "evaluation-code"
    ]
    assert evaluate_osaid(Manifest.from_data(loaded)).verdict == "pass"
    assert evaluate_osaid(tweak("tern-eval", availability="unreleased")).verdict == "fail"


def test_osaid_listed_checkpoints_and_optimizer_state() -> None:
    ckpt = code("tern-ckpt", "intermediate-weights", availability="unreleased")
    assert evaluate_osaid(add("weights", ckpt)).verdict == "fail"
    optim = code("tern-optim", "optimizer-state", license="WTFPL")
    assert evaluate_osaid(add("weights", optim)).verdict == "needs-review"
    optim = code("tern-optim", "optimizer-state", license="CC-BY-4.0")
    assert evaluate_osaid(add("weights", optim)).verdict == "pass"
    both = add("weights", code("tern-ckpt", "intermediate-weights"), code("o", "optimizer-state"))
    result = evaluate_osaid(both)
    assert result.verdict == "pass"
    assert result.notes == (
        "no data card, technical report or research paper under open terms: the data "
        "information is the manifest's own; the OSI's checklist asks that it be available "
        "under OSD-compliant terms",
    )


def test_osaid_data_information_gaps_fail() -> None:
    result = evaluate_osaid(tweak_dataset(processing=None))
    assert result.verdict == "fail"
    assert result.failures == (
        "Data information: tern-corpus (training-data): data information lacks processing",
    )


def test_osaid_needs_training_data() -> None:
    result = evaluate_osaid(manifest("data: {components: []}"))
    assert result.verdict == "fail"
    assert result.failures[0].startswith("Data information: training-data: no component")


def test_osaid_unshareable_data_needs_review() -> None:
    result = evaluate_osaid(tweak_dataset(data_class="unshareable", how_to_obtain=None))
    assert result.verdict == "needs-review"
    (item,) = result.review
    assert "tern-corpus (training-data) is unshareable" in item


def test_osaid_short_texts_need_review_but_labeling_none_does_not() -> None:
    short = "x" * (SHORT_TEXT - 1)
    result = evaluate_osaid(tweak_dataset(scope=short))
    assert result.verdict == "needs-review"
    assert result.review == (
        f"Data information: tern-corpus (training-data): scope is very short ({short!r}, "
        f"under {SHORT_TEXT} characters): is it sufficiently detailed?",
    )
    assert evaluate_osaid(tweak_dataset(scope="x" * SHORT_TEXT)).verdict == "pass"
    assert evaluate_osaid(tweak_dataset(labeling="None (raw text)")).verdict == "pass"
    assert evaluate_osaid(tweak_dataset(labeling="by hand")).verdict == "needs-review"


@pytest.mark.parametrize(
    ("kind", "licence"),
    [
        ("data-card", "CC-BY-4.0"),
        ("data-card", "ODC-By-1.0"),
        ("data-card", "CC0-1.0"),
        ("data-card", "Apache-2.0"),
        ("technical-report", "CC-BY-4.0"),
        ("research-paper", "CC-BY-SA-4.0"),
    ],
)
def test_fully_open_release_with_open_documentation_passes(kind: str, licence: str) -> None:
    """Regression: a CC-BY-4.0 data card turned pass into needs-review (more docs, worse)."""
    without = evaluate_osaid(manifest())
    assert without.verdict == "pass"
    result = evaluate_osaid(add("documentation", code("tern-doc", kind, license=licence)))
    assert (result.verdict, result.failures, result.review) == ("pass", (), ())
    assert not any("under open terms" in note for note in result.notes)


@pytest.mark.parametrize(
    "fields",
    [
        {"availability": "unreleased"},
        {"license": "CC-BY-NC-4.0"},
        {"license": "LicenseRef-aimanifest-arxiv-nonexclusive-distrib-1.0"},
        {"license": "NOASSERTION"},
    ],
)
def test_documentation_under_other_terms_is_a_note_never_a_worse_verdict(
    fields: dict[str, str],
) -> None:
    for kind in ("data-card", "technical-report", "research-paper"):
        result = evaluate_osaid(add("documentation", code("tern-doc", kind, **fields)))
        assert (result.verdict, result.failures, result.review) == ("pass", (), ())
        assert any(note.startswith(f"Data information: tern-doc ({kind})") for note in result.notes)


def test_osaid_supporting_library_is_a_judgment() -> None:
    cuda = code("cuda", "supporting-libraries", license="LicenseRef-nvidia-cuda-eula")
    result = evaluate_osaid(add("training", cuda))
    assert result.verdict == "needs-review"
    assert "cuda (supporting-libraries)" in result.review[0]


# ---------------------------------------------------------------------------------- lineage


def write(path: Path, loaded: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(loaded, sort_keys=False), encoding="utf-8")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_weights_base() -> dict[str, Any]:
    loaded = data()
    loaded["release"]["name"] = "Gull-7B"
    loaded["training"]["components"] = []
    return loaded


def derived(*refs: dict[str, Any]) -> dict[str, Any]:
    loaded = data()
    loaded["lineage"] = [
        {"name": ref.pop("name", "Gull-7B"), "relation": "fine-tune", **ref} for ref in refs
    ]
    return loaded


def test_lineage_caps_tier_by_base_read_from_disk(tmp_path: Path) -> None:
    digest = write(tmp_path / "base.yaml", open_weights_base())
    child = derived({"manifest": {"path": "base.yaml", "digests": {"sha256": digest}}})
    write(tmp_path / "aimanifest.yaml", child)
    verdicts = evaluate(Manifest.from_data(child), str(tmp_path / "aimanifest.yaml"))
    assert verdicts.tier.tier == "fully-open"
    assert verdicts.effective_tier == "open-weights"
    assert verdicts.lineage is not None
    assert verdicts.lineage.cap == ("open-weights", "open-weights")
    assert verdicts.lineage.problems == ()
    (base,) = verdicts.lineage.bases
    assert (base.name, base.tier, base.verified, base.osaid) == (
        "Gull-7B",
        "open-weights",
        True,
        "fail",
    )
    assert verdicts.missing_for("open-pipeline") == (
        "base Gull-7B (fine-tune) is only open-weights",
    )
    assert verdicts.osaid.verdict == "fail"
    assert "Lineage: base Gull-7B does not meet the OSAID" in verdicts.osaid.failures
    report = verdicts.as_json()
    assert report["tier"] == "open-weights" and report["own_tier"] == "fully-open"


def test_lineage_digest_mismatch_leaves_the_base_unverified(tmp_path: Path) -> None:
    # formerly the file was still read and capped; now a base that is not the pinned one is
    # never used: the tier is not assessed (the own tier could be the right one, or not)
    write(tmp_path / "base.yaml", open_weights_base())
    child = derived({"manifest": {"path": "base.yaml", "digests": {"sha256": "0" * 64}}})
    result = resolve_lineage(as_manifest(child), str(tmp_path / "aimanifest.yaml"))
    (problem,) = result.problems
    assert str(problem).startswith(
        f"base Gull-7B: {tmp_path / 'base.yaml'} does not match its sha256 digest"
    )
    assert result.cap == ("weights-available", "fully-open")
    verdicts = evaluate(as_manifest(child), str(tmp_path / "aimanifest.yaml"))
    assert verdicts.effective_tier is None and verdicts.tier_bounds[0] == "weights-available"


def test_lineage_recursive_and_cycles(tmp_path: Path) -> None:
    # a.yaml -> b.yaml -> c.yaml -> a.yaml: the cycle leaves A's tier not assessed
    a, b, c = (tmp_path / name for name in ("a.yaml", "b.yaml", "c.yaml"))
    closed = derived({"name": "C", "manifest": {"path": "c.yaml"}})
    closed["weights"]["components"][0]["availability"] = "unreleased"
    write(b, closed)
    write(c, derived({"name": "A", "manifest": {"path": "a.yaml"}}))
    root = derived({"name": "B", "manifest": {"path": "b.yaml"}})
    write(a, root)
    verdicts = evaluate(as_manifest(root), str(a))
    assert verdicts.effective_tier is None
    assert verdicts.lineage is not None
    (problem,) = verdicts.lineage.problems
    assert str(problem) == (f"in {c}: base A: lineage cycle (a.yaml -> b.yaml -> c.yaml -> a.yaml)")
    (base_b,) = verdicts.lineage.bases
    assert base_b.tier == "closed" and base_b.bases[0].name == "C"
    assert base_b.bases[0].bases[0].reason is not None


def test_lineage_self_reference_through_a_symlink(tmp_path: Path) -> None:
    root = derived({"manifest": {"path": "alias.yaml"}})
    write(tmp_path / "aimanifest.yaml", root)
    os.symlink(tmp_path / "aimanifest.yaml", tmp_path / "alias.yaml")
    result = resolve_lineage(as_manifest(root), str(tmp_path / "aimanifest.yaml"))
    (base,) = result.bases
    assert not base.verified and "is this manifest itself" in str(base.reason)


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        (None, "no base manifest referenced"),
        ({"url": "https://example.org/base.yaml"}, "not pinned by a sha256 digest"),
        ({"path": "absent.yaml"}, "no such file"),
        ({"path": "broken.yaml"}, "is not a valid manifest"),
        ({"path": "binary.yaml"}, "NUL byte"),
        ({"path": "../outside.yaml"}, "contains '..'"),
    ],
)
def test_lineage_unverified_bases_leave_the_tier_not_assessed(
    tmp_path: Path, reference: dict[str, Any] | None, reason: str
) -> None:
    (tmp_path / "broken.yaml").write_text('aimanifest: "1.0"\nrelease: {}\n', encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"\x00\xff\xfe binary")
    child = derived({"manifest": reference} if reference else {})
    verdicts = evaluate(as_manifest(child), str(tmp_path / "aimanifest.yaml"))
    assert verdicts.tier.tier == "fully-open"
    assert verdicts.effective_tier is None
    # a fine-tune's own released weights stay released whatever its base: at least that
    assert verdicts.tier_bounds == ("weights-available", "fully-open")
    assert verdicts.lineage is not None
    (base,) = verdicts.lineage.bases
    assert not base.verified and base.reason is not None and reason in base.reason
    (problem,) = verdicts.lineage.problems
    assert str(problem).startswith("base Gull-7B: ")
    assert verdicts.osaid.verdict == "needs-review"
    assert verdicts.as_json()["tier"] is None


def test_lineage_without_manifest_path() -> None:
    verdicts = evaluate(as_manifest(derived({"manifest": {"path": "base.yaml"}})))
    assert verdicts.lineage is not None and verdicts.effective_tier is None
    assert "location is unknown" in str(verdicts.lineage.problems[0])


# ---------------------------------------------------------------------------------- reports


def test_as_json_contract() -> None:
    report = evaluate(tweak("tern-train", availability="unreleased")).as_json()
    assert report["tier"] == report["own_tier"] == "open-weights"
    assert report["missing"] == [
        "tern-train (training-code): not openly available (availability: unreleased)"
    ]
    assert set(report["mof"]) >= {"class", "progress", "missing"}
    assert set(report["mof"]["progress"]) == {"I", "II", "III"}
    assert report["mof"]["class"] in ("I", "II", "III", None)
    assert set(report["osaid"]) >= {"verdict", "failures", "review"}
    assert report["lineage"] is None
    weights = next(row for row in report["licenses"] if row["name"] == "tern-7b-weights")
    assert weights == {
        "name": "tern-7b-weights",
        "layer": "weights",
        "kind": "final-weights",
        "expression": "Apache-2.0",
        "status": "open",
        "type_appropriate": False,
        "osi_approved": True,
        "inherited_from": "release",
        "source": "release",
    }


def test_open_weights_release_claiming_open_source_ai_is_refuted_item_by_item() -> None:
    loaded = data()
    loaded["training"]["components"] = []
    loaded["data"]["components"][0]["dataset"] = {"role": "pre-training", "data_class": "public"}
    verdicts = evaluate(Manifest.from_data(loaded))
    assert verdicts.effective_tier == "open-weights"
    missing = verdicts.missing_for("open-source-ai")
    assert "training-code: no component of this kind" in missing
    assert any(
        "tern-corpus (training-data): data information lacks provenance" in m for m in missing
    )
    assert verdicts.missing_for("open-weights") == ()


# ---------------------------------------------------------------------------------- examples


def expected_tier(path: Path) -> str | None:
    """The tier an example states; "not-assessed" for "not assessed (own layers: ...)"."""
    document = read_document(str(path))
    found = re.search(r"Expected tier: ([a-z -]+)", document.data["release"].get("description", ""))
    return found.group(1).strip().replace(" ", "-") if found else None


EXAMPLES = [path for path in valid_examples() if expected_tier(path)]


def test_examples_state_their_tiers() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(
    "path",
    EXAMPLES,
    ids=lambda path: path.name if path.name != "aimanifest.yaml" else path.parent.name,
)
def test_example_classifies_to_its_stated_tier(path: Path) -> None:
    document = read_document(str(path))
    verdicts = evaluate(Manifest.from_data(document.data), str(path))
    expected = expected_tier(path)
    assert (verdicts.effective_tier or "not-assessed") == expected, verdicts.missing_for(
        verdicts.next_tier or "fully-open"
    )
    if verdicts.lineage is not None:
        assert all("digest" not in str(problem) for problem in verdicts.lineage.problems)
