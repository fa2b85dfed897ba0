"""Streaming file hashing: every requested algorithm in one read pass, files in parallel.

Model files are large (tens of GB per release), so hashing is the cost of ``verify`` and
``init``. Three choices keep it at the speed of the hash function itself (measured against
``openssl dgst -sha256`` by ``benchmarks/hashing.py``):

- one read pass per file, however many algorithms are asked for: reading is shared and the
  chunk is still in the CPU cache when the second hasher reads it;
- one preallocated buffer per thread, filled with ``readinto`` in 256 KiB chunks: no allocation
  or copy per chunk, and few enough calls that Python's own overhead vanishes;
- a thread per core: ``hashlib`` releases the GIL while it hashes a large buffer, so threads
  hash different files truly in parallel. Files are started largest first, so one big shard
  is not left to the end while the other cores idle.

Special files (FIFOs, devices, directories) are refused before a byte is read, by the one
reader's :func:`~aimanifest.source.reader.open_regular`: a FIFO is opened without blocking and
checked with ``fstat``, so nothing ever hangs on one.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from aimanifest.digests import ALGORITHMS, Hasher
from aimanifest.integrity.progress import progress_bar
from aimanifest.source.reader import OpenError, open_regular

CHUNK_SIZE = 256 << 10
"""256 KiB: large enough that Python's per-call overhead is noise (about 4,000 calls per GB),
small enough that the chunk ``readinto`` just wrote is still in the core's L2 cache when each
hasher reads it. Measured here: with SHA-256 and SHA-1 together, 1 MiB chunks were 30% slower;
with SHA-256 alone, 256 KiB to 4 MiB were equal within noise, and 64 KiB 20% slower."""


class FileHash(NamedTuple):
    """The size and the digests (lowercase hex, keyed by schema algorithm) of one file."""

    path: str
    size: int
    digests: dict[str, str]


class HashingError(Exception):
    """A file could not be hashed. ``kind`` says why, for the caller to choose its rule:

    ``missing`` (no such file), ``special`` (not a regular file), ``unreadable`` (permission,
    I/O error), ``changed`` (the file changed while it was read) or ``cancelled``.
    """

    def __init__(self, path: str, kind: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.kind = kind
        self.reason = reason


class HashJob(NamedTuple):
    """One file to hash, and with which algorithms."""

    path: str
    algorithms: Sequence[str]
    follow_symlinks: bool = True
    """False to refuse a symbolic link as the last component (``verify`` passes resolved paths,
    so a link appearing there means the tree changed under it)."""


def default_workers() -> int:
    """The number of CPUs this process may run on: one hashing thread each."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # not on Linux
        return max(os.cpu_count() or 1, 1)


def _open_regular(path: str, follow_symlinks: bool) -> tuple[int, os.stat_result]:
    """Open ``path`` for reading through the one reader's rules (a regular file, opened without
    blocking), as a :class:`HashingError` of the matching kind."""
    try:
        return open_regular(path, follow_symlinks=follow_symlinks)
    except OpenError as error:
        kind = "unreadable" if error.kind in ("outside", "invalid") else error.kind
        raise HashingError(path, kind, error.reason) from None


def hashers(algorithms: Sequence[str]) -> list[tuple[str, Hasher]]:
    """A fresh hasher for each algorithm (schema names), without duplicates."""
    unknown = [name for name in algorithms if name not in ALGORITHMS]
    if unknown:
        raise ValueError(f"unknown digest algorithm(s): {', '.join(unknown)}")
    return [(name, ALGORITHMS[name]()) for name in dict.fromkeys(algorithms)]


def hash_file(
    job: HashJob,
    *,
    buffer: bytearray | None = None,
    on_bytes: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> FileHash:
    """Size and digests of one file, read once; raises :class:`HashingError`.

    ``buffer`` is reused across calls by the thread pool; ``on_bytes`` is told how many bytes
    each chunk held (the progress bar); ``cancel``, checked between chunks, stops a worker
    thread within one chunk when the user interrupts (kind ``cancelled``).
    """
    if buffer is None:
        buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    states = hashers(job.algorithms)
    fd, before = _open_regular(job.path, job.follow_symlinks)
    total = 0
    try:
        with io.FileIO(fd, "rb", closefd=True) as stream:
            while True:
                count = stream.readinto(view)
                if not count or total > before.st_size:  # done, or growing: never read forever
                    break
                if cancel is not None and cancel.is_set():
                    raise HashingError(job.path, "cancelled", "hashing was interrupted")
                chunk = view if count == len(view) else view[:count]
                for _, state in states:
                    state.update(chunk)
                total += count
                if on_bytes is not None:
                    on_bytes(count)
            after = os.fstat(stream.fileno())
    except OSError as error:
        raise HashingError(
            job.path, "unreadable", f"read error: {error.strerror or error}"
        ) from None
    if total != before.st_size or after.st_mtime_ns != before.st_mtime_ns:
        raise HashingError(
            job.path,
            "changed",
            f"changed while it was read ({before.st_size:,} bytes when opened, "
            f"{total:,} read); hash it again when nothing writes to it",
        )
    return FileHash(job.path, total, {name: state.hexdigest() for name, state in states})


def _size_hint(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def hash_files(
    jobs: Sequence[HashJob],
    *,
    workers: int | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> list[FileHash | HashingError]:
    """Hash every job, in parallel; each result is a :class:`FileHash` or the error it met.

    Results come in the order of ``jobs``. Errors are returned, not raised, so that one
    unreadable file does not hide what is wrong with the others.
    """
    if not jobs:
        return []
    local = threading.local()
    cancel = threading.Event()

    def run(job: HashJob) -> FileHash | HashingError:
        buffer: bytearray | None = getattr(local, "buffer", None)
        if buffer is None:
            buffer = local.buffer = bytearray(CHUNK_SIZE)
        try:
            return hash_file(job, buffer=buffer, on_bytes=on_bytes, cancel=cancel)
        except HashingError as error:
            return error

    count = min(workers or default_workers(), len(jobs))
    if count == 1:
        return [run(job) for job in jobs]
    # largest first: the longest job starts at once instead of last (sizes are only a hint)
    order = sorted(range(len(jobs)), key=lambda i: -_size_hint(jobs[i].path))
    results: list[FileHash | HashingError | None] = [None] * len(jobs)
    pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="aimanifest-hash")
    try:
        for index, result in zip(order, pool.map(run, (jobs[i] for i in order)), strict=True):
            results[index] = result
    finally:
        # on Ctrl-C, stop the running files within a chunk and drop the queued ones, rather
        # than hash gigabytes before the process may exit
        cancel.set()
        pool.shutdown(wait=True, cancel_futures=True)
    return [result for result in results if result is not None]


def hash_many(
    paths: Sequence[str],
    algorithms: Sequence[str],
    *,
    progress: bool = False,
    workers: int | None = None,
    label: str = "hashing",
) -> list[FileHash]:
    """Hash ``paths`` with the same algorithms; raise the first :class:`HashingError`.

    The simple interface, for callers (``init``) that stop at the first unreadable file.
    ``progress`` allows a bar on standard error; it is drawn only on a terminal.
    """
    bar = progress_bar(sum(_size_hint(path) for path in paths), label, enabled=progress)
    try:
        results = hash_files(
            [HashJob(path, algorithms) for path in paths],
            workers=workers,
            on_bytes=bar.advance if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    return list(_raise_first(results))


def _raise_first(results: Sequence[FileHash | HashingError]) -> Iterator[FileHash]:
    for result in results:
        if isinstance(result, HashingError):
            raise result
        yield result
