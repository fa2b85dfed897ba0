"""The bad-input corpus (tests/bad_input_cases.py) run through the harness (tests/hostile.py).

Every case is a real process under a memory cap and a time limit; see ``hostile`` for what each
must show. A case marked ``pending`` names the issue that builds what it needs: it runs, and
must fail, until then (``strict`` expected failure), so the day it passes it must lose its mark.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_input_cases import CASES
from hostile import Case, judge, remove, run_case


def test_the_corpus_is_large_and_its_ids_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert len(CASES) >= 120, len(CASES)


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(reason=case.pending, strict=True)] if case.pending else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_bad_input(case: Case) -> None:
    result, repo, base = run_case(case)
    try:
        judge(case, result, repo, base)
    finally:
        remove(base)


def test_a_write_killed_midway_leaves_the_old_file(tmp_path: Path) -> None:
    """SIGKILL at any moment of `export -o FILE --force`: FILE is the old text or the new
    text, never a mix (the new text is written beside it and renamed in one step)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from hostile import with_components

    manifest = tmp_path / "m.yaml"
    manifest.write_text(
        with_components(
            "".join(
                f"    - {{name: c{i}, kind: inference-code, availability: open,"
                f" location: {{url: 'https://e.org/{i}'}}}}\n"
                for i in range(1500)
            )
        ),
        encoding="utf-8",
    )
    target = tmp_path / "sbom.json"
    command = [sys.executable, "-m", "aimanifest", "export", str(manifest), "--to", "spdx-2.3"]
    complete = subprocess.run(command, capture_output=True, check=True).stdout
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0, 3.0):
        target.write_bytes(b"old\n")
        process = subprocess.Popen([*command, "-o", str(target), "--force"])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = target.read_bytes()
        assert now in (b"old\n", complete), (delay, len(now))
        outcomes.add(now == complete)
        for leftover in tmp_path.glob(".aimanifest-*.tmp"):  # a killed process cannot clean up
            os.unlink(leftover)
    assert False in outcomes  # some kill came before the rename
