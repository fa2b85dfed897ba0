"""The card corpus (``tests/cards/``): each card imports, validates, and gets the verdict a
careful person gives it.

The cards are written for these tests from public model cards (facts carried over, wording
ours; each states its source in its first body line). For each, the table says what a careful
reader concludes from the card alone: the release's own tier (lineage can only lower it, and
no card points at a base manifest) and the relation to its base. The hub's own card parser is
the oracle for the metadata: our reading of every card must equal ``huggingface_hub``'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from aimanifest.cli import main

CARDS = Path(__file__).resolve().parent / "cards"


class Expected(NamedTuple):
    own_tier: str
    relation: str | None
    repo_id: str | None = None
    name: str | None = None


EXPECTED: dict[str, Expected] = {
    "pythia-base": Expected("open-weights", None, "EleutherAI/pythia-1b", "pythia-1b"),
    "olmo-base": Expected("open-weights", None, name="OLMo 2 7B"),
    "llama-finetune": Expected("weights-available", "fine-tune", name="Kestrel-8B-Chat"),
    "lora-adapter": Expected("open-weights", "adapter", name="mistral-7b-guanaco-lora"),
    "gguf-quant": Expected("open-weights", "quantized", name="TinyLlama 1.1B Chat v1.0"),
    "mergekit-merge": Expected("open-weights", "merge", name="merged-zephyr-instruct"),
    "mergekit-plus": Expected("open-weights", "merge", name="Orca-Mistral Blend"),
    "gated-gemma": Expected("weights-available", None, "google/gemma-2-2b", "gemma-2-2b"),
    "license-other": Expected("weights-available", None, name="DeepSeek-V2-Lite"),
    "model-index": Expected(
        "open-weights", "fine-tune", name="distilbert-base-uncased-finetuned-sst-2-english"
    ),
    "dup-datasets": Expected("open-weights", "fine-tune", name="phi-2-ultrachat"),
    "case-datasets": Expected("open-weights", "fine-tune", name="Mistral-SlimOrca"),
    "slug-datasets": Expected("open-weights", "fine-tune", name="Qwen2.5-0.5B-Hermes"),
    "dataset-like-library": Expected("open-weights", None, name="vit_small_patch16_224"),
    "empty-heading": Expected("open-weights", None, "example-lab/plain-mit", "plain-mit"),
    "heading-collision": Expected("open-weights", None, name="Transformers"),
    "awq-quant": Expected("open-weights", "quantized", name="Qwen2.5-7B-Instruct-AWQ"),
    "sentence-embedding": Expected("open-weights", "fine-tune", name="all-MiniLM-L6-v2"),
    "diffusers-openrail": Expected("weights-available", None, name="Stable Diffusion v1-4"),
    "onnx-export": Expected("open-weights", "converted", name="Qwen2.5-0.5B-Instruct (ONNX)"),
    "mlx-bf16": Expected("weights-available", "converted", name="Meta-Llama-3.1-8B-Instruct-bf16"),
    "mlx-4bit": Expected("open-weights", "quantized", name="Mistral-7B-Instruct-v0.3-4bit"),
    "dpo-finetune": Expected("open-weights", "fine-tune", name="zephyr-7b-beta"),
}


def test_the_table_covers_the_corpus() -> None:
    assert sorted(EXPECTED) == sorted(p.stem for p in CARDS.glob("*.md"))
    assert len(EXPECTED) >= 15
    for card in CARDS.glob("*.md"):
        assert "<!-- source: " in card.read_text(encoding="utf-8"), f"{card.name}: no source"


def _import(
    card: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_id: str | None
) -> tuple[dict[str, Any], str, Path]:
    out = tmp_path / "aimanifest.yaml"
    args = ["import", "--from", "hf", str(card), "-o", str(out)]
    if repo_id:
        args += ["--repo-id", repo_id]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 0, err
    return yaml.safe_load(out.read_text(encoding="utf-8")), err, out


def _card(tmp_path: Path, text: str) -> Path:
    """A card written for one test, as README.md."""
    card = tmp_path / "README.md"
    card.write_text(text, encoding="utf-8")
    return card


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_card_imports_validates_and_gets_its_verdict(
    stem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = EXPECTED[stem]
    card = tmp_path / "README.md"
    card.write_bytes((CARDS / f"{stem}.md").read_bytes())
    data, err, out = _import(card, tmp_path, capsys, expected.repo_id)
    assert "internal error" not in err and "please report" not in err
    assert "MOT file" not in err
    assert main(["validate", "--quiet", str(out)]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main(["classify", "--format", "json", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["own_tier"] == expected.own_tier, report["missing"]
    relations = {base["relation"] for base in data.get("lineage", [])}
    assert relations == ({expected.relation} if expected.relation else set())
    if expected.name:
        assert data["release"]["name"] == expected.name
    names = [
        c["name"]
        for layer in ("weights", "runtime", "data", "documentation")
        for c in data.get(layer, {}).get("components", [])
    ]
    assert len(names) == len(set(names))


def _components(data: dict[str, Any], layer: str) -> list[dict[str, Any]]:
    components: list[dict[str, Any]] = data.get(layer, {}).get("components", [])
    return components


def test_permissive_transformers_base_lists_the_library_with_its_real_licence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, err, _ = _import(CARDS / "pythia-base.md", tmp_path, capsys, "EleutherAI/pythia-1b")
    runtime = {c["kind"]: c for c in _components(data, "runtime")}
    assert runtime["inference-code"]["license"] == "Apache-2.0"
    assert runtime["inference-code"]["location"] == {
        "repository": "https://github.com/huggingface/transformers"
    }
    assert runtime["model-architecture"]["license"] == "Apache-2.0"
    assert "architecture inferred from library_name (Transformers)" in err
    [pile] = _components(data, "data")
    assert pile["dataset"]["role"] == "pre-training"


def test_quantized_copy_datasets_are_the_bases_training_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, err, _ = _import(CARDS / "gguf-quant.md", tmp_path, capsys, None)
    roles = {c["dataset"]["role"] for c in _components(data, "data")}
    assert roles == {"pre-training"}
    assert "relation 'quantized' read from the evidence: quantized_by in the card" in err
    assert "a quantized copy is not trained" in err
    [runtime] = [c for c in _components(data, "runtime") if c["kind"] == "inference-code"]
    assert runtime["license"] == "MIT"  # llama.cpp, read from the gguf tag


def test_a_converted_copy_is_told_apart_from_a_quantized_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for stem, evidence in [
        ("mlx-bf16", "relation 'converted' read from the evidence: tag 'mlx'"),
        ("mlx-4bit", "the release name 'Mistral-7B-Instruct-v0.3-4bit' says '4bit'"),
        ("onnx-export", "read from the evidence: library_name: transformers.js"),
    ]:
        (tmp_path / stem).mkdir()
        _, err, _ = _import(CARDS / f"{stem}.md", tmp_path / stem, capsys, None)
        assert evidence in err, stem


def test_a_converted_copys_datasets_are_the_bases_training_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = _card(
        tmp_path,
        "---\nlicense: apache-2.0\nlibrary_name: transformers.js\n"
        "base_model: sentence-transformers/all-MiniLM-L6-v2\ndatasets: [ms_marco]\n---\n# E\n",
    )
    data, err, _ = _import(card, tmp_path, capsys, None)
    assert {c["dataset"]["role"] for c in _components(data, "data")} == {"pre-training"}
    assert "a converted copy is not trained" in err


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Stable Diffusion v1-4 Model Card", "Stable Diffusion v1-4"),
        ("Model Card for Heron-7B", "Heron-7B"),
        ("mlx-community/Mistral-7B-Instruct-v0.3-4bit", "Mistral-7B-Instruct-v0.3-4bit"),
        ("Model Card", None),
        ("The Model Card", None),
        ("Heron 7B", "Heron 7B"),
    ],
)
def test_a_heading_names_the_model_it_is_the_card_of(
    heading: str, name: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = _card(tmp_path, f"---\nlicense: mit\n---\n# {heading}\n\n# Fallback\n")
    data, _, _ = _import(card, tmp_path, capsys, None)
    assert data["release"]["name"] == (name or "Fallback")


@pytest.mark.parametrize(
    ("stem", "publisher", "evidence"),
    [
        ("gguf-quant", "TheBloke", "publisher 'TheBloke' taken from quantized_by"),
        (
            "mlx-bf16",
            "mlx-community",
            "publisher 'mlx-community' taken from the heading "
            "'# mlx-community/Meta-Llama-3.1-8B-Instruct-bf16'",
        ),
        ("olmo-base", "unknown", "the card names no publisher: 'unknown' written"),
    ],
)
def test_the_publisher_comes_from_the_evidence_when_no_repo_id_names_it(
    stem: str, publisher: str, evidence: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, err, _ = _import(CARDS / f"{stem}.md", tmp_path, capsys, None)
    assert data["release"]["publisher"]["name"] == publisher
    assert evidence in err


def test_a_quantized_by_that_is_no_user_name_is_not_the_publisher(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = _card(
        tmp_path,
        '---\nlicense: mit\nquantized_by: "x\\n::error file=a::forged"\n---\n# T\n',
    )
    data, err, _ = _import(card, tmp_path, capsys, None)
    assert data["release"]["publisher"]["name"] == "unknown"
    assert "is not a hub user name: not read as the publisher" in err
    assert "\n::error" not in err  # the warning shows the newline escaped


def test_model_index_results_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, err, _ = _import(CARDS / "model-index.md", tmp_path, capsys, None)
    [results] = [c for c in _components(data, "documentation") if c["kind"] == "evaluation-results"]
    assert results["x-model-index"] == [
        {
            "task": "text-classification",
            "dataset": "glue",
            "dataset_id": "glue",
            "split": "validation",
            "metric": "Accuracy",
            "value": 0.9106,
        },
        {
            "task": "text-classification",
            "dataset": "glue",
            "dataset_id": "glue",
            "split": "validation",
            "metric": "F1",
            "value": 0.9148,
        },
    ]
    assert "model-index: 2 evaluation result(s) kept" in err


@pytest.mark.parametrize(
    ("stem", "kept", "message"),
    [
        ("dup-datasets", 1, "'HuggingFaceH4/ultrachat_200k' is listed twice"),
        ("case-datasets", 1, "'open-orca/slimorca' is listed twice (as 'Open-Orca/SlimOrca')"),
        ("slug-datasets", 3, "the name 'teknium-openhermes-2.5' is taken"),
        ("dataset-like-library", 2, "the name 'timm' is taken"),
    ],
)
def test_datasets_that_collide_are_merged_or_renamed_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], stem: str, kept: int, message: str
) -> None:
    data, err, _ = _import(CARDS / f"{stem}.md", tmp_path, capsys, None)
    assert len(_components(data, "data")) == kept
    assert message in err


def test_preference_data_of_a_fine_tune_is_preference_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _, _ = _import(CARDS / "dpo-finetune.md", tmp_path, capsys, None)
    roles = {c["name"]: c["dataset"]["role"] for c in _components(data, "data")}
    assert roles == {
        "huggingfaceh4-ultrachat_200k": "fine-tuning",
        "huggingfaceh4-ultrafeedback_binarized": "preference",
    }


def test_the_hub_parser_reads_every_card_as_we_do() -> None:
    """huggingface_hub's own repocard code is the oracle for metadata and model-index."""
    repocard = pytest.importorskip("huggingface_hub.repocard")
    repocard_data = pytest.importorskip("huggingface_hub.repocard_data")
    from aimanifest.importers.card import parse_card
    from aimanifest.importers.common import ImportRun
    from aimanifest.importers.hf_results import evaluation_results

    for path in sorted(CARDS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        ours = parse_card(str(path), text)
        hub = repocard.RepoCard(text)
        assert ours.meta == hub.data.to_dict(), path.name
        assert ours.body.strip() == hub.text.strip(), path.name
        index = ours.meta.get("model-index")
        if index and any(model.get("results") for model in index):
            _, hub_results = repocard_data.model_index_to_eval_results(index)
            component = evaluation_results(ImportRun(), ours.meta, None)
            assert component is not None
            assert [(r["metric"], r["value"]) for r in component["x-model-index"]] == [
                (r.metric_name or r.metric_type, r.metric_value) for r in hub_results
            ], path.name


def test_hub_addresses_are_read_as_hub_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cards write ``base_model`` and ``datasets`` as addresses as often as as ids."""
    card = _card(
        tmp_path,
        "---\nlicense: apache-2.0\n"
        "base_model: https://huggingface.co/mistralai/Mistral-7B-v0.1/tree/main\n"
        "datasets:\n"
        "  - https://huggingface.co/datasets/tatsu-lab/alpaca\n"
        "  - tatsu-lab/Alpaca\n"
        "  - https://huggingface.co/datasets\n"
        "---\n# M\n",
    )
    data, err, _ = _import(card, tmp_path, capsys, None)
    assert [base["name"] for base in data["lineage"]] == ["mistralai/Mistral-7B-v0.1"]
    assert "read as the hub id 'mistralai/Mistral-7B-v0.1'" in err
    [alpaca, other] = _components(data, "data")
    assert alpaca["location"] == {"url": "https://huggingface.co/datasets/tatsu-lab/alpaca"}
    # the address and the id name one dataset
    assert "datasets: 'tatsu-lab/Alpaca' is listed twice (as 'tatsu-lab/alpaca')" in err
    assert "location" not in other  # an address that names no dataset stays as written


@pytest.mark.parametrize(
    ("text", "dataset", "found"),
    [
        ("https://huggingface.co/gpt2", False, "gpt2"),
        ("https://huggingface.co/gpt2/tree/main", False, "gpt2"),
        ("https://hf.co/org/m/blob/main/config.json", False, "org/m"),
        ("https://huggingface.co/datasets/org/d", False, None),
        ("https://huggingface.co/datasets/org/d", True, "org/d"),
        ("https://huggingface.co/org/m", True, None),
        ("https://example.org/org/m", False, None),
        ("http://[::1", False, None),
        ("org/m", False, None),
    ],
)
def test_hub_id_of_an_address(text: str, dataset: bool, found: str | None) -> None:
    from aimanifest.importers.hf_evidence import hub_id

    assert hub_id(text, dataset=dataset) == found
