"""The integrity package on its own: hashing against hashlib, safe paths, the root digest
against the OpenSSF model-signing tool itself, and the progress bar."""

from __future__ import annotations

import hashlib
import io
import os
import random
from pathlib import Path

import pytest
from conftest import EXAMPLES

from aimanifest.integrity import walk
from aimanifest.integrity.hashing import (
    ALGORITHMS,
    CHUNK_SIZE,
    HashingError,
    HashJob,
    hash_file,
    hash_files,
    hash_many,
)
from aimanifest.integrity.progress import Progress, progress_bar
from aimanifest.integrity.rootdigest import resources, root_digest, sort_key
from aimanifest.integrity.verify import verify_document
from aimanifest.source import read_document

SIZES = (0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE + 12345)


def reference_digest(name: str, data: bytes) -> str:
    """What hashlib says, computed independently of the module's table."""
    if name == "blake2b-256":
        return hashlib.blake2b(data, digest_size=32).hexdigest()
    if name == "blake2b-512":
        return hashlib.blake2b(data).hexdigest()
    return hashlib.new(name.replace("-", "_"), data).hexdigest()


def test_every_schema_algorithm_is_supported() -> None:
    import json

    from aimanifest.schema import schema_text

    schema = json.loads(schema_text())
    assert set(schema["$defs"]["digests"]["properties"]) == set(ALGORITHMS)


@pytest.mark.parametrize("size", SIZES)
def test_one_pass_gives_hashlibs_digests_for_all_algorithms(tmp_path: Path, size: int) -> None:
    data = random.Random(size).randbytes(size)
    path = tmp_path / "file.bin"
    path.write_bytes(data)
    result = hash_file(HashJob(str(path), tuple(ALGORITHMS)))
    assert result.size == size
    assert result.digests == {name: reference_digest(name, data) for name in ALGORITHMS}


def test_parallel_hashing_keeps_order_and_returns_errors(tmp_path: Path) -> None:
    contents = [random.Random(i).randbytes(i * 100_003) for i in range(6)]
    paths = []
    for index, data in enumerate(contents):
        path = tmp_path / f"f{index}"
        path.write_bytes(data)
        paths.append(str(path))
    paths.insert(3, str(tmp_path / "missing"))
    seen: list[int] = []
    results = hash_files(
        [HashJob(path, ("sha256", "sha1")) for path in paths], workers=3, on_bytes=seen.append
    )
    assert isinstance(results[3], HashingError) and results[3].kind == "missing"
    hashed = [r for r in results if not isinstance(r, HashingError)]
    assert [r.path for r in hashed] == paths[:3] + paths[4:]
    assert [r.digests["sha256"] for r in hashed] == [
        hashlib.sha256(data).hexdigest() for data in contents
    ]
    assert sum(seen) == sum(len(data) for data in contents)
    with pytest.raises(HashingError, match="missing: no such file"):
        hash_many(paths, ["sha256"])


def test_hash_many_is_the_simple_interface(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"abc")
    [result] = hash_many([str(tmp_path / "a")], ["sha256", "sha1"], progress=True)
    assert result.size == 3
    assert result.digests["sha1"] == hashlib.sha1(b"abc").hexdigest()


def test_fifo_and_directory_are_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(HashingError, match="named pipe") as caught:
        hash_file(HashJob(str(tmp_path / "fifo"), ("sha256",)))
    assert caught.value.kind == "special"
    with pytest.raises(HashingError, match="directory") as caught:
        hash_file(HashJob(str(tmp_path), ("sha256",)))
    assert caught.value.kind == "special"


def test_a_file_growing_while_it_is_read_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "growing.bin"
    path.write_bytes(bytes(CHUNK_SIZE + 10))

    def append(_: int) -> None:  # after every chunk: a reader to EOF would never stop
        with open(path, "ab") as stream:
            stream.write(b"x")

    with pytest.raises(HashingError, match="changed while it was read") as caught:
        hash_file(HashJob(str(path), ("sha256",)), on_bytes=append)
    assert caught.value.kind == "changed"


def test_symlink_as_last_component_is_refused_when_not_followed(tmp_path: Path) -> None:
    (tmp_path / "target").write_bytes(b"x")
    (tmp_path / "link").symlink_to("target")
    assert hash_file(HashJob(str(tmp_path / "link"), ("sha256",))).size == 1
    with pytest.raises(HashingError) as caught:
        hash_file(HashJob(str(tmp_path / "link"), ("sha256",), follow_symlinks=False))
    assert caught.value.kind == "unreadable"


def test_unknown_algorithm_is_a_programming_error(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"")
    with pytest.raises(ValueError, match="md5"):
        hash_file(HashJob(str(tmp_path / "a"), ("md5",)))


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("/etc/passwd", "path-escape"),
        ("a/../../x", "path-escape"),
        ("C:/x", "path-escape"),
        ("https://example.org/x", "path-escape"),
        ("nothing-here", "missing-file"),
    ],
)
def test_locate_refuses_unsafe_paths(tmp_path: Path, path: str, rule: str) -> None:
    with pytest.raises(walk.PathError) as caught:
        walk.locate(os.path.realpath(tmp_path), path)
    assert caught.value.rule == rule


