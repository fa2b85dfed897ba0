"""The JSON Schemas, the run-time validator, the pydantic model and the TypedDicts must agree.

Each schema (one per spec version) is the specification; jsonschema-rs is what `aimanifest
validate` runs; the pydantic model is what the Python API loads; the TypedDicts of
`aimanifest/data.py` type the plain data the verdicts read. python-jsonschema is an independent
reference that catches a bug in any one of them. Every corpus case goes through all validators
with the schema of the version it names (a 1.0 manifest using a 1.1 field is invalid, for the
model too); structural drift tests compare each schema's `$defs` with the model classes and
with the TypedDicts, field by field, so a property added to one side only fails here rather
than in a user's hands. The TypedDicts are tested rather than generated from the schema: see
the docstring of `aimanifest/data.py`.
"""

from __future__ import annotations

import json
import re
import types
import typing
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pydantic
import pytest
import yaml
from conftest import schema_file

from aimanifest import data as typed
from aimanifest import kinds, model
from aimanifest.kinds import KINDS, LAYERS, kinds_in_layer
from aimanifest.spec import LATEST, SPEC_VERSIONS, at_least, schema_id

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS: dict[str, dict[str, Any]] = {
    version: json.loads(schema_file(version).read_text(encoding="utf-8"))
    for version in SPEC_VERSIONS
}
SCHEMA = SCHEMAS[LATEST]
DEFS: dict[str, Any] = SCHEMA["$defs"]
CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted([*CORPUS.glob("valid/*.yaml"), *CORPUS.glob("invalid/*.yaml")])
"""The agreement cases (``examples-1.0/`` holds the published 1.0 examples, tested on their own
in tests/test_examples_1_0.py)."""

REFERENCE = {v: jsonschema.Draft202012Validator(s) for v, s in SCHEMAS.items()}
RUNTIME = {v: jsonschema_rs.validator_for(s) for v, s in SCHEMAS.items()}


