"""`aimanifest import --from hf`: model cards as publishers write them, into valid manifests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aimanifest.cli import main

LLAMA_STYLE = """\
---
language: [en, de, fr]
license: llama3.1
pipeline_tag: text-generation
tags: [facebook, meta, pytorch, llama]
extra_gated_prompt: "### LLAMA 3.1 COMMUNITY LICENSE AGREEMENT ..."
extra_gated_fields:
  First Name: text
  Country: country
---

## Model Information

The Plover 3.1 collection of multilingual large language models.
"""

APACHE_FINE_TUNE = """\
---
license: apache-2.0
base_model:
  - example-lab/gull-7b
datasets:
  - example-lab/driftchat-208k
  - example-lab/driftfeedback-61k
library_name: transformers
model-index:
  - name: Gull-7B-Chat
    results: []
---

# gull-7b-chat

A chat fine-tune of Gull-7B.
"""


def _import(tmp_path: Path, card: str, *extra: str) -> tuple[int, dict[str, object], Path]:
    readme = tmp_path / "README.md"
    readme.write_text(card, encoding="utf-8")
    out = tmp_path / "aimanifest.yaml"
    code = main(["import", "--from", "hf", str(readme), "-o", str(out), *extra])
    data = yaml.safe_load(out.read_text(encoding="utf-8")) if out.exists() else {}
    return code, data, out


def test_gated_community_licence_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data, out = _import(tmp_path, LLAMA_STYLE, "--repo-id", "plover-systems/plover-8b")
    assert code == 0
    err = capsys.readouterr().err
    assert "warning import-hf: the card gives no version" in err
    assert data["release"]["license"] == "LicenseRef-scancode-llama-3.1-license-2024"  # type: ignore[index]
    assert data["release"]["publisher"] == {"name": "plover-systems"}  # type: ignore[index]
    [weights] = data["weights"]["components"]  # type: ignore[index]
    assert weights["availability"] == "gated"
    assert main(["validate", "--quiet", str(out)]) == 0
    assert main(["classify", "--format", "json", str(out)]) == 0
    assert '"tier": "weights-available"' in capsys.readouterr().out


def test_fine_tune_card_with_datasets_and_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, out = _import(tmp_path, APACHE_FINE_TUNE)
    assert code == 0
    assert data["release"]["name"] == "Gull-7B-Chat"  # type: ignore[index]
    assert data["release"]["license"] == "Apache-2.0"  # type: ignore[index]
    assert data["lineage"] == [  # type: ignore[comparison-overlap]
        {
            "name": "example-lab/gull-7b",
            "relation": "fine-tune",
            "url": "https://huggingface.co/example-lab/gull-7b",
        }
    ]
    datasets = data["data"]["components"]  # type: ignore[index]
    assert [d["dataset"]["role"] for d in datasets] == ["fine-tuning", "preference"]
    assert (
        datasets[0]["location"]["url"]
        == "https://huggingface.co/datasets/example-lab/driftchat-208k"
    )
    runtime = data["runtime"]["components"]  # type: ignore[index]
    assert [(c["name"], c["license"]) for c in runtime] == [
        ("transformers", "Apache-2.0"),
        ("model-architecture", "Apache-2.0"),
    ]
    err = capsys.readouterr().err
    assert "relation 'fine-tune' read from the evidence: nothing shows another relation" in err
    assert "model-index lists no result with a metric value" in err
    assert main(["validate", "--quiet", str(out)]) == 0


def test_other_licence_becomes_a_declared_custom_licence(tmp_path: Path) -> None:
    card = (
        "---\nlicense: other\nlicense_name: tern-community\n"
        "license_link: https://example.org/l\n---\n# Tern\n"
    )
    code, data, out = _import(tmp_path, card, "--repo-id", "example-lab/tern")
    assert code == 0
    assert data["release"]["license"] == "LicenseRef-tern-community"  # type: ignore[index]
    assert data["custom_licenses"] == [  # type: ignore[comparison-overlap]
        {
            "id": "LicenseRef-tern-community",
            "name": "tern-community",
            "url": "https://example.org/l",
        }
    ]
    assert main(["validate", "--quiet", str(out)]) == 0
    # the placeholder version and date are warnings: --strict fails until they are replaced
    assert main(["validate", "--quiet", "--strict", str(out)]) == 1


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ("# Just markdown\n", "no YAML metadata block"),
        ("---\n- a\n- b\n---\n", "not a mapping"),
        ("---\nlicense: [unclosed\n---\n", "README.md:3:1: error yaml-syntax"),
    ],
)
def test_not_a_model_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], card: str, message: str
) -> None:
    code, _data, out = _import(tmp_path, card)
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_bad_repo_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _data, _out = _import(tmp_path, APACHE_FINE_TUNE, "--repo-id", "not a repo")
    assert code == 2
    assert "is not of the form org/name" in capsys.readouterr().err
