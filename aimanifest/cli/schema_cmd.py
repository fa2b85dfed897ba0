"""``aimanifest schema``: print a bundled JSON Schema, for editors and other validators."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aimanifest.cli._common import add_command
from aimanifest.spec import LATEST, SPEC_VERSIONS

HELP = f"""\
Print the JSON Schema of an aimanifest spec version this tool implements, exactly as bundled:
the latest ({LATEST}) unless --version names another. Nothing is fetched: every schema ships
inside the package. A manifest is valid against the schema of the version its `aimanifest`
field names.

examples:
  aimanifest schema > aimanifest.schema.json
  aimanifest schema --version 1.0 > aimanifest-1.0.schema.json
  check-jsonschema --schemafile <(aimanifest schema) aimanifest.yaml
"""


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "schema", "print the bundled JSON Schema", HELP)
    parser.add_argument(
        "--version",
        choices=SPEC_VERSIONS,
        default=LATEST,
        metavar="V",
        help=f"spec version whose schema to print: {', '.join(SPEC_VERSIONS)} (default: {LATEST})",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.schema import schema_text

    sys.stdout.write(schema_text(args.version))
    return 0
