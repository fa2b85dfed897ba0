"""The JSON report of ``verify``: per-file results, the root digest, and every finding.

A separate renderer from ``json_report`` because verify has more to say than findings: what
each file hashed to, what was skipped, and the root digest to compare with a model signature.
"""

from __future__ import annotations

import json
from typing import Any

from aimanifest.integrity.rootdigest import ROOT_ALGORITHM
from aimanifest.integrity.verify import Report


def render(report: Report, *, tool_version: str, strict: bool) -> str:
    document: dict[str, Any] = {
        "tool": {"name": "aimanifest", "version": tool_version},
        "manifest": report.manifest,
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
                "compatible_with": "model_signing, files serialization, sha256",
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
        "findings": [finding._asdict() for finding in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
