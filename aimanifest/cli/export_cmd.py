"""``aimanifest export PATH --to FORMAT``: the manifest as an SBOM (SPDX or CycloneDX)."""

from __future__ import annotations

import argparse
from typing import Any

from aimanifest.cli._common import (
    add_command,
    add_lineage_options,
    lineage_options,
    read_checked,
    say,
    write_output,
)

HELP = """\
Convert a valid manifest into a software bill of materials: SPDX 2.3 (JSON, or tag-value with
spdx-2.3-tv), SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, or a CycloneDX 1.6 ML-BOM.
The output is deterministic: its timestamp comes from --created, else SOURCE_DATE_EPOCH, else
the release date, so the same manifest always gives the same bytes.

examples:
  aimanifest export aimanifest.yaml --to spdx-3.0 -o sbom.spdx3.json
  aimanifest export aimanifest.yaml --to cyclonedx-1.6 > bom.cdx.json
  aimanifest export aimanifest.yaml --to spdx-2.3-tv -o sbom.spdx --force
  SOURCE_DATE_EPOCH=1717200000 aimanifest export aimanifest.yaml --to spdx-2.3

Where the manifest leaves a minimum element of an SBOM unknown (a supplier, a version, a
licence), the document says NOASSERTION (or the format's equivalent) and a warning on standard
error names the manifest place and the field that would fill it:
  aimanifest.yaml:42:9: warning export-version: the version of third-party component ...

exit codes: 0 exported (warnings do not change it); 1 the manifest is invalid (its findings
are printed on standard error); 2 unusable input, a creation time out of range, an output that
exists (without --force) or cannot be written, or a usage error.
"""


def register(subparsers: Any) -> None:
    from aimanifest.exporters import FORMATS

    parser = add_command(
        subparsers, "export", "convert a manifest into an SPDX or CycloneDX SBOM", HELP
    )
    parser.add_argument("path", metavar="PATH", help="manifest file (YAML or JSON)")
    parser.add_argument(
        "--to", dest="format", choices=tuple(FORMATS), required=True, help="output format"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument(
        "--created",
        metavar="TIME",
        help="creation time of the document (ISO 8601); default: "
        "SOURCE_DATE_EPOCH, else the release date",
    )
    add_lineage_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.data import as_manifest
    from aimanifest.exporters import ExportError, build_sbom

    lineage = lineage_options(args)
    document = read_checked(
        args.path, what="exported", invalid_exit=1, include_claims=True, lineage=lineage
    )
    try:
        export = build_sbom(
            as_manifest(document.data), args.path, args.format, args.created, lineage=lineage
        )
    except ExportError as error:
        say(f"{args.path}: error export: {error}")
        return 2
    write_output(export.text, args.output, force=args.force)
    # after the document: a reader of standard output that waits for the SBOM must not be
    # stuck behind thousands of warnings filling the standard error pipe
    located = [document.finding(g.path, g.rule, g.message, severity="warning") for g in export.gaps]
    say(*(warning.as_text() for warning in sorted(located)))
    return 0
