"""Lineage: a derived release is only as open as its least open ancestor, relation by relation.

Each base's manifest is read once (by ``path``, kept inside the repository root, or by ``url``
from the local cache; :mod:`aimanifest.lineage_source`), its own lineage resolved the same way,
and what it caps depends on how the release derives from it (docs/verdicts.md, section 4, has
the table; :func:`relation_cap` is that table):

* the derivative's own availability is its own fact: a base never makes a released model
  ``closed`` (an adapter aside, which cannot run without its base);
* a base's restrictive licence binds weights derived from it (fine-tune, continued
  pre-training, quantized, converted, merge, adapter): at most ``weights-available``;
* the pipeline and data rungs need the base at that rung too (a quantized or converted copy
  or a merge has no data of its own: :func:`~aimanifest.verdicts.tier.trains_on_own_data`);
* a distillation teacher's weights are not in the student, but its outputs are the student's
  training data: unless the teacher's weights are under open terms, at most ``open-source-ai``.

**An unverified base is never ignored.** A base that cannot be read (no reference, missing,
unreadable, outside the root, digest mismatch, not in the cache, invalid, a cycle, too deep)
could be anything, so every verdict is computed twice: with each unverified base as bad as a
base can be (``closed``, under restrictive terms) and as good (``fully-open``). Where the two
agree the unverified base does not matter (a closed release stays closed); where they differ
the effective tier is **not assessed**, and the range is reported. No tier above what verified
facts support is ever given.

This module holds the rules and the results; :mod:`aimanifest.verdicts.lineage_read` finds
and reads the files. Neither imports :mod:`aimanifest.validate` (which imports them): a base
must pass the spec-version check and the schema, asked of :mod:`aimanifest.spec` and
:mod:`aimanifest.schema` directly. The OSAID verdict with lineage is
:func:`aimanifest.verdicts.osaid.cap_by_lineage`, for the release and for each base alike.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from aimanifest.data import TIERS, Tier
from aimanifest.lineage_source import LineageOptions
from aimanifest.verdicts.tier import RELEASED, evaluate_tier, licensed_components, manifest_data

if TYPE_CHECKING:
    from aimanifest.data import ManifestData
    from aimanifest.model import Manifest
    from aimanifest.verdicts.tier import LicensedComponent

__all__ = [
    "MAX_BASES",
    "MAX_DEPTH",
    "MAX_LINEAGE_BYTES",
    "BaseResult",
    "Facts",
    "LineageResult",
    "Problem",
    "combine",
    "own_facts",
    "relation_cap",
    "resolve_lineage",
]

MAX_DEPTH = 32
"""Ancestors followed at most; a deeper chain leaves its deepest base unverified."""
MAX_BASES = 256
"""Distinct base manifests read for one release: a real lineage names a handful."""
MAX_LINEAGE_BYTES = 4 * 8 * 1024 * 1024
"""Bytes of base manifests read for one release (four manifests at the size limit): with the
count, what keeps a hostile lineage from reading gigabytes."""

WEIGHT_RELATIONS = ("fine-tune", "continued-pretraining", "quantized", "converted", "merge")
"""Relations whose weights are the base's weights, changed: the base's terms bind them."""
BINDING_RELATIONS = (*WEIGHT_RELATIONS, "adapter")
"""Relations through which restrictive terms pass on (an adapter is used with its base)."""

Severity = Literal["unusable", "unavailable"]
"""``unusable``: a reference that cannot be used (a mistake or an attack: an error);
``unavailable``: no way to verify here (no reference, not fetched: the tier is not assessed)."""


_RANKS = {tier: position for position, tier in enumerate(TIERS)}


def rank(tier: Tier) -> int:
    """Position on the ladder, ``closed`` being 0."""
    return _RANKS[tier]


class Facts(NamedTuple):
    """What a model passes on to what derives from it."""

    tier: Tier
    """Its effective tier."""
    bound: tuple[str, ...]
    """Why weights derived from it are bound by terms that are not open (empty: they are not)."""
    terms_open: bool
    """Its final weights are released under open terms, so what it outputs is unencumbered."""


WORST = Facts("closed", ("its terms are unknown",), False)
"""An unverified base at its worst: never released, under restrictive terms."""
BEST = Facts("fully-open", (), True)
"""An unverified base at its best."""


def relation_cap(relation: str, base: Facts) -> Tier:
    """The highest tier a release can reach through a base, by how it derives from it.

    The table of docs/verdicts.md, section 4.2, rung by rung: weights-available is the
    derivative's own fact (an adapter needs its base's); open-weights needs the base's terms
    open where its weights pass on; the pipeline and data rungs need the base at that rung.
    """
    if relation == "distillation":
        return "fully-open" if base.terms_open else "open-source-ai"
    if relation == "adapter":
        return TIERS[min(rank(base.tier), 1)] if base.bound else base.tier
    if base.bound:
        return "weights-available"
    return TIERS[max(rank(base.tier), rank("open-weights"))]


def cap_reason(name: str, relation: str, base: Facts) -> str:
    """Why ``base`` caps the derivative where it does, in the words a claim is refuted with."""
    if relation == "distillation":
        return (
            f"teacher {name} (distillation): its weights are not released under open terms, so "
            "its outputs, which are this release's training data, are not open data"
        )
    if base.bound and relation in BINDING_RELATIONS:
        return (
            f"base {name} ({relation}): {base.bound[0]}, and those terms bind weights "
            "derived from it"
        )
    if relation == "adapter":
        return f"base {name} (adapter) is only {base.tier}: an adapter needs its base at run time"
    return f"base {name} ({relation}) is only {base.tier}"


class Problem(NamedTuple):
    """A base that could not be verified, somewhere in the tree."""

    manifest: str | None
    """The manifest that lists the base; None for the release itself."""
    base: str
    reason: str
    severity: Severity

    def __str__(self) -> str:
        where = f"in {self.manifest}: " if self.manifest else ""
        return f"{where}base {self.base}: {self.reason}"


class BaseResult(NamedTuple):
    """One base as assessed: verified (its manifest read and checked) or unverified."""

    name: str
    relation: str
    path: str | None
    """Where its manifest was looked for: the path as joined, or the URL."""
    tier: Tier | None
    """Its effective tier; None when unverified, or not assessed (its own bases unverified)."""
    own_tier: Tier | None = None
    osaid: str | None = None
    """Its OSAID verdict, its bases' included; None when unverified."""
    reason: str | None = None
    """Why it is unverified; None when its manifest was read and matches its digests."""
    bases: tuple[BaseResult, ...] = ()
    cap: tuple[Tier, Tier] = ("closed", "fully-open")
    """The lowest and highest tier this base lets the release reach (equal when known)."""
    cap_reason: str = ""
    facts: tuple[Facts, Facts] = (WORST, BEST)
    severity: Severity | None = None
    field: str = "manifest"
    """The key of the reference a finding about it points at: path, url or digests."""
    key: str | None = None
    """The real path its manifest was read from: the same file, the same key."""
    problems: tuple[Problem, ...] = ()
    """Unverified bases further up its own lineage."""
    licenses: tuple[str, ...] = ()
    """The licences its verified manifest gives its final weights (else its release licence):
    ``validate`` compares a lineage entry's own ``license`` with them. Not a verdict."""

    @property
    def verified(self) -> bool:
        """Whether its manifest was read and matches its pinned digests."""
        return self.reason is None


