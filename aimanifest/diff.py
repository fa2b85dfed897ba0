"""Openness changes between two versions of a manifest, and which of them are regressions.

A pull request that changes ``aimanifest.yaml`` can quietly make a release less open: a RAIL
licence replacing Apache-2.0 on the weights, a dataset made unavailable, a base swapped for a
restricted one. :func:`diff` compares two :class:`Snapshot` s (a manifest with its computed
verdicts) and returns every change, each marked as a regression when something becomes less
open, so that CI can fail the change (``aimanifest diff --fail-on-regression``).

What is compared, and what counts as less open:

* the verdicts: own tier, effective tier (a tier that becomes "not assessed" is a regression),
  MOF class and the progress of each class, OSAID verdict (pass > needs-review > fail);
* each component, matched by layer and name: its licence (a lower licence class is a
  regression: open > restricted > proprietary > unknown > none), its availability (open >
  gated > paid > unshareable > unreleased), its location and its artifacts' digests (reported,
  never regressions: moving or re-hashing a file makes nothing less open); components added
  and removed (reported; what a removal costs shows in the verdicts);
* the lineage: bases added, removed or with another relation, and a base whose tier drops.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from aimanifest.data import TIERS
from aimanifest.kinds import LAYERS

__all__ = ["Change", "Snapshot", "diff", "regressions", "snapshot"]

MOF_ORDER = (None, "III", "II", "I")
OSAID_ORDER = ("fail", "needs-review", "pass")
LICENCE_ORDER = ("none", "unknown", "proprietary", "restricted", "open")
AVAILABILITY_ORDER = ("undisclosed", "unreleased", "unshareable", "paid", "gated", "open")


class Snapshot(NamedTuple):
    """One version of a manifest: where it came from, its data and its verdicts."""

    label: str
    """How messages name it: a path, or ``git:REV:PATH``."""
    data: Mapping[str, Any]
    verdicts: Mapping[str, Any]
    """``Verdicts.as_json()``."""


class Change(NamedTuple):
    """One difference in openness between two snapshots."""

    subject: str
    """``release``, a component (``weights/tern-7b``), or ``lineage/<base>``."""
    aspect: str
    """What changed: ``tier``, ``effective-tier``, ``mof-class``, ``mof-progress-I``, ``osaid``,
    ``licence``, ``availability``, ``location``, ``artifacts``, ``added``, ``removed``,
    ``relation``, ``base-tier``."""
    old: Any
    new: Any
    regression: bool
    message: str

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


def snapshot(label: str, data: Mapping[str, Any], manifest_path: str | None) -> Snapshot:
    """The snapshot of schema-valid ``data``; lineage is read relative to ``manifest_path``."""
    from aimanifest.data import as_manifest
    from aimanifest.verdicts import evaluate

    return Snapshot(label, data, evaluate(as_manifest(data), manifest_path).as_json())


def _rank(order: tuple[Any, ...], value: Any) -> int:
    return order.index(value) if value in order else -1


def _ranked(
    subject: str, aspect: str, order: tuple[Any, ...], old: Any, new: Any, words: str
) -> Change | None:
    if old == new:
        return None
    worse = _rank(order, new) < _rank(order, old)
    direction = (
        "less open"
        if worse
        else "more open"
        if _rank(order, new) > _rank(order, old)
        else "changed"
    )
    return Change(
        subject,
        aspect,
        old,
        new,
        worse,
        f"{subject}: {words} {_show(old)} -> {_show(new)} ({direction})",
    )


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or "none"
    return str(value)


def _verdict_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    tiers = (None, *TIERS)  # None: not assessed, below every tier
    found = [
        _ranked("release", "tier", tiers, old.get("own_tier"), new.get("own_tier"), "own tier"),
        _ranked(
            "release", "effective-tier", tiers, old.get("tier"), new.get("tier"), "effective tier"
        ),
        _ranked(
            "release",
            "mof-class",
            MOF_ORDER,
            old["mof"]["class"],
            new["mof"]["class"],
            "MOF class",
        ),
        _ranked(
            "release",
            "osaid",
            OSAID_ORDER,
            old["osaid"]["verdict"],
            new["osaid"]["verdict"],
            "OSAID 1.0 verdict",
        ),
    ]
    from aimanifest.verdicts.mof import percent

    for mof_class in ("III", "II", "I"):
        before = percent(old["mof"]["progress"].get(mof_class, 0))
        after = percent(new["mof"]["progress"].get(mof_class, 0))
        if before != after:
            worse = after < before
            found.append(
                Change(
                    "release",
                    f"mof-progress-{mof_class}",
                    before,
                    after,
                    worse,
                    f"release: MOF Class {mof_class} progress {before}% -> {after}% "
                    f"({'less open' if worse else 'more open'})",
                )
            )
    return [change for change in found if change is not None]


def _components(snap: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    licences = {(item["layer"], item["name"]): item for item in snap.verdicts.get("licenses", [])}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for layer in LAYERS:
        body = snap.data.get(layer)
        if not isinstance(body, Mapping):
            continue
        for component in body.get("components", []):
            key = (layer, component["name"])
            found[key] = {"component": component, "licence": licences.get(key, {})}
    return found


def _digests(component: Mapping[str, Any]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    return sorted(
        (
            str(artifact.get("path") or artifact.get("uri")),
            tuple(sorted((artifact.get("digests") or {}).items())),
        )
        for artifact in component.get("artifacts", [])
    )


def _component_changes(old: Snapshot, new: Snapshot) -> list[Change]:
    before, after = _components(old), _components(new)
    changes: list[Change] = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (LAYERS.index(k[0]), k[1])):
        subject = f"{key[0]}/{key[1]}"
        if key not in after:
            kind = before[key]["component"]["kind"]
            changes.append(
                Change(subject, "removed", kind, None, False, f"{subject}: removed ({kind})")
            )
            continue
        if key not in before:
            kind = after[key]["component"]["kind"]
            changes.append(
                Change(subject, "added", None, kind, False, f"{subject}: added ({kind})")
            )
            continue
        was, now = before[key], after[key]
        old_licence, new_licence = was["licence"], now["licence"]
        if (old_licence.get("expression"), old_licence.get("status")) != (
            new_licence.get("expression"),
            new_licence.get("status"),
        ):
            worse = _rank(LICENCE_ORDER, new_licence.get("status")) < _rank(
                LICENCE_ORDER, old_licence.get("status")
            )
            changes.append(
                Change(
                    subject,
                    "licence",
                    old_licence.get("expression"),
                    new_licence.get("expression"),
                    worse,
                    f"{subject}: licence {old_licence.get('expression')} "
                    f"({old_licence.get('status')}) -> {new_licence.get('expression')} "
                    f"({new_licence.get('status')})" + (" (less open)" if worse else ""),
                )
            )
        ranked = _ranked(
            subject,
            "availability",
            AVAILABILITY_ORDER,
            was["component"]["availability"],
            now["component"]["availability"],
            "availability",
        )
        if ranked is not None:
            changes.append(ranked)
        if was["component"].get("location") != now["component"].get("location"):
            changes.append(
                Change(
                    subject,
                    "location",
                    was["component"].get("location"),
                    now["component"].get("location"),
                    False,
                    f"{subject}: location changed",
                )
            )
        if _digests(was["component"]) != _digests(now["component"]):
            changes.append(
                Change(
                    subject,
                    "artifacts",
                    None,
                    None,
                    False,
                    f"{subject}: artifacts or digests changed",
                )
            )
    return changes


def _bases(snap: Snapshot) -> dict[str, dict[str, Any]]:
    lineage = snap.verdicts.get("lineage") or {}
    return {base["name"]: base for base in lineage.get("bases", [])}


def _lineage_changes(old: Snapshot, new: Snapshot) -> list[Change]:
    before, after = _bases(old), _bases(new)
    changes: list[Change] = []
    for name in sorted(before.keys() | after.keys()):
        subject = f"lineage/{name}"
        if name not in after:
            changes.append(
                Change(
                    subject,
                    "removed",
                    before[name]["relation"],
                    None,
                    False,
                    f"{subject}: base removed",
                )
            )
            continue
        if name not in before:
            changes.append(
                Change(
                    subject,
                    "added",
                    None,
                    after[name]["relation"],
                    False,
                    f"{subject}: base added ({after[name]['relation']})",
                )
            )
            continue
        if before[name]["relation"] != after[name]["relation"]:
            changes.append(
                Change(
                    subject,
                    "relation",
                    before[name]["relation"],
                    after[name]["relation"],
                    False,
                    f"{subject}: relation {before[name]['relation']} -> {after[name]['relation']}",
                )
            )
        ranked = _ranked(
            subject,
            "base-tier",
            (None, *TIERS),
            before[name].get("tier"),
            after[name].get("tier"),
            "base tier",
        )
        if ranked is not None:
            changes.append(ranked)
    return changes


def diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every openness change from ``old`` to ``new``: the verdicts, then the components, then
    the lineage. Empty for two snapshots of the same manifest."""
    return [
        *_verdict_changes(old.verdicts, new.verdicts),
        *_component_changes(old, new),
        *_lineage_changes(old, new),
    ]


def regressions(changes: list[Change]) -> list[Change]:
    """The changes that make the release less open."""
    return [change for change in changes if change.regression]
