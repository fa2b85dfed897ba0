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

# AI licences and document terms the bundled ScanCode DB lacks, each judged like the named
# ScanCode sibling, so that the category still comes from ScanCode:
# ref -> (sibling ScanCode key, what it is; that name is also read as the ref).
STAND_INS: dict[str, tuple[str, str]] = {
    "LicenseRef-aimanifest-llama-3-license-2024": (
        "llama-3.1-license-2024",
        "Meta Llama 3 Community License Agreement",
    ),
    "LicenseRef-aimanifest-openrail": ("bigscience-open-rail-m", "an unspecified OpenRAIL licence"),
    "LicenseRef-aimanifest-creativeml-openrail-plusplus-m": (
        "stable-diffusion-2022-08-22",
        "CreativeML OpenRAIL++-M",
    ),
    # arXiv's default licence (https://arxiv.org/licenses/nonexclusive-distrib/1.0/) grants
    # arXiv the right to distribute a paper and readers nothing beyond reading it: free of
    # charge with restrictions, ScanCode's "Proprietary Free", as ACM's no-reuse terms are.
    "LicenseRef-aimanifest-arxiv-nonexclusive-distrib-1.0": (
        "acm-sla",
        "arXiv.org perpetual, non-exclusive license 1.0",
    ),
}
# Licence identifiers of the Hugging Face Hub (https://huggingface.co/docs/hub/repositories-licenses)
# that no SPDX id, SPDX name or ScanCode key spells alike ("apache-2.0", "mit", "cc-by-nc-4.0"
# need no entry: they match SPDX ids case-insensitively), with the Hub's full name for each,
# which is read as the same licence: hub id -> (SPDX id or ScanCode ref, the Hub's full name).
WILD: dict[str, tuple[str, str]] = {
    "llama2": ("LicenseRef-scancode-llama-2-license-2023", "Llama 2 Community License Agreement"),
    "llama3": ("LicenseRef-aimanifest-llama-3-license-2024", "Llama 3 Community License Agreement"),
    "llama3.1": (
        "LicenseRef-scancode-llama-3.1-license-2024",
        "Llama 3.1 Community License Agreement",
    ),
    "llama3.2": (
        "LicenseRef-scancode-llama-3.2-license-2024",
        "Llama 3.2 Community License Agreement",
    ),
    "llama3.3": (
        "LicenseRef-scancode-llama-3.3-license-2024",
        "Llama 3.3 Community License Agreement",
    ),
    "llama4": ("LicenseRef-scancode-llama-4-license-2025", "Llama 4 Community License Agreement"),
    "gemma": ("LicenseRef-scancode-gemma-tou-2024-04-01", "Gemma Terms of Use"),
    "openrail": ("LicenseRef-aimanifest-openrail", "OpenRAIL license family"),
    "openrail++": ("LicenseRef-aimanifest-creativeml-openrail-plusplus-m", "Open Rail++-M License"),
    "bigscience-openrail-m": (
        "LicenseRef-scancode-bigscience-open-rail-m",
        "BigScience OpenRAIL-M",
    ),
    "creativeml-openrail-m": (
        "LicenseRef-scancode-stable-diffusion-2022-08-22",
        "CreativeML OpenRAIL-M",
    ),
    "bigscience-bloom-rail-1.0": (
        "LicenseRef-scancode-bigscience-rail-1.0",
        "BigScience BLOOM RAIL 1.0",
    ),
    "bigcode-openrail-m": ("LicenseRef-scancode-bigcode-open-rail-m-v1", "BigCode Open RAIL-M v1"),
    "deepseek": ("LicenseRef-scancode-deepseek-la-1.0", "DeepSeek License Agreement"),
    "c-uda": ("C-UDA-1.0", "Computational Use of Data Agreement"),
    "openmdw": ("OpenMDW-1.0", "OpenMDW License Agreement"),
    "odc-by": ("ODC-By-1.0", "Open Data Commons License Attribution family"),
    "odbl": ("ODbL-1.0", "Open Database License family"),
    "pddl": ("PDDL-1.0", "Open Data Commons Public Domain Dedication and License"),
    "other": ("NOASSERTION", "Other"),
    "unknown": ("NOASSERTION", "Unknown"),
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
    """fold(name) -> canonical licence id (never an exception), for text that is no SPDX id.

    The slow path, built once, on the first text that is not plain SPDX.

    Sources, most trusted first: the Hub's ids and full names (:data:`WILD`) and the stand-ins'
    names; SPDX ids; SPDX licence names; ScanCode keys and their renamed keys. A key that one source
    maps to two different licences is dropped (``FSF Unlimited``: FSFUL or FSFULLR?), and a
    later source never overrides an earlier one.
    """
    index = db()  # ScanCode keys, and renamed keys: not other tools' aliases ("GPL")
    tiers: list[list[tuple[str, str]]] = [
        [(k, target) for k, (target, _name) in WILD.items()]
        + [(name, target) for target, name in WILD.values()]
        + [(name, ref) for ref, (_sibling, name) in STAND_INS.items()],
        [(spdx_id, spdx_id) for spdx_id, row in index.spdx.items() if not row[3] | row[4]],
        [(row[0], spdx_id) for spdx_id, row in index.spdx.items() if not row[3] | row[4]],
        [
            (alias, target)
            for key, row in index.scancode.items()
            if row[1] and not row[3] and (target := index.ids.get(str(row[1]).lower()))
            for alias in (key, *row[2])
            if alias == key or alias.startswith("LicenseRef-scancode-")  # as in db()
        ],
    ]
    table: dict[str, str] = {}
    for tier in tiers:
        found: dict[str, set[str]] = {}
        for text, target in tier:
            key = fold(text)
            if key and key not in table:
                found.setdefault(key, set()).add(target)
        table.update({key: targets.pop() for key, targets in found.items() if len(targets) == 1})
        table.update({key: "" for key, targets in found.items() if len(targets) > 1})
    return {key: target for key, target in table.items() if target}


@functools.cache
def pool() -> dict[str, str]:
    """Lower-cased current (not deprecated) id -> id: the candidates of "did you mean"."""
    index = db()
    current = {k.lower(): k for k, row in index.spdx.items() if not row[4]}
    for row in index.scancode.values():
        if row[1] and not row[4]:
            current.setdefault(index.ids[row[1].lower()].lower(), index.ids[row[1].lower()])
    current.update({ref.lower(): ref for ref in STAND_INS})
    return current


_FILLER = frozenset({"the", "license", "licence", "agreement", "international", "version"})
"""Words that names of one licence use or leave out at will ("Apache License, Version 2.0",
"Apache 2.0"; "Llama 2 Community License" and "... License Agreement")."""


@functools.cache
def _fold_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use: only free text (not valid SPDX) is ever folded."""
    return re.compile(r"\bv(?=\d)"), re.compile(r"[a-z0-9+]+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A spelling-insensitive key: 'Apache License, Version 2.0', 'apache 2.0', 'Apache-2.0'
    and 'apache2.0' all meet at ``apache20``; 'CreativeML Open RAIL-M' meets 'CreativeML
    OpenRAIL-M'. Case, punctuation, spacing and the filler words are ignored."""
    v_before_digit, word = _fold_patterns()
    text = text.lower()
    if "v" in text:
        text = v_before_digit.sub("", text)
    return "".join(w for w in word.findall(text) if w not in _FILLER)


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


_SCANCODE = "licenseref-scancode-"


class _Finder(NamedTuple):
    """Lookup structures for suggestions, built once per kind of id (SPDX or ScanCode)."""

    names: list[str]
    """Lower-cased candidate ids, ``licenseref-scancode-`` removed for ScanCode refs."""
    grams: dict[str, list[int]]
    """Two-character substring -> the candidates that contain it (a near miss shares many)."""
    folded: list[tuple[str, str]]
    """(fold key, id) of every licence (no exception), sorted: prefix search by bisection."""


@functools.cache
def _finder(scancode: bool) -> _Finder:
    current = pool()
    names = [
        key.removeprefix(_SCANCODE) for key in current if key.startswith(_SCANCODE) == scancode
    ]
    grams: dict[str, list[int]] = {}
    for number, name in enumerate(names):
        for gram in {name[at : at + 2] for at in range(len(name) - 1)}:
            grams.setdefault(gram, []).append(number)
    folded_ids = sorted(
        (fold(spdx_id), spdx_id)
        for key, spdx_id in current.items()
        if key.startswith(_SCANCODE) == scancode
        and not ((found := lookup(spdx_id)) is not None and found.exception)
    )
    return _Finder(names, grams, folded_ids)


@functools.lru_cache(maxsize=4096)
def completions(symbol: str) -> tuple[str, ...]:
    """The current ids that begin with what was written, compared as :func:`fold` keys.

    'cc-by' begins CC-BY-4.0 and CC-BY-SA-4.0, 'GPL-3' begins GPL-3.0-only and
    GPL-3.0-or-later, 'Apache2' begins Apache-2.0 only. OSI-approved or FSF-libre ids come
    first, then shorter ones (the base licence before its variants). ScanCode refs only answer
    a symbol that is one.
    """
    import bisect

    scancode = symbol.lower().startswith(_SCANCODE)
    key = fold(symbol)
    if len(key) < 2 + len(fold(_SCANCODE)) * scancode:
        return ()
    folded_ids = _finder(scancode).folded
    start = bisect.bisect_left(folded_ids, (key, ""))
    found: list[str] = []
    for folded_id, spdx_id in folded_ids[start:]:
        if not folded_id.startswith(key):
            break
        found.append(spdx_id)

    def rank(candidate: str) -> tuple[bool, int, str]:
        known = lookup(candidate)
        libre = known is not None and (known.osi or known.fsf)
        return (not libre, len(candidate), candidate.lower())

    return tuple(sorted(found, key=rank))


def family(symbol: str) -> tuple[str, ...]:
    """The ids a family name stands for ('bsd', 'cc', 'gpl', 'lgpl', 'cc-by'); () if not one."""
    found = completions(symbol)
    return found if len(found) > 1 else ()


def _near_miss(lowered: str, scancode: bool) -> str | None:
    """The closest candidate by difflib's ratio (cut-off 0.75), among a short list.

    The short list is the 40 candidates sharing the most two-character substrings with the
    query, found through an inverted index: a few hundred steps, not a pass over every id.
    """
    import difflib

    finder = _finder(scancode)
    query = lowered.removeprefix(_SCANCODE) if scancode else lowered
    shared: dict[int, int] = {}
    for gram in {query[at : at + 2] for at in range(len(query) - 1)}:
        for number in finder.grams.get(gram, ()):
            shared[number] = shared.get(number, 0) + 1
    best = sorted(shared, key=lambda number: -shared[number])[:40]
    close = difflib.get_close_matches(query, [finder.names[n] for n in best], n=1, cutoff=0.75)
    if not close:
        return None
    return pool()[(_SCANCODE if scancode else "") + close[0]]


@functools.lru_cache(maxsize=4096)
def suggest(symbol: str) -> str | None:
    """The id someone who wrote ``symbol`` most likely meant (wild names, then near misses).

    Cached, and built on indexes made once (:func:`_finder`), so a manifest with thousands of
    unknown ids costs time linear in their number, a fraction of a millisecond each.
    """
    mapped = folded().get(fold(symbol))
    if mapped:
        return mapped
    lowered = symbol.lower()
    close = _near_miss(lowered, lowered.startswith(_SCANCODE))
    if close:
        return close
    begun = completions(symbol)  # "Apache2" -> "Apache-2.0": the one id it begins
    return begun[0] if len(begun) == 1 else None


def did_you_mean(symbol: str) -> str:
    """': did you mean 'X'?' when a likely id exists, a list for a family name, else ''."""
    members = family(symbol)
    if members:
        shown = ", ".join(members[:8])
        more = f" and {len(members) - 8} more" if len(members) > 8 else ""
        return f": it could mean {shown}{more}; name one"
    guess = suggest(symbol)
    return f": did you mean '{guess}'?" if guess else ""


def custom_ref(text: str) -> str:
    """A LicenseRef made from free text: the SPDX way to name terms that have no SPDX id."""
    body = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")[:64].strip("-")
    return f"LicenseRef-{body}" if body else "NOASSERTION"
