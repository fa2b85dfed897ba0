"""``aimanifest verify PATH [--root DIR]``: do the files match the manifest's artifacts?"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from aimanifest import __version__
from aimanifest.cli._common import ReportedError, add_command, add_finding_options, read_checked

if TYPE_CHECKING:
    from aimanifest.integrity.verify import Report

HELP = """\
Recompute the digests of every artifact the manifest lists with a `path`, and compare them
(and the sizes) with the manifest; report listed files that are missing and files under the
root that no artifact lists. Artifacts with only a `uri` are not in the repository and are
skipped. Paths never leave the root: absolute paths, `..` and symbolic links leading out are
errors. Files are hashed in parallel, each read once for all its algorithms.
Findings print as PATH:LINE:COLUMN: error|warning RULE: message, at the artifact's line.

rules: digest-mismatch, size-mismatch, missing-file, path-escape, special-file, file-changed
(errors); unlisted-file, no-digest (warnings); unreadable-file, unreadable-dir (cannot check).

examples:
  aimanifest verify aimanifest.yaml
  aimanifest verify models/tern-7b/aimanifest.yaml --root /mnt/models/tern-7b
  aimanifest verify --strict --ignore 'README.md' --ignore 'eval/*' aimanifest.yaml
  aimanifest verify --format json aimanifest.yaml | jq .root_digest.digest

The JSON report has each file's status and digests, and the root digest: SHA-256 over the
sorted per-file SHA-256 digests, the subject digest OpenSSF model signing (model_signing,
files serialization) signs for the same files.

exit codes: 0 every listed file matches (unlisted files are warnings; --strict fails on
them); 1 a mismatch, a missing or unsafe file, or an invalid manifest; 2 a file or directory
that cannot be read, unusable input, or a usage error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "verify", "check artifact files against the manifest's digests", HELP
    )
    parser.add_argument("path", metavar="PATH", help="manifest file (YAML or JSON)")
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="directory the artifact paths are relative to (default: the manifest's directory)",
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
    from aimanifest.integrity.verify import verify_document

    document = read_checked(args.path, what="verified", invalid_exit=1, include_claims=False)
    root = args.root if args.root is not None else (os.path.dirname(args.path) or os.curdir)
    if not os.path.isdir(root):
        problem = "no such directory" if not os.path.exists(root) else "not a directory"
        print(f"aimanifest verify: root {root}: {problem}", file=sys.stderr)
        raise ReportedError(2)
    report = verify_document(
        document, root, workers=args.jobs, progress=not args.no_progress, ignore=args.ignore
    )
    code = int(report.exit_code(strict=args.strict))
    if args.format == "json":
        from aimanifest.reports.verify_json import render

        sys.stdout.write(render(report, tool_version=__version__, strict=args.strict))
        return code
    from aimanifest.reports import renderer
    from aimanifest.validate import Result

    findings = report.findings
    if args.format == "text":
        findings = [f for f in findings if f.severity != "note"]
    result = Result(args.path, findings, document)
    sys.stdout.write(renderer(args.format)([result], tool_version=__version__))
    if not args.quiet and args.format == "text":
        print(_summary(report, code), file=sys.stderr)
    return code


def _summary(report: Report, code: int) -> str:
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = sum(1 for f in report.findings if f.severity == "warning")
    ok = sum(1 for result in report.files if result.status == "ok")
    hashed = f"{report.bytes_hashed:,} bytes hashed"
    if report.seconds >= 0.1:  # a rate over milliseconds says nothing
        rate = report.bytes_hashed / report.seconds / 1e6
        hashed += f" in {report.seconds:.1f} s ({rate:,.0f} MB/s)"
    parts = [
        f"{ok} of {len(report.files)} file(s) verified, {hashed}",
        f"{errors} error(s), {warnings} warning(s)",
    ]
    if report.skipped:
        parts.append(f"{len(report.skipped)} uri-only artifact(s) skipped")
    line = "; ".join(parts)
    if report.root_digest is not None and code == 0:
        line += f"\nroot digest (model-signing compatible): sha256:{report.root_digest}"
    return line
