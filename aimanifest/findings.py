"""Findings: what a check says about a place in a manifest.

Every check in the package reports through one small type so that every output format (text,
JSON, GitHub annotations, SARIF) can render any finding, and so that a file, line and column are
never optional: a user must always be told where to look.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Literal, NamedTuple

Severity = Literal["error", "warning", "note"]


class Exit(IntEnum):
    """The exit codes of the command contract (DESIGN.md)."""

    OK = 0
    INVALID = 1
    UNUSABLE = 2


class Finding(NamedTuple):
    """One message about one place in one file.

    ``line`` and ``column`` are 1-based, as editors and compilers print them. A named tuple
    rather than a dataclass: importing ``dataclasses`` costs ~15 ms of every command's start.
    Tuple order sorts findings by file, line and column.
    """

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def as_text(self) -> str:
        """The ``PATH:LINE:COLUMN: severity RULE: message`` line every text report prints."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.rule}: {self.message}"
