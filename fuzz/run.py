"""Fuzz aimanifest's untrusted-input paths for a bounded time; save what breaks them.

    python fuzz/run.py                       # every target, 60 s each
    python fuzz/run.py --seconds 600 reader  # one target, ten minutes
    python fuzz/run.py --replay fuzz/findings/reader-crash-...   # re-run one saved input

Coverage-guided with atheris (``pip install atheris``) when it is installed, else random
mutation of the seed corpus through hypothesis (slower to find deep bugs, but needs nothing).
Seeds: the bundled examples and the test corpus (reader), licence expressions from the
examples (licence), the card corpus (hf) and the MOT models of ``../shared/reference`` (mof).
A finding is saved under ``fuzz/findings/`` and its target exits 1; fix it, then add the input
to the bad-input corpus (``tests/bad_input_cases.py``) or the target's own tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from targets import TARGETS  # noqa: E402


def seeds(target: str) -> list[bytes]:
    """The inputs each target starts from: real files of the kind it reads."""
    reference = Path(
        os.environ.get("AIMANIFEST_REFERENCE_DIR", ROOT.parent / "shared" / "reference")
    )
    if target == "reader":
        files = [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("examples/**/*.json")]
        files += [*ROOT.glob("tests/corpus/**/*.yaml")]
    elif target == "licence":
        return [
            text.encode()
            for text in (
                "MIT",
                "Apache-2.0 OR MIT",
                "(GPL-2.0-only WITH Classpath-exception-2.0) AND MIT",
                "llama3.1",
                "CC-BY-4.0",
                "LicenseRef-x",
                "NOASSERTION",
                "Apache License 2.0",
                "NONE",
                "bsd",
                "(MIT",
            )
        ]
    elif target == "hf":
        files = [*sorted(ROOT.glob("tests/cards/**/*.md")), ROOT / "README.md"]
    else:
        files = sorted((reference / "mot" / "models").glob("*.yml"))[:50]
        files += sorted((reference / "mot" / "Test_Data").glob("*.yml"))
    found = [path.read_bytes() for path in files if path.is_file()]
    return found or [b""]


def _atheris_worker(target: str, seconds: int, findings: Path) -> int:
    import atheris  # type: ignore[import-not-found]

    corpus = findings / f"{target}-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(seeds(target)):
        (corpus / f"seed-{index}").write_bytes(seed)
    with atheris.instrument_imports():
        import aimanifest.importers.hf
        import aimanifest.importers.mof
        import aimanifest.licenses
        import aimanifest.source.json_reader
        import aimanifest.source.yaml_reader
        import aimanifest.validate  # noqa: F401
    argv = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        f"-artifact_prefix={findings}/{target}-",
        "-rss_limit_mb=1024",
        "-timeout=10",
        str(corpus),
    ]
    atheris.Setup(argv, TARGETS[target])
    atheris.Fuzz()
    return 0


def _hypothesis_worker(target: str, seconds: int, findings: Path) -> int:
    import random

    rng = random.Random(0)
    pool = seeds(target)
    check = TARGETS[target]
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline:
        data = bytearray(rng.choice(pool))
        for _ in range(rng.randint(1, 8)):
            operation = rng.randrange(4)
            position = rng.randrange(len(data) + 1)
            if operation == 0 and data:
                del data[position : position + rng.randint(1, 16)]
            elif operation == 1:
                data[position:position] = bytes(
                    rng.randrange(256) for _ in range(rng.randint(1, 8))
                )
            elif operation == 2:
                data[position:position] = rng.choice(
                    [
                        b"\n",
                        b": ",
                        b"- ",
                        b"*a",
                        b"&a ",
                        b"[",
                        b"{",
                        b'"',
                        b"---\n",
                        b"\t",
                        b"\0",
                        b"\xff",
                        b" AND ",
                        b" OR ",
                        b"(",
                        b")",
                        b" WITH ",
                        b"\xc2\xa0",
                    ]
                )
            elif data:
                chunk = bytes(data[position : position + rng.randint(1, 64)])
                data[position:position] = chunk * rng.randint(1, 50)
        runs += 1
        try:
            check(bytes(data))
        except Exception:
            findings.mkdir(parents=True, exist_ok=True)
            saved = findings / f"{target}-crash-{runs}"
            saved.write_bytes(bytes(data))
            print(f"{target}: finding saved as {saved}", file=sys.stderr)
            raise
    print(f"{target}: {runs:,} inputs in {seconds} s, no finding", file=sys.stderr)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("targets", nargs="*", choices=[*TARGETS, []], help="default: all")
    parser.add_argument("--seconds", type=int, default=60, help="time per target (default 60)")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--findings", type=Path, default=HERE / "findings")
    parser.add_argument("--replay", type=Path, help="run one saved input through its target")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replay:
        target = args.replay.name.split("-", 1)[0]
        TARGETS[target](args.replay.read_bytes())
        print(f"{args.replay}: no finding any more", file=sys.stderr)
        return 0
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # type: ignore[import-not-found]  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "random"
    if args.worker:
        worker = _atheris_worker if engine == "atheris" else _hypothesis_worker
        return worker(args.worker, args.seconds, args.findings)
    failed = []
    for target in args.targets or list(TARGETS):
        print(f"== {target}: {args.seconds} s with {engine}", file=sys.stderr)
        code = subprocess.call(
            [
                sys.executable,
                __file__,
                "--worker",
                target,
                "--seconds",
                str(args.seconds),
                "--engine",
                engine,
                "--findings",
                str(args.findings),
            ]
        )
        if code != 0:
            failed.append(target)
    if failed:
        print(f"findings in: {', '.join(failed)} (saved under {args.findings})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
