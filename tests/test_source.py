"""Bad input of every kind: one located line, the right exit code, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aimanifest.source import MAX_BYTES, SourceError, read_document
from aimanifest.source.json_reader import parse_json
from aimanifest.source.yaml_reader import parse_yaml

HEADER = 'aimanifest: "1.0"\n'

# (file suffix, content, rule, line, column, exit code)
BAD_INPUT = {
    "yaml-syntax": (".yaml", HEADER + "release: [1\n", "yaml-syntax", 3, 1, 2),
    "yaml-unclosed-quote": (".yaml", HEADER + 'release: "abc\n', "yaml-syntax", 3, 1, 2),
    "yaml-duplicate-key": (".yaml", HEADER + "a: 1\na: 2\n", "yaml-duplicate-key", 3, 1, 1),
    "yaml-nested-duplicate": (
        ".yaml",
        "a:\n  b: 1\n  c: 2\n  b: 3\n",
        "yaml-duplicate-key",
        4,
        3,
        1,
    ),
    "yaml-tab": (".yaml", "a:\n\tb: 1\n", "yaml-syntax", 2, 1, 2),
    "yaml-boolean-key": (".yaml", "yes: 1\n", "yaml-key-type", 1, 1, 1),
    "yaml-number-key": (".yaml", "1.5: x\n", "yaml-key-type", 1, 1, 1),
    "yaml-null-key": (".yaml", "~: x\n", "yaml-key-type", 1, 1, 1),
    "yaml-complex-key": (".yaml", "? [a]\n: b\n", "yaml-key-type", 1, 3, 2),
    "yaml-merge": (".yaml", "a: &a {x: 1}\nb:\n  <<: *a\n", "yaml-merge-key", 3, 3, 1),
    "yaml-python-tag": (".yaml", "a: !!python/object:os.system x\n", "yaml-tag", 1, 4, 1),
    "yaml-custom-tag": (".yaml", "a: !secret x\n", "yaml-tag", 1, 4, 1),
    "yaml-bad-int-tag": (".yaml", "a: !!int abc\n", "yaml-tag", 1, 4, 1),
    "yaml-recursive-alias": (".yaml", "a: &a [*a]\n", "yaml-alias", 1, 8, 2),
    "yaml-unknown-alias": (".yaml", "a: *nothing\n", "yaml-syntax", 1, 4, 2),
    "yaml-two-documents": (".yaml", "a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, 1, 2),
    "yaml-deep": (".yaml", "a: " + "[" * 80 + "]" * 80 + "\n", "yaml-too-deep", 1, 67, 2),
    "yaml-deep-block": (
        ".yaml",
        "".join(f"{'  ' * i}k{i}:\n" for i in range(70)) + "  " * 70 + "x: 1\n",
        "yaml-too-deep",
        65,
        129,
        2,
    ),
    "yaml-control-character": (".yaml", "a: \x07\n", "yaml-syntax", 1, 4, 2),
    "yaml-only-comment": (".yaml", "# nothing here\n", "input-empty", 1, 1, 2),
    "json-syntax": (".json", '{"a": 1,}', "json-syntax", 1, 9, 2),
    "json-missing-colon": (".json", '{\n  "a" 1\n}', "json-syntax", 2, 7, 2),
    "json-duplicate-key": (".json", '{"a": 1,\n "a": 2}', "json-duplicate-key", 2, 2, 1),
    "json-trailing-data": (".json", '{"a": 1}\n{"b": 2}', "json-syntax", 2, 1, 2),
    "json-nan": (".json", '{"a": NaN}', "json-syntax", 1, 7, 2),
    "json-bad-escape": (".json", '{"a": "\\x"}', "json-syntax", 1, 8, 2),
    "json-lone-surrogate": (".json", '{"a": "\\ud800"}', "json-syntax", 1, 7, 2),
    "json-deep": (".json", "[" * 100 + "]" * 100, "json-too-deep", 1, 65, 2),
    "json-single-quotes": (".json", "{'a': 1}", "json-syntax", 1, 2, 2),
    "empty": (".yaml", "", "input-empty", 1, 1, 2),
    "whitespace-only": (".json", "  \n\n ", "input-empty", 1, 1, 2),
}


def _write(tmp_path: Path, suffix: str, content: str | bytes) -> Path:
    path = tmp_path / f"manifest{suffix}"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_gives_one_located_error(case: str, tmp_path: Path) -> None:
    suffix, content, rule, line, column, exit_code = BAD_INPUT[case]
    path = _write(tmp_path, suffix, content)
    with pytest.raises(SourceError) as raised:
        read_document(str(path))
    first = raised.value.findings[0]
    assert (first.rule, first.line, first.column) == (rule, line, column), first.as_text()
    assert first.path == str(path)
    assert int(raised.value.exit_code) == exit_code


@pytest.mark.parametrize(
    ("content", "rule", "line", "column"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "input-binary", 3, 1),
        (b"a: 1\nb: caf\xe9\n", "input-encoding", 2, 7),
        (b"\xff\xfea\x00:\x00", "input-encoding", 1, 1),
        (b"a: \xc3\n", "input-encoding", 1, 4),
    ],
)
def test_binary_and_non_utf8_input(
    tmp_path: Path, content: bytes, rule: str, line: int, column: int
) -> None:
    path = _write(tmp_path, ".yaml", content)
    with pytest.raises(SourceError) as raised:
        read_document(str(path))
    [finding] = raised.value.findings
    assert (finding.rule, finding.line, finding.column) == (rule, line, column)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, ".yaml", "\ufeffa: 1\n".encode())
    assert read_document(str(path)).data == {"a": 1}


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)
    with pytest.raises(SourceError) as raised:
        read_document(str(path))
    assert raised.value.findings[0].rule == "input-too-large"


def test_directory_and_missing_file(tmp_path: Path) -> None:
    for target, message in ((tmp_path, "is a directory"), (tmp_path / "no.yaml", "no such file")):
        with pytest.raises(SourceError) as raised:
            read_document(str(target))
        assert message in raised.value.findings[0].message


def test_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ["l0: &l0 [a, a, a, a, a, a, a, a, a]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 12)]
    path = _write(tmp_path, ".yaml", "\n".join(lines) + "\n")
    with pytest.raises(SourceError) as raised:
        read_document(str(path))
    assert raised.value.findings[0].rule == "yaml-too-large"


def test_aliases_within_limits_are_fine(tmp_path: Path) -> None:
    path = _write(tmp_path, ".yaml", "a: &x {k: v}\nb: *x\nc: [*x, *x]\n")
    assert read_document(str(path)).data == {
        "a": {"k": "v"},
        "b": {"k": "v"},
        "c": [{"k": "v"}] * 2,
    }


def test_yaml_scalars_follow_yaml_1_1_except_timestamps() -> None:
    document = parse_yaml(
        "m.yaml",
        "a: 1.10\nb: no\nc: 2024-05-01\nd: 2024-05-01 10:00:00\n"
        "e: '1.10'\nf: 0x10\ng: ~\nh: 1_000\n",
    )
    assert document.data == {
        "a": 1.1,
        "b": False,
        "c": "2024-05-01",
        "d": "2024-05-01 10:00:00",
        "e": "1.10",
        "f": 16,
        "g": None,
        "h": 1000,
    }
    # what the user typed is kept, so messages can say "1.10 is read as a number: quote it"
    assert document.plain_scalars[("a",)] == "1.10"
    assert document.plain_scalars[("b",)] == "no"
    assert ("e",) not in document.plain_scalars


def test_positions_of_keys_and_values() -> None:
    yaml_doc = parse_yaml("m.yaml", "release:\n  name: X\n  tags:\n    - a\n    - b\n")
    assert yaml_doc.values[("release", "name")] == (2, 9)
    assert yaml_doc.keys[("release", "name")] == (2, 3)
    assert yaml_doc.values[("release", "tags", 1)] == (5, 7)
    json_doc = parse_json(
        "m.json", '{\n  "release": {\n    "name": "X",\n    "tags": ["a", "b"]\n  }\n}'
    )
    assert json_doc.values[("release", "name")] == (3, 13)
    assert json_doc.keys[("release", "name")] == (3, 5)
    assert json_doc.values[("release", "tags", 1)] == (4, 19)
    # a value reached through an alias has no position of its own: its alias's is used
    aliased = parse_yaml("m.yaml", "a: &x {k: [1, 2]}\nb: *x\n")
    assert aliased.locate(("b", "k", 1)) == (2, 4)


def test_bad_input_never_shows_a_traceback(tmp_path: Path) -> None:
    paths = []
    for index, case in enumerate(sorted(BAD_INPUT)):
        suffix, content, *_ = BAD_INPUT[case]
        path = tmp_path / f"case{index}{suffix}"
        path.write_text(content, encoding="utf-8")
        paths.append(str(path))
    paths += [str(tmp_path), str(tmp_path / "missing.yaml")]
    completed = subprocess.run(
        [sys.executable, "-m", "aimanifest", "validate", *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr + completed.stdout
    assert len(completed.stdout.splitlines()) >= len(paths)


# -- properties: the readers agree with the standard parsers on everything those accept ---------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
@example({"\x00duplicate": None, "a": {"\x00duplicate": 1}})  # once a sentinel of the reader
def test_json_reader_agrees_with_json_loads(value: object) -> None:
    text = json.dumps(value, indent=1)
    assert parse_json("m.json", text).data == json.loads(text)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
@example({"\x00duplicate:": None})  # found by hypothesis: was a sentinel of the reader
def test_yaml_reader_agrees_with_safe_load(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    assert parse_yaml("m.yaml", text).data == yaml.safe_load(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_only_ever_raises_source_errors(text: str) -> None:
    for parse in (parse_yaml, parse_json):
        try:
            parse("m", text)
        except SourceError as error:
            assert error.findings
            assert all(f.line >= 1 and f.column >= 1 for f in error.findings)


def _builder_reading(text: str) -> object:
    """What the positional builder alone makes of ``text`` (the reader's slow path)."""
    from aimanifest.source import yaml_reader

    builder = yaml_reader._Builder("m.yaml")
    loader = yaml_reader._Loader(text)
    try:
        yaml_reader._run(builder, loader, 1)
    finally:
        loader.dispose()
    return builder.document


YAML_CORPUS = sorted(
    path
    for folder in ("examples", "tests/releases", "tests/corpus", "fuzz/regressions")
    for path in (ROOT / folder).rglob("*.yaml")
)


@pytest.mark.parametrize("path", YAML_CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_yaml_data_fast_path_agrees_with_the_builder(path: Path) -> None:
    """A plain manifest is read without positions; data and (lazy) positions are the builder's."""
    from aimanifest.source import yaml_reader

    text = path.read_bytes().decode("utf-8", errors="replace")
    fast = yaml_reader._data_only(text)
    try:
        document = parse_yaml("m.yaml", text)
    except SourceError:
        assert fast is yaml_reader._UNSURE  # every error is the builder's to say
        return
    slow = _builder_reading(text)
    assert repr(document.data) == repr(slow.data)  # type: ignore[attr-defined]
    assert document.values == slow.values  # type: ignore[attr-defined]
    assert document.keys == slow.keys  # type: ignore[attr-defined]
    assert document.plain_scalars == slow.plain_scalars  # type: ignore[attr-defined]


def test_most_bundled_manifests_take_the_fast_path() -> None:
    """The audit's throughput rests on it (benchmarks/audit.py): a plain manifest needs no
    positions until a finding asks for one."""
    from aimanifest.source import yaml_reader

    examples = sorted((ROOT / "examples").glob("*.yaml"))
    plain = [p for p in examples if " &" not in p.read_text()]  # anchors: the builder's
    fast = [p for p in examples if yaml_reader._data_only(p.read_text()) is not yaml_reader._UNSURE]
    assert fast == plain and len(plain) >= len(examples) - 1
    document = parse_yaml("m.yaml", examples[0].read_text())
    assert document.locator is not None  # positions not computed yet
    assert document.locate(("release", "name")).line > 1
    assert document.locator is None


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "<<: {a: 1}\n",  # merge key
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # a tag
        "--- 1\n--- 2\n",  # two documents
        "1: a\n",  # a key that is not a string
        "just a scalar\n",  # the root is not a container
        "a: [1\n",  # a syntax error
        "a: 1" + "0" * 5000 + "\n",  # an integer Python will not convert
    ],
)
def test_yaml_fast_path_leaves_everything_unusual_to_the_builder(text: str) -> None:
    from aimanifest.source import yaml_reader

    assert yaml_reader._data_only(text) is yaml_reader._UNSURE
