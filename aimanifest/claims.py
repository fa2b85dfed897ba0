"""The claim check: a claim above the computed verdict is an error naming each missing item.

This is what turns "open-washing" into a failing CI check. Claims are compared with the
verdicts the tool computes (:mod:`aimanifest.verdicts`), never trusted: the tier with the
lineage cap, the MOF class, the OSAID verdict. :func:`claim_support` is the one place that
decides whether each claim holds; ``validate`` renders it as findings (each at the line of the
claim it refutes, one per missing item, so a long list stays readable and greppable) and
``classify`` as its claims table.

A claim that needs a base that could not be verified is not supported: the claim may be true,
but nothing checked shows it, and an unverified base is never ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from aimanifest.data import TIERS, as_manifest

if TYPE_CHECKING:
    from aimanifest.data import ManifestData
    from aimanifest.findings import Finding, Severity
    from aimanifest.source import Document
    from aimanifest.verdicts import Verdicts
    from aimanifest.verdicts.lineage import BaseResult

MOF_RANK = {None: 0, "III": 1, "II": 2, "I": 3}
"""Class I is the most open; no class ranks below Class III."""

Status = Literal["supported", "not-supported", "not-assessed", "needs-review"]


class ClaimSupport(NamedTuple):
    """Whether one claim holds, and each item that refutes it (or that it rests on)."""

    claim: Literal["tier", "mof_class", "osaid"]
    claimed: str | bool
    computed: str | None
    """The computed verdict; None for a tier that is not assessed."""
    status: Status
    """``supported``; ``not-supported`` (refuted); ``not-assessed`` (it needs a base that is
    not verified); ``needs-review`` (an OSAID claim that turns on human judgment)."""
    headline: str
    """The sentence that says it, for a finding or a report."""
    items: tuple[str, ...] = ()
    """Each missing item, unverified base or review item."""

    @property
    def supported(self) -> bool:
        return self.status == "supported"

    def as_json(self) -> dict[str, Any]:
        """A row of the classify report's claims table."""
        return {
            "claim": self.claim,
            "claimed": self.claimed,
            "computed": self.computed,
            "supported": self.supported,
            "status": self.status,
            "items": list(self.items),
        }


def _tier_claim(claimed: Any, verdicts: Verdicts) -> ClaimSupport:
    low, high = verdicts.tier_bounds
    rank = TIERS.index(claimed)
    computed = verdicts.effective_tier
    items = verdicts.missing_for(claimed)
    if rank <= TIERS.index(low):
        return ClaimSupport("tier", claimed, computed, "supported", f"tier '{claimed}' holds")
    if rank > TIERS.index(high):
        supports = f"'{computed}'" if computed else f"at most '{high}' (not assessed)"
        headline = f"claims tier '{claimed}', but the manifest supports {supports}"
        return ClaimSupport("tier", claimed, computed, "not-supported", headline, items)
    headline = (
        f"claims tier '{claimed}', but the tier is not assessed (at least '{low}', own layers "
        f"'{verdicts.tier.tier}'): the claim needs a base that is not verified"
    )
    return ClaimSupport("tier", claimed, computed, "not-assessed", headline, items)


def _mof_claim(claimed: Any, verdicts: Verdicts) -> ClaimSupport:
    mof = verdicts.mof
    computed = mof.mof_class
    if MOF_RANK[claimed] <= MOF_RANK[computed]:
        return ClaimSupport(
            "mof_class", claimed, computed, "supported", f"MOF Class {claimed} holds"
        )
    reached = f"Class {computed}" if computed else "no class"
    from aimanifest.verdicts.mof import percent

    shown = percent(mof.progress[claimed])
    in_place = percent(mof.coverage[claimed])
    covered = f", {in_place}% of its components in place" if in_place != shown else ""
    headline = (
        f"claims MOF Class {claimed}, but the manifest reaches {reached} "
        f"(Class {claimed} at {shown}%{covered})"
    )
    items = tuple(mof.missing.get(claimed, ()))
    return ClaimSupport("mof_class", claimed, computed, "not-supported", headline, items)


def _osaid_claim(verdicts: Verdicts) -> ClaimSupport:
    osaid = verdicts.osaid
    unverified = tuple(str(p) for p in verdicts.lineage.problems) if verdicts.lineage else ()
    if osaid.verdict == "fail":
        headline = "claims OSAID 1.0 conformance, but the release fails it"
        return ClaimSupport("osaid", True, "fail", "not-supported", headline, osaid.failures)
    if unverified:
        headline = (
            "claims OSAID 1.0 conformance, but a base it derives from is not verified: "
            "a release conforms only if what it derives from does"
        )
        return ClaimSupport("osaid", True, osaid.verdict, "not-assessed", headline, unverified)
    if osaid.verdict == "needs-review":
        headline = "OSAID conformance needs human review"
        return ClaimSupport("osaid", True, "needs-review", "needs-review", headline, osaid.review)
    return ClaimSupport("osaid", True, "pass", "supported", "OSAID 1.0 conformance holds")


