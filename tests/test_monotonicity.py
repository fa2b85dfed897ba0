"""Monotonicity of the verdicts, property-tested: more openness never gives a worse verdict.

Issue 6: adding an open component, adding documentation, or making a licence more open never
lowers the tier, the MOF class or the OSAID verdict; removing a required component never raises
them. Manifests are generated from the kind table (every kind, every availability, licences from
ladders per content type, datasets with any subset of their data information), checked
schema-valid, and judged by :func:`aimanifest.verdicts.evaluate`. Some name a base model by
any relation, without a manifest (so unverified): what the tier is at least and at most must
each move the same way, and a release made without training is excused its own data.

"Open" for an added component means what every verdict asks of it: openly available under a
licence that fits its content type (an OSI-approved licence for code, an open data licence for
data, an open document licence for documents), with complete data information for a dataset.
"""

from __future__ import annotations

import copy
import json
import os
import typing
from functools import cache
from typing import Any

import jsonschema
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimanifest.data import TIERS, Relation
from aimanifest.kinds import KINDS, LAYERS
from aimanifest.spec import LATEST, schema_resource
from aimanifest.verdicts import evaluate
from aimanifest.verdicts.osaid import REQUIRED_CODE
from aimanifest.verdicts.tier import trains_on_own_data

# Licences from least to most open, per content type: each rung is at least as open as the one
# below for the tier (status open), the MOF (the MOT's valid licences) and the OSAID (OSI-approved
# code, OSD-conformant parameters). Licences on one rung are judged alike.
LADDERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "code": (
        ("NONE", "NOASSERTION"),
        ("CC-BY-NC-4.0", "LicenseRef-scancode-llama-3.1-license-2024"),
        ("Beerware",),  # open (ScanCode permissive), neither OSI, FSF nor an open data licence
        ("CC-BY-4.0",),  # open and counted by the MOF, not OSI-approved
        ("MIT", "Apache-2.0"),
    ),
    "data": (
        ("NONE", "NOASSERTION"),
        ("CC-BY-NC-4.0", "LicenseRef-scancode-llama-3.1-license-2024"),
        ("Beerware",),
        ("MIT", "Apache-2.0"),  # OSI-approved: counted everywhere, not type-appropriate
        ("CC-BY-4.0", "CC0-1.0", "CDLA-Permissive-2.0"),
    ),
    "document": (
        ("NONE", "NOASSERTION"),
        ("CC-BY-NC-4.0", "LicenseRef-aimanifest-arxiv-nonexclusive-distrib-1.0"),
        ("Beerware",),
        ("MIT",),
        ("CC-BY-4.0", "CC0-1.0"),
    ),
}
COMMON: tuple[tuple[str, ...], ...] = (*LADDERS["code"][:3], ("MIT", "Apache-2.0"))
"""The ladder for a layer or release licence, which covers several content types at once."""
TOP = {"code": "Apache-2.0", "data": "CC-BY-4.0", "document": "CC-BY-4.0"}
AVAILABILITIES = ("open", "open", "open", "gated", "paid", "unreleased", "unshareable")
DATA_FIELDS = ("how_to_obtain", "provenance", "scope", "collection", "labeling", "processing")
TEXT = "Described in enough words for a skilled person to follow it."
OSAID_RANK = {"fail": 0, "needs-review": 1, "pass": 2}
MOF_RANK = {None: 0, "III": 1, "II": 2, "I": 3}
LAYER_OF = {name: kind.layer for name, kind in KINDS.items()}
RELATIONS: tuple[str, ...] = typing.get_args(Relation)
ANY_LICENCE = [licence for ladder in LADDERS.values() for rung in ladder for licence in rung]


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schema" / schema_resource(LATEST)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _dataset(kind: str, draw: Any) -> dict[str, Any]:
    role = (
        "evaluation"
        if kind == "evaluation-data"
        else draw(st.sampled_from(["pre-training", "fine-tuning", "preference"]))
    )
    dataset: dict[str, Any] = {
        "role": role,
        "data_class": draw(st.sampled_from(["open", "public", "obtainable", "unshareable"])),
    }
    for field in DATA_FIELDS:
        text = draw(st.sampled_from([None, TEXT, TEXT, "web data", "none"]))
        if text is not None:
            dataset[field] = text
    return dataset


@st.composite
def components(draw: Any, kind: str | None = None) -> dict[str, Any]:
    kind = kind or draw(st.sampled_from(sorted(KINDS)))
    component: dict[str, Any] = {
        "name": "",
        "kind": kind,
        "availability": draw(st.sampled_from(AVAILABILITIES)),
    }
    licence = draw(st.sampled_from([None, *LADDERS[KINDS[kind].content_type][0], *ANY_LICENCE]))
    if licence is not None:
        component["license"] = licence
    if draw(st.booleans()):
        component["location"] = {"url": f"https://example.org/{kind}"}
    if LAYER_OF[kind] == "data":
        component["dataset"] = _dataset(kind, draw)
    return component


