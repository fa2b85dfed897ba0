"""The bundled JSON Schema, its validator, and error messages a publisher can act on.

The schema ships inside the package (``aimanifest/resources/schemas``) and is never fetched.
Validation runs on ``jsonschema_rs`` because it imports in about 20 ms, where the pure-Python
``jsonschema`` costs 150 ms before it has validated anything; the tests cross-check both.
Raw validator messages such as ``"x" is not valid under any of the schemas listed in the 'anyOf'
keyword`` are rewritten into one located line per problem, naming the field and the fix.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from aimanifest.findings import Finding
from aimanifest.kinds import KINDS
from aimanifest.source import Document, PathKey
from aimanifest.spec import LATEST, SPEC_VERSIONS, schema_resource


def schema_text(version: str = LATEST) -> str:
    """The bundled schema of ``version`` exactly as shipped (what ``aimanifest schema`` prints)."""
    if version not in SPEC_VERSIONS:
        raise ValueError(f"unknown spec version {version!r}; one of {', '.join(SPEC_VERSIONS)}")
    # a plain file read: importlib.resources would add ~10 ms to every start
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "resources", "schemas", schema_resource(version))
    with open(path, encoding="utf-8") as f:
        return f.read()


@cache
def schema(version: str = LATEST) -> dict[str, Any]:
    """The bundled schema of ``version``, parsed once per process and only when first asked
    for: validating 1.0 manifests never reads the 1.1 file."""
    loaded: dict[str, Any] = json.loads(schema_text(version))
    return loaded


@cache
def _validator(version: str) -> Any:
    """One compiled validator per spec version and process (bulk validation reuses it)."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema(version), validate_formats=False, offline=True)


