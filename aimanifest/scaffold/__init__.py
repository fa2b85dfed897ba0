"""Start a manifest from a model directory (``aimanifest init``).

A model repository already holds most of what the weights and runtime layers list: the files
themselves. The scaffold lists them as artifacts of components of the right kinds, with their
sizes and true digests (SHA-256, and SHA-1 so that an SPDX 2.3 export can list them), and takes
what the Hugging Face model card's metadata says (licence, base models, datasets, gating) when
there is one. What no directory can say (version, date, the training pipeline, data
information) becomes a placeholder and a warning, exactly as ``aimanifest import`` does, so the
publisher knows what to complete before the verdicts mean anything.

The result must verify: ``aimanifest verify`` on the scaffold finds no mismatch and no missing
file; the files it could not place are reported by ``init`` and left out for the publisher.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from aimanifest.importers.common import PLACEHOLDER_DATE, PLACEHOLDER_VERSION, slug
from aimanifest.kinds import KINDS
from aimanifest.scaffold.recognize import IGNORED_NAMES, Recognition, format_of, recognize
from aimanifest.spec import LATEST

__all__ = ["FileFacts", "Scaffold", "build"]

_MAX_LISTED = 5


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


def _skeleton(name: str, warnings: list[str]) -> dict[str, Any]:
    """The manifest of a directory without a model card: identity placeholders only."""
    warnings.append(f"no version known: '{PLACEHOLDER_VERSION}' written, replace it")
    warnings.append(f"no release date known: {PLACEHOLDER_DATE} written, replace it")
    warnings.append("publisher unknown: 'unknown' written, replace it (or pass --repo-id)")
    warnings.append("no licence known (no model card metadata): add release.license")
    return {
        "aimanifest": LATEST,
        "release": {
            "name": name,
            "version": PLACEHOLDER_VERSION,
            "date": PLACEHOLDER_DATE,
            "publisher": {"name": "unknown"},
        },
        "weights": {"components": []},
    }


def _component_name(base: str, kind: str, group: str) -> str:
    if kind == "final-weights":
        return base
    if group.startswith("checkpoint:"):
        return f"{base}-{slug(group.split(':', 1)[1])}"
    return f"{base}-{group}"


def _place(
    data: dict[str, Any],
    base: str,
    recognition: Recognition,
    artifact: dict[str, Any],
) -> None:
    """Add ``artifact`` to the component its recognition names, creating it if needed."""
    kind = KINDS[recognition.kind]
    layer = data.setdefault(kind.layer, {"components": []})
    components: list[dict[str, Any]] = layer.setdefault("components", [])
    name = _component_name(base, recognition.kind, recognition.group)
    # a component the model card already produced (the weights, the card) takes the files
    existing = next(
        (
            c
            for c in components
            if c["name"] == name
            or (c["kind"] == recognition.kind and c["kind"] in ("final-weights", "model-card"))
        ),
        None,
    )
    if existing is None:
        existing = {"name": name, "kind": recognition.kind, "availability": "open"}
        if kind.layer == "data":
            existing["dataset"] = {
                "role": "evaluation" if recognition.kind == "evaluation-data" else "pre-training",
                "data_class": "open",
            }
        components.append(existing)
    existing.setdefault("artifacts", []).append(artifact)


def build(
    root: str,
    paths: Sequence[str],
    facts: Callable[[Sequence[str]], Mapping[str, FileFacts]],
    *,
    name: str | None = None,
    card: tuple[dict[str, Any], list[str]] | None = None,
) -> Scaffold:
    """The scaffold of the directory ``root`` whose regular files are ``paths``.

    ``paths`` are relative and ``/``-separated; ``facts`` hashes the recognised ones (it is a
    parameter so that hashing runs in parallel, with progress, where the caller decides);
    ``card`` is the manifest data and warnings of the model card's import, if there is one.
    """
    warnings: list[str] = []
    dir_name = os.path.basename(os.path.abspath(root)) or "model"
    if card is not None:
        data, card_warnings = card
        warnings.extend(card_warnings)
        if name:
            data["release"]["name"] = name
    else:
        data = _skeleton(name or dir_name, warnings)
    base = slug(str(data["release"]["name"]), "model")
    recognized: dict[str, Recognition] = {}
    left_out: list[str] = []
    for path in sorted(paths):
        found = recognize(path)
        if found is not None:
            recognized[path] = found
        elif _reportable(path):
            left_out.append(path)
    measured = facts(list(recognized))
    for path, recognition in recognized.items():
        artifact: dict[str, Any] = {"path": path, "size": measured[path].size}
        file_format = format_of(path)
        if file_format:
            artifact["format"] = file_format
        artifact["digests"] = dict(measured[path].digests)
        _place(data, base, recognition, artifact)
    _tidy(data, warnings)
    if any(KINDS[found.kind].layer == "data" for found in recognized.values()):
        warnings.append(
            "data files were listed with role and data class guessed: complete their data "
            "information (provenance, scope, collection, labeling, processing)"
        )
    if left_out:
        shown = ", ".join(left_out[:_MAX_LISTED])
        more = f" and {len(left_out) - _MAX_LISTED} more" if len(left_out) > _MAX_LISTED else ""
        warnings.append(
            f"{len(left_out)} file(s) not recognised, left out: {shown}{more}; "
            "list them in a component (verify reports them as unlisted)"
        )
    return Scaffold(data, warnings, left_out)


def _reportable(path: str) -> bool:
    """Plumbing is skipped silently; every other unrecognised file is reported."""
    return path.rsplit("/", 1)[-1] not in IGNORED_NAMES


def _tidy(data: dict[str, Any], warnings: list[str]) -> None:
    """Say what the scaffold could not know, and keep the manifest schema-valid."""
    weights = data["weights"]["components"]
    if not any(c["kind"] == "final-weights" for c in weights):
        weights.insert(
            0,
            {
                "name": slug(str(data["release"]["name"]), "model"),
                "kind": "final-weights",
                "availability": "unreleased",
            },
        )
        warnings.append(
            "no weight files found: a final-weights component with availability "
            "'unreleased' was written; give its location or artifacts if it is published"
        )
    if "training" not in data:
        warnings.append(
            "nothing says how the model was trained: describe the training code and data "
            "(even as 'unreleased'), or the verdicts cannot go beyond open weights"
        )
    for layer in ("runtime", "training", "data", "documentation"):
        if layer in data:
            # schema order: layers after the release and lineage, in the ladder's order
            data[layer] = data.pop(layer)
