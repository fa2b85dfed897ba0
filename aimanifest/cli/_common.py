"""What several commands do alike: register themselves, read a manifest they can trust, write.

Failures are raised as :class:`ReportedError` after their message has been printed, and
``main`` turns them into the exit code, so a command's ``run`` reads as its happy path.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aimanifest.source import Document


class ReportedError(Exception):
    """An error already reported to the user: the command stops and exits with ``exit_code``."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


def add_command(subparsers: Any, name: str, summary: str, description: str) -> Any:
    """A subcommand whose ``--help`` shows ``description`` (with its examples) as written."""
    return subparsers.add_parser(
        name,
        help=summary,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_finding_options(parser: Any) -> None:
    """The options of commands that report findings (``validate``, ``verify``), spelled alike."""
    parser.add_argument(
        "--format",
        choices=("text", "json", "github", "sarif"),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print findings only, no summary line"
    )


def read_checked(path: str, *, what: str, invalid_exit: int, include_claims: bool) -> Document:
    """Read ``path`` and require it to pass validation, or print why and fail.

    ``include_claims`` also requires the claims to hold (``export``); without it only the
    structure must be sound (``classify``, whose job is to say what the claims should be).
    Unusable input exits 2 (or 1 for, e.g., duplicate keys); an invalid manifest ``invalid_exit``.
    """
    from aimanifest.source import SourceError, read_document
    from aimanifest.validate import structural_findings, validate_document

    try:
        document = read_document(path)
    except SourceError as error:
        _print_findings(error.findings)
        raise ReportedError(int(error.exit_code)) from None
    findings = validate_document(document) if include_claims else structural_findings(document)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        _print_findings(errors)
        print(f"{path}: not {what}: fix the errors above first", file=sys.stderr)
        raise ReportedError(invalid_exit)
    return document


def _print_findings(findings: Any) -> None:
    for finding in findings:
        print(finding.as_text(), file=sys.stderr)


def write_output(text: str, output: str | None, *, force: bool) -> None:
    """Print ``text``, or write it atomically to ``output`` (never replacing without force)."""
    if output is None:
        sys.stdout.write(text)
        return
    from aimanifest.output import OutputError, write_file

    try:
        write_file(output, text, force=force)
    except OutputError as error:
        print(f"aimanifest: {error}", file=sys.stderr)
        raise ReportedError(2) from None


def emit_manifest(
    data: dict[str, Any], *, origin: str, output: str | None, force: bool, label: str
) -> None:
    """Write manifest ``data`` that a command generated (``import``, ``init``) as YAML.

    The YAML keeps the schema's key order and starts with the schema modeline (editors then
    complete and check it) and ``origin``, a comment saying where it came from. What is written
    must read back as a valid manifest, so the text itself is checked before it is written: a
    generator's mistake exits 2 and writes nothing. ``label`` prefixes the error lines.
    """
    import yaml

    from aimanifest.source.yaml_reader import parse_yaml
    from aimanifest.validate import structural_findings

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    from aimanifest.spec import modeline

    text = f"{modeline(str(data['aimanifest']))}# {origin}\n{body}"
    document = parse_yaml(output or "<stdout>", text)
    errors = [f for f in structural_findings(document) if f.severity == "error"]
    if errors:
        for finding in errors:
            print(
                f"{label}: produced an invalid manifest: {finding.message} (please report this)",
                file=sys.stderr,
            )
        raise ReportedError(2)
    write_output(text, output, force=force)
