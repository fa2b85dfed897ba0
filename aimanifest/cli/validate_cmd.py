"""``aimanifest validate PATH...``: schema and semantic checks for pre-commit, CI, registries."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aimanifest import __version__
from aimanifest.cli._common import (
    add_command,
    add_finding_options,
    add_lineage_options,
    lineage_options,
    say,
)

HELP = """\
Check each manifest against the aimanifest spec: the JSON Schema, then semantic rules
(unique component names, artifact paths inside the repository, real dates, ...), the
base manifests named in lineage (read only inside the repository root; by URL only from the
local cache, which --fetch-lineage fills), and the claims.
Findings print as PATH:LINE:COLUMN: error|warning RULE: message.

examples:
  aimanifest validate aimanifest.yaml
  aimanifest validate --strict examples/*.yaml examples/*.json
  aimanifest validate --format sarif aimanifest.yaml > aimanifest.sarif
  aimanifest validate --root . --fetch-lineage models/chat/aimanifest.yaml

exit codes: 0 every file valid, 1 some file invalid (or has warnings, with --strict),
2 some file unreadable or unparseable, or a usage error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "validate", "check manifests against the spec (schema and semantic rules)", HELP
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="manifest files (YAML or JSON)")
    add_finding_options(parser)
    add_lineage_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.reports import renderer
    from aimanifest.validate import validate_path

    lineage = lineage_options(args)
    results = [validate_path(path, lineage=lineage) for path in args.paths]
    sys.stdout.write(renderer(args.format)(results, tool_version=__version__, strict=args.strict))
    code = max(int(result.exit_code(strict=args.strict)) for result in results)
    if not args.quiet and args.format == "text":
        errors = sum(len(result.errors) for result in results)
        warnings = sum(len(result.warnings) for result in results)
        valid = sum(1 for result in results if result.exit_code(strict=args.strict) == 0)
        say(
            f"{valid} of {len(results)} manifest(s) valid: {errors} error(s), {warnings} warning(s)"
        )
    return code
