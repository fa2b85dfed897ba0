"""``aimanifest report PATH -o FILE``: one self-contained HTML page of the verdicts."""

from __future__ import annotations

import argparse
from typing import Any

from aimanifest.cli._common import add_command, read_checked, write_output

HELP = """\
Write one self-contained HTML page of a release's openness: the tier ladder with the release's
rung, every component of every layer with its licence class, availability, location and
digests, the MOF class with progress, the OSAID checklist with what fails, the lineage with
the ancestors' tiers, and what the next rung needs. The page has no script and loads nothing
(no fonts, styles or images from the network): open it from a file, attach it to a CI run,
publish it. Light and dark follow the reader's system; it reads on a phone.

examples:
  aimanifest report aimanifest.yaml -o openness.html
  aimanifest report models/tern-7b/aimanifest.yaml -o - > tern.html
  aimanifest report aimanifest.yaml -o openness.html --force

exit codes: 0 written; 2 the manifest is unusable or invalid (its findings are printed on
standard error), the output exists (without --force) or cannot be written, or a usage error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "report", "write an HTML page of the verdicts", HELP)
    parser.add_argument("path", metavar="PATH", help="manifest file (YAML or JSON)")
    parser.add_argument(
        "-o", "--output", metavar="FILE", default="-", help="write here ('-': standard output)"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest import __version__
    from aimanifest.data import as_manifest
    from aimanifest.reports.html_report import render_html, report_view
    from aimanifest.verdicts import evaluate

    document = read_checked(args.path, what="reported", invalid_exit=2, include_claims=False)
    verdicts = evaluate(as_manifest(document.data), args.path).as_json()
    view = report_view(document.data, verdicts, source=args.path, tool_version=__version__)
    write_output(render_html(view), args.output, force=args.force)
    return 0