def claim_support(manifest: ManifestData, verdicts: Verdicts) -> list[ClaimSupport]:
    """Whether each claim of ``manifest`` holds: the one decision, for findings and reports.

    ``osaid: false`` claims nothing and is not listed.
    """
    claims: dict[str, Any] = dict(manifest.get("claims") or {})
    result: list[ClaimSupport] = []
    if claims.get("tier") is not None:
        result.append(_tier_claim(claims["tier"], verdicts))
    if claims.get("mof_class") is not None:
        result.append(_mof_claim(claims["mof_class"], verdicts))
    if claims.get("osaid") is True:
        result.append(_osaid_claim(verdicts))
    return result


_RULES = {
    ("tier", "not-supported"): "claim-tier",
    ("tier", "not-assessed"): "claim-tier",
    ("mof_class", "not-supported"): "claim-mof-class",
    ("osaid", "not-supported"): "claim-osaid",
    ("osaid", "not-assessed"): "claim-osaid",
    ("osaid", "needs-review"): "claim-osaid-review",
}
_PREFIX = {"tier": "{claimed} needs: ", "mof_class": "Class {claimed} needs: ", "osaid": ""}


def claim_findings(document: Document, verdicts: Verdicts) -> list[Finding]:
    """Findings for every claim in ``document`` that its verdicts do not support.

    An OSAID claim that needs human review is a warning per review item (a machine cannot
    refute a claim that turns on judgment); every other unsupported claim is an error.
    """
    findings: list[Finding] = []
    for support in claim_support(as_manifest(document.data), verdicts):
        rule = _RULES.get((support.claim, support.status))
        if rule is None:
            continue
        where = ("claims", support.claim)
        if support.status == "needs-review":
            findings.extend(
                document.finding(
                    where, rule, f"OSAID conformance needs human review: {item}", severity="warning"
                )
                for item in support.items
            )
            continue
        findings.append(document.finding(where, rule, support.headline))
        prefix = _PREFIX[support.claim].format(claimed=support.claimed)
        if support.claim == "osaid":
            prefix = "OSAID needs: " if support.status == "not-supported" else "unverified: "
        findings.extend(document.finding(where, rule, prefix + item) for item in support.items)
    return findings


def lineage_findings(document: Document, verdicts: Verdicts) -> list[Finding]:
    """What ``validate`` says about each lineage entry whose base is not verified.

    A reference that cannot be used (missing, unreadable, outside the root, digest mismatch,
    invalid, a cycle, a fetch that failed) is an error at that reference. A base named by a
    URL that is not in the local cache is a note (fetch it with ``--fetch-lineage``); a base
    with no reference at all says nothing here. Either way the tier is not assessed, and a
    claim that needs the base fails on its own line. Problems further up a verified base's
    lineage are a warning at the entry (a note when they are of the second kind).
    """
    if verdicts.lineage is None:
        return []
    entries = as_manifest(document.data).get("lineage", [])
    findings: list[Finding] = []
    for index, (entry, base) in enumerate(zip(entries, verdicts.lineage.bases, strict=True)):
        findings.extend(_entry_findings(document, index, entry, base))
    return findings


def _entry_findings(document: Document, index: int, entry: Any, base: BaseResult) -> list[Finding]:
    reference = entry.get("manifest", {})
    if base.reason is not None:
        if base.severity == "unusable":
            where: tuple[str | int, ...] = ("lineage", index, "manifest")
            if base.field in reference:
                where = (*where, base.field)
            return [document.finding(where, "lineage", f"base {base.name}: {base.reason}")]
        if base.field != "url":  # no reference at all: the manifest's author chose so
            return []
        message = f"base {base.name}: {base.reason}: unverified, so the tier is not assessed"
        where = ("lineage", index, "manifest", "url")
        return [document.finding(where, "lineage-unverified", message, severity="note")]
    findings: list[Finding] = []
    for problem in base.problems:
        severity: Severity = "warning" if problem.severity == "unusable" else "note"
        message = f"base {base.name} is not assessed: {problem}"
        findings.append(
            document.finding(("lineage", index), "lineage-unverified", message, severity=severity)
        )
    mismatch = _license_mismatch(index, entry, base)
    if mismatch:
        where = ("lineage", index, "license")
        findings.append(
            document.finding(where, "lineage-license-mismatch", mismatch, severity="warning")
        )
    return findings


def _license_mismatch(index: int, entry: Any, base: BaseResult) -> str | None:
    """Why the licence a lineage entry states (spec 1.1) contradicts its verified base, or None.

    The base's manifest wins (the verdicts read it, never the entry), but the entry is what
    SBOM exports write on the base's package, so a stale or mistaken restatement would reach
    them: said once, at the entry's licence. A base whose manifest states no licence has
    nothing to contradict.
    """
    from aimanifest.licenses import same_license

    stated = entry.get("license")
    if stated is None or not base.licenses:
        return None
    if any(same_license(stated, found) for found in base.licenses):
        return None
    theirs = " or ".join(f"'{found}'" for found in base.licenses)
    return (
        f"base {base.name}: lineage[{index}].license says '{stated}', but the base's own "
        f"manifest ({base.path}) licenses its final weights under {theirs}: the verdicts read "
        f"the base's manifest, SBOM exports write lineage[{index}].license on the base; make it "
        "state the base's licence"
    )
