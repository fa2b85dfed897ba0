"""The libraries model cards name in ``library_name``, with their real licence and repository.

A card that says ``library_name: transformers`` says which code runs the model, and that code
has a licence (Apache-2.0) and a home (github.com/huggingface/transformers) that no card
repeats. Without them an imported manifest lists its inference code as ``NOASSERTION`` and can
never be ``open-weights``. The facts are package data (``resources/importers/libraries.json``,
one source note per entry) so that they are read, checked and corrected as data, not code.
"""

from __future__ import annotations

import json
from functools import cache
from typing import NamedTuple

__all__ = ["Library", "library", "library_names"]


class Library(NamedTuple):
    """One library: the hub's spelling, its display name, licence, repository and source."""

    key: str
    name: str
    license: str
    repository: str
    architecture: bool
    """Whether the library implements model architectures (transformers, llama.cpp), so that
    a model it runs has its architecture's code there."""
    source: str


@cache
def _table() -> tuple[dict[str, Library], dict[str, str]]:
    from importlib.resources import files

    raw = json.loads(
        files("aimanifest").joinpath("resources/importers/libraries.json").read_text("utf-8")
    )
    table = {key: Library(key, **entry) for key, entry in raw["libraries"].items()}
    return table, dict(raw["aliases"])


def library(name: str) -> Library | None:
    """The library a card's ``library_name`` (or a tag) names, in any case; None if unknown."""
    table, aliases = _table()
    key = name.strip().lower()
    return table.get(aliases.get(key, key))


def library_names() -> frozenset[str]:
    """Every spelling :func:`library` knows (keys and aliases)."""
    table, aliases = _table()
    return frozenset(table) | frozenset(aliases)
