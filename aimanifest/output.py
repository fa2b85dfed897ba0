"""Writing files so that nothing the user had is lost or half-written.

Every command that writes (``import -o``, ``classify --badge``, ``export -o``, ``init``) goes
through :func:`write_file`: the text lands in a temporary file beside the target, is flushed to
disk, then takes the target's name in one step. Without ``force`` the last step is a hard link,
which fails if the target exists, so even a file created in the meantime is never overwritten.
"""

from __future__ import annotations

import os
import tempfile


class OutputError(Exception):
    """The output could not be written; the message says why, and the target is untouched."""


def _mode_for(target: str) -> int:
    """An existing file keeps its mode; a new one gets what ``open()`` would give it."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_file(path: str, text: str, *, force: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; refuse to replace it unless ``force``."""
    target = os.path.abspath(path)  # pathlib costs start-up time
    directory = os.path.dirname(target)
    if os.path.isdir(target):
        raise OutputError(f"{path} is a directory")
    if not force and os.path.lexists(target):
        raise OutputError(f"{path} exists; use --force to replace it")
    if not os.path.isdir(directory):
        raise OutputError(f"directory {os.path.dirname(path) or '.'} does not exist")
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".aimanifest-", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write in {directory}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)
            except FileExistsError:
                raise OutputError(f"{path} exists; use --force to replace it") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
