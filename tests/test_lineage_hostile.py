"""Hostile lineage, as an attacker would write it, through the real command in a real process.

Each case is a manifest whose base reference is bad in one way. Whatever the way, ``validate``
exits 1 with a finding that names the file, line and column of the reference, and ``classify``
exits 2 after a report whose tier is not assessed: never a traceback, an "internal error", a
hang (each run is time-limited), or a tier the verified facts do not support. Nothing outside
the repository root is read, and no message says anything about a file there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_lineage import bases, derivative, write

from aimanifest.source import read_document

TIME_LIMIT = 10  # seconds: a hang fails the test instead of the suite


def run(*args: str, cwd: Path, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """The command, as a user runs it; ``unprivileged``: without root's right to read any file
    (so that a mode-000 file is unreadable to a test run as root, as to anyone else)."""
    from hostile import drop_read_capabilities

    completed = subprocess.run(
        [sys.executable, "-m", "aimanifest", *args],
        cwd=cwd,
        preexec_fn=drop_read_capabilities if unprivileged and os.geteuid() == 0 else None,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIME_LIMIT,
        env={**os.environ, "AIMANIFEST_CACHE_DIR": str(cwd / ".cache")},
    )
    for stream in (completed.stdout, completed.stderr):
        assert "Traceback" not in stream and "internal error" not in stream, stream
    return completed


def reference_line(manifest: Path) -> tuple[int, int]:
    """Line and column of the first lineage entry's ``manifest.path`` value."""
    document = read_document(str(manifest))
    where = document.locate(("lineage", 0, "manifest", "path"))
    return where.line, where.column


def repository(tmp_path: Path, path: str, *, git: bool = True) -> Path:
    """A repository (with ``.git``) holding a fully open fine-tune whose base path is ``path``."""
    repo = tmp_path / "repo"
    repo.mkdir()
    if git:
        (repo / ".git").mkdir()
    write(repo / "aimanifest.yaml", derivative("fine-tune", {"path": path}))
    return repo


def assert_refused(repo: Path, reason: str, *extra: str, unprivileged: bool = False) -> str:
    """validate: exit 1 at the reference; classify: exit 2, not assessed. Their output."""
    manifest = repo / "aimanifest.yaml"
    line, column = reference_line(manifest)
    validated = run("validate", *extra, "aimanifest.yaml", cwd=repo, unprivileged=unprivileged)
    assert validated.returncode == 1, validated.stdout + validated.stderr
    finding = re.escape(f"aimanifest.yaml:{line}:{column}: error lineage: base Base: ")
    assert re.search(finding + ".*" + re.escape(reason), validated.stdout), validated.stdout
    classified = run(
        "classify",
        "--format",
        "json",
        *extra,
        "aimanifest.yaml",
        cwd=repo,
        unprivileged=unprivileged,
    )
    assert classified.returncode == 2, classified.stderr
    report = json.loads(classified.stdout)
    assert report["tier"] is None and report["tier_status"] == "not-assessed"
    assert f"aimanifest.yaml:{line}:{column}: error lineage:" in classified.stderr
    return validated.stdout + classified.stdout + classified.stderr


def test_nul_byte_in_the_path(tmp_path: Path) -> None:
    repo = repository(tmp_path, "base\0.yaml")
    assert_refused(repo, "NUL")


def test_base_is_a_directory(tmp_path: Path) -> None:
    repo = repository(tmp_path, "base")
    (repo / "base").mkdir()
    assert_refused(repo, "is a directory")


def test_base_is_a_device(tmp_path: Path) -> None:
    # a link to /dev/null, with the whole file system as the root so that only the type refuses
    repo = repository(tmp_path, "base.yaml")
    os.symlink("/dev/null", repo / "base.yaml")
    assert_refused(repo, "is a device", "--root", "/")


def test_base_is_a_fifo_and_nothing_hangs(tmp_path: Path) -> None:
    repo = repository(tmp_path, "base.yaml")
    os.mkfifo(repo / "base.yaml")
    assert_refused(repo, "named pipe (FIFO)")


def test_base_is_a_symbolic_link_loop(tmp_path: Path) -> None:
    repo = repository(tmp_path, "base.yaml")
    os.symlink("loop.yaml", repo / "base.yaml")
    os.symlink("base.yaml", repo / "loop.yaml")
    assert_refused(repo, "symbolic link loop")


def test_base_is_missing(tmp_path: Path) -> None:
    assert_refused(repository(tmp_path, "missing.yaml"), "missing.yaml: no such file")


