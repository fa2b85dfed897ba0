"""``aimanifest update [MANIFEST]``: refresh sizes and digests, add new files, keep the rest."""

from __future__ import annotations

import argparse
import os
from typing import Any

from aimanifest.cli._common import add_command, say, write_output

HELP = """\
Bring a manifest's artifacts back in line with the files beside it, keeping everything else:
comments, key order, quoting and formatting stay as they are. Each listed file is hashed again
(with the algorithms it already lists, and SHA-256) and a size or digest that changed is
rewritten; files no artifact lists are recognised as `aimanifest init` does and added to the
component that holds their group (a new shard beside the others) or to a new one; listed
files that are gone, and new files no rule recognises, are reported for you to settle. The
manifest is replaced atomically, and only when something changed. `--check` only reports.

examples:
  aimanifest update                        # ./aimanifest.yaml and the files beside it
  aimanifest update models/tern-7b/aimanifest.yaml
  aimanifest update --check                # in CI: exit 1 when the manifest is stale
  aimanifest update --root /data/tern-7b release/aimanifest.yaml

exit codes: 0 up to date (or updated, with nothing left to settle); 1 stale (--check), or
listed files are gone or cannot be checked (outside the root, not a regular file); 2 the
manifest cannot be read, is not valid, or cannot be written.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "update", "refresh a manifest's sizes and digests, keeping its edits", HELP
    )
    parser.add_argument(
        "manifest",
        metavar="MANIFEST",
        nargs="?",
        default="aimanifest.yaml",
        help="the manifest to update (default: ./aimanifest.yaml)",
    )
    parser.add_argument(
        "--root", metavar="DIR", help="where the artifact files are (default: MANIFEST's folder)"
    )
    parser.add_argument(
        "--check", action="store_true", help="only report; exit 1 when the manifest is stale"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar while hashing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.importers.base import ImporterError
    from aimanifest.scaffold.update import plan_update
    from aimanifest.source import SourceError

    if args.root is not None and not os.path.isdir(args.root):
        say(f"aimanifest: --root {args.root}: not a directory")
        return 2
    try:
        update = plan_update(args.manifest, root=args.root, progress=not args.no_progress)
    except SourceError as error:
        for finding in error.findings:
            say(finding.as_text())
        return 2
    except ImporterError as error:
        for line in error.lines():
            say(line)
        return 2
    verb = "would be " if args.check else ""
    for change in update.changes:
        label = {"updated": f"{verb}updated", "added": f"{verb}added"}.get(change.kind, change.kind)
        say(f"{args.manifest}: {label}: {change.message}")
    if args.check:
        if update.stale or any(change.kind == "problem" for change in update.changes):
            say(f"{args.manifest}: stale: run `aimanifest update {args.manifest}`")
            return 1
        say(f"{args.manifest}: up to date")
        return 0
    if update.edited:
        _check_text(args.manifest, update.text)
        write_output(update.text, args.manifest, force=True)
        say(f"wrote {args.manifest}")
    removed = [change for change in update.changes if change.kind in ("removed", "problem")]
    if removed:
        say(
            f"{args.manifest}: {len(removed)} listed file(s) are gone or cannot be checked: "
            "remove them from the manifest or restore them"
        )
        return 1
    if not update.edited:
        say(f"{args.manifest}: up to date")
    return 0


def _check_text(path: str, text: str) -> None:
    """The edited text must read back as a structurally valid manifest, or nothing is written."""
    from aimanifest.cli._common import ReportedError
    from aimanifest.source import SourceError
    from aimanifest.source.reader import read_document
    from aimanifest.validate import structural_findings

    try:
        document = read_document(path, text)
    except SourceError as error:
        problems = [finding.message for finding in error.findings]
    else:
        problems = [f.message for f in structural_findings(document) if f.severity == "error"]
    if problems:
        for problem in problems:
            say(f"aimanifest: update: the edited manifest would not be valid: {problem}")
        raise ReportedError(2)
