"""``aimanifest audit PATH...``: registry mode, every manifest validated and classified."""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from aimanifest.cli._common import ReportedError, add_command, say
from aimanifest.source import SourceError

if TYPE_CHECKING:
    from aimanifest.audit import AuditRow

HELP = """\
Validate and classify every manifest under the given paths, in parallel across the machine's
cores, streaming (memory stays flat for millions of manifests), with a progress bar on a
terminal. PATHs are files, directories (searched recursively for aimanifest.yaml, .yml and
.json; --name changes what is searched for) or glob patterns. --paths-from FILE reads more of
them, one per line, as a stream ('-' for standard input): for lists too long for a command line.

The text report sums up: the tier distribution (own and effective), MOF classes, OSAID
verdicts, the invalid files and the failing claims. --format csv, jsonl or json gives one row
per manifest: path, name, version, spec version, valid, tier, effective tier, MOF class, OSAID
verdict, error and warning counts, failing claims, the first problem. --html DIR also writes
one HTML report per release and an index page linking them.

examples:
  aimanifest audit registry/
  aimanifest audit 'registry/**/aimanifest.yaml' --format csv > audit.csv
  aimanifest audit registry/ --format jsonl | jq -c 'select(.valid | not)'
  aimanifest audit examples --name '*.yaml' --name '*.json' --html audit-site
  find /srv/registry -name aimanifest.yaml | aimanifest audit --paths-from - --format csv

exit codes: 0 every manifest valid and every claim supported; 1 some manifest invalid (or
unreadable) or some claim not supported; 2 no manifest found, an output that cannot be
written, or a usage error.
"""

MAX_LISTED = 20
"""Invalid files and failing claims listed by name in the text summary; the rest counted."""


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "audit", "validate and classify many manifests", HELP)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or globs")
    parser.add_argument(
        "--paths-from",
        metavar="FILE",
        help="also audit the PATHs this file lists, one per line ('-': standard input)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "csv", "jsonl", "json"),
        default="text",
        help="report format (default: text, a summary)",
    )
    parser.add_argument(
        "--name",
        dest="names",
        action="append",
        metavar="GLOB",
        help="file names a directory search takes (repeatable; default: aimanifest.yaml, "
        "aimanifest.yml, aimanifest.json)",
    )
    parser.add_argument(
        "-j", "--jobs", type=_positive, metavar="N", help="worker processes (default: CPU count)"
    )
    parser.add_argument(
        "--html", metavar="DIR", help="also write an HTML report per release and an index"
    )
    parser.add_argument("--force", action="store_true", help="replace reports already in DIR")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    from aimanifest.audit import MANIFEST_NAMES, find_manifests, map_bounded
    from aimanifest.integrity.progress import progress_bar

    if not args.paths and args.paths_from is None:
        say("aimanifest audit: name at least one PATH, or a list of them with --paths-from")
        raise ReportedError(2)
    names = tuple(args.names) if args.names else MANIFEST_NAMES
    html_dir = _prepare_html(args.html, force=args.force) if args.html else None
    arguments: Iterable[str] = args.paths
    if args.paths_from is not None:
        from aimanifest.source.path_list import read_path_list

        arguments = itertools.chain(args.paths, read_path_list(args.paths_from))
    paths = find_manifests(arguments, names=names)
    if html_dir is None:
        from aimanifest.audit import audit_manifest

        rows: Iterator[AuditRow] = map_bounded(audit_manifest, paths, workers=args.jobs)
    else:
        from aimanifest.cli._audit_html import IndexWriter, audit_with_report

        index = IndexWriter(html_dir)
        tasks = ((path, html_dir, number) for number, path in enumerate(paths, 1))
        rows = index.wrap(map_bounded(audit_with_report, tasks, workers=args.jobs))
    bar = progress_bar(0, "auditing", enabled=not args.no_progress, unit="manifests")
    started = time.perf_counter()
    summary = _Summary()
    writer = _row_writer(args.format)
    try:
        try:
            for row in rows:
                summary.add(row)
                writer(row)
                if bar is not None:
                    bar.advance(1)
        finally:
            if bar is not None:
                bar.close()
    except SourceError as error:  # the list of paths, read as the audit goes
        say(*(finding.as_text() for finding in error.findings))
        raise ReportedError(2) from None
    if args.format == "json":
        sys.stdout.write(_json_tail(summary))
    if html_dir is not None:
        index.close(summary.total)
    if summary.total == 0:
        where = [" ".join(args.paths)] if args.paths else []
        if args.paths_from is not None:
            where.append("the list" if args.paths_from == "-" else f"the list {args.paths_from}")
        say(f"aimanifest audit: no manifest found under {' and '.join(where)}")
        raise ReportedError(2)
    seconds = time.perf_counter() - started
    if args.format == "text":
        sys.stdout.write(summary.render(seconds))
    else:
        say(summary.headline(seconds))
    if html_dir is not None:
        say(f"wrote {os.path.join(html_dir, 'index.html')} and {index.pages} release page(s)")
    return 1 if summary.invalid or summary.failing_claims else 0


