"""Typed views of schema-valid manifest data, for code that must start fast.

``validate`` checks claims, and so computes verdicts, on every run; importing pydantic and
building the model classes costs about 300 ms, twice the whole start-up budget. So the
verdicts, the claim check and the exporters read the plain data that the JSON Schema has
already validated, and these ``TypedDict``s give that data static types at no run-time cost.
The pydantic model (:mod:`aimanifest.model`) stays the public, validating API.

The types cover every field of every spec version (a later version only adds optional fields,
so the union is the latest version's shape). They are written out rather than generated from
the schema: generated code would need a build step before type checking, and could not reuse
the vocabularies below, which the model and the verdicts share. Instead
``tests/test_model_agreement.py`` compares them, field by field (name, required or not, type,
enumerated values), with the ``$defs`` of each schema, so a field added to one side only fails a
test.

Vocabularies (the ``Literal`` aliases) live here, free of pydantic, and the model reuses them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any, Literal, TypedDict, cast

if sys.version_info >= (3, 11):
    from typing import NotRequired
else:  # pragma: no cover - typing_extensions costs ~20 ms of start-up where it is not needed
    from typing_extensions import NotRequired

from aimanifest.kinds import LAYERS, Layer

Availability = Literal["open", "gated", "paid", "unshareable", "unreleased"]
Relation = Literal[
    "fine-tune",
    "adapter",
    "quantized",
    "converted",
    "merge",
    "distillation",
    "continued-pretraining",
]
Tier = Literal[
    "closed", "weights-available", "open-weights", "open-pipeline", "open-source-ai", "fully-open"
]
TIERS: tuple[Tier, ...] = (
    "closed",
    "weights-available",
    "open-weights",
    "open-pipeline",
    "open-source-ai",
    "fully-open",
)
"""The openness tiers, least open first."""
MofClass = Literal["I", "II", "III"]
DataClass = Literal["open", "public", "obtainable", "unshareable", "undisclosed"]
DatasetRole = Literal["pre-training", "fine-tuning", "preference", "evaluation"]
ClaimName = Literal["tier", "mof_class", "osaid"]
FileListFormat = Literal["sha256sum"]

ADDED_VALUES: dict[tuple[str, str], str] = {
    ("data_class", "undisclosed"): "1.1",
    ("relation", "converted"): "1.1",
}
"""Enum values a spec version after 1.0 added, keyed by (field name, value), with that version
(kinds carry their own in :mod:`aimanifest.kinds`). An earlier version's manifest may not use
them; the model refuses them as the schema does."""


class PersonData(TypedDict):
    name: str
    url: NotRequired[str]
    email: NotRequired[str]


DigestsData = TypedDict(
    "DigestsData",
    {
        "sha1": NotRequired[str],
        "sha256": str,
        "sha384": NotRequired[str],
        "sha512": NotRequired[str],
        "sha3-256": NotRequired[str],
        "sha3-384": NotRequired[str],
        "sha3-512": NotRequired[str],
        "blake2b-256": NotRequired[str],
        "blake2b-512": NotRequired[str],
    },
)
"""Digests keyed by algorithm (functional syntax: the hyphenated keys are not identifiers)."""


class DocumentRefData(TypedDict, total=False):
    url: str
    path: str
    digests: DigestsData


class ReleaseData(TypedDict):
    name: str
    version: str
    date: str
    publisher: PersonData
    description: NotRequired[str]
    links: NotRequired[dict[str, str]]  # every `links` value is a URL: readers iterate them
    license: NotRequired[str]
    copyright: NotRequired[str]  # spec 1.1


class BaseModelData(TypedDict):
    name: str
    relation: Relation
    version: NotRequired[str]
    publisher: NotRequired[str]
    url: NotRequired[str]
    manifest: NotRequired[DocumentRefData]
    license: NotRequired[str]  # spec 1.1
    copyright: NotRequired[str]  # spec 1.1


class LocationData(TypedDict, total=False):
    url: str
    repository: str
    revision: str
    path: str


class ArtifactData(TypedDict, total=False):
    path: str
    uri: str
    size: int
    digests: DigestsData
    format: str
    file_list: FileListFormat  # spec 1.1


class DatasetSizeData(TypedDict, total=False):
    bytes: int
    tokens: int
    records: int
    hours: float  # spec 1.1


class PersonalDataData(TypedDict):
    present: bool
    description: NotRequired[str]


class DatasetPartData(TypedDict):
    """Spec 1.1: part of a dataset with its own availability (and licence, class, place)."""

    name: str
    availability: Availability
    description: NotRequired[str]
    share: NotRequired[float]
    size: NotRequired[DatasetSizeData]
    license: NotRequired[str]
    data_class: NotRequired[DataClass]
    how_to_obtain: NotRequired[str]
    location: NotRequired[LocationData]


class ItemLicenseData(TypedDict):
    """Spec 1.1: a licence some items of a dataset carry (``NOASSERTION``: the unknown rest)."""

    license: str
    share: NotRequired[float]
    description: NotRequired[str]


class DatasetData(TypedDict):
    role: DatasetRole
    data_class: DataClass
    how_to_obtain: NotRequired[str]
    provenance: NotRequired[str]
    scope: NotRequired[str]
    collection: NotRequired[str]
    labeling: NotRequired[str]
    processing: NotRequired[str]
    size: NotRequired[DatasetSizeData]
    personal_data: NotRequired[PersonalDataData]
    data_card: NotRequired[DocumentRefData]
    croissant: NotRequired[DocumentRefData]
    parts: NotRequired[list[DatasetPartData]]  # spec 1.1
    item_licenses: NotRequired[list[ItemLicenseData]]  # spec 1.1


class ComponentData(TypedDict):
    name: str
    kind: str
    availability: Availability
    description: NotRequired[str]
    license: NotRequired[str]
    supplier: NotRequired[PersonData]  # spec 1.1
    copyright: NotRequired[str]  # spec 1.1
    location: NotRequired[LocationData]
    artifacts: NotRequired[list[ArtifactData]]
    dataset: NotRequired[DatasetData]


class LayerData(TypedDict):
    components: list[ComponentData]
    license: NotRequired[str]


class CustomLicenseData(TypedDict):
    id: str
    name: str
    url: NotRequired[str]
    text: NotRequired[str]


class EvidenceData(TypedDict):
    url: str
    supports: NotRequired[list[ClaimName]]
    description: NotRequired[str]


class ClaimsData(TypedDict, total=False):
    tier: Tier
    mof_class: MofClass
    osaid: bool
    evidence: list[EvidenceData]


ManifestData = TypedDict(
    "ManifestData",
    {
        "$schema": NotRequired[str],  # where JSON editors find the schema; the tool ignores it
        "aimanifest": str,
        "release": ReleaseData,
        "weights": LayerData,
        "lineage": NotRequired[list[BaseModelData]],
        "runtime": NotRequired[LayerData],
        "training": NotRequired[LayerData],
        "data": NotRequired[LayerData],
        "documentation": NotRequired[LayerData],
        "custom_licenses": NotRequired[list[CustomLicenseData]],
        "claims": NotRequired[ClaimsData],
    },
)
"""A whole manifest (functional syntax for the ``$schema`` key)."""


def as_manifest(data: Any) -> ManifestData:
    """Declare schema-valid data a manifest (the caller has validated it; nothing is checked)."""
    return cast(ManifestData, data)


def layers(manifest: ManifestData) -> Iterator[tuple[Layer, LayerData]]:
    """The present layers in specification order, which is also the report order."""
    for name in LAYERS:
        layer: LayerData | None = manifest.get(name)
        if layer is not None:
            yield name, layer


def components(manifest: ManifestData) -> Iterator[tuple[Layer, ComponentData]]:
    """Every component with its layer, in specification order."""
    for name, layer in layers(manifest):
        for component in layer["components"]:
            yield name, component
