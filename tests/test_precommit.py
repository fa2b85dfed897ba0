"""The real `pre-commit` runs the real hook from this repository on a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _new_repo(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """An empty git repository (git is required anyway: pre-commit runs on one)."""
    repo = tmp_path_factory.mktemp(name)
    _git(repo, "init", "-q")
    return repo


@pytest.fixture(scope="module")
def model_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model repository with one valid manifest and one broken one, both staged."""
    repo = _new_repo(tmp_path_factory, "model-repo")
    shutil.copy(EXAMPLES / "tiny-model" / "aimanifest.yaml", repo / "aimanifest.yaml")
    (repo / "variant").mkdir()
    shutil.copy(
        EXAMPLES / "invalid" / "yaml-unquoted-version.yaml", repo / "variant" / "aimanifest.yaml"
    )
    (repo / "notes.yaml").write_text(
        "not: [a manifest\n", encoding="utf-8"
    )  # not matched by the hook
    _git(repo, "add", ".")
    return repo


def _try_repo(
    repo: Path, *files: str, hook: str = "aimanifest-validate"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            hook,
            "--verbose",
            *(["--files", *files] if files else ["--all-files"]),
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_hook_passes_a_valid_manifest(model_repo: Path) -> None:
    completed = _try_repo(model_repo, "aimanifest.yaml", "notes.yaml")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "aimanifest validate" in completed.stdout
    assert "Passed" in completed.stdout


def test_hook_fails_a_broken_manifest_with_located_message(model_repo: Path) -> None:
    completed = _try_repo(model_repo, "aimanifest.yaml", "variant/aimanifest.yaml")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Failed" in completed.stdout
    assert (
        "variant/aimanifest.yaml:5:12: error schema-type: release.version: 1.10 is read as a "
        'number, not a string; quote it: "1.10"'
    ) in completed.stdout


@pytest.fixture(scope="module")
def release_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model repository holding the tiny model's manifest and its real files, committed."""
    repo = _new_repo(tmp_path_factory, "release-repo")
    shutil.copytree(EXAMPLES / "tiny-model", repo, dirs_exist_ok=True)
    _git(repo, "add", ".")
    _git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-q",
        "-m",
        "release",
    )
    return repo


def test_verify_hook_passes_matching_files_and_fails_a_changed_one(release_repo: Path) -> None:
    completed = _try_repo(release_repo, hook="aimanifest-verify")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "aimanifest verify" in completed.stdout and "Passed" in completed.stdout

    weights = release_repo / "model.safetensors"
    content = bytearray(weights.read_bytes())
    content[-1] ^= 0xFF
    weights.write_bytes(bytes(content))
    _git(release_repo, "add", "model.safetensors")  # pre-commit checks what is staged
    completed = _try_repo(release_repo, hook="aimanifest-verify")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Failed" in completed.stdout
    assert "aimanifest.yaml:" in completed.stdout
    assert "error digest-mismatch" in completed.stdout
