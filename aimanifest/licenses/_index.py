"""The generated licence index and the lookups built on it: the data half of ``licenses``.

Why separate: here well-kept data (ScanCode LicenseDB categories, SPDX OSI / FSF flags, as
distilled by ``scripts/build_license_index.py``) becomes fast case-insensitive lookups, next to
the only two hand tables, for what no package provides: the licence names Hugging Face model
cards use, and stand-ins for AI licences the bundled ScanCode DB does not know yet.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any, NamedTuple

# Plain os.path and open(): pathlib costs start-up time (it imports urllib and ipaddress).
INDEX_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "resources",
    "licenses",
    "index.json",
)

# AI licences the bundled ScanCode DB lacks, each judged like the named ScanCode sibling, so
# that the category still comes from ScanCode: ref -> (sibling ScanCode key, what it is).
STAND_INS: dict[str, tuple[str, str]] = {
    "LicenseRef-aimanifest-llama-3-license-2024": (
        "llama-3.1-license-2024",
        "Meta Llama 3 Community License",
    ),
    "LicenseRef-aimanifest-openrail": ("bigscience-open-rail-m", "an unspecified OpenRAIL licence"),
    "LicenseRef-aimanifest-creativeml-openrail-plusplus-m": (
        "stable-diffusion-2022-08-22",
        "CreativeML OpenRAIL++-M",
    ),
}
# Names Hugging Face model cards use that no SPDX id, SPDX name or ScanCode key spells alike
# ("apache-2.0", "mit", "cc-by-nc-4.0" need no entry: they match SPDX ids case-insensitively).
WILD: dict[str, str] = {
    "llama2": "LicenseRef-scancode-llama-2-license-2023",
    "llama3": "LicenseRef-aimanifest-llama-3-license-2024",
    "llama3.1": "LicenseRef-scancode-llama-3.1-license-2024",
    "llama3.2": "LicenseRef-scancode-llama-3.2-license-2024",
    "llama3.3": "LicenseRef-scancode-llama-3.3-license-2024",
    "llama4": "LicenseRef-scancode-llama-4-license-2025",
    "gemma": "LicenseRef-scancode-gemma-tou-2024-04-01",
    "openrail": "LicenseRef-aimanifest-openrail",
    "openrail++": "LicenseRef-aimanifest-creativeml-openrail-plusplus-m",
    "bigscience-openrail-m": "LicenseRef-scancode-bigscience-open-rail-m",
    "creativeml-openrail-m": "LicenseRef-scancode-stable-diffusion-2022-08-22",
    "bigscience-bloom-rail-1.0": "LicenseRef-scancode-bigscience-rail-1.0",
    "bigcode-openrail-m": "LicenseRef-scancode-bigcode-open-rail-m-v1",
    "deepseek": "LicenseRef-scancode-deepseek-la-1.0",
    "openmdw": "OpenMDW-1.0",
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "pddl": "PDDL-1.0",
    "other": "NOASSERTION",
    "unknown": "NOASSERTION",
}
SPECIAL = {"none": "NONE", "noassertion": "NOASSERTION"}
REF = r"(DocumentRef-[A-Za-z0-9.-]+:)?(LicenseRef|AdditionRef)-[A-Za-z0-9.-]+"
"""A custom reference (a pattern string: ``re`` compiles and caches it on first use)."""


class Lic(NamedTuple):
    """One known licence or exception, under its canonical id.

    NamedTuples rather than dataclasses here: creating a dataclass costs ~1.5 ms at import,
    and start-up time is a product requirement.
    """

    id: str
    category: str | None
    """ScanCode category; None for SPDX ids newer than the bundled ScanCode DB."""
    osi: bool
    fsf: bool
    exception: bool
    deprecated: bool
    note: str | None = None


class Db(NamedTuple):
    """The raw index plus the one lookup every call needs; the rest is built on demand."""

    spdx: dict[str, list[Any]]
    scancode: dict[str, list[Any]]
    ids: dict[str, str]
    """Lower-cased id or alias (deprecated SPDX id, renamed ScanCode key) -> canonical id."""
    scancode_of: dict[str, str | None]
    """Canonical id -> its ScanCode key (where its category comes from)."""


@functools.cache
def db() -> Db:
    """Load the generated index once and map every id and alias to its canonical id."""
    with open(INDEX_PATH, encoding="utf-8") as stream:
        raw: dict[str, Any] = json.load(stream)
    spdx: dict[str, list[Any]] = raw["spdx"]
    scancode: dict[str, list[Any]] = raw["scancode"]
    canonical_of: dict[str, str] = {}  # ScanCode key -> preferred SPDX id
    for spdx_id, row in spdx.items():
        if row[5] and (not row[4] or row[5] not in canonical_of):
            canonical_of[row[5]] = spdx_id
    for key, row in scancode.items():
        if row[1] in spdx:
            canonical_of[key] = row[1]
    ids = {spdx_id.lower(): spdx_id for spdx_id in spdx}
    scancode_of: dict[str, str | None] = {spdx_id: row[5] for spdx_id, row in spdx.items()}
    for spdx_id, row in spdx.items():
        if row[4] and row[5] and canonical_of[row[5]] != spdx_id:  # GPL-2.0+: GPL-2.0-or-later
            ids[spdx_id.lower()] = canonical_of[row[5]]
    for key, row in scancode.items():
        target = canonical_of.get(key) or row[1]
        if not target:
            continue
        if target.lower() not in ids:
            ids[target.lower()] = target
            scancode_of[target] = key
        # Renamed ScanCode keys are aliases; other tools' LicenseRefs (LicenseRef-Apache) are
        # not: a manifest's own LicenseRef must never be silently rewritten.
        for alias in (row[1], *row[2]):
            if alias and alias.startswith("LicenseRef-scancode-"):
                ids.setdefault(alias.lower(), target)
    for ref in STAND_INS:
        ids[ref.lower()] = ref
    return Db(spdx, scancode, ids, scancode_of)


@functools.cache
def lic(canonical: str) -> Lic:
    """The facts about one canonical id, from its SPDX row and its ScanCode category."""
    index = db()
    if canonical in STAND_INS:
        sibling, name = STAND_INS[canonical]
        like = lic(index.ids[str(index.scancode[sibling][1]).lower()])
        note = f"{canonical} ({name}) is not in the ScanCode DB: judged like {like.id}"
        return Lic(canonical, like.category, False, False, False, False, note)
    key = index.scancode_of[canonical]
    category = str(index.scancode[key][0]) if key else None
    row = index.spdx.get(canonical)
    if row is not None:
        return Lic(canonical, category, bool(row[1]), bool(row[2]), bool(row[3]), bool(row[4]))
    sc_row = index.scancode[str(key)]
    return Lic(canonical, category, False, False, bool(sc_row[3]), bool(sc_row[4]))


@functools.cache
def folded() -> dict[str, str]:
    """fold(wild name, id, SPDX name, ScanCode key) -> canonical id: the slow path for text."""
    index = db()
    table = {fold(k): v for k, v in WILD.items()}
    for spdx_id, row in index.spdx.items():
        if not row[4]:
            table.setdefault(fold(spdx_id), spdx_id)
            table.setdefault(fold(row[0]), spdx_id)
    for key, row in index.scancode.items():
        target = index.ids.get(str(row[1]).lower()) if row[1] else None
        if target:
            for alias in (key, *row[2]):
                table.setdefault(fold(alias), target)
    return table


@functools.cache
def pool() -> dict[str, str]:
    """Lower-cased current (not deprecated) id -> id: the candidates of "did you mean"."""
    index = db()
    current = {k.lower(): k for k, row in index.spdx.items() if not row[4]}
    for row in index.scancode.values():
        if row[1] and not row[4]:
            current.setdefault(index.ids[row[1].lower()].lower(), index.ids[row[1].lower()])
    return current


@functools.cache
def _fold_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use: only free text (not valid SPDX) is ever folded."""
    return re.compile(r"\bversion\b"), re.compile(r"\bv(?=\d)"), re.compile(r"[^a-z0-9.+]+")


