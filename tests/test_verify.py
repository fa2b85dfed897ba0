"""`aimanifest verify` on real files in a temporary directory: every rule, exit code and format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, reference
from verify_helpers import artifact_yaml, line_of, make_release

from aimanifest.cli import main

WEIGHTS = bytes(range(256)) * 40
CONFIG = b'{"hidden_size": 4}\n'


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return make_release(
        tmp_path,
        {"model.safetensors": WEIGHTS, "config/config.json": CONFIG},
        algorithms=("sha256", "sha1"),
    )


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["verify", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_all_good_exits_0(release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = verify(capsys, str(release))
    assert (code, out) == (0, "")
    assert "2 of 2 file(s) verified" in err
    assert "root digest (model-signing compatible): sha256:" in err


def test_a_changed_byte_is_a_digest_mismatch_at_the_digest_line(
    release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weights = release.parent / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[1000] ^= 1
    weights.write_bytes(bytes(data))
    code, out, _ = verify(capsys, str(release))
    line, column = line_of(release, "sha256:")  # the first artifact's digest
    assert code == 1
    assert out.startswith(f"{release}:{line}:{column}: error digest-mismatch: 'model.safetensors'")
    assert "sha256 is " in out and "sha1 is " in out  # both algorithms were recomputed
    assert out.count("\n") == 1


def test_missing_file(release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (release.parent / "config" / "config.json").unlink()
    code, out, _ = verify(capsys, str(release))
    line, column = line_of(release, "- path:", "config/config.json")
    assert code == 1
    assert out == (
        f"{release}:{line}:{column}: error missing-file: 'config/config.json' does not exist\n"
    )


def test_size_mismatch_is_found_before_hashing(
    release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(release.parent / "model.safetensors", "ab") as stream:
        stream.write(b"\0")
    code, out, _ = verify(capsys, str(release))
    line, column = line_of(release, "size:")
    assert code == 1
    assert out == (
        f"{release}:{line}:{column}: error size-mismatch: 'model.safetensors' is "
        f"{len(WEIGHTS) + 1:,} bytes, but the manifest says {len(WEIGHTS):,}\n"
    )


def test_unlisted_file_is_a_warning_and_fails_with_strict(
    release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = release.parent
    (root / "notes.txt").write_text("draft\n")
    for plumbing in (".gitattributes", ".gitignore", "model.sig", ".git/config", ".hg/x"):
        (root / plumbing).parent.mkdir(exist_ok=True)
        (root / plumbing).write_text("plumbing\n")
    code, out, _ = verify(capsys, str(release))
    assert code == 0
    assert out == (
        f"{release}:1:1: warning unlisted-file: 'notes.txt' (6 bytes) is under the root "
        "but no artifact lists it\n"
    )
    assert verify(capsys, "--strict", str(release))[0] == 1
    assert verify(capsys, "--strict", "--ignore", "*.txt", str(release))[:2] == (0, "")


def test_symlink_escaping_the_root_is_an_error_naming_the_artifact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.bin"
    outside.write_bytes(WEIGHTS)
    root = tmp_path / "repo"
    root.mkdir()
    manifest = make_release(root, {"real.bin": CONFIG})
    (root / "linked.bin").symlink_to(outside)
    (root / "linked-dir").symlink_to(tmp_path)
    with open(manifest, "a") as stream:
        stream.write(artifact_yaml("linked.bin", WEIGHTS))
        stream.write(artifact_yaml("linked-dir/outside.bin", WEIGHTS))
    code, out, _ = verify(capsys, str(manifest))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(" error path-escape: " in line for line in lines)
    assert "'linked.bin' leads outside the root through a symbolic link" in lines[0]
    assert "'linked-dir/outside.bin' leads outside" in lines[1]


def test_symlink_inside_the_root_is_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = make_release(tmp_path, {"blobs/abc": WEIGHTS})
    (tmp_path / "model.bin").symlink_to("blobs/abc")
    with open(manifest, "a") as stream:
        stream.write(artifact_yaml("model.bin", WEIGHTS))
    assert verify(capsys, str(manifest))[:2] == (0, "")


def test_dotdot_is_refused_before_any_file_is_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret").write_bytes(CONFIG)
    manifest = make_release(root, {})
    with open(manifest, "a") as stream:
        stream.write(artifact_yaml("sub/../../secret", CONFIG))
    code, _, err = verify(capsys, str(manifest))
    assert code == 1
    assert "error artifact-path: 'sub/../../secret' contains '..'" in err
    assert "not verified: fix the errors above first" in err


def test_special_files_are_reported_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = make_release(tmp_path, {})
    os.mkfifo(tmp_path / "pipe.bin")
    (tmp_path / "folder.bin").mkdir()
    with open(manifest, "a") as stream:
        stream.write(artifact_yaml("pipe.bin", b""))
        stream.write(artifact_yaml("folder.bin", b""))
    code, out, _ = verify(capsys, str(manifest))
    assert code == 1
    assert "error special-file: 'pipe.bin' is a named pipe (FIFO), not a regular file" in out
    assert "error special-file: 'folder.bin' is a directory, not a regular file" in out


def test_unreadable_file_exits_2(
    release: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = release.parent / "model.safetensors"
    if os.geteuid() == 0:  # root reads any file: make opening it fail as it would for a user
        real_open = os.open

        def refuse(path: str, flags: int, mode: int = 0o777) -> int:
            if os.path.basename(path) == weights.name:
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, flags, mode)

        monkeypatch.setattr("aimanifest.integrity.hashing.os.open", refuse)
    else:
        weights.chmod(0)
    code, out, _ = verify(capsys, str(release))
    assert code == 2
    assert "error unreadable-file: 'model.safetensors' permission denied" in out


def test_uri_only_artifacts_are_skipped_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = make_release(tmp_path, {"model.bin": WEIGHTS})
    with open(manifest, "a") as stream:
        stream.write("        - uri: https://example.org/data.tar\n")
    code, out, err = verify(capsys, str(manifest))
    assert (code, out) == (0, "")
    assert "1 uri-only artifact(s) skipped" in err
    code, out, _ = verify(capsys, "--format", "json", str(manifest))
    (report,) = json.loads(out)["manifests"]
    assert report["skipped"] == [
        {"uri": "https://example.org/data.tar", "reason": "uri only: not in the repository"}
    ]
    assert [f["rule"] for f in report["findings"]] == ["remote-artifact"]
    assert report["findings"][0]["severity"] == "note"


def test_json_report_has_per_file_results_and_the_root_digest(
    release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (release.parent / "extra.bin").write_bytes(b"x")
    code, out, _ = verify(capsys, "--format", "json", str(release))
    document = json.loads(out)
    assert document["verified"] is True
    (report,) = document["manifests"]
    assert code == 0 and report["verified"] is True and report["checked"] is True
    assert [(f["path"], f["status"], f["size"]) for f in report["files"]] == [
        ("model.safetensors", "ok", len(WEIGHTS)),
        ("config/config.json", "ok", len(CONFIG)),
    ]
    assert report["files"][0]["actual"] == report["files"][0]["expected"]
    assert set(report["files"][0]["actual"]) == {"sha256", "sha1"}
    assert report["root_digest"]["algorithm"] == "sha256"
    assert len(report["root_digest"]["digest"]) == 64
    assert report["unlisted"] == [{"path": "extra.bin", "size": 1}]
    assert report["warnings"] == 1


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_other_formats_render_the_findings(
    release: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (release.parent / "model.safetensors").write_bytes(WEIGHTS[::-1])
    code, out, _ = verify(capsys, "--format", fmt, str(release))
    assert code == 1
    assert "digest-mismatch" in out


def test_sarif_output_is_valid_sarif_2_1_0(
    release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema

    sarif_schema = json.loads(
        reference("sarif-2.1.0", "sarif-schema-2.1.0.json").read_text("utf-8")
    )
    (release.parent / "model.safetensors").write_bytes(WEIGHTS[::-1])
    (release.parent / "config" / "config.json").unlink()
    (release.parent / "extra.bin").write_bytes(b"x")
    code, out, _ = verify(capsys, "--format", "sarif", str(release))
    assert code == 1
    log = json.loads(out)
    jsonschema.validators.validator_for(sarif_schema)(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == [
        "digest-mismatch",
        "missing-file",
        "unlisted-file",
    ]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0 for r in results)


def test_root_option_and_unusable_roots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = tmp_path / "files"
    manifest = make_release(files, {"model.bin": WEIGHTS})
    elsewhere = tmp_path / "manifests" / "aimanifest.yaml"
    elsewhere.parent.mkdir()
    manifest.rename(elsewhere)
    assert verify(capsys, str(elsewhere))[0] == 1  # missing next to the manifest
    assert verify(capsys, str(elsewhere), "--root", str(files))[:2] == (0, "")
    code, _, err = verify(capsys, str(elsewhere), "--root", str(tmp_path / "nope"))
    assert code == 2 and "no such directory" in err
    code, _, err = verify(capsys, str(elsewhere), "--root", str(files / "model.bin"))
    assert code == 2 and "not a directory" in err


def test_invalid_manifest_exits_1_and_missing_manifest_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "aimanifest.yaml"
    bad.write_text('aimanifest: "1.0"\nrelease: {name: X}\n')
    assert verify(capsys, str(bad))[0] == 1
    assert verify(capsys, str(tmp_path / "none.yaml"))[0] == 2


def test_help_has_worked_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    out = capsys.readouterr().out
    assert "aimanifest verify aimanifest.yaml" in out and "exit codes:" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "aimanifest verify aimanifest.yaml" in capsys.readouterr().out


def test_bundled_example_verifies_as_a_real_process() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aimanifest", "verify", "examples/tiny-model/aimanifest.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == ""
    assert "2 of 2 file(s) verified" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert (EXAMPLES / "tiny-model" / "model.safetensors").stat().st_size == 320


def test_interrupt_stops_hashing_at_once(tmp_path: Path) -> None:
    """Ctrl-C during hashing of large files exits promptly with 130, without a traceback."""
    import signal
    import time

    size = 8 << 30  # sparse, so no disk is used; seconds of SHA-256 even with SHA-NI
    body = ""
    for index in range(3):
        with open(tmp_path / f"shard{index}.bin", "wb") as stream:
            stream.truncate(size)
        body += f"        - path: shard{index}.bin\n          size: {size}\n"
        body += f'          digests: {{sha256: "{"ab" * 32}"}}\n'
    manifest = make_release(tmp_path, {}, extra=body)
    process = subprocess.Popen(
        [sys.executable, "-m", "aimanifest", "verify", "-j", "2", str(manifest)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # SIGINT as a terminal delivers it, even when this test run was started in the
        # background (`pytest &`), which makes children inherit SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(1.0)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 2.0
    assert process.returncode == 130
    assert err.strip() == "aimanifest: interrupted"


def test_several_manifests_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A registry checks many releases at once; the exit code is the worst of them."""
    good = make_release(tmp_path / "good", {"model.bin": WEIGHTS})
    bad = make_release(tmp_path / "bad", {"model.bin": WEIGHTS})
    (bad.parent / "model.bin").write_bytes(WEIGHTS[::-1])
    invalid = tmp_path / "invalid" / "aimanifest.yaml"
    invalid.parent.mkdir()
    invalid.write_text("aimanifest: '1.0'\n")

    code, out, err = verify(capsys, str(good), str(bad))
    assert code == 1
    assert out.startswith(f"{bad}:") and "digest-mismatch" in out and str(good) not in out
    assert f"{good}: 1 of 1 file(s) verified" in err
    assert f"{bad}: 0 of 1 file(s) verified" in err

    code, out, err = verify(capsys, "--format", "json", str(good), str(invalid), str(bad))
    document = json.loads(out)
    assert code == 1 and document["verified"] is False
    assert [(m["manifest"], m["verified"], m["checked"]) for m in document["manifests"]] == [
        (str(good), True, True),
        (str(invalid), False, False),
        (str(bad), False, True),
    ]
    assert f"{invalid}:" in err  # the invalid manifest's findings

    code, _, err = verify(capsys, "--root", str(tmp_path), str(good), str(bad))
    assert code == 2 and "--root applies to one manifest" in err
