"""Build small releases on disk: real files and a manifest whose sizes and digests are true."""

from __future__ import annotations

import hashlib
from pathlib import Path

HEADER = """\
aimanifest: "1.0"
release:
  name: Test-Model
  version: "1.0"
  date: "2025-01-01"
  publisher: {name: Test Lab}
  license: Apache-2.0
weights:
  components:
    - name: test-weights
      kind: final-weights
      availability: open
      artifacts:
"""


def artifact_yaml(path: str, content: bytes, *, algorithms: tuple[str, ...] = ("sha256",)) -> str:
    """The YAML of one artifact entry (under ``artifacts:``) with true size and digests."""
    lines = [f"        - path: {path}", f"          size: {len(content)}", "          digests:"]
    for name in algorithms:
        if name.startswith("blake2b-"):
            digest = hashlib.blake2b(content, digest_size=int(name[8:]) // 8).hexdigest()
        else:
            digest = hashlib.new(name.replace("-", "_"), content).hexdigest()
        lines.append(f'            {name}: "{digest}"')
    return "\n".join(lines) + "\n"


def make_release(
    root: Path,
    files: dict[str, bytes],
    *,
    extra: str = "",
    algorithms: tuple[str, ...] = ("sha256",),
) -> Path:
    """Write ``files`` under ``root`` and a manifest listing them all; return its path."""
    body = ""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        body += artifact_yaml(relative, content, algorithms=algorithms)
    manifest = root / "aimanifest.yaml"
    manifest.write_text(HEADER + body + extra, encoding="utf-8")
    return manifest


def line_of(manifest: Path, key: str, value: str = "") -> tuple[int, int]:
    """1-based line and column of the value of the first ``key`` (whose value starts with
    ``value``, if given) in the manifest."""
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        at = line.find(f"{key} {value}")
        if at >= 0:
            return number, at + len(key) + 2
    raise AssertionError(f"{key} {value} not in {manifest}")
