"""The generated licence index and the lookups built on it: the data half of ``licenses``.

Why separate: here well-kept data (ScanCode LicenseDB categories, SPDX OSI / FSF flags, as
distilled by ``scripts/build_license_index.py``) becomes fast case-insensitive lookups, next to
the only two hand tables, for what no package provides: the licence names Hugging Face model
cards use, and stand-ins for AI licences the bundled ScanCode DB does not know yet.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX_PATH = Path(__file__).resolve().parent.parent / "resources" / "licenses" / "index.json"

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
REF = re.compile(r"(DocumentRef-[A-Za-z0-9.-]+:)?(LicenseRef|AdditionRef)-[A-Za-z0-9.-]+")


@dataclass(frozen=True)
class Lic:
    """One known licence or exception, under its canonical id."""

    id: str
    category: str | None
    """ScanCode category; None for SPDX ids newer than the bundled ScanCode DB."""
    osi: bool
    fsf: bool
    exception: bool
    deprecated: bool
    note: str | None = None


@dataclass(frozen=True)
class Db:
    """Lookups built once from the generated index."""

    ids: dict[str, Lic]
    """Lower-cased id -> licence; aliases (deprecated ids, renamed keys) share the entry."""
    folded: dict[str, str]
    """fold(id, SPDX name, ScanCode key or wild name) -> canonical id, for free text."""
    pool: dict[str, str]
    """Lower-cased current id -> id: the candidates of "did you mean"."""


def fold(text: str) -> str:
    """A spelling-insensitive key: 'Apache License, Version 2.0' and 'apache 2.0' meet."""
    text = re.sub(r"\bversion\b", " ", text.lower())
    text = re.sub(r"\bv(?=\d)", "", text)
    return re.sub(r"[^a-z0-9.+]+", "-", text).strip("-")


@functools.cache
def db() -> Db:
    """Load the generated index once and build the lookups (a few ms, only when needed)."""
    raw: dict[str, Any] = json.loads(INDEX_PATH.read_text(encoding="utf-8"))
    scancode: dict[str, list[Any]] = raw["scancode"]
    spdx: dict[str, list[Any]] = raw["spdx"]
    ids: dict[str, Lic] = {}
    folded: dict[str, str] = {fold(k): v for k, v in WILD.items()}
    pool: dict[str, str] = {}
    canonical_of: dict[str, str] = {}  # ScanCode key -> preferred SPDX id
    for spdx_id, (_name, _osi, _fsf, _exc, deprecated, key) in spdx.items():
        if key and (not deprecated or key not in canonical_of):
            canonical_of[key] = spdx_id
    for key, row in scancode.items():
        if row[1] in spdx:
            canonical_of[key] = row[1]
    for spdx_id, (name, osi, fsf, exc, deprecated, key) in spdx.items():
        category = scancode[key][0] if key else None
        ids[spdx_id.lower()] = Lic(spdx_id, category, osi, fsf, exc, deprecated)
        if not deprecated:
            pool[spdx_id.lower()] = spdx_id
            folded.setdefault(fold(spdx_id), spdx_id)
            folded.setdefault(fold(name), spdx_id)
    for spdx_id, (*_, deprecated, key) in spdx.items():
        if deprecated and key and canonical_of[key] != spdx_id:  # GPL-2.0+ -> GPL-2.0-or-later
            ids[spdx_id.lower()] = ids[canonical_of[key].lower()]
    for key, (category, spdx_key, others, exc, deprecated) in scancode.items():
        target = canonical_of.get(key) or spdx_key
        if not target:
            continue
        if target.lower() not in ids:
            ids[target.lower()] = Lic(target, category, False, False, exc, deprecated)
        if not deprecated:
            pool.setdefault(target.lower(), target)
        for alias in [spdx_key, *others]:
            # Renamed ScanCode keys are aliases; other tools' LicenseRefs (LicenseRef-Apache)
            # are not: a manifest's own LicenseRef must never be silently rewritten.
            if alias and alias.lower() not in ids and alias.startswith("LicenseRef-scancode-"):
                ids[alias.lower()] = ids[target.lower()]
            if alias:
                folded.setdefault(fold(alias), target)
        folded.setdefault(fold(key), target)
    for ref, (sibling, name) in STAND_INS.items():
        like = ids[str(scancode[sibling][1]).lower()]
        note = f"{ref} ({name}) is not in the ScanCode DB: judged like {like.id}"
        ids[ref.lower()] = Lic(ref, like.category, False, False, False, False, note)
    return Db(ids, folded, pool)


def lookup(symbol: str) -> Lic | None:
    """The known licence an id names, case-insensitively, with a trailing '+' ignored."""
    found = db().ids.get(symbol.lower())
    if found is None and symbol.endswith("+") and len(symbol) > 1:
        found = db().ids.get(symbol[:-1].lower())
    return found


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
    mapped = db().folded.get(fold(symbol))
    if mapped:
        return mapped
    lowered = symbol.lower()
    scancode = lowered.startswith("licenseref-scancode-")
    pool = [k for k in db().pool if k.startswith("licenseref-scancode-") == scancode]
    close = difflib.get_close_matches(lowered, pool, n=1, cutoff=0.75)
    return db().pool[close[0]] if close else None


def did_you_mean(symbol: str) -> str:
    """': did you mean 'X'?' when a likely id exists, else ''."""
    guess = suggest(symbol)
    return f": did you mean '{guess}'?" if guess else ""


def custom_ref(text: str) -> str:
    """A LicenseRef made from free text: the SPDX way to name terms that have no SPDX id."""
    body = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")[:64].strip("-")
    return f"LicenseRef-{body}" if body else "NOASSERTION"
