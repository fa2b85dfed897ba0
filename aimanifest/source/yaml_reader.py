"""YAML to plain data with positions, built from libyaml's event stream.

Why events and not ``yaml.safe_load``: the loader silently keeps the last of two duplicate keys,
expands aliases without limit, recurses once per nesting level and forgets where each value came
from. Walking the flat event stream ourselves (libyaml's parser keeps an explicit stack and never
recurses) lets us refuse duplicate keys, count nodes after alias expansion and bound the depth
before anything is built, and record the line and column of every key and value.

Scalars follow YAML 1.1 as PyYAML reads them, because that is what most consumers of a
manifest will see, with one exception: timestamps stay strings, so ``date: 2024-05-01`` is the
ISO string the schema expects. Unquoted scalars that YAML turns into numbers or booleans are
remembered so that a type error can tell the user to quote them.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from aimanifest.findings import Exit, Finding
from aimanifest.source.document import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    Document,
    Location,
    PathKey,
    SourceError,
)

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SKIPPED_IMPLICIT = {_TAG + "timestamp", _TAG + "merge", _TAG + "value", _TAG + "yaml"}
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _SKIPPED_IMPLICIT]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_CONSTRUCTORS = {
    _TAG + "null": SafeConstructor.construct_yaml_null,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
}
_CONSTRUCTOR = SafeConstructor()
_TYPE_NAMES = {bool: "boolean", int: "number", float: "number", type(None): "null"}


_IMPLICIT_FIRST = frozenset(first for first in _IMPLICIT if first is not None)
"""First characters with which a plain scalar may resolve to something other than a string:
any other plain scalar is a string without trying a resolver (the fast path of the loop)."""
_FAST_PLAIN = None not in _IMPLICIT


def _shortened(text: str, limit: int = 60) -> str:
    """A value quoted in a message, cut to ``limit`` characters (the location says where)."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def _resolve_plain(value: str) -> str:
    for tag, regexp in _IMPLICIT.get(value[:1], []) + _IMPLICIT.get(None, []):
        if regexp.match(value):
            return tag
    return _STR


class _Frame:
    """A mapping or sequence being filled, with the size it will have once aliases expand."""

    __slots__ = ("anchor", "container", "drop_value", "height", "key", "key_lines", "nodes", "path")

    def __init__(
        self, container: dict[str, Any] | list[Any], path: PathKey, anchor: str | None
    ) -> None:
        self.container = container
        self.path = path
        self.anchor = anchor
        self.nodes = 1
        self.height = 0
        self.key: str | None = None
        self.key_lines: dict[str, int] = {}
        self.drop_value = False
        """Set after a duplicate key: its value is built (to find more errors), then dropped."""


class _Anchored(NamedTuple):
    value: Any
    nodes: int
    height: int


