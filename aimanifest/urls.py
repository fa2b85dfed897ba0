"""Which manifest values are URLs, and what no URL may contain.

The schema declares every URL field ``format: uri`` and, for editors that do not assert
formats, a pattern that refuses whitespace. Neither refuses control characters: ``\\x1b[31m``
or a BEL passes the pattern, is printed by other tools into terminals and CI logs, and makes
an exported CycloneDX document fail its own ``iri-reference`` check. RFC 3986 allows no
control character in a URI (they must be percent-encoded), and RFC 3987 section 4.1 allows no
bidirectional formatting character in an IRI, so refusing them enforces what the schema
already says (``format: uri``) rather than adding a rule: it holds for every spec version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from aimanifest.findings import Finding
from aimanifest.source import Document, PathKey

URL_FIELDS = frozenset(
    {"url", "uri", "homepage", "repository", "model_hub", "paper", "documentation", "issues"}
)
"""Property names that the schema (1.0 and 1.1) declares ``format: uri`` wherever they hold a
string (``lineage[].manifest.url`` and every document reference's ``url`` included);
tests/test_urls.py keeps this set equal to the schemas'."""

_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, DEL, and the bidirectional formatting characters of RFC 3987 4.1."""


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str, str]]:
    """(path, key, value) of every string held directly under a mapping key, outside x- keys."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key.startswith("x-"):
                continue  # extensions are the publisher's own vocabulary
            if isinstance(child, str):
                yield (*path, key), key, child
            else:
                yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))


def check_url_characters(document: Document) -> Iterator[Finding]:
    """A URL field holding a control or bidi character is not a URL (and forges output)."""
    for path, key, text in _strings(document.data, ()):
        if key not in URL_FIELDS:
            continue
        found = _FORBIDDEN.search(text)
        if found is None:
            continue
        character = found.group()
        shown = text if len(text) <= 80 else f"{text[:80]}..."  # renderers escape it
        yield document.finding(
            path,
            "url-invalid",
            f"{key} '{shown}' holds the character U+{ord(character):04X}, which no "
            f"URL may contain (RFC 3986, RFC 3987); percent-encode it "
            f"({''.join(f'%{b:02X}' for b in character.encode('utf-8'))}) or remove it",
        )
