"""The real-release corpus (``tests/releases/``): every verdict a careful reviewer gives, pinned.

Each manifest describes a public release from its public documentation (facts carried over,
wording ours; its ``# source:`` note names the documents, and says which facts were unsure and
how they were read). ``tests/releases/verdicts.yaml`` holds, in one place, the tier, MOF class
and OSAID verdict a careful reviewer gives each one by the rules of docs/verdicts.md, whose
section 9 predicts every row by hand; this module checks the tool against that table, the
table against the docs, and the table's coverage claims against the manifests.

Everything is evaluated in-process (one ``classify`` run through the command's own entry point
covers the CLI), with an empty lineage cache, so that a base named by URL is unverified unless a
test puts it there.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import ROOT

import aimanifest
from aimanifest.cli import main
from aimanifest.lineage_source import cache_file

if TYPE_CHECKING:
    from aimanifest.verdicts import Verdicts

RELEASES = ROOT / "tests" / "releases"
TABLE = RELEASES / "verdicts.yaml"
SHOWS = (
    "osi-validated",
    "undisclosed-data",
    "restricted-licence",
    "closed",
    "fine-tune",
    "adapter",
    "quantized",
    "converted",
    "merge",
    "continued-pretraining",
    "unreleased-base",
    "partly-available-data",
    "item-licenses",
    "url-base",
)
"""What the issue asks the corpus to cover, one entry per kind of release or fact."""


@cache
def table() -> dict[str, dict[str, Any]]:
    releases: dict[str, dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))[
        "releases"
    ]
    return releases


def manifest(release: str) -> Path:
    return RELEASES / release / "aimanifest.yaml"


def data(release: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(manifest(release).read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(autouse=True)
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A lineage cache of our own, empty: nothing the machine has cached leaks in."""
    directory = tmp_path / "lineage-cache"
    directory.mkdir()
    monkeypatch.setenv("AIMANIFEST_CACHE_DIR", str(directory))
    return directory


def classify(release: str) -> Verdicts:
    return aimanifest.classify_file(manifest(release), root=RELEASES)


def test_the_table_covers_the_corpus() -> None:
    on_disk = sorted(str(p.parent.relative_to(RELEASES)) for p in RELEASES.glob("*/*/*.yaml"))
    assert on_disk == sorted(table())
    assert len(table()) >= 20
    for release in table():
        text = manifest(release).read_text(encoding="utf-8")
        assert re.search(r"^# source: \S", text, re.MULTILINE), f"{release}: no source note"
        assert data(release)["aimanifest"] == "1.1", f"{release}: the corpus is spec 1.1"


def test_the_corpus_covers_what_the_issue_asks() -> None:
    shown = {item for row in table().values() for item in row["shows"]}
    assert shown == set(SHOWS), set(SHOWS) ^ shown


def _relations(loaded: dict[str, Any]) -> set[str]:
    return {base["relation"] for base in loaded.get("lineage") or []}


def _datasets(loaded: dict[str, Any]) -> list[dict[str, Any]]:
    return [c["dataset"] for c in (loaded.get("data") or {}).get("components", [])]


def _shows(release: str, item: str, verdicts: Verdicts) -> bool:
    """Whether the manifest is what its `shows` entry says: a relation it names, or a fact."""
    loaded = data(release)
    datasets = _datasets(loaded)
    if item in _relations(loaded):
        return True
    checks = {
        "osi-validated": lambda: verdicts.osaid.verdict != "fail",
        "undisclosed-data": lambda: any(d["data_class"] == "undisclosed" for d in datasets),
        "restricted-licence": lambda: any(
            item.kind == "final-weights" and item.verdict.status == "restricted"
            for item in verdicts.licenses
        ),
        "closed": lambda: verdicts.effective_tier == "closed",
        "unreleased-base": lambda: (
            verdicts.lineage is not None
            and any(base.own_tier == "closed" for base in verdicts.lineage.bases)
        ),
        "partly-available-data": lambda: any("parts" in d for d in datasets),
        "item-licenses": lambda: any("item_licenses" in d for d in datasets),
        "url-base": lambda: any(
            "url" in (base.get("manifest") or {}) and "path" not in base["manifest"]
            for base in loaded.get("lineage") or []
        ),
    }
    return item in checks and bool(checks[item]())


@pytest.mark.parametrize("release", sorted(table()))
def test_every_manifest_validates_strictly(release: str) -> None:
    """No error and no warning (placeholders, hub licence spellings, unlisted licences...)."""
    result = aimanifest.validate_file(manifest(release), root=RELEASES)
    loud = [f.as_text() for f in result.findings if f.severity != "note"]
    assert loud == []
    notes = {f.rule for f in result.findings}
    assert notes <= {"lineage-unverified"}, notes  # only a base not in the (empty) cache


