"""The one writer: every output any command writes, so that nothing the user had is lost.

Every command that writes (``init``, ``import -o``, ``classify --badge``, ``export -o``,
``update``) goes through :func:`write_output`:

* ``-`` (or no target) is standard output, the one way to ask for it: ``-o /dev/stdout``
  names a symbolic link, which the writer never replaces;
* only a **regular file** is ever replaced, and only with ``force``: a directory, a device
  (``-o /dev/null --force`` run as root would otherwise replace the system's ``/dev/null``), a
  FIFO, a socket or a symbolic link is refused before anything is written;
* **atomic**: the text lands in a temporary file beside the target, is flushed to disk, then
  takes the target's name in one step, so a full disk, a read-only folder or a process killed
  mid-write leaves the old file as it was. Without ``force`` the last step is a hard link,
  which fails if the target exists, so even a file created in the meantime is never
  overwritten.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile

from aimanifest.source.reader import kind_of

STDOUT = "-"
"""The target that means standard output."""


class OutputError(Exception):
    """The output could not be written; the message says why, and the target is untouched."""


def _mode_for(existing: os.stat_result | None) -> int:
    """An existing file keeps its mode; a new one gets what ``open()`` would give it."""
    if existing is not None:
        return existing.st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_target(path: str, *, force: bool) -> os.stat_result | None:
    """Refuse a target that may not be written, before any work is done; its ``lstat``.

    Commands that work long before writing (``init`` hashes gigabytes) call this first, so a
    refusal comes at once; :func:`write_file` calls it again just before writing.
    """
    if "\0" in path:
        raise OutputError(f"{path!r}: the path contains a NUL byte")
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    if existing is not None:
        if stat.S_ISLNK(existing.st_mode):
            raise OutputError(
                f"{path} is a symbolic link: aimanifest replaces only regular files "
                "(write to its target, or use -o - for standard output)"
            )
        if not stat.S_ISREG(existing.st_mode):
            raise OutputError(
                f"{path} is {kind_of(existing.st_mode)}: aimanifest replaces only regular files"
                + (" (use -o - for standard output)" if not stat.S_ISDIR(existing.st_mode) else "")
            )
        if not force:
            raise OutputError(f"{path} exists; use --force to replace it")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise OutputError(f"directory {os.path.dirname(path) or '.'} does not exist")
    return existing


def write_file(path: str, text: str, *, force: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; see the module's rules."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise OutputError(
            f"cannot write {path}: the text holds a character that is not Unicode text "
            f"({error.object[error.start : error.end]!r}); nothing was written"
        ) from None
    existing = check_target(path, force=force)
    target = os.path.abspath(path)  # pathlib costs start-up time
    directory = os.path.dirname(target)
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".aimanifest-", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write in {directory}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(existing))
        if force:
            check_target(path, force=True)  # the target may have changed while we wrote
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise OutputError(f"{path} exists; use --force to replace it") from None
        _sync_directory(directory)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (the file's data already is), where the OS allows."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_output(text: str, target: str | None, *, force: bool = False) -> None:
    """Print ``text`` (``target`` None or ``-``), or write it to ``target`` with :func:`write_file`.

    Writing to standard output is left to the caller's error handling (``aimanifest.cli.main``
    turns a closed, full or broken standard output into one message and exit 2).
    """
    if target is None or target == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file(target, text, force=force)
