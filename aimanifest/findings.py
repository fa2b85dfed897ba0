"""Findings: what a check says about a place in a manifest.

Every check in the package reports through one small type so that every output format (text,
JSON, GitHub annotations, SARIF) can render any finding, and so that a file, line and column are
never optional: a user must always be told where to look.
"""

from __future__ import annotations

from collections.abc import Iterable
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
        """The ``PATH:LINE:COLUMN: severity RULE: message`` line every text report prints.

        Always one line, and nothing in it acts on a terminal or a CI log: the path and the
        message (which quote manifest values) are shown through :func:`aimanifest.escape.terminal`,
        and a path that would start the line with ``::`` (a GitHub workflow command) is shown
        as ``./::...``, the same file.
        """
        from aimanifest.escape import terminal

        path = terminal(self.path)
        if path.startswith("::"):
            path = "./" + path
        where = f"{path}:{self.line}:{self.column}"
        return f"{where}: {self.severity} {self.rule}: {terminal(self.message)}"


def exit_code(findings: Iterable[Finding], *, strict: bool = False) -> Exit:
    """The exit code findings deserve: 1 with an error, or with a warning under ``--strict``.

    The one exit policy: every command and every renderer (``valid`` in JSON reports included)
    asks it, so that what a report says and what the process returns never disagree. Unusable
    input (exit 2) is decided before there are findings to judge, by whoever could not read it.
    """
    severities = {finding.severity for finding in findings}
    if "error" in severities or (strict and "warning" in severities):
        return Exit.INVALID
    return Exit.OK