class LineageResult(NamedTuple):
    """The direct bases, the cap they put on the release, and every unverified base."""

    bases: tuple[BaseResult, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def cap(self) -> tuple[Tier, Tier]:
        """The lowest and the highest tier the bases let the release reach."""
        if not self.bases:
            return ("fully-open", "fully-open")
        return (
            TIERS[min(rank(base.cap[0]) for base in self.bases)],
            TIERS[min(rank(base.cap[1]) for base in self.bases)],
        )

    def as_json(self) -> dict[str, Any]:
        """Plain data for reports: a base reached twice is expanded once."""
        seen: set[str] = set()
        low, high = self.cap
        return {
            "cap": low if low == high else None,
            "cap_range": {"at_least": low, "at_most": high},
            "bases": [_base_json(base, seen) for base in self.bases],
            "problems": [str(problem) for problem in self.problems],
        }


def _base_json(base: BaseResult, seen: set[str]) -> dict[str, Any]:
    repeated = base.key is not None and base.key in seen
    if base.key is not None:
        seen.add(base.key)
    low, high = base.cap
    return {
        "name": base.name,
        "relation": base.relation,
        "path": base.path,
        "verified": base.verified,
        "tier": base.tier,
        "own_tier": base.own_tier,
        "osaid": base.osaid,
        "reason": base.reason,
        "caps_at": low if low == high else None,
        "cap_range": {"at_least": low, "at_most": high},
        "expanded_above": repeated,
        "bases": [] if repeated else [_base_json(parent, seen) for parent in base.bases],
    }


def own_facts(
    data: ManifestData,
    items: tuple[LicensedComponent, ...] | None = None,
    tier: Tier | None = None,
) -> Facts:
    """A manifest's facts from its own layers: its tier and the terms of its released weights.

    ``items`` and ``tier``: its licensed components and own tier, when the caller has them.
    """
    items = licensed_components(data) if items is None else items
    finals = [
        item for item in items if item.kind == "final-weights" and item.availability in RELEASED
    ]
    bound = tuple(
        f"its weights {item.label} are under terms that are not open ({item.licence_words()})"
        for item in finals
        if item.verdict.status != "open"
    )
    own_tier = evaluate_tier(data, items).tier if tier is None else tier
    return Facts(own_tier, bound, bool(finals) and not bound)


def combine(own: Facts, bases: tuple[BaseResult, ...], scenario: int) -> Facts:
    """A model's facts given its own and its bases' (``scenario`` 0: unverified at worst)."""
    tier = TIERS[min([rank(own.tier), *(rank(base.cap[scenario]) for base in bases)])]
    bound = list(own.bound)
    for base in bases:
        passed = base.facts[scenario].bound
        if base.relation in BINDING_RELATIONS and passed:
            bound.append(f"through base {base.name} ({base.relation}): {passed[0]}")
    return Facts(tier, tuple(bound), own.terms_open and not bound)


def resolve_lineage(
    manifest: Manifest | ManifestData,
    manifest_path: str | None,
    options: LineageOptions | None = None,
) -> LineageResult:
    """Assess every base of ``manifest``, which was read from ``manifest_path``.

    Relative base paths are resolved from the directory of ``manifest_path`` and must stay
    inside the repository root (``options.root``, else found from ``.git``). With no path (a
    manifest built in memory) no base file can be located, and bases named by path are
    unverified.
    """
    from aimanifest.lineage_source import find_root
    from aimanifest.verdicts.lineage_read import Origin, Resolver, real_path

    options = options or LineageOptions()
    data = manifest_data(manifest)
    version = str(data.get("aimanifest", ""))
    if manifest_path is None:
        start = os.getcwd()
        origin = Origin(None, None, version, "this manifest's location is unknown")
        return Resolver(start, options.root or start, options).lineage(data, origin, ())
    directory = os.path.dirname(manifest_path) or "."
    root = options.root or find_root(directory)
    real = real_path(manifest_path) or os.path.abspath(manifest_path)
    resolver = Resolver(os.path.dirname(real), root, options)
    return resolver.lineage(data, Origin(None, directory, version), (real,))
