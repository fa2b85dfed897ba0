"""Spec 1.1 digest files (`file_list: sha256sum`): `aimanifest verify` on real files.

A component lists its files in a digest file as `sha256sum` writes it; the digest file is
pinned by its artifact's digests, and verify checks every file it lists, reporting each
problem at the digest file's artifact line with the line of the digest file.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

from aimanifest.cli import main
from aimanifest.integrity import digestfile

HEADER = """\
aimanifest: "1.1"
release: {name: Corpus, version: "1", date: "2025-01-01", publisher: {name: Lab}}
weights: {components: []}
data:
  components:
    - name: corpus
      kind: training-data
      availability: open
      license: CC0-1.0
      dataset: {role: pre-training, data_class: open}
      artifacts:
        - path: data/SHA256SUMS
          file_list: sha256sum
          digests: {sha256: "%s"}
"""
ARTIFACT_LINE = 12  # the line of `- path: data/SHA256SUMS`
ARTIFACT_COLUMN = 17  # where its value starts


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def release(
    root: Path, files: dict[str, bytes], lines: list[str] | None = None, *, extra: str = ""
) -> Path:
    """Files under data/, a digest file listing them (or ``lines`` as given), a manifest."""
    for name, content in files.items():
        (root / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "data" / name).write_bytes(content)
    if lines is None:
        lines = [f"{sha(content)}  {name}" for name, content in files.items()]
    listing = "".join(f"{line}\n" for line in lines).encode()
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "SHA256SUMS").write_bytes(listing)
    manifest = root / "aimanifest.yaml"
    manifest.write_text(HEADER % sha(listing) + extra, encoding="utf-8")
    return manifest


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["verify", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


ALPHA, BETA, CHANGED, SECRET = b"alpha\n", b"beta\n", b"BETA\n", b"secret\n"
FILES = {"a.txt": ALPHA, "sub/b.txt": BETA, "sub/deep/c.bin": bytes(range(256))}


def test_every_listed_file_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = release(tmp_path, FILES)
    code, out, err = verify(capsys, str(manifest))
    assert (code, out) == (0, "")
    assert "4 of 4 file(s) verified" in err  # the digest file and the three it lists
    # the root digest covers the manifest's artifacts only, so it is not model signing's
    assert "root digest of the artifacts (digest files pin the files they list)" in err


def test_sha256sum_accepts_the_same_file(tmp_path: Path) -> None:
    """The format is sha256sum's own: `sha256sum -c` run in data/ agrees."""
    release(tmp_path, FILES)
    completed = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "data", capture_output=True, check=False
    )
    assert completed.returncode == 0, completed.stdout


def test_binary_marker_and_dot_slash_prefix_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [f"{sha(ALPHA)} *a.txt", f"{sha(BETA)}  ./sub/b.txt"]
    manifest = release(tmp_path, {"a.txt": b"alpha\n", "sub/b.txt": b"beta\n"}, lines)
    assert verify(capsys, str(manifest))[0] == 0


def test_a_changed_file_is_reported_at_the_artifact_with_the_list_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = release(tmp_path, FILES)
    (tmp_path / "data" / "sub" / "b.txt").write_bytes(b"BETA\n")
    code, out, _ = verify(capsys, str(manifest))
    assert code == 1
    assert out.splitlines() == [
        f"{manifest}:{ARTIFACT_LINE}:{ARTIFACT_COLUMN}: error digest-mismatch: data/SHA256SUMS:2: "
        f"'data/sub/b.txt' does not match its digest: sha256 is {sha(CHANGED)}, the digest "
        f"file says {sha(BETA)}"
    ]


def test_json_report_counts_the_listed_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = release(tmp_path, FILES)
    (tmp_path / "data" / "a.txt").unlink()
    code, out, _ = verify(capsys, "--format", "json", str(manifest))
    assert code == 1
    [report] = json.loads(out)["manifests"]
    assert report["digest_files"] == [
        {"path": "data/SHA256SUMS", "pinned": True, "listed": 3, "ok": 2, "failed": 1}
    ]
    assert report["root_digest"]["compatible_with"] is None
    [finding] = report["findings"]
    assert finding["rule"] == "missing-file" and "data/SHA256SUMS:1:" in finding["message"]


@pytest.mark.parametrize(
    ("line", "rule", "words"),
    [
        ("not a digest line", "digest-file-line", "not '<64 lowercase hex digits>  <path>'"),
        (f"{'A' * 64}  a.txt", "digest-file-line", "lowercase"),
        (f"{'a' * 64} a.txt", "digest-file-line", "as sha256sum writes"),  # one space only
        (f"\\{'a' * 64}  a\\nb", "digest-file-line", "escaped file names"),
        ("", "digest-file-line", "empty line"),
        (f"{'a' * 64}  ../outside.txt", "path-escape", "'..'"),
        (f"{'a' * 64}  /etc/passwd", "path-escape", "'/etc/passwd'"),
        (f"{'a' * 64}  https://example.org/x", "path-escape", "is a URL"),
        (f"{'a' * 64}  SHA256SUMS", "digest-file-line", "lists itself"),
    ],
)
def test_bad_lines_are_located_and_do_not_stop_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, rule: str, words: str
) -> None:
    lines = [f"{sha(ALPHA)}  a.txt", line]
    manifest = release(tmp_path, {"a.txt": b"alpha\n"}, lines)
    code, out, err = verify(capsys, str(manifest))
    assert code == 1
    [finding] = out.splitlines()
    assert f" error {rule}: data/SHA256SUMS:2: " in finding and words in finding, finding
    assert "2 of 2 file(s) verified" in err  # the list and a.txt: checked all the same


