"""Digest files (spec 1.1): a component's files listed in one file pinned by its own digest.

A dataset of a million files cannot be a million artifacts: the manifest would be larger than
the data it describes is useful. Instead one artifact, marked ``file_list: sha256sum``, names
a file in the format ``sha256sum`` writes and ``sha256sum -c`` reads::

    4f5e...<64 lowercase hex digits>  shard-00000.parquet
    9ab1...                          *images/0001.jpg      (binary-mode marker, also read)

Each path is relative to the digest file's directory (so ``cd data && sha256sum -c SHA256SUMS``
checks the same files) and follows the artifact path rules; a leading ``./`` (what ``find .``
produces) is dropped. The artifact's own ``digests`` pin the list, so the manifest pins every
file transitively.

How ``verify`` reads one, and why:

* The digest file is opened once, without blocking, and must be a regular file of at most
  :data:`MAX_BYTES`; it is hashed in a first pass and parsed in a second from the same open
  file, which must not change in between. A list that does not match its pin is not used to
  check anything (its files are not trusted to be the listed ones), only to know which files
  are listed, so that they are not reported as unlisted.
* Lines are read in chunks and checked as they come; files are hashed by a pool of threads
  with a bounded number in flight. Memory does not grow with the file, except for one integer
  per listed file (a salted hash of its path, about 70 bytes in a Python set) that tells a file
  listed twice and the files nobody listed.
* Problems are findings at the digest file's artifact in the manifest, naming the line of the
  digest file; after :data:`REPORTED` of them per digest file the rest are counted in one
  closing finding, so a wrong list of a million files does not print a million lines.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO, NamedTuple

from aimanifest.checks import artifact_path_problem
from aimanifest.integrity import walk
from aimanifest.integrity.hashing import (
    CHUNK_SIZE,
    HashingError,
    HashJob,
    default_workers,
    hash_file,
    hashers,
)
from aimanifest.source.reader import OpenError, is_inside, open_regular

MAX_BYTES = 512 << 20
"""512 MiB: about five million lines. Larger lists are refused before a byte is read."""
MAX_LINE = 64 + 2 + 4096
"""A digest, the separator and a path of at most 4096 bytes (Linux's PATH_MAX)."""
REPORTED = 50
"""Findings reported per digest file; the rest are counted."""
_LINE = re.compile(rb"([0-9a-f]{64}) [ *](.+)")

UNUSABLE = frozenset({"unreadable-file"})


class Member(NamedTuple):
    """One file a digest file lists."""

    line: int
    path: str
    """Relative to the root, ``/``-separated, as verify checks it."""
    expected: str


class Problem(NamedTuple):
    """Something wrong with one line of a digest file or with the file it lists."""

    line: int
    rule: str
    message: str


class ListResult(NamedTuple):
    """What checking one digest file found (its own digest is a :class:`FileResult` apart)."""

    path: str
    """The digest file, as the manifest writes it."""
    pinned: bool
    """Whether its bytes matched the artifact's digests (only then are its files checked)."""
    listed: int
    ok: int
    failed: int
    bytes_hashed: int
    problems: list[Problem]
    """The first :data:`REPORTED` problems."""
    unreported: dict[str, int]
    """How many more problems of each rule were found."""


class ListError(Exception):
    """The digest file itself cannot be read (rule and message for the finding)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def open_list(path: str) -> tuple[BinaryIO, os.stat_result]:
    """Open a digest file for reading: regular file only, never blocking, size bounded.

    Opened by the one reader (:func:`aimanifest.source.reader.open_regular`), which refuses
    what is not a regular file without blocking; read here in chunks rather than through
    ``read_bytes``, so that memory does not grow with the list.
    """
    try:
        fd, info = open_regular(path, follow_symlinks=False)
    except OpenError as error:
        rule = {"missing": "missing-file", "special": "special-file", "outside": "path-escape"}
        raise ListError(rule.get(error.kind, "unreadable-file"), error.reason) from None
    if info.st_size > MAX_BYTES:
        os.close(fd)
        raise ListError(
            "digest-file-too-large",
            f"is {info.st_size:,} bytes; digest files are limited to {MAX_BYTES:,} bytes "
            "(split the component, or its list, into several)",
        )
    return io.FileIO(fd, "rb", closefd=True), info


def _digests(stream: BinaryIO, algorithms: list[str]) -> dict[str, str]:
    states = hashers(algorithms)
    while chunk := stream.read(CHUNK_SIZE):
        for _, state in states:
            state.update(memoryview(chunk))
    return {name: state.hexdigest() for name, state in states}


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes, int]]:
    """Each line (without its end), its number, and the bytes read so far; long lines cut."""
    number = 0
    pending = b""
    consumed = 0
    while True:
        chunk = stream.read(CHUNK_SIZE)
        consumed += len(chunk)
        if not chunk:
            if pending:
                yield number + 1, pending, consumed
            return
        pending += chunk
        start = 0
        while (end := pending.find(b"\n", start)) >= 0:
            number += 1
            yield number, pending[start:end], consumed
            start = end + 1
        pending = pending[start:]
        if len(pending) > MAX_LINE:  # keep the head only: the line is refused anyway
            pending = pending[: MAX_LINE + 1]


def parse_line(number: int, raw: bytes, base: str) -> Member | Problem:
    """One line of a digest file whose directory is ``base`` (relative to the root)."""
    raw = raw.removesuffix(b"\r")
    if not raw:
        return Problem(number, "digest-file-line", "empty line")
    if raw.startswith(b"\\"):
        return Problem(number, "digest-file-line", "escaped file names are not supported")
    if len(raw) > MAX_LINE:
        return Problem(number, "digest-file-line", "line too long for a digest and a path")
    match = _LINE.fullmatch(raw)
    if match is None:
        return Problem(
            number,
            "digest-file-line",
            "not '<64 lowercase hex digits>  <path>', as sha256sum writes",
        )
    try:
        name = match.group(2).decode("utf-8")
    except UnicodeDecodeError:
        return Problem(number, "digest-file-line", "the path is not valid UTF-8")
    name = name.removeprefix("./")
    path = f"{base}/{name}" if base else name
    problem = artifact_path_problem(name) or artifact_path_problem(path)
    if problem is not None:
        return Problem(number, "path-escape", f"'{name}' {problem}")
    return Member(number, path, match.group(1).decode("ascii"))


class Listed:
    """The paths a manifest lists, for ``in``: artifacts by name, digest-file members by a
    salted hash of their name (one integer each), so a million members stay cheap."""

    def __init__(self, artifacts: set[str]) -> None:
        self.artifacts = artifacts
        self.members: set[int] = set()

    def add(self, path: str) -> bool:
        """Record a member; False if the path was listed already."""
        key = walk.normalize(path)
        if key in self.artifacts:
            return False
        before = len(self.members)
        self.members.add(hash(key))
        return len(self.members) != before

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and (path in self.artifacts or hash(path) in self.members)


_DIRECTORIES = 4096
"""Resolved directories remembered per thread (a list of a million files sits in few)."""


def _locate(real_root: str, path: str, directories: dict[str, str]) -> str:
    """The real path of a listed regular file inside the root; :class:`walk.PathError` if not.

    What :func:`walk.locate` decides, for less: the directory is resolved once for all the files
    in it, and the file itself is only ``lstat``-ed. Anything unusual (a symbolic link, a
    special or missing file, a directory leading out) takes :func:`walk.locate`'s careful way,
    which words the finding. The file is then opened without following a link, so one swapped
    in after this check is refused, not followed.
    """
    directory, _, name = path.rpartition("/")
    real_directory = directories.get(directory)
    if real_directory is None:
        joined = os.path.join(real_root, *directory.split("/")) if directory else real_root
        real_directory = os.path.realpath(joined)
        if not is_inside(real_root, real_directory):
            return walk.locate(real_root, path).real
        if len(directories) >= _DIRECTORIES:
            directories.clear()
        directories[directory] = real_directory
    full = os.path.join(real_directory, name)
    try:
        info = os.lstat(full)
    except OSError:
        return walk.locate(real_root, path).real
    if not stat.S_ISREG(info.st_mode):
        return walk.locate(real_root, path).real
    return full


def _check_member(
    real_root: str, member: Member, local: threading.local, cancel: threading.Event
) -> Problem | int:
    """The number of bytes hashed when the file matches, else the problem."""
    directories: dict[str, str] | None = getattr(local, "directories", None)
    if directories is None:
        directories = local.directories = {}
    try:
        real = _locate(real_root, member.path, directories)
    except walk.PathError as error:
        return Problem(member.line, error.rule, error.message)
    buffer: bytearray | None = getattr(local, "buffer", None)
    if buffer is None:
        buffer = local.buffer = bytearray(CHUNK_SIZE)
    try:
        result = hash_file(HashJob(real, ["sha256"], False), buffer=buffer, cancel=cancel)
    except HashingError as error:
        rule = {
            "missing": "missing-file",
            "special": "special-file",
            "changed": "file-changed",
        }.get(error.kind, "unreadable-file")
        return Problem(member.line, rule, f"'{member.path}' {error.reason}")
    actual = result.digests["sha256"]
    if actual != member.expected:
        return Problem(
            member.line,
            "digest-mismatch",
            f"'{member.path}' does not match its digest: sha256 is {actual}, "
            f"the digest file says {member.expected}",
        )
    return result.size


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.unreported: dict[str, int] = {}
        self.failed = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < REPORTED:
            self.problems.append(problem)
        else:
            self.unreported[problem.rule] = self.unreported.get(problem.rule, 0) + 1


def check_list(
    real_root: str,
    path: str,
    real: str,
    expected: dict[str, str],
    listed: Listed,
    *,
    workers: int | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> tuple[dict[str, str], ListResult]:
    """Check the digest file ``path`` (resolved: ``real``) and every file it lists.

    Returns the digest file's own digests (for its artifact's result) and what its lines and
    files gave. Raises :class:`ListError` when the digest file cannot be read at all.
    """
    base = posixpath.dirname(walk.normalize(path))
    stream, before = open_list(real)
    collect = _Collector()
    with stream:
        actual = _digests(stream, [*expected, "sha256"])
        pinned = all(actual[name] == value for name, value in expected.items())
        stream.seek(0)
        members = _members(stream, base, path, listed, collect, on_bytes)
        if not pinned:
            count = sum(1 for _ in members)  # listed, so not "unlisted"; not checked
            ok = hashed = 0
        else:
            count, ok, hashed = _hash_members(real_root, members, collect, workers)
        after = os.fstat(stream.fileno())
    if after.st_mtime_ns != before.st_mtime_ns or after.st_size != before.st_size:
        raise ListError("file-changed", "changed while it was read; check it again")
    result = ListResult(
        path, pinned, count, ok, collect.failed, hashed, collect.problems, collect.unreported
    )
    return actual, result


def _members(
    stream: BinaryIO,
    base: str,
    path: str,
    listed: Listed,
    collect: _Collector,
    on_bytes: Callable[[int], None] | None,
) -> Iterator[Member]:
    own = walk.normalize(path)
    read = 0
    for number, raw, consumed in _lines(stream):
        if on_bytes is not None and consumed > read:
            on_bytes(consumed - read)
            read = consumed
        item = parse_line(number, raw, base)
        if isinstance(item, Member) and walk.normalize(item.path) == own:
            item = Problem(number, "digest-file-line", "the digest file lists itself")
        elif isinstance(item, Member) and not listed.add(item.path):
            item = Problem(
                number,
                "duplicate-artifact",
                f"'{item.path}' is listed more than once (in this digest file or as an artifact)",
            )
        if isinstance(item, Problem):
            collect.add(item)
            collect.failed += 1
            continue
        yield item


BATCH = 64
"""Files per task of the thread pool: small files cost less than handing one to a thread."""


def _check_batch(
    real_root: str, batch: list[Member], local: threading.local, cancel: threading.Event
) -> list[Problem | int]:
    return [_check_member(real_root, member, local, cancel) for member in batch]


def _hash_members(
    real_root: str, members: Iterator[Member], collect: _Collector, workers: int | None
) -> tuple[int, int, int]:
    """Hash the members in parallel, a bounded number in flight: (listed, ok, bytes)."""
    count = ok = hashed = 0
    local = threading.local()
    cancel = threading.Event()
    threads = max(workers or default_workers(), 1)
    window: deque[Future[list[Problem | int]]] = deque()
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="aimanifest-list")

    def settle(future: Future[list[Problem | int]]) -> None:
        nonlocal ok, hashed
        for outcome in future.result():
            if isinstance(outcome, Problem):
                collect.add(outcome)
                collect.failed += 1
            else:
                ok += 1
                hashed += outcome

    batch: list[Member] = []
    try:
        for member in members:
            count += 1
            batch.append(member)
            if len(batch) == BATCH:
                window.append(pool.submit(_check_batch, real_root, batch, local, cancel))
                batch = []
                if len(window) >= threads * 4:
                    settle(window.popleft())
        if batch:
            window.append(pool.submit(_check_batch, real_root, batch, local, cancel))
        while window:
            settle(window.popleft())
    finally:
        cancel.set()  # on Ctrl-C: stop the files being hashed within a chunk
        pool.shutdown(wait=True, cancel_futures=True)
    return count, ok, hashed