def test_locate_catches_a_link_in_the_middle_of_the_path(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "w.bin").write_bytes(b"x")
    (root / "sub" / "up").symlink_to("../../elsewhere")
    with pytest.raises(walk.PathError, match=r"'sub/up/w\.bin' leads outside the root"):
        walk.locate(os.path.realpath(root), "sub/up/w.bin")
    (root / "dangling").symlink_to("nowhere")
    with pytest.raises(walk.PathError, match="broken symbolic link"):
        walk.locate(os.path.realpath(root), "dangling")


def test_unlisted_walk_skips_plumbing_and_does_not_follow_directory_links(
    tmp_path: Path,
) -> None:
    for name in ("a.bin", "sub/b.bin", ".git/HEAD", ".github/workflows/ci.yml", "sub/.gitignore"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"1")
    (tmp_path / "loop").symlink_to(".")
    os.mkfifo(tmp_path / "fifo")
    found, notes = walk.unlisted_files(str(tmp_path), {"a.bin"})
    assert [file.path for file in found] == ["sub/b.bin"]
    assert notes == []
    found, _ = walk.unlisted_files(str(tmp_path), set(), ignore=["sub/*"])
    assert [file.path for file in found] == ["a.bin"]


def test_sort_key_orders_by_path_component_like_purepath() -> None:
    from pathlib import PurePosixPath

    names = ["a-c", "a/b", "a.b/x", "B", "a", "a/b/c", "ä", "z/0", "z0"]
    assert sorted(names, key=sort_key) == sorted(names, key=PurePosixPath)
    assert sorted(names, key=sort_key)[:3] == ["B", "a", "a/b"]  # not "a-c" before "a/b"


def test_root_digest_by_hand() -> None:
    """The documented algorithm, spelled out: SHA-256 of the raw digests in path order."""
    digests = {name: hashlib.sha256(name.encode()).hexdigest() for name in ("a-c", "a/b")}
    expected = hashlib.sha256(
        bytes.fromhex(digests["a/b"]) + bytes.fromhex(digests["a-c"])
    ).hexdigest()
    assert root_digest(digests) == expected
    assert [r["name"] for r in resources(digests)] == ["a/b", "a-c"]


TINY_ROOT_DIGEST = "a381771806b8a6a0bef4c1d782c20eedb127d7d5a990ac9bc6bc0b681d824820"
"""model_signing 1.1.1's subject digest for examples/tiny-model (ignoring the manifest)."""


def test_tiny_model_root_digest_is_the_one_model_signing_signs() -> None:
    document = read_document(str(EXAMPLES / "tiny-model" / "aimanifest.yaml"))
    report = verify_document(document, str(EXAMPLES / "tiny-model"))
    assert report.exit_code() == 0
    assert report.root_digest == TINY_ROOT_DIGEST


def make_model_tree(root: Path) -> dict[str, bytes]:
    """Files whose names exercise the ordering: '-' and '.' sort before '/' in a string."""
    files = {
        "model-00001-of-00002.safetensors": random.Random(1).randbytes(3 * CHUNK_SIZE // 2),
        "model-00002-of-00002.safetensors": random.Random(2).randbytes(CHUNK_SIZE // 3),
        "a/b": b"nested",
        "a-c": b"dash",
        "a.b/x": b"dot",
        "tokenizer/vocab.json": b'{"a": 0}',
        "empty": b"",
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def test_root_digest_equals_model_signing_on_the_same_directory(tmp_path: Path) -> None:
    from google.protobuf import json_format
    from model_signing import hashing as ms_hashing
    from model_signing._signing.signing import Payload
    from verify_helpers import make_release

    model = tmp_path / "model"
    model.mkdir()
    files = make_model_tree(model)
    manifest = make_release(model, files)
    (model / ".gitattributes").write_text("*.safetensors filter=lfs\n")

    document = read_document(str(manifest))
    report = verify_document(document, str(model))
    assert report.exit_code() == 0, report.findings

    signed = ms_hashing.Config().set_ignored_paths(paths=["aimanifest.yaml"]).hash(model)
    statement = json_format.MessageToDict(Payload(signed).statement.pb)
    assert report.root_digest == statement["subject"][0]["digest"]["sha256"]
    ours = {walk.normalize(r.path): r.actual["sha256"] for r in report.files}
    assert resources(ours) == statement["predicate"]["resources"]


def test_progress_bar_draws_only_on_a_terminal_and_erases_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert progress_bar(100, "x", enabled=True) is None  # pytest's stderr is not a terminal

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert progress_bar(100, "x", enabled=False) is None
    bar = progress_bar(2_000_000, "hashing", enabled=True)
    assert isinstance(bar, Progress)
    monkeypatch.setattr(bar, "_next_draw", 0.0)
    bar.advance(1_000_000)
    assert "hashing [############............]  50%  1.0 MB / 2.0 MB" in terminal.getvalue()
    bar.close()
    assert terminal.getvalue().endswith("\r\033[K")