class _Loader(yaml.SafeLoader):
    """YAML 1.1 scalars like the project's loader, except that timestamps stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_case(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def header(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]


def version_of(data: Any) -> str:
    """The schema `validate` checks a document against: its named version, else the latest."""
    named = data.get("aimanifest") if isinstance(data, dict) else None
    return named if named in SPEC_VERSIONS else LATEST


def model_accepts(data: Any) -> bool:
    try:
        model.Manifest.model_validate(data)
    except pydantic.ValidationError:
        return False
    return True


# ---------------------------------------------------------------------------- corpus agreement


def test_corpus_is_large_enough() -> None:
    valid = [c for c in CASES if c.parent.name == "valid"]
    invalid = [c for c in CASES if c.parent.name == "invalid"]
    assert len(CASES) >= 40, len(CASES)
    assert valid and invalid
    assert {c.parent.name for c in CASES} == {"valid", "invalid"}
    for version in SPEC_VERSIONS:  # every version has cases of both sorts
        assert any(version_of(load_case(c)) == version for c in valid), version
        assert any(version_of(load_case(c)) == version for c in invalid), version


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_validators_agree(path: Path) -> None:
    lines = header(path)
    assert lines and lines[0].startswith("# why: "), "every case starts with a `# why:` line"
    expected = path.parent.name == "valid"
    data = load_case(path)

    version = version_of(data)
    verdicts = {
        "jsonschema-rs (run time)": RUNTIME[version].is_valid(data),
        "pydantic model": model_accepts(data),
    }
    assert verdicts == dict.fromkeys(verdicts, expected), (path.name, verdicts)

    # python-jsonschema deviates from ECMA-262 regex semantics in a few pinned places; such
    # cases say so in a `# known-divergence:` line, and must really diverge so that the note is
    # removed if python-jsonschema is ever fixed.
    divergent = any(line.startswith("# known-divergence:") for line in lines)
    reference = REFERENCE[version].is_valid(data)
    if divergent:
        assert reference is not expected, f"{path.name}: python-jsonschema no longer diverges"
    else:
        errors = [e.message for e in REFERENCE[version].iter_errors(data)]
        assert reference is expected, (path.name, errors)

    if expected:
        # The model must keep what it read: exporters rely on to_data() round-tripping.
        assert model.Manifest.from_data(data).to_data() == data


# ---------------------------------------------------------------------------- structural drift


def defs_of(version: str) -> dict[str, Any]:
    defs: dict[str, Any] = SCHEMAS[version]["$defs"]
    return defs


def resolve_def(version: str, name: str) -> dict[str, Any]:
    """A def with `allOf` flattened: properties merged, enums intersected, required unioned."""
    schema = SCHEMAS[version] if name == "" else defs_of(version)[name]
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {"properties": {}, "required": []}
    for part in schema["allOf"]:
        if "$ref" in part:
            part = resolve_def(version, part["$ref"].removeprefix("#/$defs/"))
        for prop, sub in part.get("properties", {}).items():
            base = merged["properties"].get(prop, {})
            if "enum" in sub and "enum" in base:
                sub = {**sub, "enum": [v for v in base["enum"] if v in sub["enum"]]}
            merged["properties"][prop] = {**base, **sub}
        merged["required"] += part.get("required", [])
        for key in ("additionalProperties", "patternProperties"):
            if key in part:
                merged[key] = part[key]
    return merged


def strip(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, without Annotated wrappers and without None."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return strip(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [alt for arg in typing.get_args(annotation) for alt in strip(arg)]
    if annotation is type(None):
        return []
    return [annotation]


def literal_values(annotation: Any) -> list[Any] | None:
    values: list[Any] = []
    for alt in strip(annotation):
        if typing.get_origin(alt) is typing.Literal:
            for arg in typing.get_args(alt):
                values.extend(literal_values(arg) or [arg])
        elif typing.get_origin(alt) is tuple:
            values.extend(literal_values(typing.get_args(alt)[0]) or [])
        else:
            return None
    return values


def in_version(prop: str, value: Any, version: str) -> bool:
    """Whether enum ``value`` of property ``prop`` exists in spec ``version``."""
    if prop == "aimanifest":
        return bool(value == version)
    if prop == "kind":
        return at_least(version, KINDS[value].since)
    return at_least(version, typed.ADDED_VALUES.get((prop, value), "1.0"))


def model_classes(annotation: Any) -> set[type]:
    found = set()
    for alt in strip(annotation):
        if typing.get_origin(alt) is tuple:
            found |= model_classes(typing.get_args(alt)[0])
        elif isinstance(alt, type) and issubclass(alt, pydantic.BaseModel):
            found.add(alt)
    return found


def schema_enum(prop: dict[str, Any]) -> list[Any] | None:
    if "enum" in prop:
        return list(prop["enum"])
    if "const" in prop:
        return [prop["const"]]
    if prop.get("type") == "array" and "enum" in prop.get("items", {}):
        return list(prop["items"]["enum"])
    return None


CONSTRAINTS = (
    "type",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "minItems",
)


def constraints(schema: dict[str, Any], *, translate: bool) -> dict[str, Any]:
    if "$ref" in schema and schema["$ref"] == "#/$defs/license":
        schema = {**DEFS["license"], **schema}
    out = {k: schema[k] for k in CONSTRAINTS if k in schema}
    if translate and "pattern" in out:
        out["pattern"] = model.ecma_regex(out["pattern"])
    if out.get("type") == "object":
        del out["type"]
    return out


def generated(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of the JSON Schema pydantic generates for a field."""
    branches = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
    assert len(branches) == 1, prop
    branch: dict[str, Any] = branches[0]
    return branch


def model_fields(version: str, cls: type[pydantic.BaseModel]) -> dict[str, Any]:
    """The model's fields that spec ``version`` has, by schema name."""
    return {
        (f.alias or n): f
        for n, f in cls.model_fields.items()
        if at_least(version, model.field_since(cls, n))
    }


