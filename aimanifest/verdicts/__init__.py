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
    effective_tier: Tier
    """The own tier capped by the lineage: the tier reports and claim checks use."""
    mof: MofResult
    osaid: OsaidResult
    """The OSAID verdict, including the bases' verdicts when the lineage was resolved."""
    lineage: LineageResult | None
    """None when the manifest lists no base model."""
    licenses: tuple[LicensedComponent, ...] = ()
    """Each component's resolved licence and its verdict, for the licence table of reports."""

    def missing_for(self, tier: Tier) -> tuple[str, ...]:
        """Everything that keeps this release below ``tier`` (empty when it is reached).

        The own tier's gaps, plus, when the lineage caps the release below ``tier``, the bases
        that do so: that is what a claim of ``tier`` must be refuted with.
        """
        rank = TIERS.index(tier)
        if rank <= TIERS.index(self.effective_tier):
            return ()
        items = list(self.tier.missing.get(tier, ()))
        if self.lineage is not None:
            items.extend(
                f"base {base.name} ({base.relation}) is only {base.tier}"
                for base in self.lineage.bases
                if base.tier is not None and TIERS.index(base.tier) < rank
            )
        return tuple(items)

    @property
    def next_tier(self) -> Tier | None:
        """The tier one step above the effective tier, or None at the top."""
        rank = TIERS.index(self.effective_tier)
        return TIERS[rank + 1] if rank + 1 < len(TIERS) else None

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data: the contract of ``classify --format json`` (DESIGN.md)."""
        from aimanifest.verdicts.mof import describe

        next_tier = self.next_tier
        return {
            "tier": self.effective_tier,
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


def evaluate(manifest: Manifest | ManifestData, manifest_path: str | None = None) -> Verdicts:
    """Compute every verdict on ``manifest``, read from ``manifest_path`` when given.

    The path locates the base models' manifests named in ``lineage``; without it (a manifest
    built in memory) the bases are listed as unverified and cap nothing.
    """
    from aimanifest.verdicts.lineage import cap_tier, resolve_lineage
    from aimanifest.verdicts.mof import evaluate_mof
    from aimanifest.verdicts.osaid import cap_by_lineage, evaluate_osaid
    from aimanifest.verdicts.tier import evaluate_tier, licensed_components, manifest_data

    data = manifest_data(manifest)
    tier = evaluate_tier(data)
    lineage = resolve_lineage(data, manifest_path) if data.get("lineage") else None
    return Verdicts(
        tier=tier,
        effective_tier=cap_tier(tier.tier, lineage),
        mof=evaluate_mof(data),
        osaid=cap_by_lineage(evaluate_osaid(data), lineage),
        lineage=lineage,
        licenses=licensed_components(data),
    )
