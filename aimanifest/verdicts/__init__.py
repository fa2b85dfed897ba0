"""Openness verdicts computed from a manifest (never declared by it): one module per verdict.

:func:`evaluate` runs them all on one manifest: the tier (:mod:`.tier`), capped by the bases'
tiers (:mod:`.lineage`), the MOF class (:mod:`.mof`) and the OSAID verdict (:mod:`.osaid`).
It accepts the typed :class:`~aimanifest.model.Manifest` or plain schema-valid data, and imports
no pydantic, because ``validate`` checks claims, and so evaluates, on every run.
The rules are stated for readers in docs/verdicts.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from aimanifest.data import TIERS, Tier

if TYPE_CHECKING:
    from aimanifest.data import ManifestData
    from aimanifest.lineage_source import LineageOptions
    from aimanifest.model import Manifest
    from aimanifest.verdicts.lineage import LineageResult
    from aimanifest.verdicts.mof import MofResult
    from aimanifest.verdicts.osaid import OsaidResult
    from aimanifest.verdicts.tier import LicensedComponent, TierResult

__all__ = ["Verdicts", "evaluate"]


class Verdicts(NamedTuple):
    """Every verdict on one manifest, and what each next step still needs."""

    tier: TierResult
    """The release's own tier, from its own layers, with what each higher tier lacks."""
    effective_tier: Tier | None
    """The own tier capped by the lineage: the tier reports and claim checks use. None when
    it is **not assessed**: a base that could not be verified could lower it."""
    mof: MofResult
    osaid: OsaidResult
    """The OSAID verdict, including the bases' verdicts when the lineage was resolved."""
    lineage: LineageResult | None
    """None when the manifest lists no base model."""
    licenses: tuple[LicensedComponent, ...] = ()
    """Each component's resolved licence and its verdict, for the licence table of reports."""
    tier_range: tuple[Tier, Tier] | None = None
    """The lowest and highest tier the verified facts allow: equal to the effective tier when
    it is assessed; with an unverified base, what it is at worst and at best. None: the own
    tier (no lineage)."""

    @property
    def tier_bounds(self) -> tuple[Tier, Tier]:
        """``tier_range``, or the effective tier twice."""
        if self.tier_range is not None:
            return self.tier_range
        tier = self.effective_tier or self.tier.tier
        return (tier, tier)

    @property
    def assessed(self) -> bool:
        """Whether the effective tier is known (every base that could lower it is verified)."""
        return self.effective_tier is not None

    def missing_for(self, tier: Tier) -> tuple[str, ...]:
        """Everything that keeps this release below ``tier``, or may (empty when it is reached).

        The own tier's gaps, plus each base that caps the release below ``tier``, and each
        unverified base that could: that is what a claim of ``tier`` must be refuted with.
        """
        rank = TIERS.index(tier)
        if rank <= TIERS.index(self.tier_bounds[0]):
            return ()
        items = list(self.tier.missing.get(tier, ()))
        if self.lineage is not None:
            items.extend(
                base.cap_reason for base in self.lineage.bases if TIERS.index(base.cap[0]) < rank
            )
        return tuple(dict.fromkeys(items))

    @property
    def next_tier(self) -> Tier | None:
        """The tier one step above what the verified facts surely reach, or None at the top."""
        rank = TIERS.index(self.tier_bounds[0])
        return TIERS[rank + 1] if rank + 1 < len(TIERS) else None

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data: the contract of ``classify --format json`` (docs/verdicts.md).

        ``tier`` is null when the tier is not assessed; ``tier_status`` then says
        ``not-assessed`` and ``tier_range`` gives what it is at least and at most.
        """
        from aimanifest.verdicts.mof import describe

        next_tier = self.next_tier
        low, high = self.tier_bounds
        return {
            "tier": self.effective_tier,
            "tier_status": "assessed" if self.assessed else "not-assessed",
            "tier_range": {"at_least": low, "at_most": high},
            "own_tier": self.tier.tier,
            "next_tier": next_tier,
            "missing": list(self.missing_for(next_tier)) if next_tier else [],
            "missing_by_tier": {
                tier: list(self.missing_for(tier)) for tier in TIERS[1:] if self.missing_for(tier)
            },
            "tier_notes": list(self.tier.notes),
            "mof": describe(self.mof),
            "osaid": {
                "verdict": self.osaid.verdict,
                "failures": list(self.osaid.failures),
                "review": list(self.osaid.review),
                "notes": list(self.osaid.notes),
            },
            "lineage": None if self.lineage is None else self.lineage.as_json(),
            "licenses": [
                {
                    "name": item.name,
                    "layer": item.layer,
                    "kind": item.kind,
                    "expression": item.expression,
                    "status": item.verdict.status,
                    "type_appropriate": item.verdict.type_appropriate,
                    "osi_approved": item.verdict.osi_approved,
                    "inherited_from": item.source if item.source in ("layer", "release") else None,
                    "source": item.source,
                }
                for item in self.licenses
            ],
        }


def evaluate(
    manifest: Manifest | ManifestData,
    manifest_path: str | None = None,
    *,
    lineage: LineageOptions | None = None,
) -> Verdicts:
    """Compute every verdict on ``manifest``, read from ``manifest_path`` when given.

    The path locates the base models' manifests named in ``lineage`` (``lineage`` options: the
    repository root they must stay in, and whether URLs may be fetched); without it (a
    manifest built in memory) bases named by path are unverified, and the tier is not
    assessed where they could lower it.
    """
    from aimanifest.verdicts.lineage import combine, own_facts, resolve_lineage
    from aimanifest.verdicts.mof import evaluate_mof
    from aimanifest.verdicts.osaid import cap_by_lineage, evaluate_osaid
    from aimanifest.verdicts.tier import evaluate_tier, licensed_components, manifest_data

    data = manifest_data(manifest)
    items = licensed_components(data)  # every verdict reads the same resolved licences
    tier = evaluate_tier(data, items)
    resolved = resolve_lineage(data, manifest_path, lineage) if data.get("lineage") else None
    effective: Tier | None = tier.tier
    tier_range: tuple[Tier, Tier] | None = None
    if resolved is not None:
        own = own_facts(data, items, tier.tier)
        low, high = (combine(own, resolved.bases, scenario).tier for scenario in (0, 1))
        tier_range = (low, high)
        effective = low if low == high else None
    return Verdicts(
        tier=tier,
        effective_tier=effective,
        mof=evaluate_mof(data),
        osaid=cap_by_lineage(evaluate_osaid(data, items), resolved),
        lineage=resolved,
        licenses=items,
        tier_range=tier_range,
    )
