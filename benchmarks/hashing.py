"""Hashing benchmark: `aimanifest verify` against `openssl dgst -sha256` on the same files.

The yardstick (DESIGN.md, "Integrity") is OpenSSL's SHA-256 on one core: `openssl dgst
-sha256` over every file in one process. A realistic release is created in a temporary
directory (a few large weight shards and the small files around them), the page cache is
warmed so that hashing, not the disk, is measured, and then, in the same run:

- openssl, one process over all files (the per-core yardstick), and one process per core;
- `aimanifest verify` as a whole process with one hashing thread (`-j 1`: per-core
  efficiency) and with the default, one thread per core;
- the hashing function in-process (`hash_many`, SHA-256), without the process start-up.

The manifest verified is written from openssl's digests, so each run also checks that both
tools agree. Prints throughput in GB/s (10^9 bytes) and ratios against the yardstick.

    python benchmarks/hashing.py [--size-mib 2048] [--shards 4] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
_BLOCK = 16 << 20

SMALL_FILES = {
    "config.json": b'{"architectures": ["TernForCausalLM"], "hidden_size": 4096}\n',
    "generation_config.json": b'{"temperature": 0.7}\n',
    "tokenizer.json": b'{"model": {"vocab": {}}}\n' * 40_000,
}


def create_release(root: Path, size: int, shards: int) -> list[Path]:
    """Weight shards totalling about ``size`` bytes, plus the small files of a model repo."""
    block = os.urandom(_BLOCK)
    paths = []
    per_shard = size // shards
    for index in range(shards):
        path = root / f"model-{index + 1:05d}-of-{shards:05d}.safetensors"
        with open(path, "wb") as stream:
            written = 0
            while written < per_shard:
                # a distinct first bytes per block, so no two blocks are the same
                piece = block[: min(_BLOCK, per_shard - written)]
                stream.write(index.to_bytes(4, "little") + written.to_bytes(8, "little"))
                stream.write(piece[12:])
                written += len(piece)
        paths.append(path)
    for name, content in SMALL_FILES.items():
        (root / name).write_bytes(content)
        paths.append(root / name)
    return paths


def warm(paths: list[Path]) -> None:
    """Read every file once, so that each measurement reads from the page cache."""
    buffer = bytearray(_BLOCK)
    for path in paths:
        with open(path, "rb", buffering=0) as stream:
            while stream.readinto(buffer):
                pass


def openssl_digests(paths: list[Path]) -> dict[Path, str]:
    out = subprocess.run(
        ["openssl", "dgst", "-sha256", *map(str, paths)], capture_output=True, text=True, check=True
    ).stdout
    digests = {}
    for line in out.splitlines():  # SHA2-256(path)= hex
        name, _, digest = line.rpartition("= ")
        digests[Path(name[name.index("(") + 1 : -1])] = digest.strip()
    return digests


def write_manifest(root: Path, digests: dict[Path, str]) -> Path:
    lines = [
        'aimanifest: "1.0"',
        "release: {name: Bench, version: '1.0', date: '2025-01-01', publisher: {name: B}, "
        "license: Apache-2.0}",
        "weights:",
        "  components:",
        "    - {name: bench, kind: final-weights, availability: open, artifacts: [",
    ]
    for path, digest in sorted(digests.items()):
        size = path.stat().st_size
        entry = f'path: {path.name}, size: {size}, digests: {{sha256: "{digest}"}}'
        lines.append(f"        {{{entry}}},")
    lines.append("      ]}")
    manifest = root / "aimanifest.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def split(paths: list[Path], parts: int) -> list[list[Path]]:
    """Files dealt to ``parts`` groups of about equal total size (largest first)."""
    groups: list[list[Path]] = [[] for _ in range(parts)]
    sizes = [0] * parts
    for path in sorted(paths, key=lambda p: -p.stat().st_size):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(path)
        sizes[smallest] += path.stat().st_size
    return [group for group in groups if group]


def run_processes(commands: list[list[str]]) -> None:
    running = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, env=CHILD_ENV) for command in commands
    ]
    for process, command in zip(running, commands, strict=True):
        if process.wait() != 0:
            sys.exit(f"failed: {' '.join(command[:4])} ...")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=2048, help="total size (default 2048)")
    parser.add_argument("--shards", type=int, default=4, help="weight shards (default 4)")
    parser.add_argument("--runs", type=int, default=1, help="rounds; medians are shown")
    parser.add_argument("--dir", help="parent of the temporary directory (default: system)")
    args = parser.parse_args()
    if shutil.which("openssl") is None:
        sys.exit("openssl is not on PATH: it is the yardstick")
    from aimanifest.integrity.hashing import default_workers, hash_many

    cores = default_workers()
    tmp = Path(tempfile.mkdtemp(prefix="aimanifest-hash-bench-", dir=args.dir))
    try:
        print(f"creating {args.size_mib} MiB in {args.shards} shards under {tmp} ...")
        paths = create_release(tmp, args.size_mib << 20, args.shards)
        total = sum(path.stat().st_size for path in paths)
        warm(paths)
        manifest = write_manifest(tmp, openssl_digests(paths))
        exe = [sys.executable, "-m", "aimanifest", "verify", "--no-progress", "-q", str(manifest)]
        cases: dict[str, Callable[[], object]] = {
            "openssl dgst -sha256, 1 process": lambda: run_processes(
                [["openssl", "dgst", "-sha256", *map(str, paths)]]
            ),
            f"openssl dgst -sha256, {cores} processes": lambda: run_processes(
                [["openssl", "dgst", "-sha256", *map(str, g)] for g in split(paths, cores)]
            ),
            "aimanifest verify -j 1 (process)": lambda: run_processes([[*exe, "-j", "1"]]),
            f"aimanifest verify, {cores} threads (process)": lambda: run_processes([exe]),
            f"hash_many sha256, {cores} threads (in-process)": lambda: hash_many(
                [str(p) for p in paths], ["sha256"]
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, action in cases.items():
                times[name].append(timed(action))
        yardstick = total / 1e9 / statistics.median(next(iter(times.values())))
        print(f"{total / 1e9:.2f} GB in {len(paths)} files, {cores} CPU(s), median of {args.runs}")
        print(f"{'':48} {'time':>8} {'GB/s':>6} {'vs yardstick':>13}")
        for name, values in times.items():
            rate = total / 1e9 / statistics.median(values)
            print(
                f"{name:48} {statistics.median(values):7.2f}s {rate:6.3f} {rate / yardstick:12.2f}x"
            )
        print("yardstick: openssl dgst -sha256, 1 process (one core)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
