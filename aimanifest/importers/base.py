"""The one importer interface: every source (model card, MOT file, model folder) looks alike.

``aimanifest import`` and ``aimanifest init`` start a manifest from something written for
people or tools that know nothing of aimanifest. Whatever the source, the contract is the same,
so it is written once:

* an importer is a small object with a ``name`` (``hf``, ``mof``, ``folder``) and one method,
  :meth:`Importer.run`, taking the path and :class:`Options` and returning :class:`Imported`:
  schema-valid manifest data plus one warning for every guess, placeholder or loss;
* every file it reads goes through :mod:`aimanifest.source.reader` (regular files, size before
  content, kept inside a root, embedded YAML under the manifest's limits) by way of
  :func:`aimanifest.importers.common.read_source`;
* every failure is an :class:`ImporterError` (a source that cannot be used at all: exit 2),
  carrying the reader's located findings when there are some;
* warnings, placeholders and component-name slugs come from
  :class:`aimanifest.importers.common.ImportRun`, so the three importers cannot drift apart.

Modules register here by name and are imported only when chosen.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, ClassVar, NamedTuple, Protocol

from aimanifest.findings import Finding

__all__ = ["IMPORTERS", "Imported", "Importer", "ImporterError", "Options", "importer"]


class ImporterError(ValueError):
    """The source cannot be imported at all (the CLI prints :meth:`lines` and exits 2)."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []

    def lines(self) -> list[str]:
        """What to print: the reader's located findings, or the message."""
        if self.findings:
            return [finding.as_text() for finding in self.findings]
        return [f"aimanifest: {self}"]


class Options(NamedTuple):
    """What the user said about the source beyond its path (every importer takes the same)."""

    repo_id: str | None = None
    """The model's hub id ``org/name``: its publisher, its URLs, its name."""
    name: str | None = None
    """The release name, when the user gives it (``init --name``)."""
    progress: bool = False
    """Whether a long job (hashing a folder) may show a progress bar."""


class Imported(NamedTuple):
    """Manifest data (schema-valid, spec :data:`aimanifest.spec.LATEST`) and what to review."""

    data: dict[str, Any]
    warnings: list[str]


class Importer(Protocol):
    """One source format."""

    name: ClassVar[str]

    def run(self, path: str, options: Options) -> Imported:
        """Read ``path`` and convert it, or raise :class:`ImporterError`."""
        ...


IMPORTERS = {
    "hf": "aimanifest.importers.hf:HfImporter",
    "mof": "aimanifest.importers.mof:MotImporter",
    "folder": "aimanifest.scaffold.importer:FolderImporter",
}
"""Importer name -> ``module:class``; modules are imported only when their importer is used."""


def importer(name: str) -> Importer:
    """The importer called ``name`` (one of :data:`IMPORTERS`)."""
    module, _, cls = IMPORTERS[name].partition(":")
    found: Importer = getattr(import_module(module), cls)()
    return found