@st.composite
def manifests(draw: Any) -> dict[str, Any]:
    """A schema-valid manifest: any kinds, any availabilities, licences from the ladders."""
    data: dict[str, Any] = {
        "aimanifest": LATEST,
        "release": {
            "name": "Prop",
            "version": "1",
            "date": "2025-01-01",
            "publisher": {"name": "P"},
        },
        "weights": {"components": []},
    }
    release_licence = draw(st.sampled_from([None, *[x for rung in COMMON for x in rung]]))
    if release_licence is not None:
        data["release"]["license"] = release_licence
    for layer in LAYERS:
        licence = draw(st.sampled_from([None, None, *[x for rung in COMMON for x in rung]]))
        if licence is not None:
            data.setdefault(layer, {"components": []})["license"] = licence
    # Near-open releases are where verdicts are won or lost: start from every kind listed
    # open, then leave kinds out, change facts of a few components, and add a few random ones.
    for kind in sorted(KINDS):
        if draw(st.integers(0, 9)) > 0:
            _add(data, _open(kind))
    listed = _components(data)
    for _ in range(draw(st.integers(0, 4))):
        if not listed:
            break
        target = draw(st.sampled_from(listed))
        change = draw(st.sampled_from(["licence", "inherit", "availability", "data", "replace"]))
        if change == "licence":
            target["license"] = draw(st.sampled_from(ANY_LICENCE))
        elif change == "inherit":
            target.pop("license", None)
        elif change == "availability":
            target["availability"] = draw(st.sampled_from(AVAILABILITIES))
        elif change == "data" and "dataset" in target:
            field = draw(st.sampled_from(DATA_FIELDS))
            text = draw(st.sampled_from([None, "web data", "none"]))
            if text is None:
                target["dataset"].pop(field, None)
            else:
                target["dataset"][field] = text
        elif change == "replace":
            name, kind = target["name"], target["kind"]
            target.clear()
            target.update(draw(components(kind)), name=name)
    for component in draw(st.lists(components(), max_size=3)):
        _add(data, component)
    if draw(st.integers(0, 3)) == 0:  # a derivative of an unverified base
        data["lineage"] = [{"name": "Base", "relation": draw(st.sampled_from(RELATIONS))}]
    return data


