"""SBOM exporters: one small interface, one module per output format.

Every exporter turns the same :class:`ExportContext` (schema-valid manifest data, its verdicts,
and a fixed creation time) into the text of one document. Exporters are imported only when
their format is asked for, so the SBOM libraries never slow down ``validate``.

Output must be deterministic: the same manifest gives byte-identical output. So the creation
time comes from the context (``--created``, else ``SOURCE_DATE_EPOCH``, else the release date),
never from the clock, and identifiers are derived from content, never random.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData
    from aimanifest.lineage_source import LineageOptions
    from aimanifest.verdicts import Verdicts

FORMATS: dict[str, str] = {
    "spdx-2.3": "spdx23",
    "spdx-2.3-tv": "spdx23",
    "spdx-3.0": "spdx3",
    "cyclonedx-1.6": "cyclonedx",
}
"""Format name (``--to``) -> module in this package implementing it."""


class ExportError(Exception):
    """The manifest cannot be expressed in the format; the message says what to change."""


class ExportContext(NamedTuple):
    """Everything an exporter may use; nothing else (no clock, no network, no randomness)."""

    manifest: ManifestData
    manifest_path: str
    """As the user gave it; exporters name the document after the release, not the path."""
    verdicts: Verdicts
    created: dt.datetime
    """The document's creation time, timezone-aware UTC."""
    tool_version: str
    format: str
    """The format name asked for, e.g. ``spdx-2.3-tv`` (one module may serve several)."""


class Exporter(Protocol):
    """The ``render`` function every exporter module defines."""

    def __call__(self, context: ExportContext) -> str: ...


def render_sbom(
    manifest: ManifestData,
    manifest_path: str,
    format_name: str,
    created: str | None = None,
    *,
    lineage: LineageOptions | None = None,
) -> str:
    """The SBOM text of a valid manifest: what ``export`` writes and ``export_file`` returns.

    ``created`` is the ``--created`` override (ISO 8601), if any; see :func:`creation_time`.
    """
    from aimanifest import __version__
    from aimanifest.verdicts import evaluate

    context = ExportContext(
        manifest=manifest,
        manifest_path=manifest_path,
        verdicts=evaluate(manifest, manifest_path, lineage=lineage),
        created=creation_time(manifest, created),
        tool_version=__version__,
        format=format_name,
    )
    return exporter(format_name)(context)


CONTENT_NAMESPACE = uuid.UUID("6f0d3c1e-2b7a-5c8e-9a41-0d5e8c7b3a21")
"""UUID5 namespace of identifiers derived from a manifest's content."""


def canonical_json(manifest: ManifestData) -> str:
    """The manifest as canonical JSON: equal manifests, equal text, whatever their key order."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_uuid(manifest: ManifestData, purpose: str) -> uuid.UUID:
    """A UUID5 over the manifest's canonical JSON: the same manifest, the same identifier."""
    return uuid.uuid5(CONTENT_NAMESPACE, f"{purpose}\n{canonical_json(manifest)}")


def location_url(component: ComponentData) -> str | None:
    """Where a component's ``location`` says to get it: its URL, else its repository as
    ``git+URL@revision`` (the SPDX download-location form)."""
    location = component.get("location", {})
    if "url" in location:
        return location["url"]
    if "repository" in location:
        repo = location["repository"]
        revision = location.get("revision")
        return f"git+{repo}@{revision}" if revision else f"git+{repo}"
    return None


def unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``...: the first not in ``used``, which it joins.

    Identifiers are derived from names so that they are stable across runs; two components
    whose names map to the same identifier characters get numbered in document order.
    """
    found, n = base, 1
    while found in used:
        n += 1
        found = f"{base}-{n}"
    used.add(found)
    return found


def exporter(format_name: str) -> Exporter:
    """The ``render`` function of ``format_name`` (a key of :data:`FORMATS`)."""
    module = import_module(f"aimanifest.exporters.{FORMATS[format_name]}")
    render: Exporter = module.render
    return render


def creation_time(manifest: ManifestData, override: str | None = None) -> dt.datetime:
    """The creation time of exported documents: fixed, so that exports are reproducible.

    ``override`` (an ISO 8601 date or date-time, from ``--created``) wins, then the
    ``SOURCE_DATE_EPOCH`` environment variable (reproducible-builds.org), then the release date
    at midnight UTC.
    """
    if override is not None:
        try:
            parsed = dt.datetime.fromisoformat(override.replace("Z", "+00:00"))
        except ValueError:
            raise ExportError(
                f"--created {override!r} is not an ISO 8601 date or date-time"
            ) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
        return parsed.astimezone(dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ExportError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds"
            ) from None
    date = dt.date.fromisoformat(manifest["release"]["date"])
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
