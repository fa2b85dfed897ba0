"""Registry audit: validate and classify many manifests, one pure function per manifest.

A registry holds thousands to millions of manifests. :func:`audit_manifest` is everything the
audit does for one of them, as a pure function of the path: it reads, validates and classifies,
and returns an :class:`AuditRow` of plain values. Pure (no output, no global state) and
picklable (a module-level function returning a named tuple of strings and numbers), so that
any engine can map it: this package's own :func:`audit_paths` over local cores, or Dask, Spark
and Ray over a cluster (``docs/audit.md`` shows Dask).

:func:`audit_paths` streams: it keeps a bounded window of manifests in flight and yields rows
in input order as they complete, so memory stays flat however many paths come in.
"""

from __future__ import annotations

import fnmatch
import functools
import glob
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, NamedTuple, TypeVar

from aimanifest.findings import Exit

__all__ = [
    "COLUMNS",
    "MANIFEST_NAMES",
    "AuditRow",
    "audit_manifest",
    "audit_paths",
    "find_manifests",
    "inspect_manifest",
    "map_bounded",
]

MANIFEST_NAMES = ("aimanifest.yaml", "aimanifest.yml", "aimanifest.json")
"""File names a directory search takes for manifests (the pre-commit hook's names)."""

COLUMNS = (
    "path",
    "name",
    "version",
    "spec_version",
    "valid",
    "tier",
    "effective_tier",
    "mof_class",
    "osaid",
    "errors",
    "warnings",
    "claims_failed",
    "problem",
)
"""The fields of :class:`AuditRow`, in the order of the CSV columns."""


class AuditRow(NamedTuple):
    """What the audit found for one manifest: plain values only (picklable, CSV-ready)."""

    path: str
    name: str | None
    version: str | None
    spec_version: str | None
    valid: bool
    """True when the manifest has no error (its claims included)."""
    tier: str | None
    """The release's own tier; None when the manifest could not be classified."""
    effective_tier: str | None
    """The tier capped by the lineage; None when not assessed or not classified."""
    mof_class: str | None
    osaid: str | None
    errors: int
    warnings: int
    claims_failed: int
    """Findings that refute a claim (``claim-*`` rules at error severity)."""
    problem: str | None
    """The first error, as ``LINE:COLUMN: RULE: message``, for the summary; None when valid."""
    unusable: bool = False
    """The file could not be read as a manifest at all (missing, not YAML, too large...)."""

    def as_dict(self) -> dict[str, Any]:
        """The row as a JSON object with the columns of :data:`COLUMNS` (and ``unusable``)."""
        return self._asdict()


class Inspection(NamedTuple):
    """One manifest as the audit saw it: its row, and what a report about it needs."""

    row: AuditRow
    data: Any
    """The manifest's data when it could be read, else None."""
    verdicts: dict[str, Any] | None
    """``Verdicts.as_json()`` when the manifest could be classified, else None."""
    findings: list[Any]


def inspect_manifest(path: str) -> Inspection:
    """Read, validate and classify the manifest at ``path``; never raises for bad input.

    The verdicts are computed once, for the claim check and the row alike.
    """
    from aimanifest.source import SourceError, read_document
    from aimanifest.validate import Result, validate_and_evaluate

    verdicts = None
    try:
        document = read_document(path)
    except SourceError as error:
        result = Result(path, list(error.findings), unusable=error.exit_code == Exit.UNUSABLE)
    else:
        findings, verdicts = validate_and_evaluate(document)
        result = Result(path, findings, document)
    errors = result.errors
    problem = None
    if errors:
        first = errors[0]
        problem = f"{first.line}:{first.column}: {first.rule}: {first.message}"
    data = result.document.data if result.document is not None else None
    release = data.get("release") if isinstance(data, dict) else None
    release = release if isinstance(release, dict) else {}
    row = AuditRow(
        path=path,
        name=_text(release.get("name")),
        version=_text(release.get("version")),
        spec_version=_text(data.get("aimanifest")) if isinstance(data, dict) else None,
        valid=not errors,
        tier=None,
        effective_tier=None,
        mof_class=None,
        osaid=None,
        errors=len(errors),
        warnings=len(result.warnings),
        claims_failed=sum(1 for f in errors if f.rule.startswith("claim-")),
        problem=problem,
        unusable=result.unusable,
    )
    if verdicts is None:
        return Inspection(row, data, None, result.findings)
    report = verdicts.as_json()
    row = row._replace(
        tier=report.get("own_tier"),
        effective_tier=report.get("tier"),
        mof_class=report["mof"]["class"],
        osaid=report["osaid"]["verdict"],
    )
    return Inspection(row, data, report, result.findings)


