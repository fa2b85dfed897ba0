"""``aimanifest init`` on model folders as they are published: the verdict they deserve.

Each folder is built here (config.json, shards, tokenizer files, a LICENSE text, a README) as
the common layouts are: a permissive ``transformers`` release, a LoRA adapter, a GGUF-only
quantization, a folder with a licence text and no card.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimanifest.cli import main

MIT = """\
MIT License

Copyright (c) 2024 Example Lab

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "hidden_size": 2048,
    "torch_dtype": "bfloat16",
    "transformers_version": "4.46.0",
}


def make(root: Path, files: dict[str, bytes | str]) -> Path:
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)
    return root


def init(
    folder: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[dict[str, Any], str, Path]:
    out = folder / "aimanifest.yaml"
    code = main(["init", str(folder), "--no-progress", *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "internal error" not in err and "please report" not in err
    return yaml.safe_load(out.read_text(encoding="utf-8")), err, out


def verdict(out: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["validate", "--quiet", str(out)]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main(["classify", "--format", "json", str(out)]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def by_kind(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for layer in ("weights", "runtime", "training", "data", "documentation"):
        for component in data.get(layer, {}).get("components", []):
            found.setdefault(component["kind"], []).append(component)
    return found


def test_permissive_transformers_folder_is_open_weights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = "---\nlicense: mit\nlibrary_name: transformers\n---\n# Wren-1B\n\nA small model.\n"
    folder = make(
        tmp_path / "wren-1b",
        {
            "README.md": card,
            "LICENSE": MIT,
            "config.json": json.dumps(CONFIG),
            "model-00001-of-00002.safetensors": b"\x00" * 64,
            "model-00002-of-00002.safetensors": b"\x01" * 64,
            "model.safetensors.index.json": "{}",
            "tokenizer.json": "{}",
            "tokenizer_config.json": "{}",
        },
    )
    data, err, out = init(folder, capsys, "--repo-id", "example-lab/wren-1b")
    kinds = by_kind(data)
    [architecture] = kinds["model-architecture"]
    assert architecture["description"].startswith("LlamaForCausalLM (model_type llama)")
    assert architecture["license"] == "Apache-2.0"
    assert kinds["inference-code"][0]["location"] == {
        "repository": "https://github.com/huggingface/transformers"
    }
    assert "LICENSE: text identified as MIT (licenseclassifier)" in err
    assert verdict(out, capsys)["tier"] == "open-weights"
    assert main(["verify", str(out)]) == 0


def test_a_licence_text_is_the_release_licence_when_nothing_else_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make(
        tmp_path / "plain",
        {
            "COPYING": MIT,
            "NOTICE": "Wren includes software by Example Lab.\n",
            "config.json": json.dumps(CONFIG),
            "model.safetensors": b"w",
        },
    )
    data, err, out = init(folder, capsys)
    assert data["release"]["license"] == "MIT"
    assert "the folder names no licence: the COPYING text (MIT) used as the release licence" in err
    [weights] = by_kind(data)["final-weights"]
    assert [a["path"] for a in weights["artifacts"]] == ["COPYING", "NOTICE", "model.safetensors"]
    # config.json says transformers wrote it: the runtime and architecture follow
    assert "config.json was written by transformers" in err
    assert verdict(out, capsys)["tier"] == "open-weights"


def test_a_licence_text_that_disagrees_with_the_card_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make(
        tmp_path / "m",
        {"README.md": "---\nlicense: apache-2.0\n---\n# M\n", "LICENSE": MIT, "m.gguf": b"g"},
    )
    data, err, _ = init(folder, capsys)
    assert data["release"]["license"] == "Apache-2.0"
    assert "the LICENSE text (MIT) holds MIT but the card says Apache-2.0" in err


def test_an_adapter_folder_is_an_adapter_of_its_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adapter = {"base_model_name_or_path": "mistralai/Mistral-7B-v0.1", "peft_type": "LORA"}
    folder = make(
        tmp_path / "lora",
        {"adapter_config.json": json.dumps(adapter), "adapter_model.safetensors": b"a"},
    )
    data, err, _ = init(folder, capsys)
    assert data["lineage"] == [
        {
            "name": "mistralai/Mistral-7B-v0.1",
            "relation": "adapter",
            "url": "https://huggingface.co/mistralai/Mistral-7B-v0.1",
        }
    ]
    assert "taken from adapter_config.json" in err
    assert "relation 'adapter' read from the evidence: adapter_config.json in the folder" in err


def test_a_gguf_only_folder_is_a_quantization(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-0.5B-Instruct\n---\n# Q\n"
    folder = make(
        tmp_path / "gguf",
        {"README.md": card, "q-Q4_K_M.gguf": b"GGUF", "q-Q8_0.gguf": b"GGUF"},
    )
    data, err, out = init(folder, capsys)
    assert data["lineage"][0]["relation"] == "quantized"
    assert "relation 'quantized' read from the evidence: GGUF file q-Q4_K_M.gguf" in err
    assert by_kind(data)["inference-code"][0]["license"] == "MIT"  # llama.cpp
    assert verdict(out, capsys)["own_tier"] == "open-weights"


def test_a_gguf_folder_without_a_card_says_what_it_cannot_know(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make(tmp_path / "bare", {"x.gguf": b"GGUF"})
    data, err, _ = init(folder, capsys)
    assert "lineage" not in data
    assert "looks like a quantized copy (GGUF file x.gguf) but names no base model" in err


BASED_CARD = "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-0.5B-Instruct\n---\n# Q\n"


def test_an_onnx_export_folder_is_a_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """transformers.js and Optimum publish the full-precision export beside smaller ones."""
    folder = make(
        tmp_path / "onnx-export",
        {
            "README.md": BASED_CARD,
            "config.json": json.dumps(CONFIG),
            "onnx/model.onnx": b"onnx",
            "onnx/model_q4.onnx": b"onnx",
            "tokenizer.json": "{}",
        },
    )
    data, err, _ = init(folder, capsys)
    assert data["lineage"][0]["relation"] == "converted"
    assert "relation 'converted' read from the evidence: converted file onnx/model.onnx" in err


def test_a_folder_of_lower_precision_onnx_files_only_is_a_quantization(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make(
        tmp_path / "onnx-q",
        {"README.md": BASED_CARD, "onnx/model_int8.onnx": b"o", "onnx/model_q4f16.onnx": b"o"},
    )
    data, err, _ = init(folder, capsys)
    assert data["lineage"][0]["relation"] == "quantized"
    assert "only lower-precision converted files (onnx/model_int8.onnx)" in err


def test_a_half_precision_onnx_export_is_a_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 16-bit base exported at 16 bits keeps its precision."""
    folder = make(tmp_path / "onnx-fp16", {"README.md": BASED_CARD, "onnx/model_fp16.onnx": b"o"})
    data, _, _ = init(folder, capsys)
    assert data["lineage"][0]["relation"] == "converted"


def test_an_mlx_folder_whose_config_records_bits_is_a_quantization(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = "---\nlicense: mit\nbase_model: mistralai/Mistral-7B-v0.3\ntags: [mlx]\n---\n# M\n"
    config = {"model_type": "mistral", "quantization": {"group_size": 64, "bits": 4}}
    folder = make(
        tmp_path / "mlx",
        {"README.md": card, "config.json": json.dumps(config), "model.safetensors": b"w"},
    )
    data, err, _ = init(folder, capsys)
    assert data["lineage"][0]["relation"] == "quantized"
    assert "relation 'quantized' read from the evidence: quantization in config.json (MLX)" in err


def test_a_card_and_config_that_link_out_of_the_folder_are_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = make(tmp_path / "outside", {"README.md": "---\nlicense: mit\n---\n# Secret\n"})
    folder = make(tmp_path / "model", {"model.safetensors": b"w"})
    (folder / "README.md").symlink_to(secret / "README.md")
    (folder / "config.json").symlink_to("/etc/passwd")
    data, err, _ = init(folder, capsys)
    assert data["release"]["name"] == "model"
    assert "Secret" not in json.dumps(data)
    assert "README.md: a symbolic link leading outside" in err
