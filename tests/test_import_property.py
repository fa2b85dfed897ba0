"""Any front matter of the documented types imports to a manifest that validates (hypothesis).

The types are those of the hub's model card metadata (``huggingface_hub``'s ``ModelCardData``
and the hub's card specification): strings or lists of strings for ``license``,
``base_model``, ``datasets``, ``tags``, ``language``; a relation; a library name; gating keys;
a ``model-index``. The values are drawn to be awkward (case twins, slugs that collide, names
like the library, markdown, control characters, empty strings).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimanifest.cli import main

_IDS = st.sampled_from(
    [
        "org/model",
        "Org/Model",
        "org-model",
        "org/model-2",
        "transformers",
        "model-card",
        "a/b+c/d",
        "x/evaluation-results",
        "",
        " ",
        "no id at all",
        "org/a_b",
        "org/a-b",
    ]
)
_TEXT = st.one_of(
    _IDS,
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"
        ),
        max_size=30,
    ),
)
_LICENCES = st.sampled_from(
    ["apache-2.0", "mit", "llama3.1", "other", "gemma", "cc-by-nc-4.0", "openrail", "", "unknown"]
)
_LIBRARIES = st.sampled_from(
    ["transformers", "peft", "gguf", "diffusers", "mlx", "timm", "Transformers", "mystery-lib", ""]
)
_ONE_OR_MORE = lambda s: st.one_of(s, st.lists(s, max_size=4))  # noqa: E731
_METRIC = st.fixed_dictionaries(
    {"type": _TEXT, "value": st.one_of(st.floats(allow_nan=True), st.integers(), _TEXT)},
    optional={"name": _TEXT},
)
_RESULT = st.fixed_dictionaries(
    {
        "task": st.fixed_dictionaries({"type": _TEXT}),
        "dataset": st.fixed_dictionaries({"type": _TEXT, "name": _TEXT}),
        "metrics": st.lists(_METRIC, max_size=3),
    }
)
_META = st.fixed_dictionaries(
    {},
    optional={
        "license": _ONE_OR_MORE(_LICENCES),
        "license_name": _TEXT,
        "license_link": st.one_of(_TEXT, st.just("https://example.org/licence")),
        "base_model": _ONE_OR_MORE(_IDS),
        "base_model_relation": st.sampled_from(
            ["finetune", "adapter", "quantized", "merge", "weird", ""]
        ),
        "datasets": _ONE_OR_MORE(_IDS),
        "library_name": _LIBRARIES,
        "tags": st.lists(st.sampled_from(["lora", "gguf", "mergekit", "awq", "text", "peft"])),
        "language": _ONE_OR_MORE(st.sampled_from(["en", "fr", "multilingual"])),
        "model_name": _TEXT,
        "quantized_by": _TEXT,
        "extra_gated_prompt": _TEXT,
        "model-index": st.lists(
            st.fixed_dictionaries({"name": _TEXT, "results": st.lists(_RESULT, max_size=2)}),
            max_size=2,
        ),
        "inference": st.booleans(),
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(meta=_META, heading=_TEXT, repo_id=st.sampled_from([None, "example-lab/tern-7b"]))
def test_any_documented_front_matter_imports_to_a_valid_manifest(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    meta: dict[str, Any],
    heading: str,
    repo_id: str | None,
) -> None:
    folder = tmp_path_factory.mktemp("card")
    card = folder / "README.md"
    front = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
    card.write_text(f"---\n{front}---\n# {heading}\n", encoding="utf-8")
    out = folder / "aimanifest.yaml"
    args = ["import", "--from", "hf", str(card), "-o", str(out)]
    if repo_id:
        args += ["--repo-id", repo_id]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "internal error" not in err and "please report" not in err
    assert main(["validate", "--quiet", str(out)]) == 0, capsys.readouterr()
    capsys.readouterr()
