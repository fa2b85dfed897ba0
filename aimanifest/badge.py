"""An SVG badge of the openness tier, for README files and model cards.

Flat, two-part badges in the style README readers know ("openness | open-weights"), built
from a fixed template so that the same tier always gives byte-identical SVG. Text widths are
estimated from per-character advance widths of Verdana 11px (the usual badge font), which is
close enough for short labels and needs no font file.
"""

from __future__ import annotations

from html import escape

from aimanifest.data import Tier

TIER_COLOURS: dict[Tier, str] = {
    "closed": "#9f9f9f",
    "weights-available": "#e05d44",
    "open-weights": "#fe7d37",
    "open-pipeline": "#dfb317",
    "open-source-ai": "#97ca00",
    "fully-open": "#4c1",
}
"""Grey for closed, then red to bright green up the ladder."""
NOT_ASSESSED = "not assessed"
"""What the badge says when a base that could lower the tier is unverified."""
NOT_ASSESSED_COLOUR = "#6e7781"
"""A darker grey than closed's: no tier is claimed at all."""

_NARROW = set("fijlrt.,:;!|'()[] ")
_WIDE = set("mwMW@%")


def _text_width(text: str) -> int:
    """Approximate rendered width in pixels of ``text`` in Verdana 11px."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 3.9
        elif char in _WIDE:
            width += 10.7
        elif char.isupper() or char.isdigit():
            width += 7.6
        else:
            width += 6.9
    return round(width)


def tier_badge(tier: Tier | None, label: str = "openness") -> str:
    """The SVG document of a badge showing ``tier``, or "not assessed" for None.

    A badge never shows a tier the verified facts do not support: with an unverified base
    that could lower it, the tier is None and the badge says so.
    """
    value = NOT_ASSESSED if tier is None else tier
    colour = NOT_ASSESSED_COLOUR if tier is None else TIER_COLOURS[tier]
    left = _text_width(label) + 10
    right = _text_width(value) + 10
    total = left + right
    title = escape(f"{label}: {value}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" '
        f'role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%">'
        '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        '<g clip-path="url(#r)">'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2:g}" y="15" fill="#010101" fill-opacity=".3">{escape(label)}</text>'
        f'<text x="{left / 2:g}" y="14">{escape(label)}</text>'
        f'<text x="{left + right / 2:g}" y="15" fill="#010101" fill-opacity=".3">'
        f"{escape(value)}</text>"
        f'<text x="{left + right / 2:g}" y="14">{escape(value)}</text>'
        "</g></svg>\n"
    )
