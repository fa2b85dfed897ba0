"""What every importer needs: warnings, URLs and licence names turned into SPDX.

Importers read sources written for people (MOT entries, model cards), so every guess they make
is recorded as a warning for the publisher to review, and free-text licence names go through
:func:`aimanifest.licenses.normalize_license`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

PLACEHOLDER_DATE = "1970-01-01"
PLACEHOLDER_VERSION = "unspecified"
"""What generated manifests (``import``, ``init``) write where the source says nothing; every
use is also a warning, so the publisher replaces it."""

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
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


class ImportRun:
    """One conversion: the warnings it produced and the custom licences it met."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.custom: dict[str, dict[str, str]] = {}

    def warn(self, message: str) -> None:
        self.warnings.append(message)

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
        """An SPDX expression for an MOT licence name; None means "inherit"."""
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
        expression, warning = normalize_license(text)
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
                    f"{where}: {ref} has no URL in the MOT file: declare its terms "
                    "in custom_licenses"
                )
        return expression
