"""JSON to plain data with positions.

``json.loads`` keeps the last of duplicate keys and reports no positions for values, so this
module walks the text itself with an explicit stack (no recursion, so no depth-driven crash),
delegating the fiddly parts, strings and numbers, to the standard library's own scanners.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Callable
from json.decoder import JSONDecodeError
from json.scanner import NUMBER_RE
from typing import Any

from aimanifest.findings import Exit, Finding
from aimanifest.source.document import (
    MAX_DEPTH,
    Document,
    Location,
    PathKey,
    SourceError,
)

_scanstring: Callable[[str, int, bool], tuple[str, int]] = vars(json.decoder)["scanstring"]
"""The standard library's (C) string scanner; typeshed does not declare it."""
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
_MAX_DIGITS = 4300
"""Python's default limit for converting a string of digits to an int."""


class _ParseError(Exception):
    def __init__(self, offset: int, message: str, rule: str = "json-syntax") -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.rule = rule


class _Open:
    """A container being filled, and where it sits."""

    def __init__(self, container: dict[str, Any] | list[Any], path: PathKey) -> None:
        self.container = container
        self.path = path
        self.closer = "}" if isinstance(container, dict) else "]"

    def add(self, path: PathKey, value: Any) -> None:
        if isinstance(self.container, list):
            self.container.append(value)
        else:
            self.container[str(path[-1])] = value


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.text = text
        self.document = Document(path, None)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.duplicates: list[Finding] = []
        self.drop_next = False
        """Set by a duplicate key: its value is parsed (to find more errors), then dropped."""

    def location(self, offset: int) -> Location:
        line = bisect.bisect_right(self.line_starts, offset)
        return Location(line, offset - self.line_starts[line - 1] + 1)

    def skip(self, offset: int) -> int:
        match = _WHITESPACE.match(self.text, offset)
        return match.end() if match else offset

    def string(self, offset: int) -> tuple[str, int]:
        """Read the string that starts at the quote at ``offset``."""
        try:
            value, end = _scanstring(self.text, offset + 1, True)
        except JSONDecodeError as error:
            raise _ParseError(error.pos, error.msg) from None
        if _LONE_SURROGATE.search(value):
            raise _ParseError(offset, "string holds an unpaired \\u surrogate: not Unicode text")
        return value, end

    def scalar(self, offset: int, path: PathKey) -> tuple[Any, int]:
        """Read a string, number or literal at ``offset``; return it and the offset after it."""
        text = self.text
        char = text[offset : offset + 1]
        if char == '"':
            return self.string(offset)
        number = NUMBER_RE.match(text, offset)
        if number and number.group():
            integer, fraction, exponent = number.groups()
            source = number.group()
            self.document.plain_scalars[path] = source
            if fraction or exponent:
                return float(source), number.end()
            if len(integer) > _MAX_DIGITS:  # int() refuses them; no manifest number is that long
                raise _ParseError(offset, f"number with {len(integer):,} digits is too long")
            return int(integer), number.end()
        for word, value in _LITERALS.items():
            if text.startswith(word, offset):
                self.document.plain_scalars[path] = word
                return value, offset + len(word)
        for word in ("NaN", "Infinity", "-Infinity"):
            if text.startswith(word, offset):
                raise _ParseError(offset, f"{word} is not valid JSON")
        raise _ParseError(offset, "Expecting value")

    def parse(self) -> Any:
        """Walk the text with a stack of open containers and their paths."""
        text = self.text
        stack: list[_Open] = []
        offset = self.skip(0)
        path: PathKey = ()
        root: Any = None
        while True:
            # one value starts at `offset`; it belongs at `path`
            dropped, self.drop_next = self.drop_next, False
            self.document.values[path] = self.location(offset)
            opener = text[offset : offset + 1]
            value: Any
            if opener in ("{", "["):
                if len(stack) >= MAX_DEPTH:
                    raise _ParseError(
                        offset, f"nesting deeper than {MAX_DEPTH} levels", "json-too-deep"
                    )
                value = {} if opener == "{" else []
                offset = self.skip(offset + 1)
            else:
                value, offset = self.scalar(offset, path)
                offset = self.skip(offset)
            if stack:
                if not dropped:
                    stack[-1].add(path, value)
            else:
                root = value
            if isinstance(value, (dict, list)):
                stack.append(_Open(value, path))
                if not text.startswith(stack[-1].closer, offset):
                    path, offset = self._member(stack[-1], offset)
                    continue
            # close what ends here, then find where the next value goes
            while stack:
                if text.startswith(stack[-1].closer, offset):
                    stack.pop()
                    offset = self.skip(offset + 1)
                elif text.startswith(",", offset):
                    path, offset = self._member(stack[-1], self.skip(offset + 1))
                    break
                else:
                    raise _ParseError(offset, f"Expecting ',' or '{stack[-1].closer}'")
            else:
                if offset != len(text):
                    raise _ParseError(offset, "Extra data after the JSON value")
                return root

    def _member(self, parent: _Open, offset: int) -> tuple[PathKey, int]:
        """Read up to the next member's value (through its key, for an object)."""
        if isinstance(parent.container, list):
            return (*parent.path, len(parent.container)), offset
        if not self.text.startswith('"', offset):
            raise _ParseError(offset, "Expecting property name enclosed in double quotes")
        key_location = self.location(offset)
        key, offset = self.string(offset)
        offset = self.skip(offset)
        if not self.text.startswith(":", offset):
            raise _ParseError(offset, "Expecting ':' delimiter")
        offset = self.skip(offset + 1)
        key_path = (*parent.path, key)
        if key in parent.container:
            first = self.document.keys[key_path].line
            self.duplicates.append(
                Finding(
                    self.document.path,
                    key_location.line,
                    key_location.column,
                    "error",
                    "json-duplicate-key",
                    f"duplicate key {key!r} (first at line {first}); "
                    "JSON readers disagree on which one wins",
                )
            )
            self.drop_next = True
            return key_path, offset
        self.document.keys[key_path] = key_location
        return key_path, offset


