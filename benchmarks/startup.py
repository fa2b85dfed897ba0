"""Start-up benchmark: `aimanifest validate` on one manifest, as a whole process, against
`check-jsonschema --schemafile` on the same file, measured in the same run.

The baseline is check-jsonschema 0.39 installed alone in its own virtual environment, as
pre-commit would install it (created on first use under benchmarks/.cache/; needs PyPI once).
The target (DESIGN.md, "Startup"): the ratio of medians is at most 0.5.

    python benchmarks/startup.py [--runs 30] [--manifest examples/...]

Prints both timings (median and minimum over interleaved runs) and the ratio; exits 1 when the
ratio of medians exceeds --max-ratio (default 0.5), so CI can run it as a check.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
BASELINE = "check-jsonschema==0.39.*"


def schema_for(manifest: str) -> Path:
    """The schema of the spec version the manifest names, as `validate` picks it."""
    text = Path(manifest).read_text("utf-8")
    found = re.search(r'^\s*[{]?\s*"?aimanifest"?\s*:\s*"([0-9.]+)"', text, re.MULTILINE)
    return ROOT / "schema" / f"aimanifest-{found[1] if found else '1.0'}.schema.json"


def baseline_executable() -> Path:
    """check-jsonschema in a virtual environment of its own, created once."""
    env_dir = CACHE / "check-jsonschema-0.39"
    exe = env_dir / "bin" / "check-jsonschema"
    if not exe.exists():
        print(f"creating {env_dir} with {BASELINE} ...", file=sys.stderr)
        venv.create(env_dir, with_pip=True, clear=True)
        subprocess.run(
            [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", BASELINE],
            check=True,
        )
    return exe


# Both tools run as a user's shell runs them: with bytecode caching on. (This machine sets
# PYTHONDONTWRITEBYTECODE, which would make every run recompile the project from source.)
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def time_once(command: list[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, check=False, env=CHILD_ENV)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(
            f"{' '.join(command)} failed:\n{completed.stdout.decode()}{completed.stderr.decode()}"
        )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--manifest", default=str(ROOT / "examples" / "heron-7b.yaml"))
    parser.add_argument("--max-ratio", type=float, default=0.5)
    args = parser.parse_args()

    ours_exe = shutil.which("aimanifest", path=str(Path(sys.executable).parent)) or shutil.which(
        "aimanifest"
    )
    if ours_exe is None:
        sys.exit("aimanifest is not installed in this environment")
    ours = [ours_exe, "validate", "--quiet", args.manifest]
    schema = schema_for(args.manifest)
    baseline = [str(baseline_executable()), "--schemafile", str(schema), args.manifest]

    for command in (ours, baseline):  # warm the page cache and the bytecode caches
        time_once(command)
    ours_times: list[float] = []
    baseline_times: list[float] = []
    for _ in range(args.runs):  # interleaved, so machine load hits both alike
        ours_times.append(time_once(ours))
        baseline_times.append(time_once(baseline))

    def show(name: str, times: list[float]) -> None:
        print(
            f"{name:<34} median {statistics.median(times) * 1000:7.1f} ms   "
            f"min {min(times) * 1000:7.1f} ms"
        )

    print(f"manifest: {os.path.relpath(args.manifest, ROOT)}   runs: {args.runs} each, interleaved")
    show("aimanifest validate", ours_times)
    show("check-jsonschema 0.39 (baseline)", baseline_times)
    ratio = statistics.median(ours_times) / statistics.median(baseline_times)
    ratio_min = min(ours_times) / min(baseline_times)
    print(
        f"ratio of medians {ratio:.2f}   ratio of minimums {ratio_min:.2f}   "
        f"(target <= {args.max_ratio})"
    )
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
