"""The Dataset profile side of the SPDX 3.0.1 exporter: datasets and what the model learnt from.

A manifest's dataset block is the OSAID's "data information"; SPDX 3.0.1 has a field for part
of it and none for the rest. The rule here is the exporter's rule: map what has a field, keep
the rest readable in the package comment, invent nothing.

* ``collection`` -> ``dataset_dataCollectionProcess``; ``processing`` ->
  ``dataset_dataPreprocessing``; ``provenance`` -> ``software_sourceInfo``;
  ``size.bytes`` -> ``dataset_datasetSize``; ``personal_data.present`` ->
  ``dataset_hasSensitivePersonalInformation`` (yes / no); availability ``open`` with a location
  -> ``dataset_datasetAvailability`` directDownload, ``gated`` -> registration; the data card and
  Croissant file -> external references of type documentation.
* ``dataset_datasetType`` is mandatory but the manifest never states a modality, so it is
  ``noAssertion``, the value SPDX provides for exactly that.
* The Dataset profile's prose also asks for ``originatedBy``, ``builtTime`` and ``releaseTime``.
  A manifest records none of them for a dataset (who made a third-party corpus, and when, is
  at most free text in ``provenance``), so they are left out rather than filled with the model
  release's publisher and date, which would be false for every third-party dataset
  (docs/sbom.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spdx_python_model import v3_0_1 as spdx

from aimanifest.data import components
from aimanifest.exporters._spdx3_support import given

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, DocumentRefData, ManifestData

_AVAILABILITY: dict[str, str] = {
    "open": spdx.dataset_DatasetAvailabilityType.directDownload,
    "gated": spdx.dataset_DatasetAvailabilityType.registration,
}

_COMMENT_KEYS = ("role", "data_class", "how_to_obtain", "scope", "labeling")


def _presence(present: bool) -> str:
    return spdx.PresenceType.yes if present else spdx.PresenceType.no


def dataset_package(
    spdx_id: str,
    component: ComponentData,
    creation: spdx.CreationInfo,
    download: str | None,
) -> spdx.dataset_DatasetPackage:
    """The DatasetPackage of a data component (one with a ``dataset`` block)."""
    dataset = component["dataset"]
    package = spdx.dataset_DatasetPackage(
        **given(
            spdxId=spdx_id,
            creationInfo=creation,
            name=component["name"],
            dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
            software_primaryPurpose=spdx.software_SoftwarePurpose.data,
            software_downloadLocation=download,
            dataset_dataCollectionProcess=dataset.get("collection"),
            software_sourceInfo=dataset.get("provenance"),
            dataset_datasetSize=dataset.get("size", {}).get("bytes"),
        )
    )
    if "processing" in dataset:
        package.dataset_dataPreprocessing = [dataset["processing"]]
    personal = dataset.get("personal_data")
    if personal is not None:
        package.dataset_hasSensitivePersonalInformation = _presence(personal["present"])
    availability = component["availability"]
    if availability in _AVAILABILITY and (availability != "open" or download is not None):
        package.dataset_datasetAvailability = _AVAILABILITY[availability]
    documents: list[tuple[DocumentRefData, str]] = [
        (dataset.get("data_card", {}), "data card"),
        (dataset.get("croissant", {}), "Croissant metadata"),
    ]
    for ref, what in documents:
        where = ref.get("url") or ref.get("path")
        if where:
            sha256 = ref.get("digests", {}).get("sha256")
            package.externalRef.append(
                spdx.ExternalRef(
                    externalRefType=spdx.ExternalRefType.documentation,
                    locator=[where],
                    comment=f"{what} (sha256 {sha256})" if sha256 else what,
                )
            )
    notes = [
        f"{key.replace('_', ' ')}: {str(dataset[key]).rstrip('.')}"  # type: ignore[literal-required]
        for key in _COMMENT_KEYS
        if key in dataset
    ]
    for unit, count in sorted(dataset.get("size", {}).items()):
        if unit != "bytes":
            notes.append(f"size: {count} {unit}")
    if personal is not None and "description" in personal:
        notes.append(f"personal data: {personal['description'].rstrip('.')}")
    if notes:
        package.comment = "; ".join(notes)
    return package


def training_facts(manifest: ManifestData) -> tuple[str | None, list[str], str | None]:
    """What the manifest says about how the model was trained, for the release AIPackage.

    (``ai_informationAboutTraining``, ``ai_modelDataPreprocessing``,
    ``ai_useSensitivePersonalInformation``): the lineage, the training datasets with their
    roles, the training code; each training dataset's processing; ``yes`` when a training
    dataset holds personal data, ``no`` when every one says it holds none, else None (unknown).
    """
    sentences = [
        f"{base['relation'].capitalize()} of {base['name']}"
        + (f" {base['version']}" if "version" in base else "")
        + "."
        for base in manifest.get("lineage", [])
    ]
    trained = [
        c
        for _, c in components(manifest)
        if "dataset" in c and c["dataset"]["role"] != "evaluation"
    ]
    if trained:
        listed = ", ".join(f"{c['name']} ({c['dataset']['role']})" for c in trained)
        sentences.append(f"Trained on: {listed}.")
    code = [c["name"] for layer, c in components(manifest) if c["kind"] == "training-code"]
    if code:
        sentences.append(f"Training code: {', '.join(code)}.")
    preprocessing = [
        f"{c['name']}: {c['dataset']['processing']}"
        for c in trained
        if "processing" in c["dataset"]
    ]
    stated = [
        c["dataset"]["personal_data"]["present"] for c in trained if "personal_data" in c["dataset"]
    ]
    personal = None
    if any(stated):
        personal = _presence(True)
    elif trained and len(stated) == len(trained):
        personal = _presence(False)
    return " ".join(sentences) or None, preprocessing, personal