def parse_json(path: str, text: str) -> Document:
    """Parse a JSON manifest; raise SourceError with located findings if it is not usable.

    Fast path: the standard library's C decoder reads the data, and the positions are found
    only if something asks for one (a finding); a valid manifest never does. Anything the fast
    path cannot vouch for (a syntax error, a duplicate key, nesting too deep, NaN, a lone
    surrogate) is read again by the positional reader, which says where and what.
    """
    data = _fast(text)
    if data is _UNSURE:
        return _positional(path, text)
    document = Document(path, data)
    document.locator = lambda target: _locate_into(target, text)
    return document


def _positional(path: str, text: str) -> Document:
    reader = _Reader(path, text)
    try:
        reader.document.data = reader.parse()
    except _ParseError as failure:
        where = reader.location(min(failure.offset, len(text)))
        finding = Finding(path, where.line, where.column, "error", failure.rule, failure.message)
        raise SourceError([finding]) from None
    if reader.duplicates:
        raise SourceError(reader.duplicates, Exit.INVALID)
    return reader.document


def _locate_into(document: Document, text: str) -> None:
    """Fill ``document``'s position tables from the positional reader (same data, same text)."""
    located = _Reader(document.path, text)
    located.parse()
    document.values = located.document.values
    document.keys = located.document.keys
    document.plain_scalars = located.document.plain_scalars


_UNSURE = object()


class _Unsure(Exception):  # noqa: N818 (a signal, not an error)
    """Raised inside the fast path: leave this text to the positional reader."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Unsure
    return found


def _constant(name: str) -> Any:
    raise _Unsure


def _fast(text: str) -> Any:
    """The data of ``text`` if the C decoder reads it and nothing needs a message, else _UNSURE."""
    import json

    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except (_Unsure, ValueError, RecursionError):
        return _UNSURE
    # what the C decoder accepts but a manifest may not hold: depth, lone surrogates
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if depth > MAX_DEPTH:
                return _UNSURE
            for key, child in value.items():
                if _LONE_SURROGATE.search(key):
                    return _UNSURE
                stack.append((child, depth + 1))
        elif isinstance(value, list):
            if depth > MAX_DEPTH:
                return _UNSURE
            stack.extend((child, depth + 1) for child in value)
        elif isinstance(value, str) and _LONE_SURROGATE.search(value):
            return _UNSURE
    return data
