"""Reading manifest files into plain data plus a map from each value to its line and column.

The JSON Schema validator and the semantic checks work on plain JSON-like data (dicts, lists,
strings, numbers, booleans); every message they produce names a JSON-pointer-like path. This
package turns such a path back into the line and column of the source file, for YAML and JSON
alike, and refuses, with one clear finding, anything that is not a sane manifest file: binary or
non-UTF-8 bytes, oversized files, syntax errors, duplicate keys, alias bombs, deep nesting.
:mod:`aimanifest.source.reader` is the one way any command reads any file.
"""

from aimanifest.source.document import (
    MAX_ALIAS_VALUES,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Document,
    Location,
    PathKey,
    SourceError,
)
from aimanifest.source.reader import (
    decode_text,
    load_yaml,
    read_bytes,
    read_document,
    read_text,
)

__all__ = [
    "MAX_ALIAS_VALUES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Document",
    "Location",
    "PathKey",
    "SourceError",
    "decode_text",
    "load_yaml",
    "read_bytes",
    "read_document",
    "read_text",
]
