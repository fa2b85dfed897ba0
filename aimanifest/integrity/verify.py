"""``verify``: do the files under a root match the artifacts a manifest lists?

Each artifact with a ``path`` is located safely (:mod:`~aimanifest.integrity.walk`), its size
compared (a cheap check that spares hashing a file known to differ), then every file is hashed
once with all the algorithms its ``digests`` name plus SHA-256, in parallel. Files under the
root that no artifact lists are reported as warnings. Every finding is located at the
artifact's line in the manifest, so an editor or a CI log points at the line to fix.

An artifact marked ``file_list`` (spec 1.1) is a digest file: it is checked against its own
digests, then every file it lists is (:mod:`~aimanifest.integrity.digestfile`); those findings
sit at the digest file's artifact and name the line of the digest file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any, NamedTuple

from aimanifest.checks import components
from aimanifest.findings import Exit, Finding, exit_code
from aimanifest.integrity import digestfile, walk
from aimanifest.integrity.hashing import FileHash, HashingError, HashJob, hash_files
from aimanifest.integrity.progress import progress_bar
from aimanifest.integrity.rootdigest import ROOT_ALGORITHM, root_digest
from aimanifest.source import Document, PathKey

UNUSABLE_RULES = frozenset({"unreadable-file", "unreadable-dir", "digest-file-too-large"})
"""Findings that mean a file could not be checked at all (exit 2), not that it is wrong."""
_HASH_RULES = {
    "missing": "missing-file",
    "special": "special-file",
    "unreadable": "unreadable-file",
    "changed": "file-changed",
    "cancelled": "unreadable-file",
}


class FileResult(NamedTuple):
    """What verify found for one artifact with a ``path``."""

    path: str
    """As the manifest writes it."""
    where: PathKey
    """The artifact in the manifest's data."""
    status: str
    """``ok``, or the rule of the error found (``digest-mismatch``, ``missing-file``, ...)."""
    size: int | None
    """Bytes on disk, when the file could be read."""
    expected: dict[str, str]
    actual: dict[str, str]


class Report(NamedTuple):
    """Everything ``verify`` found, for every output format."""

    manifest: str
    root: str
    files: list[FileResult]
    skipped: list[tuple[str, PathKey]]
    """Artifacts with only a ``uri``: not in the repository, so not checked."""
    unlisted: list[walk.Unlisted]
    findings: list[Finding]
    root_digest: str | None
    """SHA-256 root digest (model-signing compatible) of the listed files as found, or None
    when some listed file could not be hashed."""
    bytes_hashed: int
    seconds: float
    digest_files: tuple[digestfile.ListResult, ...] = ()
    """One entry per digest file (``file_list`` artifact): how many files it lists, how many
    matched; its own digest is among ``files``."""

    def exit_code(self, *, strict: bool = False) -> Exit:
        """2 if some file could not be checked; otherwise the findings decide, as everywhere."""
        if any(f.rule in UNUSABLE_RULES for f in self.findings):
            return Exit.UNUSABLE
        return exit_code(self.findings, strict=strict)


class _Pending(NamedTuple):
    path: str
    where: PathKey
    expected: dict[str, str]
    size: int
    job: HashJob


