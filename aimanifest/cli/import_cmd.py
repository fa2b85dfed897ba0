"""``aimanifest import --from hf|mof FILE``: start a manifest from another description."""

from __future__ import annotations

import argparse
from typing import Any

from aimanifest.cli._common import add_command, emit_manifest, say

HELP = """\
Start a manifest from a Hugging Face model card (README.md with YAML metadata: licence,
base models, datasets, library, gating, evaluation results; a config.json beside it names the
architecture) or a Model Openness Tool (MOT) model file. Every guess the conversion has to make
(placeholders, the relation to the base model, dataset roles, free-text licence names) is
printed as a warning naming its evidence: review them, then run `aimanifest validate` and
`aimanifest classify` on the result. Nothing is fetched. See docs/import.md.

examples:
  aimanifest import --from hf README.md --repo-id example-lab/tern-7b -o aimanifest.yaml
  aimanifest import --from mof Pythia-1B.yml -o aimanifest.yaml
  aimanifest import --from mof Pythia-1B.yml -o aimanifest.yaml --force

exit codes: 0 converted; 2 the input is not a usable card or MOT file, the output exists (without
--force) or cannot be written, or a usage error.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "import", "start a manifest from a model card or an MOT model file", HELP
    )
    parser.add_argument("path", metavar="FILE", help="the file to convert")
    parser.add_argument(
        "--from",
        dest="source_format",
        choices=("hf", "mof"),
        required=True,
        help="format of FILE: hf (a Hugging Face model card), mof (a Model Openness Tool file)",
    )
    parser.add_argument(
        "--repo-id",
        metavar="ORG/NAME",
        help="with --from hf: the model's hub id, for its publisher and URLs",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here (default: stdout)")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aimanifest.importers.base import ImporterError, Options, importer

    try:
        imported = importer(args.source_format).run(args.path, Options(repo_id=args.repo_id))
    except ImporterError as error:
        for line in error.lines():
            say(line)
        return 2
    for warning in imported.warnings:
        say(f"{args.path}: warning import-{args.source_format}: {warning}")
    emit_manifest(
        imported.data,
        origin=f"Imported by `aimanifest import` from {args.path}: review it.",
        output=args.output,
        force=args.force,
        label="aimanifest: conversion",
    )
    return 0
