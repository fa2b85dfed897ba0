"""Standard streams that cannot crash the command: closed, full, broken or not UTF-8.

A command's output goes to a terminal, a pipe, a file or nowhere, and each can fail in its own
way: ``aimanifest validate x >&-`` starts with standard output closed (and the first file the
command opens would take its descriptor); ``> /dev/full`` fails on the first flush with ENOSPC;
``| head`` breaks the pipe; ``PYTHONIOENCODING=ascii`` or a Latin-1 locale cannot encode a
release name. Each becomes one message and exit 2 (a broken pipe exits 1 quietly), never a
traceback, and never Python's "Exception ignored" at interpreter exit.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any

_closed_stdout = False


class StandardOutputError(Exception):
    """Standard output cannot take what the command prints."""

    def __init__(self, message: str, *, broken_pipe: bool = False) -> None:
        super().__init__(message)
        self.broken_pipe = broken_pipe


class _GuardedOutput(io.TextIOBase):
    """Standard output whose failures are :class:`StandardOutputError`, not stray OSErrors."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            raise StandardOutputError("cannot write the output: standard output is closed")
        try:
            return int(self._stream.write(text))
        except OSError as error:
            raise _translated(error) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as error:
            raise _translated(error) from None

    def isatty(self) -> bool:
        return self._stream is not None and bool(self._stream.isatty())

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(errno.EBADF, "standard output is closed")
        return int(self._stream.fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", "utf-8"))


def _translated(error: OSError) -> StandardOutputError:
    if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
        return StandardOutputError("standard output was closed by its reader", broken_pipe=True)
    return StandardOutputError(
        f"cannot write the output to standard output: {error.strerror or error}"
    )


def _occupy_closed_descriptors() -> None:
    """Open /dev/null on 0, 1 and 2 if they are closed, so no file we open takes their place."""
    global _closed_stdout
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            if fd == 1:
                _closed_stdout = True
            try:
                opened = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if opened != fd:  # a lower descriptor was free after all
                os.dup2(opened, fd)
                os.close(opened)


def prepare() -> None:
    """Make the streams safe before anything is printed."""
    _occupy_closed_descriptors()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # a character the terminal's encoding lacks is shown escaped, never an error
            reconfigure(errors="backslashreplace")
    if sys.stderr is None:  # started with standard error closed: messages go nowhere
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (process-long)
    stdout = None if (sys.stdout is None or _closed_stdout) else sys.stdout
    sys.stdout = _GuardedOutput(stdout)


def finish() -> None:
    """Flush standard output inside the command's error handling, not at interpreter exit."""
    sys.stdout.flush()


def finish_after(code: int) -> int:
    """Flush after a reported failure; a failing standard output does not hide the first error."""
    try:
        sys.stdout.flush()
    except StandardOutputError:
        silence()
    return code


def silence() -> None:
    """Point standard output at /dev/null so that the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (process-long)
