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
import re
import uuid
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData
    from aimanifest.exporters._facts import Facts, Gap
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
    facts: Facts
    """Suppliers, versions and what the manifest leaves unknown (:mod:`._facts`): one rule
    for every format; exporters add to its gaps."""


class Export(NamedTuple):
    """An SBOM and the minimum elements it had to leave unknown."""

    text: str
    gaps: list[Gap]
    """Each with the manifest place and the field that would fill it (``export`` warns)."""


class Exporter(Protocol):
    """The ``render`` function every exporter module defines."""

    def __call__(self, context: ExportContext) -> str: ...


def build_sbom(
    manifest: ManifestData,
    manifest_path: str,
    format_name: str,
    created: str | None = None,
    *,
    lineage: LineageOptions | None = None,
) -> Export:
    """The SBOM of a valid manifest, with its gaps: what ``export`` writes and warns about.

    ``created`` is the ``--created`` override (ISO 8601), if any; see :func:`creation_time`.
    """
    from aimanifest import __version__
    from aimanifest.exporters._facts import Facts
    from aimanifest.verdicts import evaluate

    context = ExportContext(
        manifest=manifest,
        manifest_path=manifest_path,
        verdicts=evaluate(manifest, manifest_path, lineage=lineage),
        created=creation_time(manifest, created),
        tool_version=__version__,
        format=format_name,
        facts=Facts(manifest),
    )
    text = exporter(format_name)(context)
    return Export(text, list(context.facts.gaps))


def render_sbom(
    manifest: ManifestData,
    manifest_path: str,
    format_name: str,
    created: str | None = None,
    *,
    lineage: LineageOptions | None = None,
) -> str:
    """The SBOM text of a valid manifest (what ``export_file`` returns); see :func:`build_sbom`."""
    return build_sbom(manifest, manifest_path, format_name, created, lineage=lineage).text


CONTENT_NAMESPACE = uuid.UUID("6f0d3c1e-2b7a-5c8e-9a41-0d5e8c7b3a21")
"""UUID5 namespace of identifiers derived from a manifest's content."""


def canonical_json(manifest: ManifestData) -> str:
    """The manifest as canonical JSON: equal manifests, equal text, whatever their key order."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_NON_ASCII = re.compile("[\x7f-\U0010ffff]")


def json_text(data: object, *, sort_keys: bool = False) -> str:
    """``data`` as indented JSON with a final newline: UTF-8 text, except that the characters
    :func:`aimanifest.escape.terminal` would not show as they are (C1 controls, line and
    paragraph separators, invisible bidirectional controls, lone surrogates) are written as
    ``\\uXXXX`` escapes. JSON decodes those to the same values, so the document is unchanged;
    only its text is safe to show (``json`` already escapes C0 controls). Outside strings JSON
    text is ASCII, so replacing them anywhere is safe."""
    from aimanifest.escape import terminal

    def escaped(match: re.Match[str]) -> str:
        char = match.group()
        return char if terminal(char) == char else f"\\u{ord(char):04x}"

    text = json.dumps(data, indent=2, sort_keys=sort_keys, ensure_ascii=False)
    return _NON_ASCII.sub(escaped, text) + "\n"


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


class UniqueIds:
    """Identifiers made unique by numbering: ``base``, then ``base-2``, ``base-3``...

    Identifiers are derived from names so that they are stable across runs; names that map to
    the same identifier characters (``part_7`` and ``part-7``) get numbered in document order.
    The next number to try is kept per base, so n names sharing one base cost n steps, not
    n²/2 (16,000 such names took minutes).
    """

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._next: dict[str, int] = {}

    def take(self, base: str) -> str:
        """``base`` or its first free numbered form, which is then used."""
        found = base
        if found in self.used:
            n = self._next.get(base, 2)
            while f"{base}-{n}" in self.used:  # a name may itself look like "base-3"
                n += 1
            found = f"{base}-{n}"
            self._next[base] = n + 1
        self.used.add(found)
        return found


def exporter(format_name: str) -> Exporter:
    """The ``render`` function of ``format_name`` (a key of :data:`FORMATS`)."""
    module = import_module(f"aimanifest.exporters.{FORMATS[format_name]}")
    render: Exporter = module.render
    return render


EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
LATEST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc)
"""The creation times an export accepts. Every format writes a four-digit year and every
library here formats those correctly; before the Unix epoch is no plausible creation time of a
document, and ``SOURCE_DATE_EPOCH`` is defined as a non-negative count of seconds."""


def creation_time(manifest: ManifestData, override: str | None = None) -> dt.datetime:
    """The creation time of exported documents: fixed, so that exports are reproducible.

    ``override`` (an ISO 8601 date or date-time, from ``--created``) wins, then the
    ``SOURCE_DATE_EPOCH`` environment variable (reproducible-builds.org), then the release date
    at midnight UTC. Whatever the source, a time outside :data:`EARLIEST`..:data:`LATEST`, or
    one that cannot be converted to UTC (``0001-01-01T00:00+01:00``), is an
    :class:`ExportError` naming where it came from, never an ``OverflowError``.
    """
    if override is not None:
        try:
            parsed = dt.datetime.fromisoformat(override.replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=dt.timezone.utc)
            return _in_range(parsed.astimezone(dt.timezone.utc), f"--created {override!r}")
        except (ValueError, OverflowError):
            raise ExportError(
                f"--created {override!r} is not an ISO 8601 date or date-time between "
                f"{_iso(EARLIEST)} and {_iso(LATEST)} (UTC)"
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            seconds = int(epoch)
            if not 0 <= seconds <= LATEST.timestamp():
                raise ValueError(epoch)
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ExportError(
                f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a whole number of seconds from 0 "
                f"to {int(LATEST.timestamp())} ({_iso(LATEST)})"
            ) from None
    date = dt.date.fromisoformat(manifest["release"]["date"])
    midnight = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    return _in_range(midnight, f"release.date {manifest['release']['date']!r}")


def _in_range(moment: dt.datetime, source: str) -> dt.datetime:
    if not EARLIEST <= moment <= LATEST:
        raise ExportError(
            f"{source} is outside {_iso(EARLIEST)}..{_iso(LATEST)}; "
            "give the document's creation time with --created"
        )
    return moment


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