def verify_document(
    document: Document,
    root: str,
    *,
    workers: int | None = None,
    progress: bool = False,
    ignore: Sequence[str] = (),
) -> Report:
    """Check the artifacts of a schema-valid ``document`` against the files under ``root``.

    ``root`` must be a directory (the caller reports it otherwise). ``ignore`` holds globs of
    unlisted files not to report; ``progress`` allows a progress bar on a terminal.
    """
    real_root = os.path.realpath(root)
    findings: list[Finding] = []
    files: list[FileResult] = []
    skipped: list[tuple[str, PathKey]] = []
    pending: list[_Pending] = []
    lists: list[_Pending] = []
    listed_real = {os.path.realpath(document.path)}

    for component_path, component in components(document.data):
        for index, artifact in enumerate(component.get("artifacts", [])):
            where: PathKey = (*component_path, "artifacts", index)
            if "path" not in artifact:
                skipped.append((artifact.get("uri", ""), where))
                findings.append(
                    document.finding(
                        where,
                        "remote-artifact",
                        f"{artifact.get('uri')} is not in the repository (uri only): not verified",
                        severity="note",
                    )
                )
                continue
            item = _locate(document, real_root, artifact, where, findings)
            if isinstance(item, FileResult):
                files.append(item)
                continue
            listed_real.add(item.job.path)
            (lists if artifact.get("file_list") else pending).append(item)

    started = time.perf_counter()
    bar = progress_bar(sum(item.size for item in pending), "verifying", enabled=progress)
    try:
        hashed = hash_files(
            [item.job for item in pending],
            workers=workers,
            on_bytes=bar.advance if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    for item, outcome in zip(pending, hashed, strict=True):
        files.append(_compare(document, item, outcome, findings))
    paths = {walk.normalize(r.path) for r in files} | {walk.normalize(i.path) for i in lists}
    listed = digestfile.Listed(paths)
    digest_files = [
        _check_list(document, real_root, item, listed, findings, workers, progress)
        for item in lists
    ]
    seconds = time.perf_counter() - started
    files += [result for result, _ in digest_files]

    unlisted, notes = walk.unlisted_files(real_root, listed, listed_real=listed_real, ignore=ignore)
    # artifacts' findings in manifest order, then those about the tree, which have no line
    findings.sort(key=lambda f: (f.line, f.column))
    for note in notes:
        findings.append(document.finding((), "unreadable-dir", note))
    for file in unlisted:
        link = ", a symbolic link leading outside the root" if file.outside else ""
        findings.append(
            document.finding(
                (),
                "unlisted-file",
                f"'{file.path}' ({file.size:,} bytes{link}) is under the root "
                "but no artifact lists it",
                severity="warning",
            )
        )
    files.sort(key=lambda result: result.where)
    return Report(
        manifest=document.path,
        root=root,
        files=files,
        skipped=skipped,
        unlisted=unlisted,
        findings=findings,
        root_digest=_root_digest(files),
        bytes_hashed=sum(result.size or 0 for result in files if result.actual)
        + sum(summary.bytes_hashed for _, summary in digest_files if summary is not None),
        seconds=seconds,
        digest_files=tuple(summary for _, summary in digest_files if summary is not None),
    )


def _locate(
    document: Document,
    real_root: str,
    artifact: dict[str, Any],
    where: PathKey,
    findings: list[Finding],
) -> FileResult | _Pending:
    """The hashing job for an artifact, or its result when a cheap check already failed."""
    path: str = artifact["path"]
    expected: dict[str, str] = {k: v.lower() for k, v in artifact.get("digests", {}).items()}
    try:
        located = walk.locate(real_root, path)
    except walk.PathError as problem:
        findings.append(document.finding((*where, "path"), problem.rule, problem.message))
        return FileResult(path, where, problem.rule, None, expected, {})
    size = located.info.st_size
    declared = artifact.get("size")
    if declared is not None and declared != size:
        findings.append(
            document.finding(
                (*where, "size"),
                "size-mismatch",
                f"'{path}' is {size:,} bytes, but the manifest says {declared:,}",
            )
        )
        if not artifact.get("file_list"):
            return FileResult(path, where, "size-mismatch", size, expected, {})
        # a digest file is still read, unpinned, so its files do not all turn up as unlisted
    if not expected:
        findings.append(
            document.finding(
                (*where, "path"),
                "no-digest",
                f"'{path}' has no digests: only its presence and size are checked",
                severity="warning",
            )
        )
    algorithms = [*expected, ROOT_ALGORITHM]
    return _Pending(path, where, expected, size, HashJob(located.real, algorithms, False))


def _compare(
    document: Document,
    item: _Pending,
    outcome: FileHash | HashingError,
    findings: list[Finding],
) -> FileResult:
    if isinstance(outcome, HashingError):
        rule = _HASH_RULES[outcome.kind]
        findings.append(
            document.finding((*item.where, "path"), rule, f"'{item.path}' {outcome.reason}")
        )
        return FileResult(item.path, item.where, rule, None, item.expected, {})
    wrong = [name for name, value in item.expected.items() if outcome.digests[name] != value]
    if not wrong:
        return FileResult(item.path, item.where, "ok", outcome.size, item.expected, outcome.digests)
    details = "; ".join(
        f"{name} is {outcome.digests[name]}, the manifest says {item.expected[name]}"
        for name in wrong
    )
    findings.append(
        document.finding(
            (*item.where, "digests", wrong[0]),
            "digest-mismatch",
            f"'{item.path}' does not match its digest: {details}",
        )
    )
    return FileResult(
        item.path, item.where, "digest-mismatch", outcome.size, item.expected, outcome.digests
    )


def _check_list(
    document: Document,
    real_root: str,
    item: _Pending,
    listed: digestfile.Listed,
    findings: list[Finding],
    workers: int | None,
    progress: bool,
) -> tuple[FileResult, digestfile.ListResult | None]:
    """A digest file against its pin, then every file it lists, as findings at its artifact."""
    at = (*item.where, "path")
    bar = progress_bar(item.size, f"verifying {item.path}", enabled=progress)
    try:
        actual, summary = digestfile.check_list(
            real_root,
            item.path,
            item.job.path,
            item.expected,
            listed,
            workers=workers,
            on_bytes=bar.advance if bar is not None else None,
        )
    except digestfile.ListError as error:
        findings.append(document.finding(at, error.rule, f"'{item.path}' {error.message}"))
        return FileResult(item.path, item.where, error.rule, None, item.expected, {}), None
    finally:
        if bar is not None:
            bar.close()
    outcome = FileHash(item.job.path, item.size, actual)
    result = _compare(document, item, outcome, findings)
    if not summary.pinned:
        findings.append(
            document.finding(
                at,
                "digest-file-unpinned",
                f"'{item.path}' does not match its digests, so the {summary.listed:,} file(s) "
                "it lists were not checked",
            )
        )
    for problem in summary.problems:
        findings.append(
            document.finding(at, problem.rule, f"{item.path}:{problem.line}: {problem.message}")
        )
    if summary.unreported:
        counts = ", ".join(f"{n:,} {rule}" for rule, n in sorted(summary.unreported.items()))
        worst = next((r for r in summary.unreported if r in UNUSABLE_RULES), None)
        findings.append(
            document.finding(
                at,
                worst or next(iter(sorted(summary.unreported))),
                f"{item.path}: {sum(summary.unreported.values()):,} more problem(s) not shown "
                f"({counts})",
            )
        )
    return result, summary


def _root_digest(files: Sequence[FileResult]) -> str | None:
    if not files or any(ROOT_ALGORITHM not in result.actual for result in files):
        return None
    return root_digest({walk.normalize(r.path): r.actual[ROOT_ALGORITHM] for r in files})
