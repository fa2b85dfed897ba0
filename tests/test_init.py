"""``aimanifest init``: a model directory becomes a manifest that validates and verifies.

The directories are real files in a temporary folder, laid out as the common model
repositories are (a Hugging Face ``transformers`` release with shards, a checkpoint, a model
card); digests are checked against ``hashlib``, and the scaffold of the bundled tiny model is
checked against the hand-written manifest beside it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimanifest.cli import main
from aimanifest.scaffold.recognize import format_of, recognize

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "examples" / "tiny-model"

CARD = """\
---
license: apache-2.0
base_model: example-lab/tern-7b
base_model_relation: finetune
datasets:
  - example-lab/tern-sft
library_name: transformers
---
# Tern-7B-Chat

A chat model.
"""

REPO_FILES: dict[str, bytes] = {
    "README.md": CARD.encode(),
    "LICENSE": b"Apache License\nVersion 2.0\n",
    ".gitattributes": b"*.safetensors filter=lfs\n",
    "config.json": b'{"model_type": "tern"}\n',
    "generation_config.json": b'{"max_new_tokens": 256}\n',
    "model-00001-of-00002.safetensors": b"\x00" * 4096,
    "model-00002-of-00002.safetensors": b"\x01" * 1024,
    "model.safetensors.index.json": b'{"weight_map": {}}\n',
    "tokenizer.json": b'{"version": "1.0"}\n',
    "tokenizer_config.json": b"{}\n",
    "special_tokens_map.json": b"{}\n",
    "modeling_tern.py": b"class Tern: ...\n",
    "checkpoint-500/model.safetensors": b"\x02" * 512,
    "checkpoint-500/optimizer.pt": b"\x03" * 256,
    "notes.txt": b"remember the milk\n",
    ".git/HEAD": b"ref: refs/heads/main\n",
}


def make_repo(root: Path, files: dict[str, bytes] = REPO_FILES) -> Path:
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def components(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        c["name"]: c
        for layer in ("weights", "runtime", "training", "data", "documentation")
        for c in data.get(layer, {}).get("components", [])
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "tern-7b-chat")


def test_init_writes_a_valid_manifest_listing_every_recognised_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "init", str(repo), "--repo-id", "example-lab/tern-7b-chat")
    assert code == 0, err
    manifest = repo / "aimanifest.yaml"
    text = manifest.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    found = components(data)
    kinds = {name: c["kind"] for name, c in found.items()}
    assert kinds == {
        "tern-7b-chat": "final-weights",
        "tern-7b-chat-checkpoint-500": "intermediate-weights",
        "tern-7b-chat-config": "model-metadata",
        "tern-7b-chat-tokenizer": "tokenizer",
        "tern-7b-chat-modeling": "model-architecture",
        "transformers": "inference-code",
        "example-lab-tern-sft": "training-data",
        "model-card": "model-card",
    }
    paths = {c["name"]: [a["path"] for a in c.get("artifacts", [])] for c in found.values()}
    assert paths["tern-7b-chat"] == [
        "LICENSE",
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
    ]
    assert paths["tern-7b-chat-checkpoint-500"] == [
        "checkpoint-500/model.safetensors",
        "checkpoint-500/optimizer.pt",
    ]
    assert paths["model-card"] == ["README.md"]
    # the card's facts are carried over
    assert data["release"]["name"] == "tern-7b-chat"  # --repo-id names it
    assert data["release"]["license"] == "Apache-2.0"
    assert data["release"]["publisher"] == {"name": "example-lab"}
    assert data["lineage"][0]["name"] == "example-lab/tern-7b"
    # plumbing and VCS folders are not artifacts; the unknown file is reported
    listed = {p for ps in paths.values() for p in ps}
    assert not listed & {".gitattributes", ".git/HEAD", "notes.txt"}
    assert "1 file(s) not recognised, left out: notes.txt" in err
    assert "LICENSE: its text is not identified as a licence" in err
    assert f"wrote {manifest}" in err
    # and the result is a structurally valid manifest
    code, _, err = run(capsys, "validate", str(manifest))
    assert code in (0, 1), err
    assert "error schema" not in err and "error schema" not in out


def test_digests_and_sizes_are_the_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init", str(repo))[0] == 0
    data = yaml.safe_load((repo / "aimanifest.yaml").read_text())
    artifacts = [a for c in components(data).values() for a in c.get("artifacts", [])]
    assert len(artifacts) == 13
    for artifact in artifacts:
        content = (repo / artifact["path"]).read_bytes()
        assert artifact["size"] == len(content)
        assert artifact["digests"] == {
            "sha256": hashlib.sha256(content).hexdigest(),
            "sha1": hashlib.sha1(content).hexdigest(),
        }


def test_the_tiny_example_scaffolds_to_its_own_artifacts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The hand-written manifest of examples/tiny-model and the scaffold agree on the files."""
    code, out, err = run(capsys, "init", str(TINY), "-o", "-", "--name", "Gnat-Tiny")
    assert code == 0, err
    scaffold = components(yaml.safe_load(out))
    written = components(yaml.safe_load((TINY / "aimanifest.yaml").read_text()))

    def artifacts(found: dict[str, dict[str, Any]]) -> dict[str, tuple[str, Any, Any]]:
        return {
            a["path"]: (c["kind"], a["size"], a["digests"])
            for c in found.values()
            for a in c.get("artifacts", [])
        }

    assert artifacts(scaffold) == artifacts(written)
    assert "the folder gives no version" in err


