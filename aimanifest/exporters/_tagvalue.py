"""SPDX 2.3 tag-value: the format's escaping rule, and a writer that stays linear.

Why escaping is needed here and nowhere else: JSON escapes by construction, but tag-value is
lines of ``Tag: value``, with multi-line values wrapped in ``<text>...</text>`` and no escape
for either. So a manifest name holding a newline would start a line of its own (a forged
``PackageName:`` or ``Creator:``), and a description holding ``</text>`` would close its block
early and let the rest be read as tags. spdx-tools writes values as they are, so every string
of the document is made safe before it is written:

* single-line values: line breaks (``\\n``, ``\\r``, NEL, U+2028/2029), tabs, other control
  characters and the invisible bidirectional controls (which can make a text reader show
  something else than what is parsed) are written as visible escapes such as ``\\n`` or
  ``\\u202e``: the terminal rule of :mod:`aimanifest.escape`, which owns that character set;
* multi-line values (descriptions, comments, licence texts) keep their newlines, except before
  a line that starts like a tag, and each line is escaped by the same rule (tabs kept);
* ``<text>`` and ``</text>`` inside any value become ``&lt;text&gt;`` and ``&lt;/text&gt;``,
  so that only the writer's own delimiters delimit.

The JSON outputs carry the exact values; tag-value, a format for reading, shows the escapes.

Why a writer of our own: spdx-tools' ``write_document`` checks membership in lists of file ids
once per file, so 100,000 artifacts would take hours. This writer visits the same elements in
the same order with spdx-tools' own element writers, keyed by dictionaries instead.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, TextIO

from spdx_tools.spdx.model.actor import Actor
from spdx_tools.spdx.model.package import ExternalPackageRef
from spdx_tools.spdx.model.relationship import RelationshipType
from spdx_tools.spdx.writer.tagvalue.creation_info_writer import write_creation_info
from spdx_tools.spdx.writer.tagvalue.extracted_licensing_info_writer import (
    write_extracted_licensing_info,
)
from spdx_tools.spdx.writer.tagvalue.file_writer import write_file
from spdx_tools.spdx.writer.tagvalue.package_writer import write_package
from spdx_tools.spdx.writer.tagvalue.relationship_writer import write_relationship

from aimanifest.escape import single_line, terminal

if TYPE_CHECKING:
    from spdx_tools.spdx.model.document import Document

TEXT_FIELDS = frozenset(
    {
        "attribution_texts",
        "comment",
        "creator_comment",
        "description",
        "document_comment",
        "extracted_text",
        "license_comment",
        "notice",
        "source_info",
        "summary",
    }
)
"""Fields spdx-tools writes as ``<text>`` blocks when they hold a newline. Not
``copyright_text``: a manifest's copyright notice is one line (spec 1.1), so it is escaped as a
single-line value (a tab, allowed inside a notice, is shown as ``\\t`` too)."""

_DELIMITER = re.compile(r"<(/?)text>")
_TAG_LIKE = re.compile(r"\s*[A-Za-z][A-Za-z0-9_-]*\s*:")


def escape_line(value: str) -> str:
    """``value`` safe as a single-line tag-value value: the terminal rule (every line break
    and control shown as an escape, :mod:`aimanifest.escape`), tabs too, and no delimiters."""
    return _DELIMITER.sub(r"&lt;\1text&gt;", single_line(value))


def escape_text(value: str) -> str:
    """``value`` safe inside a ``<text>`` block: each line by the terminal rule, newlines kept
    except before a line that starts like a tag (``PackageName: ...``), where the newline is
    shown as ``\\n``. spdx-tools reads such a line as text either way; a reader that goes
    line by line (``grep '^PackageName:'``) would take it for a tag."""
    first, *rest = value.split("\n")
    out = [terminal(first)]
    for line in rest:
        out.append(("\\n" if _TAG_LIKE.match(line) else "\n") + terminal(line))
    return _DELIMITER.sub(r"&lt;\1text&gt;", "".join(out))


def _escaped(value: Any, text: bool) -> Any:
    if isinstance(value, str):
        return escape_text(value) if text else escape_line(value)
    if isinstance(value, list):
        return [_escaped(item, text) for item in value]
    if isinstance(value, (Actor, ExternalPackageRef)):
        _escape_fields(value)
    return value


def _escape_fields(element: Any) -> None:
    """Every string field of an spdx-tools model object, escaped in place."""
    for field in dataclasses.fields(element):
        value = getattr(element, field.name)
        escaped = _escaped(value, field.name in TEXT_FIELDS)
        if escaped is not value:
            setattr(element, field.name, escaped)


def escape_document(document: Document) -> None:
    """Every string of ``document`` made safe for tag-value (the document is changed)."""
    _escape_fields(document.creation_info)
    for creator in document.creation_info.creators:
        _escape_fields(creator)
    for group in (
        document.packages,
        document.files,
        document.relationships,
        document.extracted_licensing_info,
    ):
        for element in group:
            _escape_fields(element)


def write_tag_value(document: Document, out: TextIO) -> None:
    """``document`` as tag-value, as spdx-tools' ``write_document`` lays it out.

    Each package is followed by the files it CONTAINS; a CONTAINS relationship that the nesting
    already says is not repeated unless it has a comment. The document has no snippets or
    annotations (the exporter makes none).
    """
    files = {file.spdx_id: file for file in document.files}
    packages = {package.spdx_id for package in document.packages}
    nested: dict[str, list[Any]] = {}
    relationships = []
    for relationship in document.relationships:
        target = relationship.related_spdx_element_id
        if (
            relationship.relationship_type is RelationshipType.CONTAINS
            and relationship.spdx_element_id in packages
            and isinstance(target, str)
            and target in files
        ):
            nested.setdefault(relationship.spdx_element_id, []).append(files.pop(target))
            if not relationship.comment:
                continue
        relationships.append(relationship)
    out.write("## Document Information\n")
    write_creation_info(document.creation_info, out)
    out.write("\n")
    for file in files.values():  # files no package contains
        write_file(file, out)
        out.write("\n")
    for package in document.packages:
        write_package(package, out)
        out.write("\n")
        for file in nested.get(package.spdx_id, []):
            write_file(file, out)
            out.write("\n")
    if document.extracted_licensing_info:
        out.write("## License Information\n")
    for info in document.extracted_licensing_info:
        write_extracted_licensing_info(info, out)
        out.write("\n")
    if relationships:
        out.write("## Relationships\n")
    for relationship in relationships:
        write_relationship(relationship, out)
    out.write("\n")
