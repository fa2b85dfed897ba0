"""The claim check: a claim above the computed verdict is an error naming each missing item.

This is what turns "open-washing" into a failing CI check. Claims are compared with the
verdicts the tool computes (:mod:`aimanifest.verdicts`), never trusted: the tier with the
lineage cap, the MOF class, the OSAID verdict. Each finding sits at the line of the claim it
refutes, so an editor jumps to the sentence that overstates; one finding per missing item,
so a long list stays readable and greppable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aimanifest.data import TIERS, as_manifest

if TYPE_CHECKING:
    from aimanifest.findings import Finding
    from aimanifest.source import Document
    from aimanifest.verdicts import Verdicts

MOF_RANK = {None: 0, "III": 1, "II": 2, "I": 3}
"""Class I is the most open; no class ranks below Class III."""


def lineage_findings(document: Document, verdicts: Verdicts) -> list[Finding]:
    """Base manifests that are referenced but unusable or altered, and unverified bases
    under a tier claim (the claim then rests on the release's own layers only)."""
    if verdicts.lineage is None:
        return []
    data = as_manifest(document.data)
    claimed = "tier" in data.get("claims", {})
    findings: list[Finding] = []
    for index, (entry, base) in enumerate(
        zip(data.get("lineage", []), verdicts.lineage.bases, strict=True)
    ):
        reference = ("lineage", index, "manifest")
        if base.reason is not None and "path" in entry.get("manifest", {}):
            findings.append(
                document.finding(
                    (*reference, "path"), "lineage", f"base {base.name}: {base.reason}"
                )
            )
        elif base.reason is not None and claimed:
            findings.append(
                document.finding(
                    ("lineage", index),
                    "lineage-unverified",
                    f"base {base.name}: {base.reason}; the tier claim rests on this release's "
                    "own layers",
                    severity="warning",
                )
            )
        findings.extend(
            document.finding((*reference, "digests"), "lineage", mismatch)
            for mismatch in base.digest_mismatches
        )
    return findings


def claim_findings(document: Document, verdicts: Verdicts) -> list[Finding]:
    """Findings for every claim in ``document`` that its verdicts do not support."""
    claims = as_manifest(document.data).get("claims", {})
    findings: list[Finding] = []
    claimed_tier = claims.get("tier")
    if claimed_tier is not None and TIERS.index(claimed_tier) > TIERS.index(
        verdicts.effective_tier
    ):
        where = ("claims", "tier")
        findings.append(
            document.finding(
                where,
                "claim-tier",
                f"claims tier '{claimed_tier}', but the manifest supports "
                f"'{verdicts.effective_tier}'",
            )
        )
        findings.extend(
            document.finding(where, "claim-tier", f"{claimed_tier} needs: {item}")
            for item in verdicts.missing_for(claimed_tier)
        )
    claimed_class = claims.get("mof_class")
    if claimed_class is not None and MOF_RANK[claimed_class] > MOF_RANK[verdicts.mof.mof_class]:
        from aimanifest.verdicts.mof import percent

        shown = percent(verdicts.mof.progress[claimed_class])
        in_place = percent(verdicts.mof.coverage[claimed_class])
        covered = f", {in_place}% of its components in place" if in_place != shown else ""
        where = ("claims", "mof_class")
        reached = f"Class {verdicts.mof.mof_class}" if verdicts.mof.mof_class else "no class"
        findings.append(
            document.finding(
                where,
                "claim-mof-class",
                f"claims MOF Class {claimed_class}, but the manifest reaches {reached} "
                f"(Class {claimed_class} at {shown}%{covered})",
            )
        )
        findings.extend(
            document.finding(where, "claim-mof-class", f"Class {claimed_class} needs: {item}")
            for item in verdicts.mof.missing.get(claimed_class, ())
        )
    if claims.get("osaid") is True and verdicts.osaid.verdict != "pass":
        where = ("claims", "osaid")
        if verdicts.osaid.verdict == "fail":
            findings.append(
                document.finding(
                    where, "claim-osaid", "claims OSAID 1.0 conformance, but the release fails it"
                )
            )
            findings.extend(
                document.finding(where, "claim-osaid", f"OSAID needs: {item}")
                for item in verdicts.osaid.failures
            )
        else:
            findings.extend(
                document.finding(
                    where,
                    "claim-osaid-review",
                    f"OSAID conformance needs human review: {item}",
                    severity="warning",
                )
                for item in verdicts.osaid.review
            )
    return findings
