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


def _url_values(data: Any) -> Iterator[tuple[PathKey, str, str]]:
    """(path, key, value) of every URL field's string, in document order, outside ``x-`` keys.

    An explicit stack rather than recursion: this runs on every manifest of an audit, and a
    generator per container cost a tenth of the audit's time.
    """
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if type(node) is dict:
            children = []
            for key, child in node.items():
                if type(child) is str:
                    if key in URL_FIELDS:
                        yield (*path, key), key, child
                elif type(child) in (dict, list) and not key.startswith("x-"):
                    children.append(((*path, key), child))  # x-: the publisher's vocabulary
            stack.extend(reversed(children))
        elif type(node) is list:
            stack.extend(
                ((*path, index), child)
                for index, child in reversed(list(enumerate(node)))
                if type(child) in (dict, list)
            )


def check_url_characters(document: Document) -> Iterator[Finding]:
    """A URL field holding a control or bidi character is not a URL (and forges output)."""
    for path, key, text in _url_values(document.data):
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
