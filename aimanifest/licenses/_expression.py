"""SPDX expression trees: parsed with ``license-expression``, rendered back to SPDX text.

Why a tree of our own: ``license-expression`` (boolean.py) parses well (precedence, WITH,
parentheses, readable errors) but is untyped and costs ~12 ms to import, so it is imported on
first use only, and its result is turned at once into two small typed classes that the rest of
``licenses`` walks. Its symbol tables are not used: building them loads the whole ScanCode DB.
"""

from __future__ import annotations

import functools
from typing import Any, Literal, NamedTuple

MAX_LENGTH = 2000
MAX_DEPTH = 32


class Leaf(NamedTuple):
    """One licence, with the exception that follows its WITH, if any."""

    license: str
    exception: str | None = None


class Op(NamedTuple):
    """AND or OR over two or more operands (nested operators of the same kind flattened)."""

    op: Literal["AND", "OR"]
    args: tuple[Leaf | Op, ...]  # NamedTuples, not dataclasses: ~1.5 ms less import each


Node = Leaf | Op


_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+-:")
_OPERATORS = ("AND", "OR", "WITH")


def _parse_flat(text: str) -> Node | None:
    """Parse an expression without parentheses, or return None to defer to license-expression.

    Why: nearly every manifest writes "Apache-2.0" or "MIT OR Apache-2.0", and importing
    license-expression costs ~12 ms of start-up. This fast path builds exactly the tree
    license-expression builds (WITH binds tighter than AND, AND tighter than OR; operators in
    any case); anything else (parentheses, odd tokens, errors) goes to license-expression,
    which also words the error messages. A test checks both paths agree.
    """
    if "(" in text or ")" in text:
        return None
    tokens = text.split()
    if len(tokens) % 2 == 0 or any(t.upper() not in _OPERATORS for t in tokens[1::2]):
        return None
    if any(t.upper() in _OPERATORS or not _ID_CHARS.issuperset(t) for t in tokens[::2]):
        return None
    alternatives: list[Node] = []
    for alternative in _split(tokens, "OR"):
        operands: list[Node] = []
        for operand in _split(alternative, "AND"):
            if len(operand) == 1:
                operands.append(Leaf(operand[0]))
            elif len(operand) == 3 and operand[1].upper() == "WITH":
                operands.append(Leaf(operand[0], operand[2]))
            else:
                return None
        alternatives.append(operands[0] if len(operands) == 1 else Op("AND", tuple(operands)))
    return alternatives[0] if len(alternatives) == 1 else Op("OR", tuple(alternatives))


def _split(tokens: list[str], operator: str) -> list[list[str]]:
    """Split a token list at every ``operator`` (case-insensitive)."""
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token.upper() == operator:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


@functools.cache
def _le() -> Any:
    """The ``license_expression`` module, imported on first use."""
    import license_expression  # type: ignore[import-untyped]

    return license_expression


@functools.cache
def _licensing() -> Any:
    """A symbol-less ``Licensing``: a parser only, cheap to build."""
    return _le().Licensing()


def _check_characters(text: str) -> None:
    """Refuse what must never reach an SBOM: separators other than ASCII spaces, empty ``()``.

    A no-break space or a tab splits words for Python's ``str.split`` and for a reader, so
    ``MIT<NBSP>OR<NBSP>Apache-2.0`` would be accepted and then written, as it is, into every
    export. SPDX separates the tokens of an expression with spaces; anything else is refused.
    """
    if text.isprintable():  # the usual case, checked in C: no tab, no NBSP, no control
        column_chars: Any = ()
    else:
        column_chars = enumerate(text, 1)
    for column, char in column_chars:
        if char.isspace() and char != " ":
            import unicodedata

            name = unicodedata.name(char, "a control character")
            raise ValueError(
                f"licence expression separators must be ASCII spaces: found U+{ord(char):04X} "
                f"({name}) at column {column}"
            )
        if not char.isprintable():
            raise ValueError(
                f"control character U+{ord(char):04X} at column {column} of a licence expression"
            )
    if "()" in text.replace(" ", ""):
        raise ValueError(f"empty parentheses in licence expression '{text}'")


def parse(text: str) -> Node:
    """Parse an expression; raise ValueError with a one-line, readable message.

    Length and nesting are capped first: a hostile manifest must not exhaust the recursion
    of a recursive-descent parser. Every licence expression anywhere in aimanifest (checks,
    verdicts, the MOF's validity test) is parsed here, so these limits hold for every use.
    """
    if len(text) > MAX_LENGTH:
        raise ValueError(f"licence expression longer than {MAX_LENGTH} characters")
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth > MAX_DEPTH:
            raise ValueError(f"licence expression nested deeper than {MAX_DEPTH} levels")
    _check_characters(text)
    flat = _parse_flat(text)
    if flat is not None:
        return flat
    le, licensing = _le(), _licensing()
    try:
        parsed = licensing.parse(text)
    except le.ExpressionError as exc:
        where = getattr(exc, "position", -1)
        at = f" at column {where + 1}" if isinstance(where, int) and where >= 0 else ""
        raise ValueError(f"syntax error in licence expression '{text}'{at}: {exc}") from None
    except RecursionError:
        raise ValueError("licence expression too deeply nested") from None
    except Exception as exc:  # its parser's edge cases on hostile input
        # IndexError on "()", AssertionError on "( AND MIT" (boolean.py's own asserts): to a
        # manifest's author every one of them is a syntax error in what they wrote
        raise ValueError(f"syntax error in licence expression '{text}'") from exc
    if parsed is None:
        raise ValueError("empty licence expression")

    def convert(node: Any) -> Node:
        if isinstance(node, le.LicenseWithExceptionSymbol):
            return Leaf(str(node.license_symbol.key), str(node.exception_symbol.key))
        if isinstance(node, le.LicenseSymbol):
            return Leaf(str(node.key))
        op: Literal["AND", "OR"] = "AND" if isinstance(node, licensing.AND) else "OR"
        args: list[Node] = []
        for arg in node.args:
            child = convert(arg)
            args.extend(child.args if isinstance(child, Op) and child.op == op else [child])
        return Op(op, tuple(args))

    return convert(parsed)


def render(node: Node) -> str:
    """SPDX text, with parentheses around every nested operator, as license-expression does."""
    if isinstance(node, Leaf):
        return node.license + (f" WITH {node.exception}" if node.exception else "")
    return f" {node.op} ".join(
        f"({render(arg)})" if isinstance(arg, Op) else render(arg) for arg in node.args
    )


def leaves(node: Node) -> list[Leaf]:
    """Every licence of the expression, left to right."""
    return [node] if isinstance(node, Leaf) else [x for arg in node.args for x in leaves(arg)]
