"""`aimanifest diff`: openness changes between two manifests, on real fixture pairs, through
git, and from the real pre-commit hook."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, valid_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from aimanifest.diff import diff, regressions, snapshot
from aimanifest.source import read_document

CORPUS = [*valid_examples(), *sorted((ROOT / "tests" / "corpus" / "valid").glob("*.yaml"))]
HERON = EXAMPLES / "heron-7b.yaml"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aimanifest", "diff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same data with every mapping's keys in another order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: _shuffled(child, rng) for key, child in items}
    if isinstance(value, list):
        return [_shuffled(child, rng) for child in value]
    return value


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CORPUS), st.integers(0, 2**32))
def test_a_manifest_against_itself_has_no_change(path: Path, seed: int) -> None:
    data = read_document(str(path)).data
    same = snapshot(str(path), data, str(path))
    reordered = snapshot(str(path), _shuffled(data, random.Random(seed)), str(path))
    assert diff(same, reordered) == []


def _variant(tmp_path: Path, name: str, old: str, new: str, source: Path = HERON) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    for sibling in source.parent.glob("*.yaml"):
        if not (tmp_path / sibling.name).exists():
            shutil.copy(sibling, tmp_path / sibling.name)
    return target


def test_apache_to_rail_on_the_weights_fails_naming_the_component(tmp_path: Path) -> None:
    text = HERON.read_text(encoding="utf-8")
    weights_start = text.index("    - name: heron-7b\n")
    changed = text[:weights_start] + text[weights_start:].replace(
        "      availability: open\n",
        "      availability: open\n      license: LicenseRef-scancode-bigscience-open-rail-m\n",
        1,
    )
    (tmp_path / "new.yaml").write_text(changed, encoding="utf-8")
    completed = run(str(HERON), str(tmp_path / "new.yaml"), "--fail-on-regression")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert (
        "REGRESSION weights/heron-7b: licence Apache-2.0 (open) -> "
        "LicenseRef-scancode-bigscience-open-rail-m (restricted) (less open)"
    ) in completed.stdout
    assert "REGRESSION release: own tier fully-open -> weights-available" in completed.stdout
    without_flag = run(str(HERON), str(tmp_path / "new.yaml"))
    assert without_flag.returncode == 0  # reported, not failed, unless asked


def test_a_dataset_made_unavailable_fails_naming_the_component(tmp_path: Path) -> None:
    data = read_document(str(HERON)).data
    dataset = data["data"]["components"][0]["name"]
    text = HERON.read_text(encoding="utf-8")
    start = text.index(f"    - name: {dataset}\n")
    changed = text[:start] + text[start:].replace(
        "      availability: open\n", "      availability: unreleased\n", 1
    )
    (tmp_path / "new.yaml").write_text(changed, encoding="utf-8")
    completed = run(str(HERON), str(tmp_path / "new.yaml"), "--fail-on-regression")
    assert completed.returncode == 1
    assert f"REGRESSION data/{dataset}: availability open -> unreleased (less open)" in (
        completed.stdout
    )


def test_a_more_open_change_is_no_regression() -> None:
    old = snapshot("old", read_document(str(EXAMPLES / "babel-3b.yaml")).data, None)
    new = snapshot("new", read_document(str(HERON)).data, None)
    changes = diff(old, new)
    assert changes and not regressions(diff(old, old))
    completed = run(
        str(EXAMPLES / "gull-7b.yaml"), str(EXAMPLES / "gull-7b.yaml"), "--fail-on-regression"
    )
    assert completed.returncode == 0 and "0 change(s)" in completed.stdout


def test_components_added_removed_and_lineage(tmp_path: Path) -> None:
    old = read_document(str(EXAMPLES / "gull-7b-chat.yaml")).data
    new = json.loads(json.dumps(old))
    removed = new["training"]["components"].pop()
    new["training"]["components"].append({**removed, "name": "renamed-recipe"})
    new["lineage"][0]["relation"] = "continued-pretraining"
    changes = diff(
        snapshot("old", old, str(EXAMPLES / "gull-7b-chat.yaml")),
        snapshot("new", new, str(EXAMPLES / "gull-7b-chat.yaml")),
    )
    aspects = {(change.subject, change.aspect) for change in changes}
    assert (f"training/{removed['name']}", "removed") in aspects
    assert ("training/renamed-recipe", "added") in aspects
    assert ("lineage/Gull-7B", "relation") in aspects


def test_json_and_markdown(tmp_path: Path) -> None:
    new = _variant(tmp_path, "new.yaml", "  license: Apache-2.0\n", "  license: CC-BY-NC-4.0\n")
    report = json.loads(run(str(HERON), str(new), "--format", "json").stdout)
    [comparison] = report["comparisons"]
    assert comparison["compared"] and comparison["regressions"] > 0
    assert {"subject", "aspect", "old", "new", "regression", "message"} <= set(
        comparison["changes"][0]
    )
    markdown = run(str(HERON), str(new), "--format", "markdown").stdout
    assert markdown.startswith("### Openness: ")
    assert "| ⚠️ less open |" in markdown


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    shutil.copy(HERON, tmp_path / "aimanifest.yaml")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "release")
    return tmp_path


def test_git_revisions(repo: Path) -> None:
    manifest = repo / "aimanifest.yaml"
    manifest.write_text(
        manifest.read_text().replace("  license: Apache-2.0\n", "  license: CC-BY-NC-4.0\n", 1)
    )
    completed = run("git:HEAD:aimanifest.yaml", "aimanifest.yaml", "--fail-on-regression", cwd=repo)
    assert completed.returncode == 1 and "REGRESSION" in completed.stdout
    against = run("--against", "HEAD", "--fail-on-regression", "aimanifest.yaml", cwd=repo)
    assert against.returncode == 1
    assert against.stdout.startswith("git:HEAD:./aimanifest.yaml -> aimanifest.yaml: ")
    (repo / "new").mkdir()
    shutil.copy(HERON, repo / "new" / "aimanifest.yaml")
    fresh = run("--against", "HEAD", "new/aimanifest.yaml", cwd=repo)
    assert fresh.returncode == 0 and "new manifest" in fresh.stdout


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("git:HEAD:missing.yaml", "git cannot read it"),
        ("git:--output=/tmp/x:aimanifest.yaml", "is not a revision"),
        ("git:HEAD", "git:REV:PATH"),
        ("git:no-such-rev:aimanifest.yaml", "git cannot read it"),
    ],
)
def test_bad_git_specs_exit_2_naming_them(repo: Path, spec: str, message: str) -> None:
    completed = run(spec, "aimanifest.yaml", cwd=repo)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert f"{spec}:1:1: error" in completed.stderr and message in completed.stderr
    assert "Traceback" not in completed.stderr


def test_an_invalid_version_is_not_compared(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('aimanifest: "1.0"\n')
    completed = run(str(HERON), str(bad))
    assert completed.returncode == 2
    assert f"{bad}:1:1: error schema-required" in completed.stderr


def test_the_opt_in_pre_commit_hook_fails_a_change_that_lowers_openness(repo: Path) -> None:
    from test_precommit import _try_repo

    manifest = repo / "aimanifest.yaml"
    manifest.write_text(
        manifest.read_text().replace("  license: Apache-2.0\n", "  license: CC-BY-NC-4.0\n", 1)
    )
    _git(repo, "add", "aimanifest.yaml")
    completed = _try_repo(repo, "aimanifest.yaml", hook="aimanifest-diff")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "REGRESSION" in completed.stdout and "Failed" in completed.stdout
    # the passing side (an unchanged or more open manifest) is test_git_revisions' --against
