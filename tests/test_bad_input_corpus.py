"""The bad-input corpus (tests/bad_input_cases.py) run through the harness (tests/hostile.py).

Every case is a real process under a memory cap and a time limit; see ``hostile`` for what each
must show. A case marked ``pending`` names the issue that builds what it needs: it runs, and
must fail, until then (``strict`` expected failure), so the day it passes it must lose its mark.
"""

from __future__ import annotations

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