def test_without_card_or_weights_the_gaps_are_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_repo(tmp_path, {"config.json": b"{}"})
    code, out, err = run(capsys, "init", str(tmp_path), "-o", "-")
    assert code == 0, err
    data = yaml.safe_load(out)
    assert data["weights"]["components"][0]["availability"] == "unreleased"
    for gap in ("gives no version", "no release date", "names no publisher", "no weight files"):
        assert gap in err


def test_refuses_to_replace_without_force(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = repo / "aimanifest.yaml"
    manifest.write_text("mine\n")
    code, _, err = run(capsys, "init", str(repo))
    assert code == 2
    assert err.strip() == f"aimanifest: {manifest} exists; use --force to replace it"
    assert manifest.read_text() == "mine\n"
    assert run(capsys, "init", str(repo), "--force")[0] == 0
    assert manifest.read_text().startswith("# yaml-language-server")


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda p: p / "absent", "no such directory"),
        (lambda p: (p / "file").write_text("x") and p / "file", "not a directory"),
    ],
    ids=["missing", "file"],
)
def test_unusable_directory_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, message: str
) -> None:
    code, out, err = run(capsys, "init", str(make(tmp_path)))
    assert code == 2
    assert out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_bad_repo_id_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", str(repo), "--repo-id", "not a repo")
    assert code == 2
    assert "org/name" in err
    assert not (repo / "aimanifest.yaml").exists()


def test_symlinks_leaving_the_directory_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "blobs" / "abc"
    outside.parent.mkdir()
    outside.write_bytes(b"weights")
    repo = make_repo(tmp_path / "snapshot", {"config.json": b"{}"})
    os.symlink(outside, repo / "model.safetensors")
    os.symlink(repo / "config.json", repo / "params.json")  # inside: kept
    code, out, err = run(capsys, "init", str(repo), "-o", "-")
    assert code == 0, err
    assert "model.safetensors: a symbolic link leading outside" in err
    listed = [
        a["path"] for c in components(yaml.safe_load(out)).values() for a in c.get("artifacts", [])
    ]
    assert listed == ["config.json", "params.json"]


@pytest.mark.parametrize(
    "path,kind",
    [
        ("model.safetensors", "final-weights"),
        ("pytorch_model-00001-of-00003.bin", "final-weights"),
        ("tern-7b.Q4_K_M.gguf", "final-weights"),
        ("onnx/model.onnx", "final-weights"),
        ("checkpoints/step-1000/model.pt", "intermediate-weights"),
        ("checkpoint-500/config.json", "intermediate-weights"),
        ("optimizer.pt", "optimizer-state"),
        ("training_args.bin", "training-config"),
        ("trainer_state.json", "training-config"),
        ("config.json", "model-metadata"),
        ("generation_config.json", "model-metadata"),
        ("adapter_config.json", "model-metadata"),
        ("model.safetensors.index.json", "model-metadata"),
        ("tokenizer_config.json", "tokenizer"),
        ("tokenizer.model", "tokenizer"),
        ("merges.txt", "tokenizer"),
        ("modeling_tern.py", "model-architecture"),
        ("generate.py", "inference-code"),
        ("train.py", "training-code"),
        ("eval_harness.py", "evaluation-code"),
        ("eval_results.json", "evaluation-results"),
        ("README.md", "model-card"),
        ("docs/README.md", None),
        ("tech_report.pdf", "technical-report"),
        ("data/train.parquet", "training-data"),
        ("eval/test.jsonl", "evaluation-data"),
        ("LICENSE.txt", "final-weights"),
        ("USE_POLICY.md", "final-weights"),
        ("NOTICE", "final-weights"),
        ("tokenizer/LICENSE", None),
        (".gitattributes", None),
        ("notes.txt", None),
        ("scores.parquet", None),
    ],
)
def test_recognition_rules(path: str, kind: str | None) -> None:
    found = recognize(path)
    assert (found.kind if found else None) == kind


@pytest.mark.parametrize(
    "path,expected",
    [
        ("model.safetensors", "safetensors"),
        ("pytorch_model.bin", "pytorch"),
        ("data/x.jsonl.gz", "jsonl"),
        ("README.md", "markdown"),
        ("Makefile", None),
    ],
)
def test_artifact_formats(path: str, expected: str | None) -> None:
    assert format_of(path) == expected


