"""Typed, immutable model of an aimanifest manifest, of every spec version the tool reads.

The JSON Schema is the specification, and jsonschema-rs enforces it when the command line
validates a file. This module exists so that Python callers (verdicts, exporters, the public
API) work with typed objects instead of nested dicts. It must accept exactly what the schema
of the manifest's named version accepts: a manifest that validates on the command line but
fails to load through the API, or the reverse, would make the specification ambiguous.
tests/test_model_agreement.py runs one corpus through both and compares their structure, per
spec version, so any drift fails a test.

One set of classes serves every version, because a minor version only adds: the classes hold
the fields of the latest version, and each field or value a later version added says so
(:func:`_added`, ``Kind.since``, :data:`aimanifest.data.ADDED_VALUES`). After validation,
:class:`Manifest` refuses such a field or value in a manifest that names an earlier version,
exactly where that version's schema refuses it. (Two parallel class trees would double this
module for the sake of a handful of fields, and drift from each other.)

Three places where pydantic's defaults differ from JSON Schema are bridged explicitly:
``null`` (pydantic accepts it for optional fields, the schema has no null type), integers
(the schema counts ``1024.0`` as an integer, strict pydantic does not) and regular expressions
(the schema's patterns are ECMA-262, pydantic runs them on Rust's engine).

The module is longer than most on purpose: it reads top to bottom in the order of the schema's
``$defs``, so that the two can be compared side by side when either changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from typing_extensions import Self

from aimanifest.data import (
    ADDED_VALUES,
    Availability,
    ClaimName,
    DataClass,
    DatasetRole,
    MofClass,
    Relation,
    Tier,
)
from aimanifest.kinds import KINDS, Layer
from aimanifest.spec import LATEST, at_least

__all__ = [
    "Availability",
    "ClaimName",
    "DataClass",
    "DatasetRole",
    "Manifest",
    "MofClass",
    "Relation",
    "Tier",
]

SPEC_VERSION = LATEST

# ECMA-262 ``\s``: WhiteSpace and LineTerminator. Rust's ``\s`` (Unicode White_Space) adds
# U+0085 and lacks U+FEFF, so a licence ending in U+FEFF would pass pydantic and fail the schema.
_ECMA_SPACE = (
    "\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)


def ecma_regex(pattern: str) -> str:
    """Translate a schema pattern so pydantic's Rust engine matches what an ECMA engine matches.

    Only ``\\s`` needs it: the schema sticks to ASCII classes and anchors, which mean the same in
    both engines (Rust's ``$`` is end of text, like ECMA's and unlike Python's ``re``).
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escape = pattern[i : i + 2]
            if escape == "\\s":
                out.append(_ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]")
            else:
                out.append(escape)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _array(value: object) -> object:
    """Strict mode only takes tuples for tuple fields; YAML and JSON give lists."""
    return tuple(value) if isinstance(value, list) else value


def _integral(value: object) -> object:
    """JSON Schema counts a number without fractional part (``1024.0``) as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _added(version: str) -> Any:
    """The default of an optional field that spec ``version`` added (``None``), marked so that
    :class:`Manifest` can refuse the field in a manifest naming an earlier version."""
    return Field(default=None, json_schema_extra={"x-since": version})


def field_since(cls: type[BaseModel], name: str) -> str:
    """The spec version that added field ``name`` (Python name) of ``cls``."""
    extra = cls.model_fields[name].json_schema_extra
    since = extra.get("x-since") if isinstance(extra, dict) else None
    return since if isinstance(since, str) else "1.0"


T = TypeVar("T")
Array = Annotated[tuple[T, ...], BeforeValidator(_array)]
"""A JSON array, held as a tuple so that frozen models stay hashable and really immutable."""

URL_PATTERN = ecma_regex(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
LICENSE_PATTERN = ecma_regex(r"^[^\s](?:[^\n\r]*[^\s])?$")
COPYRIGHT_PATTERN = ecma_regex(r"^[^\s\u0085](?:[^\n\r\u0085\u2028\u2029]*[^\s\u0085])?$")
"""One line: a notice is written into single-line SBOM fields, so no line break of any kind."""

Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
License = Annotated[str, StringConstraints(min_length=1, pattern=LICENSE_PATTERN)]
Copyright = Annotated[str, StringConstraints(min_length=1, pattern=COPYRIGHT_PATTERN)]
Count = Annotated[int, Field(ge=0), BeforeValidator(_integral)]
Share = Annotated[float, Field(gt=0, le=1)]
"""A fraction of a dataset (strict floats take ints too, and refuse booleans, as JSON does)."""
Hours = Annotated[float, Field(ge=0)]
NonEmptyArray = Annotated[tuple[T, ...], Field(min_length=1), BeforeValidator(_array)]
Hex40 = Annotated[str, StringConstraints(pattern="^[0-9a-f]{40}$")]
Hex64 = Annotated[str, StringConstraints(pattern="^[0-9a-f]{64}$")]
Hex96 = Annotated[str, StringConstraints(pattern="^[0-9a-f]{96}$")]
Hex128 = Annotated[str, StringConstraints(pattern="^[0-9a-f]{128}$")]


# Literal types must be spelled out for type checkers; a test checks them against kinds.KINDS.
WeightsKind = Literal["final-weights", "intermediate-weights", "optimizer-state", "model-metadata"]
RuntimeKind = Literal["model-architecture", "inference-code", "tokenizer"]
TrainingKind = Literal[
    "training-code",
    "data-preprocessing-code",
    "evaluation-code",
    "supporting-libraries",
    "training-config",
]
DataKind = Literal["training-data", "evaluation-data"]
DocumentationKind = Literal[
    "model-card",
    "data-card",
    "technical-report",
    "research-paper",
    "evaluation-results",
    "sample-outputs",
    "code-documentation",
    "hardware-documentation",
]
ComponentKind = Literal[WeightsKind, RuntimeKind, TrainingKind, DataKind, DocumentationKind]


class _Strict(BaseModel):
    """Base of every object: no coercion, no unknown keys, no mutation, no ``null``."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _reject_null(cls, value: object) -> object:
        # Optional fields are typed `X | None` so that absence reads as None; an explicit null
        # in the file must still fail, because the schema has no null type anywhere.
        if value is None:
            raise ValueError("null is not allowed here: leave the key out instead")
        return value


class _Extensible(_Strict):
    """An object that also takes ``x-`` extension keys, as the schema's patternProperties do."""

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="after")
    def _only_extension_keys(self) -> Self:
        unknown = sorted(key for key in self.model_extra or {} if not key.startswith("x-"))
        if unknown:
            raise ValueError(f"unknown keys {unknown}: only `x-` extension keys may be added")
        return self

    @property
    def extensions(self) -> dict[str, Any]:
        """The ``x-`` keys, which the tool carries along but never interprets."""
        return dict(self.model_extra or {})