def compare(
    where: str, schema: dict[str, Any], cls: type[pydantic.BaseModel], version: str = LATEST
) -> list[str]:
    problems: list[str] = []
    fields = model_fields(version, cls)
    props = schema.get("properties", {})
    if set(props) != set(fields):
        problems.append(
            f"{where}: only in schema {sorted(set(props) - set(fields))}, "
            f"only in model {sorted(set(fields) - set(props))}"
        )
    required = {n for n, f in fields.items() if f.is_required()}
    schema_required = set(schema.get("required", []))
    if schema_required != required:
        problems.append(f"{where}: required {sorted(schema_required)} != {sorted(required)}")
    extensible = issubclass(cls, model._Extensible)
    if extensible != ("^x-" in schema.get("patternProperties", {})):
        problems.append(f"{where}: x- extensions schema/model mismatch (model: {extensible})")
    forbidden = {n for n, prop in props.items() if prop.get("not") == {}}
    if forbidden != ({"dataset"} if issubclass(cls, model._NonDataComponent) else set()):
        problems.append(f"{where}: schema forbids {sorted(forbidden)}, the model differs")
    if schema.get("additionalProperties") is not False and "allOf" not in schema:
        problems.append(f"{where}: schema allows additional properties, the model does not")
    generated_props = cls.model_json_schema(by_alias=True).get("properties", {})
    for name in sorted(set(props) & set(fields)):
        prop, annotation = props[name], fields[name].annotation
        expected = schema_enum(prop)
        values = [v for v in literal_values(annotation) or [] if in_version(name, v, version)]
        if expected is not None and sorted(expected) != sorted(values):
            problems.append(f"{where}.{name}: enum {expected} != {values}")
        ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
        if ref and ref != "#/$defs/license":
            target = model.SCHEMA_DEFS[ref.removeprefix("#/$defs/")]
            if model_classes(annotation) != {target}:
                problems.append(f"{where}.{name}: refers to {target.__name__} in the schema")
        gen = generated(generated_props[name])
        for side_schema, side_gen in ((prop, gen), (prop.get("items"), gen.get("items"))):
            if side_schema is None or side_gen is None:
                continue
            want = constraints(side_schema, translate=True)
            have = {k: v for k, v in constraints(side_gen, translate=False).items() if k in want}
            if "type" not in want:
                want.pop("type", None)
            if want != have:
                problems.append(f"{where}.{name}: constraints {want} != {have}")
            if side_schema.get("type") == "object" and "properties" in side_schema:
                (inline,) = model_classes(annotation)
                problems += compare(f"{where}.{name}[]", side_schema, inline, version)
    return problems


def defs_in(version: str) -> list[str]:
    """The model classes' defs that spec ``version`` has ("" for the root)."""
    return [
        name
        for name, cls in model.SCHEMA_DEFS.items()
        if at_least(version, getattr(cls, "since", "1.0"))
    ]


DRIFT_CASES = [(v, name) for v in SPEC_VERSIONS for name in sorted(defs_in(v))]


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_schema_defs_are_all_mapped(version: str) -> None:
    defs = defs_of(version)
    object_defs = {n for n, d in defs.items() if d.get("type") == "object" or "allOf" in d}
    assert set(defs_in(version)) == object_defs | {""}


@pytest.mark.parametrize(("version", "name"), DRIFT_CASES, ids=lambda v: v or "root")
def test_no_drift(version: str, name: str) -> None:
    problems = compare(
        name or "root", resolve_def(version, name), model.SCHEMA_DEFS[name], version
    )
    assert not problems, "\n".join(problems)


