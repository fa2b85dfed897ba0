"""``aimanifest report``: one self-contained HTML page of a release's verdicts.

What a publisher, a reviewer or a registry visitor looks at: the tier ladder with the
release's rung, every component of the four layers and the documentation with its licence
class (in colour and in words, never colour alone), availability, location and digests, the
MOF class with progress, the OSAID checklist with what fails, the lineage as a small tree of
ancestors with their tiers, and what the next rung needs.

Manifests are untrusted input, so the page is built by Jinja2 with autoescaping on (every value
is text, never markup), only ``http``/``https`` locations become links (``javascript:`` and
``data:`` URLs stay inert text), and the page carries a Content-Security-Policy that allows no
script, no network and no external resource at all: it works from ``file://``, offline. The
styles are inline; light and dark follow the reader's system; it reads on a phone.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from aimanifest.data import TIERS
from aimanifest.kinds import KINDS, LAYERS

TEMPLATE = "report.html.j2"

LICENCE_WORDS = {
    "open": "open licence",
    "restricted": "restricted licence",
    "proprietary": "proprietary licence",
    "none": "no licence granted",
    "unknown": "terms unknown",
}
"""The licence class in words: the report never says it by colour alone."""

AVAILABILITY_WORDS = {
    "open": "openly available",
    "gated": "gated: on request or after accepting terms",
    "paid": "for a fee",
    "unshareable": "exists, cannot be shared",
    "unreleased": "not released",
    "undisclosed": "not disclosed",
}

TIER_WORDS = {
    "closed": "final weights not publicly released",
    "weights-available": "weights downloadable under restricted terms or behind a gate",
    "open-weights": "open weights, inference code and architecture",
    "open-pipeline": "plus open training, data-processing and evaluation code",
    "open-source-ai": "plus complete data information for every training dataset",
    "fully-open": "plus every training dataset released under an open licence",
}


def safe_url(value: Any) -> str | None:
    """``value`` if it is an ``http``/``https`` URL a link may point to, else None."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value.strip()
    return None


def _human_size(size: Any) -> str | None:
    if not isinstance(size, int) or isinstance(size, bool):
        return None
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit} ({size:,} bytes)"
        value /= 1000
    return None


def _location(component: Mapping[str, Any]) -> dict[str, Any] | None:
    location = component.get("location")
    if not isinstance(location, Mapping):
        return None
    url = location.get("url") or location.get("repository")
    return {
        "text": url or "",
        "href": safe_url(url),
        "revision": location.get("revision"),
        "path": location.get("path"),
    }


def _artifacts(component: Mapping[str, Any], limit: int) -> tuple[list[dict[str, Any]], int]:
    found = component.get("artifacts") or []
    shown = []
    for artifact in found[:limit]:
        where = artifact.get("path") or artifact.get("uri")
        shown.append(
            {
                "where": where,
                "href": None if artifact.get("path") else safe_url(artifact.get("uri")),
                "size": _human_size(artifact.get("size")),
                "format": artifact.get("format"),
                "digests": sorted((artifact.get("digests") or {}).items()),
            }
        )
    return shown, max(len(found) - limit, 0)


def _lineage(bases: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": base.get("name"),
            "relation": base.get("relation"),
            "tier": base.get("tier"),
            "verified": bool(base.get("verified")),
            "reason": base.get("reason"),
            "bases": _lineage(base.get("bases") or []),
        }
        for base in bases
    ]


def percent(value: Any) -> int:
    """A progress figure as the reports show it (the MOT's rounding)."""
    from aimanifest.verdicts.mof import percent as mot_percent

    return mot_percent(float(value)) if isinstance(value, (int, float)) else 0


