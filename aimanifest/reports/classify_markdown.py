"""The ``classify`` report as Markdown, for pasting into a model card."""

from __future__ import annotations

from typing import Any


def render(report: dict[str, Any]) -> str:
    """The report of :func:`aimanifest.cli.classify_cmd.build_report` as Markdown."""
    mof = report["mof"]
    progress = ", ".join(f"Class {c}: {mof['progress'][c]}%" for c in ("III", "II", "I"))
    lines = [
        f"## Openness of {report['release']['name']} {report['release']['version']}",
        "",
        "| | verdict |",
        "|---|---|",
        f"| Openness tier | **{report['tier']}** |",
        f"| MOF class | {'Class ' + mof['class'] if mof['class'] else 'none'} ({progress}) |",
        f"| OSAID 1.0 | {report['osaid']['verdict']} |",
    ]
    if report["next_tier"] and report["missing"]:
        lines += ["", f"**To reach {report['next_tier']}:**", ""]
        lines += [f"- {item}" for item in report["missing"]]
    if report["licenses"]:
        lines += ["", "| component | kind | licence | status |", "|---|---|---|---|"]
        for item in report["licenses"]:
            inherited = f" (from the {item['inherited_from']})" if item["inherited_from"] else ""
            expression = f"`{item['expression']}`" if item["expression"] else "none"
            lines.append(
                f"| {item['name']} | {item['kind']} | {expression}{inherited} | {item['status']} |"
            )
    lines += [
        "",
        f"<sub>Computed by aimanifest {report['tool_version']} from `{report['manifest']}` "
        f"(spec {report['spec_version']}); see docs/verdicts.md for the rules.</sub>",
    ]
    return "\n".join(lines) + "\n"