class Digests(_Strict):
    """SHA-256 is the one digest every consumer can rely on; the others serve specific exports."""

    sha1: Hex40 | None = None
    sha256: Hex64
    sha384: Hex96 | None = None
    sha512: Hex128 | None = None
    sha3_256: Hex64 | None = Field(default=None, alias="sha3-256")
    sha3_384: Hex96 | None = Field(default=None, alias="sha3-384")
    sha3_512: Hex128 | None = Field(default=None, alias="sha3-512")
    blake2b_256: Hex64 | None = Field(default=None, alias="blake2b-256")
    blake2b_512: Hex128 | None = Field(default=None, alias="blake2b-512")


class DocumentRef(_Strict):
    """A document pinned by digest, so a later edit of the document is detectable."""

    url: Url | None = None
    path: Annotated[str, StringConstraints(min_length=1)] | None = None
    digests: Digests | None = None

    @model_validator(mode="after")
    def _url_or_path(self) -> Self:
        if self.url is None and self.path is None:
            raise ValueError("a document reference needs `url` or `path`")
        return self


class Person(_Strict):
    """Someone who answers for the release; a name is the least that makes that possible."""

    name: Text
    url: Url | None = None
    email: Annotated[str, StringConstraints(pattern=ecma_regex(r"^[^@\s]+@[^@\s]+$"))] | None = None


