"""What each fuzz target feeds to aimanifest, and the contract it must keep on any input.

A target takes bytes and returns normally when aimanifest behaved: it refused the input with
its own located error, or accepted it and what it produced holds up. Anything else (another
exception, a refusal without a location, an accepted input whose output is not a valid
manifest) is a finding: the target raises, and the fuzzer saves the input.

Targets go through the public functions the commands use, so a finding is a bug a user can hit.
Each importer target writes the input to a file first: the importers take paths, and the file
is read through the one reader like any user's file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import Any

Target = Callable[[bytes], None]


def _located(findings: Any) -> None:
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1, finding
        assert "\n" not in finding.as_text(), finding


def reader(data: bytes) -> None:
    """The manifest reader, YAML and JSON: a Document, or a SourceError with located findings."""
    from aimanifest.source import SourceError, decode_text
    from aimanifest.source.json_reader import parse_json
    from aimanifest.source.yaml_reader import parse_yaml

    for name, parse in (("m.yaml", parse_yaml), ("m.json", parse_json)):
        try:
            document = parse(name, decode_text(name, data))
        except SourceError as error:
            assert error.findings, "a SourceError without findings"
            _located(error.findings)
            continue
        from aimanifest.validate import validate_document

        _located(validate_document(document))


def licence(data: bytes) -> None:
    """Every licence function on any text: problems as messages, verdicts, never exceptions."""
    from aimanifest.licenses import check_license_expression, classify_license, normalize_license

    text = data.decode("utf-8", errors="replace")
    check_license_expression(text)
    for content_type in ("code", "data", "document"):
        classify_license(text, content_type)  # type: ignore[arg-type]
    expression, _warning = normalize_license(text)
    assert not check_license_expression(expression) or expression.startswith("LicenseRef-"), (
        f"normalize_license({text!r}) gave {expression!r}, which does not check"
    )


def _through_file(data: bytes, suffix: str, convert: Callable[[str], Any]) -> Any:
    handle, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        return convert(path)
    finally:
        os.unlink(path)


def _valid_manifest(data: dict[str, Any]) -> None:
    """What an importer produced must be a schema-valid manifest once written as YAML."""
    import yaml

    from aimanifest.source.yaml_reader import parse_yaml
    from aimanifest.validate import structural_findings

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    document = parse_yaml("generated.yaml", text)
    errors = [f for f in structural_findings(document) if f.severity == "error"]
    assert not errors, errors


def hf_card(data: bytes) -> None:
    """A Hugging Face model card: a manifest that validates, or the importer's own error."""
    from aimanifest.importers.hf import HfImportError, import_file

    try:
        manifest, _warnings = _through_file(data, ".md", import_file)
    except HfImportError:
        return
    _valid_manifest(manifest)


def mot_file(data: bytes) -> None:
    """A Model Openness Tool model file: a manifest that validates, or the importer's error."""
    from aimanifest.importers.mof import MotImportError, import_file

    try:
        manifest, _warnings = _through_file(data, ".yml", import_file)
    except MotImportError:
        return
    _valid_manifest(manifest)


TARGETS: dict[str, Target] = {
    "reader": reader,
    "licence": licence,
    "hf": hf_card,
    "mof": mot_file,
}
