"""``aimanifest audit --paths-from FILE``: a registry listed one path a line, as a stream.

The list is untrusted input like any other: a device, a FIFO without a writer, a NUL byte or a
line without end must give a located message and exit 2, never a hang or a memory blow-up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_audit import audit, registry

from aimanifest.source import SourceError
from aimanifest.source.path_list import MAX_PATH_LINE, read_path_list

AUDIT = (sys.executable, "-m", "aimanifest", "audit", "--no-progress")


def rows(completed: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in completed.stdout.splitlines()]


def test_a_listed_registry_gives_the_rows_its_paths_give(tmp_path: Path) -> None:
    made = registry(tmp_path / "reg", 9, broken=1)
    listing = tmp_path / "list.txt"
    # blank lines and a Windows line end are not paths
    listing.write_bytes(
        b"\n".join(str(path).encode() for path in made[:5])
        + b"\r\n\n   \n"
        + b"\n".join(str(path).encode() for path in made[5:])
    )
    by_list = audit("--paths-from", str(listing), "--format", "jsonl", "-j", "1")
    by_args = audit(*(str(path) for path in made), "--format", "jsonl", "-j", "1")
    assert by_list.returncode == by_args.returncode == 1, by_list.stderr  # one broken manifest
    assert rows(by_list) == rows(by_args)
    assert len(rows(by_list)) == 9


def test_paths_and_a_list_from_standard_input_are_audited_together(tmp_path: Path) -> None:
    made = registry(tmp_path / "reg", 4)
    completed = subprocess.run(
        [*AUDIT, "--format", "jsonl", str(made[0]), "--paths-from", "-"],
        input="\n".join(str(path) for path in made[1:]) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert [row["path"] for row in rows(completed)] == [str(path) for path in made]


def test_a_listed_directory_is_searched_like_a_path(tmp_path: Path) -> None:
    made = registry(tmp_path / "reg", 3)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{tmp_path / 'reg'}\n", encoding="utf-8")
    completed = audit("--paths-from", str(listing), "--format", "jsonl")
    assert sorted(row["path"] for row in rows(completed)) == sorted(str(p) for p in made)


def _nul(path: Path) -> None:
    path.write_bytes(b"a/aimanifest.yaml\nb\0c\n")


def _long(path: Path) -> None:
    path.write_bytes(b"a" * (MAX_PATH_LINE + 10))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_nul, "list.txt:2:1: error path-list: a NUL byte in a path"),
        (_long, f"list.txt:1:1: error path-list: a line longer than {MAX_PATH_LINE:,} bytes"),
        (None, "list.txt:1:1: error path-list: no such file"),
        (lambda path: path.mkdir(), "list.txt:1:1: error path-list: is a directory"),
    ],
    ids=["nul", "endless-line", "missing", "directory"],
)
def test_a_bad_list_is_a_located_error(tmp_path: Path, make: object, message: str) -> None:
    listing = tmp_path / "list.txt"
    if callable(make):
        make(listing)
    completed = audit("--paths-from", str(listing))
    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr and "internal error" not in completed.stderr


def test_a_device_is_refused_before_it_is_read() -> None:
    completed = audit("--paths-from", "/dev/zero")
    assert completed.returncode == 2
    assert "/dev/zero:1:1: error path-list: is a device, not a file or a pipe" in completed.stderr


def test_a_fifo_without_a_writer_reads_as_empty_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "list"
    os.mkfifo(fifo)
    completed = subprocess.run(
        [*AUDIT, "--paths-from", str(fifo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=20,
    )
    assert completed.returncode == 2
    assert f"no manifest found under the list {fifo}" in completed.stderr


def test_a_line_at_the_limit_is_a_path() -> None:
    import io

    line = b"x" * MAX_PATH_LINE
    assert list(read_path_list("-", stdin=io.BytesIO(line + b"\n" + line))) == [
        line.decode(),
        line.decode(),
    ]
    with pytest.raises(SourceError):
        list(read_path_list("-", stdin=io.BytesIO(line + b"x")))


def test_a_non_utf8_name_still_names_its_file(tmp_path: Path) -> None:
    import io

    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9/aimanifest.yaml"
    [path] = read_path_list("-", stdin=io.BytesIO(raw + b"\n"))
    assert os.fsencode(path) == raw


def test_neither_paths_nor_a_list_is_a_usage_error() -> None:
    completed = audit()
    assert completed.returncode == 2
    assert "name at least one PATH, or a list of them with --paths-from" in completed.stderr
