"""`aimanifest classify` with several paths, as `validate` takes them."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLES


def classify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aimanifest", "classify", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_several_paths_give_a_json_list_in_order() -> None:
    paths = [str(EXAMPLES / name) for name in ("heron-7b.yaml", "babel-3b.yaml", "gull-7b.yaml")]
    completed = classify("--format", "json", *paths)
    assert completed.returncode == 0, completed.stderr
    reports = json.loads(completed.stdout)
    assert [report["manifest"] for report in reports] == paths
    assert [report["tier"] for report in reports] == [
        "fully-open",
        "weights-available",
        "open-weights",
    ]
    single = json.loads(classify("--format", "json", paths[0]).stdout)
    assert single == reports[0]  # one path: the object itself, as before


def test_a_bad_manifest_among_several_exits_2_and_the_others_are_reported() -> None:
    bad = str(EXAMPLES / "invalid" / "empty.yaml")
    completed = classify("--format", "json", str(EXAMPLES / "heron-7b.yaml"), bad)
    assert completed.returncode == 2
    assert [report["tier"] for report in json.loads(completed.stdout)] == ["fully-open"]
    assert f"{bad}:1:1: error input-empty" in completed.stderr
    text = classify(str(EXAMPLES / "heron-7b.yaml"), str(EXAMPLES / "babel-3b.yaml"))
    assert text.stdout.count("\nTier ") == 2


def test_a_badge_is_for_one_manifest() -> None:
    completed = classify(
        "--badge", "x.svg", str(EXAMPLES / "heron-7b.yaml"), str(EXAMPLES / "babel-3b.yaml")
    )
    assert completed.returncode == 2 and "one PATH" in completed.stderr
