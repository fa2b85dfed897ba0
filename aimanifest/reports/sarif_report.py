"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, Azure DevOps, IDEs)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from aimanifest.validate import Result

_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(results: Sequence[Result], *, tool_version: str, strict: bool = False) -> str:
    findings = [f for result in results for f in result.findings]
    rules = sorted({f.rule for f in findings})
    sarif_results: list[dict[str, Any]] = [
        {
            "ruleId": f.rule,
            "ruleIndex": rules.index(f.rule),
            "level": f.severity,
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(PurePath(f.path).as_posix())},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": _SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "aimanifest",
                        "version": tool_version,
                        "informationUri": "https://github.com/aimanifest/aimanifest",
                        "rules": [{"id": rule, "name": rule} for rule in rules],
                    }
                },
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
