"""Licence texts in a model folder (LICENSE, COPYING, NOTICE): which licence they hold.

A folder without a model card often still says its licence, in a LICENSE file. Identifying a
licence from its text is a solved problem with maintained data, so it is left to a matcher:
``licenseclassifier`` (a pure-Python port of Google's ``licensecheck``, the matcher behind
pkg.go.dev, with the SPDX licence texts as its data). ``docs/init.md`` records why this one
(install size, start-up cost, Python 3.10, no false match on prose) and its measured cost. It
is imported only when a folder holds a licence text, so no other command pays for it.

Model licences outside the SPDX list (Llama, Gemma, OpenRAIL) are not in its data: such a text
is reported as not identified, and the publisher names it (``release.license``).
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from aimanifest.importers.base import ImporterError
from aimanifest.importers.common import read_source

__all__ = ["LICENSE_TEXT", "Identified", "identify_file"]

LICENSE_TEXT = re.compile(r"^(licen[cs]e|copying)([._-].*)?$", re.IGNORECASE)
"""Names whose text is a licence to identify (``NOTICE`` holds attributions, not terms)."""


class Identified(NamedTuple):
    """What a licence file holds: an SPDX expression (None when not identified) and notes."""

    expression: str | None
    notes: list[str]


def identify_text(text: str) -> list[str]:
    """The SPDX ids of the licences ``text`` holds, in order, one per matched region."""
    from licenseclassifier import identify_license

    found: dict[tuple[int, int], str] = {}
    for match in identify_license(text):
        # the matcher may name one region twice (GPL-1.0 and GPL-1.0-or-later): keep the first
        found.setdefault((match.start, match.end), match.id)
    return list(dict.fromkeys(found.values()))


def identify_file(root: str, path: str) -> Identified:
    """The licence of licence text ``path`` (relative to ``root``), read inside ``root``."""
    from aimanifest.licenses import normalize_license

    try:
        text = read_source(os.path.join(root, path), root=root, what="licence file")
    except ImporterError as error:
        return Identified(None, [f"{path} not read as a licence text: {error}"])
    ids = identify_text(text)
    if not ids:
        return Identified(
            None,
            [
                f"{path}: its text is not identified as a licence of the SPDX list "
                "(licenseclassifier): name its licence in release.license"
            ],
        )
    notes = []
    expressions = []
    for found in ids:
        expression, warning = normalize_license(found)
        if warning and expression != found:
            notes.append(f"{path}: the matcher's '{found}' written as '{expression}'")
        expressions.append(expression)
    expression = " AND ".join(dict.fromkeys(expressions))
    notes.insert(0, f"{path}: text identified as {expression} (licenseclassifier)")
    return Identified(expression, notes)
