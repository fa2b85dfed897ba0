"""Digest-file benchmark: `aimanifest verify` on a component whose files a digest file lists.

Two measurements, each against a baseline measured in the same run:

1. **Many small files.** ``--files`` files of a few hundred bytes in 100 directories, listed in
   a ``SHA256SUMS`` written by this script; ``aimanifest verify`` (one process, all its
   threads) against ``sha256sum -c --quiet SHA256SUMS`` (coreutils, one process), the command
   a publisher would otherwise run. Per-file cost (open, stat, read, close) dominates here,
   not hashing speed.
2. **Memory for a long list.** A digest file of ``--lines`` lines whose files do not exist,
   pinned by a wrong digest, so that verify reads and records every line but hashes nothing:
   the peak resident memory of that run against the peak of verifying a one-line list, i.e.
   what the list costs per line. The list is never held in memory, only one integer per line.

    python benchmarks/digest_file.py [--files 20000] [--lines 1000000] [--runs 3]

Prints times (median of ``--runs``), peak memory and the ratios. Files go to a temporary
directory, deleted at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
MANIFEST = """\
aimanifest: "1.1"
release: {{name: Corpus, version: "1", date: "2025-01-01", publisher: {{name: Lab}}}}
weights: {{components: []}}
data:
  components:
    - name: corpus
      kind: training-data
      availability: open
      license: CC0-1.0
      dataset: {{role: pre-training, data_class: open}}
      artifacts:
        - path: data/SHA256SUMS
          file_list: sha256sum
          digests: {{sha256: "{digest}"}}
"""


def write_release(root: Path, lines: list[str], *, pin: str | None = None) -> Path:
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    listing = "".join(f"{line}\n" for line in lines).encode()
    (data / "SHA256SUMS").write_bytes(listing)
    manifest = root / "aimanifest.yaml"
    manifest.write_text(MANIFEST.format(digest=pin or hashlib.sha256(listing).hexdigest()))
    return manifest


def many_files(root: Path, count: int) -> Path:
    lines = []
    for index in range(count):
        relative = f"shard-{index % 100:03d}/record-{index:08d}.json"
        content = f'{{"id": {index}, "text": "{"x" * (200 + index % 300)}"}}\n'.encode()
        target = root / "data" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        lines.append(f"{hashlib.sha256(content).hexdigest()}  {relative}")
    return write_release(root, lines)


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """(seconds, peak resident kB, exit code) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("aimanifest", path=str(Path(sys.executable).parent)) or "aimanifest"
    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:
        sys.exit("sha256sum (coreutils) is needed for the baseline")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        print(f"writing {args.files:,} files ...", file=sys.stderr)
        manifest = many_files(base / "small", args.files)
        verify = [exe, "verify", "--no-progress", str(manifest)]
        baseline = [sha256sum, "-c", "--quiet", "SHA256SUMS"]
        ours, theirs = [], []
        for _ in range(args.runs):  # interleaved, warm page cache after the first
            seconds, _, code = run(verify)
            assert code == 0, f"verify failed ({code})"
            ours.append(seconds)
            seconds, _, code = run(baseline, cwd=base / "small" / "data")
            assert code == 0, f"sha256sum -c failed ({code})"
            theirs.append(seconds)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"{args.files:,} small files, median of {args.runs}:")
        print(f"  aimanifest verify   {a:7.2f} s  ({args.files / a:,.0f} files/s)")
        print(f"  sha256sum -c        {b:7.2f} s  ({args.files / b:,.0f} files/s)")
        print(f"  ratio (verify / sha256sum -c): {a / b:.2f}")

        print(f"writing a {args.lines:,}-line list ...", file=sys.stderr)
        # written line by line: a child's peak memory counts the parent's at the fork
        long_manifest = write_release(base / "long", [], pin="f" * 64)
        with open(base / "long" / "data" / "SHA256SUMS", "w", encoding="ascii") as stream:
            for i in range(args.lines):
                stream.write(f"{'0' * 64}  part-{i % 1000:04d}/file-{i:09d}.bin\n")
        one_manifest = write_release(base / "one", [f"{'0' * 64}  one.bin"], pin="f" * 64)
        seconds, peak, code = run([exe, "verify", "--no-progress", str(long_manifest)])
        assert code == 1, f"expected the wrong pin to fail ({code})"
        _, floor, _ = run([exe, "verify", "--no-progress", str(one_manifest)])
        size = (base / "long" / "data" / "SHA256SUMS").stat().st_size
        per_line = (peak - floor) * 1024 / args.lines
        print(f"a {args.lines:,}-line list ({size / 1e6:,.0f} MB), read and recorded:")
        print(f"  {seconds:.2f} s; peak memory {peak / 1024:,.0f} MB, one-line list "
              f"{floor / 1024:,.0f} MB: {per_line:.0f} bytes per listed file "
              f"({(peak - floor) * 1024 / size:.2f} x the list's size)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
