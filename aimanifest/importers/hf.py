"""Import a Hugging Face model card (``README.md`` with YAML metadata) as a starting manifest.

A model card's metadata says little about openness, but what it says is worth carrying over:
the licence (``license``, or ``license_name`` and ``license_link`` for ``license: other``),
the base models (``base_model``, ``base_model_relation``), the datasets (``datasets``), the
library that runs it (``library_name``) and whether access is gated (``extra_gated_*`` keys).
Everything else a manifest needs (version, date, the training pipeline, data information) is
not in a model card: the importer fills placeholders and says so in a warning for each, so the
publisher knows what to complete before ``validate`` and ``classify`` mean anything.

Nothing is fetched: dataset and base-model ids become hub URLs, never requests.
"""

from __future__ import annotations

import os
import re
from typing import Any

from aimanifest.importers.common import PLACEHOLDER_DATE, PLACEHOLDER_VERSION, ImportRun, slug
from aimanifest.spec import LATEST

__all__ = ["HfImportError", "NoMetadataError", "check_repo_id", "convert", "import_file"]

HUB = "https://huggingface.co"
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_RELATIONS = {
    "finetune": "fine-tune",
    "fine-tune": "fine-tune",
    "adapter": "adapter",
    "quantized": "quantized",
    "merge": "merge",
}


class HfImportError(ValueError):
    """The input is not a model card with YAML metadata (the CLI exits 2)."""


class NoMetadataError(HfImportError):
    """The card has no metadata block at all: a plain README, not a broken card."""


def _listed(value: Any) -> list[str]:
    """A metadata value that may be one string or a list of them, as a list of strings."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def split_card(text: str, source: str) -> tuple[dict[str, Any], str]:
    """The card's metadata mapping and its Markdown body."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if match is None:
        raise NoMetadataError(f"{source}: no YAML metadata block (--- ... ---) at the top")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise HfImportError(f"{source}: the metadata block is not valid YAML: {error}") from None
    if not isinstance(meta, dict):
        raise HfImportError(f"{source}: the metadata block is not a mapping")
    return meta, text[match.end() :]


