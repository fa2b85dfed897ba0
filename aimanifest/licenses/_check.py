"""``check_license_expression``: what ``validate`` says about a licence as a manifest writes it.

Why a severity per message: a Hugging Face spelling (``llama3.1``), a licence's full name
(``Gemma Terms of Use``, ``Apache License 2.0``) or a ScanCode key without its prefix names one
licence beyond doubt, and the verdicts already read it as that licence; refusing it would make
the documented reading a lie. So such a name is a *warning* that says what was read (and fails
``--strict``, so a publisher writes the id), while what names nothing, or a family of licences
(``bsd``, ``cc``, ``gpl``), is an error with the likeliest ids.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, NamedTuple

from aimanifest.licenses._expression import Leaf, parse
from aimanifest.licenses._expression import leaves as _leaves
from aimanifest.licenses._index import (
    REF,
    SPECIAL,
    did_you_mean,
    fold,
    folded,
    lookup,
)

__all__ = ["LicenseProblem", "check_license_expression", "read_as"]


class LicenseProblem(NamedTuple):
    """One thing ``validate`` reports about a licence expression."""

    severity: Literal["error", "warning"]
    message: str


def read_as(text: str, target: str) -> str:
    """The message for a name that is not an SPDX id but names one licence beyond doubt."""
    if target == "NOASSERTION":
        return f"'{text}' names no licence: read as NOASSERTION (name custom terms LicenseRef-...)"
    return f"'{text}' is not an SPDX licence id: read as '{target}' (write that id)"


def _named(text: str) -> str | None:
    """The licence a name stands for (hub id, full name, ScanCode key), or None.

    Only text whose separators are plain spaces: a no-break space must never be "read as"
    anything, since the text as written would be exported.
    """
    if not text.isprintable():  # every separator but the ASCII space, every control
        return None
    return folded().get(fold(text))


def _unknown(symbol: str) -> str:
    """The problem with an id that names nothing known, with the most useful hint."""
    if " " in symbol:
        return f"'{symbol}' is not a licence id (ids have no spaces): join licences with AND or OR"
    if symbol.startswith(("LicenseRef-", "DocumentRef-")) and not symbol.startswith(
        ("LicenseRef-scancode-", "LicenseRef-aimanifest-")
    ):
        return f"invalid reference '{symbol}': after 'LicenseRef-' only letters, digits, . and -"
    return f"unknown licence id '{symbol}'{did_you_mean(symbol)}"


def _custom(symbol: str) -> bool:
    """A publisher's own reference: fine as written (``custom_licenses`` says what it is)."""
    return bool(re.fullmatch(REF, symbol)) and not symbol.startswith(
        ("LicenseRef-scancode-", "LicenseRef-aimanifest-", "AdditionRef-")
    )


def _leaf_problems(leaf: Leaf, alone: bool) -> list[LicenseProblem]:
    problems: list[LicenseProblem] = []
    symbol, special = leaf.license, SPECIAL.get(leaf.license.lower())
    found = lookup(symbol)
    if found is None and special is None and not _custom(symbol):
        named = _named(symbol)
        if named is None:
            problems.append(LicenseProblem("error", _unknown(symbol)))
        else:
            problems.append(LicenseProblem("warning", read_as(symbol, named)))
            special = SPECIAL.get(named.lower())
    elif found is not None and found.exception:
        problems.append(
            LicenseProblem(
                "error",
                f"'{symbol}' is a licence exception: write it after WITH, as in "
                f"'GPL-2.0-or-later WITH {found.id}'",
            )
        )
    if special is not None and not alone:
        problems.append(LicenseProblem("error", f"{special} stands alone: it cannot be combined"))
    if leaf.exception is None:
        return problems
    if special is not None:
        problems.append(
            LicenseProblem(
                "error",
                f"{special} takes no exception: 'WITH {leaf.exception}' adds permissions to a "
                "licence, and there is none",
            )
        )
    addition = lookup(leaf.exception)
    if addition is not None and not addition.exception:
        problems.append(
            LicenseProblem("error", f"'{leaf.exception}' after WITH is a licence, not an exception")
        )
    elif addition is None and not re.fullmatch(REF, leaf.exception):
        problems.append(
            LicenseProblem(
                "error",
                f"unknown licence exception '{leaf.exception}'{did_you_mean(leaf.exception)}",
            )
        )
    return problems


def check_license_expression(text: str) -> list[LicenseProblem]:
    """Problems with an expression as written in a manifest; [] when fine.

    Cached: a manifest writes the same few expressions on many components, and a registry
    the same few across thousands of manifests (the list returned is a fresh copy).

    Errors: syntax errors (separators other than ASCII spaces, empty parentheses, length and
    depth limits included), unknown ids with "did you mean X?" suggestions, family names with
    the ids they could mean, exceptions used as licences and the reverse, NONE / NOASSERTION
    combined with other terms or given an exception. Warnings: names that are not SPDX ids but
    name one licence beyond doubt, saying what was read. Case differences are not problems:
    SPDX matches ids case-insensitively. Custom ``LicenseRef``s are fine.
    """
    return list(_checked(text))


@functools.lru_cache(maxsize=4096)
def _checked(text: str) -> tuple[LicenseProblem, ...]:
    return tuple(_check(text))


def _check(text: str) -> list[LicenseProblem]:
    if not text.strip():
        return [
            LicenseProblem(
                "error", "empty licence expression: write an SPDX expression, NOASSERTION or NONE"
            )
        ]
    body = text.strip(" ")
    try:
        symbols = _leaves(parse(body))
    except ValueError as exc:
        problems = [LicenseProblem("error", str(exc))]
    else:
        problems = [p for leaf in symbols for p in _leaf_problems(leaf, len(symbols) == 1)]
    if problems and "(" not in body and ")" not in body:
        # the whole text may be one licence's name: "Apache License, Version 2.0" (does not
        # parse: a comma), "GNU General Public License v2.0 or later" (parses: 'or')
        named = _named(body)
        if named is not None:
            return [LicenseProblem("warning", read_as(body, named))]
    return list(dict.fromkeys(problems))
