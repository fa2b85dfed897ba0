"""``aimanifest update``: sizes and digests refreshed, new files added, the user's edits kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aimanifest.cli import main

CARD = "---\nlicense: mit\nlibrary_name: transformers\n---\n# Wren\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "wren"
    root.mkdir()
    (root / "README.md").write_text(CARD)
    (root / "config.json").write_text('{"model_type": "llama"}')
    (root / "model-00001-of-00002.safetensors").write_bytes(b"\x00" * 32)
    (root / "model-00002-of-00002.safetensors").write_bytes(b"\x01" * 32)
    assert run(capsys, "init", str(root), "--no-progress", "--repo-id", "example-lab/wren")[0] == 0
    return root


def _edit_by_hand(manifest: Path) -> str:
    """What a publisher does after init: comments, a reordered mapping, real values."""
    text = manifest.read_text()
    text = text.replace("release:\n", "# Reviewed by the release team.\nrelease:\n", 1)
    text = text.replace(
        "  name: wren\n  version: unspecified\n",
        "  version: '2.1'  # bumped for the retrain\n  name: wren\n",
        1,
    )
    manifest.write_text(text)
    return text


def test_init_change_update_keeps_edits_and_verifies(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = folder / "aimanifest.yaml"
    before = _edit_by_hand(manifest)
    assert run(capsys, "update", "--check", str(manifest))[0] == 0
    (folder / "model-00002-of-00002.safetensors").write_bytes(b"retrained" * 10)
    code, said = run(capsys, "update", "--check", str(manifest))
    assert code == 1
    assert "would be updated: 'model-00002-of-00002.safetensors': size 32 -> 90" in said
    assert manifest.read_text() == before  # --check writes nothing
    code, said = run(capsys, "update", "--no-progress", str(manifest))
    assert code == 0, said
    after = manifest.read_text()
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert [old.split(":")[0].strip() for old, _ in changed] == ["size", "sha256", "sha1"]
    assert "# Reviewed by the release team.\nrelease:\n  version: '2.1'  # bumped" in after
    import hashlib

    assert hashlib.sha256(b"retrained" * 10).hexdigest() in after
    assert run(capsys, "verify", str(manifest))[0] == 0
    assert run(capsys, "update", "--check", str(manifest))[0] == 0


def test_nothing_changed_nothing_written(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = folder / "aimanifest.yaml"
    stat = manifest.stat()
    code, said = run(capsys, "update", str(manifest))
    assert code == 0 and "up to date" in said
    assert manifest.stat().st_mtime_ns == stat.st_mtime_ns


def test_new_files_join_their_group_or_a_new_component(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = folder / "aimanifest.yaml"
    (folder / "model-00003-of-00003.safetensors").write_bytes(b"\x02")
    (folder / "checkpoint-100").mkdir()
    (folder / "checkpoint-100" / "model.safetensors").write_bytes(b"\x03")
    (folder / "notes.txt").write_text("todo")
    code, said = run(capsys, "update", "--no-progress", str(manifest))
    assert code == 0, said
    assert "'model-00003-of-00003.safetensors' added to wren" in said
    assert "'checkpoint-100/model.safetensors' added to wren-checkpoint-100" in said
    assert "'notes.txt': new, not recognised" in said
    data = yaml.safe_load(manifest.read_text())
    weights = {
        c["name"]: [a["path"] for a in c.get("artifacts", [])]
        for c in data["weights"]["components"]
    }
    assert weights["wren"][-1] == "model-00003-of-00003.safetensors"
    assert weights["wren-checkpoint-100"] == ["checkpoint-100/model.safetensors"]
    assert main(["validate", "--quiet", str(manifest)]) == 0


def test_a_file_that_is_gone_is_reported_not_dropped(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = folder / "aimanifest.yaml"
    (folder / "model-00001-of-00002.safetensors").unlink()
    code, said = run(capsys, "update", "--check", str(manifest))
    assert code == 1 and "'model-00001-of-00002.safetensors' does not exist" in said
    code, said = run(capsys, "update", str(manifest))
    assert code == 1 and "1 listed file(s) are gone" in said
    assert "model-00001-of-00002.safetensors" in manifest.read_text()


def test_a_json_manifest_keeps_its_key_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "w.safetensors").write_bytes(b"old")
    data = {
        "release": {"version": "1", "name": "J", "date": "2024-01-01", "publisher": {"name": "P"}},
        "aimanifest": "1.0",
        "weights": {
            "components": [
                {
                    "name": "j",
                    "kind": "final-weights",
                    "availability": "open",
                    "license": "MIT",
                    "artifacts": [
                        {"path": "w.safetensors", "size": 3, "digests": {"sha256": "0" * 64}}
                    ],
                }
            ]
        },
    }
    manifest = tmp_path / "aimanifest.json"
    manifest.write_text(json.dumps(data, indent=4) + "\n")
    code, said = run(capsys, "update", str(manifest))
    assert code == 0, said
    written = json.loads(manifest.read_text())
    assert list(written) == ["release", "aimanifest", "weights"]
    assert list(written["release"]) == ["version", "name", "date", "publisher"]
    assert manifest.read_text().startswith('{\n    "release"')
    assert run(capsys, "verify", str(manifest))[0] == 0


def test_a_path_leading_out_is_never_hashed(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A listed path that became a link out of the root: reported, its digest never printed."""
    import hashlib

    secret = tmp_path / "secret.bin"
    secret.write_bytes(b"do not hash me")
    shard = folder / "model-00001-of-00002.safetensors"
    shard.unlink()
    shard.symlink_to(secret)
    manifest = folder / "aimanifest.yaml"
    before = manifest.read_text()
    code, said = run(capsys, "update", str(manifest))
    assert code == 1
    assert "leads outside the root" in said
    assert hashlib.sha256(b"do not hash me").hexdigest()[:12] not in said + manifest.read_text()
    assert manifest.read_text() == before


def _subprocess(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aimanifest", *args],
        capture_output=True,
        text=True,
        timeout=10,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("case", ["fifo", "invalid", "bomb", "missing", "symlink"])
def test_an_unusable_manifest_exits_2(tmp_path: Path, case: str) -> None:
    manifest = tmp_path / "aimanifest.yaml"
    if case == "fifo":
        os.mkfifo(manifest)
    elif case == "invalid":
        manifest.write_text("aimanifest: '1.0'\nrelease: {name: x}\n")
    elif case == "bomb":
        manifest.write_text(
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                for i in range(8)
            )
        )
    elif case == "symlink":
        real = tmp_path / "real.yaml"
        (tmp_path / "w.bin").write_bytes(b"new")
        real.write_text(
            "aimanifest: '1.0'\nrelease: {name: x, version: '1', date: '2024-01-01', "
            "publisher: {name: p}}\nweights:\n  components:\n  - name: x\n    kind: final-weights\n"
            "    availability: open\n    license: MIT\n    artifacts:\n    - path: w.bin\n"
            "      size: 1\n      digests: {sha256: '" + "0" * 64 + "'}\n"
        )
        manifest.symlink_to(real)
    done = _subprocess("update", str(manifest))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert str(manifest) in done.stderr