def convert(
    meta: dict[str, Any], body: str, *, source: str, repo_id: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Turn card metadata into (schema-valid aimanifest 1.0 data, warnings)."""
    run = ImportRun()
    heading = _HEADING.search(body)
    index = meta.get("model-index")
    indexed_name = (
        index[0].get("name")
        if isinstance(index, list) and index and isinstance(index[0], dict)
        else None
    )
    name = str(
        meta.get("model_name")
        or indexed_name
        or (heading.group(1) if heading else "")
        or (repo_id or "").split("/")[-1]
        or os.path.basename(os.path.dirname(os.path.abspath(source)))
    ).strip()
    url = f"{HUB}/{repo_id}" if repo_id else None
    publisher = repo_id.split("/")[0] if repo_id and "/" in repo_id else None
    if publisher is None:
        run.warn("publisher unknown (no --repo-id org/name): 'unknown' written, replace it")
    run.warn(f"the card has no version: '{PLACEHOLDER_VERSION}' written, replace it")
    run.warn(f"the card has no release date: {PLACEHOLDER_DATE} written, replace it")
    release: dict[str, Any] = {
        "name": name,
        "version": PLACEHOLDER_VERSION,
        "date": PLACEHOLDER_DATE,
        "publisher": {"name": publisher or "unknown"},
    }
    if url:
        release["links"] = {"model_hub": url}
    licence = _licence(run, meta)
    if licence:
        release["license"] = licence
    else:
        run.warn("the card names no licence: components are left without one (NOASSERTION)")

    gated = any(key.startswith("extra_gated") for key in meta)
    weights: dict[str, Any] = {
        "name": slug(name),
        "kind": "final-weights",
        "availability": "gated" if gated else "open",
    }
    if url:
        weights["location"] = {"url": url}
    if gated:
        run.warn("extra_gated_* keys: the weights are gated (availability: gated)")
    data: dict[str, Any] = {
        "aimanifest": LATEST,
        "release": release,
        "lineage": _lineage(run, meta),
        "weights": {"components": [weights]},
    }
    library = str(meta.get("library_name") or "").strip()
    if library:
        run.warn(f"library_name '{library}': listed as inference code; give its licence")
        data["runtime"] = {
            "components": [
                {
                    "name": slug(library),
                    "kind": "inference-code",
                    "availability": "open",
                    "license": "NOASSERTION",
                    "description": f"{library}, as library_name names it",
                    "location": {"url": f"https://pypi.org/project/{slug(library)}/"},
                }
            ]
        }
    datasets = _datasets(run, meta, fine_tuned=bool(data["lineage"]))
    if datasets:
        data["data"] = {"license": "NOASSERTION", "components": datasets}
    card: dict[str, Any] = {"name": "model-card", "kind": "model-card", "availability": "open"}
    if url:
        card["location"] = {"url": url}
    data["documentation"] = {"components": [card]}
    if not data["lineage"]:
        del data["lineage"]
    if run.custom:
        data["custom_licenses"] = list(run.custom.values())
    return data, run.warnings


def _licence(run: ImportRun, meta: dict[str, Any]) -> str | None:
    raw = str(meta.get("license") or "").strip()
    if not raw:
        return None
    if raw.lower() == "other":
        name = str(meta.get("license_name") or "").strip()
        link = str(meta.get("license_link") or "").strip()
        if not name:
            run.warn("license: other without license_name: NOASSERTION written")
            return "NOASSERTION"
        return run.license("license_name", name, link or None)
    return run.license("license", raw)


def _lineage(run: ImportRun, meta: dict[str, Any]) -> list[dict[str, Any]]:
    bases = [b for b in _listed(meta.get("base_model")) if _REPO_ID.match(b)]
    raw = str(meta.get("base_model_relation") or "").strip().lower()
    relation = _RELATIONS.get(raw)
    if bases and relation is None:
        relation = "fine-tune"
        run.warn(
            f"base_model_relation {raw!r} unknown or absent: relation 'fine-tune' assumed"
            if raw
            else "no base_model_relation: relation 'fine-tune' assumed"
        )
    if bases:
        run.warn("base models have no manifest reference: add one so lineage can be verified")
    return [{"name": base, "relation": relation, "url": f"{HUB}/{base}"} for base in bases]


def _datasets(run: ImportRun, meta: dict[str, Any], *, fine_tuned: bool) -> list[dict[str, Any]]:
    role = "fine-tuning" if fine_tuned else "pre-training"
    components = []
    for dataset_id in _listed(meta.get("datasets")):
        url = f"{HUB}/datasets/{dataset_id}" if _REPO_ID.match(dataset_id) else None
        entry: dict[str, Any] = {
            "name": slug(dataset_id.replace("/", "-")),
            "kind": "training-data",
            "availability": "open",
            "dataset": {
                "role": role,
                "data_class": "public",
                "how_to_obtain": f"Hugging Face Hub dataset {dataset_id}",
            },
        }
        if url:
            entry["location"] = {"url": url}
        components.append(entry)
    if components:
        run.warn(
            f"{len(components)} dataset(s) imported with role '{role}' and data class 'public'; "
            "the card has no data information (provenance, scope, collection, labeling, "
            "processing) and no dataset licences: complete them"
        )
    return components


def check_repo_id(repo_id: str | None) -> None:
    """Refuse a ``--repo-id`` that is not a hub id of the form ``org/name``."""
    if repo_id is not None and not (_REPO_ID.match(repo_id) and "/" in repo_id):
        raise HfImportError(f"--repo-id {repo_id!r} is not of the form org/name")


def import_file(path: str, *, repo_id: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """Read a model card (``README.md``) and convert it; see :func:`convert`."""
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as error:
        raise HfImportError(f"{path}: cannot read: {error}") from None
    check_repo_id(repo_id)
    meta, body = split_card(text, path)
    return convert(meta, body, source=path, repo_id=repo_id)
