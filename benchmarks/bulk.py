"""Bulk benchmark: a registry validating many manifests in one process, against one process
per manifest (the baseline, measured on a sample in the same run and scaled to the same count).

    python benchmarks/bulk.py [--count 2000] [--sample 40]

The manifests are copies of the bundled examples (with claims and lineage, so every stage
runs), written to a temporary directory. Prints manifests per second both ways and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=40)
    args = parser.parse_args()
    exe = shutil.which("aimanifest", path=str(Path(sys.executable).parent)) or "aimanifest"
    examples = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
        (ROOT / "examples").glob("*.json")
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(args.count):
            source = examples[index % len(examples)]
            # lineage paths are relative: keep each copy beside the files it references
            target = Path(folder) / f"{index:05d}" / source.name
            target.parent.mkdir()
            shutil.copy(source, target)
            for sibling in examples:
                if sibling.name in source.read_text(encoding="utf-8") and sibling != source:
                    shutil.copy(sibling, target.parent / sibling.name)
            paths.append(str(target))
        subprocess.run([exe, "validate", "-q", *paths[:5]], env=CHILD_ENV, check=True)

        start = time.perf_counter()
        completed = subprocess.run(
            [exe, "validate", "-q", *paths],
            env=CHILD_ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        one_process = time.perf_counter() - start
        if completed.returncode != 0:
            sys.exit(completed.stdout + completed.stderr)

        start = time.perf_counter()
        for path in paths[: args.sample]:
            subprocess.run([exe, "validate", "-q", path], env=CHILD_ENV, check=True)
        per_file = (time.perf_counter() - start) / args.sample

    print(f"manifests: {args.count} (copies of {len(examples)} bundled examples)")
    print(
        f"one process for all          {one_process:7.2f} s   "
        f"{args.count / one_process:8.0f} manifests/s"
    )
    print(
        f"one process per manifest     {per_file * args.count:7.2f} s   "
        f"{1 / per_file:8.0f} manifests/s  (measured on {args.sample}, scaled)"
    )
    print(f"speed-up {per_file * args.count / one_process:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
