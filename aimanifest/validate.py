"""Validation of one manifest: spec version, then schema, then semantic checks.

The order matters: a manifest written for another spec version would drown in schema errors,
and semantic checks assume the schema's structure. Each stage runs only when the one before it
found no errors, and the first stage that fails says why in terms the publisher can act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aimanifest.findings import Exit, Finding, exit_code
from aimanifest.source import Document, SourceError, read_document
from aimanifest.spec import spec_version_findings

if TYPE_CHECKING:
    from aimanifest.lineage_source import LineageOptions
    from aimanifest.verdicts import Verdicts


class Result:
    """What validating one file found, and the exit code it deserves on its own."""

    def __init__(
        self,
        path: str,
        findings: list[Finding],
        document: Document | None = None,
        *,
        unusable: bool = False,
    ) -> None:
        self.path = path
        self.findings = findings
        self.document = document
        self.unusable = unusable

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def exit_code(self, *, strict: bool = False) -> Exit:
        """Unusable input is 2; otherwise the findings decide (:func:`.findings.exit_code`)."""
        if self.unusable:
            return Exit.UNUSABLE
        return exit_code(self.findings, strict=strict)


def structural_findings(document: Document) -> list[Finding]:
    """Spec version, then schema, then semantic checks: what must hold before any verdict."""
    findings = spec_version_findings(document)
    if findings:
        return findings
    from aimanifest.schema import schema_findings

    findings = schema_findings(document)
    if any(f.severity == "error" for f in findings):
        return findings
    from aimanifest.checks import SEMANTIC_CHECKS

    for check in SEMANTIC_CHECKS:
        findings.extend(check(document))
    return findings


def validate_document(
    document: Document, *, lineage: LineageOptions | None = None
) -> list[Finding]:
    """All findings for an already-parsed document, in file order.

    ``lineage`` says where base manifests may be read from (root, fetching); default: the
    repository found from ``.git``, no network. The verdicts are computed only when the
    manifest has claims or lineage to check: a plain manifest's validation never pays for them.
    """
    findings, _verdicts = _validated(document, lineage=lineage, verdicts_wanted=False)
    return findings


def validate_and_evaluate(
    document: Document, *, lineage: LineageOptions | None = None
) -> tuple[list[Finding], Verdicts | None]:
    """:func:`validate_document` and the verdicts, computed once for both (``audit``).

    The verdicts are None when the manifest's structure is invalid (nothing to judge).
    """
    return _validated(document, lineage=lineage, verdicts_wanted=True)


def _validated(
    document: Document, *, lineage: LineageOptions | None, verdicts_wanted: bool
) -> tuple[list[Finding], Verdicts | None]:
    findings = structural_findings(document)
    verdicts = None
    if not any(f.severity == "error" for f in findings):
        checks_claims = "claims" in document.data or "lineage" in document.data
        if checks_claims or verdicts_wanted:
            from aimanifest.data import as_manifest
            from aimanifest.verdicts import evaluate

            verdicts = evaluate(as_manifest(document.data), document.path, lineage=lineage)
        if checks_claims:
            assert verdicts is not None
            findings.extend(verdict_findings(document, verdicts))
    return sorted(findings, key=lambda finding: (finding.line, finding.column)), verdicts


def verdict_findings(document: Document, verdicts: Verdicts) -> list[Finding]:
    """Lineage problems and unsupported claims: they need the verdicts, so they come last."""
    from aimanifest.claims import claim_findings, lineage_findings

    return lineage_findings(document, verdicts) + claim_findings(document, verdicts)


class InvalidManifestError(ValueError):
    """The manifest is unusable or invalid; ``findings`` say what and where.

    ``unusable_exit`` is set when the file could not be read as a manifest at all (its exit
    code: 2, or 1 for a readable file with, e.g., duplicate keys); None for a manifest that was
    read but fails the schema, the semantic checks or (where asked) its claims.
    """

    def __init__(self, findings: list[Finding], unusable_exit: int | None = None) -> None:
        errors = [f for f in findings if f.severity == "error"]
        super().__init__("\n".join(f.as_text() for f in errors) or "invalid manifest")
        self.findings = findings
        self.unusable_exit = unusable_exit


def checked_document(
    path: str, *, include_claims: bool, lineage: LineageOptions | None = None
) -> Document:
    """The document at ``path`` if it passes validation, or :class:`InvalidManifestError`.

    The one "read a manifest and require it valid", for the commands and the Python API alike.
    ``include_claims`` also requires the lineage and the claims to hold (``export``); without it
    only the structure must be sound (``classify`` and ``verify``, which report on the rest).
    """
    try:
        document = read_document(path)
    except SourceError as error:
        raise InvalidManifestError(error.findings, int(error.exit_code)) from None
    if include_claims:
        findings = validate_document(document, lineage=lineage)
    else:
        findings = structural_findings(document)
    if any(f.severity == "error" for f in findings):
        raise InvalidManifestError(findings)
    return document


def validate_path(path: str, *, lineage: LineageOptions | None = None) -> Result:
    """Read and validate one file; never raises for bad input."""
    try:
        document = read_document(path)
    except SourceError as error:
        return Result(path, list(error.findings), unusable=error.exit_code == Exit.UNUSABLE)
    return Result(path, validate_document(document, lineage=lineage), document)
