"""Building blocks of the SPDX 3.0.1 exporter: identifiers, digests, locations and licences.

Kept apart from :mod:`aimanifest.exporters.spdx3` and :mod:`._spdx3_packages` (which walk the
manifest) so that each module reads in one sitting. Like those modules, this one is imported
only when ``--to spdx-3.0`` is asked for: it imports ``spdx-python-model``, which ``validate``
must never load.

Why identifiers look the way they do: SPDX 3 elements are named by IRIs, and the same manifest
must give the same bytes. So every ``spdxId`` is the document namespace (release name and
version, for people, plus a short SHA-256 of the manifest's canonical JSON, so that two
different manifests of one release never share identifiers) followed by a readable local part
made from what the element is (``component/heron-train``, ``license/Apache-2.0``). Nothing is
random and nothing reads the clock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from spdx_python_model import v3_0_1 as spdx

from aimanifest.exporters import ExportError, UniqueIds, canonical_json, location_url

if TYPE_CHECKING:
    from aimanifest.data import (
        ComponentData,
        CustomLicenseData,
        DigestsData,
        ManifestData,
        PersonData,
    )

NAMESPACE_PREFIX = "https://spdx.org/spdxdocs/"
"""Same prefix as the SPDX 2.3 exporter's document namespaces."""

HASHES: dict[str, str] = {
    "sha1": spdx.HashAlgorithm.sha1,
    "sha256": spdx.HashAlgorithm.sha256,
    "sha384": spdx.HashAlgorithm.sha384,
    "sha512": spdx.HashAlgorithm.sha512,
    "sha3-256": spdx.HashAlgorithm.sha3_256,
    "sha3-384": spdx.HashAlgorithm.sha3_384,
    "sha3-512": spdx.HashAlgorithm.sha3_512,
    "blake2b-256": spdx.HashAlgorithm.blake2b256,
    "blake2b-512": spdx.HashAlgorithm.blake2b512,
}
"""Manifest digest names -> SPDX 3 hash algorithms (every digest the schema allows)."""

PURPOSES: dict[str, str] = {
    "final-weights": spdx.software_SoftwarePurpose.model,
    "intermediate-weights": spdx.software_SoftwarePurpose.model,
    "optimizer-state": spdx.software_SoftwarePurpose.model,
    "model-metadata": spdx.software_SoftwarePurpose.configuration,
    "model-architecture": spdx.software_SoftwarePurpose.library,
    "inference-code": spdx.software_SoftwarePurpose.application,
    "tokenizer": spdx.software_SoftwarePurpose.library,
    "training-code": spdx.software_SoftwarePurpose.source,
    "data-preprocessing-code": spdx.software_SoftwarePurpose.source,
    "evaluation-code": spdx.software_SoftwarePurpose.source,
    "supporting-libraries": spdx.software_SoftwarePurpose.framework,
    "training-config": spdx.software_SoftwarePurpose.configuration,
    "training-data": spdx.software_SoftwarePurpose.data,
    "evaluation-data": spdx.software_SoftwarePurpose.data,
}
"""Primary purpose by kind; every documentation kind is ``documentation``."""

AI_KINDS = frozenset({"final-weights", "intermediate-weights", "optimizer-state"})
"""Kinds exported as ``ai_AIPackage``: the model's parameters. ``model-metadata`` (a config
file) is configuration, not a model, and stays a ``software_Package``."""

NO_ASSERTION = spdx.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense
NONE = spdx.expandedlicensing_IndividualLicensingInfo.NoneLicense

_SLUG = re.compile(r"[^A-Za-z0-9._-]+")
_REF = re.compile(r"LicenseRef-[A-Za-z0-9.-]+")
_SPECIAL = re.compile(r"\b(?:NONE|NOASSERTION)\b")


def organization(
    spdx_id: str, creation: spdx.CreationInfo, person: PersonData
) -> spdx.Organization:
    """A stated supplier (spec 1.1): its name, its web address as an ``altWebPage``
    reference and its e-mail as an ``email`` identifier, the SPDX 3 places for them."""
    agent = spdx.Organization(spdxId=spdx_id, creationInfo=creation, name=person["name"])
    if "url" in person:
        agent.externalRef.append(
            spdx.ExternalRef(
                externalRefType=spdx.ExternalRefType.altWebPage, locator=[person["url"]]
            )
        )
    if "email" in person:
        agent.externalIdentifier.append(
            spdx.ExternalIdentifier(
                externalIdentifierType=spdx.ExternalIdentifierType.email,
                identifier=person["email"],
            )
        )
    return agent


def given(**fields: Any) -> dict[str, Any]:
    """``fields`` without the None values: the model's setters refuse None for "absent"."""
    return {key: value for key, value in fields.items() if value is not None}


def slug(text: str) -> str:
    """``text`` with only characters that need no escaping in an IRI path segment."""
    return _SLUG.sub("-", text).strip("-") or "x"


