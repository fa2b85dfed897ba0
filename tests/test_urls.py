"""URL fields refuse control and bidi characters (RFC 3986, RFC 3987), in every spec version.

Before this rule, ``url: "https://example.org/\\e[31m"`` validated, was printed raw by other
tools and made the exported CycloneDX document fail CycloneDX's own schema.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hostile import VALID

from aimanifest.cli import main
from aimanifest.urls import URL_FIELDS


def _uri_properties(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            if isinstance(value, dict) and value.get("format") == "uri":
                found.add(key)
        for value in node.values():
            found |= _uri_properties(value)
    elif isinstance(node, list):
        for value in node:
            found |= _uri_properties(value)
    return found


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_the_url_fields_are_those_the_schema_declares(version: str) -> None:
    schema = json.loads((ROOT / "schema" / f"aimanifest-{version}.schema.json").read_text())
    assert _uri_properties(schema) == URL_FIELDS


def _run(args: list[str]) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(args)
    return code, out.getvalue() + err.getvalue()


BAD_CHARACTERS = ["\x1b", "\x07", "\x7f", "\x85", "\u202e", "\u2066", "\x00"]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
@pytest.mark.parametrize("character", BAD_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_url_with_a_control_character_is_invalid(
    version: str, character: str, tmp_path: Path
) -> None:
    url = json.dumps(f"https://example.org/w{character}[31mred")
    text = VALID.replace('aimanifest: "1.0"', f'aimanifest: "{version}"').replace(
        '{url: "https://example.org/w"}', "{url: " + url + "}"
    )
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    code, printed = _run(["validate", str(path)])
    assert code == 1, printed
    line = next(x for x in printed.splitlines() if "url-invalid" in x)
    assert line.startswith(f"{path}:13:")  # the location's url value
    assert f"U+{ord(character):04X}" in line and "percent-encode" in line
    assert character not in printed  # shown escaped, never raw


LINKS = ("homepage", "repository", "model_hub", "paper", "documentation", "issues")


def test_every_url_field_is_checked(tmp_path: Path) -> None:
    links = "".join(f'    {key}: "https://example.org/{key}%BEL"\n' for key in LINKS)
    text = (
        (
            'aimanifest: "1.1"\n'
            "release:\n"
            "  name: Hostile-1B\n"
            '  version: "1.0"\n'
            '  date: "2024-05-01"\n'
            '  publisher: {name: Example Lab, url: "https://example.org/%ESC"}\n'
            "  license: Apache-2.0\n"
            "  links:\n"
            f"{links}"
            "lineage:\n"
            "  - name: Base\n"
            '    url: "https://example.org/base%ESC"\n'
            f'    manifest: {{url: "https://e.org/b%ESC", digests: {{sha256: "{"0" * 64}"}}}}\n'
            "    relation: fine-tune\n"
            "weights:\n"
            "  components:\n"
            "    - name: hostile-weights\n"
            "      kind: final-weights\n"
            "      availability: open\n"
            '      location: {url: "https://example.org/w%ESC", repository: "https://e.org/r%ESC"}\n'
            "      artifacts:\n"
            f'        - {{uri: "https://example.org/a%ESC", digests: {{sha256: "{"0" * 64}"}}}}\n'
            'x-notes: {url: "https://example.org/%ESC"}\n'
        )
        .replace("%ESC", "\\e")
        .replace("%BEL", "\\a")
    )
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    code, printed = _run(["validate", str(path)])
    assert code == 1, printed
    flagged = [x for x in printed.splitlines() if " url-invalid: " in x]
    keys = sorted(x.split(" url-invalid: ", 1)[1].split(" ", 1)[0] for x in flagged)
    expected = ["url", *LINKS, "url", "url", "url", "repository", "uri"]
    assert keys == sorted(expected), printed  # and nothing under the x- extension


def test_an_iri_and_a_percent_encoded_url_stay_valid(tmp_path: Path) -> None:
    text = VALID.replace(
        '{url: "https://example.org/w"}', '{url: "https://例え.example/パス/%1B%07"}'
    )
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    assert _run(["validate", "--strict", str(path)])[0] == 0


def test_export_refuses_it_instead_of_writing_an_invalid_sbom(tmp_path: Path) -> None:
    """The bug: the manifest validated and the CycloneDX output failed CycloneDX's schema."""
    text = VALID.replace('{url: "https://example.org/w"}', '{url: "https://example.org/\\e[2J"}')
    path, target = tmp_path / "m.yaml", tmp_path / "bom.cdx.json"
    path.write_text(text, encoding="utf-8")
    code, printed = _run(["export", str(path), "--to", "cyclonedx-1.6", "-o", str(target)])
    assert code == 1 and "url-invalid" in printed
    assert not target.exists()
