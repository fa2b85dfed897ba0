"""``aimanifest init [DIR]``: scaffold a manifest from a model directory."""

from __future__ import annotations

import argparse
import os
from typing import Any

from aimanifest.cli._common import add_command, emit_manifest, say

HELP = """\
Start a manifest from a model directory. Files are recognised by name (weights, configuration,
tokenizer, modeling code, model card, checkpoints, ...) and listed as artifacts of components
of the right kinds, with their sizes and true digests (SHA-256 and SHA-1), so that
`aimanifest verify` passes on the result. When DIR has a Hugging Face model card (README.md
with YAML metadata), it is converted as `aimanifest import --from hf` converts it, with the
folder as evidence: the library that runs the model (with its licence), the architecture from
config.json, the relation to the base (an adapter_config.json makes an adapter, GGUF files a
quantization). A LICENSE or COPYING text is identified and used as the release licence when
the card names none. Nothing is read outside DIR.
What a directory cannot say (version, date, publisher, training pipeline, data information)
is written as a placeholder and printed as a warning: complete it, then run
`aimanifest validate` and `aimanifest classify`. Files no rule recognises are left out and
listed. Nothing is fetched.

examples:
  aimanifest init                      # writes ./aimanifest.yaml
  aimanifest init models/tern-7b --repo-id example-lab/tern-7b
  aimanifest init models/tern-7b --name Tern-7B -o - | less
  aimanifest init --force              # replace an existing aimanifest.yaml
  aimanifest update                    # later, when files changed: keeps your edits

exit codes: 0 written; 2 DIR is not a readable directory, the output exists (without --force)
or cannot be written, or a usage error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "init", "scaffold a manifest from a model directory", HELP)
    parser.add_argument(
        "directory", metavar="DIR", nargs="?", default=".", help="the model directory (default: .)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here; '-' for standard output (default: DIR/aimanifest.yaml)",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument("--name", help="the release name (default: from the card, else DIR)")
    parser.add_argument(
        "--repo-id",
        metavar="ORG/NAME",
        help="the model's hub id, for the publisher and URLs taken from the model card",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar while hashing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.importers.base import ImporterError, Options, importer

    root = args.directory
    output = os.path.join(root, "aimanifest.yaml") if args.output is None else args.output
    problem = (
        f"{root}: {'not a directory' if os.path.exists(root) else 'no such directory'}"
        if not os.path.isdir(root)
        else _output_problem(output, force=args.force)
    )
    if problem:  # say so before hashing gigabytes, not after
        say(f"aimanifest: {problem}")
        return 2
    options = Options(repo_id=args.repo_id, name=args.name, progress=not args.no_progress)
    try:
        imported = importer("folder").run(root, options)
    except ImporterError as error:
        for line in error.lines():
            say(line)
        return 2
    for warning in imported.warnings:
        say(f"{root}: warning init: {warning}")
    emit_manifest(
        imported.data,
        origin=f"Scaffolded by `aimanifest init` from {root}: review it.",
        output=None if output == "-" else output,
        force=args.force,
        label="aimanifest: init",
    )
    if output != "-":
        say(f"wrote {output}: complete the placeholders the warnings name")
    return 0


def _output_problem(output: str, *, force: bool) -> str | None:
    """Why ``output`` cannot be written, when that is known before any work is done."""
    if output == "-":
        return None
    if os.path.isdir(output):
        return f"{output} is a directory; give the manifest's file name"
    if not force and os.path.lexists(output):
        return f"{output} exists; use --force to replace it"
    parent = os.path.dirname(output) or os.curdir
    if not os.path.isdir(parent):
        return f"directory {parent} does not exist"
    return None