def namespace(manifest: ManifestData) -> str:
    """The document namespace: readable release name and version, then a content hash."""
    release = manifest["release"]
    digest = hashlib.sha256(canonical_json(manifest).encode("utf-8")).hexdigest()[:16]
    return f"{NAMESPACE_PREFIX}{slug(release['name'])}-{slug(release['version'])}-{digest}/"


class Ids:
    """spdxIds under one namespace, unique even where two names slug alike."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.unique = UniqueIds()

    def make(self, *parts: str) -> str:
        return self.unique.take(self.prefix + "/".join(slug(part) for part in parts))

    def local(self, iri: str) -> str:
        """The part of ``iri`` after the namespace (for identifiers derived from it)."""
        return iri[len(self.prefix) :] if iri.startswith(self.prefix) else slug(iri)


def hashes(digests: DigestsData | Mapping[str, str] | None) -> list[spdx.Hash]:
    """Every digest as an SPDX ``Hash``, sorted by algorithm name."""
    found = cast("Mapping[str, str]", digests or {})
    return [
        spdx.Hash(algorithm=HASHES[name], hashValue=value)
        for name, value in sorted(found.items())
        if name in HASHES
    ]


def download_location(component: ComponentData) -> str | None:
    """Where to get a component: its URL, else its repository (``git+URL@revision``)."""
    found = location_url(component)
    if found:
        return found
    for artifact in component.get("artifacts", []):
        if "uri" in artifact:
            return artifact["uri"]
    return None


def _licence_text(ref: str, custom: Mapping[str, CustomLicenseData]) -> tuple[str, str | None]:
    """(text, name) for a ``LicenseRef-``: the publisher's terms, or the ScanCode LicenseDB."""
    if ref in custom:
        item = custom[ref]
        url = item.get("url")
        return item.get("text") or f"The licence text is published at {url}.", item["name"]
    if ref.startswith("LicenseRef-scancode-"):
        key = ref[len("LicenseRef-scancode-") :].lower()
        url = f"https://scancode-licensedb.aboutcode.org/{key}.html"
        return f"ScanCode LicenseDB licence '{key}': text at {url}.", key
    return "Not stated in the manifest (no custom_licenses entry).", None


class Licences:
    """One ``simplelicensing_LicenseExpression`` per distinct expression, shared by all uses.

    ``NONE`` and ``NOASSERTION`` are not expressions in SPDX 3: they become the
    ExpandedLicensing individuals ``NoneLicense`` and ``NoAssertionLicense``. Each
    ``LicenseRef-`` gets a ``SimpleLicensingText`` (the publisher's custom terms, or where the
    ScanCode text is), which the expression maps to through ``customIdToUri``.
    """

    def __init__(self, manifest: ManifestData, ids: Ids, creation: spdx.CreationInfo) -> None:
        self.custom = {c["id"]: c for c in manifest.get("custom_licenses", [])}
        self.ids = ids
        self.creation = creation
        self.expressions: dict[str, spdx.simplelicensing_LicenseExpression] = {}
        self.texts: dict[str, spdx.simplelicensing_SimpleLicensingText] = {}
        self.individuals: set[str] = set()

    def elements(self) -> list[spdx.Element]:
        """Every licence element made so far (the individuals are not elements of ours)."""
        return [*self.expressions.values(), *self.texts.values()]

    def ref(self, expression: str | None) -> str:
        """The spdxId (or individual IRI) standing for ``expression``; None: no assertion."""
        if expression is None or expression == "NOASSERTION":
            self.individuals.add(NO_ASSERTION)
            return NO_ASSERTION
        if expression == "NONE":
            self.individuals.add(NONE)
            return NONE
        if expression in self.expressions:
            return cast(str, self.expressions[expression].spdxId)
        if _SPECIAL.search(expression):
            raise ExportError(
                f"licence {expression!r}: NONE and NOASSERTION cannot be combined with other "
                "licences in SPDX 3; state the licence, or use NONE / NOASSERTION alone"
            )
        element = spdx.simplelicensing_LicenseExpression(
            spdxId=self.ids.make("license", expression),
            creationInfo=self.creation,
            simplelicensing_licenseExpression=expression,
        )
        for ref in sorted(set(_REF.findall(expression))):
            element.simplelicensing_customIdToUri.append(
                spdx.DictionaryEntry(key=ref, value=self.text(ref))
            )
        self.expressions[expression] = element
        return cast(str, element.spdxId)

    def text(self, ref: str) -> str:
        """The spdxId of the ``SimpleLicensingText`` of ``ref``, made on first use."""
        if ref not in self.texts:
            text, name = _licence_text(ref, self.custom)
            self.texts[ref] = spdx.simplelicensing_SimpleLicensingText(
                spdxId=self.ids.make("license-text", ref),
                creationInfo=self.creation,
                name=name or ref,
                simplelicensing_licenseText=text,
            )
        return cast(str, self.texts[ref].spdxId)
