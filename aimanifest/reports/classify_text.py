"""The human-readable ``classify`` report: verdicts, progress bars, what the next step needs."""

from __future__ import annotations

from typing import Any

from aimanifest.data import TIERS
from aimanifest.escape import terminal
from aimanifest.verdicts.mof import percent

BAR_WIDTH = 20


def progress_bar(value: float) -> str:
    """``[##########..........]  50%``: ASCII, so it survives every terminal and CI log.

    The figure is rounded as the MOT's badge rounds it (:func:`~aimanifest.verdicts.mof.percent`).
    """
    shown = percent(value)
    filled = round(BAR_WIDTH * shown / 100)
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {shown:3d}%"


def _ladder(tier: str) -> str:
    return " < ".join(f"[{t}]" if t == tier else t for t in TIERS)


_CLAIM_WORDS = {
    "supported": "supported",
    "not-supported": "NOT supported",
    "not-assessed": "NOT supported: it needs an unverified base",
    "needs-review": "needs human review",
}


def _tier_lines(report: dict[str, Any]) -> list[str]:
    """The tier and the ladder; "not assessed", with the own tier and the range, when a base
    that could lower it is unverified (never a tier the verified facts do not support)."""
    tier, own = report["tier"], report["own_tier"]
    if tier is None:
        low, high = report["tier_range"]["at_least"], report["tier_range"]["at_most"]
        return [
            f"Tier        not assessed  (own layers: {own}; a base is unverified, see Lineage)",
            f"            at least {low}, at most {high}, once the base is verified",
        ]
    line = f"Tier        {tier}"
    if own != tier:
        line += f"  (own layers: {own}, capped by the lineage)"
    return [line, f"            {_ladder(tier)}"]


def _base_lines(base: dict[str, Any], depth: int, child: str = "this release") -> list[str]:
    """One base and, indented, its own bases (a base reached twice is expanded once)."""
    if not base["verified"]:
        state = f"unverified: {base['reason']}"
    elif base["tier"] is None:
        state = f"tier not assessed (own layers: {base['own_tier']})"
    else:
        state = f"tier {base['tier']}"
    if base["caps_at"] is not None:
        state += f"; caps {child} at {base['caps_at']}"
    if base["expanded_above"]:
        state += " (its lineage is listed above)"
    lines = [f"{'  ' * depth}- {base['name']} ({base['relation']}): {state}"]
    for parent in base["bases"]:
        lines += _base_lines(parent, depth + 1, base["name"])
    return lines


def render(report: dict[str, Any]) -> str:
    """The report of :func:`aimanifest.classify.build_report` as text."""
    lines = [
        f"{report['release']['name']} {report['release']['version']}  ({report['manifest']})",
        "",
    ]
    lines += _tier_lines(report)
    mof = report["mof"]
    lines.append(f"MOF         {'Class ' + mof['class'] if mof['class'] else 'no class'}")
    for mof_class, below in (("III", None), ("II", "III"), ("I", "II")):
        line = f"  Class {mof_class:<4} {progress_bar(mof['progress'][mof_class])}"
        covered = percent(mof["coverage"][mof_class])
        if below and percent(mof["progress"][mof_class]) != covered:
            line += f"  ({covered}% in place; counts once Class {below} is met)"
        lines.append(line)
    osaid = report["osaid"]
    lines.append(f"OSAID 1.0   {osaid['verdict']}")
    if report["next_tier"]:
        lines += ["", f"To reach {report['next_tier']}:"]
        lines += [f"  - {item}" for item in report["missing"]] or ["  (nothing listed)"]
    else:
        lines += ["", "Top of the ladder: every layer, dataset included, is open."]
    next_class = {None: "III", "III": "II", "II": "I"}.get(mof["class"])
    if next_class and mof["missing"].get(next_class):
        lines += ["", f"To reach MOF Class {next_class}:"]
        lines += [f"  - {item}" for item in mof["missing"][next_class]]
    if osaid["failures"]:
        lines += ["", "OSAID 1.0 fails on:"] + [f"  - {item}" for item in osaid["failures"]]
    if osaid["review"]:
        lines += ["", "OSAID 1.0 needs a human to judge:"]
        lines += [f"  - {item}" for item in osaid["review"]]
    if report["lineage"]:
        lines += ["", "Lineage:"]
        for base in report["lineage"]["bases"]:
            lines += _base_lines(base, 1)
    if report["licenses"]:
        lines += ["", "Licences:"]
        width = max(len(item["name"]) for item in report["licenses"])
        for item in report["licenses"]:
            source = ""
            if item["inherited_from"] == "release":
                source = "  (inherited from the release licence)"
            elif item["inherited_from"] == "layer":
                source = f"  (inherited from the {item['layer']} layer licence)"
            lines.append(
                f"  {item['name']:<{width}}  {item['kind']:<24} {item['expression'] or '-'}: "
                f"{item['status']}{source}"
            )
    # the MOF repeats the tier's type-appropriateness notes in its own words: list them once
    mof_notes = [note for note in mof["notes"] if "type-appropriate" not in note]
    notes = [*report["tier_notes"], *mof_notes, *osaid["notes"]]
    if notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in dict.fromkeys(notes)]
    if report["claims"]:
        lines += ["", "Claims:"]
        for claim in report["claims"]:
            verdict = _CLAIM_WORDS[claim["status"]]
            claimed, computed = claim["claimed"], claim["computed"] or "not assessed"
            lines.append(f"  - {claim['claim']}: {claimed} ({verdict}; computed: {computed})")
    # every line quotes manifest values (names, licences, reasons): shown inert, one line each
    return "".join(terminal(line) + "\n" for line in lines)
