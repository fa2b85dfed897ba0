"""Validation never crashes: mutated manifests give findings, never an exception.

Each bundled example is mutated at one random place (a value replaced, a key removed) and
validated in full (schema, semantic checks, verdicts, claims). Whatever the result, it must be
findings; an exception here would be a traceback for a user.
"""

from __future__ import annotations

import copy
from typing import Any

from conftest import valid_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimanifest.source import Document
from aimanifest.source.yaml_reader import parse_yaml
from aimanifest.validate import validate_document

EXAMPLES = {
    path.name: parse_yaml(str(path), path.read_text(encoding="utf-8"))
    for path in valid_examples()
    if path.suffix == ".yaml"
}
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2**40),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            "open",
            "closed",
            "NONE",
            "MIT OR",
            "../x",
            "/etc",
            "2024-02-30",
            "training-data",
            "evaluation",
            "unshareable",
            "I",
            "fully-open",
        ]
    ),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.none(), max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(EXAMPLES)), st.data())
def test_mutated_manifests_give_findings_not_exceptions(name: str, data: st.DataObject) -> None:
    original = EXAMPLES[name]
    mutated = copy.deepcopy(original.data)
    paths = [p for p in _paths(mutated) if p]
    path = data.draw(st.sampled_from(paths))
    parent = mutated
    for part in path[:-1]:
        parent = parent[part]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(VALUES)
    document = Document(original.path, mutated)
    document.values = original.values
    document.keys = original.keys
    findings = validate_document(document)
    assert all(f.line >= 1 and f.column >= 1 for f in findings)
