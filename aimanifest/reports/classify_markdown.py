"""The ``classify`` report as Markdown, for pasting into a model card."""

from __future__ import annotations

from typing import Any

from aimanifest.escape import markdown as md
from aimanifest.verdicts.mof import percent


def _figure(mof: dict[str, Any], mof_class: str) -> str:
    """``Class II: 0%`` as the MOT shows it, with the share in place when that differs."""
    shown, covered = percent(mof["progress"][mof_class]), percent(mof["coverage"][mof_class])
    extra = f" ({covered}% in place)" if covered != shown else ""
    return f"Class {mof_class}: {shown}%{extra}"


def _tier(report: dict[str, Any]) -> str:
    """The tier cell: never a tier the verified facts do not support."""
    if report["tier"] is None:
        return (
            f"**not assessed** (own layers: {report['own_tier']}; a base it derives from is "
            f"not verified: at least {report['tier_range']['at_least']})"
        )
    if report["own_tier"] != report["tier"]:
        return f"**{report['tier']}** (own layers: {report['own_tier']}, capped by the lineage)"
    return f"**{report['tier']}**"


def render(report: dict[str, Any]) -> str:
    """The report of :func:`aimanifest.classify.build_report` as Markdown."""
    mof = report["mof"]
    progress = ", ".join(_figure(mof, c) for c in ("III", "II", "I"))
    lines = [
        f"## Openness of {md(report['release']['name'])} {md(report['release']['version'])}",
        "",
        "| | verdict |",
        "|---|---|",
        f"| Openness tier | {_tier(report)} |",
        f"| MOF class | {'Class ' + mof['class'] if mof['class'] else 'none'} ({progress}) |",
        f"| OSAID 1.0 | {report['osaid']['verdict']} |",
    ]
    if report["next_tier"] and report["missing"]:
        lines += ["", f"**To reach {report['next_tier']}:**", ""]
        lines += [f"- {md(item)}" for item in report["missing"]]
    if report["licenses"]:
        lines += ["", "| component | kind | licence | status |", "|---|---|---|---|"]
        for item in report["licenses"]:
            inherited = f" (from the {item['inherited_from']})" if item["inherited_from"] else ""
            expression = md(item["expression"]) if item["expression"] else "none"
            name = md(item["name"])
            lines.append(
                f"| {name} | {item['kind']} | {expression}{inherited} | {item['status']} |"
            )
    lines += [
        "",
        f"<sub>Computed by aimanifest {report['tool_version']} from {md(report['manifest'])} "
        f"(spec {report['spec_version']}); see docs/verdicts.md for the rules.</sub>",
    ]
    return "\n".join(lines) + "\n"
