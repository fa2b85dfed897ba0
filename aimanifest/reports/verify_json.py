"""The JSON report of ``verify``: per-file results, the root digest, and every finding.

A separate renderer from ``json_report`` because verify has more to say than findings: what
each file hashed to, what was skipped, and the root digest to compare with a model signature.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from aimanifest.integrity.rootdigest import ROOT_ALGORITHM
from aimanifest.integrity.verify import Report


class Unchecked(NamedTuple):
    """A manifest whose files were not checked: it is invalid, unreadable, or its root is not
    a directory (the reason was printed on standard error)."""

    manifest: str
    exit_code: int


def render(reports: Sequence[Report | Unchecked], *, tool_version: str, strict: bool) -> str:
    """One document for every manifest of the run, in the order given."""
    document = {
        "tool": {"name": "aimanifest", "version": tool_version},
        "verified": all(
            not isinstance(report, Unchecked) and report.exit_code(strict=strict) == 0
            for report in reports
        ),
        "manifests": [
            _unchecked(report) if isinstance(report, Unchecked) else _checked(report, strict)
            for report in reports
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _unchecked(report: Unchecked) -> dict[str, Any]:
    return {"manifest": report.manifest, "verified": False, "checked": False}


def _checked(report: Report, strict: bool) -> dict[str, Any]:
    return {
        "manifest": report.manifest,
        "checked": True,
        "root": report.root,
        "verified": report.exit_code(strict=strict) == 0,
        "errors": sum(1 for f in report.findings if f.severity == "error"),
        "warnings": sum(1 for f in report.findings if f.severity == "warning"),
        "root_digest": (
            None
            if report.root_digest is None
            else {
                "algorithm": ROOT_ALGORITHM,
                "digest": report.root_digest,
                # the files digest files list are not in it, so model_signing's would differ
                "compatible_with": None
                if report.digest_files
                else "model_signing, files serialization, sha256",
            }
        ),
        "bytes_hashed": report.bytes_hashed,
        "seconds": round(report.seconds, 3),
        "files": [
            {
                "path": result.path,
                "status": result.status,
                "size": result.size,
                "expected": result.expected,
                "actual": result.actual,
            }
            for result in report.files
        ],
        "skipped": [
            {"uri": uri, "reason": "uri only: not in the repository"} for uri, _ in report.skipped
        ],
        "unlisted": [{"path": file.path, "size": file.size} for file in report.unlisted],
        "digest_files": [
            {
                "path": listing.path,
                "pinned": listing.pinned,
                "listed": listing.listed,
                "ok": listing.ok,
                "failed": listing.failed,
            }
            for listing in report.digest_files
        ],
        "findings": [finding._asdict() for finding in report.findings],
    }
