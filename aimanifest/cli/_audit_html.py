"""``audit --html DIR``: a report page per release, written by the workers, and an index.

The worker function is module-level (picklable) and writes its release's page itself, so
pages are rendered in parallel and never travel back through the pool. The index is streamed:
its rows go to a temporary file as the audit runs and the page is rendered from that file at
the end, so memory stays flat however many releases there are.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from aimanifest.audit import AuditRow, inspect_manifest

REPORTS = "reports"
"""The sub-directory of DIR holding one page per release."""


def page_name(number: int, row: AuditRow) -> str:
    """``000042-tern-7b.html``: numbered in input order (unique), named for a reader."""
    slug = re.sub(r"[^a-z0-9.]+", "-", (row.name or os.path.basename(row.path)).lower())
    return f"{number:06d}-{slug.strip('-.')[:60] or 'release'}.html"


def audit_with_report(task: tuple[str, str, int]) -> tuple[AuditRow, str | None]:
    """Audit one manifest and write its page under ``DIR/reports``; the row and the page name.

    A manifest that could not be classified gets no page (its row says why).
    """
    from aimanifest import __version__
    from aimanifest.output import OutputError, write_file
    from aimanifest.reports.html_report import render_html, report_view

    path, directory, number = task
    inspection = inspect_manifest(path)
    if inspection.verdicts is None:
        return inspection.row, None
    name = page_name(number, inspection.row)
    view = report_view(inspection.data, inspection.verdicts, source=path, tool_version=__version__)
    target = os.path.join(directory, REPORTS, name)
    try:
        write_file(target, render_html(view), force=True)
    except OutputError:
        return inspection.row, None
    return inspection.row, name


class IndexWriter:
    """Collects index rows in a temporary file; :meth:`close` renders ``DIR/index.html``."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.pages = 0
        os.makedirs(os.path.join(directory, REPORTS), exist_ok=True)
        handle, self._rows_path = tempfile.mkstemp(prefix=".aimanifest-index-", suffix=".jsonl")
        self._rows = os.fdopen(handle, "w", encoding="utf-8")

    def wrap(self, results: Iterable[tuple[AuditRow, str | None]]) -> Iterator[AuditRow]:
        """Pass the rows on, noting each one (and its page) for the index."""
        for row, page in results:
            self.pages += page is not None
            self._rows.write(json.dumps({**row.as_dict(), "page": page}) + "\n")
            yield row

    def _read(self) -> Iterator[dict[str, Any]]:
        with open(self._rows_path, encoding="utf-8") as stream:
            for line in stream:
                yield json.loads(line)

    def close(self, total: int) -> None:
        from aimanifest import __version__
        from aimanifest.output import write_file
        from aimanifest.reports.html_report import render_template

        self._rows.close()
        try:
            text = render_template(
                "index.html.j2", rows=self._read(), total=total, tool_version=__version__
            )
            write_file(os.path.join(self.directory, "index.html"), text, force=True)
        finally:
            os.unlink(self._rows_path)
