"""Typed views of schema-valid manifest data, for code that must start fast.

``validate`` checks claims, and so computes verdicts, on every run; importing pydantic and
building the model classes costs about 300 ms, twice the whole start-up budget. So the
verdicts, the claim check and the exporters read the plain data that the JSON Schema has
already validated, and these ``TypedDict``s give that data static types at no run-time cost.
The pydantic model (:mod:`aimanifest.model`) stays the public, validating API; a test keeps
these types, the model and the schema in agreement.

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
    "fine-tune", "adapter", "quantized", "merge", "distillation", "continued-pretraining"
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
DataClass = Literal["open", "public", "obtainable", "unshareable"]
DatasetRole = Literal["pre-training", "fine-tuning", "preference", "evaluation"]
ClaimName = Literal["tier", "mof_class", "osaid"]


class PersonData(TypedDict):
    name: str
    url: NotRequired[str]
    email: NotRequired[str]


class DigestsData(TypedDict, total=False):
    sha1: str
    sha256: str  # required by the schema; ``total=False`` because of the hyphenated keys below
    sha384: str
    sha512: str


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
    links: NotRequired[dict[str, str]]
    license: NotRequired[str]


class BaseModelData(TypedDict):
    name: str
    relation: Relation
    version: NotRequired[str]
    publisher: NotRequired[str]
    url: NotRequired[str]
    manifest: NotRequired[DocumentRefData]


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


class DatasetSizeData(TypedDict, total=False):
    bytes: int
    tokens: int
    records: int


class PersonalDataData(TypedDict):
    present: bool
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


class ComponentData(TypedDict):
    name: str
    kind: str
    availability: Availability
    description: NotRequired[str]
    license: NotRequired[str]
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


class ManifestData(TypedDict):
    aimanifest: str
    release: ReleaseData
    weights: LayerData
    lineage: NotRequired[list[BaseModelData]]
    runtime: NotRequired[LayerData]
    training: NotRequired[LayerData]
    data: NotRequired[LayerData]
    documentation: NotRequired[LayerData]
    custom_licenses: NotRequired[list[CustomLicenseData]]
    claims: NotRequired[ClaimsData]


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
