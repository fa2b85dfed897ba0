"""How the tier reads one training dataset: its data information, and whether it is open.

Two questions the ladder asks of every training dataset (docs/verdicts.md, sections 3.1, 3.2
and "Spec 1.1 facts"):

* ``open-source-ai``: is the data information complete, and is every shareable part listed
  with where to get it? (:func:`data_information_gaps`, which the OSAID verdict shares)
* ``fully-open``: is the dataset itself open, every part of it and every licence its items
  carry? (:func:`dataset_not_open`)

Spec 1.0 datasets are one block with one availability and one licence. Spec 1.1 adds three
facts that change the answers, each read here and nowhere else:

* ``data_class: undisclosed``: nothing is said about the data, so no data information is
  possible and the release cannot be ``open-source-ai``, however many fields are filled;
* ``parts``: a dataset partly available (600B of 5T tokens open): it is open only when every
  part is, and each shareable part must say where to get it;
* ``item_licenses``: items under many licences (The Pile, The Stack): the dataset is as open
  as its least open known share, and an unknown rest (``NOASSERTION``) blocks ``fully-open``
  but not ``open-source-ai``, which asks for information, not for open data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aimanifest.data import ComponentData
    from aimanifest.verdicts.tier import LicensedComponent

DATA_INFORMATION_FIELDS = ("provenance", "scope", "collection", "labeling", "processing")
"""The OSAID 1.0's "complete description" of a training dataset, one field per element it names
(``data_class`` is the schema's and always present). Size and personal data are recommended,
not required: the OSAID text names neither."""

SHAREABLE = ("open", "public", "obtainable")
"""Data classes whose data others can get: the OSAID asks that each be listed with where."""

_NO_LICENCE = ("NOASSERTION",)


def text(dataset: Mapping[str, Any], key: str) -> str:
    """A data-information field as stripped text, empty when absent or blank."""
    value = dataset.get(key)
    return value.strip() if isinstance(value, str) else ""


def is_located(component: Mapping[str, Any]) -> bool:
    """Whether a component (or a dataset part) says where to get it: a URL, a repository, or
    listed files."""
    location = component.get("location") or {}
    return bool(location.get("url") or location.get("repository") or component.get("artifacts"))


def percent(fraction: float) -> str:
    """A share as people write it: 0.12 is "12%", 0.005 is "0.5%"."""
    return f"{fraction * 100:.3g}%"


def _share(entry: Mapping[str, Any]) -> str:
    share = entry.get("share")
    return f" ({percent(share)} of the dataset)" if isinstance(share, (int, float)) else ""


def data_information_gaps(item: LicensedComponent) -> list[str]:
    """What a training dataset lacks for OSAID-complete data information (shared with OSAID).

    Every dataset needs the description fields; open, public and obtainable data must also be
    listed with where to get it (the OSAID's listings), part by part when the dataset has
    parts; unshareable data needs the description only, since nobody can get it. Undisclosed
    data (spec 1.1) can never be complete: its one gap says so, and the OSAID verdict reads it
    as a failure of Data information.
    """
    dataset: Mapping[str, Any] = item.data.get("dataset") or {}
    data_class = dataset.get("data_class", "unshareable")
    if data_class == "undisclosed":
        return [
            f"{item.label}: its contents are undisclosed (data_class: undisclosed): "
            "no data information is possible"
        ]
    problems: list[str] = []
    lacking = [key for key in DATA_INFORMATION_FIELDS if not text(dataset, key)]
    if lacking:
        problems.append(f"{item.label}: data information lacks {', '.join(lacking)}")
    parts: list[Mapping[str, Any]] = dataset.get("parts") or []
    if not parts:
        problems.extend(_listing_gap(item, data_class, dataset, item.data, ""))
        return problems
    for part in parts:
        part_class = part.get("data_class", data_class)
        name = f"part '{part['name']}'"
        if part_class == "undisclosed":
            problems.append(
                f"{item.label}: {name} is undisclosed (data_class: undisclosed): "
                "no data information is possible for it"
            )
        else:
            problems.extend(_listing_gap(item, part_class, dataset, item.data, name, part))
    return problems


def _listing_gap(
    item: LicensedComponent,
    data_class: str,
    dataset: Mapping[str, Any],
    component: ComponentData | Mapping[str, Any],
    name: str,
    part: Mapping[str, Any] | None = None,
) -> list[str]:
    """The OSAID listing of shareable data: how to obtain it and a place, else nothing."""
    if data_class not in SHAREABLE:
        return []
    own = part or {}
    where = (
        [] if text(own, "how_to_obtain") or text(dataset, "how_to_obtain") else ["how_to_obtain"]
    )
    if not is_located(own) and not is_located(component):
        where.append("a location (url or repository) or artifacts")
    if not where:
        return []
    what = f"{name} ({data_class} data)" if name else f"{data_class} data"
    return [f"{item.label}: {what} not listed with where to get it: lacks {' and '.join(where)}"]


def dataset_not_open(item: LicensedComponent) -> list[str]:
    """Why a training dataset is not itself open (what ``fully-open`` asks), one line each.

    A 1.0 dataset is open when its component is (available and licensed). With spec 1.1 facts:
    every part must be openly available, under an open licence when it names its own, and the
    parts with shares must cover the whole; with ``item_licenses`` every known licence must be
    open and no rest may be unknown, and the component's own licence, when one is stated, is
    that of the collection and must be open too.
    """
    from aimanifest.licenses import classify_license

    dataset: Mapping[str, Any] = item.data.get("dataset") or {}
    parts: list[Mapping[str, Any]] = dataset.get("parts") or []
    items: list[Mapping[str, Any]] = dataset.get("item_licenses") or []
    whole: list[str] = []  # what is wrong with the dataset as a whole: one line, as in 1.0
    if item.availability != "open" and all(part["availability"] == "open" for part in parts):
        whole.append(f"not openly available (availability: {item.availability})")
    licence_open = item.verdict.status == "open"
    if items:  # the component's licence is the collection's, when one is stated
        stated = item.source != "none" and item.expression.upper() not in _NO_LICENCE
        if stated and not licence_open:
            whole.append("the collection's " + item.licence_words())
    elif not parts and not licence_open:
        whole.append(item.licence_words())
    reasons = [f"{item.label}: " + "; ".join(whole)] if whole else []
    for entry in items:
        expression = entry["license"]
        some = f"{percent(entry['share'])} of its items" if "share" in entry else "some items"
        if expression.upper() in _NO_LICENCE:
            reasons.append(
                f"{item.label}: {some} are under unknown licences (NOASSERTION): an unknown "
                "rest keeps the dataset from being open"
            )
            continue
        status = classify_license(expression, "data").status
        if status != "open":
            reasons.append(
                f"{item.label}: {some} are under {expression}, which is {status}: a dataset is "
                "as open as its least open items"
            )
    for part in parts:
        why: list[str] = []
        if part["availability"] != "open":
            why.append(f"not openly available (availability: {part['availability']})")
        if "license" in part:
            status = classify_license(part["license"], "data").status
            if status != "open":
                why.append(f"licence {part['license']} is {status}")
        elif not items and not licence_open:  # the part has the dataset's licence
            why.append(f"{item.licence_words()} (it has the dataset's licence)")
        if why:
            reasons.append(f"{item.label}: part '{part['name']}'{_share(part)}: " + "; ".join(why))
    shares = [part["share"] for part in parts if "share" in part]
    covered = math.fsum(shares)
    if parts and len(shares) == len(parts) and covered < 1 - 1e-9:
        reasons.append(
            f"{item.label}: its parts cover {percent(covered)} of the dataset: the rest is not "
            "described, so it cannot be open"
        )
    return reasons
