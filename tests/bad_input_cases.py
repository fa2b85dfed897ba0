"""The bad-input corpus: hostile files, paths, outputs, signals and environments, per command.

Each :class:`~hostile.Case` is judged by ``hostile.judge`` (exit 1 or 2, the file named, no
traceback, no internal error, within 5 s and 512 MB, nothing read outside the repository and
nothing written but the output). Grouped by what they attack; ids say what each one is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from hostile import VALID, Case, Result, manifest, with_components

HEADER = 'aimanifest: "1.0"\n'
BIG = 9 * 1024 * 1024


def alias_bomb(prefix: str = "x-") -> str:
    """Nine levels of nine aliases: 387 million values once expanded."""
    lines = [f"{prefix}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"{prefix}l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def fifo(name: str) -> Callable[[Path, Path], None]:
    def make(repo: Path, outside: Path) -> None:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(repo / name)

    return make


def link(name: str, target: str) -> Callable[[Path, Path], None]:
    """A symbolic link ``repo/name`` to ``target`` (``{outside}`` and ``{repo}`` expanded)."""

    def make(repo: Path, outside: Path) -> None:
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.replace("{outside}", str(outside)).replace("{repo}", str(repo)))

    return make


def sparse(name: str, size: int) -> Callable[[Path, Path], None]:
    def make(repo: Path, outside: Path) -> None:
        with (repo / name).open("wb") as stream:
            stream.truncate(size)

    return make


def unreadable(name: str) -> Callable[[Path, Path], None]:
    def make(repo: Path, outside: Path) -> None:
        (repo / name).chmod(0)

    return make


def both(*steps: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    def make(repo: Path, outside: Path) -> None:
        for step in steps:
            step(repo, outside)

    return make


def no_escape_sequences(repo: Path, result: Result) -> None:
    """Nothing the manifest says acts on the terminal or the CI log."""
    for line in result.output.splitlines():
        assert "\x1b" not in line and "\x07" not in line, line
        assert not line.startswith("::"), line


def github_lines_are_ours(repo: Path, result: Result) -> None:
    """Every workflow command in the output is one of our annotations, one per finding."""
    for line in result.stdout.splitlines():
        assert line.startswith(("::error file=", "::warning file=", "::notice file=")), line


def json_says_invalid(repo: Path, result: Result) -> None:
    import json

    assert json.loads(result.stdout)["valid"] is False


def nothing_written(name: str) -> Callable[[Path, Result], None]:
    def check(repo: Path, result: Result) -> None:
        assert not (repo / name).exists() or (repo / name).read_text() == "old\n"

    return check


FORGED = "Hostile\\n::error file=x.py,line=1::forged\\x1b[2J\\x07\\u202e"
"""A YAML double-quoted string: newline, workflow command, ESC, BEL, bidi override."""

# -- validate: files that are not manifests -------------------------------------------------
VALIDATE = [
    Case(
        "validate-fifo",
        ("validate", "m.yaml"),
        setup=fifo("m.yaml"),
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-directory",
        ("validate", "m.yaml"),
        setup=lambda r, o: (r / "m.yaml").mkdir(),
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-missing",
        ("validate", "nope.yaml"),
        exits=frozenset({2}),
        names="nope.yaml",
        located=True,
    ),
    Case(
        "validate-dev-zero",
        ("validate", "/dev/zero"),
        exits=frozenset({2}),
        names="/dev/zero",
        located=True,
    ),
    Case(
        "validate-dev-stdin",
        ("validate", "/dev/stdin"),
        exits=frozenset({2}),
        names="/dev/stdin",
        located=True,
    ),
    Case(
        "validate-symlink-loop",
        ("validate", "m.yaml"),
        setup=both(link("m.yaml", "n.yaml"), link("n.yaml", "m.yaml")),
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-sparse-huge",
        ("validate", "m.yaml"),
        setup=sparse("m.yaml", 1 << 40),
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-oversized",
        ("validate", "m.yaml"),
        files={"m.yaml": "#" * BIG},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-binary",
        ("validate", "m.yaml"),
        files={"m.yaml": b"\x89PNG\r\n\x1a\n\0\0"},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-latin1",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID.replace("Hostile", "H\xf6stile").encode("latin-1")},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-utf16",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID.encode("utf-16")},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-nul-in-text",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID + "# \0\n"},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-empty",
        ("validate", "m.yaml"),
        files={"m.yaml": ""},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-comment-only",
        ("validate", "m.yaml"),
        files={"m.yaml": "# nothing\n"},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-alias-bomb",
        ("validate", "m.yaml"),
        files={"m.yaml": HEADER + alias_bomb()},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-deep-yaml",
        ("validate", "m.yaml"),
        files={"m.yaml": "a: " + "[" * 5000 + "]" * 5000},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-deep-json",
        ("validate", "m.json"),
        files={"m.json": "[" * 100000 + "]" * 100000},
        exits=frozenset({2}),
        names="m.json",
        located=True,
    ),
    Case(
        "validate-duplicate-key",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID + "release: {}\n"},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-json-duplicate-key",
        ("validate", "m.json"),
        files={"m.json": '{"aimanifest": "1.0", "aimanifest": "1.0"}'},
        exits=frozenset({1}),
        names="m.json",
        located=True,
    ),
    Case(
        "validate-yaml11-version-float",
        ("validate", "m.yaml"),
        files={"m.yaml": manifest(version="1.10")},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
        check=lambda r, res: _says(res, "quote it"),
    ),
    Case(
        "validate-yaml11-no-boolean",
        ("validate", "m.yaml"),
        files={"m.yaml": manifest(name="no")},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
        check=lambda r, res: _says(res, "quote it"),
    ),
    Case(
        "validate-spec-version-number",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID.replace('"1.0"', "1.0", 1)},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-unknown-spec-version",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID.replace('"1.0"', '"9.9"', 1)},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-tab-indent",
        ("validate", "m.yaml"),
        files={"m.yaml": "a:\n\tb: 1\n"},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-two-documents",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID + "---\na: 1\n"},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-python-tag",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID + "x-a: !!python/object/apply:os.system [id]\n"},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-merge-key",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID + "x-a: &a {b: 1}\nx-c:\n  <<: *a\n"},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-top-level-list",
        ("validate", "m.yaml"),
        files={"m.yaml": "- a\n- b\n"},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-non-string-keys",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID + "? [a, b]\n: c\n"},
        exits=frozenset({1, 2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-json-huge-integer",
        ("validate", "m.json"),
        files={"m.json": '{"aimanifest": 1' + "0" * 5000 + "}"},
        exits=frozenset({2}),
        names="m.json",
        located=True,
    ),
    Case(
        "validate-yaml-huge-integer",
        ("validate", "m.yaml"),
        files={"m.yaml": "aimanifest: 1" + "0" * 5000 + "\n"},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
        check=lambda r, res: _short_lines(res),
    ),
    Case(
        "validate-json-lone-surrogate",
        ("validate", "m.json"),
        files={"m.json": '{"aimanifest": "\\ud800"}'},
        exits=frozenset({2}),
        names="m.json",
        located=True,
    ),
    Case(
        "validate-forged-name-text",
        ("validate", "m.yaml"),
        files={"m.yaml": manifest(name=f'"{FORGED}"', version="1")},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
        check=no_escape_sequences,
    ),
    Case(
        "validate-forged-name-github",
        ("validate", "--format", "github", "m.yaml"),
        files={"m.yaml": manifest(name=f'"{FORGED}"', version="1")},
        exits=frozenset({1}),
        names="m.yaml",
        check=github_lines_are_ours,
    ),
    Case(
        "validate-forged-file-name",
        ("validate", "::error file=x::forged.yaml"),
        files={"::error file=x::forged.yaml": "[1\n"},
        exits=frozenset({2}),
        names="./::error file=x::forged.yaml",
        located=True,
        check=no_escape_sequences,
    ),
    Case(
        "validate-newline-in-file-name",
        ("validate", "a\n::warning::b.yaml"),
        files={"a\n::warning::b.yaml": "[1\n"},
        exits=frozenset({2}),
        names="a\\n::warning::b.yaml",
        located=True,
        check=no_escape_sequences,
    ),
    Case(
        "validate-strict-json-agrees",
        ("validate", "--strict", "--format", "json", "m.yaml"),
        files={"m.yaml": VALID.replace('      location: {url: "https://example.org/w"}\n', "")},
        exits=frozenset({1}),
        check=json_says_invalid,
    ),
    Case(
        "validate-unreadable",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID},
        setup=unreadable("m.yaml"),
        unprivileged=True,
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "validate-sarif-bad",
        ("validate", "--format", "sarif", "m.yaml"),
        files={"m.yaml": "[1\n"},
        exits=frozenset({2}),
        names="m.yaml",
    ),
]


def _short_lines(result: Result) -> None:
    """A message quotes a hostile value, never all of it."""
    assert all(len(line) < 400 for line in result.output.splitlines()), result.output[:400]


def _says(result: Result, text: str) -> None:
    assert text in result.output, result.output


# -- validate: hostile values ---------------------------------------------------------------
def _licence(expression: str) -> str:
    return manifest(license=expression)


LICENCES = [
    Case(
        "licence-empty-parentheses",
        ("validate", "m.yaml"),
        files={"m.yaml": _licence('"()"')},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "licence-nested-3000",
        ("validate", "m.yaml"),
        files={"m.yaml": _licence('"' + "(" * 3000 + "MIT" + ")" * 3000 + '"')},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "licence-nbsp",
        ("validate", "--strict", "m.yaml"),
        files={"m.yaml": _licence('"MIT\u00a0OR\u00a0Apache-2.0"')},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "licence-none-with-exception",
        ("validate", "m.yaml"),
        files={"m.yaml": _licence('"NONE WITH Classpath-exception-2.0"')},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "licence-very-long",
        ("validate", "m.yaml"),
        files={"m.yaml": _licence('"' + " AND ".join(["MIT"] * 5000) + '"')},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "licence-thousands-of-unknown-ids",
        ("validate", "m.yaml"),
        files={
            "m.yaml": with_components(
                "".join(
                    f"    - {{name: c{i}, kind: inference-code, availability: open,"
                    f" license: Unknown-{i}x,"
                    f" location: {{url: 'https://e.org/{i}'}}}}\n"
                    for i in range(3000)
                )
            )
        },
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "licence-api-evaluate-deep",
        (
            "from aimanifest.verdicts import evaluate\n"
            "import sys, yaml\n"
            "data = yaml.safe_load(open('m.yaml'))\n"
            "data['release']['license'] = '(' * 3000 + 'MIT' + ')' * 3000\n"
            "v = evaluate(data)\n"
            "print('m.yaml', v.tier.tier)\n"
            "sys.exit(1)\n",
        ),
        files={"m.yaml": VALID},
        api=True,
        exits=frozenset({1}),
        names="m.yaml",
    ),
]

PATHS = [
    Case(
        "artifact-path-nul",
        ("validate", "m.yaml"),
        files={
            "m.yaml": VALID.replace(
                '      location: {url: "https://example.org/w"}\n',
                '      artifacts: [{path: "a\\0b"}]\n',
            )
        },
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "artifact-path-drive",
        ("validate", "m.yaml"),
        files={
            "m.yaml": VALID.replace(
                '      location: {url: "https://example.org/w"}\n',
                '      artifacts: [{path: "C:/weights.bin"}]\n',
            )
        },
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "artifact-path-unc",
        ("validate", "m.yaml"),
        files={
            "m.yaml": VALID.replace(
                '      location: {url: "https://example.org/w"}\n',
                '      artifacts: [{path: "//server/share/w.bin"}]\n',
            )
        },
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "artifact-path-backslash-unc",
        ("validate", "m.yaml"),
        files={
            "m.yaml": VALID.replace(
                '      location: {url: "https://example.org/w"}\n',
                '      artifacts: [{path: "\\\\\\\\server\\\\share"}]\n',
            )
        },
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "artifact-path-dotdot",
        ("validate", "m.yaml"),
        files={
            "m.yaml": VALID.replace(
                '      location: {url: "https://example.org/w"}\n',
                '      artifacts: [{path: "../outside/secret.txt"}]\n',
            )
        },
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "artifact-path-very-long",
        ("validate", "m.yaml"),
        files={
            "m.yaml": VALID.replace(
                '      location: {url: "https://example.org/w"}\n',
                '      artifacts: [{path: "' + "a/" * 3000 + 'w"}]\n',
            )
        },
        exits=frozenset({0, 1}),
        names=None,
    ),
    Case(
        "data-card-path-escape",
        ("validate", "--strict", "m.yaml"),
        files={
            "m.yaml": with_components(
                "    - name: d\n      kind: training-data\n      availability: open\n"
                "      location: {url: 'https://e.org/d'}\n"
                "      dataset: {role: pre-training, data_class: open,"
                " data_card: {path: ../../etc/passwd}}\n",
                layer="data",
            )
        },
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
]


# -- verify ---------------------------------------------------------------------------------
def _artifact_manifest(path: str, digest: str = "0" * 64) -> str:
    return VALID.replace(
        '      location: {url: "https://example.org/w"}\n',
        f'      artifacts: [{{path: "{path}", digests: {{sha256: "{digest}"}}}}]\n',
    )


VERIFY = [
    Case(
        "verify-symlink-out",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin")},
        setup=link("w.bin", "{outside}/secret.txt"),
        exits=frozenset({1}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-dir-symlink-out",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("d/secret.txt")},
        setup=link("d", "{outside}"),
        exits=frozenset({1}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-fifo-artifact",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin")},
        setup=fifo("w.bin"),
        exits=frozenset({1}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-device-artifact",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin")},
        setup=link("w.bin", "/dev/zero"),
        exits=frozenset({1}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-directory-artifact",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin")},
        setup=lambda r, o: (r / "w.bin").mkdir(),
        exits=frozenset({1}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-link-loop-artifact",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin")},
        setup=both(link("w.bin", "x.bin"), link("x.bin", "w.bin")),
        exits=frozenset({1, 2}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-unreadable-artifact",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin"), "w.bin": "x"},
        setup=unreadable("w.bin"),
        unprivileged=True,
        exits=frozenset({2}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-missing-artifact",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin")},
        exits=frozenset({1}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-root-missing",
        ("verify", "aimanifest.yaml", "--root", "nowhere"),
        files={"aimanifest.yaml": VALID},
        exits=frozenset({2}),
        names="nowhere",
    ),
    Case(
        "verify-root-is-file",
        ("verify", "aimanifest.yaml", "--root", "aimanifest.yaml"),
        files={"aimanifest.yaml": VALID},
        exits=frozenset({2}),
        names="aimanifest.yaml",
    ),
    Case(
        "verify-manifest-fifo",
        ("verify", "aimanifest.yaml"),
        setup=fifo("aimanifest.yaml"),
        exits=frozenset({2}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-invalid-manifest",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": "a: 1\n"},
        exits=frozenset({1}),
        names="aimanifest.yaml",
        located=True,
    ),
    Case(
        "verify-unreadable-dir",
        ("verify", "aimanifest.yaml"),
        files={"aimanifest.yaml": VALID, "secret/x": "x"},
        setup=unreadable("secret"),
        unprivileged=True,
        exits=frozenset({2}),
        names="secret",
    ),
    Case(
        "verify-interrupted",
        ("verify", "--no-progress", "aimanifest.yaml"),
        files={"aimanifest.yaml": _artifact_manifest("w.bin")},
        setup=sparse("w.bin", 64 << 30),
        interrupt_after=1.5,
        exits=frozenset({130}),
        check=lambda r, res: _says(res, "interrupted"),
    ),
]


# -- classify and lineage -------------------------------------------------------------------
OPEN_WEIGHTS = (
    VALID
    + """\
