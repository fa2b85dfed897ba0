"""CycloneDX 1.6 ML-BOM: the release as a machine-learning-model component, its parts around it.

Why this shape: CycloneDX consumers look first at ``metadata.component``, so that is the release
itself (type ``machine-learning-model``) carrying the final weights' licence and files; every
other manifest component becomes a BOM component of the closest CycloneDX type (weights as
models, code as application/library/framework, datasets, configuration and documents as
``data``). Lineage bases are pedigree ancestors of the release.

The document is built with ``cyclonedx-python-lib``; it has no classes for model cards or for
component data, so those are added as plain dicts to the serialized JSON (DESIGN.md), keyed by
bom-ref. The serial number is a UUID5 over the manifest's canonical JSON and bom-refs are made
from layer and component names (unique by the spec), so the same manifest always gives the
same bytes; the only time in the document is ``context.created``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from cyclonedx.model import (
    AttachedText,
    ExternalReference,
    ExternalReferenceType,
    HashAlgorithm,
    HashType,
    Property,
    XsUri,
)
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component, ComponentType, Pedigree
from cyclonedx.model.contact import OrganizationalContact, OrganizationalEntity
from cyclonedx.model.license import (
    DisjunctiveLicense,
    License,
    LicenseAcknowledgement,
    LicenseExpression,
)
from cyclonedx.model.tool import ToolRepository
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.schema.schema import SchemaVersion1Dot6

from aimanifest.exporters import content_uuid, json_text
from aimanifest.exporters._cyclonedx_data import component_data, model_card
from aimanifest.licenses import spdx_expression
from aimanifest.resolve import resolve_license

if TYPE_CHECKING:
    from aimanifest.data import ArtifactData, ComponentData, DigestsData, ManifestData, PersonData
    from aimanifest.exporters import ExportContext
    from aimanifest.exporters._facts import Facts, Part


HASHES: dict[str, HashAlgorithm] = {
    "sha1": HashAlgorithm.SHA_1,
    "sha256": HashAlgorithm.SHA_256,
    "sha384": HashAlgorithm.SHA_384,
    "sha512": HashAlgorithm.SHA_512,
    "sha3-256": HashAlgorithm.SHA3_256,
    "sha3-384": HashAlgorithm.SHA3_384,
    "sha3-512": HashAlgorithm.SHA3_512,
    "blake2b-256": HashAlgorithm.BLAKE2B_256,
    "blake2b-512": HashAlgorithm.BLAKE2B_512,
}
"""Manifest digest names -> CycloneDX hash algorithms (every digest the schema allows)."""

TYPES: dict[str, ComponentType] = {
    "final-weights": ComponentType.MACHINE_LEARNING_MODEL,
    "intermediate-weights": ComponentType.MACHINE_LEARNING_MODEL,
    "model-architecture": ComponentType.LIBRARY,
    "inference-code": ComponentType.APPLICATION,
    "tokenizer": ComponentType.LIBRARY,
    "training-code": ComponentType.APPLICATION,
    "data-preprocessing-code": ComponentType.APPLICATION,
    "evaluation-code": ComponentType.APPLICATION,
    "supporting-libraries": ComponentType.FRAMEWORK,
}
"""Kinds with a natural CycloneDX type; every other kind is ``data`` (its ``componentData``
in :mod:`._cyclonedx_data`)."""

LINKS: dict[str, ExternalReferenceType] = {
    "homepage": ExternalReferenceType.WEBSITE,
    "repository": ExternalReferenceType.VCS,
    "model_hub": ExternalReferenceType.DISTRIBUTION,
    "paper": ExternalReferenceType.DOCUMENTATION,
    "documentation": ExternalReferenceType.DOCUMENTATION,
    "issues": ExternalReferenceType.ISSUE_TRACKER,
}

_ACK = LicenseAcknowledgement.DECLARED


def _hashes(digests: DigestsData | Mapping[str, str] | None) -> list[HashType]:
    found: Mapping[str, str] = cast("Mapping[str, str]", digests or {})
    return [HashType(alg=HASHES[k], content=v) for k, v in sorted(found.items()) if k in HASHES]


def _licenses(manifest: ManifestData, expression: str | None) -> list[License]:
    """Declared licences: a custom ``LicenseRef-`` alone carries its name, text and URL."""
    if expression is None or expression in ("NONE", "NOASSERTION"):
        return []  # CycloneDX has no such values; the aimanifest:license property keeps them
    for custom in manifest.get("custom_licenses", []):
        if custom["id"] == expression:
            text = custom.get("text")
            url = custom.get("url")
            return [
                DisjunctiveLicense(
                    name=custom["name"],
                    text=AttachedText(content=text) if text else None,
                    url=XsUri(url) if url else None,
                    acknowledgement=_ACK,
                )
            ]
    return [LicenseExpression(expression, acknowledgement=_ACK)]


def _location_refs(component: ComponentData) -> list[ExternalReference]:
    location = component.get("location", {})
    refs = []
    if "url" in location:
        kind = component["kind"]
        ref_type = (
            ExternalReferenceType.MODEL_CARD
            if kind == "model-card"
            else ExternalReferenceType.DISTRIBUTION
        )
        refs.append(ExternalReference(type=ref_type, url=XsUri(location["url"])))
    if "repository" in location:
        where = [f"{key} {location[key]}" for key in ("revision", "path") if key in location]
        refs.append(
            ExternalReference(
                type=ExternalReferenceType.VCS,
                url=XsUri(location["repository"]),
                comment=", ".join(where) or None,
            )
        )
    return refs


def _file(ref: str, index: int, artifact: ArtifactData) -> Component:
    """One artifact as a ``file`` component with its hashes (and its URI as distribution)."""
    props = (
        [Property(name="aimanifest:size", value=str(artifact["size"]))]
        if "size" in artifact
        else []
    )
    if "format" in artifact:
        props.append(Property(name="aimanifest:format", value=artifact["format"]))
    refs = []
    if "uri" in artifact:
        refs.append(
            ExternalReference(
                type=ExternalReferenceType.DISTRIBUTION,
                url=XsUri(artifact["uri"]),
                hashes=_hashes(artifact.get("digests")),
            )
        )
    return Component(
        type=ComponentType.FILE,
        name=artifact.get("path") or artifact.get("uri", ""),
        bom_ref=f"{ref}#artifact-{index}",
        hashes=_hashes(artifact.get("digests")),
        external_references=refs,
        properties=props,
    )


def _entity(person: PersonData) -> OrganizationalEntity:
    """A supplier: its name, web address and e-mail (a contact), as the manifest states them."""
    return OrganizationalEntity(
        name=person["name"],
        urls=[XsUri(person["url"])] if "url" in person else None,
        contacts=[OrganizationalContact(email=person["email"])] if "email" in person else None,
    )


def _component(facts: Facts, part: Part, ref: str, supplier: OrganizationalEntity) -> Component:
    """One manifest component: its supplier, version and copyright where the manifest states
    them (:mod:`._facts`), its declared licence, locations, files and aimanifest properties."""
    layer, component = part.layer, part.component
    resolved = resolve_license(facts.manifest, layer, component)
    if resolved.source == "none":
        facts.unlicensed(part)
    expression = spdx_expression(resolved.expression) if resolved.expression else None
    props = [
        Property(name="aimanifest:layer", value=layer),
        Property(name="aimanifest:kind", value=component["kind"]),
        Property(name="aimanifest:availability", value=component["availability"]),
        Property(name="aimanifest:license", value=expression or "NOASSERTION"),
        Property(name="aimanifest:license-source", value=resolved.source),
    ]
    person = facts.supplier(part)
    if person is not None and person is not facts.manifest["release"]["publisher"]:
        supplier = _entity(person)
    return Component(
        type=TYPES.get(component["kind"], ComponentType.DATA),
        name=component["name"],
        version=facts.version(part),
        supplier=supplier if person is not None else None,
        copyright=facts.copyright(part),
        bom_ref=ref,
        description=component.get("description"),
        licenses=_licenses(facts.manifest, expression),
        external_references=_location_refs(component),
        properties=props,
    )


def _files(ref: str, component: ComponentData) -> list[dict[str, Any]]:
    """The component's artifacts as serialized ``file`` components, in the manifest's order.

    Serialized one by one and nested afterwards: held by their parent, 100,000 files would sit
    in one of the library's sorted sets, each insertion comparing whole components."""
    return [_serialized(_file(ref, i, a)) for i, a in enumerate(component.get("artifacts", []))]


