"""The packages of an SPDX 3.0.1 export: each component, file and lineage base as an element.

Split from :mod:`aimanifest.exporters.spdx3`, which assembles the release and the document
around them, so that each module reads in one sitting: this one knows how one manifest part
becomes an ``ai_AIPackage``, ``dataset_DatasetPackage`` or ``software_Package`` (with its
supplier, version, copyright text, licences and files, by :mod:`._facts`), and how the
relationships between them are named. Like every SPDX 3 module it is imported only when
``--to spdx-3.0`` is asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from spdx_python_model import v3_0_1 as spdx

from aimanifest.data import components
from aimanifest.exporters._spdx3_dataset import dataset_package
from aimanifest.exporters._spdx3_support import (
    AI_KINDS,
    PURPOSES,
    Ids,
    Licences,
    download_location,
    given,
    hashes,
    namespace,
    organization,
)
from aimanifest.licenses import spdx_expression
from aimanifest.resolve import resolve_license

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData, PersonData
    from aimanifest.exporters import ExportContext
    from aimanifest.exporters._facts import Part

_RT = spdx.RelationshipType

RELEASE_RELATIONS: dict[str, str] = {
    "model-architecture": _RT.dependsOn,
    "inference-code": _RT.dependsOn,
    "tokenizer": _RT.dependsOn,
    "training-code": _RT.usesTool,
    "data-preprocessing-code": _RT.usesTool,
    "supporting-libraries": _RT.usesTool,
    "evaluation-code": _RT.hasTest,
    "training-config": _RT.hasMetadata,
}
"""Release -> component relationship by kind; weights are ``contains``, documents
``hasDocumentation`` and datasets ``trainedOn`` / ``testedOn``."""

_CONCLUDED_NOTE = (
    "the publisher's declared licence, restated by aimanifest (no analysis of the artifacts)"
)


def _midnight(date: str) -> dt.datetime:
    day = dt.date.fromisoformat(date)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


class PackageBuilder:
    """Collects the document's elements while walking the manifest once: the state every
    element needs (identifiers, creation info, licences, suppliers) and the builders of the
    component and base packages. :class:`aimanifest.exporters.spdx3._Builder` adds the release
    and the document."""

    def __init__(self, context: ExportContext) -> None:
        self.context = context
        self.manifest: ManifestData = context.manifest
        self.facts = context.facts
        release = self.manifest["release"]
        self.ids = Ids(namespace(self.manifest))
        self.publisher = self.ids.make("agent", "publisher")
        self.tool = self.ids.make("tool", "aimanifest")
        self.creation = spdx.CreationInfo(
            specVersion="3.0.1",
            created=context.created.replace(microsecond=0),
            createdBy=[self.publisher],
            createdUsing=[self.tool],
        )
        self.elements: list[spdx.Element] = [
            spdx.Agent(
                spdxId=self.publisher, creationInfo=self.creation, name=release["publisher"]["name"]
            ),
            spdx.Tool(
                spdxId=self.tool,
                creationInfo=self.creation,
                name=f"aimanifest-{context.tool_version}",
            ),
        ]
        self.licences = Licences(self.manifest, self.ids, self.creation)
        self.suppliers: dict[tuple[str, str | None, str | None], str] = {}
        """Each stated supplier's Organization, by (name, url, email): made once."""
        self.release_time = _midnight(release["date"])
        links = release.get("links", {})
        final = next(
            (c for _, c in components(self.manifest) if c["kind"] == "final-weights"), None
        )
        released = final is not None and final["availability"] != "unreleased"
        self.released = released
        self.release_download = links.get("model_hub") or (
            (download_location(final) if final else None)
            or links.get("repository")
            or links.get("homepage")
            if released
            else None
        )
        """Where to get the model; None when its weights are not released (nothing to get)."""

    def relate(
        self,
        source: str,
        kind: str,
        targets: list[str],
        comment: str | None = None,
        *,
        scope: str | None = None,
    ) -> None:
        """One relationship from ``source`` to ``targets``, its id made from both ends."""
        name = kind.rsplit("/", 1)[-1]
        spdx_id = self.ids.make("relationship", self.ids.local(source), name)
        fields = given(
            spdxId=spdx_id,
            creationInfo=self.creation,
            from_=source,
            relationshipType=kind,
            to=targets,
            comment=comment,
        )
        if scope is not None:
            self.elements.append(spdx.LifecycleScopedRelationship(scope=scope, **fields))
        else:
            self.elements.append(spdx.Relationship(**fields))

    def license(self, package: str, expression: str | None, how: str) -> None:
        """The declared licence (as resolved, with where it came from), restated as concluded."""
        read = spdx_expression(expression) if expression else expression  # llama3.1: its key
        ref = self.licences.ref(read)
        self.relate(package, _RT.hasDeclaredLicense, [ref], how)
        self.relate(package, _RT.hasConcludedLicense, [ref], _CONCLUDED_NOTE)

    def supplier(self, person: PersonData | None) -> str | None:
        """The agent supplying a component: the publisher's, or a stated supplier's
        ``Organization`` (its URL a web page reference, its e-mail an identifier)."""
        release = self.manifest["release"]["publisher"]
        if person is None or person == release:
            return None if person is None else self.publisher
        key = (person["name"], person.get("url"), person.get("email"))
        if key not in self.suppliers:
            agent = organization(self.ids.make("agent", person["name"]), self.creation, person)
            self.elements.append(agent)
            self.suppliers[key] = agent.spdxId or ""
        return self.suppliers[key]

    def ai_package(
        self,
        spdx_id: str,
        name: str,
        download: str | None,
        version: str | None,
        supplier: str | None,
    ) -> spdx.ai_AIPackage:
        """An AIPackage with what the AI profile asks of every one (SPDX 3.0.1 prose), as far
        as the manifest states it: an unreleased model has no download location, and the
        profile has no value for "none", so the property is absent (the comment says why)."""
        return spdx.ai_AIPackage(
            **given(
                spdxId=spdx_id,
                creationInfo=self.creation,
                name=name,
                software_packageVersion=version,
                releaseTime=self.release_time,
                suppliedBy=supplier,
                software_downloadLocation=download,
                software_primaryPurpose=spdx.software_SoftwarePurpose.model,
            )
        )

    def files(self, package: str, component: ComponentData, purpose: str) -> None:
        """Artifacts as Files with their digests, contained by their component."""
        made = []
        for index, artifact in enumerate(component.get("artifacts", [])):
            name = artifact.get("path") or artifact.get("uri", "")
            notes = [f"{key} {artifact[key]}" for key in ("size", "format") if key in artifact]
            file = spdx.software_File(
                **given(
                    spdxId=self.ids.make("file", component["name"], str(index)),
                    creationInfo=self.creation,
                    name=name,
                    software_fileKind=spdx.software_FileKindType.file,
                    software_primaryPurpose=purpose,
                    verifiedUsing=hashes(artifact.get("digests")),
                    comment="; ".join(notes) or None,
                )
            )
            if "uri" in artifact:
                file.externalRef.append(
                    spdx.ExternalRef(
                        externalRefType=spdx.ExternalRefType.altDownloadLocation,
                        locator=[artifact["uri"]],
                    )
                )
            self.elements.append(file)
            made.append(file.spdxId or "")
        if made:
            self.relate(package, _RT.contains, made)

    def component(self, part: Part) -> tuple[str, str]:
        """The component's element, its licence and files; (spdxId, relation from the release)."""
        layer, component = part.layer, part.component
        kind = component["kind"]
        spdx_id = self.ids.make("component", component["name"])
        purpose = PURPOSES.get(kind, spdx.software_SoftwarePurpose.documentation)
        download = download_location(component)
        supplier = self.supplier(self.facts.supplier(part))
        version = self.facts.version(part)
        package: spdx.software_Package
        if kind in AI_KINDS:
            if download is None and component["availability"] != "unreleased":
                download = self.release_download
                if download is None:
                    self.facts.gap(
                        part.path,
                        "export-download-location",
                        f"the download location of {part.name!r} is not stated; its "
                        "location.url or release.links.model_hub would fill it",
                    )
            package = self.ai_package(spdx_id, component["name"], download, version, supplier)
            relation = _RT.contains
        else:
            if "dataset" in component:
                package = dataset_package(spdx_id, component, self.creation, download)
                relation = (
                    _RT.testedOn if component["dataset"]["role"] == "evaluation" else _RT.trainedOn
                )
            else:
                package = spdx.software_Package(
                    **given(
                        spdxId=spdx_id,
                        creationInfo=self.creation,
                        name=component["name"],
                        software_primaryPurpose=purpose,
                        software_downloadLocation=download,
                    )
                )
                if layer == "documentation":
                    relation = _RT.hasDocumentation
                else:
                    relation = RELEASE_RELATIONS.get(kind, _RT.contains)
            if version is not None:
                package.software_packageVersion = version
            if supplier:
                package.suppliedBy = supplier
        location = component.get("location", {})
        if "repository" in location:
            where = [f"{key} {location[key]}" for key in ("revision", "path") if key in location]
            package.externalRef.append(
                spdx.ExternalRef(
                    **given(
                        externalRefType=spdx.ExternalRefType.vcs,
                        locator=[location["repository"]],
                        comment=", ".join(where) or None,
                    )
                )
            )
        if "description" in component:
            package.description = component["description"]
        copyright_text = self.facts.copyright(part)
        if copyright_text is not None:
            package.software_copyrightText = copyright_text
        note = f"aimanifest {layer} layer, kind {kind}, availability {component['availability']}"
        if not self.facts.is_own(part):
            note += "; a third party's component" + ("" if supplier else " (supplier not stated)")
        if download is None and component["availability"] in ("unreleased", "unshareable"):
            note += "; not published, so no download location"
        package.comment = f"{note}; {package.comment}" if package.comment else note
        self.elements.append(package)
        resolved = resolve_license(self.manifest, layer, component)
        if resolved.source == "none":
            self.facts.unlicensed(part)
        self.license(spdx_id, resolved.expression, resolved.explanation)
        self.files(spdx_id, component, purpose)
        return spdx_id, relation

    def lineage(self, release: str) -> None:
        """Each base model as a package of purpose model, the release its descendant (and, for
        an adapter, dependent on it: an adapter runs only on top of its base)."""
        for index, base in enumerate(self.manifest.get("lineage", [])):
            spdx_id = self.ids.make("base", base["name"])
            facts = self.facts.base_facts(index)
            supplier = None
            if facts.publisher:
                supplier = self.ids.make("agent", facts.publisher)
                self.elements.append(
                    spdx.Agent(spdxId=supplier, creationInfo=self.creation, name=facts.publisher)
                )
            ref = base.get("manifest", {})
            where = ref.get("url") or ref.get("path")
            note = f"base model ({base['relation']})"
            if where:
                note += f"; its aimanifest: {where}"
                if "sha256" in ref.get("digests", {}):
                    note += f" (sha256 {ref['digests']['sha256']})"
            self.elements.append(
                spdx.software_Package(
                    **given(
                        spdxId=spdx_id,
                        creationInfo=self.creation,
                        name=base["name"],
                        software_packageVersion=facts.version,
                        software_downloadLocation=base.get("url"),
                        software_primaryPurpose=spdx.software_SoftwarePurpose.model,
                        software_copyrightText=facts.copyright,
                        suppliedBy=supplier,
                        comment=note,
                    )
                )
            )
            how = (
                f"stated in lineage[{index}].license"
                if facts.license is not None
                else f"no licence stated for the base (lineage[{index}].license)"
            )
            self.license(spdx_id, facts.license, how)
            self.relate(release, _RT.descendantOf, [spdx_id], base["relation"])
            if base["relation"] == "adapter":
                self.relate(release, _RT.dependsOn, [spdx_id], "adapter")
