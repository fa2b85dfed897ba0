"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, built with ``spdx-python-model``.

SPDX 3 has real classes for what a manifest describes, so the mapping is direct (the table is
in docs/sbom.md):

* the document's root is a ``software_Sbom`` whose root is the release, an ``ai_AIPackage``
  carrying the ``ai_*``
  properties the manifest actually supports: training information, the training data's
  preprocessing and whether it holds personal data. Fields the manifest has no field for
  (domain, type of model, limitations, energy, metrics...) are left out, never guessed;
* weights (final, intermediate, optimizer state) are ``ai_AIPackage``s the release
  ``contains``; datasets are ``dataset_DatasetPackage``s the release is ``trainedOn`` or
  ``testedOn`` (by the dataset's role); code, configuration and documents are
  ``software_Package``s with a primary purpose, related to the release by ``dependsOn``
  (runtime), ``usesTool`` (training, build scope), ``hasTest`` (evaluation code),
  ``hasMetadata`` (training configuration) or ``hasDocumentation``;
* artifacts are ``software_File``s their component ``contains``, with every digest as a
  ``Hash`` in ``verifiedUsing``;
* licences: every package has exactly one ``hasDeclaredLicense`` (the licence the manifest
  resolves for it, declared on the component or inherited from its layer or the release, said
  in the relationship's comment) and one ``hasConcludedLicense`` to the same licence: the
  converter restates the publisher's declaration, which is what CISA's minimum asks for
  (``NoAssertionLicense`` only when no licence is stated anywhere);
* lineage: the release is a ``descendantOf`` each base model (a ``software_Package`` of
  purpose model: a base's release time, which the AI profile requires of an AIPackage, is not
  in this manifest);
* suppliers, versions and copyright texts follow :mod:`._facts` (a stated supplier is an
  ``Organization`` with its web address and e-mail); the release also ``contains`` every
  component its publisher publishes, so that composition-minded tools (NTIA checkers) reach it.

Determinism: identifiers come from the manifest's content (:mod:`._spdx3_support`), the only
time is ``context.created``, and the JSON is written with sorted keys and sorted elements.

This module assembles the release and the document; the component, file and base packages
are built by :mod:`._spdx3_packages`, and the dataset packages by :mod:`._spdx3_dataset`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from spdx_python_model import v3_0_1 as spdx

from aimanifest.data import components
from aimanifest.exporters import json_text
from aimanifest.exporters._spdx3_dataset import training_facts
from aimanifest.exporters._spdx3_packages import PackageBuilder
from aimanifest.resolve import resolve_license

if TYPE_CHECKING:
    from aimanifest.data import ComponentData
    from aimanifest.exporters import ExportContext

_RT = spdx.RelationshipType

LINK_REFS: dict[str, str] = {
    "repository": spdx.ExternalRefType.vcs,
    "paper": spdx.ExternalRefType.documentation,
    "documentation": spdx.ExternalRefType.documentation,
    "issues": spdx.ExternalRefType.issueTracker,
}
"""Release links -> external references (``homepage`` is ``homePage``; ``model_hub`` is the
download location)."""


class _Builder(PackageBuilder):
    """The package builders (:mod:`._spdx3_packages`), plus the release's AIPackage and the
    document, the Sbom and the relationships from the release that tie them together."""

    def release(self) -> str:
        """The release's AIPackage, with its licence (the final weights'), links and verdicts."""
        release = self.manifest["release"]
        download, version = self.release_download, release["version"]
        package = self.ai_package(
            self.ids.make("release"), release["name"], download, version, self.publisher
        )
        copyright_text = self.facts.release_copyright()
        if copyright_text is not None:
            package.software_copyrightText = copyright_text
        links = release.get("links", {})
        if "description" in release:
            package.description = release["description"]
        if "homepage" in links:
            package.software_homePage = links["homepage"]
        for key, url in sorted(links.items()):
            if key in LINK_REFS:
                package.externalRef.append(
                    spdx.ExternalRef(externalRefType=LINK_REFS[key], locator=[url], comment=key)
                )
        verdicts = self.context.verdicts.as_json()
        package.comment = (
            f"AI model release; aimanifest verdicts: tier {verdicts['tier'] or 'not assessed'} "
            f"(own layers: {verdicts['own_tier']}), "
            f"MOF class {verdicts['mof']['class'] or 'none'}, "
            f"OSAID 1.0 {verdicts['osaid']['verdict']}"
        )
        if download is None and not self.released:
            package.comment += "; its weights are not released, so it has no download location"
        elif download is None:
            package.comment += "; no download location stated"
            self.facts.gap(
                ("release",),
                "export-download-location",
                "the release's download location is not stated; release.links.model_hub or a "
                "location of the final weights would fill it",
            )
        training, preprocessing, personal = training_facts(self.manifest)
        if training is not None:
            package.ai_informationAboutTraining = training
        package.ai_modelDataPreprocessing = preprocessing
        if personal is not None:
            package.ai_useSensitivePersonalInformation = personal
        self.elements.append(package)
        final = next(
            (c for _, c in components(self.manifest) if c["kind"] == "final-weights"), None
        )
        if final is not None:
            resolved = resolve_license(self.manifest, "weights", final)
            how = f"the licence of the final weights {final['name']!r}, {resolved.explanation}"
        else:
            resolved = resolve_license(self.manifest, "weights", cast("ComponentData", {}))
            how = f"no final weights listed; {resolved.explanation}"
        self.license(package.spdxId or "", resolved.expression, how)
        return package.spdxId or ""

    def build(self) -> spdx.SHACLObjectSet:
        """Every element, the Sbom rooted at the release, and the SpdxDocument listing them."""
        release = self.release()
        by_relation: dict[str, list[str]] = {}
        for part in self.facts.parts:
            spdx_id, relation = self.component(part)
            by_relation.setdefault(relation, []).append(spdx_id)
            if relation != _RT.contains and self.facts.is_own(part):
                # a part of what the publisher publishes, as in SPDX 2.3: composition tools
                # (NTIA checkers) follow contains and dependsOn, not trainedOn or hasTest
                by_relation.setdefault(_RT.contains, []).append(spdx_id)
        for relation, targets in sorted(by_relation.items()):
            if relation == _RT.usesTool:
                self.relate(release, relation, targets, scope=spdx.LifecycleScopeType.build)
            else:
                self.relate(release, relation, targets)
        self.lineage(release)
        data_licence = self.licences.ref("CC0-1.0")  # SPDX documents are CC0-1.0
        self.elements.extend(self.licences.elements())
        profiles = ["core", "software", "simpleLicensing", "expandedLicensing", "ai"]
        if any(isinstance(e, spdx.dataset_DatasetPackage) for e in self.elements):
            profiles.append("dataset")
        meta = self.manifest["release"]
        listed = sorted(e.spdxId or "" for e in self.elements)
        # "design": the SBOM restates the publisher's declaration of what the release is made
        # of; it is not the result of analysing built files (CISA's SBOM types)
        sbom = spdx.software_Sbom(
            spdxId=self.ids.make("sbom"),
            creationInfo=self.creation,
            name=f"SBOM of {meta['name']} {meta['version']}",
            rootElement=[release],
            element=listed,
            software_sbomType=[spdx.software_SbomType.design],
            profileConformance=[getattr(spdx.ProfileIdentifierType, p) for p in sorted(profiles)],
        )
        document = spdx.SpdxDocument(
            spdxId=self.ids.make("document"),
            creationInfo=self.creation,
            name=f"{meta['name']} {meta['version']}",
            dataLicense=data_licence,
            rootElement=[sbom.spdxId],
            element=sorted([*listed, sbom.spdxId or ""]),
            profileConformance=[getattr(spdx.ProfileIdentifierType, p) for p in sorted(profiles)],
        )
        return spdx.SHACLObjectSet([document, sbom, *self.elements])


def build(context: ExportContext) -> spdx.SHACLObjectSet:
    """The document's object set, for callers that want the model objects, not the JSON."""
    return _Builder(context).build()


def render(context: ExportContext) -> str:
    """SPDX 3.0.1 JSON-LD text: sorted keys, elements sorted by spdxId, a final newline."""
    data = spdx.JSONLDSerializer().serialize_data(build(context), force_at_graph=True)
    return json_text(data, sort_keys=True)
