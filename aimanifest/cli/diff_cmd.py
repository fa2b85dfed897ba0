"""``aimanifest diff OLD NEW``: what changed in openness, and whether it is a regression."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aimanifest.cli._common import ReportedError, add_command, say

if TYPE_CHECKING:
    from aimanifest.diff import Change, Snapshot

HELP = """\
Compare two versions of a manifest: the tier, effective tier, MOF class and progress, OSAID
verdict; each component's licence and licence class, availability, location and digests;
components added and removed; lineage changes. A change that makes the release less open is a
regression (a lower tier, class, progress or verdict, a less open licence or availability).
OLD and NEW are paths, or git:REV:PATH for the version committed at REV (read with git, no
shell; its lineage is resolved against the working tree). With --against REV, each PATH is
compared with its own committed version (what the pre-commit hook does).

examples:
  aimanifest diff git:HEAD:aimanifest.yaml aimanifest.yaml
  aimanifest diff git:origin/main:aimanifest.yaml aimanifest.yaml --format markdown
  aimanifest diff old/aimanifest.yaml new/aimanifest.yaml --fail-on-regression
  aimanifest diff --against HEAD --fail-on-regression aimanifest.yaml

exit codes: 0 compared (with --fail-on-regression: and nothing became less open); 1 a
regression, with --fail-on-regression; 2 a version that is unusable or invalid, or a usage
error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "diff", "compare the openness of two versions of a manifest", HELP
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="OLD NEW, or PATHs with --against")
    parser.add_argument("--against", metavar="REV", help="compare each PATH with git:REV:PATH")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="report format (default: text; markdown for a pull-request comment)",
    )
    parser.add_argument(
        "--fail-on-regression",
        action="store_true",
        help="exit 1 when any verdict or licence becomes less open",
    )
    parser.set_defaults(run=run)


def _snapshot(spec: str, working_path: str) -> Snapshot:
    """The snapshot of ``spec`` (a path or git:REV:PATH), or exit 2 saying why not."""
    from aimanifest.diff import snapshot
    from aimanifest.source import SourceError
    from aimanifest.source.reader import read_document_at
    from aimanifest.validate import structural_findings

    try:
        document = read_document_at(spec)
    except SourceError as error:
        say(*(finding.as_text() for finding in error.findings))
        raise ReportedError(2) from None
    errors = [f for f in structural_findings(document) if f.severity == "error"]
    if errors:
        say(
            *(finding.as_text() for finding in errors),
            f"{spec}: not compared: fix the errors above first",
        )
        raise ReportedError(2)
    return snapshot(spec, document.data, working_path)


def _pairs(args: argparse.Namespace) -> list[tuple[str, str]]:
    if args.against is not None:
        return [(f"git:{args.against}:./{path}", path) for path in args.paths]
    if len(args.paths) != 2:
        say("aimanifest diff: give OLD and NEW (or --against REV and the paths to compare)")
        raise ReportedError(2)
    return [(args.paths[0], args.paths[1])]


def _working_path(spec: str) -> str:
    from aimanifest.source.reader import split_git_spec

    found = split_git_spec(spec)
    return found[1] if found is not None else spec


def run(args: argparse.Namespace) -> int:
    from aimanifest.diff import diff, regressions

    results: list[tuple[str, str, list[Change] | None]] = []
    for old_spec, new_spec in _pairs(args):
        if args.against is not None and not _committed(old_spec):
            results.append((old_spec, new_spec, None))  # a new manifest: nothing to compare
            continue
        old = _snapshot(old_spec, _working_path(old_spec))
        new = _snapshot(new_spec, _working_path(new_spec))
        results.append((old_spec, new_spec, diff(old, new)))
    if args.format == "json":
        sys.stdout.write(_json(results))
    elif args.format == "markdown":
        sys.stdout.write(_markdown(results))
    else:
        sys.stdout.write(_text(results))
    worse = [change for _, _, changes in results for change in regressions(changes or [])]
    return 1 if args.fail_on_regression and worse else 0


def _committed(spec: str) -> bool:
    """Whether git:REV:PATH exists (a file added by this change has no old version)."""
    import subprocess

    from aimanifest.source.reader import split_git_spec

    found = split_git_spec(spec)
    if found is None:
        return True
    rev, path = found
    completed = subprocess.run(
        ["git", "cat-file", "-e", f"{rev}:{path}"],
        capture_output=True,
        check=False,
        cwd=os.curdir,
    )
    return completed.returncode == 0


def _text(results: Sequence[tuple[str, str, list[Change] | None]]) -> str:
    from aimanifest.escape import terminal

    lines: list[str] = []
    for old, new, changes in results:
        if changes is None:
            lines.append(terminal(f"{new}: new manifest (no {old} to compare with)"))
            continue
        worse = sum(change.regression for change in changes)
        lines.append(terminal(f"{old} -> {new}: {len(changes)} change(s), {worse} regression(s)"))
        for change in changes:
            mark = "REGRESSION " if change.regression else ""
            lines.append(terminal(f"  {mark}{change.message}"))
    return "\n".join(lines) + "\n"


def _json(results: Sequence[tuple[str, str, list[Change] | None]]) -> str:
    from aimanifest import __version__

    document = {
        "tool": {"name": "aimanifest", "version": __version__},
        "comparisons": [
            {
                "old": old,
                "new": new,
                "compared": changes is not None,
                "regressions": sum(c.regression for c in changes or []),
                "changes": [change.as_dict() for change in changes or []],
            }
            for old, new, changes in results
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def _markdown(results: Sequence[tuple[str, str, list[Change] | None]]) -> str:
    from aimanifest.escape import markdown as md

    lines: list[str] = []
    for old, new, changes in results:
        lines.append(f"### Openness: {md(old)} → {md(new)}")
        lines.append("")
        if changes is None:
            lines += ["New manifest: nothing to compare with.", ""]
            continue
        if not changes:
            lines += ["No change in openness.", ""]
            continue
        worse = sum(change.regression for change in changes)
        lines.append(
            f"**{worse} regression(s)**: this change makes the release less open."
            if worse
            else "No regression."
        )
        lines += ["", "| | what | change |", "|---|---|---|"]
        for change in changes:
            flag = "⚠️ less open" if change.regression else ""
            lines.append(
                f"| {flag} | {md(change.subject)} {change.aspect} | {md(change.message)} |"
            )
        lines.append("")
    return "\n".join(lines)
