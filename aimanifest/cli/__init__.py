"""The ``aimanifest`` console script: a thin layer of one module per command.

Each command module exposes ``register(subparsers)`` and a ``run(args) -> int``; nothing here
knows what a manifest is. Command modules are imported only when chosen, so ``validate`` never
pays for the SBOM stack. No Python traceback reaches the user: bad input is reported by the
commands, and anything unexpected becomes one line (``AIMANIFEST_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from aimanifest import __version__

COMMANDS = (
    "validate",
    "classify",
    "import",
    "export",
    "verify",
    "init",
    "report",
    "audit",
    "diff",
    "update",
    "schema",
)
"""Command names, each implemented by ``aimanifest.cli.<name>_cmd``."""

_EPILOG = """\
examples:
  aimanifest validate aimanifest.yaml
  aimanifest validate --format github models/*/aimanifest.yaml
  aimanifest classify aimanifest.yaml
  aimanifest import --from mof model.yml -o aimanifest.yaml
  aimanifest verify aimanifest.yaml
  aimanifest init models/tern-7b
  aimanifest update --check models/tern-7b/aimanifest.yaml
  aimanifest export aimanifest.yaml --to spdx-3.0 -o sbom.spdx3.json
  aimanifest report aimanifest.yaml -o openness.html
  aimanifest audit registry/ --format csv > audit.csv
  aimanifest diff git:HEAD:aimanifest.yaml aimanifest.yaml --fail-on-regression
  aimanifest schema > aimanifest.schema.json

exit codes: 0 success, 1 invalid manifest, 2 unusable input or usage error.
"""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; only the module of the command named in ``argv`` is imported."""
    parser = argparse.ArgumentParser(
        prog="aimanifest",
        description="Validate AI release manifests, judge how open a release is, export SBOMs.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"aimanifest {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    words = sys.argv[1:] if argv is None else argv
    argv_command = next((word for word in words if not word.startswith("-")), None)
    for name in COMMANDS:
        if argv_command in COMMANDS and name != argv_command:
            # only the chosen command's module is imported; the others get a light entry
            subparsers.add_parser(name, help=_SUMMARIES[name])
            continue
        module = import_module(f"aimanifest.cli.{name}_cmd")
        module.register(subparsers)
    return parser


_SUMMARIES = {
    "validate": "check manifests against the spec (schema and semantic rules)",
    "classify": "compute the openness tier, MOF class and OSAID verdict",
    "import": "start a manifest from a model card or an MOT model file",
    "export": "convert a manifest into an SPDX or CycloneDX SBOM",
    "verify": "check artifact files against the manifest's digests",
    "init": "scaffold a manifest from a model directory",
    "report": "write an HTML page of the verdicts",
    "audit": "validate and classify many manifests",
    "diff": "compare the openness of two versions of a manifest",
    "update": "refresh a manifest's sizes and digests, keeping its edits",
    "schema": "print the bundled JSON Schema",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    from aimanifest.cli import _streams

    _streams.prepare()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from aimanifest.cli._common import ReportedError, say

    try:
        code: int = args.run(args)
        _streams.finish()
    except ReportedError as failure:
        return _streams.finish_after(failure.exit_code)
    except KeyboardInterrupt:
        say("aimanifest: interrupted")
        return 130
    except _streams.StandardOutputError as failure:
        _streams.silence()
        if failure.broken_pipe:
            return 1  # the reader went away (`| head`): not worth a message
        say(f"aimanifest: {failure}")
        return 2
    except Exception as error:  # the contract: never a traceback
        if os.environ.get("AIMANIFEST_DEBUG"):
            raise
        say(
            f"aimanifest: internal error: {type(error).__name__}: {error} "
            "(set AIMANIFEST_DEBUG=1 for details, and please report it)"
        )
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
