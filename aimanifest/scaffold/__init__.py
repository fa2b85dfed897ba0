"""Start a manifest from a model directory (``aimanifest init``).

A model repository already holds most of what the weights and runtime layers list: the files
themselves. The scaffold lists them as artifacts of components of the right kinds, with their
sizes and true digests (SHA-256, and SHA-1 so that an SPDX 2.3 export can list them), on top of
what the model card and the folder's configuration say (:mod:`aimanifest.importers.hf`, the
same conversion as ``aimanifest import --from hf``). What no directory can say (version, date,
the training pipeline, data information) becomes a placeholder and a warning.

The result must verify: ``aimanifest verify`` on the scaffold finds no mismatch and no missing
file; the files it could not place are reported by ``init`` and left out for the publisher.
Placing is linear in the number of files: components are found by name in an index, so a
folder of 12,000 checkpoints costs 12,000 steps, not 12,000 squared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, NamedTuple

from aimanifest.importers.common import ImportRun
from aimanifest.kinds import KINDS
from aimanifest.scaffold.recognize import (
    IGNORED_NAMES,
    LICENSE_GROUP,
    Recognition,
    format_of,
    recognize,
)

__all__ = ["FileFacts", "Scaffold", "build"]

_MAX_LISTED = 5
_TAKEN_BY_KIND = ("final-weights", "model-card")
"""Kinds whose component the card already made: the folder's files join it."""


class FileFacts(NamedTuple):
    """What ``init`` records of one file: its size and digests keyed by schema algorithm."""

    size: int
    digests: Mapping[str, str]


class Scaffold(NamedTuple):
    """The scaffolded manifest data and what the publisher must review."""

    data: dict[str, Any]
    warnings: list[str]
    left_out: list[str]
    """Relative paths of files no rule recognised."""


class _Placer:
    """Puts each recognised file into its component, making the component on first use."""

    def __init__(
        self, data: MutableMapping[str, Any], run: ImportRun, *, index_artifacts: bool = False
    ) -> None:
        """``index_artifacts``: files join the component already holding their group's files
        (``update`` adds a new shard beside the others, not in a new component)."""
        self.data = data
        self.run = run
        self.base = str(data["weights"]["components"][0]["name"])
        self.groups: dict[tuple[str, str], MutableMapping[str, Any]] = {}
        for layer in ("weights", "runtime", "training", "data", "documentation"):
            for component in (data.get(layer) or {}).get("components") or []:
                run.claim(component["name"])
                if component["kind"] in _TAKEN_BY_KIND:
                    self.groups.setdefault((component["kind"], ""), component)
                for artifact in component.get("artifacts") or [] if index_artifacts else []:
                    found = recognize(str(artifact.get("path", "")))
                    if found is not None and found.kind == component["kind"]:
                        self.groups.setdefault(self._key(found), component)

    def _name(self, recognition: Recognition) -> str:
        group = recognition.group
        if group.startswith("checkpoint:"):
            return f"{self.base}-{group.split(':', 1)[1]}"
        return f"{self.base}-{group}"

    @staticmethod
    def _key(recognition: Recognition) -> tuple[str, str]:
        if recognition.kind in _TAKEN_BY_KIND:
            return (recognition.kind, "")
        return (recognition.kind, recognition.group)

    def place(self, recognition: Recognition, artifact: dict[str, Any]) -> MutableMapping[str, Any]:
        """Add ``artifact`` to its component (made on first use); the component."""
        kind = KINDS[recognition.kind]
        key = self._key(recognition)
        component = self.groups.get(key)
        if component is None:
            component = {
                "name": self.run.name(self._name(recognition), where=artifact["path"]),
                "kind": recognition.kind,
                "availability": "open",
            }
            if kind.layer == "data":
                role = "evaluation" if recognition.kind == "evaluation-data" else "pre-training"
                component["dataset"] = {"role": role, "data_class": "open"}
            layer = self.data.setdefault(kind.layer, {"components": []})
            layer.setdefault("components", []).append(component)
            self.groups[key] = component
        component.setdefault("artifacts", []).append(artifact)
        return component


def build(
    paths: Sequence[str],
    facts: Callable[[Sequence[str]], Mapping[str, FileFacts]],
    *,
    data: dict[str, Any],
    run: ImportRun,
) -> Scaffold:
    """Place the folder's files (``paths``, relative, ``/``-separated) into ``data``.

    ``data`` is the conversion of the model card (or of an empty one); ``facts`` hashes the
    recognised files (a parameter so that hashing runs in parallel, with progress, where the
    caller decides).
    """
    recognized: dict[str, Recognition] = {}
    left_out: list[str] = []
    for path in sorted(paths):
        found = recognize(path)
        if found is not None:
            recognized[path] = found
        elif path.rsplit("/", 1)[-1] not in IGNORED_NAMES:
            left_out.append(path)
    has_weights = any(
        r.kind == "final-weights" and r.group != LICENSE_GROUP for r in recognized.values()
    )
    if not has_weights:
        for path in [p for p, r in recognized.items() if r.group == LICENSE_GROUP]:
            del recognized[path]
            left_out.append(path)
            run.warn(f"{path}: a licence text, but no weight files to list it with: left out")
    measured = facts(list(recognized))
    placer = _Placer(data, run)
    for path, recognition in recognized.items():
        artifact: dict[str, Any] = {"path": path, "size": measured[path].size}
        file_format = format_of(path)
        if file_format:
            artifact["format"] = file_format
        artifact["digests"] = dict(measured[path].digests)
        placer.place(recognition, artifact)
    _tidy(data, run, has_weights=has_weights)
    if any(KINDS[found.kind].layer == "data" for found in recognized.values()):
        run.warn(
            "data files were listed with role and data class guessed: complete their data "
            "information (provenance, scope, collection, labeling, processing)"
        )
    if left_out:
        left_out.sort()
        shown = ", ".join(left_out[:_MAX_LISTED])
        more = f" and {len(left_out) - _MAX_LISTED} more" if len(left_out) > _MAX_LISTED else ""
        run.warn(
            f"{len(left_out)} file(s) not recognised, left out: {shown}{more}; "
            "list them in a component (verify reports them as unlisted)"
        )
    return Scaffold(data, run.warnings, left_out)


def _tidy(data: dict[str, Any], run: ImportRun, *, has_weights: bool) -> None:
    """Say what the scaffold could not know, and keep the manifest schema-valid."""
    weights = data["weights"]["components"][0]
    if not has_weights and "location" not in weights:
        weights["availability"] = "unreleased"
        run.warn(
            "no weight files found: a final-weights component with availability "
            "'unreleased' was written; give its location or artifacts if it is published"
        )
    if "training" not in data:
        run.warn(
            "nothing says how the model was trained: describe the training code and data "
            "(even as 'unreleased'), or the verdicts cannot go beyond open weights"
        )
    for layer in ("runtime", "training", "data", "documentation"):
        if layer in data:
            # schema order: layers after the release and lineage, in the ladder's order
            data[layer] = data.pop(layer)
    for key in ("custom_licenses",):
        if key in data:
            data[key] = data.pop(key)
