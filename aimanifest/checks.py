"""Semantic checks: what a JSON Schema cannot say about a manifest.

They run only on schema-valid data, so they can rely on the structure the schema guarantees
and stay short. Each check is a small function from a document to findings; ``SEMANTIC_CHECKS``
lists them in the order their findings read best.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from aimanifest.findings import Finding
from aimanifest.kinds import LAYERS
from aimanifest.source import Document, PathKey
from aimanifest.spec import PLACEHOLDER_DATE, PLACEHOLDER_PUBLISHER, PLACEHOLDER_VERSION, at_least
from aimanifest.urls import check_url_characters

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

    The rules of spec 13.2, for artifacts and document references alike. Shared with
    ``verify`` and with the files a digest file lists, which additionally resolve symlinks on
    disk.
    """
    if "\x00" in path:
        return "contains a NUL character, which no file name can hold"
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


def lineage_path_problem(path: str, version: str) -> str | None:
    """Why ``path`` may not name a base manifest in a manifest of spec ``version``, or None.

    Spec 1.0 holds it to the artifact rules. Spec 1.1 also allows leading ``../`` segments, so
    that a base kept in a sibling directory of the same repository (``../base/aimanifest.yaml``)
    can be named; the rest of the path follows the artifact rules. This is the lexical check
    only: whether the path, symlinks resolved, stays inside the repository root is decided
    where the base is read (:mod:`aimanifest.verdicts.lineage`).
    """
    problem = artifact_path_problem(path)
    parts = path.split("/")
    ups = 0
    while ups < len(parts) and parts[ups] == "..":
        ups += 1
    if problem is None or ".." not in parts:
        return problem
    if not at_least(version, "1.1"):
        if ups and lineage_path_problem(path, "1.1") is None:
            return f'{problem} (spec 1.1 allows leading "../": write `aimanifest: "1.1"`)'
        return problem
    # the first problem found was the '..': judge what follows the leading '../' segments
    rest = parts[ups:]
    if rest == [""] or not rest:
        return "names a directory, not a manifest file"
    if ".." in rest:
        return "has '..' after other segments: write '../' only at the start (normalised)"
    return artifact_path_problem("/".join(rest))


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


def _document_refs(data: dict[str, Any]) -> Iterator[tuple[PathKey, dict[str, Any]]]:
    """Every document reference of a dataset (``data_card``, ``croissant``), with its path."""
    for path, component in components(data):
        dataset = component.get("dataset") or {}
        for key in ("data_card", "croissant"):
            if key in dataset:
                yield (*path, "dataset", key), dataset[key]


def check_document_paths(document: Document) -> Iterator[Finding]:
    """Document paths follow the path rules (spec 13.2), as artifact paths do.

    A data card at ``../../etc/passwd`` names nothing of the release, and a later reader that
    opens it would read outside the repository. Base manifest paths have rules of their own
    (:func:`lineage_path_problem`), reported where the lineage is resolved, so that one bad
    base does not hide what the others say.
    """
    for where, reference in _document_refs(document.data):
        if "path" in reference:
            problem = artifact_path_problem(reference["path"])
            if problem:
                yield document.finding(
                    (*where, "path"), "document-path", f"'{reference['path']}' {problem}"
                )


def check_lineage_pins(document: Document) -> Iterator[Finding]:
    """Spec 1.1: a base manifest named by URL is pinned by its SHA-256 digest.

    A URL's content can change at any time; only the digest lets a copy fetched into the local
    cache be checked, so that the base that caps this release is the one its author meant.
    """
    if not at_least(document.data["aimanifest"], "1.1"):
        return
    for index, entry in enumerate(document.data.get("lineage", [])):
        reference = entry.get("manifest", {})
        if "url" in reference and "digests" not in reference:
            yield document.finding(
                ("lineage", index, "manifest", "url"),
                "lineage-digest",
                f"base {entry['name']}: the manifest URL is not pinned: add "
                "`digests: {sha256: ...}` (the SHA-256 of the base manifest's bytes) so that a "
                "copy of it can be verified",
                severity="warning",
            )


_PLACEHOLDERS: tuple[tuple[PathKey, str, str], ...] = (
    (("release", "version"), PLACEHOLDER_VERSION, "version"),
    (("release", "date"), PLACEHOLDER_DATE, "release date"),
    (("release", "publisher", "name"), PLACEHOLDER_PUBLISHER, "publisher"),
)


