"""Registry benchmark: `aimanifest audit` over many manifests against one `check-jsonschema`
process over the same files, measured in the same run.

    python benchmarks/audit.py [--sizes 5000 50000] [--jobs N] [--keep DIR]

The manifests are copies of the bundled examples (with their lineage bases beside them,
so every verdict, the lineage included, is computed), laid out as a registry:
``r/o<org>/m<number>/aimanifest.yaml``. The baseline is check-jsonschema 0.39 in its own
virtual environment (as `benchmarks/startup.py` makes it), validating the schema only, in one
process over every file. The baseline is given the list of files on its command line (it
cannot search a directory); `aimanifest audit` is given the registry's directory and finds the
same files itself, as a registry would run it, so it does strictly more work; a second audit
run reads the baseline's very list with `--paths-from` (like for like). The list is not given
on the audit's command line, which would measure the interpreter rather than the audit:
CPython keeps about 1.1 kB per command-line argument from before any user code runs (a bare
`python` given 20,000 paths starts at 30.5 MB instead of 8.4 MB), and forked workers inherit
it. For each size the script prints
both throughputs (manifests per second), their ratio, aimanifest's time per manifest against
the smallest size (near-linear growth means ~1.0) and the peak resident memory of the largest
audit process (flat means the audit streams).

Targets (issue 9): the ratio is at least 20 on this machine's two cores; time per manifest
and peak memory stay about the same from 5,000 to 50,000.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import CHILD_ENV, ROOT, baseline_executable, schema_for

SCHEMA = ROOT / "schema" / "aimanifest-1.1.schema.json"
"""One schema for the baseline's one process: the registry holds the examples that name it
(all of them since they moved to spec 1.1)."""


def examples() -> list[Path]:
    found = [
        *sorted((ROOT / "examples").glob("*.yaml")),
        *sorted((ROOT / "examples").glob("*.json")),
    ]
    return [path for path in found if schema_for(str(path)) == SCHEMA]


def make_registry(root: Path, count: int) -> list[str]:
    """``count`` manifests under ``root/r``; returns their paths relative to ``root``."""
    sources = examples()
    paths = []
    for index in range(count):
        source = sources[index % len(sources)]
        folder = root / "r" / f"o{index % 97}" / f"m{index}"
        folder.mkdir(parents=True)
        name = "aimanifest.json" if source.suffix == ".json" else "aimanifest.yaml"
        shutil.copy(source, folder / name)
        for sibling in source.parent.glob("*.yaml"):  # lineage paths are relative
            if sibling != source:
                shutil.copy(sibling, folder / sibling.name)
        paths.append(str((folder / name).relative_to(root)))
    return paths


def timed(command: list[str], cwd: Path) -> tuple[float, int, int, bytes]:
    """Wall seconds, exit code, peak RSS (kB) of the largest process of ``command``'s tree, and
    its standard output.

    The peak comes from ``wait4`` on this one child, which covers the child and the workers it
    waited for; ``RUSAGE_CHILDREN`` would be the maximum over every child this script ever ran.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=CHILD_ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):
            sys.exit(f"{command[0]} failed ({code}):\n{err.read().decode()[-2000:]}")
        return seconds, code, usage.ru_maxrss, out.read()


def _check_rows(rows: bytes, size: int) -> None:
    reported = rows.count(b"\n")
    if reported != size:
        sys.exit(f"the audit reported {reported} manifests, not {size}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--jobs", type=int, help="audit worker processes (default: CPU count)")
    parser.add_argument("--keep", type=Path, help="build the registries here and keep them")
    args = parser.parse_args()
    ours = shutil.which("aimanifest", path=str(Path(sys.executable).parent)) or "aimanifest"
    baseline = baseline_executable()
    print(f"cores: {len(os.sched_getaffinity(0))}; manifests: copies of {len(examples())} examples")
    first_per_manifest = None
    for size in sorted(args.sizes):
        workdir = Path(tempfile.mkdtemp(prefix=f"audit-{size}-", dir=args.keep))
        try:
            paths = make_registry(workdir, size)
            # the audit walks the registry; the baseline cannot, so it gets the list
            command = [ours, "audit", "--format", "jsonl", "--no-progress", "r"]
            if args.jobs:
                command += ["--jobs", str(args.jobs)]
            subprocess.run(
                [ours, "audit", "r", "--no-progress"],
                cwd=workdir,
                capture_output=True,
                env=CHILD_ENV,
            )  # warm caches
            audit_seconds, _, audit_peak, rows = timed(command, workdir)
            _check_rows(rows, size)
            # and the baseline's very list, as a stream (no walk, no command-line cost)
            (workdir / "list.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
            listed = [*command[:-1], "--paths-from", "list.txt"]
            list_seconds, _, list_peak, rows = timed(listed, workdir)
            _check_rows(rows, size)
            check_seconds, check_code, _, _ = timed(
                [str(baseline), "--schemafile", str(SCHEMA), *paths], workdir
            )
        finally:
            if args.keep is None:
                shutil.rmtree(workdir, ignore_errors=True)
        ours_rate, check_rate = size / audit_seconds, size / check_seconds
        per_manifest = audit_seconds / size
        first_per_manifest = first_per_manifest or per_manifest
        print(
            f"{size:>7,} manifests: aimanifest audit {audit_seconds:8.1f} s ({ours_rate:8,.0f}/s, "
            f"peak {audit_peak / 1024:6.1f} MB) | check-jsonschema {check_seconds:8.1f} s "
            f"({check_rate:6,.1f}/s, exit {check_code}) | ratio {ours_rate / check_rate:5.1f}x | "
            f"time per manifest vs smallest {per_manifest / first_per_manifest:4.2f}"
        )
        print(
            f"{'':>7}  the same list given to the audit with --paths-from: {list_seconds:6.1f} s "
            f"({size / list_seconds:8,.0f}/s, peak {list_peak / 1024:6.1f} MB) | ratio "
            f"{check_seconds / list_seconds:5.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