def _add(data: dict[str, Any], component: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``component`` appended to its layer, under a fresh unique name."""
    component = copy.deepcopy(component)
    count = sum(len(data.get(layer, {}).get("components", [])) for layer in LAYERS)
    component["name"] = f"c{count}-{component['kind']}"
    data.setdefault(LAYER_OF[component["kind"]], {"components": []})["components"].append(component)
    return data


def _open(kind: str) -> dict[str, Any]:
    """A component of ``kind`` that every verdict calls open."""
    component: dict[str, Any] = {
        "name": "",
        "kind": kind,
        "availability": "open",
        "license": TOP[KINDS[kind].content_type],
        "location": {"url": f"https://example.org/{kind}"},
    }
    if LAYER_OF[kind] == "data":
        role = "evaluation" if kind == "evaluation-data" else "pre-training"
        component["dataset"] = {"role": role, "data_class": "open"}
        component["dataset"].update(dict.fromkeys(DATA_FIELDS, TEXT))
    return component


def _judge(data: dict[str, Any]) -> tuple[int, int, int, dict[str, float], int]:
    """Tier (at least), MOF class, OSAID verdict, MOF progress, tier (at most), as ranks.

    The tier is the effective one; with an unverified base it is not assessed, and the range
    the verified facts allow stands for it (equal bounds when it is assessed).
    """
    errors = [error.message for error in _validator().iter_errors(data)]
    assert errors == [], errors  # the properties are about valid manifests only
    verdicts = evaluate(data)
    low, high = verdicts.tier_bounds
    return (
        TIERS.index(low),
        MOF_RANK[verdicts.mof.mof_class],
        OSAID_RANK[verdicts.osaid.verdict],
        verdicts.mof.progress,
        TIERS.index(high),
    )


def _not_lower(before: Any, after: Any) -> None:
    """Tier (both bounds), MOF class, OSAID verdict, every class's MOF progress: none went down."""
    names = ("tier", "MOF class", "OSAID verdict")
    for name, old, new in zip(names, before[:3], after[:3], strict=True):
        assert new >= old, f"{name} went down: {old} -> {new}"
    for mof_class, old in before[3].items():
        assert after[3][mof_class] >= old, f"MOF progress of Class {mof_class} went down"
    assert after[4] >= before[4], f"tier (at most) went down: {before[4]} -> {after[4]}"


def _components(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for layer in LAYERS for c in data.get(layer, {}).get("components", [])]


PROPERTY = settings(
    max_examples=int(os.environ.get("AIMANIFEST_PROPERTY_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""120 examples a property keep the suite fast; AIMANIFEST_PROPERTY_EXAMPLES=2000 hunts longer."""


@PROPERTY
@given(manifests(), st.sampled_from(sorted(KINDS)))
def test_adding_an_open_component_never_lowers_a_verdict(data: dict[str, Any], kind: str) -> None:
    before = _judge(data)
    _not_lower(before, _judge(_add(copy.deepcopy(data), _open(kind))))


DOCUMENT_KINDS = sorted(name for name, kind in KINDS.items() if kind.layer == "documentation")


@PROPERTY
@given(
    manifests(),
    st.sampled_from(DOCUMENT_KINDS),
    st.sampled_from(AVAILABILITIES),
    st.sampled_from([None, *ANY_LICENCE]),
)
def test_adding_documentation_never_lowers_the_tier_or_the_osaid_verdict(
    data: dict[str, Any], kind: str, availability: str, licence: str | None
) -> None:
    """Any document, under any terms: more documentation never gives a worse verdict.

    (The MOF is left out on purpose: a second model card under non-open terms does make the
    Model card component not open, as every component of it must be.)
    """
    before = _judge(data)
    document: dict[str, Any] = {"name": "", "kind": kind, "availability": availability}
    if licence is not None:
        document["license"] = licence
    after = _judge(_add(copy.deepcopy(data), document))
    assert after[0] >= before[0] and after[2] >= before[2], (before, after)
    assert after[4] >= before[4], (before, after)


@PROPERTY
@given(manifests(), st.data())
def test_adding_open_documentation_never_lowers_a_verdict(data: dict[str, Any], draw: Any) -> None:
    document = _open(draw.draw(st.sampled_from(DOCUMENT_KINDS)))
    _not_lower(_judge(data), _judge(_add(copy.deepcopy(data), document)))


@PROPERTY
@given(manifests(), st.data())
def test_adding_data_information_never_lowers_a_verdict(data: dict[str, Any], draw: Any) -> None:
    datasets = [c for c in _components(data) if "dataset" in c]
    if not datasets:
        return
    before = _judge(data)
    changed = copy.deepcopy(data)
    dataset = draw.draw(st.sampled_from([c for c in _components(changed) if "dataset" in c]))
    field = draw.draw(st.sampled_from(DATA_FIELDS))
    if dataset["dataset"].get(field) not in (None, "web data"):
        return  # already described at length (or "none", the complete answer for labelling)
    dataset["dataset"][field] = TEXT
    _not_lower(before, _judge(changed))


def _rung(ladder: tuple[tuple[str, ...], ...], licence: str) -> int | None:
    return next((n for n, rung in enumerate(ladder) if licence in rung), None)


@PROPERTY
@given(manifests(), st.data())
def test_a_more_open_licence_never_lowers_a_verdict(data: dict[str, Any], draw: Any) -> None:
    """On a component (its content type's ladder), a layer or the release (the common one)."""
    changed = copy.deepcopy(data)
    holders: list[tuple[dict[str, Any], tuple[tuple[str, ...], ...]]] = [
        (c, LADDERS[KINDS[c["kind"]].content_type]) for c in _components(changed) if "license" in c
    ]
    holders += [(changed[layer], COMMON) for layer in LAYERS if "license" in changed.get(layer, {})]
    if "license" in changed["release"]:
        holders.append((changed["release"], COMMON))
    if not holders:
        return
    holder, ladder = draw.draw(st.sampled_from(holders))
    rung = _rung(ladder, holder["license"])
    if rung is None or rung + 1 == len(ladder):
        return
    higher = draw.draw(st.integers(min_value=rung + 1, max_value=len(ladder) - 1))
    holder["license"] = draw.draw(st.sampled_from(ladder[higher]))
    _not_lower(_judge(data), _judge(changed))


TIER_REQUIRED = (
    "final-weights",
    "model-architecture",
    "inference-code",
    "training-code",
    "data-preprocessing-code",
    "evaluation-code",
    "training-data",
)
MOF_REQUIRED = sorted(
    name for name, kind in KINDS.items() if kind.mof_required and kind.mof_component
)
OSAID_REQUIRED = (*REQUIRED_CODE, "final-weights", "training-data")
OWN_DATA = frozenset({"training-data", "data-preprocessing-code"})
"""Required only of a release trained on data of its own (:func:`trains_on_own_data`): a
quantized, converted or merged copy is excused them, and, like a tokenizer, each one it lists
is still judged, so removing a closed one may raise its tier."""


@PROPERTY
@given(manifests(), st.data())
def test_removing_a_required_component_never_raises_a_verdict(
    data: dict[str, Any], draw: Any
) -> None:
    """Removing every component of a kind a verdict requires never raises that verdict.

    (Removing one open component is the converse of adding it, which the first property covers.)
    """
    before = _judge(data)
    excused = frozenset() if trains_on_own_data(data) else OWN_DATA
    for position, required in (
        (0, TIER_REQUIRED),
        (4, TIER_REQUIRED),
        (1, MOF_REQUIRED),  # the MOF reads no lineage: nothing is excused
        (2, OSAID_REQUIRED),
    ):
        if position != 1:
            required = tuple(kind for kind in required if kind not in excused)
        kind = draw.draw(st.sampled_from(sorted(required)))
        changed = copy.deepcopy(data)
        for layer in LAYERS:
            if layer in changed:
                changed[layer]["components"] = [
                    c for c in changed[layer]["components"] if c["kind"] != kind
                ]
        after = _judge(changed)
        assert after[position] <= before[position], (kind, position, before, after)
