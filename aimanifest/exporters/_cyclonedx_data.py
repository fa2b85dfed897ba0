"""The parts of a CycloneDX 1.6 ML-BOM that ``cyclonedx-python-lib`` has no classes for:
a data component's ``componentData`` and the release's model card.

They are plain dicts that :mod:`.cyclonedx` adds to the serialized JSON, keyed by bom-ref
(DESIGN.md: the library where it has the model, our dicts where it has none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from aimanifest.data import ComponentData
    from aimanifest.exporters import ExportContext

DATA_TYPES: dict[str, str] = {
    "optimizer-state": "other",
    "model-metadata": "configuration",
    "training-config": "configuration",
    "training-data": "dataset",
    "evaluation-data": "dataset",
}
"""componentData ``type`` of data components; documents are ``other``."""


def component_data(component: ComponentData) -> dict[str, Any]:
    """CycloneDX ``componentData`` for a data component: the dataset's data information."""
    entry: dict[str, Any] = {
        "type": DATA_TYPES.get(component["kind"], "other"),
        "name": component["name"],
    }
    if "url" in component.get("location", {}):
        entry["contents"] = {"url": component["location"]["url"]}
    dataset = component.get("dataset")
    if dataset is None:
        return entry
    entry["classification"] = dataset["data_class"]
    props = [{"name": "aimanifest:role", "value": dataset["role"]}]
    for key in ("how_to_obtain", "provenance", "scope", "collection", "labeling", "processing"):
        if key in dataset:
            props.append({"name": f"aimanifest:{key}", "value": str(dataset[key])})
    for unit, count in sorted(dataset.get("size", {}).items()):
        props.append({"name": f"aimanifest:size:{unit}", "value": str(count)})
    for key in ("data_card", "croissant"):
        doc: Mapping[str, Any] = cast("Mapping[str, Any]", dataset).get(key, {})
        if doc.get("url") or doc.get("path"):
            props.append({"name": f"aimanifest:{key}", "value": doc.get("url") or doc["path"]})
    entry.setdefault("contents", {})["properties"] = props
    personal = dataset.get("personal_data")
    if personal is not None and personal["present"]:
        entry["sensitiveData"] = [personal.get("description", "personal data present")]
    entry["description"] = f"{dataset['role']} dataset, OSAID data class {dataset['data_class']}"
    return entry


def model_card(context: ExportContext, datasets: list[str]) -> dict[str, Any]:
    """The model card: the datasets it was trained and evaluated on, and the verdicts."""
    verdicts = context.verdicts.as_json()
    props = [
        {"name": "aimanifest:tier", "value": str(verdicts["tier"] or "not-assessed")},
        {"name": "aimanifest:own-tier", "value": str(verdicts["own_tier"])},
        {"name": "aimanifest:mof-class", "value": str(verdicts["mof"]["class"] or "none")},
        {"name": "aimanifest:osaid", "value": str(verdicts["osaid"]["verdict"])},
        {"name": "aimanifest:spec-version", "value": context.manifest["aimanifest"]},
    ]
    claims = context.manifest.get("claims", {})
    for key in ("tier", "mof_class", "osaid"):
        if key in claims:
            value = claims[key]
            text = str(value).lower() if isinstance(value, bool) else str(value)
            props.append({"name": f"aimanifest:claim:{key.replace('_', '-')}", "value": text})
    card: dict[str, Any] = {"bom-ref": "release#model-card", "properties": props}
    if datasets:
        card["modelParameters"] = {"datasets": [{"ref": ref} for ref in datasets]}
    return card
