"""A Hugging Face model card read as data: its YAML metadata, its headings, its model name.

The hub's own parser (``huggingface_hub.repocard``) splits the card with a regular expression
and loads the metadata with ``yaml.safe_load``, which has no limit on aliases, depth or size; a
card is untrusted input, so the metadata here goes through :mod:`aimanifest.source.reader`
(size before reading, aliases counted by expansion, depth, duplicate keys, string keys). The
split follows the hub's rule (a first line ``---``, the metadata, a line ``---``), found line by
line: linear in the card's length whatever it holds. ``docs/import.md`` says why the hub's
package is not a dependency; ``tests/test_card_corpus.py`` checks that both read every card of
the corpus alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from aimanifest.importers.base import ImporterError
from aimanifest.importers.common import REPO_ID, load_source_yaml, text_of

__all__ = ["Card", "NoMetadataError", "model_name", "parse_card", "strip_markdown"]


class NoMetadataError(ImporterError):
    """The card has no metadata block at all: a plain README, not a broken card."""


class Card(NamedTuple):
    """The metadata mapping (string keys, as the reader guarantees) and the Markdown body."""

    meta: dict[str, Any]
    body: str


def parse_card(path: str, text: str) -> Card:
    """Split ``text`` (the card at ``path``) into metadata and body, or :class:`ImporterError`."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or lines[start].rstrip() != "---":
        raise NoMetadataError(f"{path}: no YAML metadata block (--- ... ---) at the top")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].rstrip() in ("---", "...")), None
    )
    if end is None:
        raise ImporterError(f"{path}: the metadata block (---) is never closed by a '---' line")
    block = "\n".join(lines[start + 1 : end])
    meta = load_source_yaml(path, block, first_line=start + 2) if block.strip() else {}
    if not isinstance(meta, Mapping):
        raise ImporterError(f"{path}:{start + 2}: the metadata block is not a mapping")
    return Card(dict(meta), "\n".join(lines[end + 1 :]))


def headings(body: str, level: int = 1) -> Iterator[str]:
    """The text of each ATX heading of ``level`` (``# Title``), outside fenced code blocks.

    Line by line with string methods: a regular expression here was quadratic on a long run
    of spaces, and a card is untrusted input.
    """
    marker = "#" * level
    fenced = False
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or (not stripped.startswith(marker + " ") and stripped != marker):
            continue
        if stripped.startswith(marker + "#"):
            continue
        words = stripped[level:].split()
        if words and set(words[-1]) == {"#"}:  # a closing sequence: "# Title ##"
            words.pop()
        yield " ".join(words)


_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_TAG = re.compile(r"<[^<>\n]*>")
_EMPHASIS = re.compile(r"\*+|`+|~~")
_UNDERSCORES = re.compile(r"(?:^|(?<=\s))_{1,3}|_{1,3}(?=\s|$)")


def strip_markdown(text: str) -> str:
    """Inline Markdown as the plain text a reader sees: ``**Tern** [7B](x)`` -> ``Tern 7B``."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _UNDERSCORES.sub("", text)
    return " ".join(text.split())


_SECTION_TITLES = frozenset(
    {
        # the section headings of the hub's model card template, and their common variants
        "model details",
        "model description",
        "model card",
        "model summary",
        "model information",
        "model overview",
        "uses",
        "usage",
        "how to use",
        "how to get started with the model",
        "bias, risks, and limitations",
        "training details",
        "evaluation",
        "results",
        "citation",
        "license",
        "about",
        "overview",
        "introduction",
        "summary",
        "description",
        "table of contents",
        "quickstart",
        "quick start",
        "intended uses & limitations",
        "model id",
    }
)
_CARD_FOR = re.compile(r"^model\s+card\s+(?:for|of)\s+", re.IGNORECASE)


_ARTICLES = frozenset({"the", "a", "an", "this", "our", "my"})
"""Words that, before "Model Card", name no model ("The Model Card" is a section title)."""


class Naming(NamedTuple):
    """The release name a card gives, where it came from (for the warning that names the
    evidence), and the hub organisation when a heading is a hub id ``org/X``."""

    name: str
    source: str
    org: str = ""


def _title(heading: str) -> tuple[str, str]:
    """The model a title heading names, and its organisation: "Model Card for X", "X Model
    Card" and "org/X" name X."""
    text = _CARD_FOR.sub("", strip_markdown(heading))
    org = ""
    if "/" in text and REPO_ID.match(text.strip()):  # a hub id (mlx-community/...) names its name
        org, _, text = text.strip().partition("/")
    words = text.split()  # not a regex: a search for a suffix backtracks on long runs of spaces
    if len(words) > 2 and [word.lower() for word in words[-2:]] == ["model", "card"]:
        text = "" if words[-3].lower() in _ARTICLES else " ".join(words[:-2])
    return ("", "") if text.lower().strip(" :") in _SECTION_TITLES else (text, org)


def _scalar(value: Any) -> str:
    """A scalar's text; a mapping or a list names nothing."""
    return text_of(value) if isinstance(value, (str, int, float)) else ""


def model_name(card: Card, repo_id: str | None) -> Naming:
    """The release name and where it came from.

    ``--repo-id`` first, then the metadata's ``model_name``, then the first model-index entry's
    name, then the first top-level heading that is a title, not a section ("Model Details").
    Empty when nothing names the model.
    """
    if repo_id:
        return Naming(repo_id.rsplit("/", 1)[-1], "--repo-id")
    named = strip_markdown(_scalar(card.meta.get("model_name")))
    if named:
        return Naming(named, "model_name")
    index = card.meta.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], Mapping):
        indexed = strip_markdown(_scalar(index[0].get("name")))
        if indexed:
            return Naming(indexed, "model-index name")
    for heading in headings(card.body):
        title, org = _title(heading)
        if title:
            return Naming(title, f"the heading '# {heading}'", org)
    return Naming("", "")
