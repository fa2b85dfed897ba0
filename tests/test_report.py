"""`aimanifest report`: the HTML page, in a real browser (tests/browser.py) and as text.

In the browser, for every bundled example and a hostile manifest: the page loads from
``file://`` with no console error and no network request, shows the tier and every component
name, and has no horizontal scroll at 1280 and 390 pixels; strings holding ``<script>`` and
``javascript:`` URLs render as inert text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from browser import Page, page  # noqa: F401  (the fixture)
from conftest import EXAMPLES, ROOT, valid_examples

from aimanifest.source import read_document

HOSTILE = ROOT / "tests" / "fixtures" / "hostile-report.yaml"
EXAMPLE_IDS = [path.relative_to(EXAMPLES).as_posix() for path in valid_examples()]


def report(manifest: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aimanifest", "report", str(manifest), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report of every example and of the hostile manifest, written once."""
    folder = tmp_path_factory.mktemp("reports")
    written = {}
    for manifest in [*valid_examples(), HOSTILE]:
        name = manifest.relative_to(ROOT).as_posix().replace("/", "_")
        target = folder / f"{name}.html"
        completed = report(manifest, target)
        assert completed.returncode == 0, completed.stderr
        written[str(manifest)] = target
    return written


def _component_names(manifest: Path) -> list[str]:
    data = read_document(str(manifest)).data
    return [
        component["name"]
        for layer in ("weights", "runtime", "training", "data", "documentation")
        for component in data.get(layer, {}).get("components", [])
    ]


@pytest.mark.parametrize("manifest", [*valid_examples(), HOSTILE], ids=[*EXAMPLE_IDS, "hostile"])
def test_page_in_a_real_browser(manifest: Path, pages: dict[str, Path], page: Page) -> None:  # noqa: F811
    from aimanifest import classify_file

    url = pages[str(manifest)].as_uri()
    verdicts = classify_file(manifest)
    for width, mobile in ((1280, False), (390, True)):
        page.open(url, width=width, mobile=mobile)
        assert page.script("return document.readyState") == "complete"
        assert page.console_errors() == [], (width, page.console_errors())
        assert page.requests() == [url], (width, page.requests())
        assert page.horizontal_overflow() <= 0, (width, page.horizontal_overflow())
        assert page.texts("#tier") == [verdicts.effective_tier or "not assessed"]
        assert sorted(page.texts(".component-name")) == sorted(_component_names(manifest))


def test_hostile_strings_render_as_inert_text(pages: dict[str, Path], page: Page) -> None:  # noqa: F811
    page.open(pages[str(HOSTILE)].as_uri(), width=1280)
    assert page.script("return window.pwned === undefined")
    assert page.script("return document.scripts.length") == 0
    assert page.script("return document.querySelectorAll('iframe, img, object, embed').length") == 0
    hrefs = page.script("return [...document.links].map(a => a.getAttribute('href'))")
    assert all(href.startswith(("https://", "http://")) for href in hrefs), hrefs
    body = page.script("return document.body.innerText")
    assert "<script>window.pwned = 1</script>Evil-7B" in body
    assert "javascript:window.pwned=7" in body
    assert "{{ 7 * 7 }}" in body  # template syntax in a value is not evaluated either
    assert page.script("return document.title").startswith("Openness of <script>")


def test_the_page_is_self_contained_by_its_own_policy(pages: dict[str, Path]) -> None:
    text = pages[str(EXAMPLES / "gull-7b-chat.yaml")].read_text(encoding="utf-8")
    assert "default-src 'none'" in text
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert "prefers-color-scheme: dark" in text


def test_report_refuses_to_overwrite_and_exits_2_on_an_invalid_manifest(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("mine\n")
    assert report(EXAMPLES / "heron-7b.yaml", target).returncode == 2
    assert target.read_text() == "mine\n"
    invalid = tmp_path / "bad.yaml"
    invalid.write_text('aimanifest: "1.0"\n')
    completed = report(invalid, tmp_path / "other.html")
    assert completed.returncode == 2
    assert f"{invalid}:1:1:" in completed.stderr
    assert not (tmp_path / "other.html").exists()


def test_report_shows_what_the_next_rung_needs_and_the_lineage(pages: dict[str, Path]) -> None:
    text = pages[str(EXAMPLES / "gull-7b-chat.yaml")].read_text(encoding="utf-8")
    assert "To reach open-pipeline" in text
    assert "Gull-7B" in text and "fine-tune" in text  # the base, its relation
    assert "Model Openness Framework" in text and "Open Source AI Definition 1.0" in text


def test_the_browser_checks_can_fail(tmp_path: Path, page: Page) -> None:  # noqa: F811
    """The harness sees what it must refuse: a wide page, a network request, a console error."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><meta name="viewport" content="width=device-width">'
        '<div style="width: 2000px">wide</div><img src="https://example.org/x.png">'
        '<script>console.error("broken")</script>',
        encoding="utf-8",
    )
    page.open(bad.as_uri(), width=390, mobile=True)
    assert page.horizontal_overflow() > 0
    assert "https://example.org/x.png" in page.requests()
    assert any("broken" in message for message in page.console_errors())