class Links(_Strict):
    """Well-known places, named so that exporters can map each to its SBOM reference type."""

    homepage: Url | None = None
    repository: Url | None = None
    model_hub: Url | None = None
    paper: Url | None = None
    documentation: Url | None = None
    issues: Url | None = None


class Release(_Strict):
    """Identity of the release; its date doubles as the timestamp of reproducible SBOMs."""

    name: Text
    version: Text
    date: Annotated[str, StringConstraints(pattern="^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    publisher: Person
    description: Text | None = None
    links: Links | None = None
    license: License | None = None
    copyright: Copyright | None = _added("1.1")
    """The release's copyright notice: SBOMs write it on what the publisher publishes."""


class BaseModelRef(_Strict):
    """A base model, so that a release cannot look more open than what it derives from."""

    name: Text
    version: Text | None = None
    publisher: Text | None = None
    relation: Relation
    url: Url | None = None
    manifest: DocumentRef | None = None
    license: License | None = _added("1.1")
    """The base's licence as this release states it: SBOMs write it on the base, verdicts do
    not read it (a statement about the base is not the base's verified manifest)."""
    copyright: Copyright | None = _added("1.1")


class Location(_Strict):
    """Where to get a component when its files are not listed one by one."""

    url: Url | None = None
    repository: Url | None = None
    revision: Text | None = None
    path: Text | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("give at least one of `url`, `repository`, `revision`, `path`")
        return self


class Artifact(_Strict):
    """One file, identified by path in the release or by URI when it lives elsewhere."""

    path: Annotated[str, StringConstraints(min_length=1, pattern=r"^[^\x00]+$")] | None = None
    uri: Url | None = None
    size: Count | None = None
    digests: Digests | None = None
    format: Annotated[str, StringConstraints(pattern="^[a-z0-9][a-z0-9.+-]*$")] | None = None
    file_list: Literal["sha256sum"] | None = _added("1.1")
    """A digest file listing more files of the component (``verify`` checks each)."""

    @model_validator(mode="after")
    def _path_or_uri(self) -> Self:
        if self.path is None and self.uri is None:
            raise ValueError("an artifact needs `path` or `uri`")
        if self.file_list is not None and (self.path is None or self.digests is None):
            raise ValueError("a digest file (`file_list`) needs `path` and `digests`")
        return self


class DatasetSize(_Strict):
    """Any one measure is useful, so none is required; an empty object says nothing, though."""

    bytes: Count | None = None
    tokens: Count | None = None
    records: Count | None = None
    hours: Hours | None = _added("1.1")

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("give at least one of `bytes`, `tokens`, `records`, `hours`")
        return self


class PersonalData(_Strict):
    """An explicit yes or no: silence about personal data must not read as 'none'."""

    present: bool
    description: Text | None = None


class DatasetPart(_Strict):
    """Part of a dataset that differs in availability or licence: "600B of 5T tokens open"."""

    since: ClassVar[str] = "1.1"
    name: Text
    description: Text | None = None
    share: Share | None = None
    size: DatasetSize | None = None
    availability: Availability
    license: License | None = None
    data_class: DataClass | None = None
    how_to_obtain: Text | None = None
    location: Location | None = None


class ItemLicense(_Strict):
    """A licence some items of a dataset carry; ``NOASSERTION`` names the unknown rest."""

    since: ClassVar[str] = "1.1"
    license: License
    share: Share | None = None
    description: Text | None = None


class DatasetInfo(_Strict):
    """What the OSAID 1.0 calls data information: what lets others rebuild an equivalent set."""

    role: DatasetRole
    data_class: DataClass
    how_to_obtain: Text | None = None
    provenance: Text | None = None
    scope: Text | None = None
    collection: Text | None = None
    labeling: Text | None = None
    processing: Text | None = None
    size: DatasetSize | None = None
    personal_data: PersonalData | None = None
    data_card: DocumentRef | None = None
    croissant: DocumentRef | None = None
    parts: NonEmptyArray[DatasetPart] | None = _added("1.1")
    item_licenses: NonEmptyArray[ItemLicense] | None = _added("1.1")


class Component(_Extensible):
    """Any component, before its layer narrows its kind; licence tests work per component."""

    name: Annotated[str, StringConstraints(pattern="^[a-z0-9][a-z0-9._-]*$", max_length=128)]
    kind: ComponentKind
    description: Text | None = None
    license: License | None = None
    supplier: Person | None = _added("1.1")
    """Who supplies it (a third party's library): SBOMs name it instead of guessing."""
    copyright: Copyright | None = _added("1.1")
    availability: Availability
    location: Location | None = None
    artifacts: Array[Artifact] | None = None
    dataset: DatasetInfo | None = None


# The per-layer classes narrow `kind` to their layer's kinds, as the schema's allOf does.


class _NonDataComponent(Component):
    """Data information on code or weights would be silently ignored, so the schema forbids it."""

    @field_validator("dataset", mode="before")
    @classmethod
    def _no_dataset(cls, value: object) -> object:
        raise ValueError("`dataset` belongs to components of the data layer only")


class WeightsComponent(_NonDataComponent):
    kind: WeightsKind


class RuntimeComponent(_NonDataComponent):
    kind: RuntimeKind


class TrainingComponent(_NonDataComponent):
    kind: TrainingKind


class DataComponent(Component):
    """Data without data information cannot be judged against the OSAID, hence required."""

    kind: DataKind
    dataset: DatasetInfo


class DocumentationComponent(_NonDataComponent):
    kind: DocumentationKind


class LayerBase(_Strict):
    """What every layer has: a default licence for its components, and the components."""

    license: License | None = None
    components: Array[Component]


class WeightsLayer(LayerBase):
    """The weights layer; its presence is required, which keeps 'closed' releases describable."""

    components: Array[WeightsComponent]


class RuntimeLayer(LayerBase):
    components: Array[RuntimeComponent]


class TrainingLayer(LayerBase):
    components: Array[TrainingComponent]


class DataLayer(LayerBase):
    components: Array[DataComponent]


class DocumentationLayer(LayerBase):
    components: Array[DocumentationComponent]


class Evidence(_Strict):
    """Something a reader can check a claim against, since claims are never trusted as such."""

    url: Url
    supports: Array[ClaimName] | None = None
    description: Text | None = None

    @field_validator("supports")
    @classmethod
    def _unique(cls, value: tuple[ClaimName, ...]) -> tuple[ClaimName, ...]:
        if len(set(value)) != len(value):
            raise ValueError("`supports` names a claim more than once")
        return value


class CustomLicense(_Strict):
    """Terms without an SPDX identifier: SPDX exports need a name and a text for each."""

    id: Annotated[str, StringConstraints(pattern=ecma_regex(r"^LicenseRef-[A-Za-z0-9.-]+$"))]
    name: Text
    url: Url | None = None
    text: Text | None = None

    @model_validator(mode="after")
    def _url_or_text(self) -> Self:
        if self.url is None and self.text is None:
            raise ValueError("a custom licence needs `url` or `text`")
        return self


class Claims(_Strict):
    """The publisher's own claims, kept apart so the verdicts can contradict them."""

    tier: Tier | None = None
    mof_class: MofClass | None = None
    osaid: bool | None = None
    evidence: Array[Evidence] | None = None


class Manifest(_Extensible):
    """A whole manifest. Build it with :meth:`from_data` from parsed YAML or JSON."""

    schema_: str | None = Field(default=None, alias="$schema")
    aimanifest: Literal["1.0", "1.1"]  # the versions of aimanifest.spec.SPEC_VERSIONS
    release: Release
    lineage: Array[BaseModelRef] | None = None
    weights: WeightsLayer
    runtime: RuntimeLayer | None = None
    training: TrainingLayer | None = None
    data: DataLayer | None = None
    documentation: DocumentationLayer | None = None
    custom_licenses: Array[CustomLicense] | None = None
    claims: Claims | None = None

    @model_validator(mode="after")
    def _only_features_of_its_version(self) -> Self:
        later = list(_later_features(self, self.aimanifest, ""))
        if later:
            raise ValueError(
                "; ".join(later) + f': write `aimanifest: "{LATEST}"` to use them'
                if len(later) > 1
                else later[0] + f': write `aimanifest: "{LATEST}"` to use it'
            )
        return self

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Manifest:
        """Validate parsed data; raises pydantic.ValidationError where the schema would fail."""
        return cls.model_validate(data)

    def to_data(self) -> dict[str, Any]:
        """The manifest as plain data with the schema's key names, as it was read."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def layers(self) -> Iterator[tuple[Layer, LayerBase]]:
        """The present layers in specification order, which is also the report order."""
        present: tuple[tuple[Layer, LayerBase | None], ...] = (
            ("weights", self.weights),
            ("runtime", self.runtime),
            ("training", self.training),
            ("data", self.data),
            ("documentation", self.documentation),
        )
        for name, layer in present:
            if layer is not None:
                yield name, layer

    def components(self) -> Iterator[tuple[Layer, Component]]:
        """Every component with its layer, since a component's rules depend on its layer."""
        for name, layer in self.layers():
            for component in layer.components:
                yield name, component


def _value_since(name: str, value: object) -> str:
    if not isinstance(value, str):
        return "1.0"
    if name == "kind" and value in KINDS:
        return KINDS[value].since
    return ADDED_VALUES.get((name, value), "1.0")


def _later_features(model: BaseModel, version: str, where: str) -> Iterator[str]:
    """Each field or value in ``model`` (recursively) that spec ``version`` does not have."""
    cls = type(model)
    for name in sorted(model.model_fields_set):
        if name not in cls.model_fields:
            continue  # an x- extension
        key = cls.model_fields[name].alias or name
        here = f"{where}.{key}" if where else key
        since = field_since(cls, name)
        if not at_least(version, since):
            yield f"{here} is new in spec {since}; this manifest names {version}"
            continue
        value = getattr(model, name)
        for index, item in enumerate(value if isinstance(value, tuple) else (value,)):
            place = f"{here}[{index}]" if isinstance(value, tuple) else here
            if isinstance(item, BaseModel):
                yield from _later_features(item, version, place)
            elif not at_least(version, since := _value_since(name, item)):
                yield f"{place} '{item}' is new in spec {since}; this manifest names {version}"


SCHEMA_DEFS: dict[str, type[BaseModel]] = {
    "": Manifest,
    "release": Release,
    "person": Person,
    "links": Links,
    "baseModel": BaseModelRef,
    "documentRef": DocumentRef,
    "location": Location,
    "artifact": Artifact,
    "digests": Digests,
    "datasetSize": DatasetSize,
    "personalData": PersonalData,
    "datasetInfo": DatasetInfo,
    "datasetPart": DatasetPart,
    "itemLicense": ItemLicense,
    "component": Component,
    "weightsComponent": WeightsComponent,
    "runtimeComponent": RuntimeComponent,
    "trainingComponent": TrainingComponent,
    "dataComponent": DataComponent,
    "documentationComponent": DocumentationComponent,
    "weightsLayer": WeightsLayer,
    "runtimeLayer": RuntimeLayer,
    "trainingLayer": TrainingLayer,
    "dataLayer": DataLayer,
    "documentationLayer": DocumentationLayer,
    "customLicense": CustomLicense,
    "claims": Claims,
}
"""Each object ``$defs`` entry of the schema ("" for the root) and the class mirroring it."""