def audit_manifest(path: str) -> AuditRow:
    """Validate and classify the manifest at ``path``: the registry's per-manifest function.

    Pure and picklable (see the module docstring); never raises for bad input: an unreadable
    or invalid file is a row saying so.
    """
    return inspect_manifest(path).row


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def find_manifests(
    arguments: Iterable[str], *, names: tuple[str, ...] = MANIFEST_NAMES
) -> Iterator[str]:
    """Every manifest the arguments name: files as given, directories searched recursively
    for files whose name matches one of ``names`` (globs), glob patterns expanded
    (``'registry/**/aimanifest.yaml'``, for a shell that did not expand them).

    Lazily and in a stable order (sorted within each directory), so that a registry of millions
    of files streams. Symbolic links to directories are not followed (no loops, no escapes),
    and version-control directories are skipped.
    """
    for argument in arguments:
        if os.path.isdir(argument):
            yield from _walk(argument, names)
        elif glob.has_magic(argument) and not os.path.lexists(argument):
            for match in sorted(glob.iglob(argument, recursive=True)):
                if os.path.isdir(match):
                    yield from _walk(match, names)
                else:
                    yield match
        else:
            yield argument


def _walk(directory: str, names: tuple[str, ...]) -> Iterator[str]:
    for folder, subdirs, files in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if d not in (".git", ".hg", ".svn"))
        for name in sorted(files):
            if any(fnmatch.fnmatchcase(name, wanted) for wanted in names):
                yield os.path.join(folder, name)


Item = TypeVar("Item")
Row = TypeVar("Row")


def map_bounded(
    function: Callable[[Item], Row],
    items: Iterable[Item],
    *,
    workers: int | None = None,
    chunk: int = 32,
    window: int | None = None,
) -> Iterator[Row]:
    """``map(function, items)`` on a process pool: in order, ``chunk`` items per task, at most
    ``window`` tasks in flight.

    ``ProcessPoolExecutor.map`` submits every item before yielding the first result, so its
    memory grows with the input; this keeps a bounded queue of futures instead. Items travel in
    chunks, so that the cost of a task (pickling, a pipe round trip) is paid once per chunk,
    not once per small manifest. With one worker, runs in this process.
    """
    count = workers or _cores()
    if count <= 1:
        yield from map(function, items)
        return
    window = window or count * 4
    task = functools.partial(_run_chunk, function)
    pending: deque[Future[list[Row]]] = deque()
    with ProcessPoolExecutor(max_workers=count) as pool:
        try:
            for batch in _batches(items, chunk):
                pending.append(pool.submit(task, batch))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _run_chunk(function: Callable[[Item], Row], batch: list[Item]) -> list[Row]:
    return [function(item) for item in batch]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _cores() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return max(os.cpu_count() or 1, 1)


def audit_paths(
    arguments: Iterable[str],
    *,
    workers: int | None = None,
    names: tuple[str, ...] = MANIFEST_NAMES,
) -> Iterator[AuditRow]:
    """Audit every manifest the arguments name (:func:`find_manifests`), in parallel."""
    paths = find_manifests(arguments, names=names)
    yield from map_bounded(audit_manifest, paths, workers=workers)
