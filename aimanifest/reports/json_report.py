"""A stable JSON document for scripts: one entry per file, each finding with its location."""

from __future__ import annotations

import json
from collections.abc import Sequence

from aimanifest.validate import Result


def render(results: Sequence[Result], *, tool_version: str, strict: bool = False) -> str:
    report = {
        "tool": {"name": "aimanifest", "version": tool_version},
        "valid": all(result.exit_code(strict=strict) == 0 for result in results),
        "files": [
            {
                "path": result.path,
                "valid": result.exit_code(strict=strict) == 0,
                "errors": len(result.errors),
                "warnings": len(result.warnings),
                "findings": [finding._asdict() for finding in result.findings],
            }
            for result in results
        ],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
