"""``PATH:LINE:COLUMN: severity RULE: message``, the format editors and CI logs understand."""

from __future__ import annotations

from collections.abc import Sequence

from aimanifest.validate import Result


def render(results: Sequence[Result], *, tool_version: str, strict: bool = False) -> str:
    lines = [finding.as_text() for result in results for finding in result.findings]
    return "".join(line + "\n" for line in lines)
