"""aimanifest: a machine-readable release manifest for AI models.

The Python API mirrors the command line::

    import aimanifest

    manifest = aimanifest.load("aimanifest.yaml")      # typed pydantic model, or raises
    result = aimanifest.validate_file("aimanifest.yaml")    # findings; never raises for bad input
    verdicts = aimanifest.classify_file("aimanifest.yaml")  # tier, MOF class, OSAID verdict

Everything is imported on first use, so ``import aimanifest`` costs nothing and the command
line keeps its fast start.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aimanifest.findings import Finding
    from aimanifest.model import Manifest
    from aimanifest.validate import Result
    from aimanifest.verdicts import Verdicts

__version__ = "0.1.0"
SPEC_VERSIONS = ("1.0",)
"""Versions of the aimanifest specification this package reads, oldest first."""

__all__ = ["SPEC_VERSIONS", "InvalidManifestError", "classify_file", "load", "validate_file"]


class InvalidManifestError(ValueError):
    """The manifest is unusable or invalid; ``findings`` say what and where."""

    def __init__(self, findings: list[Finding]) -> None:
        errors = [f for f in findings if f.severity == "error"]
        super().__init__("\n".join(f.as_text() for f in errors) or "invalid manifest")
        self.findings = findings


def validate_file(path: str | os.PathLike[str]) -> Result:
    """Everything ``aimanifest validate`` checks, for one file; bad input becomes findings.

    (Not named ``validate``: that is the name of the :mod:`aimanifest.validate` module.)
    """
    from aimanifest.validate import validate_path

    return validate_path(os.fspath(path))


def load(path: str | os.PathLike[str]) -> Manifest:
    """The manifest at ``path`` as a typed, immutable model, if it is valid.

    Raises :class:`InvalidManifestError` carrying the same findings ``validate_file`` gives.
    """
    from aimanifest.model import Manifest

    result = validate_file(path)
    if result.document is None or result.errors:
        raise InvalidManifestError(result.findings)
    return Manifest.from_data(result.document.data)


def classify_file(path: str | os.PathLike[str]) -> Verdicts:
    """The verdicts on the manifest at ``path`` (its lineage read relative to it).

    Raises :class:`InvalidManifestError` when the manifest is unusable or fails the schema or
    the semantic checks (an unsupported claim does not stop classification).
    """
    from aimanifest.data import as_manifest
    from aimanifest.source import SourceError, read_document
    from aimanifest.validate import structural_findings
    from aimanifest.verdicts import evaluate

    name = os.fspath(path)
    try:
        document = read_document(name)
    except SourceError as error:
        raise InvalidManifestError(error.findings) from None
    findings = structural_findings(document)
    if any(f.severity == "error" for f in findings):
        raise InvalidManifestError(findings)
    return evaluate(as_manifest(document.data), name)
