"""A list of paths, one per line, read as a stream: the registry too big for a command line.

``find registry -name aimanifest.yaml > list`` or a database export names millions of
manifests; Linux refuses a command line over about 2 MB (some 50,000 paths), and CPython keeps
about 1 kB per argument before any of our code runs. So ``audit --paths-from FILE`` reads the
list lazily, and the rules of the one reader apply in the form a stream allows:

* a regular file, a pipe (``<(find ...)``, ``-`` for standard input) and nothing else, opened
  with ``O_NONBLOCK`` so that a FIFO without a writer reads as empty instead of blocking;
* no size limit (the list streams) but a limit per line, so ``/dev/zero``-like input without a
  newline is refused after one line instead of exhausting memory;
* a NUL byte in a line is an error at its line; the bytes of a path are decoded as the file
  system's (``os.fsdecode``), so non-UTF-8 names still name their files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

from aimanifest.findings import Finding
from aimanifest.source.document import SourceError
from aimanifest.source.reader import OpenError, open_regular

__all__ = ["MAX_PATH_LINE", "read_path_list"]

MAX_PATH_LINE = 16_384
"""Bytes a line may hold: four times Linux's PATH_MAX, so no real path is refused."""


def read_path_list(source: str, *, stdin: BinaryIO | None = None) -> Iterator[str]:
    """The paths ``source`` lists, one per line (``-``: standard input), lazily.

    Blank lines are skipped and a trailing carriage return is dropped. Raises
    :class:`SourceError` naming ``source`` and the line; paths are not checked here (the
    command reports each missing or unreadable manifest as it meets it).
    """
    if source == "-":
        if stdin is None and sys.stdin is None:  # started with standard input closed (`<&-`)
            raise _fail(source, 1, "is closed: there is no list to read")
        yield from _lines(source, stdin if stdin is not None else sys.stdin.buffer)
        return
    with os.fdopen(_open_stream(source), "rb") as stream:
        yield from _lines(source, stream)


def _open_stream(source: str) -> int:
    """A descriptor of a regular file or a pipe, in blocking mode once its type is known."""
    try:
        fd = open_regular(source, pipes=True).fd
    except OpenError as error:
        raise _fail(source, 1, error.reason) from None
    os.set_blocking(fd, True)  # a pipe with a writer now waits for it, as `cat` would
    return fd


def _lines(source: str, stream: BinaryIO) -> Iterator[str]:
    number = 0
    while True:
        try:
            line = stream.readline(MAX_PATH_LINE + 1)
        except OSError as error:
            raise _fail(source, number + 1, f"cannot read: {error.strerror or error}") from None
        if not line:
            return
        number += 1
        if len(line) > MAX_PATH_LINE and not line.endswith(b"\n"):
            raise _fail(source, number, f"a line longer than {MAX_PATH_LINE:,} bytes")
        text = line.rstrip(b"\n").rstrip(b"\r")
        if b"\0" in text:
            raise _fail(source, number, "a NUL byte in a path (a list holds one path a line)")
        if text.strip():
            yield os.fsdecode(text)


def _fail(source: str, line: int, message: str) -> SourceError:
    where = "standard input" if source == "-" else source
    return SourceError([Finding(where, line, 1, "error", "path-list", message)])
