"""The file system side of ``init``: which files a model directory holds, and their digests.

Kept apart from the recognition rules and the manifest building so that those stay pure
functions of paths, testable without a disk.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from aimanifest.importers.base import ImporterError
from aimanifest.scaffold import FileFacts

__all__ = ["ScanError", "hash_files", "list_files"]

INIT_ALGORITHMS = ("sha256", "sha1")
"""SHA-256 is what the schema requires; SHA-1 lets an SPDX 2.3 export list each file."""


class ScanError(ImporterError):
    """The directory cannot be scaffolded (missing, not a directory, unreadable)."""


def list_files(root: str) -> tuple[list[str], list[str]]:
    """The regular files below ``root`` (relative, ``/``-separated, sorted), and notes.

    The same file set ``verify`` walks for unlisted files (version control, repository
    plumbing and signatures skipped), so that a scaffold verifies without an unlisted file
    beyond those reported here. A symbolic link leading out of ``root`` is left out with a
    note (a Hugging Face cache snapshot links to blobs outside it): a manifest's paths may
    never leave its directory.
    """
    from aimanifest.checks import artifact_path_problem
    from aimanifest.integrity.walk import unlisted_files

    if not os.path.exists(root):
        raise ScanError(f"{root}: no such directory")
    if not os.path.isdir(root):
        raise ScanError(f"{root}: not a directory")
    files, notes = unlisted_files(root, frozenset())
    found = []
    for file in files:
        problem = artifact_path_problem(file.path)
        if not _is_text(file.path):
            notes.append(
                f"{file.path!r}: the name is not UTF-8 text, which a manifest cannot hold; "
                "left out (rename it)"
            )
        elif file.outside:
            notes.append(f"{file.path}: a symbolic link leading outside {root}; left out")
        elif problem:  # e.g. a backslash or a colon in a name: a manifest cannot list it
            notes.append(f"{file.path!r} cannot be an artifact path: it {problem}; left out")
        else:
            found.append(file.path)
    if not found and not notes:
        notes.append(f"{root} holds no files: the manifest lists no artifacts")
    return sorted(found), notes


def _is_text(name: str) -> bool:
    """Whether a file name (bytes that are not UTF-8 arrive as lone surrogates) is text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def hash_files(root: str, paths: Sequence[str], *, progress: bool) -> Mapping[str, FileFacts]:
    """Size and digests (:data:`INIT_ALGORITHMS`) of each of ``paths``, hashed in parallel."""
    from aimanifest.integrity.hashing import HashingError, hash_many

    try:
        results = hash_many(
            [os.path.join(root, path) for path in paths],
            INIT_ALGORITHMS,
            progress=progress,
        )
    except HashingError as error:
        raise ScanError(str(error)) from None
    return {
        path: FileFacts(result.size, result.digests)
        for path, result in zip(paths, results, strict=True)
    }
