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
Compute the openness verdicts of each manifest: the tier on the ladder
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
  aimanifest classify --format json models/*/aimanifest.yaml   # a JSON list, one per file

exit codes (the worst over all manifests): 0 verdicts computed; 2 a manifest is unusable or
invalid, or a base manifest it
references cannot be used (missing, unreadable, outside the root, digest mismatch, invalid,
a cycle: the report is then still printed, with the tier not assessed), or a usage error.
The findings are printed on standard error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "classify", "compute the openness tier, MOF class and OSAID verdict", HELP
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest files (YAML or JSON)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="report format (default: text)",
    )
    parser.add_argument(
        "--badge", metavar="FILE", help="also write an SVG badge of the tier (one PATH only)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing badge file")
    add_lineage_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.badge and len(args.paths) > 1:
        say("aimanifest classify: --badge is for one manifest; give one PATH with it")
        return 2
    reports: list[dict[str, Any]] = []
    code = 0
    for path in args.paths:
        try:
            report, failed = _classify(path, args)
        except ReportedError as failure:
            code = max(code, failure.exit_code)
            continue
        reports.append(report)
        if failed:
            code = 2
    if args.format == "json":
        shown: Any = reports[0] if len(args.paths) == 1 and reports else reports
        sys.stdout.write(json.dumps(shown, indent=2, ensure_ascii=False) + "\n")
    else:
        from importlib import import_module

        name = "classify_markdown" if args.format == "markdown" else "classify_text"
        render = import_module(f"aimanifest.reports.{name}").render
        sys.stdout.write("\n".join(render(report) for report in reports))
    if args.badge and reports:
        from aimanifest.badge import tier_badge

        write_output(tier_badge(reports[0]["tier"]), args.badge, force=args.force)
    return code


def _classify(path: str, args: argparse.Namespace) -> tuple[dict[str, Any], bool]:
    """The report on one manifest, and whether a base it references could not be used."""
    from aimanifest.claims import lineage_findings
    from aimanifest.classify import build_report
    from aimanifest.data import as_manifest
    from aimanifest.verdicts import evaluate

    lineage = lineage_options(args)
    document = read_checked(
        path, what="classified", invalid_exit=2, include_claims=False, lineage=lineage
    )
    data = as_manifest(document.data)
    verdicts = evaluate(data, path, lineage=lineage)
    errors = [f for f in lineage_findings(document, verdicts) if f.severity == "error"]
    for finding in errors:
        say(finding.as_text())
    if errors:
        say(f"{path}: a base manifest it references cannot be used: fix the errors above")
    return build_report(path, data, verdicts, tool_version=__version__), bool(errors)
