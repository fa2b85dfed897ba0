"""`aimanifest audit`: registry mode on real trees of manifests, every output format, and the
documented Dask example run as written on 1,000 manifests."""

from __future__ import annotations

import csv
import io
import json
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, valid_examples

from aimanifest.audit import (
    COLUMNS,
    AuditRow,
    audit_manifest,
    audit_paths,
    find_manifests,
    map_bounded,
)

VALID_YAML = [path for path in valid_examples() if path.name != "aimanifest.yaml"]


def audit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aimanifest", "audit", "--no-progress", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def registry(root: Path, count: int, *, broken: int = 0) -> list[Path]:
    """``count`` manifests under ``root/<org>/<model>/aimanifest.yaml``, ``broken`` of them bad."""
    made = []
    for index in range(count):
        source = VALID_YAML[index % len(VALID_YAML)]
        target = root / f"org{index % 7}" / f"model-{index:05d}" / "aimanifest.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        if index < broken:
            target.write_text('aimanifest: "1.0"\nrelease: [\n', encoding="utf-8")
        else:
            shutil.copy(source, target)
            for sibling in source.parent.glob("*.yaml"):  # lineage paths are relative
                if sibling != source and not (target.parent / sibling.name).exists():
                    shutil.copy(sibling, target.parent / sibling.name)
        made.append(target)
    return made


def test_the_audit_of_one_manifest_is_pure_and_picklable() -> None:
    path = str(EXAMPLES / "gull-7b-chat.yaml")
    row = audit_manifest(path)
    assert pickle.loads(pickle.dumps(audit_manifest)) is audit_manifest
    assert pickle.loads(pickle.dumps(row)) == row
    assert row == audit_manifest(path)  # same input, same row: no hidden state
    assert (row.name, row.valid, row.tier, row.effective_tier) == (
        "Gull-7B-Chat",
        True,
        "fully-open",
        "open-weights",
    )
    assert set(COLUMNS) <= set(AuditRow._fields)


def test_a_bad_file_is_a_row_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "binary.yaml").write_bytes(b"\0\0")
    row = audit_manifest(str(tmp_path / "binary.yaml"))
    assert (row.valid, row.unusable, row.tier) == (False, True, None)
    assert row.problem is not None and row.problem.startswith("1:1: input-binary")
    missing = audit_manifest(str(tmp_path / "nothing.yaml"))
    assert not missing.valid and missing.problem is not None and "no such file" in missing.problem


def test_paths_files_directories_and_globs(tmp_path: Path) -> None:
    made = registry(tmp_path / "reg", 12)
    (tmp_path / "reg" / "org0" / "notes.yaml").write_text("a: 1\n")
    (tmp_path / "reg" / ".git").mkdir()
    (tmp_path / "reg" / ".git" / "aimanifest.yaml").write_text("a: 1\n")
    found = list(find_manifests([str(tmp_path / "reg")]))
    assert sorted(found) == sorted(str(path) for path in made)
    assert list(find_manifests([str(tmp_path / "reg/org1/**/aimanifest.yaml")])) == sorted(
        str(path) for path in made if path.parent.parent.name == "org1"
    )
    assert list(find_manifests([str(made[0])])) == [str(made[0])]


def test_parallel_rows_come_in_input_order_and_equal_the_serial_ones(tmp_path: Path) -> None:
    made = registry(tmp_path, 60, broken=3)
    serial = list(audit_paths([str(tmp_path)], workers=1))
    parallel = list(audit_paths([str(tmp_path)], workers=2))
    assert parallel == serial
    assert [row.path for row in parallel] == sorted(str(path) for path in made)
    assert sum(not row.valid for row in parallel) == 3


def test_map_bounded_keeps_a_bounded_window() -> None:
    submitted = []

    def items():  # type: ignore[no-untyped-def]
        for number in range(1000):
            submitted.append(number)
            yield number

    results = map_bounded(abs, items(), workers=2, chunk=10, window=4)
    first = next(results)
    assert first == 0
    assert len(submitted) <= 10 * 4 + 10, len(submitted)  # not the whole input
    assert list(results) == list(range(1, 1000))


