"""Hostile model cards, MOT files and model folders (issue 8): a message, never a hang or a crash.

Each case runs the command as a subprocess under a time limit and a memory cap, as a
registry or a pre-commit hook would, and asserts what the bad-input contract says: exit 1 or
2 (or 0 where the input is still usable and the bad part is left out with a note), the file
named, no traceback and no "internal error", nothing read outside the folder.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

LIMIT_SECONDS = 10
MEMORY = 1024 * 1024 * 1024


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "aimanifest", *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=LIMIT_SECONDS,
        stdin=subprocess.DEVNULL,
        preexec_fn=_cap,
        cwd=cwd,
        env={**os.environ, "AIMANIFEST_DEBUG": ""},
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - start


def refused(code: int, err: str, named: str) -> None:
    assert code in (1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert named in err, err


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"---\n{BOMB}---\n# X\n", "alias"),
        ("---\nx: " + "[" * 3000 + "]" * 3000 + "\n---\n", "deep"),
        ("---\n1: one\nlicense: mit\n---\n", "quote it"),
        ("---\n? [a, b]\n: c\n---\n", "keys are strings"),
        ("---\nlicense: mit\n", "never closed"),
        ("---\nlicense: mit\nlicense: apache-2.0\n---\n", "duplicate"),
    ],
    ids=["alias-bomb", "deep", "number-key", "list-key", "unclosed", "duplicate-key"],
)
def test_hostile_front_matter(tmp_path: Path, body: str, message: str) -> None:
    card = tmp_path / "README.md"
    card.write_text(body, encoding="utf-8")
    code, out, err, _ = run("import", "--from", "hf", str(card))
    refused(code, err, str(card))
    assert message in err.lower() or message in err
    assert out == ""


def test_a_ten_megabyte_card_is_refused_before_it_is_read(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    with card.open("wb") as stream:
        stream.write(b"---\nlicense: mit\n---\n")
        stream.truncate(10 * 1024 * 1024)  # sparse: costs nothing to make, much to read
    code, _, err, elapsed = run("import", "--from", "hf", str(card))
    refused(code, err, str(card))
    assert "limited to" in err
    assert elapsed < 5


def test_a_long_run_of_spaces_in_a_heading_is_linear(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n# a" + " " * 200_000 + "b\n", encoding="utf-8")
    code, out, err, elapsed = run("import", "--from", "hf", str(card))
    assert code == 0, err
    assert yaml.safe_load(out)["release"]["name"] == "a b"
    assert elapsed < 5


@pytest.mark.parametrize("command", ["hf", "mof"])
def test_a_fifo_or_a_device_as_input_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "card.md"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero"):
        code, _, err, _ = run("import", "--from", command, path)
        refused(code, err, path)
        assert "not a regular file" in err


def test_an_mot_alias_bomb_is_refused(tmp_path: Path) -> None:
    mot = tmp_path / "m.yml"
    mot.write_text(BOMB + "release: {name: x}\n", encoding="utf-8")
    code, _, err, _ = run("import", "--from", "mof", str(mot))
    refused(code, err, str(mot))


def test_sixteen_thousand_duplicate_mot_components_are_linear(tmp_path: Path) -> None:
    mot = tmp_path / "many.yml"
    entries = "".join("    - {name: Model architecture, license: MIT}\n" for _ in range(16_000))
    mot.write_text(
        f"release:\n  name: Many\n  version: '1'\n  date: '2024-01-01'\n  producer: X\n"
        f"  components:\n{entries}",
        encoding="utf-8",
    )
    code, out, err, elapsed = run("import", "--from", "mof", str(mot))
    assert code == 0, err[-2000:]
    names = [c["name"] for c in yaml.safe_load(out)["runtime"]["components"]]
    assert len(names) == len(set(names)) == 16_000
    assert names[-1] == "model-architecture-16000"
    assert elapsed < LIMIT_SECONDS


def test_a_file_name_with_newlines_never_becomes_yaml_keys(tmp_path: Path) -> None:
    card = tmp_path / "x\nclaims: {tier: fully-open}\n.md"
    card.write_text("---\nlicense: mit\n---\n# X\n", encoding="utf-8")
    out_file = tmp_path / "out.yaml"
    code, _, err, _ = run("import", "--from", "hf", str(card), "-o", str(out_file))
    assert code == 0, err
    data = yaml.safe_load(out_file.read_text(encoding="utf-8"))
    assert "claims" not in data
    assert "\\nclaims: {tier: fully-open}\\n.md" in out_file.read_text(encoding="utf-8")


def test_a_folder_name_with_newlines_never_becomes_yaml_keys(tmp_path: Path) -> None:
    folder = tmp_path / "m\nclaims: {tier: fully-open}\nx"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"w")
    code, out, err, _ = run("init", str(folder), "-o", "-", "--no-progress")
    assert code == 0, err
    data = yaml.safe_load(out)
    assert "claims" not in data
    assert data["release"]["name"] == folder.name


def test_hostile_folder_is_scaffolded_without_hanging_or_reading_outside(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"w")
    os.mkfifo(folder / "README.md")
    os.mkfifo(folder / "config.json")
    os.mkfifo(folder / "weights.bin")
    os.symlink("/etc/passwd", folder / "LICENSE")
    os.symlink("/etc", folder / "etc")
    (folder / "new\nline.safetensors").write_bytes(b"n")
    (folder / os.fsdecode(b"\xff\xfe.safetensors")).write_bytes(b"u")
    unreadable = folder / "tokenizer.json"
    unreadable.write_text("{}")
    unreadable.chmod(0)
    code, out, err, _ = run("init", str(folder), "-o", "-", "--no-progress")
    assert "Traceback" not in err and "internal error" not in err
    if code == 0:  # root reads any file: the unreadable one is then just a file
        data = yaml.safe_load(out)
        paths = [
            a["path"]
            for layer in ("weights", "runtime", "documentation")
            for c in data.get(layer, {}).get("components", [])
            for a in c.get("artifacts", [])
        ]
        assert "README.md" not in paths and "LICENSE" not in paths and "weights.bin" not in paths
        assert "new\nline.safetensors" in paths
        assert "root:" not in out  # nothing of /etc/passwd
        assert "LICENSE: a symbolic link leading outside" in err
        assert "is not UTF-8 text" in err
    else:
        refused(code, err, "tokenizer.json")


def test_twelve_thousand_checkpoints_are_placed_in_linear_time() -> None:
    """Placing files was a scan of every component per file: 30 s for 12,000 checkpoints."""
    from aimanifest.importers.common import ImportRun
    from aimanifest.importers.hf import convert
    from aimanifest.scaffold import FileFacts, build

    paths = [f"checkpoint-{step}/model.safetensors" for step in range(12_000)]
    run = ImportRun("the folder")
    data, _ = convert({}, "", source="run/README.md", run=run, name="run", has_card=False)
    start = time.perf_counter()
    build(
        paths,
        lambda wanted: {p: FileFacts(0, {"sha256": "0" * 64}) for p in wanted},
        data=data,
        run=run,
    )
    assert time.perf_counter() - start < 5
    assert len(data["weights"]["components"]) == 12_001


def test_three_thousand_checkpoint_folders_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    for step in range(3_000):
        checkpoint = folder / f"checkpoint-{step}"
        checkpoint.mkdir(parents=True)
        (checkpoint / "model.safetensors").write_bytes(b"")
    code, out, err, _ = run("init", str(folder), "-o", "-", "--no-progress")
    assert code == 0, err[-2000:]
    assert len(yaml.safe_load(out)["weights"]["components"]) == 3_001


def test_a_manifest_over_the_size_limit_is_a_message_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder (or a card) that would make a manifest over 8 MiB: one message, nothing written."""
    from aimanifest.cli._common import ReportedError, emit_manifest
    from aimanifest.importers.hf import convert

    data, _ = convert({"license": "mit"}, "# Big\n", source=str(tmp_path / "README.md"))
    data["release"]["description"] = "x " * (5 * 1024 * 1024)
    out = tmp_path / "aimanifest.yaml"
    with pytest.raises(ReportedError) as raised:
        emit_manifest(data, origin="test", output=str(out), force=False, label="aimanifest: init")
    assert raised.value.exit_code == 2
    err = capsys.readouterr().err
    assert "over the 8,388,608 bytes a manifest may have" in err
    assert "please report" not in err and "internal error" not in err
    assert not out.exists()
