"""The aimanifest specification's versions: the one place that names them.

A leaf module (it imports nothing of the package but :mod:`aimanifest.findings`'s types at
check time), so that the reader, the schema, the model, the importers and the writers all ask
it which versions exist, which one new manifests get, and how the editor modeline reads,
instead of each spelling "1.0" on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aimanifest.findings import Finding
    from aimanifest.source import Document

SPEC_VERSIONS: tuple[str, ...] = ("1.0", "1.1")
"""Versions of the specification this package reads, oldest first. Each has its own schema;
a minor version only adds, so a manifest valid under 1.0 means the same under 1.1."""
LATEST = SPEC_VERSIONS[-1]
"""The version generated manifests (``init``, ``import``) are written in."""

PLACEHOLDER_VERSION = "unspecified"
PLACEHOLDER_DATE = "1970-01-01"
PLACEHOLDER_PUBLISHER = "unknown"
"""What generated manifests (``import``, ``init``) write where the source says nothing. They
live here, in a leaf module, because two sides must agree on them: the generators that write
them and the semantic check (rule ``placeholder``) that warns until the publisher replaces
them, so that ``validate --strict`` and the pre-commit hook fail on an unfinished manifest."""


def at_least(version: str, minimum: str) -> bool:
    """Whether spec ``version`` has what ``minimum`` introduced (both in :data:`SPEC_VERSIONS`).

    Rules that differ between versions ask this rather than compare strings, which would put
    a future "1.10" before "1.9".
    """
    return SPEC_VERSIONS.index(version) >= SPEC_VERSIONS.index(minimum)


def schema_id(version: str = LATEST) -> str:
    """The immutable ``$id`` of the JSON Schema of ``version``."""
    return f"https://aimanifest.dev/schema/{version}/aimanifest.schema.json"


def schema_resource(version: str = LATEST) -> str:
    """The file name of the bundled schema of ``version`` (in ``resources/schemas``)."""
    return f"aimanifest-{version}.schema.json"


def modeline(version: str = LATEST) -> str:
    """The first line of a generated YAML manifest: editors then complete and check it."""
    return f"# yaml-language-server: $schema={schema_id(version)}\n"


def spec_version_findings(document: Document) -> list[Finding]:
    """Check the spec-version field before anything else reads the file.

    Empty when the manifest names a version this package reads; otherwise one finding that
    says what to write (a number read from ``1.10`` is told to be quoted).
    """
    data = document.data
    supported = ", ".join(SPEC_VERSIONS)
    if not isinstance(data, dict):
        return [
            document.finding(
                (), "manifest-type", "a manifest is a mapping of fields at the top level"
            )
        ]
    if "aimanifest" not in data:
        return [
            document.finding(
                (), "spec-version", f'missing spec version: add `aimanifest: "{LATEST}"`'
            )
        ]
    version = data["aimanifest"]
    if not isinstance(version, str):
        source = document.plain_scalars.get(("aimanifest",), repr(version))
        return [
            document.finding(
                ("aimanifest",),
                "spec-version",
                f'spec version {source} is read as a number: quote it: "{source}"',
            )
        ]
    if version not in SPEC_VERSIONS:
        return [
            document.finding(
                ("aimanifest",),
                "spec-version",
                f"spec version '{version}' is not supported by this aimanifest; "
                f"it reads spec versions: {supported} (a newer aimanifest may read it)",
            )
        ]
    return []