def _ancestors(facts: Facts) -> list[Component]:
    """Lineage bases: name, publisher, version, licence and copyright notice (:mod:`._facts`),
    relation, and the base's manifest with its digests."""
    manifest = facts.manifest
    found = []
    for index, base in enumerate(manifest.get("lineage", [])):
        stated = facts.base_facts(index)
        expression = spdx_expression(stated.license) if stated.license else None
        props = [Property(name="aimanifest:relation", value=base["relation"])]
        if expression is not None:  # NONE and NOASSERTION have no CycloneDX form
            props.append(Property(name="aimanifest:license", value=expression))
        refs = []
        if "url" in base:
            refs.append(
                ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(base["url"]))
            )
        ref_doc = base.get("manifest", {})
        where = ref_doc.get("url") or ref_doc.get("path")
        if where:
            refs.append(
                ExternalReference(
                    type=ExternalReferenceType.OTHER,
                    url=XsUri(where),
                    comment="aimanifest of the base model",
                    hashes=_hashes(ref_doc.get("digests")),
                )
            )
        found.append(
            Component(
                type=ComponentType.MACHINE_LEARNING_MODEL,
                name=base["name"],
                version=stated.version,
                publisher=stated.publisher,
                copyright=stated.copyright,
                licenses=_licenses(manifest, expression),
                bom_ref=f"lineage/{index}/{base['name']}",
                external_references=refs,
                properties=props,
            )
        )
    return found


