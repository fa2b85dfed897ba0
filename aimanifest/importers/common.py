"""What every importer needs: reading, warnings, placeholders, names, URLs and licences.

Importers read sources written for people (MOT entries, model cards, model folders), so every
guess they make is recorded as a warning for the publisher to review, every file is read
through the one reader (:func:`read_source`), every component name comes from one slug rule
and is unique in the manifest (:meth:`ImportRun.name`), placeholders are written and announced
in one way (:meth:`ImportRun.identity`), and free-text licence names go through
:func:`aimanifest.licenses.normalize_license`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from aimanifest.importers.base import ImporterError

# the placeholders live in the leaf module aimanifest.spec (the checks read them there)
from aimanifest.spec import PLACEHOLDER_DATE as PLACEHOLDER_DATE
from aimanifest.spec import PLACEHOLDER_PUBLISHER as PLACEHOLDER_PUBLISHER
from aimanifest.spec import PLACEHOLDER_VERSION as PLACEHOLDER_VERSION

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
"""A hub id: ``name`` (a legacy model, or a user or organisation) or ``org/name``."""
_HF_ID = re.compile(r"^[\w.-]+/[\w.-]+$")
_UNSTATED = ("undisclosed", "pending evaluation")
_OWN_REFS = ("LicenseRef-scancode-", "LicenseRef-aimanifest-")


def text_of(value: Any) -> str:
    """A scalar as text; YAML dates and numbers come back as the text they were written as."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def slug(text: str, fallback: str = "component") -> str:
    """A component name from free text: lowercase, ``[a-z0-9._-]``, at most 100 characters."""
    found = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return found[:100] or fallback


def read_source(path: str, *, root: str | None = None, what: str = "file") -> str:
    """The text of ``path`` through the one reader, or :class:`ImporterError` with its findings.

    Regular files only (a FIFO is refused at once), at most the manifest size limit (checked
    before reading), UTF-8; with ``root``, the file must resolve inside it.
    """
    from aimanifest.source import SourceError
    from aimanifest.source.reader import read_text

    try:
        return read_text(path, root=root, what=what)
    except SourceError as error:
        raise ImporterError(error.findings[0].message, error.findings) from None


def load_source_yaml(path: str, text: str, *, first_line: int = 1) -> Any:
    """Embedded YAML (front matter, an MOT file) under the manifest's limits, as plain data."""
    from aimanifest.source import SourceError
    from aimanifest.source.reader import load_yaml

    try:
        return load_yaml(path, text, first_line=first_line).data
    except SourceError as error:
        raise ImporterError(error.findings[0].message, error.findings) from None


class ImportRun:
    """One conversion: its warnings, the custom licences it met and the names it gave.

    ``source`` names the input in warnings ("the card", "the MOT file", "the folder"), so
    that no importer speaks of another's format.
    """

    def __init__(self, source: str = "the source") -> None:
        self.source = source
        self.warnings: list[str] = []
        self.custom: dict[str, dict[str, str]] = {}
        self._names: set[str] = set()
        self._next: dict[str, int] = {}
        self._normalised: dict[str, tuple[str, str | None]] = {}

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def name(self, text: str, fallback: str = "component", *, where: str = "") -> str:
        """A component name from ``text``, unique in this manifest (``-2``, ``-3`` if taken).

        Linear in the number of names: each base remembers the next free suffix, so 16,000
        components called alike cost 16,000 steps, not 16,000 squared.
        """
        base = slug(text, fallback)[:96]
        found = base
        if found in self._names:
            suffix = self._next.get(base, 2)
            while f"{base}-{suffix}" in self._names:
                suffix += 1
            found = f"{base}-{suffix}"
            self._next[base] = suffix + 1
            self.warn(f"{where or text}: the name '{base}' is taken: named '{found}'")
        self._names.add(found)
        return found

    def claim(self, name: str) -> None:
        """Reserve a name given elsewhere (a component the folder scan made), so none repeats."""
        self._names.add(name)

    def identity(
        self,
        name: str,
        *,
        version: str | None = None,
        date: str | None = None,
        publisher: str | None = None,
    ) -> dict[str, Any]:
        """A release mapping; each missing field is a placeholder and a warning saying so."""
        if not version:
            version = PLACEHOLDER_VERSION
            self.warn(f"{self.source} gives no version: '{version}' written, replace it")
        if not date:
            date = PLACEHOLDER_DATE
            self.warn(f"{self.source} gives no release date: {date} written, replace it")
        if not publisher:
            publisher = "unknown"
            self.warn(
                f"{self.source} names no publisher: 'unknown' written, replace it "
                "(or pass --repo-id org/name)"
            )
        return {"name": name, "version": version, "date": date, "publisher": {"name": publisher}}

    def url(self, where: str, value: Any, *, hub: bool = False) -> str | None:
        """A usable URL from messy text ("https://x · Hugging Face", "org/model"), or None."""
        text = text_of(value)
        if not text:
            return None
        first = text.split()[0]
        if hub and _HF_ID.match(first) and not URL.match(first):
            self.warn(f"{where}: '{text}' read as https://huggingface.co/{first}")
            first = f"https://huggingface.co/{first}"
        if not URL.match(first):
            self.warn(f"{where}: '{text}' is not a URL: left out")
            return None
        if first != text:
            self.warn(f"{where}: '{text}' shortened to the URL it starts with")
        return quote(first, safe=":/?#[]@!$&'()*+,;=%~.-_")

    def license(self, where: str, value: Any, path: Any = None) -> str | None:
        """An SPDX expression for a free-text licence name; None means "inherit"."""
        from aimanifest.licenses import normalize_license

        if isinstance(value, Mapping):  # a global licence: {name, path}
            value, path = value.get("name"), value.get("path")
        if value is not None and not isinstance(value, str):
            self.warn(f"{where}: licence {value!r} is not text: read as '{text_of(value)}'")
        text = text_of(value)
        if not text:
            return None
        if text.lower() == "unlicensed":
            return "NONE"
        if text.lower() in _UNSTATED:
            self.warn(f"{where}: licence '{text}' read as NOASSERTION")
            return "NOASSERTION"
        if text not in self._normalised:  # 16,000 components under one licence: one parse
            self._normalised[text] = normalize_license(text)
        expression, warning = self._normalised[text]
        if warning:
            self.warn(f"{where}: {warning}")
        for ref in re.findall(r"LicenseRef-[A-Za-z0-9.-]+", expression):
            if ref.startswith(_OWN_REFS) or ref in self.custom:
                continue
            url = self.url(f"{where} path", path) if text_of(path) else None
            if url:
                self.custom[ref] = {"id": ref, "name": text, "url": url}
            else:
                self.warn(
                    f"{where}: {ref} has no URL in {self.source}: declare its terms "
                    "in custom_licenses"
                )
        return expression
