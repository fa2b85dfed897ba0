"""The document type shared by the YAML and JSON readers, the limits, and file decoding."""

from __future__ import annotations

import codecs
import os
from typing import Any, NamedTuple

from aimanifest.findings import Exit, Finding

PathKey = tuple[str | int, ...]
"""A path into the data: mapping keys and sequence indexes, from the root."""

MAX_BYTES = 8 * 1024 * 1024
"""A manifest describes files; it does not contain them. Larger is a mistake or an attack."""
MAX_DEPTH = 64
"""The schema nests about ten levels deep; 64 leaves room and stops stack-exhausting input."""
MAX_NODES = 200_000
"""Counted after alias expansion, so a 'billion laughs' file is refused before anything walks it."""


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
        self.values: dict[PathKey, Location] = {}
        """Start of each value (and of each mapping or sequence)."""
        self.keys: dict[PathKey, Location] = {}
        """Start of each mapping key, indexed by the path of its value."""
        self.plain_scalars: dict[PathKey, str] = {}
        """Source text of unquoted scalars that were read as something other than a string,
        so that a type error can say "1.10 is read as a number: quote it"."""

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


def _fail(path: str, rule: str, message: str, line: int = 1, column: int = 1) -> SourceError:
    return SourceError([Finding(path, line, column, "error", rule, message)])


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` of UTF-8 ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def read_text(path: str) -> str:
    """Read ``path`` as UTF-8 text, refusing what no manifest can be, with a located message."""
    try:
        if os.path.isdir(path):
            raise _fail(path, "input", "is a directory, not a manifest file")
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise _fail(
                path,
                "input-too-large",
                f"file is {size:,} bytes; manifests are limited to {MAX_BYTES:,} bytes",
            )
        with open(path, "rb") as stream:  # pathlib costs start-up time
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(path, "input", "no such file") from None
    except PermissionError:
        raise _fail(path, "input", "permission denied") from None
    except OSError as error:
        raise _fail(path, "input", f"cannot read file: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:  # it grew, or it is a device: still refuse
        raise _fail(path, "input-too-large", f"file is larger than {MAX_BYTES:,} bytes")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)):
        raise _fail(path, "input-encoding", "file is UTF-16 or UTF-32; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _line_column(data, nul)
        raise _fail(
            path,
            "input-binary",
            "file contains a NUL byte: binary data, not a manifest",
            line,
            column,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        raise _fail(
            path,
            "input-encoding",
            f"byte 0x{data[error.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line,
            column,
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _fail(path, "input-empty", "file is empty")
    return text


def read_document(path: str, text: str | None = None) -> Document:
    """Parse a manifest file (YAML, or JSON for ``*.json``) with positions for every value."""
    if text is None:
        text = read_text(path)
    if path.lower().endswith(".json"):
        from aimanifest.source.json_reader import parse_json

        return parse_json(path, text)
    from aimanifest.source.yaml_reader import parse_yaml

    return parse_yaml(path, text)