runtime:
  components:
    - {name: arch, kind: model-architecture, availability: open, location: {url: "https://e.org/a"}}
    - {name: infer, kind: inference-code, availability: open, location: {url: "https://e.org/i"}}
"""
)
"""A release that is ``open-weights`` on its own layers."""


def _derived(path: str, extra: str = "") -> str:
    lineage = f"lineage:\n  - name: base\n    relation: fine-tune\n    manifest: {{path: {path}}}\n"
    return OPEN_WEIGHTS + lineage + extra


CLASSIFY = [
    Case(
        "classify-fifo",
        ("classify", "m.yaml"),
        setup=fifo("m.yaml"),
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "classify-invalid",
        ("classify", "m.yaml"),
        files={"m.yaml": "a: 1\n"},
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "classify-forged-text",
        ("classify", "m.yaml"),
        files={"m.yaml": manifest(name=f'"{FORGED}"')},
        exits=frozenset({0}),
        check=no_escape_sequences,
    ),
    Case(
        "classify-forged-markdown",
        ("classify", "--format", "markdown", "m.yaml"),
        files={"m.yaml": manifest(name='"<script>alert(1)</script> | x"')},
        exits=frozenset({0}),
        check=lambda r, res: _absent(res, "<script>"),
    ),
    Case(
        "classify-badge-device",
        ("classify", "--badge", "/dev/null", "--force", "m.yaml"),
        files={"m.yaml": VALID},
        exits=frozenset({2}),
        names="/dev/null",
    ),
    Case(
        "classify-badge-fifo",
        ("classify", "--badge", "b.svg", "--force", "m.yaml"),
        files={"m.yaml": VALID},
        setup=fifo("b.svg"),
        exits=frozenset({2}),
        names="b.svg",
    ),
    Case(
        "classify-badge-directory",
        ("classify", "--badge", "d", "m.yaml"),
        files={"m.yaml": VALID},
        setup=lambda r, o: (r / "d").mkdir(),
        exits=frozenset({2}),
        names="d",
    ),
    Case(
        "classify-badge-symlink",
        ("classify", "--badge", "b.svg", "--force", "m.yaml"),
        files={"m.yaml": VALID},
        setup=link("b.svg", "{outside}/secret.txt"),
        exits=frozenset({2}),
        names="b.svg",
    ),
    Case(
        "lineage-symlink-out",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived("base.yaml")},
        setup=link("base.yaml", "{outside}/aimanifest.yaml"),
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-dir-symlink-out",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived("b/aimanifest.yaml")},
        setup=link("b", "{outside}"),
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-fifo",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived("base.yaml")},
        setup=fifo("base.yaml"),
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-directory",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived("base")},
        setup=lambda r, o: (r / "base").mkdir(),
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-device",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived("base.yaml")},
        setup=link("base.yaml", "/dev/zero"),
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-link-loop",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived("base.yaml")},
        setup=both(link("base.yaml", "b2.yaml"), link("b2.yaml", "base.yaml")),
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-self",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived("m.yaml")},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-nul",
        ("validate", "m.yaml"),
        files={"m.yaml": _derived('"b\\0.yaml"')},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "lineage-missing-classify",
        ("classify", "--format", "json", "m.yaml"),
        files={"m.yaml": _derived("typo.yaml")},
        exits=frozenset({2}),
        check=lambda r, res: _not_above(res, "weights-available"),
    ),
    Case(
        "lineage-200-deep",
        ("validate", "m0.yaml"),
        files={f"m{i}.yaml": _derived(f"m{i + 1}.yaml") for i in range(200)} | {"m200.yaml": VALID},
        exits=frozenset({0, 1}),
        names=None,
    ),
    Case(
        "lineage-8000-entries",
        ("validate", "m.yaml"),
        files={
            "m.yaml": VALID
            + "lineage:\n"
            + "".join(
                f"  - {{name: b{i}, relation: merge, manifest: {{path: base.yaml}}}}\n"
                for i in range(8000)
            ),
            "base.yaml": with_components(
                "".join(
                    f"    - {{name: c{i}, kind: inference-code, availability: open,"
                    f" location: {{url: 'https://e.org/{i}'}}}}\n"
                    for i in range(100)
                )
            ),
        },
        exits=frozenset({0, 1}),
        names=None,
    ),
]


def _absent(result: Result, text: str) -> None:
    assert text not in result.output, result.output


def _not_above(result: Result, tier: str) -> None:
    import json

    from aimanifest.data import TIERS

    report = json.loads(result.stdout) if result.stdout.strip() else {"tier": None}
    shown = report.get("tier")
    assert shown is None or TIERS.index(shown) <= TIERS.index(tier), report


# -- export ---------------------------------------------------------------------------------
FORMATS = ("spdx-2.3", "spdx-2.3-tv", "spdx-3.0", "cyclonedx-1.6")


def _tag_value_not_forged(repo: Path, result: Result) -> None:
    lines = result.stdout.splitlines()
    assert sum(line.startswith("Creator:") for line in lines) <= 2, lines[:40]
    assert not any(line.startswith("PackageName: forged") for line in lines)


EXPORT = [
    *(
        Case(
            f"export-{fmt}-output-device",
            ("export", "m.yaml", "--to", fmt, "-o", "/dev/null", "--force"),
            files={"m.yaml": VALID},
            exits=frozenset({2}),
            names="/dev/null",
        )
        for fmt in FORMATS
    ),
    *(
        Case(
            f"export-{fmt}-hostile-strings",
            ("export", "m.yaml", "--to", fmt),
            files={"m.yaml": manifest(name=f'"{FORGED}"')},
            exits=frozenset({0}),
            check=_tag_value_not_forged if fmt == "spdx-2.3-tv" else None,
        )
        for fmt in FORMATS
    ),
    Case(
        "export-tv-forged-lines",
        ("export", "m.yaml", "--to", "spdx-2.3-tv"),
        files={
            "m.yaml": VALID.replace(
                "  license: Apache-2.0\n",
                '  license: Apache-2.0\n  description: "x</text>\\nPackageName: forged\\n'
                'Creator: Tool: forged"\n',
            )
        },
        exits=frozenset({0}),
        check=_tag_value_not_forged,
    ),
    Case(
        "export-output-directory",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "d"),
        files={"m.yaml": VALID},
        setup=lambda r, o: (r / "d").mkdir(),
        exits=frozenset({2}),
        names="d",
    ),
    Case(
        "export-output-fifo",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "f", "--force"),
        files={"m.yaml": VALID},
        setup=fifo("f"),
        exits=frozenset({2}),
        names="f",
    ),
    Case(
        "export-output-symlink",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "l", "--force"),
        files={"m.yaml": VALID},
        setup=link("l", "{outside}/secret.txt"),
        exits=frozenset({2}),
        names="l",
    ),
    Case(
        "export-output-dev-stdout",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "/dev/stdout", "--force"),
        files={"m.yaml": VALID},
        exits=frozenset({2}),
        names="/dev/stdout",
    ),
    Case(
        "export-output-exists",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "out.json"),
        files={"m.yaml": VALID, "out.json": "old\n"},
        exits=frozenset({2}),
        names="out.json",
        check=nothing_written("out.json"),
    ),
    Case(
        "export-output-missing-dir",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "no/out.json"),
        files={"m.yaml": VALID},
        exits=frozenset({2}),
        names="no",
    ),
    Case(
        "export-output-read-only-dir",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "ro/out.json"),
        files={"m.yaml": VALID, "ro/keep": ""},
        setup=lambda r, o: (r / "ro").chmod(0o555),
        unprivileged=True,
        exits=frozenset({2}),
        names="ro",
    ),
    Case(
        "export-output-disk-full",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "out.json", "--force"),
        files={"m.yaml": VALID, "out.json": "old\n"},
        file_size_limit=200,
        exits=frozenset({2}),
        names="out.json",
        output="out.json",
        check=nothing_written("out.json"),
    ),
    Case(
        "export-invalid",
        ("export", "m.yaml", "--to", "spdx-3.0"),
        files={"m.yaml": "a: 1\n"},
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "export-created-year-1",
        ("export", "m.yaml", "--to", "spdx-3.0", "--created", "0001-01-01"),
        files={"m.yaml": VALID},
        exits=frozenset({0, 2}),
    ),
    Case(
        "export-created-year-9999",
        ("export", "m.yaml", "--to", "cyclonedx-1.6", "--created", "9999-12-31T23:59:59-12:00"),
        files={"m.yaml": VALID},
        exits=frozenset({0, 2}),
    ),
    Case(
        "export-created-garbage",
        ("export", "m.yaml", "--to", "spdx-2.3", "--created", "yesterday"),
        files={"m.yaml": VALID},
        exits=frozenset({2}),
        names="yesterday",
    ),
    Case(
        "export-source-date-epoch-huge",
        ("export", "m.yaml", "--to", "spdx-2.3"),
        files={"m.yaml": VALID},
        env={"SOURCE_DATE_EPOCH": "99999999999999999"},
        exits=frozenset({2}),
        names="SOURCE_DATE_EPOCH",
    ),
    Case(
        "export-source-date-epoch-negative",
        ("export", "m.yaml", "--to", "spdx-3.0"),
        files={"m.yaml": VALID},
        env={"SOURCE_DATE_EPOCH": "-99999999999"},
        exits=frozenset({0, 2}),
    ),
    Case(
        "export-names-colliding",
        ("export", "m.yaml", "--to", "spdx-2.3"),
        files={
            "m.yaml": with_components(
                "".join(
                    f"    - {{name: {'a' + ''.join('_-'[int(b)] for b in format(i, '014b'))}, "
                    f"kind: inference-code, availability: open, location: {{url: 'https://e.org'}}}}\n"
                    for i in range(16000)
                )
            )
        },
        exits=frozenset({0}),
        timeout=15,
    ),
]

# -- import and init ------------------------------------------------------------------------
CARD = "---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n# Hostile model\n"
MOT = """\
framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}
release:
  name: Hostile
  version: '1'
  date: '2024-01-01'
  producer: Example
  contact: ''
  components:
    - {name: Model architecture, license: Apache-2.0}
