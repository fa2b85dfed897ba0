"""`aimanifest classify` and `aimanifest import` as users run them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES, REFERENCE, valid_examples
from test_mof import ROMAN, mot_expected
from test_mof import _mot_key as mot_key

from aimanifest.cli import main

EXPECTED_TIER = re.compile(r"Expected tier: (not assessed \(own layers: ([a-z-]+)\)|[a-z-]+)")
MOT_TEST_DATA = sorted((REFERENCE / "mot" / "Test_Data").glob("*.yml"))


def _expected_tier(path: Path) -> str | None:
    """The tier the example states; None for "not assessed (own layers: ...)"."""
    found = EXPECTED_TIER.search(path.read_text(encoding="utf-8"))
    assert found, f"{path} states no 'Expected tier: ...' in its description"
    return None if found[2] else found[1]


def _expected_own_tier(path: Path) -> str:
    found = EXPECTED_TIER.search(path.read_text(encoding="utf-8"))
    assert found
    return found[2] or found[1]


def _classify_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["classify", "--format", "json", str(path)]) == 0
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


@pytest.mark.parametrize("path", valid_examples(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_example_classifies_to_its_stated_tier(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _classify_json(path, capsys)
    assert report["tier"] == _expected_tier(path)
    assert report["tier_status"] == ("assessed" if report["tier"] else "not-assessed")
    if report["tier"] is None:
        assert report["own_tier"] == _expected_own_tier(path)
    assert set(report) >= {"tier", "mof", "osaid", "missing"}
    mof = report["mof"]
    assert isinstance(mof, dict)
    assert mof["class"] in ("I", "II", "III", None)
    assert set(mof["progress"]) == {"I", "II", "III"}
    assert report["osaid"]["verdict"] in ("pass", "fail", "needs-review")  # type: ignore[index]


def test_examples_cover_every_tier() -> None:
    tiers = {_expected_own_tier(path) for path in valid_examples()}
    assert tiers == {
        "closed",
        "weights-available",
        "open-weights",
        "open-pipeline",
        "open-source-ai",
        "fully-open",
    }


@pytest.mark.skipif(not MOT_TEST_DATA, reason=f"reference data not found: {REFERENCE / 'mot'}")
@pytest.mark.parametrize("mot_file", MOT_TEST_DATA, ids=lambda p: p.stem[:40])
def test_mot_test_suite_through_import_and_classify(
    mot_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "aimanifest.yaml"
    assert main(["import", "--from", "mof", str(mot_file), "-o", str(out)]) == 0
    assert main(["validate", "--quiet", str(out)]) == 0
    capsys.readouterr()
    mof = _classify_json(out, capsys)["mof"]
    assert isinstance(mof, dict)
    expected = mot_expected()[mot_key(mot_file.stem)]
    assert mof["progress"] == {c: expected["progress"][str(n)] for n, c in ROMAN.items() if c}
    assert mof["class"] == ROMAN[int(expected["class"])]


def test_text_report_shows_progress_bars_and_the_next_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["classify", str(EXAMPLES / "gull-7b.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Tier        open-weights" in out
    assert re.search(r"Class III  \[[#.]{20}\] +\d+%", out)
    assert "To reach open-pipeline:" in out
    assert "(inherited from the release licence)" in out


def test_markdown_report_is_a_table_for_a_model_card(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "--format", "markdown", str(EXAMPLES / "heron-7b.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Openness of Heron-7B")
    assert "| Openness tier | **fully-open** |" in out
    assert "| OSAID 1.0 | pass |" in out


def test_badge_is_svg_and_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    badge = tmp_path / "openness.svg"
    assert main(["classify", "--badge", str(badge), str(EXAMPLES / "gull-7b.yaml")]) == 0
    root = ET.fromstring(badge.read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "open-weights" in "".join(root.itertext())
    first = badge.read_bytes()
    assert main(["classify", "--badge", str(badge), str(EXAMPLES / "heron-7b.yaml")]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert badge.read_bytes() == first
    assert (
        main(["classify", "--force", "--badge", str(badge), str(EXAMPLES / "heron-7b.yaml")]) == 0
    )
    assert "fully-open" in badge.read_text(encoding="utf-8")


def test_classify_refuses_an_invalid_manifest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", str(EXAMPLES / "invalid" / "schema-errors.yaml")]) == 2
    err = capsys.readouterr().err
    assert "schema-errors.yaml:13:21: error schema-enum:" in err
    assert "not classified" in err


def test_import_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mot_file = MOT_TEST_DATA[0] if MOT_TEST_DATA else pytest.skip("reference data not found")
    out = tmp_path / "aimanifest.yaml"
    out.write_text("mine\n", encoding="utf-8")
    assert main(["import", "--from", "mof", str(mot_file), "-o", str(out)]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert main(["import", "--from", "mof", str(mot_file), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert not list(tmp_path.glob(".aimanifest-*"))  # no temporary file left behind


def test_import_of_something_else_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_mot = tmp_path / "x.yml"
    not_mot.write_text("just: [a, list]\n", encoding="utf-8")
    assert main(["import", "--from", "mof", str(not_mot)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aimanifest: ") and "Traceback" not in err
    assert main(["import", "--from", "mof", str(tmp_path / "missing.yml")]) == 2