def test_base_is_unreadable(tmp_path: Path) -> None:
    repo = repository(tmp_path, "base.yaml")
    write(repo / "base.yaml", bases()["open-weights"])
    (repo / "base.yaml").chmod(0)
    assert_refused(repo, "permission denied", unprivileged=True)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"just some notes, not a manifest\n", "is not a valid manifest (line 1"),
        (b"\x00\x01binary", "NUL byte"),
        (b'aimanifest: "1.0"\nrelease: {name: x}\n', "is not a valid manifest"),
        (b"a: [1, 2\n", "base.yaml (line "),
    ],
    ids=["text", "binary", "schema", "syntax"],
)
def test_base_is_not_a_manifest(tmp_path: Path, content: bytes, reason: str) -> None:
    repo = repository(tmp_path, "base.yaml")
    (repo / "base.yaml").write_bytes(content)
    assert_refused(repo, reason)


def test_base_names_this_manifest_itself(tmp_path: Path) -> None:
    assert_refused(repository(tmp_path, "aimanifest.yaml"), "is this manifest itself")


def test_a_lineage_cycle_is_named(tmp_path: Path) -> None:
    repo = repository(tmp_path, "b.yaml")
    back = derivative("fine-tune", {"path": "aimanifest.yaml"}, "A")
    write(repo / "b.yaml", back)
    validated = run("validate", "--strict", "aimanifest.yaml", cwd=repo)
    assert validated.returncode == 1
    assert (
        "warning lineage-unverified: base Base is not assessed: in b.yaml: base A: lineage cycle "
        "(aimanifest.yaml -> b.yaml -> aimanifest.yaml)"
    ) in validated.stdout
    classified = run("classify", "--format", "json", "aimanifest.yaml", cwd=repo)
    assert json.loads(classified.stdout)["tier"] is None


