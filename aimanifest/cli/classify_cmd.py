"""``aimanifest classify PATH``: how open the release really is, and what the next step needs."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from aimanifest import __version__
from aimanifest.cli._common import add_command, read_checked, write_output

HELP = """\
Compute the openness verdicts of one manifest: the tier on the ladder
closed < weights-available < open-weights < open-pipeline < open-source-ai < fully-open
(capped by the base models' manifests), the Model Openness Framework class with progress per
class, and the Open Source AI Definition 1.0 verdict; then what is missing for the next step.
The rules are in docs/verdicts.md.

examples:
  aimanifest classify aimanifest.yaml
  aimanifest classify --format json aimanifest.yaml | jq .tier
  aimanifest classify --format markdown aimanifest.yaml >> README.md
  aimanifest classify --badge openness.svg aimanifest.yaml

exit codes: 0 verdicts computed; 2 the manifest is unusable or invalid (its findings are
printed on standard error), or a usage error.
"""

MOF_RANK = {None: 0, "III": 1, "II": 2, "I": 3}


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
    parser.set_defaults(run=run)


def _claims(data: dict[str, Any], report: dict[str, Any]) -> list[dict[str, Any]]:
    from aimanifest.data import TIERS

    claims = data.get("claims", {})
    rows = []
    if "tier" in claims:
        rows.append(
            {
                "claim": "tier",
                "claimed": claims["tier"],
                "computed": report["tier"],
                "supported": TIERS.index(claims["tier"]) <= TIERS.index(report["tier"]),
            }
        )
    if "mof_class" in claims:
        computed = report["mof"]["class"]
        rows.append(
            {
                "claim": "mof_class",
                "claimed": claims["mof_class"],
                "computed": computed,
                "supported": MOF_RANK[claims["mof_class"]] <= MOF_RANK[computed],
            }
        )
    if claims.get("osaid") is True:
        verdict = report["osaid"]["verdict"]
        rows.append(
            {"claim": "osaid", "claimed": True, "computed": verdict, "supported": verdict == "pass"}
        )
    return rows


def build_report(path: str, data: dict[str, Any]) -> dict[str, Any]:
    """Every verdict on the manifest at ``path`` as plain JSON data (``--format json``)."""
    from aimanifest.data import as_manifest
    from aimanifest.verdicts import evaluate

    report: dict[str, Any] = {
        "manifest": path,
        "spec_version": data["aimanifest"],
        "tool_version": __version__,
        "release": {"name": data["release"]["name"], "version": data["release"]["version"]},
    }
    report.update(evaluate(as_manifest(data), path).as_json())
    report["claims"] = _claims(data, report)
    return report


def run(args: argparse.Namespace) -> int:
    document = read_checked(args.path, what="classified", invalid_exit=2, include_claims=False)
    report = build_report(args.path, document.data)
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
    return 0
