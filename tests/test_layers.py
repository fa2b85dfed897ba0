"""The layer contract of pyproject.toml names every module of the package.

import-linter (run by .ci/run) checks only the modules a contract lists; a new top-level module
left out of ``[tool.importlinter]`` would be free to import anything. So every subpackage and
module directly under ``aimanifest/`` must have a layer.
"""

from __future__ import annotations

import sys

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_module_has_a_layer() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = config["tool"]["importlinter"]["contracts"]
    listed = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    package = ROOT / "aimanifest"
    modules = {
        path.stem if path.is_file() else path.name
        for path in package.iterdir()
        if (path.suffix == ".py" and path.stem not in ("__init__", "__main__"))
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert modules - listed == set(), f"give these a layer in pyproject.toml: {modules - listed}"
    assert listed - modules == set(), f"no such modules: {listed - modules}"