@pytest.mark.parametrize("release", sorted(table()))
def test_the_verdicts_are_a_careful_reviewers(release: str) -> None:
    expected = table()[release]
    verdicts = classify(release)
    tier = verdicts.effective_tier or "not-assessed"
    assert (tier, verdicts.mof.mof_class, verdicts.osaid.verdict) == (
        expected["tier"],
        expected["mof"],
        expected["osaid"],
    )
    assert verdicts.tier.tier == expected.get("own_tier", expected["tier"])
    if "tier_range" in expected:
        assert list(verdicts.tier_bounds) == expected["tier_range"]
    for item in expected["shows"]:
        assert _shows(release, item, verdicts), f"{release} does not show {item}"


def test_osi_validated_releases_never_fail_the_osaid() -> None:
    """Issue 6: documentation and data-information terms never turn the releases the OSI
    validated into a fail; each passes, or needs review where a person must judge."""
    validated = [r for r, row in table().items() if "osi-validated" in row["shows"]]
    assert len(validated) == 5
    for release in validated:
        osaid = classify(release).osaid
        assert osaid.verdict in ("pass", "needs-review"), (release, osaid.failures)


def _sha256(release: str) -> str:
    return hashlib.sha256(manifest(release).read_bytes()).hexdigest()


def test_pinned_base_digests_are_those_of_the_corpus_files() -> None:
    """A base pinned by digest is a corpus file; editing one means updating its pins."""
    digests = {_sha256(release): release for release in table()}
    for release in table():
        for base in data(release).get("lineage") or []:
            reference = base.get("manifest") or {}
            pinned = (reference.get("digests") or {}).get("sha256")
            if pinned is None:
                continue
            if "path" in reference:
                target = (manifest(release).parent / reference["path"]).resolve()
                actual = hashlib.sha256(target.read_bytes()).hexdigest()
                assert pinned == actual, f"{release}: pin {base['name']} with sha256 {actual}"
            else:
                assert pinned in digests, f"{release}: {base['name']} pins no corpus file"


@pytest.mark.parametrize(
    "release", sorted(release for release, row in table().items() if "cached" in row)
)
def test_a_base_named_by_url_is_assessed_once_in_the_cache(release: str, empty_cache: Path) -> None:
    """Not in the cache: not assessed (table above). Once the published manifests are cached
    (as --fetch-lineage would put them), the tier is assessed from them."""
    expected = table()[release]
    for base in expected["cache"]:
        Path(cache_file(str(empty_cache), _sha256(base), "aimanifest.yaml")).write_bytes(
            manifest(base).read_bytes()
        )
    verdicts = classify(release)
    assert verdicts.effective_tier == expected["cached"]["tier"]
    assert verdicts.osaid.verdict == expected["cached"]["osaid"]
    assert verdicts.lineage is not None
    assert all(base.verified for base in verdicts.lineage.bases)


def test_the_classify_command_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    """One run of the command over the whole corpus: the JSON contract says the same."""
    releases = sorted(table())
    paths = [str(manifest(release)) for release in releases]
    assert main(["classify", "--format", "json", "--root", str(RELEASES), *paths]) == 0
    reports = json.loads(capsys.readouterr().out)
    for release, report in zip(releases, reports, strict=True):
        expected = table()[release]
        tier = report["tier"] if report["tier_status"] == "assessed" else "not-assessed"
        assert (tier, report["mof"]["class"], report["osaid"]["verdict"]) == (
            expected["tier"],
            expected["mof"],
            expected["osaid"],
        ), release


def _predictions() -> dict[str, tuple[str, str | None, str]]:
    """docs/verdicts.md, section 9: per release, the tier, MOF class and OSAID verdict it
    predicts (the first bold word of each cell)."""
    text = (ROOT / "docs" / "verdicts.md").read_text(encoding="utf-8")
    section = text[text.index("## 9. ") :]
    found: dict[str, tuple[str, str | None, str]] = {}
    for line in section.splitlines():
        match = re.match(r"\| `([a-z0-9.-]+/[a-z0-9.-]+)` \|(.*)\|$", line)
        if match is None:
            continue
        cells = match.group(2).split("|")
        bold = [re.search(r"\*\*([^*]+)\*\*", cell) for cell in cells[-3:]]
        assert all(bold), line
        tier, mof, osaid = (b.group(1) for b in bold if b)
        found[match.group(1)] = (tier, None if mof == "none" else mof, osaid)
    return found


def test_the_docs_predict_every_verdict() -> None:
    predicted = _predictions()
    assert sorted(predicted) == sorted(table())
    for release, row in table().items():
        assert predicted[release] == (row["tier"], row["mof"], row["osaid"]), release