def report_view(
    data: Mapping[str, Any],
    verdicts: Mapping[str, Any],
    *,
    source: str,
    tool_version: str,
    artifact_limit: int = 50,
) -> dict[str, Any]:
    """Everything the template shows, as plain values (the template only lays it out).

    ``verdicts`` is ``Verdicts.as_json()``; ``data`` the schema-valid manifest. Components
    with thousands of artifacts list the first ``artifact_limit`` and count the rest.
    """
    release = data.get("release", {})
    licences = {(item["layer"], item["name"]): item for item in verdicts.get("licenses", [])}
    layers = []
    for layer in LAYERS:
        body = data.get(layer)
        if not isinstance(body, Mapping):
            continue
        components = []
        for component in body.get("components", []):
            licence = licences.get((layer, component.get("name")), {})
            status = licence.get("status", "unknown")
            artifacts, more = _artifacts(component, artifact_limit)
            kind = KINDS.get(str(component.get("kind")))
            components.append(
                {
                    "name": component.get("name"),
                    "kind": component.get("kind"),
                    "content_type": kind.content_type if kind else None,
                    "description": component.get("description"),
                    "licence": licence.get("expression") or "NOASSERTION",
                    "licence_class": status,
                    "licence_words": LICENCE_WORDS.get(status, status),
                    "licence_source": licence.get("inherited_from"),
                    "availability": component.get("availability"),
                    "availability_words": AVAILABILITY_WORDS.get(
                        str(component.get("availability")), str(component.get("availability"))
                    ),
                    "location": _location(component),
                    "artifacts": artifacts,
                    "more_artifacts": more,
                    "dataset": component.get("dataset"),
                }
            )
        layers.append({"name": layer, "components": components})
    effective = verdicts.get("tier")
    own = verdicts.get("own_tier")
    reached = TIERS.index(effective) if effective in TIERS else -1
    links = release.get("links") if isinstance(release.get("links"), Mapping) else {}
    publisher = release.get("publisher") if isinstance(release.get("publisher"), Mapping) else {}
    mof = verdicts.get("mof", {})
    next_class = {None: "III", "III": "II", "II": "I"}.get(mof.get("class"))
    lineage = verdicts.get("lineage") or {}
    return {
        "release": {
            "name": release.get("name"),
            "version": release.get("version"),
            "date": release.get("date"),
            "description": release.get("description"),
            "publisher": publisher.get("name"),
            "publisher_href": safe_url(publisher.get("url")),
            "links": [(key, value, safe_url(value)) for key, value in sorted(links.items())],
            "licence": release.get("license"),
        },
        "tier": effective,
        "own_tier": own,
        "assessed": effective in TIERS,
        "ladder": [
            {
                "tier": tier,
                "words": TIER_WORDS[tier],
                "reached": index <= reached,
                "current": tier == effective,
                "own": tier == own and own != effective,
            }
            for index, tier in enumerate(TIERS)
        ],
        "next_tier": verdicts.get("next_tier"),
        "missing": verdicts.get("missing", []),
        "layers": layers,
        "tier_range": verdicts.get("tier_range"),
        "mof": {
            "class": mof.get("class"),
            "progress": [
                (
                    mof_class,
                    percent(mof.get("progress", {}).get(mof_class, 0)),
                    percent(mof.get("coverage", {}).get(mof_class, 0)),
                )
                for mof_class in ("III", "II", "I")
            ],
            "next_class": next_class,
            "missing": mof.get("missing", {}).get(next_class, []) if next_class else [],
            "notes": mof.get("notes", []),
        },
        "osaid": verdicts.get("osaid", {}),
        "lineage": _lineage(lineage.get("bases", [])),
        "claims": verdicts.get("claims", []),
        "notes": verdicts.get("tier_notes", []),
        "source": source,
        "tool_version": tool_version,
        "spec_version": data.get("aimanifest"),
    }


@functools.cache
def _environment() -> Any:
    """The one Jinja2 environment: autoescaping on for every template, unknown names an error."""
    import jinja2

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(here, "resources", "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render a bundled template (``resources/templates``), streaming its iterables."""
    return "".join(_environment().get_template(name).generate(**context))


def render_html(view: Mapping[str, Any]) -> str:
    """The page for a :func:`report_view`."""
    return render_template(TEMPLATE, **view)
