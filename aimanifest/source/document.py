"""The document type shared by the YAML and JSON readers, and the limits they enforce."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from aimanifest.findings import Exit, Finding

PathKey = tuple[str | int, ...]
"""A path into the data: mapping keys and sequence indexes, from the root."""

MAX_BYTES = 8 * 1024 * 1024
"""A manifest describes files; it does not contain them. Larger is a mistake or an attack."""
MAX_DEPTH = 64
"""The schema nests about ten levels deep; 64 leaves room and stops stack-exhausting input."""
MAX_ALIAS_VALUES = 200_000
"""Values that aliases may add to a YAML document, counted as they expand, so a 'billion laughs'
file is refused before anything walks it. Plain values are not counted: :data:`MAX_BYTES` bounds
them, and a dataset may list 100,000 files."""
MAX_NODES = MAX_ALIAS_VALUES
"""The former name of :data:`MAX_ALIAS_VALUES`."""


class Location(NamedTuple):
    """Where a value starts: 1-based line and column."""

    line: int
    column: int


class Document:
    """A parsed manifest: its data, and where each part of it came from."""

    def __init__(self, path: str, data: Any) -> None:
        self.path = path
        """The path as the user gave it: that is what messages must repeat."""
        self.data = data
        self._values: dict[PathKey, Location] = {}
        self._keys: dict[PathKey, Location] = {}
        self._plain_scalars: dict[PathKey, str] = {}
        self.raw: bytes | None = None
        """The bytes the document was parsed from, when it was read from a file."""
        self.locator: Callable[[Document], None] | None = None
        """Fills the position tables on first use, for a reader that parsed without them (the
        JSON reader's fast path: a valid manifest never needs a position)."""

    def _located(self) -> Document:
        if self.locator is not None:
            locator, self.locator = self.locator, None
            locator(self)
        return self

    @property
    def values(self) -> dict[PathKey, Location]:
        """Start of each value (and of each mapping or sequence)."""
        return self._located()._values

    @values.setter
    def values(self, table: dict[PathKey, Location]) -> None:
        self._values = table

    @property
    def keys(self) -> dict[PathKey, Location]:
        """Start of each mapping key, indexed by the path of its value."""
        return self._located()._keys

    @keys.setter
    def keys(self, table: dict[PathKey, Location]) -> None:
        self._keys = table

    @property
    def plain_scalars(self) -> dict[PathKey, str]:
        """Source text of unquoted scalars that were read as something other than a string,
        so that a type error can say "1.10 is read as a number: quote it"."""
        return self._located()._plain_scalars

    @plain_scalars.setter
    def plain_scalars(self, table: dict[PathKey, str]) -> None:
        self._plain_scalars = table

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one (inside an alias)."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            found = table.get(prefix) or self.values.get(prefix)
            if found is not None:
                return found
        return Location(1, 1)

    def finding(
        self, path: PathKey, rule: str, message: str, *, key: bool = False, severity: str = "error"
    ) -> Finding:
        """A finding located at ``path`` in this document."""
        where = self.locate(path, key=key)
        return Finding(self.path, where.line, where.column, severity, rule, message)  # type: ignore[arg-type]


class SourceError(Exception):
    """The file cannot be used as a manifest at all; ``findings`` say why and where."""

    def __init__(self, findings: list[Finding], exit_code: Exit = Exit.UNUSABLE) -> None:
        super().__init__(findings[0].as_text() if findings else "unusable input")
        self.findings = findings
        self.exit_code = exit_code
