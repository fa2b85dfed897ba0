"""Validation of one manifest: spec version, then schema, then semantic checks.

The order matters: a manifest written for another spec version would drown in schema errors,
and semantic checks assume the schema's structure. Each stage runs only when the one before it
found no errors, and the first stage that fails says why in terms the publisher can act on.
"""

from __future__ import annotations

from aimanifest.findings import Exit, Finding
from aimanifest.source import Document, SourceError, read_document
from aimanifest.spec import spec_version_findings


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
        if self.unusable:
            return Exit.UNUSABLE
        if self.errors or (strict and self.warnings):
            return Exit.INVALID
        return Exit.OK


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


def validate_document(document: Document) -> list[Finding]:
    """All findings for an already-parsed document, in file order."""
    findings = structural_findings(document)
    if not any(f.severity == "error" for f in findings) and (
        "claims" in document.data or "lineage" in document.data
    ):
        findings.extend(verdict_findings(document))
    return sorted(findings, key=lambda finding: (finding.line, finding.column))


def verdict_findings(document: Document) -> list[Finding]:
    """Lineage problems and unsupported claims: they need the verdicts, so they come last."""
    from aimanifest.claims import claim_findings, lineage_findings
    from aimanifest.data import as_manifest
    from aimanifest.verdicts import evaluate

    verdicts = evaluate(as_manifest(document.data), document.path)
    return lineage_findings(document, verdicts) + claim_findings(document, verdicts)


def validate_path(path: str) -> Result:
    """Read and validate one file; never raises for bad input."""
    try:
        document = read_document(path)
    except SourceError as error:
        return Result(path, list(error.findings), unusable=error.exit_code == Exit.UNUSABLE)
    return Result(path, validate_document(document), document)
