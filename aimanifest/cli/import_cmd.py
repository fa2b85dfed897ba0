"""``aimanifest import --from mof FILE``: start a manifest from another tool's description."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aimanifest.cli._common import add_command, write_output

HELP = """\
Convert a Model Openness Tool (MOT) model file into an aimanifest manifest. Every guess the
conversion has to make (availability, dataset roles, free-text licence names) is printed as a
warning: review them, then run `aimanifest validate` and `aimanifest classify` on the result.

examples:
  aimanifest import --from mof Pythia.yml -o aimanifest.yaml
  aimanifest import --from mof Pythia.yml | aimanifest-edit ...
  aimanifest import --from mof Pythia.yml -o aimanifest.yaml --force

exit codes: 0 converted; 2 the input is not a usable MOT file, the output exists (without
--force) or cannot be written, or a usage error.
"""

MODELINE = (
    "# yaml-language-server: $schema=https://aimanifest.dev/schema/1.0/aimanifest.schema.json\n"
)


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "import", "convert a Model Openness Tool model file into a manifest", HELP
    )
    parser.add_argument("path", metavar="FILE", help="the file to convert")
    parser.add_argument(
        "--from",
        dest="source_format",
        choices=("mof",),
        required=True,
        help="format of FILE: mof (a Model Openness Tool model file)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.set_defaults(run=run)


def to_yaml(data: dict[str, Any], source: str) -> str:
    """The manifest as YAML, in schema order, with the schema modeline and its origin."""
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return f"{MODELINE}# Imported by `aimanifest import --from mof {source}`: review it.\n{body}"


def run(args: argparse.Namespace) -> int:
    from aimanifest.importers.mof import MotImportError, import_file
    from aimanifest.source.yaml_reader import parse_yaml
    from aimanifest.validate import structural_findings

    try:
        data, warnings = import_file(args.path)
    except MotImportError as error:
        print(f"aimanifest: {error}", file=sys.stderr)
        return 2
    text = to_yaml(data, args.path)
    # What we write must read back as a valid manifest: check the text, not the dict.
    errors = [
        f
        for f in structural_findings(parse_yaml(args.output or "<stdout>", text))
        if f.severity == "error"
    ]
    if errors:
        for finding in errors:
            print(
                f"aimanifest: conversion produced an invalid manifest: {finding.message}",
                file=sys.stderr,
            )
        return 2
    for warning in warnings:
        print(f"{args.path}: warning import-mof: {warning}", file=sys.stderr)
    write_output(text, args.output, force=args.force)
    return 0