def test_drift_test_detects_drift() -> None:
    """Guard against a drift test that passes vacuously."""
    tampered = json.loads(json.dumps(DEFS["person"]))
    tampered["properties"]["phone"] = {"type": "string", "description": "x"}
    tampered["required"].append("email")
    tampered["properties"]["email"]["pattern"] = "^.+$"
    problems = compare("person", tampered, model.Person)
    assert len(problems) == 3, problems
    problems = compare("claims", {**DEFS["claims"], "properties": {
        **DEFS["claims"]["properties"], "tier": {"enum": ["closed"]}}}, model.Claims)
    assert any("enum" in p for p in problems), problems
    # a 1.1 field the 1.0 schema lacks is drift when compared as 1.0, not as 1.1
    info = resolve_def("1.1", "datasetInfo")
    assert compare("datasetInfo", info, model.DatasetInfo, "1.1") == []
    problems = compare("datasetInfo", info, model.DatasetInfo, "1.0")
    assert any("only in schema ['item_licenses', 'parts']" in p for p in problems), problems


@pytest.mark.parametrize("version", SPEC_VERSIONS[1:])
def test_a_later_version_only_adds(version: str) -> None:
    """Spec 1.1 keeps every def, property, requirement and value of 1.0 (DESIGN: only adds)."""
    before = SPEC_VERSIONS[SPEC_VERSIONS.index(version) - 1]
    old, new = defs_of(before), defs_of(version)
    problems = []
    for name in old:
        if name not in new:
            problems.append(f"{name}: removed")
            continue
        old_r, new_r = resolve_def(before, name), resolve_def(version, name)
        if set(old_r.get("required", [])) != set(new_r.get("required", [])):
            problems.append(f"{name}: required changed")
        for prop, sub in old_r.get("properties", {}).items():
            if prop not in new_r.get("properties", {}):
                problems.append(f"{name}.{prop}: removed")
                continue
            now = new_r["properties"][prop]
            for key in ("type", "pattern", "$ref", "minLength", "minimum", "format"):
                if sub.get(key) != now.get(key):
                    problems.append(f"{name}.{prop}: {key} changed")
            lost = set(schema_enum(sub) or []) - set(schema_enum(now) or [])
            if lost:
                problems.append(f"{name}.{prop}: values {sorted(lost)} removed")
    assert problems == []


# ---------------------------------------------------------------------------- the TypedDicts

TYPED_DEFS: dict[str, Any] = {
    "": typed.ManifestData,
    "release": typed.ReleaseData,
    "person": typed.PersonData,
    "baseModel": typed.BaseModelData,
    "documentRef": typed.DocumentRefData,
    "location": typed.LocationData,
    "artifact": typed.ArtifactData,
    "digests": typed.DigestsData,
    "datasetSize": typed.DatasetSizeData,
    "personalData": typed.PersonalDataData,
    "datasetInfo": typed.DatasetData,
    "datasetPart": typed.DatasetPartData,
    "itemLicense": typed.ItemLicenseData,
    "component": typed.ComponentData,
    "customLicense": typed.CustomLicenseData,
    "claims": typed.ClaimsData,
    **{f"{layer}Layer": typed.LayerData for layer in LAYERS},
}
"""Each object def of the latest schema (the union of all versions) and its TypedDict. The
per-layer component defs narrow `kind` only; `component` stands for them."""
LOOSE = {("component", "kind")}
"""Typed `str` on purpose: the verdicts look kinds up in kinds.KINDS, which the schema matches."""


def is_required(cls: Any, hint: Any) -> bool:
    """From the hint itself: with postponed annotations, `__required_keys__` cannot tell."""
    origin = typing.get_origin(hint)
    if origin is typing.Required:
        return True
    return bool(cls.__total__) and origin is not typing.NotRequired


def typed_problems(where: str, schema: dict[str, Any], cls: Any) -> list[str]:
    hints = typing.get_type_hints(cls, include_extras=True)
    props = schema.get("properties", {})
    problems = []
    if set(hints) != set(props):
        problems.append(
            f"{where}: only in schema {sorted(set(props) - set(hints))}, "
            f"only in {cls.__name__} {sorted(set(hints) - set(props))}"
        )
    required = {key for key, hint in hints.items() if is_required(cls, hint)}
    if required != set(schema.get("required", [])):
        problems.append(
            f"{where}: required {sorted(schema.get('required', []))} != {sorted(required)}"
        )
    for name in sorted(set(hints) & set(props)):
        problems += type_problems(f"{where}.{name}", props[name], hints[name], (where, name))
    return problems


