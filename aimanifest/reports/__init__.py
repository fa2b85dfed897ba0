"""Output formats for validation results: one small interface, one module per format.

Every format renders the same list of results, so adding a format never touches a command.
Modules are imported on demand: the text report is all most runs need.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Protocol

from aimanifest.validate import Result

FORMATS = ("text", "json", "github", "sarif")


class Renderer(Protocol):
    """Turns validation results into the text a format prints.

    ``strict`` is the run's ``--strict``: a format that says whether a file is valid says it
    as the exit code does (:func:`aimanifest.findings.exit_code`).
    """

    def __call__(self, results: Sequence[Result], *, tool_version: str, strict: bool) -> str: ...


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name`` (one of ``FORMATS``)."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = import_module(f"aimanifest.reports.{name}_report")
    render: Renderer = module.render
    return render