def _serialized(component: Component) -> dict[str, Any]:
    """One component as the library writes it in a CycloneDX 1.6 BOM."""
    data: dict[str, Any] = json.loads(component.as_json(view_=SchemaVersion1Dot6))  # type: ignore[attr-defined]
    return data


def render(context: ExportContext) -> str:
    """The CycloneDX 1.6 JSON text of the manifest in ``context``."""
    manifest = context.manifest
    release = manifest["release"]
    publisher = release["publisher"]
    supplier = _entity(publisher)
    root_ref = "release"
    root = Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=release["name"],
        version=release["version"],
        description=release.get("description"),
        bom_ref=root_ref,
        supplier=supplier,
        publisher=publisher["name"],
        copyright=context.facts.release_copyright(),
        external_references=[
            ExternalReference(type=LINKS[key], url=XsUri(url), comment=key)
            for key, url in sorted(release.get("links", {}).items())
        ],
        pedigree=Pedigree(ancestors=_ancestors(context.facts)) if manifest.get("lineage") else None,
    )
    bom = Bom(
        serial_number=content_uuid(manifest, "cyclonedx-1.6"),
        metadata=BomMetaData(
            timestamp=context.created,
            component=root,
            supplier=supplier,
            tools=ToolRepository(
                components=[
                    Component(
                        type=ComponentType.APPLICATION,
                        name="aimanifest",
                        version=context.tool_version,
                    )
                ]
            ),
        ),
    )
    data_dicts: dict[str, dict[str, Any]] = {}
    datasets: list[str] = []
    parts: list[tuple[Component, list[dict[str, Any]]]] = []
    root_files: list[dict[str, Any]] = []
    weights_done = False
    for part in context.facts.parts:
        layer, component = part.layer, part.component
        ref = f"{layer}/{component['name']}"
        if component["kind"] == "final-weights" and not weights_done:
            # the release is the model: it carries the final weights' licence, files and location
            weights_done = True
            made = _component(context.facts, part, root_ref, supplier)
            root_files = _files(root_ref, component)
            root.licenses = made.licenses
            root.properties = [p for p in made.properties]
            root.external_references.update(made.external_references)
            continue
        made = _component(context.facts, part, ref, supplier)
        if made.type is ComponentType.DATA:
            data_dicts[ref] = component_data(component)
            if "dataset" in component:
                datasets.append(ref)
        parts.append((made, _files(ref, component)))
    # The library's Bom holds the metadata only; each component is serialized on its own and
    # the dependency graph written once. Bom.validate, which the outputter calls, registers
    # every component's dependency by a linear scan, so a Bom holding n components costs n²
    # (4,000 took 67 s; cyclonedx-python-lib issue 1006), and keeping them in its sorted sets
    # costs many full-tuple comparisons more. Components keep the manifest's order.
    document = json.loads(JsonV1Dot6(bom).output_as_string())
    entries = []
    for made, files in parts:
        entry = _serialized(made)
        if files:
            entry["components"] = files
        if entry["bom-ref"] in data_dicts:
            entry["data"] = [data_dicts[entry["bom-ref"]]]
        entries.append(entry)
    if root_files:
        document["metadata"]["component"]["components"] = root_files
    refs = sorted(made.bom_ref.value or "" for made, _ in parts)
    dependencies: list[dict[str, Any]] = [{"ref": ref} for ref in refs]
    dependencies.insert(0, {"ref": root_ref, "dependsOn": refs} if refs else {"ref": root_ref})
    dependencies.sort(key=lambda entry: entry["ref"])
    document.pop("dependencies", None)
    document["metadata"]["component"]["modelCard"] = model_card(context, datasets)
    ordered = {"components": entries} if entries else {}
    ordered["dependencies"] = dependencies
    return json_text({**ordered, **document})
