"""The JSON Schema, the run-time validator and the pydantic model must accept the same manifests.

The schema is the specification; jsonschema-rs is what `aimanifest validate` runs; the pydantic
model is what the Python API loads. python-jsonschema is an independent reference that catches a
bug in any one of them. Every corpus case goes through all four verdicts, and a structural drift
test compares the schema's `$defs` with the model classes, so a property added to one side only
fails here rather than in a user's hands.
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

from aimanifest import kinds, model
from aimanifest.kinds import KINDS, LAYERS, kinds_in_layer

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schema" / "aimanifest-1.0.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
DEFS: dict[str, Any] = SCHEMA["$defs"]
CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(CORPUS.glob("*/*.yaml"))

REFERENCE = jsonschema.Draft202012Validator(SCHEMA)
RUNTIME = jsonschema_rs.validator_for(SCHEMA)


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


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_validators_agree(path: Path) -> None:
    lines = header(path)
    assert lines and lines[0].startswith("# why: "), "every case starts with a `# why:` line"
    expected = path.parent.name == "valid"
    data = load_case(path)

    verdicts = {
        "jsonschema-rs (run time)": RUNTIME.is_valid(data),
        "pydantic model": model_accepts(data),
    }
    assert verdicts == dict.fromkeys(verdicts, expected), (path.name, verdicts)

    # python-jsonschema deviates from ECMA-262 regex semantics in a few pinned places; such
    # cases say so in a `# known-divergence:` line, and must really diverge so that the note is
    # removed if python-jsonschema is ever fixed.
    divergent = any(line.startswith("# known-divergence:") for line in lines)
    reference = REFERENCE.is_valid(data)
    if divergent:
        assert reference is not expected, f"{path.name}: python-jsonschema no longer diverges"
    else:
        errors = [e.message for e in REFERENCE.iter_errors(data)]
        assert reference is expected, (path.name, errors)

    if expected:
        # The model must keep what it read: exporters rely on to_data() round-tripping.
        assert model.Manifest.from_data(data).to_data() == data


# ---------------------------------------------------------------------------- structural drift


def resolve_def(name: str) -> dict[str, Any]:
    """A def with `allOf` flattened: properties merged, enums intersected, required unioned."""
    schema = SCHEMA if name == "" else DEFS[name]
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {"properties": {}, "required": []}
    for part in schema["allOf"]:
        if "$ref" in part:
            part = resolve_def(part["$ref"].removeprefix("#/$defs/"))
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


CONSTRAINTS = ("type", "pattern", "minLength", "maxLength", "minimum")


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


def compare(where: str, schema: dict[str, Any], cls: type[pydantic.BaseModel]) -> list[str]:
    problems: list[str] = []
    fields = {(f.alias or n): f for n, f in cls.model_fields.items()}
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
        if expected is not None and sorted(expected) != sorted(literal_values(annotation) or []):
            problems.append(f"{where}.{name}: enum {expected} != {literal_values(annotation)}")
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
                problems += compare(f"{where}.{name}[]", side_schema, inline)
    return problems


def test_schema_defs_are_all_mapped() -> None:
    object_defs = {n for n, d in DEFS.items() if d.get("type") == "object" or "allOf" in d}
    assert set(model.SCHEMA_DEFS) == object_defs | {""}


@pytest.mark.parametrize("name", sorted(model.SCHEMA_DEFS), ids=lambda n: n or "root")
def test_no_drift(name: str) -> None:
    problems = compare(name or "root", resolve_def(name), model.SCHEMA_DEFS[name])
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


# ---------------------------------------------------------------------------- the schema itself


def test_schema_is_well_formed() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    version = SCHEMA["properties"]["aimanifest"]["const"]
    assert version == model.SPEC_VERSION
    assert version in SCHEMA["$id"]


def test_packaged_schema_is_the_spec() -> None:
    """The tool validates with the packaged copy, so the corpus verdicts must hold for it too."""
    packaged = ROOT / "aimanifest" / "resources" / "schemas" / SCHEMA_PATH.name
    assert json.loads(packaged.read_text("utf-8")) == SCHEMA, "packaged schema != schema/"


def walk_properties(where: str, schema: dict[str, Any]) -> typing.Iterator[tuple[str, Any]]:
    for key in ("properties", "patternProperties"):
        for name, prop in schema.get(key, {}).items():
            yield f"{where}.{name}", prop
            for sub in (prop, prop.get("items", {})):
                if isinstance(sub, dict) and "properties" in sub:
                    yield from walk_properties(f"{where}.{name}", sub)
    for part in schema.get("allOf", []):
        yield from walk_properties(where, part)


def test_every_property_is_described() -> None:
    # A property counts as described if it has its own description, or is a bare $ref to a def
    # with one (editors then show the def's description on hover).
    missing = []
    for where, schema in [("root", SCHEMA), *((n, d) for n, d in DEFS.items())]:
        for path, prop in walk_properties(where, schema):
            ref = prop.get("$ref", "").removeprefix("#/$defs/")
            if "description" not in prop and not (ref and "description" in DEFS[ref]):
                missing.append(path)
    assert not missing, missing


def test_ref_siblings_are_annotations_only() -> None:
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
    assert list(visit(SCHEMA, "#")) == []


# ---------------------------------------------------------------------------- kinds


@pytest.mark.parametrize("layer", LAYERS)
def test_kinds_match_schema_and_model(layer: kinds.Layer) -> None:
    schema_kinds = resolve_def(f"{layer}Component")["properties"]["kind"]["enum"]
    assert schema_kinds == list(kinds_in_layer(layer))
    component = model.SCHEMA_DEFS[f"{layer}Component"]
    assert literal_values(component.model_fields["kind"].annotation) == schema_kinds


def test_all_kinds_match() -> None:
    assert DEFS["component"]["properties"]["kind"]["enum"] == list(KINDS)
    assert literal_values(model.Component.model_fields["kind"].annotation) == list(KINDS)


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
def test_vocabulary_aliases(alias: str, enum_path: tuple[str, str]) -> None:
    definition, prop = enum_path
    expected = DEFS[definition]["properties"][prop]["enum"]
    assert list(typing.get_args(getattr(model, alias))) == expected


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
