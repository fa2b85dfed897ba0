"""The packages of an SPDX 2.3 export: each component, artifact and lineage base.

Split from :mod:`aimanifest.exporters.spdx23`, which assembles the release's package and the
document around them, so that each module reads in one sitting. The rules (purposes, typed
relationships, Files only for path artifacts with a SHA-1, suppliers, versions, copyright texts
and licences by :mod:`._facts`) are that module's docstring's; this one applies them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from license_expression import ExpressionError  # type: ignore[import-untyped]
from spdx_tools.common.spdx_licensing import spdx_licensing  # type: ignore[import-untyped]
from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.checksum import Checksum, ChecksumAlgorithm
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import Package, PackagePurpose, PackageVerificationCode
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone

from aimanifest.exporters import ExportError, UniqueIds, location_url
from aimanifest.licenses import spdx_expression
from aimanifest.resolve import resolve_license

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData, PersonData
    from aimanifest.exporters._facts import Facts, Part

CHECKSUMS: dict[str, ChecksumAlgorithm] = {
    "sha1": ChecksumAlgorithm.SHA1,
    "sha256": ChecksumAlgorithm.SHA256,
    "sha384": ChecksumAlgorithm.SHA384,
    "sha512": ChecksumAlgorithm.SHA512,
    "sha3-256": ChecksumAlgorithm.SHA3_256,
    "sha3-384": ChecksumAlgorithm.SHA3_384,
    "sha3-512": ChecksumAlgorithm.SHA3_512,
    "blake2b-256": ChecksumAlgorithm.BLAKE2B_256,
    "blake2b-512": ChecksumAlgorithm.BLAKE2B_512,
}
"""Manifest digest names -> SPDX 2.3 checksum algorithms."""

PURPOSES: dict[str, PackagePurpose] = {
    "model-architecture": PackagePurpose.LIBRARY,
    "inference-code": PackagePurpose.APPLICATION,
    "tokenizer": PackagePurpose.LIBRARY,
    "training-code": PackagePurpose.SOURCE,
    "data-preprocessing-code": PackagePurpose.SOURCE,
    "evaluation-code": PackagePurpose.SOURCE,
    "supporting-libraries": PackagePurpose.FRAMEWORK,
}
"""Code kinds; weights, data, configuration and documents are OTHER (2.3 has no better)."""

RELATIONS: dict[str, RelationshipType] = {
    "model-architecture": RelationshipType.DEPENDS_ON,
    "inference-code": RelationshipType.DEPENDS_ON,
    "tokenizer": RelationshipType.DEPENDS_ON,
    "training-code": RelationshipType.BUILD_TOOL_OF,
    "data-preprocessing-code": RelationshipType.BUILD_TOOL_OF,
    "supporting-libraries": RelationshipType.BUILD_TOOL_OF,
    "evaluation-code": RelationshipType.TEST_TOOL_OF,
}
"""Typed relationship besides CONTAINS: release -> component, or component -> release
(``*_OF``)."""


ID_CHARS = re.compile(r"[^A-Za-z0-9.-]+")
NOASSERTION = SpdxNoAssertion()


class Ids:
    """SPDX identifiers from names (unique, only the characters SPDX allows)."""

    def __init__(self) -> None:
        self.unique = UniqueIds()

    def make(self, *parts: str) -> str:
        base = "SPDXRef-" + "-".join(ID_CHARS.sub("-", p).strip("-") or "x" for p in parts)
        return self.unique.take(base)


def organization(name: str, email: str | None = None) -> Actor:
    """An organisation actor, its name and e-mail safe in the actor micro-format of both SPDX
    2.3 serialisations: ``Organization: NAME (EMAIL)`` has no escape, so a newline would end the
    value and a name ending in ``(...)`` would be read back as an e-mail address. Line breaks
    and controls are escaped as in tag-value, and parentheses become square brackets."""
    from aimanifest.exporters._tagvalue import escape_line

    def safe(value: str) -> str:
        return escape_line(value).replace("(", "[").replace(")", "]")

    return Actor(ActorType.ORGANIZATION, safe(name), safe(email) if email else None)


def person(person: PersonData) -> Actor:
    return organization(person["name"], person.get("email"))


def _third_party_note(own: bool, supplier: bool) -> str:
    return (
        ""
        if own
        else "; a third party's component" + ("" if supplier else " (supplier not stated)")
    )


def spdx_license(expression: str | None) -> Any:
    """A resolved licence as spdx-tools wants it; one stated nowhere is NOASSERTION, not NONE.

    NONE asserts that no licence applies, which is what an explicit ``NONE`` in the manifest
    says; a manifest that is silent asserts nothing (the SPDX 3 exporter agrees).
    """
    if expression == "NONE":
        return SpdxNone()
    if expression is None or expression == "NOASSERTION":
        return NOASSERTION
    try:
        return spdx_licensing.parse(spdx_expression(expression))  # llama3.1: its ScanCode key
    except ExpressionError as error:  # validate has already parsed it; kept for a clear message
        raise ExportError(f"licence {expression!r} cannot be parsed: {error}") from None


def _checksums(digests: Mapping[str, str]) -> list[Checksum]:
    return [Checksum(CHECKSUMS[k], v) for k, v in sorted(digests.items()) if k in CHECKSUMS]


def license_refs(expression: str | None) -> set[str]:
    if not expression:
        return set()
    return set(re.findall(r"LicenseRef-[A-Za-z0-9.-]+", spdx_expression(expression)))


def _download(component: ComponentData) -> str | SpdxNoAssertion | SpdxNone:
    """Where to get it; NONE when it is not published at all ("no download location
    whatsoever", SPDX 2.3 7.7), NOASSERTION when the manifest does not say."""
    found = location_url(component)
    if found:
        return found
    if component["availability"] in ("unreleased", "unshareable") and not any(
        "uri" in a for a in component.get("artifacts", [])
    ):
        return SpdxNone()
    return NOASSERTION


class Builder:
    """Collects the document's elements while walking the manifest once."""

    def __init__(self, manifest: ManifestData, facts: Facts) -> None:
        self.manifest = manifest
        self.facts = facts
        self.ids = Ids()
        self.packages: list[Package] = []
        self.files: list[File] = []
        self.relationships: list[Relationship] = []
        self.refs: set[str] = set()

    def relate(self, a: str, kind: RelationshipType, b: str, comment: str | None = None) -> None:
        self.relationships.append(Relationship(a, kind, b, comment))

    def artifacts(self, package: Package, component: ComponentData) -> None:
        """Files for path artifacts with SHA-1; packages of purpose FILE for the others."""
        sha1s = []
        for artifact in component.get("artifacts", []):
            digests = cast("Mapping[str, str]", artifact.get("digests", {}))
            name = artifact.get("path") or artifact.get("uri", "")
            if "path" in artifact and "sha1" in digests:
                file_id = self.ids.make("File", artifact["path"])
                self.files.append(
                    File(
                        name=f"./{artifact['path']}",
                        spdx_id=file_id,
                        checksums=_checksums(digests),
                        license_concluded=package.license_concluded,
                        copyright_text=package.copyright_text,
                    )
                )
                self.relate(package.spdx_id, RelationshipType.CONTAINS, file_id)
                sha1s.append(digests["sha1"])
                continue
            part = Package(
                spdx_id=self.ids.make("Artifact", component["name"], name.rsplit("/", 1)[-1]),
                name=name,
                version=package.version,
                supplier=package.supplier,
                download_location=artifact.get("uri") or NOASSERTION,
                file_name=artifact.get("path"),
                files_analyzed=False,
                checksums=_checksums(digests),
                license_concluded=package.license_concluded,
                license_declared=package.license_declared,
                copyright_text=package.copyright_text,
                primary_package_purpose=PackagePurpose.FILE,
                comment="an artifact listed without a SHA-1, so not an SPDX 2.3 File",
            )
            self.packages.append(part)
            self.relate(package.spdx_id, RelationshipType.CONTAINS, part.spdx_id)
        if sha1s:
            code = hashlib.sha1("".join(sorted(sha1s)).encode("ascii")).hexdigest()
            package.files_analyzed = True
            package.verification_code = PackageVerificationCode(code)

    def component(self, release_id: str, part: Part) -> None:
        layer, component = part.layer, part.component
        resolved = resolve_license(self.manifest, layer, component)
        if resolved.source == "none":
            self.facts.unlicensed(part)
        self.refs |= license_refs(resolved.expression)
        kind = component["kind"]
        supplier = self.facts.supplier(part)
        package = Package(
            spdx_id=self.ids.make("Package", component["name"]),
            name=component["name"],
            version=self.facts.version(part),
            supplier=person(supplier) if supplier else NOASSERTION,
            download_location=_download(component),
            files_analyzed=False,
            license_concluded=spdx_license(resolved.expression),  # the declaration, restated
            license_declared=spdx_license(resolved.expression),
            license_comment=f"{resolved.explanation}; concluded: the same, as declared "
            "(aimanifest)",
            copyright_text=self.facts.copyright(part) or NOASSERTION,
            description=component.get("description"),
            comment=f"aimanifest {layer} layer, kind {kind}, "
            f"availability {component['availability']}"
            + _third_party_note(self.facts.is_own(part), supplier is not None),
            primary_package_purpose=PURPOSES.get(kind, PackagePurpose.OTHER),
        )
        self.packages.append(package)
        typed = self.typed(release_id, layer, component, package.spdx_id)
        if self.facts.is_own(part) or not typed:
            # a part of the release: what its publisher publishes (or one with no other tie)
            self.relate(release_id, RelationshipType.CONTAINS, package.spdx_id)
        self.artifacts(package, component)

    def typed(self, release_id: str, layer: str, component: ComponentData, spdx_id: str) -> bool:
        """The relationship saying what the component is to the release; False if none."""
        dataset = component.get("dataset")
        kind = component["kind"]
        if dataset is not None:
            term = "testedOn" if dataset["role"] == "evaluation" else "trainedOn"
            self.relate(
                release_id,
                RelationshipType.OTHER,
                spdx_id,
                f"{term} ({dataset['role']} data, OSAID data class {dataset['data_class']})",
            )
        elif layer == "documentation":
            self.relate(spdx_id, RelationshipType.DOCUMENTATION_OF, release_id)
        elif kind in RELATIONS:
            relation = RELATIONS[kind]
            if relation is RelationshipType.DEPENDS_ON:
                self.relate(release_id, relation, spdx_id)
            else:
                self.relate(spdx_id, relation, release_id)
        else:
            return False
        return True

    def lineage(self, release_id: str) -> None:
        for index, base in enumerate(self.manifest.get("lineage", [])):
            ref = base.get("manifest", {})
            where = ref.get("url") or ref.get("path")
            note = f"aimanifest of the base: {where}" if where else None
            sha256 = ref.get("digests", {}).get("sha256")
            if note and sha256:
                note += f" (sha256 {sha256})"
            facts = self.facts.base_facts(index)
            self.refs |= license_refs(facts.license)
            package = Package(
                spdx_id=self.ids.make("Base", base["name"]),
                name=base["name"],
                version=facts.version,
                supplier=organization(facts.publisher) if facts.publisher else NOASSERTION,
                download_location=base.get("url") or NOASSERTION,
                files_analyzed=False,
                license_concluded=spdx_license(facts.license),  # the declaration, restated
                license_declared=spdx_license(facts.license),
                license_comment=f"stated in lineage[{index}].license; concluded: the same, as "
                "declared (aimanifest)"
                if facts.license is not None
                else None,
                copyright_text=facts.copyright or NOASSERTION,
                comment=note,
                primary_package_purpose=PackagePurpose.OTHER,
            )
            self.packages.append(package)
            # DESCENDANT_OF whatever the relation ("same lineage but postdates"); VARIANT_OF
            # means "not clear which came first", which never holds for a base and its copy
            self.relate(
                release_id, RelationshipType.DESCENDANT_OF, package.spdx_id, base["relation"]
            )
            if base["relation"] == "adapter":  # an adapter runs only on top of its base
                self.relate(release_id, RelationshipType.DEPENDS_ON, package.spdx_id, "adapter")