def test_a_chain_200_deep_stops_with_a_message(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for depth in range(200):
        manifest = derivative("fine-tune", {"path": f"m{depth + 1}.yaml"}, f"M{depth + 1}")
        if depth == 199:
            manifest.pop("lineage")
        write(repo / f"m{depth}.yaml", manifest)
    validated = run("validate", "--strict", "m0.yaml", cwd=repo)
    assert validated.returncode == 1
    assert "lineage deeper than 32 levels; not followed" in validated.stdout
    assert re.search(r"^m0\.yaml:\d+:\d+: warning lineage-unverified: ", validated.stdout, re.M)
    assert run("classify", "m0.yaml", cwd=repo).returncode == 0


def _outside(tmp_path: Path) -> tuple[Path, str]:
    """A valid, closed manifest outside the repository, and its SHA-256."""
    secret = tmp_path / "elsewhere" / "secret-model.yaml"
    digest = write(secret, bases()["unreleased"] | {"weights": {"components": []}})
    return secret, digest


def _assert_nothing_said_of(output: str, secret: Path, digest: str) -> None:
    """Neither the outside file's digest nor where it is (its name may be the user's own)."""
    assert digest not in output
    assert "elsewhere" not in output
    assert hashlib.sha256(secret.read_bytes()).hexdigest() == digest  # the oracle it would be


def test_a_file_link_out_of_the_root_is_never_read(tmp_path: Path) -> None:
    secret, digest = _outside(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").write_text("gitdir: /somewhere/else\n", encoding="utf-8")  # a worktree
    pinned = {"path": "base.yaml", "digests": {"sha256": "0" * 64}}
    write(repo / "aimanifest.yaml", derivative("fine-tune", pinned))
    os.symlink(secret, repo / "base.yaml")
    output = assert_refused(repo, f"leads outside {repo}")
    _assert_nothing_said_of(output, secret, digest)
    assert "secret-model" not in output


def test_a_directory_link_on_the_way_out_is_never_read(tmp_path: Path) -> None:
    secret, digest = _outside(tmp_path)
    repo = repository(tmp_path, "vendor/secret-model.yaml")
    os.symlink(secret.parent, repo / "vendor")
    _assert_nothing_said_of(assert_refused(repo, "leads outside"), secret, digest)


def test_a_dangling_link_out_says_nothing_of_existence(tmp_path: Path) -> None:
    repo = repository(tmp_path, "base.yaml")
    os.symlink(tmp_path / "no-such-dir" / "x.yaml", repo / "base.yaml")
    output = assert_refused(repo, "leads outside")
    assert "no such file" not in output and "broken" not in output


def test_root_is_found_from_git_else_the_manifest_directory(tmp_path: Path) -> None:
    # models/chat/base.yaml links to models/base/aimanifest.yaml: inside the repository, but
    # outside the manifest's own directory
    repo = tmp_path / "repo"
    write(repo / "models" / "base" / "aimanifest.yaml", bases()["open-weights"])
    chat = repo / "models" / "chat"
    write(chat / "aimanifest.yaml", derivative("fine-tune", {"path": "base.yaml"}))
    os.symlink("../base/aimanifest.yaml", chat / "base.yaml")

    def tier(*extra: str) -> Any:
        completed = run("classify", "--format", "json", *extra, "aimanifest.yaml", cwd=chat)
        return json.loads(completed.stdout)["tier"]

    assert tier() is None  # no .git: the root is models/chat
    assert tier("--root", str(repo)) == "open-weights"
    (repo / ".git").mkdir()
    assert tier() == "open-weights"
    assert tier("--root", str(chat)) is None
    bad = run("classify", "--root", str(repo / "nowhere"), "aimanifest.yaml", cwd=chat)
    assert bad.returncode == 2 and "is not a directory" in bad.stderr


def test_base_named_by_8000_entries_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aimanifest.source
    from aimanifest.verdicts import evaluate

    digest = write(tmp_path / "base.yaml", bases()["open-weights"])
    child = derivative("merge", {"path": "base.yaml", "digests": {"sha256": digest}})
    child["lineage"] = child["lineage"] * 8000
    write(tmp_path / "aimanifest.yaml", child)
    reads: list[str] = []
    real = aimanifest.source.read_bytes

    def counting(path: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(aimanifest.source, "read_bytes", counting)
    verdicts = evaluate(child, str(tmp_path / "aimanifest.yaml"))
    assert reads == [str(tmp_path / "base.yaml")]
    assert verdicts.effective_tier == "open-weights"
    assert verdicts.lineage is not None and len(verdicts.lineage.bases) == 8000


def test_lineage_does_not_import_the_validator() -> None:
    """Layering: the validator imports the verdicts, never the reverse."""
    code = (
        "import sys\n"
        "from aimanifest.source import read_document\n"
        "from aimanifest.verdicts import evaluate\n"
        "path = 'examples/gull-7b-chat-gguf.yaml'\n"
        "verdicts = evaluate(read_document(path).data, path)\n"
        "assert verdicts.effective_tier == 'open-weights', verdicts.effective_tier\n"
        "assert 'aimanifest.validate' not in sys.modules, 'validate imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=TIME_LIMIT, cwd=ROOT)


def test_a_bad_base_named_by_8000_entries_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aimanifest.source
    from aimanifest.verdicts import evaluate

    (tmp_path / "base.yaml").write_text("not: [a manifest\n", encoding="utf-8")
    child = derivative("merge", {"path": "base.yaml"})
    child["lineage"] = child["lineage"] * 8000
    reads: list[str] = []
    real = aimanifest.source.read_bytes

    def counting(path: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(aimanifest.source, "read_bytes", counting)
    verdicts = evaluate(child, str(tmp_path / "aimanifest.yaml"))
    assert len(reads) == 1 and verdicts.effective_tier is None
    assert verdicts.lineage is not None and len(verdicts.lineage.problems) == 1


def test_the_bytes_read_for_a_lineage_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aimanifest.verdicts.lineage_read as reading
    from aimanifest.verdicts import evaluate

    child = derivative("merge", None)
    child["lineage"] = []
    for index in range(3):
        write(tmp_path / f"b{index}.yaml", bases()["open-weights"])
        entry = {"name": f"B{index}", "relation": "merge", "manifest": {"path": f"b{index}.yaml"}}
        child["lineage"].append(entry)
    # the budget of one file: the first is read, the next ones are not
    monkeypatch.setattr(reading, "MAX_LINEAGE_BYTES", (tmp_path / "b0.yaml").stat().st_size)
    verdicts = evaluate(child, str(tmp_path / "aimanifest.yaml"))
    assert verdicts.lineage is not None
    first, second, third = verdicts.lineage.bases
    assert first.verified and not second.verified and not third.verified
    assert "bytes of them; not followed" in str(second.reason)


def test_copies_of_one_base_are_parsed_once_and_each_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry whose releases name copies of the same base (same bytes, other paths) parses
    it once per process, but reads and checks every copy: a changed copy is its own file."""
    import aimanifest.source
    from aimanifest.verdicts import evaluate, lineage_read

    lineage_read._BY_CONTENT.clear()
    parses: list[str] = []
    real = aimanifest.source.read_document

    def counting(path: str, *args: Any, **kwargs: Any) -> Any:
        parses.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(aimanifest.source, "read_document", counting)
    for index in range(3):
        folder = tmp_path / f"release-{index}"
        digest = write(folder / "base.yaml", bases()["open-weights"])
        child = derivative("fine-tune", {"path": "base.yaml", "digests": {"sha256": digest}})
        write(folder / "aimanifest.yaml", child)
        assert evaluate(child, str(folder / "aimanifest.yaml")).effective_tier == "open-weights"
    assert len(parses) == 1
    changed = tmp_path / "release-2" / "base.yaml"
    changed.write_text(changed.read_text() + "# another copy\n", encoding="utf-8")
    child = derivative("fine-tune", {"path": "base.yaml", "digests": {"sha256": "0" * 64}})
    verdicts = evaluate(child, str(tmp_path / "release-2" / "aimanifest.yaml"))
    assert verdicts.effective_tier is None  # the copy no longer matches its digest: read anew
    assert len(parses) == 2
