"""Lineage benchmark: a base named by many entries is read once; deep chains stop early.

    python benchmarks/lineage.py [--entries 8000] [--runs 5]

In one process, on manifests written to a temporary directory, times ``validate`` (every
lineage stage: reading bases, digests, verdicts, claims) of a fine-tune whose lineage has a
quarter, a half and all of ``--entries`` entries, each naming the **same** base manifest,
pinned by digest. The baseline is the quarter-size manifest, measured in the same run: if
the base is read once, the time per entry stays flat as entries grow (a ratio near 1); when it
was read and parsed again for each entry, the whole run grew with entries times base size.
Also times a chain 200 bases deep, which stops at 32 with a message.

Prints medians of ``--runs`` runs, the time per entry, and the ratio to the baseline's.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, manifest: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def median_time(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=8000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from aimanifest.validate import validate_path

    base = yaml.safe_load((ROOT / "examples" / "gull-7b.yaml").read_text(encoding="utf-8"))
    child = yaml.safe_load((ROOT / "examples" / "gull-7b-chat.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        digest = write(here / "base.yaml", base)
        entry = {
            "name": "Gull-7B",
            "relation": "merge",
            "manifest": {"path": "base.yaml", "digests": {"sha256": digest}},
        }
        sizes = (args.entries // 4, args.entries // 2, args.entries)
        for size in sizes:
            # copies, not one object repeated: YAML would write that as one anchor and aliases
            lineage = [copy.deepcopy(entry) for _ in range(size)]
            write(here / f"many-{size}.yaml", copy.deepcopy(child) | {"lineage": lineage})
        for depth in range(200):
            link = {"name": f"M{depth + 1}", "relation": "fine-tune"}
            link["manifest"] = {"path": f"m{depth + 1}.yaml"}
            write(here / f"m{depth}.yaml", copy.deepcopy(base) | {"lineage": [link]})

        def check(name: str, *, warnings: bool = False) -> Callable[[], object]:
            def run() -> object:
                result = validate_path(str(here / name))
                assert not result.errors, result.errors[:3]
                assert bool(result.warnings) == warnings, result.warnings[:3]
                return result

            return run

        per_entry = {}
        for size in sizes:
            seconds = median_time(check(f"many-{size}.yaml"), args.runs)
            per_entry[size] = seconds / size
            print(
                f"{size:6d} entries naming one base manifest  {seconds * 1000:9.1f} ms  "
                f"{per_entry[size] * 1e6:6.1f} us per entry  "
                f"{per_entry[size] / per_entry[sizes[0]]:.2f}x the baseline's"
            )
        deep = median_time(check("m0.yaml", warnings=True), args.runs)
        print(f"a chain 200 deep (stops at 32)           {deep * 1000:9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
