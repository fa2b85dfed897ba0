"""``aimanifest schema``: print the bundled JSON Schema, for editors and other validators."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aimanifest.cli._common import add_command

HELP = """\
Print the JSON Schema of the aimanifest spec this tool implements, exactly as bundled.
Nothing is fetched: the schema ships inside the package.

examples:
  aimanifest schema > aimanifest.schema.json
  check-jsonschema --schemafile <(aimanifest schema) aimanifest.yaml
"""


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "schema", "print the bundled JSON Schema", HELP)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.schema import schema_text

    sys.stdout.write(schema_text())
    return 0