def type_problems(where: str, prop: dict[str, Any], hint: Any, key: tuple[str, str]) -> list[str]:
    if typing.get_origin(hint) in (typing.NotRequired, typing.Required):
        hint = typing.get_args(hint)[0]
    ref = prop.get("$ref", "").removeprefix("#/$defs/")
    if ref:
        if ref == "license":
            return [] if hint is str else [f"{where}: a licence is a str, not {hint}"]
        if ref == "links":
            wanted = dict[str, str]
            ok = hint == wanted and all(
                p.get("type") == "string" for p in DEFS["links"]["properties"].values()
            )
            return [] if ok else [f"{where}: links is a dict[str, str] of URLs"]
        wanted = TYPED_DEFS.get(ref, typed.ComponentData if ref.endswith("Component") else None)
        return [] if wanted is hint else [f"{where}: not typed {ref}"]
    enum = schema_enum(prop)
    if enum is not None and prop.get("type") != "array":
        if key in LOOSE and hint is str:
            return []
        values = list(typing.get_args(hint)) if typing.get_origin(hint) is typing.Literal else None
        if hint is str and "const" in prop:
            return []
        return [] if values == enum else [f"{where}: {values} != enum {enum}"]
    kind = prop.get("type")
    if kind == "array":
        if typing.get_origin(hint) is not list:
            return [f"{where}: an array, typed {hint}"]
        (item,) = typing.get_args(hint)
        return type_problems(f"{where}[]", prop["items"], item, key)
    if kind == "object" and "properties" in prop:  # inline object (claims.evidence items)
        return typed_problems(where, prop, hint)
    simple = {"string": str, "integer": int, "number": float, "boolean": bool}
    if kind in simple:
        return [] if hint is simple[kind] else [f"{where}: {kind}, typed {hint}"]
    return [f"{where}: no rule for {prop}"]


@pytest.mark.parametrize("name", sorted(TYPED_DEFS), ids=lambda n: n or "root")
def test_typed_dicts_match_the_schema(name: str) -> None:
    schema = SCHEMA if name == "" else DEFS[name]
    problems = typed_problems(name or "root", schema, TYPED_DEFS[name])
    assert not problems, "\n".join(problems)


def test_typed_dicts_cover_every_object_def() -> None:
    object_defs = {n for n, d in DEFS.items() if d.get("type") == "object"}
    component_defs = {f"{layer}Component" for layer in LAYERS}
    assert set(TYPED_DEFS) - {""} == object_defs - {"links"}
    assert component_defs <= set(DEFS)  # typed by ComponentData


def test_typed_dict_test_detects_drift() -> None:
    """A missing digest key and a wrong type are both reported (DigestsData once had 4 of 9)."""
    class Short(typing.TypedDict):
        sha256: str
        sha1: typing.NotRequired[int]

    problems = typed_problems("digests", DEFS["digests"], Short)
    assert any("only in schema" in p and "blake2b-512" in p for p in problems), problems
    assert any("digests.sha1: string" in p for p in problems), problems


# ---------------------------------------------------------------------------- the schema itself


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_schema_is_well_formed(version: str) -> None:
    schema = SCHEMAS[version]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["properties"]["aimanifest"]["const"] == version
    assert schema["$id"] == schema_id(version)
    assert version in typing.get_args(model.Manifest.model_fields["aimanifest"].annotation)
    assert model.SPEC_VERSION == LATEST


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_packaged_schema_is_the_spec(version: str) -> None:
    """The tool validates with the packaged copy, so the corpus verdicts must hold for it too."""
    path = schema_file(version)
    packaged = ROOT / "aimanifest" / "resources" / "schemas" / path.name
    assert packaged.read_bytes() == path.read_bytes(), "packaged schema != schema/"