def fold(text: str) -> str:
    """A spelling-insensitive key: 'Apache License, Version 2.0' and 'apache 2.0' meet."""
    version_word, v_before_digit, not_key = _fold_patterns()
    text = text.lower()
    if "v" in text:
        text = v_before_digit.sub("", version_word.sub(" ", text))
    return not_key.sub("-", text).strip("-")


def lookup(symbol: str) -> Lic | None:
    """The known licence an id names, case-insensitively, with a trailing '+' ignored."""
    ids = db().ids
    canonical = ids.get(symbol.lower())
    if canonical is None and symbol.endswith("+") and len(symbol) > 1:
        canonical = ids.get(symbol[:-1].lower())
    return lic(canonical) if canonical else None


def spell(symbol: str) -> str | None:
    """The canonical spelling of a known id (keeping an 'or later' '+'), or None."""
    if symbol.lower() in SPECIAL:
        return SPECIAL[symbol.lower()]
    found = lookup(symbol)
    if found is None:
        return None
    if symbol.lower() not in db().ids:  # matched without its '+': keep the operator
        return found.id + "+"
    return found.id


def suggest(symbol: str) -> str | None:
    """The id someone who wrote ``symbol`` most likely meant (wild names, then near misses)."""
    import difflib

    mapped = folded().get(fold(symbol))
    if mapped:
        return mapped
    lowered = symbol.lower()
    scancode = lowered.startswith("licenseref-scancode-")
    candidates = [k for k in pool() if k.startswith("licenseref-scancode-") == scancode]
    close = difflib.get_close_matches(lowered, candidates, n=1, cutoff=0.75)
    if not close:  # "GPL-3" -> "GPL-3.0-only": a truncated version, the shortest completion
        close = sorted(
            (k for k in candidates if k.startswith((lowered + ".", lowered + "-"))), key=len
        )[:1]
    return pool()[close[0]] if close else None


def did_you_mean(symbol: str) -> str:
    """': did you mean 'X'?' when a likely id exists, else ''."""
    guess = suggest(symbol)
    return f": did you mean '{guess}'?" if guess else ""


def custom_ref(text: str) -> str:
    """A LicenseRef made from free text: the SPDX way to name terms that have no SPDX id."""
    body = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")[:64].strip("-")
    return f"LicenseRef-{body}" if body else "NOASSERTION"
