"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from collections.abc import Sequence

from aimanifest.escape import terminal
from aimanifest.validate import Result

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def _escape_data(text: str) -> str:
    """GitHub's own rule for a command's message, after the terminal rule (one line, inert)."""
    return terminal(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[Result], *, tool_version: str, strict: bool = False) -> str:
    lines = []
    for result in results:
        for f in result.findings:
            properties = (
                f"file={_escape_property(f.path)},line={f.line},col={f.column},"
                f"title={_escape_property('aimanifest ' + f.rule)}"
            )
            lines.append(f"::{_LEVELS[f.severity]} {properties}::{_escape_data(f.message)}\n")
    return "".join(lines)
