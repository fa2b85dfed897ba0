"""The fuzz targets (fuzz/targets.py) hold on their seeds and on every input a fuzzer once broke.

``fuzz/run.py`` searches for new findings for a bounded time; what it found, once fixed, is
kept under ``fuzz/regressions/`` as ``<target>-<name>`` and replayed here on every run, so a
fixed finding stays fixed. The seeds are real files of each kind, so a target that rejects
everything (and so can never find anything) fails here too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))

from run import seeds
from targets import TARGETS

REGRESSIONS = sorted((ROOT / "fuzz" / "regressions").glob("*-*"))


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_target_holds_on_its_seeds(target: str) -> None:
    found = seeds(target)
    assert found, target
    for seed in found:
        TARGETS[target](seed)


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: p.name)
def test_fixed_findings_stay_fixed(path: Path) -> None:
    TARGETS[path.name.split("-", 1)[0]](path.read_bytes())


def test_the_reader_target_accepts_a_valid_manifest() -> None:
    """A target that refused every input would never find a bug in what follows the refusal."""
    from aimanifest.source.yaml_reader import parse_yaml

    text = (ROOT / "examples" / "heron-7b.yaml").read_text(encoding="utf-8")
    assert parse_yaml("heron-7b.yaml", text).data["release"]["name"] == "Heron-7B"
    TARGETS["reader"](text.encode())