"""

IMPORT = [
    Case(
        "import-hf-fifo",
        argv=("import", "--from", "hf", "README.md"),
        setup=fifo("README.md"),
        exits=frozenset({2}),
        names="README.md",
    ),
    Case(
        "import-hf-dev-zero",
        argv=("import", "--from", "hf", "/dev/zero"),
        exits=frozenset({2}),
        names="/dev/zero",
    ),
    Case(
        "import-hf-huge",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": CARD + "x" * (10 << 20)},
        exits=frozenset({2}),
        names="README.md",
    ),
    Case(
        "import-hf-alias-bomb",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": "---\n" + alias_bomb("") + "---\n"},
        exits=frozenset({2}),
        names="README.md",
        located=True,
    ),
    Case(
        "import-hf-deep",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": "---\na: " + "[" * 3000 + "]" * 3000 + "\n---\n"},
        exits=frozenset({2}),
        names="README.md",
        located=True,
    ),
    Case(
        "import-hf-non-string-keys",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": "---\n1: x\ntrue: y\nlicense: mit\n---\n"},
        exits=frozenset({0, 2}),
        names="README.md",
    ),
    Case(
        "import-hf-binary",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": b"---\n\0\0\n---\n"},
        exits=frozenset({2}),
        names="README.md",
    ),
    Case(
        "import-hf-latin1",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": "---\nlicense: mit\n---\n# H\xf6\n".encode("latin-1")},
        exits=frozenset({2}),
        names="README.md",
    ),
    Case(
        "import-hf-heading-spaces",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": CARD.split("# ")[0] + "# a" + " " * 60000 + "b\n"},
        exits=frozenset({0}),
    ),
    Case(
        "import-hf-newline-file-name",
        ("import", "--from", "hf", "a\nclaims: {tier: fully-open}\n.md"),
        files={"a\nclaims: {tier: fully-open}\n.md": CARD},
        exits=frozenset({0}),
        check=lambda r, res: _absent(res, "\nclaims: {tier"),
    ),
    Case(
        "import-hf-output-device",
        ("import", "--from", "hf", "README.md", "-o", "/dev/null", "--force"),
        files={"README.md": CARD},
        exits=frozenset({2}),
        names="/dev/null",
    ),
    Case(
        "import-hf-no-metadata",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": "# just a readme\n"},
        exits=frozenset({2}),
        names="README.md",
    ),
    Case(
        "import-hf-duplicate-datasets",
        ("import", "--from", "hf", "README.md"),
        files={"README.md": "---\nlicense: mit\ndatasets: [a/b, a/b, A/B]\n---\n"},
        exits=frozenset({0}),
    ),
    Case(
        "import-mof-fifo",
        argv=("import", "--from", "mof", "m.yml"),
        setup=fifo("m.yml"),
        exits=frozenset({2}),
        names="m.yml",
    ),
    Case(
        "import-mof-alias-bomb",
        ("import", "--from", "mof", "m.yml"),
        files={"m.yml": alias_bomb("")},
        exits=frozenset({2}),
        names="m.yml",
        located=True,
    ),
    Case(
        "import-mof-huge",
        ("import", "--from", "mof", "m.yml"),
        setup=sparse("m.yml", 1 << 34),
        exits=frozenset({2}),
        names="m.yml",
    ),
    Case(
        "import-mof-not-mapping",
        ("import", "--from", "mof", "m.yml"),
        files={"m.yml": "- 1\n"},
        exits=frozenset({2}),
        names="m.yml",
    ),
    Case(
        "import-mof-duplicate-names",
        ("import", "--from", "mof", "m.yml"),
        files={
            "m.yml": MOT
            + "".join("    - {name: Model architecture, license: MIT}\n" for _ in range(16000))
        },
        exits=frozenset({0, 2}),
    ),
]


def _checkpoints(count: int) -> Callable[[Path, Path], None]:
    def make(repo: Path, outside: Path) -> None:
        for i in range(count):
            folder = repo / "model" / f"checkpoint-{i}"
            folder.mkdir(parents=True)
            (folder / "model.safetensors").write_bytes(b"")

    return make


INIT = [
    Case(
        "init-fifo-in-folder",
        ("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=fifo("model/pipe.bin"),
        exits=frozenset({0}),
        output="model/aimanifest.yaml",
    ),
    Case(
        "init-readme-fifo",
        argv=("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=fifo("model/README.md"),
        exits=frozenset({0, 2}),
        output="model/aimanifest.yaml",
    ),
    Case(
        "init-readme-links-out",
        ("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=link("model/README.md", "{outside}/secret.txt"),
        exits=frozenset({0}),
        output="model/aimanifest.yaml",
    ),
    Case(
        "init-config-links-out",
        ("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=link("model/config.json", "{outside}/secret.txt"),
        exits=frozenset({0}),
        output="model/aimanifest.yaml",
    ),
    Case(
        "init-link-to-etc",
        ("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=link("model/etc", "/etc"),
        exits=frozenset({0}),
        output="model/aimanifest.yaml",
    ),
    Case(
        "init-unreadable-file",
        ("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=unreadable("model/model.safetensors"),
        unprivileged=True,
        exits=frozenset({2}),
        names="model.safetensors",
    ),
    Case(
        "init-newline-file-name",
        ("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x", "model/a\nclaims: {tier: fully-open}\n.bin": b"y"},
        exits=frozenset({0}),
        output="model/aimanifest.yaml",
        check=lambda r, res: _not_in_file(r / "model" / "aimanifest.yaml", "\nclaims:"),
    ),
    Case(
        "init-non-utf8-file-name",
        ("init", "model", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=lambda r, o: Path(
            os.fsdecode(os.fsencode(str(r / "model")) + b"/w\xff.bin")
        ).write_bytes(b"z"),
        exits=frozenset({0}),
        output="model/aimanifest.yaml",
    ),
    Case(
        "init-newline-folder-name",
        ("init", "a\nclaims: {tier: fully-open}\n", "--no-progress"),
        files={"a\nclaims: {tier: fully-open}\n/model.safetensors": b"x"},
        exits=frozenset({0}),
        output="a\nclaims: {tier: fully-open}\n/aimanifest.yaml",
        check=lambda r, res: _not_in_file(
            r / "a\nclaims: {tier: fully-open}\n" / "aimanifest.yaml", "\nclaims:"
        ),
    ),
    Case(
        "init-output-device",
        ("init", "model", "-o", "/dev/null", "--force", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        exits=frozenset({2}),
        names="/dev/null",
    ),
    Case(
        "init-output-symlink",
        ("init", "model", "--force", "--no-progress"),
        files={"model/model.safetensors": b"x"},
        setup=link("model/aimanifest.yaml", "{outside}/aimanifest.yaml"),
        exits=frozenset({2}),
        names="aimanifest.yaml",
    ),
    Case(
        "init-not-a-directory",
        ("init", "m.yaml"),
        files={"m.yaml": VALID},
        exits=frozenset({2}),
        names="m.yaml",
    ),
    Case(
        "init-card-alias-bomb",
        ("init", "model", "--no-progress"),
        files={
            "model/model.safetensors": b"x",
            "model/README.md": "---\n" + alias_bomb("") + "---\n",
        },
        exits=frozenset({0, 2}),
        output="model/aimanifest.yaml",
    ),
    Case(
        "init-12000-checkpoints",
        ("init", "model", "--no-progress", "-o", "-"),
        setup=_checkpoints(12000),
        exits=frozenset({0}),
        timeout=20,
    ),
]


def _not_in_file(path: Path, text: str) -> None:
    assert text not in path.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")[:400]


# -- streams, signals and environments ------------------------------------------------------
ENVIRONMENT = [
    Case(
        "env-lang-c",
        ("classify", "m.yaml"),
        files={"m.yaml": manifest(name='"Héron-7B ☃"')},
        env={"LANG": "C", "LC_ALL": "C"},
        exits=frozenset({0}),
    ),
    Case(
        "env-ascii-stdout",
        ("classify", "m.yaml"),
        files={"m.yaml": manifest(name='"Héron-7B ☃"')},
        env={"PYTHONIOENCODING": "ascii"},
        exits=frozenset({0}),
    ),
    Case(
        "env-no-home",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID},
        env={"HOME": None},
        exits=frozenset({0}),
    ),
    Case(
        "env-closed-stdin",
        ("validate", "m.yaml"),
        files={"m.yaml": VALID},
        stdin="closed",
        exits=frozenset({0}),
    ),
    Case(
        "env-closed-stdout",
        ("validate", "m.yaml"),
        files={"m.yaml": "[1\n"},
        stdout="closed",
        exits=frozenset({2}),
        names="standard output",
    ),
    Case(
        "env-full-stdout",
        ("export", "m.yaml", "--to", "spdx-3.0"),
        files={"m.yaml": VALID},
        stdout="full",
        exits=frozenset({2}),
        names="standard output",
    ),
    Case(
        "env-broken-pipe",
        ("export", "m.yaml", "--to", "spdx-2.3-tv"),
        files={
            "m.yaml": with_components(
                "".join(
                    f"    - {{name: c{i}, kind: inference-code, availability: open,"
                    f" location: {{url: 'https://e.org/{i}'}}}}\n"
                    for i in range(400)
                )
            )
        },
        stdout="early-close",
        exits=frozenset({0, 1}),
    ),
    Case(
        "env-closed-stdout-with-output-file",
        ("export", "m.yaml", "--to", "spdx-2.3", "-o", "o.json"),
        files={"m.yaml": VALID},
        stdout="closed",
        exits=frozenset({0}),
        output="o.json",
    ),
    Case("env-usage-error", ("validate",), exits=frozenset({2}), names="usage"),
    Case("env-unknown-command", ("frobnicate",), exits=frozenset({2}), names="usage"),
]

# -- the Python API -------------------------------------------------------------------------
_API_PRELUDE = "import sys, aimanifest\n"


def _api(snippet: str) -> tuple[str]:
    return (_API_PRELUDE + snippet,)


API = [
    Case(
        "api-load-fifo",
        _api(
            "try:\n    aimanifest.load('m.yaml')\n"
            "except aimanifest.InvalidManifestError as e:\n    print(e); sys.exit(2)\n"
        ),
        setup=fifo("m.yaml"),
        api=True,
        exits=frozenset({2}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "api-load-invalid",
        _api(
            "try:\n    aimanifest.load('m.yaml')\n"
            "except aimanifest.InvalidManifestError as e:\n    print(e); sys.exit(1)\n"
        ),
        files={"m.yaml": "a: 1\n"},
        api=True,
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "api-validate-file-dev-zero",
        _api(
            "r = aimanifest.validate_file('/dev/zero')\n"
            "print(*[f.as_text() for f in r.findings]); sys.exit(int(r.exit_code()))\n"
        ),
        api=True,
        exits=frozenset({2}),
        names="/dev/zero",
        located=True,
    ),
    Case(
        "api-classify-file-invalid",
        _api(
            "try:\n    aimanifest.classify_file('m.yaml')\n"
            "except aimanifest.InvalidManifestError as e:\n    print(e); sys.exit(1)\n"
        ),
        files={"m.yaml": "[1\n"},
        api=True,
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "api-export-file-bad-format",
        _api(
            "try:\n    aimanifest.export_file('m.yaml', 'spdx-9')\n"
            "except ValueError as e:\n    print('m.yaml', e); sys.exit(2)\n"
        ),
        files={"m.yaml": VALID},
        api=True,
        exits=frozenset({2}),
        names="spdx-9",
    ),
    Case(
        "api-export-file-bad-created",
        _api(
            "from aimanifest.exporters import ExportError\n"
            "try:\n    aimanifest.export_file('m.yaml', 'spdx-3.0', created='not a time')\n"
            "except ExportError as e:\n    print('m.yaml', e); sys.exit(2)\n"
        ),
        files={"m.yaml": VALID},
        api=True,
        exits=frozenset({2}),
        names="not a time",
    ),
    Case(
        "api-verify-file-root-missing",
        _api(
            "try:\n    aimanifest.verify_file('m.yaml', root='nowhere')\n"
            "except NotADirectoryError as e:\n    print(e); sys.exit(2)\n"
        ),
        files={"m.yaml": VALID},
        api=True,
        exits=frozenset({2}),
        names="nowhere",
    ),
    Case(
        "api-verify-file-symlink-out",
        _api(
            "r = aimanifest.verify_file('m.yaml')\n"
            "print(*[f.as_text() for f in r.findings], sep='\\n'); sys.exit(int(r.exit_code()))\n"
        ),
        files={"m.yaml": _artifact_manifest("w.bin")},
        setup=link("w.bin", "{outside}/secret.txt"),
        api=True,
        exits=frozenset({1}),
        names="m.yaml",
        located=True,
    ),
    Case(
        "api-load-deep-json",
        _api(
            "try:\n    aimanifest.load('m.json')\n"
            "except aimanifest.InvalidManifestError as e:\n    print(e); sys.exit(2)\n"
        ),
        files={"m.json": "[" * 50000 + "]" * 50000},
        api=True,
        exits=frozenset({2}),
        names="m.json",
        located=True,
    ),
    Case(
        "api-validate-file-directory",
        _api(
            "r = aimanifest.validate_file('.')\n"
            "print(*[f.as_text() for f in r.findings]); sys.exit(int(r.exit_code()))\n"
        ),
        api=True,
        exits=frozenset({2}),
        names=".:1:1",
    ),
]

# -- audit ----------------------------------------------------------------------------------
AUDIT = [
    Case(
        "audit-fifo-manifest",
        ("audit", "--no-progress", "m.yaml"),
        setup=fifo("m.yaml"),
        exits=frozenset({1}),
        names="m.yaml",
    ),
    Case(
        "audit-fifo-in-registry",
        ("audit", "--no-progress", "reg"),
        files={"reg/a/aimanifest.yaml": VALID},
        setup=fifo("reg/b/aimanifest.yaml"),
        exits=frozenset({1}),
        names="reg/b/aimanifest.yaml",
    ),
    Case(
        "audit-list-fifo-without-writer",
        ("audit", "--no-progress", "--paths-from", "list"),
        setup=fifo("list"),
        exits=frozenset({2}),
        names="list",
    ),
    Case(
        "audit-list-device",
        ("audit", "--no-progress", "--paths-from", "/dev/zero"),
        exits=frozenset({2}),
        names="/dev/zero",
        located=True,
    ),
    Case(
        "audit-list-nul",
        ("audit", "--no-progress", "--paths-from", "list"),
        files={"list": b"m.yaml\n\0\n", "m.yaml": VALID},
        exits=frozenset({2}),
        names="list",
        located=True,
    ),
    Case(
        "audit-list-stdin-closed",
        ("audit", "--no-progress", "--paths-from", "-"),
        stdin="closed",
        exits=frozenset({2}),
        names="standard input",
        located=True,
    ),
    Case(
        "audit-list-endless-line",
        ("audit", "--no-progress", "--paths-from", "list"),
        setup=sparse("list", 1 << 30),
        exits=frozenset({2}),
        names="list",
        located=True,
    ),
]

CASES: list[Case] = [
    *VALIDATE,
    *LICENCES,
    *PATHS,
    *VERIFY,
    *CLASSIFY,
    *EXPORT,
    *IMPORT,
    *INIT,
    *ENVIRONMENT,
    *API,
    *AUDIT,
]