def test_text_summary_and_exit_codes(tmp_path: Path) -> None:
    registry(tmp_path / "good", 9)
    completed = audit(str(tmp_path / "good"))
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("audited 9 manifest(s) in ")
    assert re.search(r"^  fully-open\s+\d+\s+\d+$", completed.stdout, re.M)
    assert "OSAID 1.0: " in completed.stdout

    registry(tmp_path / "bad", 9, broken=2)
    completed = audit(str(tmp_path / "bad"))
    assert completed.returncode == 1
    assert "7 valid, 2 invalid" in completed.stdout
    assert re.search(r"org0/model-00000/aimanifest.yaml:3:1: yaml-syntax: ", completed.stdout)

    assert audit(str(tmp_path / "empty-dir-that-does-not-exist")).returncode == 1
    (tmp_path / "nothing").mkdir()
    completed = audit(str(tmp_path / "nothing"))
    assert completed.returncode == 2 and "no manifest found" in completed.stderr


def test_failing_claims_fail_the_audit() -> None:
    completed = audit(
        str(EXAMPLES / "invalid" / "open-washing.yaml"), str(EXAMPLES / "heron-7b.yaml")
    )
    assert completed.returncode == 1
    assert "1 with unsupported claims" in completed.stdout
    assert "open-washing.yaml: " in completed.stdout


def test_csv_jsonl_and_json_rows(tmp_path: Path) -> None:
    registry(tmp_path, 8, broken=1)
    table = list(csv.DictReader(io.StringIO(audit(str(tmp_path), "--format", "csv").stdout)))
    assert len(table) == 8 and list(table[0]) == list(COLUMNS)
    assert table[0]["valid"] == "false" and table[1]["valid"] == "true"
    lines = audit(str(tmp_path), "--format", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["path"] for row in rows] == [row["path"] for row in table]
    document = json.loads(audit(str(tmp_path), "--format", "json").stdout)
    assert document["manifests"] == rows
    assert document["summary"]["manifests"] == 8 and document["summary"]["invalid"] == 1


def test_csv_cells_are_never_formulas(tmp_path: Path) -> None:
    text = (EXAMPLES / "heron-7b.yaml").read_text(encoding="utf-8")
    manifest = tmp_path / "aimanifest.yaml"
    manifest.write_text(text.replace("name: Heron-7B", 'name: "=HYPERLINK(\\"http://x\\")"', 1))
    [row] = list(csv.DictReader(io.StringIO(audit(str(manifest), "--format", "csv").stdout)))
    assert row["name"] == '\'=HYPERLINK("http://x")'


def test_html_index_links_every_release_page(tmp_path: Path) -> None:
    registry(tmp_path / "reg", 10, broken=1)
    site = tmp_path / "site"
    completed = audit(str(tmp_path / "reg"), "--html", str(site))
    assert completed.returncode == 1, completed.stderr
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(reports/[^"]+)"', index)
    assert len(links) == 9  # the broken manifest has a row, and no page
    for link in links:
        assert (site / link).is_file()
    assert "✕ invalid" in index
    again = audit(str(tmp_path / "reg"), "--html", str(site))
    assert again.returncode == 2 and "--force" in again.stderr
    assert audit(str(tmp_path / "reg"), "--html", str(site), "--force").returncode == 1


def _documented_dask_example() -> str:
    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    [block] = [block for block in blocks if "dask.bag" in block]
    return block


def test_the_documented_dask_example_runs_on_1000_manifests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("dask.bag", reason="the dev extra installs dask[bag]")
    import dask

    registry(tmp_path / "registry", 1000, broken=10)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    with dask.config.set(scheduler="processes", num_workers=2):
        exec(compile(_documented_dask_example(), "docs/audit.md", "exec"), namespace)
    by_tier = namespace["by_tier"]
    assert isinstance(by_tier, dict) and sum(by_tier.values()) == 1000
    assert by_tier["not classified"] == 10
    invalid = namespace["invalid"].compute()  # type: ignore[attr-defined]
    assert len(invalid) == 10 and all("yaml-syntax" in problem for _, problem in invalid)
    assert "fully-open" in capsys.readouterr().out