def test_a_file_listed_twice_or_also_as_an_artifact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = sha(b"alpha\n")
    manifest = release(tmp_path, {"a.txt": b"alpha\n"}, [f"{digest}  a.txt", f"{digest}  ./a.txt"])
    code, out, _ = verify(capsys, str(manifest))
    assert code == 1 and "duplicate-artifact: data/SHA256SUMS:2: 'data/a.txt'" in out
    also = (
        f"        - path: data/a.txt\n          digests: {{sha256: {digest}}}\n"  # same file
    )
    manifest = release(tmp_path / "two", {"a.txt": b"alpha\n"}, extra="")
    text = manifest.read_text(encoding="utf-8") + also
    manifest.write_text(text, encoding="utf-8")
    code, out, _ = verify(capsys, str(manifest))
    assert code == 1 and "duplicate-artifact: data/SHA256SUMS:1:" in out


def test_a_list_that_does_not_match_its_pin_is_not_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = release(tmp_path, FILES)
    listing = tmp_path / "data" / "SHA256SUMS"
    listing.write_bytes(listing.read_bytes() + f"{sha(b'x')}  extra.txt\n".encode())
    (tmp_path / "data" / "a.txt").write_bytes(b"changed\n")
    code, out, _ = verify(capsys, str(manifest))
    assert code == 1
    rules = [line.split(" error ")[1].split(":")[0] for line in out.splitlines()]
    # the pin fails, and nothing the unpinned list says is checked (a.txt's change is not
    # reported), nor are its files reported as unlisted
    assert sorted(rules) == ["digest-file-unpinned", "digest-mismatch"], out
    assert "the 4 file(s) it lists were not checked" in out


def test_a_list_of_the_wrong_size_still_says_which_files_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = release(tmp_path, FILES)
    text = manifest.read_text(encoding="utf-8").replace(
        "file_list: sha256sum", "file_list: sha256sum\n          size: 1"
    )
    manifest.write_text(text, encoding="utf-8")
    code, out, err = verify(capsys, str(manifest))
    assert code == 1
    assert out.count(" error ") == 1 and "size-mismatch" in out  # the list matches its pin
    assert "unlisted-file" not in out and "4 of 4 file(s) verified" in err


def test_listed_files_are_not_unlisted_but_strays_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = release(tmp_path, FILES)
    (tmp_path / "data" / "stray.txt").write_bytes(b"?")
    code, out, _ = verify(capsys, str(manifest))
    assert code == 0
    assert out.count("unlisted-file") == 1 and "'data/stray.txt'" in out


def test_a_listed_symlink_leading_out_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret\n")
    root = tmp_path / "release"
    manifest = release(root, {"a.txt": b"alpha\n"}, [f"{sha(SECRET)}  link.txt"])
    (root / "data" / "link.txt").symlink_to(outside)
    code, out, _ = verify(capsys, str(manifest))
    assert code == 1
    assert "path-escape: data/SHA256SUMS:1: 'data/link.txt' leads outside the root" in out
    assert sha(b"secret\n") not in out.split("leads outside")[1]  # no digest oracle


def test_a_digest_file_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    manifest = release(tmp_path, {"a.txt": b"alpha\n"})
    fifo = tmp_path / "data" / "SHA256SUMS"
    fifo.unlink()
    os.mkfifo(fifo)
    completed = subprocess.run(
        [sys.executable, "-m", "aimanifest", "verify", "--no-progress", str(manifest)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert "special-file" in completed.stdout and "Traceback" not in completed.stderr


def test_an_oversized_digest_file_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = release(tmp_path, FILES)
    monkeypatch.setattr(digestfile, "MAX_BYTES", 100)
    code, out, _ = verify(capsys, str(manifest))
    assert code == 2
    assert "digest-file-too-large" in out and "limited to 100 bytes" in out


def test_many_problems_are_counted_not_all_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count = digestfile.REPORTED + 25
    lines = [f"{'0' * 64}  missing-{index}.txt" for index in range(count)]
    manifest = release(tmp_path, {"a.txt": b"alpha\n"}, lines)
    code, out, err = verify(capsys, str(manifest))
    assert code == 1
    printed = out.splitlines()
    assert len(printed) == digestfile.REPORTED + 2  # + the count, + a.txt is unlisted
    assert "25 more problem(s) not shown (25 missing-file)" in out
    assert f"1 of {count + 1} file(s) verified" in err


def test_a_very_long_line_is_one_problem_and_bounded(tmp_path: Path) -> None:
    """A line without end is cut while reading: memory stays bounded by the line limit."""
    stream_path = tmp_path / "list"
    stream_path.write_bytes(b"a" * (8 << 20))  # 8 MiB, no newline
    with open(stream_path, "rb") as stream:
        [(number, raw, _)] = list(digestfile._lines(stream))
    assert number == 1 and len(raw) <= digestfile.MAX_LINE + 1
    problem = digestfile.parse_line(number, raw, "")
    assert isinstance(problem, digestfile.Problem) and "too long" in problem.message


def test_non_utf8_path_and_crlf(tmp_path: Path) -> None:
    problem = digestfile.parse_line(3, b"a" * 64 + b"  caf\xe9.txt", "data")
    assert isinstance(problem, digestfile.Problem) and "UTF-8" in problem.message
    member = digestfile.parse_line(4, b"a" * 64 + b"  x.txt\r", "data")
    assert member == digestfile.Member(4, "data/x.txt", "a" * 64)


def test_the_bundled_example_digest_file_verifies() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aimanifest", "verify", "--no-progress", "--strict",
         str(EXAMPLES / "wren" / "base" / "aimanifest.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "4 of 4 file(s) verified" in completed.stderr