def check_placeholders(document: Document) -> Iterator[Finding]:
    """The values ``init`` and ``import`` write where a source says nothing are warnings.

    So ``validate --strict`` and the pre-commit hook fail until the publisher has completed
    the manifest, instead of an epoch release date reaching an SBOM.
    """
    for where, placeholder, what in _PLACEHOLDERS:
        value: Any = document.data
        for key in where:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and value.strip().casefold() == placeholder:
            yield document.finding(
                where,
                "placeholder",
                f"'{value}' is the placeholder `aimanifest init` and `import` write when they "
                f"do not know the {what}: replace it with the real {what}",
                severity="warning",
            )


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
    """Every licence expression in the manifest, with its path (spec 1.1 parts, items and
    lineage bases too): what this yields, every licence check checks."""
    if "license" in data["release"]:
        yield ("release", "license"), data["release"]["license"]
    for index, base in enumerate(data.get("lineage", [])):
        if "license" in base:
            yield ("lineage", index, "license"), base["license"]
    for layer in LAYERS:
        if "license" in data.get(layer, {}):
            yield (layer, "license"), data[layer]["license"]
    for path, component in components(data):
        if "license" in component:
            yield (*path, "license"), component["license"]
        dataset = component.get("dataset") or {}
        for key in ("parts", "item_licenses"):
            for index, entry in enumerate(dataset.get(key, [])):
                if "license" in entry:
                    yield (*path, "dataset", key, index, "license"), entry["license"]


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


def _share_sum(entries: list[dict[str, Any]]) -> tuple[float, bool]:
    """The sum of the ``share`` values given, and whether every entry gave one."""
    shares = [entry["share"] for entry in entries if "share" in entry]
    return math.fsum(shares), len(shares) == len(entries)


_SLACK = 1e-9
"""Shares are decimal fractions written by people; 0.1 + 0.2 must not exceed 0.3."""


def check_dataset_facts(document: Document) -> Iterator[Finding]:
    """Spec 1.1 dataset facts that must agree with each other (undisclosed, parts, items)."""
    for path, component in components(document.data):
        dataset = component.get("dataset")
        if dataset is None:
            continue
        data_class = dataset["data_class"]
        if data_class == "undisclosed" and component["availability"] == "open":
            yield document.finding(
                (*path, "availability"),
                "undisclosed-open",
                f"component '{component['name']}' is open but its data is undisclosed: data "
                "anyone can download is not undisclosed; give its data class, or its real "
                "availability",
            )
        parts: list[dict[str, Any]] = dataset.get("parts", [])
        yield from _part_findings(document, path, component, parts, data_class)
        items: list[dict[str, Any]] = dataset.get("item_licenses", [])
        total, all_shared = _share_sum(items)
        where = (*path, "dataset", "item_licenses")
        if total > 1 + _SLACK:
            yield document.finding(
                where, "item-licenses-share", f"the item licence shares add up to {total:g}, over 1"
            )
        elif items and all_shared and total < 1 - _SLACK:
            yield document.finding(
                where,
                "item-licenses-rest",
                f"the item licence shares cover {total:.0%} of the items: add "
                "`- license: NOASSERTION` for the rest, whose licences are unknown",
                severity="warning",
            )


def _part_findings(
    document: Document,
    path: PathKey,
    component: dict[str, Any],
    parts: list[dict[str, Any]],
    data_class: str,
) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    closed: list[str] = []
    for index, part in enumerate(parts):
        where = (*path, "dataset", "parts", index)
        if part["name"] in seen:
            line = document.locate((*path, "dataset", "parts", seen[part["name"]])).line
            yield document.finding(
                (*where, "name"),
                "duplicate-part",
                f"part name '{part['name']}' is already used at line {line}",
            )
        seen.setdefault(part["name"], index)
        if part["availability"] != "open":
            closed.append(f"'{part['name']}' is {part['availability']}")
        elif part.get("data_class", data_class) == "undisclosed":
            yield document.finding(
                (*where, "availability"),
                "undisclosed-open",
                f"part '{part['name']}' is open but its data is undisclosed",
            )
    total, _ = _share_sum(parts)
    if total > 1 + _SLACK:
        yield document.finding(
            (*path, "dataset", "parts"),
            "parts-share",
            f"the part shares add up to {total:g}, over 1",
        )
    if closed and component["availability"] == "open":
        yield document.finding(
            (*path, "availability"),
            "parts-availability",
            f"component '{component['name']}' is open, but not every part is "
            f"({', '.join(closed)}): the availability of the whole dataset is that of its least "
            "available part; the parts say which part is open",
        )


SEMANTIC_CHECKS: tuple[Check, ...] = (
    check_dates,
    check_url_characters,
    check_placeholders,
    check_component_names,
    check_artifact_paths,
    check_document_paths,
    check_lineage_pins,
    check_dataset_roles,
    check_dataset_facts,
    check_open_components_located,
    check_licenses,
)
