"""SPDX 2.3 (JSON, or tag-value for ``spdx-2.3-tv``) built with ``spdx-tools``.

SPDX 2.3 has no AI profile, so the release maps onto what 2.3 offers (the 3.0 exporter has the
real AI and Dataset classes):

* one package for the release (DESCRIBES), one per component (the release CONTAINS those its
  publisher publishes; supplier and version by :mod:`._facts`), each with
  a ``primaryPackagePurpose``, the manifest's licence as ``licenseDeclared`` (resolved: declared
  or inherited, said in ``licenseComment``) and the same as ``licenseConcluded``: the converter
  restates the publisher's declaration, which is what CISA asks for (NOASSERTION only when no
  licence is stated anywhere); ``copyrightText`` by :mod:`._facts`;
* artifacts: a 2.3 File must carry a SHA-1, and a digest is never invented. So a path artifact
  with a ``sha1`` becomes a File (its package is then ``filesAnalyzed`` with the verification
  code computed from those SHA-1s); any other artifact (no SHA-1, or a URI) becomes a package of
  purpose FILE with every digest it has as checksums, CONTAINed by its component;
* typed relationships on top of CONTAINS: runtime code DEPENDS_ON, training code BUILD_TOOL_OF,
  evaluation code TEST_TOOL_OF, documents DOCUMENTATION_OF, datasets ``OTHER`` with the comment
  ``trainedOn`` / ``testedOn`` (the SPDX 3 AI terms), lineage bases DESCENDANT_OF (a quantized
  or converted copy too: VARIANT_OF is for "not clear which came first") with the relation as
  comment;
* every ``LicenseRef-`` used gets ``hasExtractedLicensingInfos``: the name, text or URL from
  ``custom_licenses``, or for ScanCode keys the LicenseDB page.

Determinism: the namespace is a UUID5 over the manifest's canonical JSON; the only time is
``context.created``.

This module assembles the release's package, the licence texts and the document; the component,
artifact and base packages are built by :mod:`._spdx23_packages`.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
from spdx_tools.spdx.model.package import Package, PackagePurpose
from spdx_tools.spdx.model.relationship import RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone

from aimanifest.data import components
from aimanifest.exporters import content_uuid
from aimanifest.exporters._spdx23_packages import (
    ID_CHARS,
    NOASSERTION,
    Builder,
    license_refs,
    person,
    spdx_license,
)
from aimanifest.resolve import resolve_license

if TYPE_CHECKING:
    from aimanifest.data import ManifestData
    from aimanifest.exporters import ExportContext


def _extracted(manifest: ManifestData, refs: set[str]) -> list[ExtractedLicensingInfo]:
    """Every ``LicenseRef-`` used: the publisher's custom terms, or the ScanCode LicenseDB."""
    custom = {c["id"]: c for c in manifest.get("custom_licenses", [])}
    found = []
    for ref in sorted(refs):
        if ref in custom:
            item = custom[ref]
            url = item.get("url")
            text = item.get("text") or f"The licence text is published at {url}."
            found.append(
                ExtractedLicensingInfo(
                    license_id=ref,
                    extracted_text=text,
                    license_name=item["name"],
                    cross_references=[url] if url else [],
                )
            )
        elif ref.startswith("LicenseRef-scancode-"):
            key = ref[len("LicenseRef-scancode-") :].lower()
            url = f"https://scancode-licensedb.aboutcode.org/{key}.html"
            found.append(
                ExtractedLicensingInfo(
                    license_id=ref,
                    extracted_text=f"ScanCode LicenseDB licence '{key}': text at {url}.",
                    license_name=key,
                    cross_references=[url],
                )
            )
        else:
            found.append(
                ExtractedLicensingInfo(
                    license_id=ref,
                    extracted_text="Not stated in the manifest (no custom_licenses entry).",
                    license_name=NOASSERTION,
                )
            )
    return found


def build(context: ExportContext) -> Document:
    """The spdx-tools document for the manifest in ``context`` (tests validate it directly)."""
    manifest = context.manifest
    release = manifest["release"]
    builder = Builder(manifest, context.facts)
    release_id = builder.ids.make("Release", release["name"])
    verdicts = context.verdicts.as_json()
    final = next((c for layer, c in components(manifest) if c["kind"] == "final-weights"), None)
    weights = resolve_license(manifest, "weights", final) if final else None
    expression = weights.expression if weights else release.get("license")
    builder.refs |= license_refs(expression)
    links = release.get("links", {})
    download: str | SpdxNoAssertion | SpdxNone = (
        links.get("model_hub") or links.get("repository") or NOASSERTION
    )
    if final is None or final["availability"] == "unreleased":
        download = links.get("model_hub") or SpdxNone()  # no weights to download
    day = dt.date.fromisoformat(release["date"])
    root = Package(
        spdx_id=release_id,
        name=release["name"],
        version=release["version"],
        supplier=person(release["publisher"]),
        download_location=download,
        homepage=links.get("homepage"),
        release_date=dt.datetime(day.year, day.month, day.day),
        files_analyzed=False,
        license_concluded=spdx_license(expression),  # the declaration, restated
        license_declared=spdx_license(expression),
        license_comment="the licence of the final weights; concluded: the same, as declared "
        "(aimanifest)",
        copyright_text=context.facts.release_copyright() or NOASSERTION,
        description=release.get("description"),
        comment="AI model release; aimanifest verdicts: "
        f"tier {verdicts['tier'] or 'not assessed'}, "
        f"MOF class {verdicts['mof']['class'] or 'none'}, OSAID {verdicts['osaid']['verdict']}",
        primary_package_purpose=PackagePurpose.OTHER,
    )
    builder.packages.append(root)
    builder.relate("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, release_id)
    for part in context.facts.parts:
        builder.component(release_id, part)
    builder.lineage(release_id)
    slug = ID_CHARS.sub("-", f"{release['name']}-{release['version']}")
    info = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id="SPDXRef-DOCUMENT",
        name=f"{release['name']} {release['version']}",
        document_namespace=f"https://spdx.org/spdxdocs/{slug}-{content_uuid(manifest, 'spdx-2.3')}",
        creators=[
            Actor(ActorType.TOOL, f"aimanifest-{context.tool_version}"),
            person(release["publisher"]),
        ],
        created=context.created.replace(tzinfo=None, microsecond=0),
    )
    return Document(
        creation_info=info,
        packages=builder.packages,
        files=builder.files,
        relationships=builder.relationships,
        extracted_licensing_info=_extracted(manifest, builder.refs),
    )


def render(context: ExportContext) -> str:
    """SPDX 2.3 JSON, or tag-value (escaped per that format) when the format is ``spdx-2.3-tv``."""
    document = build(context)
    stream = io.StringIO()
    if context.format == "spdx-2.3-tv":
        from aimanifest.exporters._tagvalue import escape_document, write_tag_value

        escape_document(document)
        write_tag_value(document, stream)
    else:
        from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream as write_json

        # nothing to deduplicate (the builder makes each element once): skip the deep copy
        write_json(document, stream, validate=False, drop_duplicates=False)
        stream.write("\n")
    return stream.getvalue()
