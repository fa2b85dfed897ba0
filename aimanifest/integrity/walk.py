"""The file system side of ``verify``: safe artifact paths, and the files nobody listed.

An artifact path comes from a manifest, which may be hostile: it must name a regular file
inside the root, and nothing else. Validation already refuses absolute paths and ``..``;
this module checks again (the Python API may be handed anything) and adds what only the disk
can tell: a symbolic link, anywhere along the path, that leads out of the root.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import stat
from collections.abc import Container, Sequence, Set
from typing import NamedTuple

from aimanifest.checks import artifact_path_problem
from aimanifest.source.reader import is_inside, kind_of

VCS_DIRS = frozenset({".git", ".hg", ".svn"})
"""Version-control metadata: never part of a release, never walked."""
PLUMBING = frozenset(
    {".github", ".gitattributes", ".gitignore", ".gitmodules", ".hgignore", ".hgtags"}
)
"""Repository plumbing (CI workflows, LFS attributes, ignore lists), at any depth. The set
``model_signing`` ignores by default (``.git``, ``.github``, ``.gitattributes``,
``.gitignore``) is included, so both tools see the same file set."""
SIGNATURE_FILES = frozenset({"model.sig"})
"""The default name of a model-signing signature: it signs the files, so it cannot be one."""


class PathError(Exception):
    """An artifact path that cannot be verified; ``rule`` names the finding to report."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


class Located(NamedTuple):
    """An artifact's file: where it really is, and its status from ``stat``."""

    real: str
    """Absolute path with every symbolic link resolved, inside the real root."""
    info: os.stat_result


class Unlisted(NamedTuple):
    """A file under the root that no artifact lists."""

    path: str
    """Relative, ``/``-separated."""
    size: int
    outside: bool
    """A symbolic link whose target is outside the root."""


def normalize(path: str) -> str:
    """The form under which two spellings of one artifact path compare equal."""
    return posixpath.normpath(path)


def locate(real_root: str, path: str) -> Located:
    """The regular file artifact ``path`` names under ``real_root``, or :class:`PathError`.

    ``real_root`` must already be resolved (``os.path.realpath``).
    """
    problem = artifact_path_problem(path)
    if problem is not None:
        raise PathError("path-escape", f"'{path}' {problem}")
    joined = os.path.join(real_root, *path.split("/"))
    real = os.path.realpath(joined)
    if not is_inside(real_root, real):
        raise PathError(
            "path-escape",
            f"'{path}' leads outside the root through a symbolic link (to {real}); "
            "artifacts must be files inside the repository",
        )
    try:
        info = os.stat(real)
    except FileNotFoundError:
        if os.path.lexists(joined):
            raise PathError("missing-file", f"'{path}' is a broken symbolic link") from None
        raise PathError("missing-file", f"'{path}' does not exist") from None
    except PermissionError:
        raise PathError("unreadable-file", f"'{path}': permission denied") from None
    except OSError as error:
        raise PathError(
            "unreadable-file", f"'{path}': cannot read: {error.strerror or error}"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise PathError("special-file", f"'{path}' is {kind_of(info.st_mode)}, not a regular file")
    return Located(real, info)


def _ignored(relative: str, name: str, patterns: Sequence[str]) -> bool:
    if name in PLUMBING or name in SIGNATURE_FILES:
        return True
    return any(
        fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(name, pattern)
        for pattern in patterns
    )


def unlisted_files(
    root: str,
    listed: Container[str],
    *,
    listed_real: Set[str] = frozenset(),
    ignore: Sequence[str] = (),
) -> tuple[list[Unlisted], list[str]]:
    """Regular files under ``root`` that no artifact lists, with their sizes, and notes.

    A file counts as listed when its relative path (normalized) is in ``listed`` (a set, or
    anything that answers ``in``: digest files list too many files for a set of names) or its
    resolved path is in ``listed_real`` (the manifest itself goes there, as do the files
    listed under another name through a link). Version-control directories, repository
    plumbing and the model-signing signature are skipped, as are paths matching an ``ignore``
    glob (``fnmatch``, against the relative path or the bare name). Symbolic links to
    directories are not followed: a link cannot make the walk leave the root or loop.
    """
    found: list[Unlisted] = []
    notes: list[str] = []

    def walk_error(error: OSError) -> None:
        notes.append(f"{error.filename}: cannot list: {error.strerror}; not checked")

    root = os.path.realpath(root)
    for directory, subdirs, names in os.walk(root, onerror=walk_error):
        base = os.path.relpath(directory, root)
        prefix = "" if base == os.curdir else base.replace(os.sep, "/") + "/"
        subdirs[:] = sorted(
            name
            for name in subdirs
            if name not in VCS_DIRS and not _ignored(prefix + name, name, ignore)
        )
        for name in sorted(names):
            relative = prefix + name
            if _ignored(relative, name, ignore) or normalize(relative) in listed:
                continue
            full = os.path.join(directory, name)
            try:
                info = os.stat(full)
            except OSError as error:
                notes.append(f"{relative}: cannot read: {error.strerror}; not checked")
                continue
            if not stat.S_ISREG(info.st_mode):
                continue  # FIFOs, sockets, devices: not release files, and never opened
            real = os.path.realpath(full)
            if real in listed_real:
                continue
            found.append(Unlisted(relative, info.st_size, not is_inside(root, real)))
    return found, notes
