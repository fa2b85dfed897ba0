"""Scale benchmark: large generated manifests through validate, classify and every export.

    python benchmarks/scale.py [--artifacts 10000 100000] [--components 1000 10000]
                               [--formats spdx-2.3 spdx-2.3-tv spdx-3.0 cyclonedx-1.6]

Two families of manifests are generated, each at a small and a large size:

* ``artifacts``: one final-weights component holding N artifacts, each a path and a size (a
  dataset or a sharded checkpoint described file by file, the case issue 8 names);
* ``components``: N components spread over the layers, located in the publisher's repository
  (an MOT-style release with very many parts, the case that made the CycloneDX export
  quadratic), whose names differ only by ``_`` and ``-``, so that their SPDX 2.3 identifiers
  all collide.

Each stage runs in this process from the file (reading included, as the commands do), after an
untimed warm-up on a tiny manifest (imports), and is timed once, in wall-clock and CPU time
(the process's own, so that other work on a shared machine does not count). The baseline is
the smallest size of the same family, measured in the same run: the ratio printed is (CPU time
per item at this size) / (CPU time per item at the smallest size), so 1.0 is linear and a
quadratic stage shows a ratio close to the size ratio (10 for 10x more).
A size the reader refuses (its value limit) is reported as "refused by the reader", not as a
failure: that limit is the reader's guard against alias bombs, owned elsewhere.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

LAYERS = {
    "weights": "intermediate-weights",
    "runtime": "inference-code",
    "training": "training-code",
    "documentation": "technical-report",
}
FORMATS = ("spdx-2.3", "spdx-2.3-tv", "spdx-3.0", "cyclonedx-1.6")


def _release() -> dict[str, Any]:
    return {
        "name": "Scale-Test",
        "version": "1.0",
        "date": "2025-01-01",
        "publisher": {"name": "Scale Lab", "url": "https://scale.example.org"},
        "links": {
            "model_hub": "https://hub.example.org/scale-lab/scale-test",
            "repository": "https://git.example.org/scale-lab/parts",
        },
        "license": "Apache-2.0",
    }


def artifacts_manifest(count: int) -> dict[str, Any]:
    """One final-weights component with ``count`` artifacts (paths in 100 folders, sizes).

    Path and size only, the "bare" artifacts of issue 8: with a SHA-256 each (64 hex digits),
    100,000 artifacts would exceed the reader's 8 MiB byte limit before any value limit;
    datasets that large list their digests in a digest file instead.
    """
    files = [
        {"path": f"shards/{index % 100:02d}/part-{index:06d}.bin", "size": 1000 + index}
        for index in range(count)
    ]
    weights = {
        "name": "scale-weights",
        "kind": "final-weights",
        "availability": "open",
        "location": {"url": "https://hub.example.org/scale-lab/scale-test"},
        "artifacts": files,
    }
    return {"aimanifest": "1.0", "release": _release(), "weights": {"components": [weights]}}


def components_manifest(count: int) -> dict[str, Any]:
    """``count`` components over the layers (names that slug alike included)."""
    manifest: dict[str, Any] = {"aimanifest": "1.0", "release": _release()}
    manifest["weights"] = {
        "components": [
            {
                "name": "scale-final",
                "kind": "final-weights",
                "availability": "open",
                "location": {"url": "https://hub.example.org/scale-lab/scale-test"},
            }
        ]
    }
    for index in range(count - 1):
        layer = list(LAYERS)[index % len(LAYERS)]
        # names that differ only by "_" and "-" (the bits of the index): one SPDX 2.3 id base
        separators = "".join("_" if index >> bit & 1 else "-" for bit in range(15))
        manifest.setdefault(layer, {"components": []})["components"].append(
            {
                "name": f"part{separators}x",
                "kind": LAYERS[layer],
                "availability": "open",
                "location": {
                    "repository": "https://git.example.org/scale-lab/parts",
                    "revision": f"v{index}",
                },
            }
        )
    return manifest


def _stages(path: str, formats: tuple[str, ...]) -> dict[str, Callable[[], object]]:
    """Each stage as a callable that does what the command does, from the file on."""
    from aimanifest.data import as_manifest
    from aimanifest.exporters import render_sbom
    from aimanifest.source import read_document
    from aimanifest.validate import validate_document
    from aimanifest.verdicts import evaluate

    def validate() -> object:
        findings = validate_document(read_document(path))
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            raise SystemExit(f"generated manifest is invalid: {errors[0].as_text()}")
        return findings

    def classify() -> object:
        return evaluate(as_manifest(read_document(path).data), path)

    stages: dict[str, Callable[[], object]] = {"validate": validate, "classify": classify}
    for fmt in formats:
        stages[f"export {fmt}"] = lambda fmt=fmt: render_sbom(  # type: ignore[misc]
            as_manifest(read_document(path).data), path, fmt
        )
    return stages


def _measure(
    family: str, sizes: list[int], make: Callable[[int], dict[str, Any]], formats: tuple[str, ...]
) -> None:
    from aimanifest.source import SourceError

    print(f"\n{family}: sizes {', '.join(f'{s:,}' for s in sizes)}")
    print(f"{'stage':24} {'size':>9} {'wall s':>9} {'CPU s':>9} {'us/item':>9} {'ratio':>7}")
    base: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        warm = os.path.join(folder, "warm-up.json")
        with open(warm, "w", encoding="utf-8") as handle:
            json.dump(make(10), handle)
        for run in _stages(warm, formats).values():  # imports and first-call costs, untimed
            run()
        for size in sizes:
            path = os.path.join(folder, f"{family}-{size}.json")
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(make(size), handle)
            try:
                stages = _stages(path, formats)
                for name, run in stages.items():
                    gc.collect()  # the previous stage's garbage is not this one's cost
                    start, cpu = time.perf_counter(), time.process_time()
                    run()
                    wall = time.perf_counter() - start
                    per_item = (time.process_time() - cpu) / size
                    base.setdefault(name, per_item)
                    ratio = per_item / base[name]
                    print(
                        f"{name:24} {size:>9,} {wall:9.2f} {per_item * size:9.2f} "
                        f"{per_item * 1e6:9.1f} {ratio:7.2f}",
                        flush=True,
                    )
            except SourceError as error:
                print(f"{'(all)':24} {size:>9,} refused by the reader: {error}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--artifacts", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--components", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--formats", nargs="*", default=list(FORMATS), choices=FORMATS)
    args = parser.parse_args()
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    formats = tuple(args.formats)
    print(f"python {sys.version.split()[0]}; ratio: CPU time per item against the smallest size")
    if args.artifacts:
        _measure("artifacts", sorted(args.artifacts), artifacts_manifest, formats)
    if args.components:
        _measure("components", sorted(args.components), components_manifest, formats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