def _prepare_html(directory: str, *, force: bool) -> str:
    """The report directory, created if missing; an existing one with files needs --force."""
    if os.path.lexists(directory) and not os.path.isdir(directory):
        say(f"aimanifest audit: --html {directory} is not a directory")
        raise ReportedError(2)
    if os.path.isdir(directory) and os.listdir(directory) and not force:
        say(f"aimanifest audit: {directory} is not empty; use --force to replace its reports")
        raise ReportedError(2)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as error:
        say(f"aimanifest audit: cannot create {directory}: {error.strerror or error}")
        raise ReportedError(2) from None
    return directory


class _Summary:
    """Counts over every row, and the first few problems by name: memory stays bounded."""

    def __init__(self) -> None:
        self.total = 0
        self.invalid = 0
        self.unusable = 0
        self.failing_claims = 0
        self.tiers: Counter[str] = Counter()
        self.effective: Counter[str] = Counter()
        self.mof: Counter[str] = Counter()
        self.osaid: Counter[str] = Counter()
        self.problems: list[str] = []
        self.claims: list[str] = []

    def add(self, row: AuditRow) -> None:
        self.total += 1
        if not row.valid:
            self.invalid += 1
            self.unusable += int(row.unusable)
            if len(self.problems) < MAX_LISTED:
                self.problems.append(f"{row.path}:{row.problem}")
        if row.claims_failed:
            self.failing_claims += 1
            if len(self.claims) < MAX_LISTED:
                self.claims.append(f"{row.path}: {row.claims_failed} unsupported claim finding(s)")
        if row.tier is not None:
            self.tiers[row.tier] += 1
            self.effective[row.effective_tier or "not assessed"] += 1
            self.mof[f"Class {row.mof_class}" if row.mof_class else "no class"] += 1
            self.osaid[row.osaid or "unknown"] += 1

    def headline(self, seconds: float) -> str:
        rate = self.total / seconds if seconds > 0 else 0.0
        unusable = f" ({self.unusable:,} unreadable)" if self.unusable else ""
        return (
            f"audited {self.total:,} manifest(s) in {seconds:.1f} s ({rate:,.0f}/s): "
            f"{self.total - self.invalid:,} valid, {self.invalid:,} invalid{unusable}, "
            f"{self.failing_claims:,} with unsupported claims"
        )

    def render(self, seconds: float) -> str:
        from aimanifest.data import TIERS
        from aimanifest.escape import terminal

        lines = [self.headline(seconds), ""]
        if self.tiers:
            lines.append(f"  {'tier':<20} {'own':>8} {'effective':>10}")
            for tier in reversed((*TIERS, "not assessed")):
                own, effective = self.tiers.get(tier, 0), self.effective.get(tier, 0)
                if own or effective:
                    lines.append(f"  {tier:<20} {own:>8,} {effective:>10,}")
            lines.append("")
            lines.append("  MOF: " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.mof.items())))
            lines.append(
                "  OSAID 1.0: " + ", ".join(f"{k} {v:,}" for k, v in sorted(self.osaid.items()))
            )
        for title, items, count in (
            ("invalid", self.problems, self.invalid),
            ("unsupported claims", self.claims, self.failing_claims),
        ):
            if items:
                lines += ["", f"{title}:"]
                lines += [f"  {terminal(item)}" for item in items]
                if count > len(items):
                    lines.append(f"  ... and {count - len(items):,} more")
        return "\n".join(lines) + "\n"

    def as_json(self) -> dict[str, Any]:
        return {
            "manifests": self.total,
            "valid": self.total - self.invalid,
            "invalid": self.invalid,
            "unreadable": self.unusable,
            "with_unsupported_claims": self.failing_claims,
            "tiers": dict(self.tiers),
            "effective_tiers": dict(self.effective),
            "mof": dict(self.mof),
            "osaid": dict(self.osaid),
        }


def _row_writer(format_name: str) -> Any:
    """A function that prints one row in ``format_name`` as soon as it is known."""
    import json

    from aimanifest.audit import COLUMNS

    if format_name == "text":
        return lambda row: None
    if format_name == "jsonl":
        return lambda row: sys.stdout.write(json.dumps(row.as_dict(), ensure_ascii=False) + "\n")
    if format_name == "json":
        from aimanifest import __version__

        first = [True]
        head = {"tool": {"name": "aimanifest", "version": __version__}}
        sys.stdout.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "manifests": [\n')

        def write_json(row: AuditRow) -> None:
            separator = "" if first[0] else ",\n"
            first[0] = False
            sys.stdout.write(separator + json.dumps(row.as_dict(), ensure_ascii=False))

        return write_json
    import csv

    from aimanifest.escape import csv_cell

    table = csv.writer(sys.stdout, lineterminator="\n")
    table.writerow(COLUMNS)
    return lambda row: table.writerow([csv_cell(getattr(row, column)) for column in COLUMNS])


def _json_tail(summary: _Summary) -> str:
    import json

    return '\n], "summary": ' + json.dumps(summary.as_json(), ensure_ascii=False) + "}\n"
