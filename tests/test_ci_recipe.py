"""The GitHub Actions workflow of docs/ci.md: its shell steps run as written.

A real git repository plays the model repository: the tiny model (real files, true digests)
committed on ``main`` and pushed to an ``origin``, then a pull-request branch. Each ``run:``
step of the documented workflow runs in bash with the environment GitHub would give it
(``GITHUB_ACTIONS=true``, the workflow's ``env``); ``uses:`` steps and ``gh`` are GitHub's
and are skipped. A pull request that keeps openness passes every step; one that puts the
weights under a non-commercial licence fails the diff step with a markdown diff naming them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT


def _workflow() -> dict[str, Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(name: openness.*?)```", text, re.S)
    assert block is not None
    loaded: dict[str, Any] = yaml.safe_load(block.group(1))
    return loaded


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", str(origin))
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(EXAMPLES / "tiny-model", repo, dirs_exist_ok=True)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "release")
    _git(repo, "remote", "add", "origin", str(origin))
    _git(repo, "push", "-q", "origin", "main")
    _git(repo, "fetch", "-q", "origin")
    _git(repo, "checkout", "-q", "-b", "pr")
    return repo


def _run_steps(repo: Path) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    job = _workflow()["jobs"]["aimanifest"]
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_ACTIONS": "true",
        "BASE_REF": "main",
        "PR_NUMBER": "7",
    }
    ran = []
    for step in job["steps"]:
        script = step.get("run")
        if script is None or script.startswith("pip install") or script.startswith("gh "):
            continue  # GitHub's own actions, the install (done), and the GitHub CLI
        if "${{" in script:
            pytest.fail(f"a GitHub expression inside a script (use env): {script}")
        completed = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        ran.append((step.get("name", script), completed))
    return ran


def test_a_pull_request_that_keeps_openness_passes_every_step(pull_request: Path) -> None:
    ran = _run_steps(pull_request)
    assert len(ran) == 5  # validate, SARIF, verify, diff, report and badge
    for name, completed in ran:
        assert completed.returncode == 0, (name, completed.stdout, completed.stderr)
    assert (pull_request / "openness.html").read_text().startswith("<!DOCTYPE html>")
    assert (pull_request / "openness.svg").read_text().startswith("<svg")
    assert (pull_request / "openness-diff.md").read_text().startswith("### Openness: ")
    assert '"version": "2.1.0"' in (pull_request / "aimanifest.sarif").read_text()


def test_a_pull_request_that_lowers_openness_fails_the_diff_step(pull_request: Path) -> None:
    manifest = pull_request / "aimanifest.yaml"
    manifest.write_text(
        manifest.read_text().replace("  license: Apache-2.0\n", "  license: CC-BY-NC-4.0\n", 1)
    )
    _git(pull_request, "commit", "-q", "-am", "non-commercial weights")
    results = dict(_run_steps(pull_request))
    diff = results["openness diff against the base branch"]
    assert diff.returncode == 1, diff.stdout + diff.stderr
    comment = (pull_request / "openness-diff.md").read_text()
    assert "regression(s)" in comment and "weights/gnat-tiny" in comment
