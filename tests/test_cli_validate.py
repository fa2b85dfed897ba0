"""`aimanifest validate` and `aimanifest schema` as users run them: real files, real processes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, SCHEMA_FILE, reference, valid_examples

from aimanifest.cli import COMMANDS, main
from aimanifest.model import Manifest
from aimanifest.source import read_document
from aimanifest.spec import LATEST, schema_id
from aimanifest.validate import validate_path

FINDING_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (error|warning) [a-z0-9-]+: .+$"
)
INVALID = sorted(EXAMPLES.glob("invalid/*.expected"))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command in a real process, as a user's shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "aimanifest", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_there_are_enough_examples() -> None:
    examples = valid_examples()
    assert len(examples) >= 8, examples
    assert any(path.suffix == ".json" for path in examples)


@pytest.mark.parametrize("path", valid_examples(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_example_is_valid_strictly(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", "--quiet", str(path)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("path", valid_examples(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_example_loads_into_the_typed_model(path: Path) -> None:
    manifest = Manifest.from_data(read_document(str(path)).data)
    assert manifest.release.name
    assert list(manifest.components())


def test_yaml_examples_carry_the_schema_modeline() -> None:
    for path in valid_examples():
        if path.suffix == ".yaml":
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema="), path


def test_there_are_invalid_examples_of_every_sort() -> None:
    assert len(INVALID) >= 12
    codes = {expected.read_text(encoding="utf-8").splitlines()[0] for expected in INVALID}
    assert codes == {"exit 1", "exit 2"}


@pytest.mark.parametrize("expected", INVALID, ids=lambda p: p.stem)
def test_invalid_example_gives_its_exact_messages(expected: Path) -> None:
    [manifest] = [p for p in expected.parent.glob(expected.stem + ".*") if p.suffix != ".expected"]
    first, *lines = expected.read_text(encoding="utf-8").splitlines()
    completed = run("validate", "--quiet", manifest.relative_to(ROOT).as_posix())
    assert f"exit {completed.returncode}" == first, completed.stdout + completed.stderr
    assert completed.stdout.splitlines() == lines
    assert "Traceback" not in completed.stderr
    for line in lines:
        match = FINDING_LINE.match(line)
        assert match, f"not PATH:LINE:COLUMN: severity RULE: message: {line}"
        assert match["path"] == manifest.relative_to(ROOT).as_posix()


def test_all_bundled_examples_at_once_exit_zero() -> None:
    paths = [p.relative_to(ROOT).as_posix() for p in valid_examples()]
    completed = run("validate", *paths)
    assert completed.returncode == 0, completed.stdout
    assert (
        completed.stderr.strip()
        == f"{len(paths)} of {len(paths)} manifest(s) valid: 0 error(s), 0 warning(s)"
    )


def test_worst_file_decides_the_exit_code(tmp_path: Path) -> None:
    good = valid_examples()[0]
    invalid = EXAMPLES / "invalid" / "schema-errors.yaml"
    assert main(["validate", "-q", str(good), str(invalid)]) == 1
    assert main(["validate", "-q", str(good), str(invalid), str(tmp_path / "missing.yaml")]) == 2


def _manifest_with_a_warning(tmp_path: Path) -> Path:
    path = tmp_path / "aimanifest.yaml"
    path.write_text(
        'aimanifest: "1.0"\n'
        "release: {name: W, version: '1', date: '2024-01-01', publisher: {name: P}}\n"
        "weights:\n  components:\n"
        "    - {name: w, kind: final-weights, availability: open}\n",
        encoding="utf-8",
    )
    return path


def test_strict_turns_warnings_into_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _manifest_with_a_warning(tmp_path)
    assert main(["validate", "-q", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:5:52: warning open-without-location:" in out
    assert main(["validate", "-q", "--strict", str(path)]) == 1


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    invalid = EXAMPLES / "invalid" / "schema-errors.yaml"
    assert main(["validate", "--format", "json", str(invalid)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    [entry] = report["files"]
    assert entry["errors"] == 4
    first = entry["findings"][0]
    assert set(first) == {"path", "line", "column", "severity", "rule", "message"}
    assert (first["line"], first["column"], first["rule"]) == (13, 21, "schema-enum")


def test_github_format(capsys: pytest.CaptureFixture[str]) -> None:
    invalid = EXAMPLES / "invalid" / "yaml-unquoted-version.yaml"
    assert main(["validate", "--format", "github", str(invalid)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"::error file={invalid},line=5,col=12,title=aimanifest schema-type::"
        'release.version: 1.10 is read as a number, not a string; quote it: "1.10"'
    ]


def test_sarif_output_is_valid_sarif_2_1_0(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    sarif_schema = json.loads(
        reference("sarif-2.1.0", "sarif-schema-2.1.0.json").read_text("utf-8")
    )
    paths = [
        str(EXAMPLES / "invalid" / name) for name in ("schema-errors.yaml", "semantic-errors.yaml")
    ]
    assert main(["validate", "--format", "sarif", *paths]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.validators.validator_for(sarif_schema)(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == 9
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_schema_command_prints_the_committed_schema() -> None:
    completed = run("schema")
    assert completed.returncode == 0
    assert completed.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
    assert json.loads(completed.stdout)["$id"] == schema_id(LATEST)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_shows_a_worked_example(command: str) -> None:
    completed = run(command, "--help")
    assert completed.returncode == 0
    assert "examples:" in completed.stdout
    assert f"aimanifest {command}" in completed.stdout


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("validate").returncode == 2
    assert run("validate", "--format", "xml", "x.yaml").returncode == 2
    assert run("frobnicate").returncode == 2


def test_python_api_reports_the_same_findings() -> None:
    result = validate_path(str(EXAMPLES / "invalid" / "semantic-errors.yaml"))
    assert result.exit_code() == 1
    assert [f.rule for f in result.findings] == [
        "date-invalid",
        "artifact-path",
        "artifact-path",
        "duplicate-component",
        "dataset-role",
    ]


def test_open_washing_fails_naming_training_code_and_data_information() -> None:
    """The core of the product: an open-weights release claiming open-source AI fails CI."""
    completed = run("validate", "examples/invalid/open-washing.yaml")
    assert completed.returncode == 1
    claim_lines = [line for line in completed.stdout.splitlines() if " claim-tier: " in line]
    assert claim_lines[0].endswith(
        "claims tier 'open-source-ai', but the manifest supports 'open-weights'"
    )
    assert any("(training-code)" in line for line in claim_lines)
    assert any("data information lacks" in line for line in claim_lines)
    # every refutation sits at the line of the claim it refutes
    assert {line.split(":")[1] for line in claim_lines} == {"139"}


def test_true_claims_pass() -> None:
    completed = run("validate", "--strict", "examples/heron-7b.yaml")
    assert completed.returncode == 0, completed.stdout
    assert "claims:" in (EXAMPLES / "heron-7b.yaml").read_text(encoding="utf-8")


def test_github_format_is_chosen_inside_github_actions() -> None:
    import os

    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    for command, manifest in (("validate", "invalid/licenses.yaml"), ("verify", "heron-7b.yaml")):
        completed = subprocess.run(
            [sys.executable, "-m", "aimanifest", command, str(EXAMPLES / manifest)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert completed.stdout.startswith("::error file="), (command, completed.stdout)
    explicit = subprocess.run(
        [
            sys.executable,
            "-m",
            "aimanifest",
            "validate",
            "--format",
            "text",
            str(EXAMPLES / "invalid" / "licenses.yaml"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert not explicit.stdout.startswith("::")