def test_the_scaffold_verifies(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What init lists, verify finds intact; what init left out, verify reports as unlisted."""
    assert run(capsys, "init", str(repo))[0] == 0
    code, out, err = run(capsys, "verify", str(repo / "aimanifest.yaml"))
    assert code == 0, out + err
    lines = (out + err).splitlines()
    assert not [line for line in lines if ": error " in line]
    unlisted = sorted(line.split("'")[1] for line in lines if "unlisted-file" in line)
    assert unlisted == ["notes.txt"]
    assert "13 of 13 file(s) verified" in out + err


def test_names_a_manifest_cannot_hold_are_left_out_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_repo(
        tmp_path,
        {
            "a b.safetensors": b"1",
            "\u00fc.gguf": b"2",
            "back\\slash.bin": b"3",
            "new\nline.safetensors": b"4",
            "hf:model.safetensors": b"5",
            "C:model.bin": b"6",
        },
    )
    code, out, err = run(capsys, "init", str(tmp_path), "-o", "-")
    assert code == 0, err
    listed = sorted(
        a["path"] for c in components(yaml.safe_load(out)).values() for a in c.get("artifacts", [])
    )
    assert listed == [
        "a b.safetensors",
        "hf:model.safetensors",
        "new\nline.safetensors",
        "\u00fc.gguf",
    ]
    assert "'back\\\\slash.bin' cannot be an artifact path: it uses '\\'" in err
    assert "'C:model.bin' cannot be an artifact path: it is absolute" in err


_NAMES = st.sampled_from(
    [
        "model.safetensors",
        "model-00001-of-00002.safetensors",
        "pytorch_model.bin",
        "config.json",
        "tokenizer.json",
        "optimizer.pt",
        "train.py",
        "README.md",
        "LICENSE",
        "notes.txt",
        "data.parquet",
        "x.gguf",
        ".gitattributes",
        "aimanifest.yaml",
    ]
)
_FOLDERS = st.sampled_from(["", "checkpoint-100/", "data/", "eval/", "onnx/", "docs/", "a b/"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(_FOLDERS, _NAMES, st.binary(max_size=64)), min_size=0, max_size=12))
def test_any_tree_scaffolds_to_a_manifest_that_validates_and_verifies(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    files: list[tuple[str, str, bytes]],
) -> None:
    """Whatever mix of files a directory holds, init writes a valid manifest that verifies."""
    repo = make_repo(
        tmp_path_factory.mktemp("tree"), {folder + name: data for folder, name, data in files}
    )
    code, out, err = run(capsys, "init", str(repo), "-o", str(repo / "scaffold.yaml"))
    assert code == 0, err
    code, out, err = run(capsys, "validate", str(repo / "scaffold.yaml"))
    assert code == 0, out + err
    code, out, err = run(capsys, "verify", str(repo / "scaffold.yaml"))
    assert code == 0, out + err
    assert ": error " not in out + err


@pytest.mark.parametrize(
    "readme,note",
    [
        (b"\x80 not utf-8", "README.md not read as a model card (byte 0x80 is not valid UTF-8"),
        (b"---\nlicense: [unclosed\n---\n# X\n", "README.md metadata ignored"),
        (b"# Just a title\n", None),
    ],
    ids=["binary", "broken-metadata", "plain"],
)
def test_a_readme_that_is_no_card_is_still_the_model_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], readme: bytes, note: str | None
) -> None:
    make_repo(tmp_path, {"README.md": readme, "model.safetensors": b"w"})
    code, out, err = run(capsys, "init", str(tmp_path), "-o", "-")
    assert code == 0, err
    kinds = {c["kind"] for c in components(yaml.safe_load(out)).values()}
    assert kinds == {"final-weights", "model-card"}
    if note:
        assert note in err
    else:
        assert "README.md" not in err


def test_the_docs_list_every_recognition_rule() -> None:
    """docs/init.md's table is the rule table: a rule added in code must be documented."""
    from aimanifest.scaffold.recognize import _NAME_RULES

    text = (ROOT / "docs" / "init.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip().strip("`"): line.split("|")[2]
        for line in text.splitlines()
        if line.startswith("| `")
    }
    for pattern, kind, _ in _NAME_RULES:
        assert f"`{pattern}`" in rows.get(kind, ""), f"{pattern} ({kind}) is not in docs/init.md"


def test_an_unwritable_output_is_refused_before_any_hashing(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for output, message in [
        (tmp_path, f"aimanifest: {tmp_path} is a directory; give the manifest's file name"),
        (
            tmp_path / "absent" / "m.yaml",
            f"aimanifest: directory {tmp_path / 'absent'} does not exist",
        ),
    ]:
        code, out, err = run(capsys, "init", str(repo), "-o", str(output), "--force")
        assert (code, out) == (2, "")
        assert err.strip() == message  # one line: nothing was scanned or hashed
