"""How untrusted text is shown in each output format: one rule per format, written once.

A manifest, a model card or a file name is written by someone else, and what a command prints
lands in a terminal, a CI log or a pull-request comment, each of which gives some characters a
meaning: a newline followed by ``::error file=x::`` is a GitHub workflow command in a CI log
(``::add-mask::`` and ``::stop-commands::`` too); ESC starts a terminal control sequence that
can rewrite what was printed before; BEL rings; bidirectional overrides (U+202E) reorder what
a reviewer reads. So messages carry values as they are, and each renderer shows them through
the rule of its format:

* :func:`terminal` for text on a terminal or in a log (every text report, every message on
  standard error): control characters, line breaks and invisible format characters become
  visible escapes (``\\n``, ``\\x1b``, ``\\u202e``), so one finding is always one line;
* :func:`markdown` for Markdown tables and lists: the terminal rule, then HTML and table
  syntax made literal;
* :func:`yaml_comment` for a comment in a generated YAML file: the terminal rule, so a name
  can never end the comment and start a key;
* :func:`csv_cell` for a cell of a CSV report: one line, and never a spreadsheet formula.

JSON, SARIF and the SBOM libraries escape by construction; GitHub annotation properties have
their own rule in :mod:`aimanifest.reports.github_report`, applied after :func:`terminal`.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f"  # C0 (but TAB), DEL and C1
    "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"  # lone surrogates (a file name that is not UTF-8)
)
_TAB = re.compile("\t")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` safe to print as part of one line: nothing in it acts on the terminal or log.

    Printable text, spaces and tabs are kept (a tab between words is harmless on one line).
    A backslash is not doubled: the point is that nothing acts, not that the escape can be
    reversed (JSON output carries the exact text).
    """
    return _UNSAFE.sub(_escaped, text)


def single_line(text: str) -> str:
    """:func:`terminal`, with tabs shown as ``\\t`` too (for fields that are aligned)."""
    return _TAB.sub("\\\\t", terminal(text))


_MARKDOWN = re.compile(r"[|<>&*_`\[\]#]")
_MARKDOWN_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def markdown(text: str) -> str:
    """``text`` as literal Markdown inline text: no HTML, links, emphasis or table cells."""

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        return _MARKDOWN_ENTITIES.get(char) or "\\" + char

    return _MARKDOWN.sub(replace, single_line(text))


def yaml_comment(text: str) -> str:
    """``text`` for the body of a ``#`` comment line: one line, always."""
    return single_line(text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: no formula (``=HYPERLINK(...)``), one line.

    Spreadsheets evaluate a cell that starts with ``=``, ``+``, ``-`` or ``@`` (OWASP's "CSV
    injection"), so such text gets a leading apostrophe, which they hide. Numbers and ``None``
    (an empty cell) are written as they are.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = single_line(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text
