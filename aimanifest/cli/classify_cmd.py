"""``aimanifest classify PATH``: how open the release really is, and what the next step needs."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from aimanifest import __version__
from aimanifest.cli._common import (
    ReportedError,
    add_command,
    add_lineage_options,
    lineage_options,
    read_checked,
    say,
    write_output,
)

HELP = """\
Compute the openness verdicts of one manifest: the tier on the ladder
closed < weights-available < open-weights < open-pipeline < open-source-ai < fully-open
(capped by the base models' manifests, relation by relation), the Model Openness Framework
class with progress per class, and the Open Source AI Definition 1.0 verdict; then what is
missing for the next step. A base whose manifest cannot be verified is never ignored: where
it could lower the tier, the tier is "not assessed" (JSON: "tier": null, "tier_status":
"not-assessed"), beside the release's own tier. The rules are in docs/verdicts.md.

examples:
  aimanifest classify aimanifest.yaml
  aimanifest classify --format json aimanifest.yaml | jq .tier
  aimanifest classify --format markdown aimanifest.yaml >> README.md
  aimanifest classify --badge openness.svg aimanifest.yaml
  aimanifest classify --fetch-lineage models/chat/aimanifest.yaml

exit codes: 0 verdicts computed; 2 the manifest is unusable or invalid, or a base manifest it
references cannot be used (missing, unreadable, outside the root, digest mismatch, invalid,
a cycle: the report is then still printed, with the tier not assessed), or a usage error.
The findings are printed on standard error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "classify", "compute the openness tier, MOF class and OSAID verdict", HELP
    )
    parser.add_argument("path", metavar="PATH", help="manifest file (YAML or JSON)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="report format (default: text)",
    )
    parser.add_argument("--badge", metavar="FILE", help="also write an SVG badge of the tier")
    parser.add_argument("--force", action="store_true", help="replace an existing badge file")
    add_lineage_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.claims import lineage_findings
    from aimanifest.classify import build_report
    from aimanifest.data import as_manifest
    from aimanifest.verdicts import evaluate

    lineage = lineage_options(args)
    document = read_checked(
        args.path, what="classified", invalid_exit=2, include_claims=False, lineage=lineage
    )
    data = as_manifest(document.data)
    verdicts = evaluate(data, args.path, lineage=lineage)
    errors = [f for f in lineage_findings(document, verdicts) if f.severity == "error"]
    for finding in errors:
        say(finding.as_text())
    report = build_report(args.path, data, verdicts, tool_version=__version__)
    if args.format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        from aimanifest.reports.classify_markdown import render

        sys.stdout.write(render(report))
    else:
        from aimanifest.reports.classify_text import render

        sys.stdout.write(render(report))
    if args.badge:
        from aimanifest.badge import tier_badge

        write_output(tier_badge(report["tier"]), args.badge, force=args.force)
    if errors:
        say(f"{args.path}: a base manifest it references cannot be used: fix the errors above")
        raise ReportedError(2)
    return 0