def walk_properties(where: str, schema: dict[str, Any]) -> typing.Iterator[tuple[str, Any]]:
    for key in ("properties", "patternProperties"):
        for name, prop in schema.get(key, {}).items():
            yield f"{where}.{name}", prop
            for sub in (prop, prop.get("items", {})):
                if isinstance(sub, dict) and "properties" in sub:
                    yield from walk_properties(f"{where}.{name}", sub)
    for part in schema.get("allOf", []):
        yield from walk_properties(where, part)


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_every_property_is_described(version: str) -> None:
    # A property counts as described if it has its own description, or is a bare $ref to a def
    # with one (editors then show the def's description on hover).
    defs = defs_of(version)
    missing = []
    for where, schema in [("root", SCHEMAS[version]), *((n, d) for n, d in defs.items())]:
        for path, prop in walk_properties(where, schema):
            ref = prop.get("$ref", "").removeprefix("#/$defs/")
            if "description" not in prop and not (ref and "description" in defs[ref]):
                missing.append(path)
    assert not missing, missing


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_ref_siblings_are_annotations_only(version: str) -> None:
    """Draft-07 ignores keywords next to $ref: only annotations may sit there."""
    def visit(node: Any, where: str) -> typing.Iterator[str]:
        if isinstance(node, dict):
            if "$ref" in node and set(node) - {"$ref", "description", "title"}:
                yield where
            for key, value in node.items():
                yield from visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from visit(value, f"{where}/{i}")
    assert list(visit(SCHEMAS[version], "#")) == []


# ---------------------------------------------------------------------------- kinds


@pytest.mark.parametrize("version", SPEC_VERSIONS)
@pytest.mark.parametrize("layer", LAYERS)
def test_kinds_match_schema_and_model(layer: kinds.Layer, version: str) -> None:
    schema_kinds = resolve_def(version, f"{layer}Component")["properties"]["kind"]["enum"]
    assert schema_kinds == list(kinds_in_layer(layer, version))
    component = model.SCHEMA_DEFS[f"{layer}Component"]
    values = literal_values(component.model_fields["kind"].annotation) or []
    assert [v for v in values if in_version("kind", v, version)] == schema_kinds


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_all_kinds_match(version: str) -> None:
    listed = [name for name, kind in KINDS.items() if at_least(version, kind.since)]
    assert defs_of(version)["component"]["properties"]["kind"]["enum"] == listed
    assert literal_values(model.Component.model_fields["kind"].annotation) == list(KINDS)


@pytest.mark.parametrize("version", SPEC_VERSIONS)
@pytest.mark.parametrize(
    ("alias", "enum_path"),
    [
        ("Availability", ("component", "availability")),
        ("Relation", ("baseModel", "relation")),
        ("Tier", ("claims", "tier")),
        ("MofClass", ("claims", "mof_class")),
        ("DataClass", ("datasetInfo", "data_class")),
        ("DatasetRole", ("datasetInfo", "role")),
    ],
)
def test_vocabulary_aliases(alias: str, enum_path: tuple[str, str], version: str) -> None:
    definition, prop = enum_path
    expected = defs_of(version)[definition]["properties"][prop]["enum"]
    values = typing.get_args(getattr(model, alias))
    assert [v for v in values if in_version(prop, v, version)] == expected


def test_accessors() -> None:
    data = load_case(CORPUS / "valid" / "full.yaml")
    manifest = model.Manifest.from_data(data)
    assert [name for name, _ in manifest.layers()] == list(LAYERS)
    pairs = [(layer, c.name) for layer, c in manifest.components()]
    assert pairs[0] == ("weights", "final") and ("data", "corpus") in pairs
    assert manifest.extensions == {"x-generator": "hand-written"}
    assert manifest.weights.components[0].extensions == {"x-internal-id": 42}
    assert manifest.weights.components[0].artifacts is not None
    assert manifest.weights.components[0].artifacts[0].digests is not None
    assert re.fullmatch("[0-9a-f]{64}", manifest.weights.components[0].artifacts[0].digests.sha256)
    with pytest.raises(pydantic.ValidationError):
        manifest.release.name = "changed"
