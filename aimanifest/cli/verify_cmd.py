"""``aimanifest verify PATH... [--root DIR]``: do the files match the manifests' artifacts?"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from aimanifest import __version__
from aimanifest.cli._common import (
    ReportedError,
    add_command,
    add_finding_options,
    read_checked,
    say,
)

if TYPE_CHECKING:
    from aimanifest.integrity.verify import Report
    from aimanifest.reports.verify_json import Unchecked

HELP = """\
Recompute the digests of every artifact each manifest lists with a `path`, and compare them
(and the sizes) with the manifest; report listed files that are missing and files under the
root that no artifact lists. Artifacts with only a `uri` are not in the repository and are
skipped. Paths never leave the root: absolute paths, `..` and symbolic links leading out are
errors. Files are hashed in parallel, each read once for all its algorithms.
Findings print as PATH:LINE:COLUMN: error|warning RULE: message, at the artifact's line.

rules: digest-mismatch, size-mismatch, missing-file, path-escape, special-file, file-changed,
digest-file-line, digest-file-unpinned, duplicate-artifact (errors); unlisted-file, no-digest
(warnings); unreadable-file, unreadable-dir, digest-file-too-large (cannot check).

A digest file (an artifact with `file_list: sha256sum`, spec 1.1) is checked against its own
digests, then every file it lists is; problems are reported at the digest file's artifact,
naming the line of the digest file (LIST:LINE: ...).

examples:
  aimanifest verify aimanifest.yaml
  aimanifest verify models/tern-7b/aimanifest.yaml --root /mnt/models/tern-7b
  aimanifest verify --strict --ignore 'README.md' --ignore 'eval/*' aimanifest.yaml
  aimanifest verify models/*/aimanifest.yaml
  aimanifest verify --format json aimanifest.yaml | jq '.manifests[0].root_digest.digest'

The JSON report has, for each manifest, each file's status and digests, and the root
digest: SHA-256 over the sorted per-file SHA-256 digests, the subject digest OpenSSF model
signing (model_signing, files serialization) signs for the same files.

exit codes: (the worst over all manifests) 0 every listed file matches (unlisted files are
warnings; --strict fails on them); 1 a mismatch, a missing or unsafe file, or an invalid
manifest; 2 a file or directory that cannot be read, unusable input, or a usage error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "verify", "check artifact files against the manifest's digests", HELP
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest files (YAML or JSON)")
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="directory the artifact paths are relative to (default: the manifest's "
        "directory); only with one PATH",
    )
    add_finding_options(parser)
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="GLOB",
        help="do not report unlisted files matching GLOB (path or name; repeatable)",
    )
    parser.add_argument(
        "-j", "--jobs", type=_positive, metavar="N", help="hashing threads (default: CPU count)"
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (drawn only on a terminal)"
    )
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    from aimanifest.reports.verify_json import Unchecked

    if args.root is not None and len(args.paths) > 1:
        say("aimanifest verify: --root applies to one manifest; give one PATH with it")
        return 2
    reports: list[Report | Unchecked] = [_verify_one(path, args) for path in args.paths]
    code = max(_exit_code(report, args.strict) for report in reports)
    checked = [report for report in reports if not isinstance(report, Unchecked)]
    if args.format == "json":
        from aimanifest.reports.verify_json import render

        sys.stdout.write(render(reports, tool_version=__version__, strict=args.strict))
        return code
    from aimanifest.reports import renderer
    from aimanifest.validate import Result

    results = [
        Result(
            report.manifest,
            [f for f in report.findings if args.format != "text" or f.severity != "note"],
        )
        for report in checked
    ]
    sys.stdout.write(renderer(args.format)(results, tool_version=__version__, strict=args.strict))
    if not args.quiet and args.format == "text":
        for report in checked:
            prefix = f"{report.manifest}: " if len(args.paths) > 1 else ""
            say(*(prefix + line for line in _summary(report, _exit_code(report, args.strict))))
    return code


def _verify_one(path: str, args: argparse.Namespace) -> Report | Unchecked:
    """The report of one manifest, or why it could not be checked (already printed)."""
    from aimanifest.integrity.verify import verify_document
    from aimanifest.reports.verify_json import Unchecked

    try:
        document = read_checked(path, what="verified", invalid_exit=1, include_claims=False)
    except ReportedError as failure:
        return Unchecked(path, failure.exit_code)
    root = args.root if args.root is not None else (os.path.dirname(path) or os.curdir)
    if not os.path.isdir(root):
        problem = "no such directory" if not os.path.exists(root) else "not a directory"
        say(f"aimanifest verify: root {root}: {problem}")
        return Unchecked(path, 2)
    return verify_document(
        document, root, workers=args.jobs, progress=not args.no_progress, ignore=args.ignore
    )


def _exit_code(report: Report | Unchecked, strict: bool) -> int:
    from aimanifest.reports.verify_json import Unchecked

    if isinstance(report, Unchecked):
        return report.exit_code
    return int(report.exit_code(strict=strict))


def _summary(report: Report, code: int) -> list[str]:
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = sum(1 for f in report.findings if f.severity == "warning")
    ok = sum(1 for result in report.files if result.status == "ok")
    ok += sum(listing.ok for listing in report.digest_files)
    total = len(report.files) + sum(listing.listed for listing in report.digest_files)
    hashed = f"{report.bytes_hashed:,} bytes hashed"
    if report.seconds >= 0.1:  # a rate over milliseconds says nothing
        rate = report.bytes_hashed / report.seconds / 1e6
        hashed += f" in {report.seconds:.1f} s ({rate:,.0f} MB/s)"
    parts = [
        f"{ok:,} of {total:,} file(s) verified, {hashed}",
        f"{errors} error(s), {warnings} warning(s)",
    ]
    if report.skipped:
        parts.append(f"{len(report.skipped)} uri-only artifact(s) skipped")
    lines = ["; ".join(parts)]
    if report.root_digest is not None and code == 0:
        what = (
            "of the artifacts (digest files pin the files they list)"
            if report.digest_files
            else "(model-signing compatible)"
        )
        lines.append(f"root digest {what}: sha256:{report.root_digest}")
    return lines