class _Builder:
    """Consumes events, builds data, records positions and collects located errors."""

    def __init__(self, path: str) -> None:
        self.document = Document(path, None)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchored | None] = {}  # None: anchored container still open
        self.errors: list[Finding] = []
        self.alias_values = 0
        """Values added by aliases so far: what an alias bomb inflates."""
        self.done = False

    # -- errors -----------------------------------------------------------------------------
    def error(self, location: Location, rule: str, message: str) -> None:
        self.errors.append(
            Finding(self.document.path, location.line, location.column, "error", rule, message)
        )

    def fatal(self, location: Location, rule: str, message: str) -> SourceError:
        self.error(location, rule, message)
        return SourceError(self.errors)

    # -- where the next node goes -----------------------------------------------------------
    def _child_path(self) -> PathKey | None:
        """Path of the node about to start, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is None:
            return None
        return (*top.path, top.key)

    def _count_alias(self, location: Location, nodes: int, height: int) -> None:
        """Bound what an alias adds: its expanded values, and the depth it reaches.

        Plain values are bounded by the file size; only aliases can multiply them, so only the
        values aliases add are counted (as they would be once expanded).
        """
        self.alias_values += nodes
        if self.alias_values > MAX_ALIAS_VALUES:
            raise self.fatal(
                location,
                "yaml-too-large",
                f"aliases expand to more than {MAX_ALIAS_VALUES:,} values (an alias bomb?)",
            )
        if len(self.stack) + height > MAX_DEPTH:
            raise self.fatal(location, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels")

    def _attach(self, value: Any, location: Location, nodes: int, height: int) -> None:
        if not self.stack:
            self.document.data = value
            self.done = True
            return
        top = self.stack[-1]
        top.nodes += nodes
        top.height = max(top.height, height + 1)
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if top.key is None:  # this node is a key
            self._take_key(top, value, location)
            return
        if top.drop_value:
            top.drop_value = False
        else:
            top.container[top.key] = value
        top.key = None

    def _take_key(self, top: _Frame, key: Any, location: Location) -> None:
        if not isinstance(key, str):
            source = self.document.plain_scalars.pop((*top.path, "\0key"), None)
            shown = source if source is not None else repr(key)
            what = _TYPE_NAMES.get(type(key), "a mapping or sequence")
            self.error(
                location,
                "yaml-key-type",
                f'key {shown} is read as a {what}, not a string; quote it: "{shown}"',
            )
            key = str(source if source is not None else key)
        if key in top.key_lines:
            self.error(
                location,
                "yaml-duplicate-key",
                f"duplicate key {key!r} (first at line {top.key_lines[key]}); "
                "YAML readers disagree on which one wins",
            )
            top.drop_value = True
        else:
            top.key_lines[key] = location.line
        top.key = key
        key_path = (*top.path, key)
        self.document.keys[key_path] = location

    # -- events -----------------------------------------------------------------------------
    def scalar(self, event: Any, location: Location) -> None:
        path = self._child_path()
        tag = event.tag
        text: str = event.value
        if tag in (None, "!"):
            tag = _resolve_plain(text) if event.implicit[0] and not event.style else _STR
        value: Any
        if path is None and text == "<<" and not event.style:
            self.error(
                location, "yaml-merge-key", "merge keys (<<) are not supported: write the keys out"
            )
            value = text
        elif tag == _STR or tag == _TAG + "timestamp":
            value = text
        elif tag in _CONSTRUCTORS:
            try:
                value = _CONSTRUCTORS[tag](_CONSTRUCTOR, ScalarNode(tag, text))
            except (ValueError, yaml.YAMLError):
                self.error(
                    location,
                    "yaml-tag",
                    f"{_shortened(text)!r} is not a valid {tag.removeprefix(_TAG)}",
                )
                value = text
            if not event.style and event.tag is None:
                where = path if path is not None else (*self.stack[-1].path, "\0key")
                self.document.plain_scalars[where] = text
        else:
            self.error(location, "yaml-tag", f"tag {event.tag} is not supported in a manifest")
            value = text
        if path is not None:
            self.document.values[path] = location
        if event.anchor:
            self.anchors[event.anchor] = _Anchored(value, 1, 0)
        self._attach(value, location, 1, 0)

    def start(self, event: Any, location: Location, mapping: bool) -> None:
        path = self._child_path()
        if path is None:
            raise self.fatal(
                location, "yaml-key-type", "a mapping or sequence cannot be a key; keys are strings"
            )
        if event.tag not in (None, "!", _TAG + ("map" if mapping else "seq")):
            self.error(location, "yaml-tag", f"tag {event.tag} is not supported in a manifest")
        if len(self.stack) + 1 > MAX_DEPTH:
            raise self.fatal(location, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels")
        self.document.values[path] = location
        container: dict[str, Any] | list[Any] = {} if mapping else []
        if event.anchor:
            self.anchors[event.anchor] = None
        self.stack.append(_Frame(container, path, event.anchor))

    def end(self, location: Location) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = _Anchored(frame.container, frame.nodes, frame.height)
        start = self.document.values.get(frame.path, location)
        self._attach(frame.container, start, frame.nodes, frame.height)

    def alias(self, event: Any, location: Location) -> None:
        path = self._child_path()
        if event.anchor not in self.anchors:
            raise self.fatal(location, "yaml-syntax", f"alias *{event.anchor} names no anchor")
        anchored = self.anchors[event.anchor]
        if anchored is None:
            raise self.fatal(
                location, "yaml-alias", f"alias *{event.anchor} refers to a node that contains it"
            )
        self._count_alias(location, anchored.nodes, anchored.height)
        if path is not None:
            self.document.values[path] = location
        self._attach(anchored.value, location, anchored.nodes, anchored.height)


def _mark_location(mark: Any, first_line: int = 1) -> Location:
    return Location(mark.line + first_line, mark.column + 1)


def _syntax_error(path: str, text: str, error: yaml.YAMLError, first_line: int) -> SourceError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        location = _mark_location(mark, first_line)
        problem = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        message = f"{context}: {problem}" if context else str(problem)
        index = getattr(mark, "index", None)
        if isinstance(index, int) and index < len(text) and text[index] == "\t":
            message += " (tabs cannot indent YAML: use spaces)"
    else:  # reader errors carry a character offset instead of a mark
        offset = int(getattr(error, "position", 0))
        line = text.count("\n", 0, offset) + first_line
        location = Location(line, offset - text.rfind("\n", 0, offset))
        message = getattr(error, "reason", None) or str(error)
        character = getattr(error, "character", None)
        if isinstance(character, int):
            message = f"character U+{character:04X} is not allowed in YAML ({message})"
    return SourceError(
        [Finding(path, location.line, location.column, "error", "yaml-syntax", message)]
    )


def _run(builder: _Builder, loader: Any, first_line: int) -> None:
    """Feed every event to the builder, taking plain string scalars on a fast path.

    Most of a manifest is string keys and values, mappings and sequences, without anchors or
    tags; those are handled here, inline, with the builder's state in locals (several times
    faster than a method call per event). Everything else (other scalars, anchors, aliases,
    tags, the document's root, and any key that is a duplicate or a merge key) goes to the
    builder's methods, which say what is wrong.
    """
    stack = builder.stack
    values = builder.document.values
    keys = builder.document.keys
    check_event, get_event = loader.check_event, loader.get_event
    scalar_event = yaml.ScalarEvent
    fast_plain, implicit_first = _FAST_PLAIN, _IMPLICIT_FIRST
    resolve, string_tag = _resolve_plain, _STR
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    max_depth = MAX_DEPTH
    while check_event():
        event = get_event()
        kind = type(event)
        mark = event.start_mark
        location = Location(mark.line + first_line, mark.column + 1)
        if kind is scalar_event:
            text = event.value
            plain = not event.style
            if (
                stack
                and event.tag is None
                and not event.anchor
                and (
                    not plain
                    or (
                        fast_plain
                        and (text[:1] not in implicit_first or resolve(text) == string_tag)
                    )
                )
            ):
                top = stack[-1]
                container = top.container
                if type(container) is list:
                    values[top.path + (len(container),)] = location  # noqa: RUF005 (mypy's 3.10 target)
                    container.append(text)
                    top.nodes += 1
                    top.height = top.height or 1
                    continue
                key = top.key
                if key is None:
                    if text not in top.key_lines and not (plain and text == "<<"):
                        top.key_lines[text] = location.line
                        top.key = text
                        keys[top.path + (text,)] = location  # noqa: RUF005 (mypy's 3.10 target)
                        top.nodes += 1
                        top.height = top.height or 1
                        continue
                elif not top.drop_value:
                    values[top.path + (key,)] = location  # noqa: RUF005 (mypy's 3.10 target)
                    container[key] = text  # type: ignore[call-overload]
                    top.key = None
                    top.nodes += 1
                    top.height = top.height or 1
                    continue
            builder.scalar(event, location)
        elif kind is mapping_start or kind is sequence_start:
            if stack and event.tag is None and not event.anchor and len(stack) < max_depth:
                top = stack[-1]
                container = top.container
                if type(container) is list:
                    path: PathKey | None = (*top.path, len(container))
                else:
                    path = None if top.key is None else (*top.path, top.key)
                if path is not None:
                    values[path] = location
                    stack.append(_Frame({} if kind is mapping_start else [], path, None))
                    continue
            builder.start(event, location, mapping=kind is mapping_start)
        elif kind is mapping_end or kind is sequence_end:
            frame = stack[-1]
            parent = stack[-2] if len(stack) > 1 else None
            if (
                parent is not None
                and frame.anchor is None
                and (type(parent.container) is list or parent.key is not None)
            ):
                stack.pop()
                parent.nodes += frame.nodes
                if parent.height <= frame.height:
                    parent.height = frame.height + 1
                container = parent.container
                if type(container) is list:
                    container.append(frame.container)
                elif parent.drop_value:
                    parent.drop_value = False
                    parent.key = None
                else:
                    container[parent.key] = frame.container  # type: ignore[call-overload,index]
                    parent.key = None
                continue
            builder.end(location)
        elif kind is yaml.DocumentStartEvent:
            if builder.done:
                raise builder.fatal(
                    location,
                    "yaml-multiple-documents",
                    "a manifest is one YAML document; remove the second `---`",
                )
        elif kind is yaml.AliasEvent:
            builder.alias(event, location)


_UNSURE: Any = object()
"""What :func:`_data_only` returns for a text it leaves to the positional builder."""


def _data_only(text: str) -> Any:
    """The data of a plain manifest, without positions; :data:`_UNSURE` for anything else.

    Most manifests are one document of mappings, sequences, strings, numbers and booleans,
    without anchors, aliases, tags, duplicate or merge keys. For those this loop builds the
    data alone (no position tables, no per-event location), which is what a registry audit of
    valid manifests needs; positions are filled by the builder on first use
    (:attr:`Document.locator`). Anything it does not handle, syntax errors included, makes it
    give up, and the builder reads the text from the start and says what is wrong: one set of
    rules, in :class:`_Builder`, decides every error.
    """
    loader = _Loader(text)
    stack: list[Any] = []  # containers being filled
    pending: list[Any] = []  # per mapping on the stack: its key awaiting a value, or _UNSURE
    seen: list[set[str] | None] = []  # per container: the keys so far (None for a sequence)
    root: Any = _UNSURE
    documents = 0
    check_event, get_event = loader.check_event, loader.get_event
    scalar_event = yaml.ScalarEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    implicit_first, resolve, string_tag = _IMPLICIT_FIRST, _resolve_plain, _STR
    constructors, constructor, no_key = _CONSTRUCTORS, _CONSTRUCTOR, _UNSURE
    try:
        while check_event():
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                if event.tag is not None or event.anchor or not stack:
                    return _UNSURE
                value: Any = event.value
                if not event.style and (value[:1] in implicit_first or not _FAST_PLAIN):
                    tag = resolve(value)
                    if tag != string_tag:
                        if tag not in constructors:
                            return _UNSURE  # a merge key, a timestamp: the builder's rules
                        value = constructors[tag](constructor, ScalarNode(tag, value))
            elif kind is mapping_start or kind is sequence_start:
                if event.tag is not None or event.anchor or len(stack) >= MAX_DEPTH:
                    return _UNSURE
                mapping = kind is mapping_start
                stack.append({} if mapping else [])
                pending.append(no_key)
                seen.append(set() if mapping else None)
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = stack.pop()
                pending.pop()
                seen.pop()
                if not stack:
                    root = value
                    continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _UNSURE
                continue
            elif kind is yaml.AliasEvent:
                return _UNSURE
            else:
                continue
            container = stack[-1]
            keys = seen[-1]
            if keys is None:
                container.append(value)
            elif pending[-1] is no_key:  # ``value`` is a key
                if type(value) is not str or value in keys or (value == "<<"):
                    return _UNSURE
                keys.add(value)
                pending[-1] = value
            else:
                container[pending[-1]] = value
                pending[-1] = no_key
    except (yaml.YAMLError, ValueError, TypeError):
        return _UNSURE
    finally:
        loader.dispose()
    return root


def _locate_into(document: Document, text: str, first_line: int) -> None:
    """Fill ``document``'s position tables from the builder (same text, same data)."""
    builder = _Builder(document.path)
    loader = _Loader(text)
    try:
        _run(builder, loader, first_line)
    finally:
        loader.dispose()
    document.values = builder.document.values
    document.keys = builder.document.keys
    document.plain_scalars = builder.document.plain_scalars


def parse_yaml(path: str, text: str, *, first_line: int = 1) -> Document:
    """Parse one YAML document; raise SourceError with located findings if it is not usable.

    ``first_line`` is the line of ``path`` at which ``text`` starts (embedded YAML).
    """
    data = _data_only(text)
    if data is not _UNSURE:
        document = Document(path, data)
        document.locator = lambda target: _locate_into(target, text, first_line)
        return document
    builder = _Builder(path)
    loader = _Loader(text)
    try:
        _run(builder, loader, first_line)
    except yaml.YAMLError as error:
        raise _syntax_error(path, text, error, first_line) from None
    finally:
        loader.dispose()
    if not builder.done:
        raise SourceError(
            [Finding(path, first_line, 1, "error", "input-empty", "file holds no YAML value")]
        )
    if builder.errors:
        raise SourceError(builder.errors, Exit.INVALID)
    return builder.document
