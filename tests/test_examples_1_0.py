"""The spec 1.0 examples as they were published, kept byte for byte in tests/corpus/examples-1.0/.

The bundled ``examples/`` moved to spec 1.1 to state what 1.0 cannot (component suppliers and
copyright lines, for SBOM compliance). Spec 1.0 is frozen, so the files its users copied from
must keep validating strictly and keep their verdicts under every later tool: this pins them.
The table was computed by the tool before the examples changed; a change in any verdict of a
1.0 manifest is a bug (or a decision the changelog must announce), never an accident.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT

from aimanifest.cli import main
from aimanifest.source import read_document

CORPUS = ROOT / "tests" / "corpus" / "examples-1.0"

PINNED: dict[str, tuple[str | None, str, str, str | None, str]] = {
    # file: (tier, tier_status, own tier, MOF class, OSAID verdict)
    "babel-3b.yaml": ("weights-available", "assessed", "weights-available", None, "fail"),
    "curlew-clin-1b.json": ("open-source-ai", "assessed", "open-source-ai", "II", "needs-review"),
    "finch-gpt-355m.json": ("open-pipeline", "assessed", "open-pipeline", None, "fail"),
    "gull-7b-chat-gguf.yaml": ("open-weights", "assessed", "open-weights", None, "fail"),
    "gull-7b-chat.yaml": ("open-weights", "assessed", "fully-open", None, "fail"),
    "gull-7b.yaml": ("open-weights", "assessed", "open-weights", None, "fail"),
    "heron-7b.yaml": ("fully-open", "assessed", "fully-open", "I", "pass"),
    "plover-8b-instruct-sql-lora.yaml": (None, "not-assessed", "weights-available", None, "fail"),
    "plover-8b.yaml": ("weights-available", "assessed", "weights-available", None, "fail"),
    "skylark-pro.yaml": ("closed", "assessed", "closed", None, "fail"),
    "tiny-model/aimanifest.yaml": ("open-weights", "assessed", "open-weights", None, "fail"),
}
"""The verdicts of each 1.0 example, as the tool computed them when the copies were taken."""


def manifests() -> list[Path]:
    """Every manifest of the corpus (not the data files beside ``tiny-model``'s)."""
    found = [*CORPUS.glob("*.yaml"), *CORPUS.glob("*.json"), *CORPUS.glob("*/aimanifest.yaml")]
    return sorted(found)


def test_the_table_covers_the_corpus() -> None:
    assert sorted(p.relative_to(CORPUS).as_posix() for p in manifests()) == sorted(PINNED)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_1_0_example_validates_strictly_with_its_verdicts(name: str) -> None:
    path = CORPUS / name
    assert read_document(str(path)).data["aimanifest"] == "1.0"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["validate", "--strict", str(path)]) == 0, err.getvalue()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["classify", "--format", "json", str(path)]) == 0
    found = json.loads(out.getvalue())
    assert found["spec_version"] == "1.0"
    verdict = (
        found["tier"],
        found["tier_status"],
        found["own_tier"],
        found["mof"]["class"],
        found["osaid"]["verdict"],
    )
    assert verdict == PINNED[name]


def test_the_tiny_model_files_still_verify() -> None:
    """The copy keeps ``tiny-model``'s real files beside it, so its digests still hold."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["verify", str(CORPUS / "tiny-model" / "aimanifest.yaml")]) == 0
