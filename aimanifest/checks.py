"""Semantic checks: what a JSON Schema cannot say about a manifest.

They run only on schema-valid data, so they can rely on the structure the schema guarantees
and stay short. Each check is a small function from a document to findings; ``SEMANTIC_CHECKS``
lists them in the order their findings read best.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from aimanifest.findings import Finding
from aimanifest.kinds import LAYERS
from aimanifest.source import Document, PathKey

Check = Callable[[Document], Iterator[Finding]]

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.-]+")


def components(data: dict[str, Any]) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    """Every component with its path, layer by layer in spec order."""
    for layer in LAYERS:
        for index, component in enumerate(data.get(layer, {}).get("components", [])):
            yield (layer, "components", index), component


def artifact_path_problem(path: str) -> str | None:
    """Why ``path`` may not name a file under the manifest's directory, or None if it may.

    Shared with ``verify``, which additionally resolves symlinks on disk.
    """
    if _URI_SCHEME.match(path):
        return "is a URL: put URLs in `uri`, and repository-relative paths in `path`"
    if "\\" in path:
        return "uses '\\': write paths with '/' separators"
    if path.startswith("/") or _WINDOWS_DRIVE.match(path):
        return "is absolute: write it relative to the manifest's directory"
    parts = path.split("/")
    if ".." in parts:
        return "contains '..': paths may not leave the manifest's directory"
    if any(part in ("", ".") for part in parts[:-1]) or parts[-1] in ("", "."):
        return "is not normalised: remove empty and '.' segments"
    return None


def check_component_names(document: Document) -> Iterator[Finding]:
    """Names identify components in reports and SBOMs, so they must be unique."""
    first_seen: dict[str, PathKey] = {}
    for path, component in components(document.data):
        name = component["name"]
        if name in first_seen:
            line = document.locate((*first_seen[name], "name")).line
            yield document.finding(
                (*path, "name"),
                "duplicate-component",
                f"component name '{name}' is already used at line {line}",
            )
        else:
            first_seen[name] = path


def check_artifact_paths(document: Document) -> Iterator[Finding]:
    """Artifact paths must stay inside the repository and name each file once."""
    first_seen: dict[str, PathKey] = {}
    for path, component in components(document.data):
        for index, artifact in enumerate(component.get("artifacts", [])):
            where = (*path, "artifacts", index, "path")
            if "path" not in artifact:
                continue
            problem = artifact_path_problem(artifact["path"])
            if problem:
                yield document.finding(where, "artifact-path", f"'{artifact['path']}' {problem}")
            elif artifact["path"] in first_seen:
                line = document.locate(first_seen[artifact["path"]]).line
                yield document.finding(
                    where,
                    "duplicate-artifact",
                    f"'{artifact['path']}' is already listed at line {line}",
                )
            else:
                first_seen[artifact["path"]] = where


def check_dates(document: Document) -> Iterator[Finding]:
    """The schema checks the YYYY-MM-DD shape; only a calendar knows 2024-02-30 is not a day."""
    text = document.data["release"]["date"]
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        yield document.finding(
            ("release", "date"), "date-invalid", f"'{text}' is not a real calendar date"
        )


def check_dataset_roles(document: Document) -> Iterator[Finding]:
    """Evaluation data and training data count toward different MOF components."""
    for path, component in components(document.data):
        dataset = component.get("dataset")
        if dataset is None:
            continue
        evaluation_role = dataset["role"] == "evaluation"
        evaluation_kind = component["kind"] == "evaluation-data"
        if evaluation_role != evaluation_kind:
            expected = "evaluation-data" if evaluation_role else "training-data"
            yield document.finding(
                (*path, "dataset", "role"),
                "dataset-role",
                f"role '{dataset['role']}' goes with kind '{expected}', not '{component['kind']}'",
            )


def check_open_components_located(document: Document) -> Iterator[Finding]:
    """An 'open' component nobody can find is not open in practice."""
    for path, component in components(document.data):
        if component["availability"] == "open" and not (
            component.get("location") or component.get("artifacts")
        ):
            yield document.finding(
                (*path, "availability"),
                "open-without-location",
                f"component '{component['name']}' is open but gives no location or artifacts: "
                "say where to get it",
                severity="warning",
            )


def _license_fields(data: dict[str, Any]) -> Iterator[tuple[PathKey, str]]:
    """Every licence expression in the manifest, with its path."""
    if "license" in data["release"]:
        yield ("release", "license"), data["release"]["license"]
    for layer in LAYERS:
        if "license" in data.get(layer, {}):
            yield (layer, "license"), data[layer]["license"]
    for path, component in components(data):
        if "license" in component:
            yield (*path, "license"), component["license"]


def check_licenses(document: Document) -> Iterator[Finding]:
    """Licence expressions must parse and name known licences, or declared custom terms."""
    from aimanifest.licenses import check_license_expression

    declared: dict[str, PathKey] = {}
    for index, custom in enumerate(document.data.get("custom_licenses", [])):
        where = ("custom_licenses", index, "id")
        if custom["id"] in declared:
            line = document.locate(declared[custom["id"]]).line
            yield document.finding(
                where,
                "duplicate-license-ref",
                f"'{custom['id']}' is already declared at line {line}",
            )
        declared.setdefault(custom["id"], where)
    used: set[str] = set()
    for path, expression in _license_fields(document.data):
        for severity, problem in check_license_expression(expression):
            yield document.finding(path, "license-expression", problem, severity=severity)
        for ref in _LICENSE_REF.findall(expression):
            known = ref.startswith(("LicenseRef-scancode-", "LicenseRef-aimanifest-"))
            if not known and ref not in declared and ref not in used:
                yield document.finding(
                    path,
                    "license-ref-undeclared",
                    f"{ref} is not declared in custom_licenses: give its name and its text "
                    "or URL there (SPDX exports need them)",
                    severity="warning",
                )
            used.add(ref)


SEMANTIC_CHECKS: tuple[Check, ...] = (
    check_dates,
    check_component_names,
    check_artifact_paths,
    check_dataset_roles,
    check_open_components_located,
    check_licenses,
)