def dotted(path: PathKey) -> str:
    """``weights.components[0].license``: how messages name a place in the manifest."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the manifest"


def _subschema(version: str, schema_path: list[str | int]) -> Any:
    """The node at ``schema_path`` of the schema of ``version``, following local ``$ref``s."""
    node: Any = schema(version)
    for part in schema_path:
        while isinstance(node, dict) and "$ref" in node and part not in node:
            node = _resolve_ref(version, node["$ref"])
        node = node[part]
    while isinstance(node, dict) and "$ref" in node and len(node) <= 2:
        node = _resolve_ref(version, node["$ref"])
    return node


def _resolve_ref(version: str, ref: str) -> Any:
    node: Any = schema(version)
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _newer_version(version: str, schema_path: list[str | int], found: Any) -> str | None:
    """The first later spec version whose schema, at the same place, has ``found`` in it.

    Spec versions only add, so the place of a 1.0 rule is the same in 1.1: a 1.0 manifest that
    uses a 1.1 field or value is told which version to name instead of "unknown field". Only
    reached on an error, so a valid 1.0 manifest never loads the later schema.
    """
    for later in SPEC_VERSIONS[SPEC_VERSIONS.index(version) + 1 :]:
        try:
            node = _subschema(later, schema_path)
        except (KeyError, IndexError, TypeError):
            continue
        if found in node:
            return later
    return None


def _since_hint(version: str | None) -> str:
    return f' (new in spec {version}: write `aimanifest: "{version}"` to use it)' if version else ""


def _described_as(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null (an empty value)"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "a mapping"


_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


def _suggest(word: str, options: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class _Renderer:
    """Turns one jsonschema_rs error into findings."""

    def __init__(self, document: Document, version: str) -> None:
        self.document = document
        self.version = version

    def at(self, path: PathKey, rule: str, message: str, *, key: bool = False) -> Finding:
        return self.document.finding(path, f"schema-{rule}", f"{dotted(path)}: {message}", key=key)

    def render(self, error: Any) -> list[Finding]:
        path: PathKey = tuple(error.instance_path)
        kind = error.kind
        name = type(kind).__name__
        value = error.instance
        if name == "Required":
            return [self.at(path, "required", f"missing required field '{kind.property}'")]
        if name == "AdditionalProperties":
            where = [*error.schema_path[:-1], "properties"]
            allowed = list(_subschema(self.version, where))
            findings = []
            for extra in kind.unexpected:
                newer = _newer_version(self.version, where, extra)
                hint = _since_hint(newer) if newer else _suggest(extra, allowed)
                findings.append(
                    self.at(
                        (*path, extra), "unknown-field", f"unknown field '{extra}'{hint}", key=True
                    )
                )
            return findings
        if name == "Type":
            return [self._type(path, value, list(kind.types))]
        if name == "Enum":
            options = [str(option) for option in kind.options]
            if isinstance(value, str):
                newer = _newer_version(self.version, [*error.schema_path[:-1], "enum"], value)
                if newer:
                    return [
                        self.at(
                            path,
                            "enum",
                            f'"{value}" is new in spec {newer}: write `aimanifest: "{newer}"` '
                            "to use it",
                        )
                    ]
            return [self._enum(path, value, options)]
        if name == "Constant":
            return [self.at(path, "const", f"must be {json.dumps(kind.expected_value)}")]
        if name == "Pattern":
            node = _subschema(self.version, list(error.schema_path[:-1]))
            title = node.get("title", f"match {kind.pattern}")
            return [self.at(path, "pattern", f"{json.dumps(value)} is not a valid {title}")]
        if name == "MinLength":
            return [self.at(path, "min-length", "must not be empty")]
        if name == "MaxLength":
            return [self.at(path, "max-length", f"is longer than {kind.limit} characters")]
        if name == "Minimum":
            return [self.at(path, "minimum", f"must be at least {kind.limit}, not {value}")]
        if name == "MinProperties":
            node = _subschema(self.version, list(error.schema_path[:-1]))
            fields = ", ".join(node.get("properties", {}))
            return [self.at(path, "min-properties", f"give at least one of: {fields}")]
        if name == "UniqueItems":
            return [self.at(path, "unique-items", "lists the same item twice")]
        if name == "Not":
            why = _subschema(self.version, list(error.schema_path[:-1])).get("description", "")
            return [self.at(path, "not-allowed", f"is not allowed here. {why}".strip(), key=True)]
        if name in ("AnyOf", "OneOfNotValid"):
            return [self._any_of(path, error)]
        return [self.at(path, name.lower(), error.message)]

    def _type(self, path: PathKey, value: Any, types: list[str]) -> Finding:
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        source = self.document.plain_scalars.get(path)
        if source is not None and "string" in types:
            shown = "an empty value" if source in ("", "~") else source
            return self.at(
                path,
                "type",
                f'{shown} is read as {_described_as(value)}, not a string; quote it: "{source}"',
            )
        return self.at(path, "type", f"expected {wanted}, got {_described_as(value)}")

    def _enum(self, path: PathKey, value: Any, options: list[str]) -> Finding:
        if path and path[-1] == "kind" and isinstance(value, str) and value in KINDS:
            layer = KINDS[value].layer
            return self.at(
                path,
                "enum",
                f"kind '{value}' belongs in the {layer} layer; "
                f"kinds of this layer: {', '.join(options)}",
            )
        source = self.document.plain_scalars.get(path)
        if source is not None and not isinstance(value, str):
            return self.at(
                path,
                "enum",
                f"{source} is read as {_described_as(value)}; "
                f"expected one of: {', '.join(options)}",
            )
        shown = json.dumps(value) if not isinstance(value, (dict, list)) else _described_as(value)
        hint = _suggest(value, options) if isinstance(value, str) else ""
        return self.at(path, "enum", f"{shown} is not one of: {', '.join(options)}{hint}")

    def _any_of(self, path: PathKey, error: Any) -> Finding:
        """Pick the one alternative's complaint that says what to do."""
        branches = [list(branch) for branch in error.kind.context]
        missing = [
            b[0].kind.property
            for b in branches
            if len(b) == 1 and type(b[0].kind).__name__ == "Required"
        ]
        if len(missing) == len(branches):
            names = " or ".join(f"'{m}'" for m in missing)
            return self.at(path, "required", f"needs {names}")
        best = min(branches, key=lambda b: (len(b), -max(len(e.instance_path) for e in b)))
        return self.render(best[0])[0]


def schema_findings(document: Document) -> list[Finding]:
    """Every schema violation in ``document``, as located findings (no duplicates).

    The document is checked against the schema of the spec version it names (the version check
    has run: :func:`aimanifest.spec.spec_version_findings`); anything else falls back to the
    latest schema, whose ``aimanifest`` constant then refuses it.
    """
    named = document.data.get("aimanifest") if isinstance(document.data, dict) else None
    version = named if isinstance(named, str) and named in SPEC_VERSIONS else LATEST
    renderer = _Renderer(document, version)
    found: list[Finding] = []
    for error in _validator(version).iter_errors(document.data):
        for finding in renderer.render(error):
            if finding not in found:
                found.append(finding)
    return sorted(found)
