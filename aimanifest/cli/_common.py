"""What several commands do alike: register themselves, read a manifest they can trust, write.

Failures are raised as :class:`ReportedError` after their message has been printed, and
``main`` turns them into the exit code, so a command's ``run`` reads as its happy path.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aimanifest.lineage_source import LineageOptions
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


def default_finding_format() -> str:
    """``github`` inside a GitHub Actions run (``GITHUB_ACTIONS=true``), else ``text``.

    In a workflow, annotations on the pull request are what a reader sees; anywhere else, the
    ``PATH:LINE:COLUMN`` lines editors and terminals understand. ``--format`` always wins.
    """
    import os

    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def add_finding_options(parser: Any) -> None:
    """The options of commands that report findings (``validate``, ``verify``), spelled alike."""
    parser.add_argument(
        "--format",
        choices=("text", "json", "github", "sarif"),
        default=default_finding_format(),
        help="output format (default: text; github when GITHUB_ACTIONS=true)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print findings only, no summary line"
    )


def add_lineage_options(parser: Any) -> None:
    """``--root`` and ``--fetch-lineage``, for the commands that resolve lineage alike."""
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="repository root: base manifests named by path are read only inside it "
        "(default: the nearest directory above the manifest holding .git, else its directory)",
    )
    parser.add_argument(
        "--fetch-lineage",
        action="store_true",
        help="download base manifests named by URL and digest into the local cache "
        "($AIMANIFEST_CACHE_DIR, else ~/.cache/aimanifest/lineage); off by default: "
        "without it nothing is read from the network",
    )


def lineage_options(args: argparse.Namespace) -> LineageOptions:
    """The lineage options the user gave, or a usage error (exit 2) for a root that is no
    directory."""
    import os

    from aimanifest.lineage_source import LineageOptions

    root = getattr(args, "root", None)
    if root is not None and not os.path.isdir(root):
        say(f"aimanifest: --root {root} is not a directory")
        raise ReportedError(2)
    return LineageOptions(root=root, fetch=bool(getattr(args, "fetch_lineage", False)))


def say(*lines: str) -> None:
    """Messages on standard error, one line each, shown inert (:func:`escape.terminal`).

    Every message a command prints goes through here: messages quote manifest values, card
    fields and file names, which may hold newlines, ESC or ``::error`` workflow commands, so a
    newline inside a message is shown as ``\\n``; separate lines are separate arguments.
    """
    from aimanifest.escape import terminal

    for line in lines:
        print(terminal(line), file=sys.stderr)


def read_checked(
    path: str,
    *,
    what: str,
    invalid_exit: int,
    include_claims: bool,
    lineage: LineageOptions | None = None,
) -> Document:
    """Read ``path`` and require it to pass validation, or print why and fail.

    ``include_claims`` also requires the claims to hold (``export``); without it only the
    structure must be sound (``classify``, whose job is to say what the claims should be).
    Unusable input exits 2; an invalid manifest (duplicate keys included) ``invalid_exit``.
    The checking itself is :func:`aimanifest.validate.checked_document`, as for the Python API.
    """
    from aimanifest.validate import InvalidManifestError, checked_document

    try:
        return checked_document(path, include_claims=include_claims, lineage=lineage)
    except InvalidManifestError as error:
        for finding in error.findings:
            if finding.severity == "error":
                say(finding.as_text())
        if error.unusable_exit == 2:
            raise ReportedError(2) from None
        if error.unusable_exit is not None:  # read, but invalid (duplicate keys): as invalid
            raise ReportedError(invalid_exit) from None
        say(f"{path}: not {what}: fix the errors above first")
        raise ReportedError(invalid_exit) from None


def write_output(text: str, output: str | None, *, force: bool) -> None:
    """Print ``text`` (no ``output``, or ``-``), or write it with the one writer, or fail."""
    from aimanifest.output import OutputError
    from aimanifest.output import write_output as write

    try:
        write(text, output, force=force)
    except OutputError as error:
        say(f"aimanifest: {error}")
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

    from aimanifest.escape import yaml_comment
    from aimanifest.source import MAX_BYTES, SourceError
    from aimanifest.source.yaml_reader import parse_yaml
    from aimanifest.spec import modeline
    from aimanifest.validate import structural_findings

    # libyaml's emitter where it is built (four times faster on 12,000 components); the text
    # is read back and compared below whichever emitter wrote it. Long values stay on one
    # line (no folding at a width), so that `aimanifest update`'s round trip keeps the file
    # byte for byte where nothing changed.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=4096)
    text = f"{modeline(str(data['aimanifest']))}# {yaml_comment(origin)}\n{body}"
    problems: list[str] = []
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_BYTES:  # the input's size, not a generator's mistake: no "please report"
        say(
            f"{label}: the manifest would be {size:,} bytes, over the {MAX_BYTES:,} bytes a "
            "manifest may have: list a large component's files in a digest file instead; "
            "nothing was written"
        )
        raise ReportedError(2)
    try:
        document = parse_yaml(output or "<stdout>", text)
    except SourceError as error:
        problems.extend(finding.message for finding in error.findings)
    else:
        if document.data != data:  # the text must say exactly what was generated
            problems.append("the written text does not read back as the generated data")
        problems.extend(f.message for f in structural_findings(document) if f.severity == "error")
    if problems:
        for problem in problems:
            say(f"{label}: produced an invalid manifest: {problem} (please report this)")
        raise ReportedError(2)
    write_output(text, output, force=force)
