"""aimanifest: a machine-readable release manifest for AI models.

The Python API mirrors the command line::

    import aimanifest

    manifest = aimanifest.load("aimanifest.yaml")      # typed pydantic model, or raises
    result = aimanifest.validate_file("aimanifest.yaml")    # findings; never raises for bad input
    verdicts = aimanifest.classify_file("aimanifest.yaml")  # tier, MOF class, OSAID verdict
    sbom = aimanifest.export_file("aimanifest.yaml", "spdx-3.0")  # the SBOM's text
    report = aimanifest.verify_file("aimanifest.yaml")      # each file against its digests

Everything is imported on first use, so ``import aimanifest`` costs nothing and the command
line keeps its fast start.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime

    from aimanifest.integrity.verify import Report
    from aimanifest.lineage_source import LineageOptions
    from aimanifest.model import Manifest
    from aimanifest.source import Document
    from aimanifest.validate import InvalidManifestError, Result
    from aimanifest.verdicts import Verdicts

__version__ = "0.1.0"

from aimanifest.spec import SPEC_VERSIONS

__all__ = [
    "SPEC_VERSIONS",
    "InvalidManifestError",
    "classify_file",
    "export_file",
    "load",
    "validate_file",
    "verify_file",
]


def __getattr__(name: str) -> Any:
    """``InvalidManifestError`` lives in :mod:`aimanifest.validate`; imported when first used."""
    if name == "InvalidManifestError":
        from aimanifest.validate import InvalidManifestError

        return InvalidManifestError
    raise AttributeError(f"module 'aimanifest' has no attribute {name!r}")


def _lineage(root: str | os.PathLike[str] | None, fetch_lineage: bool) -> LineageOptions:
    """The lineage options of ``--root`` and ``--fetch-lineage``, from the API's keywords."""
    from aimanifest.lineage_source import LineageOptions

    if root is not None and not os.path.isdir(root):
        raise NotADirectoryError(f"root {os.fspath(root)} is not a directory")
    return LineageOptions(None if root is None else os.fspath(root), fetch_lineage)


def validate_file(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    fetch_lineage: bool = False,
) -> Result:
    """Everything ``aimanifest validate`` checks, for one file; bad input becomes findings.

    ``root`` and ``fetch_lineage`` are ``--root`` and ``--fetch-lineage``: the repository
    root base manifests must stay inside (default: found from ``.git``), and whether base
    manifests named by URL may be downloaded into the local cache (default: never).
    (Not named ``validate``: that is the name of the :mod:`aimanifest.validate` module.)
    """
    from aimanifest.validate import validate_path

    return validate_path(os.fspath(path), lineage=_lineage(root, fetch_lineage))


def load(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    fetch_lineage: bool = False,
) -> Manifest:
    """The manifest at ``path`` as a typed, immutable model, if it is valid.

    Raises :class:`InvalidManifestError` carrying the same findings ``validate_file`` gives.
    """
    from aimanifest.model import Manifest
    from aimanifest.validate import InvalidManifestError

    result = validate_file(path, root=root, fetch_lineage=fetch_lineage)
    if result.document is None or result.errors:
        raise InvalidManifestError(result.findings)
    return Manifest.from_data(result.document.data)


def classify_file(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    fetch_lineage: bool = False,
) -> Verdicts:
    """The verdicts on the manifest at ``path`` (its lineage read relative to it).

    ``verdicts.effective_tier`` is None when it is not assessed (a base that could lower it
    is unverified; ``verdicts.lineage`` says which and why). Raises
    :class:`InvalidManifestError` when the manifest is unusable or fails the schema or the
    semantic checks (an unsupported claim or an unverified base does not stop
    classification). ``root`` and ``fetch_lineage`` as for :func:`validate_file`.
    """
    from aimanifest.data import as_manifest
    from aimanifest.verdicts import evaluate

    name = os.fspath(path)
    lineage = _lineage(root, fetch_lineage)
    document = _checked_document(name, include_claims=False, lineage=lineage)
    return evaluate(as_manifest(document.data), name, lineage=lineage)


def _checked_document(
    path: str, *, include_claims: bool, lineage: LineageOptions | None = None
) -> Document:
    from aimanifest.validate import checked_document

    return checked_document(path, include_claims=include_claims, lineage=lineage)


def export_file(
    path: str | os.PathLike[str],
    to: str,
    *,
    created: datetime.datetime | str | None = None,
    root: str | os.PathLike[str] | None = None,
    fetch_lineage: bool = False,
) -> str:
    """The manifest at ``path`` as an SBOM in format ``to`` (``aimanifest export --to``).

    ``to`` is one of :data:`aimanifest.exporters.FORMATS` (``spdx-2.3``, ``spdx-2.3-tv``,
    ``spdx-3.0``, ``cyclonedx-1.6``). ``created`` fixes the document's timestamp, as
    ``--created`` does (default: ``SOURCE_DATE_EPOCH``, else the release date); ``root`` and
    ``fetch_lineage`` as for :func:`validate_file`. Raises
    :class:`InvalidManifestError` for an invalid manifest (claims included, as the command),
    :class:`aimanifest.exporters.ExportError` for one the format cannot express, and
    ``ValueError`` for an unknown format.
    """
    from aimanifest.data import as_manifest
    from aimanifest.exporters import FORMATS, render_sbom

    if to not in FORMATS:
        raise ValueError(f"unknown SBOM format {to!r}; one of {', '.join(FORMATS)}")
    name = os.fspath(path)
    lineage = _lineage(root, fetch_lineage)
    manifest = as_manifest(_checked_document(name, include_claims=True, lineage=lineage).data)
    if created is not None and not isinstance(created, str):
        created = created.isoformat()
    return render_sbom(manifest, name, to, created, lineage=lineage)


def verify_file(
    path: str | os.PathLike[str],
    root: str | os.PathLike[str] | None = None,
    *,
    ignore: tuple[str, ...] = (),
    workers: int | None = None,
) -> Report:
    """Check the files the manifest at ``path`` lists (``aimanifest verify``).

    ``root`` defaults to the manifest's directory. The :class:`Report` has each file's result,
    the findings (``report.exit_code()`` as the command's), the unlisted files and the
    model-signing compatible root digest. Raises :class:`InvalidManifestError` for an invalid
    manifest and ``NotADirectoryError`` when ``root`` is not a directory.
    """
    from aimanifest.integrity.verify import verify_document

    name = os.fspath(path)
    document = _checked_document(name, include_claims=False)
    directory = os.fspath(root) if root is not None else (os.path.dirname(name) or os.curdir)
    if not os.path.isdir(directory):
        raise NotADirectoryError(f"root {directory} is not a directory")
    return verify_document(document, directory, workers=workers, ignore=ignore)
