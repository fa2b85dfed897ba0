#!/usr/bin/env python3
"""Licence checks on many ids: unknown ids (each with a suggestion) against known ones.

Target (issue 8, "no quadratic loops"): a manifest with thousands of unknown licence ids is
checked in time linear in their number, each unknown id costing little more than a known one.
Baseline, measured in the same run: ``check_license_expression`` on the same number of known
SPDX ids. Printed: the time per id for each, the ratio, and the time per id at two sizes (so a
growing cost per id, the sign of quadratic work, shows).

Usage: ``python benchmarks/licences.py [--count 4000]``
"""

from __future__ import annotations

import argparse
import random
import string
import time


def _per_id(expressions: list[str]) -> float:
    from aimanifest.licenses import check_license_expression

    start = time.perf_counter()
    for expression in expressions:
        check_license_expression(expression)
    return (time.perf_counter() - start) / len(expressions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=4000, help="ids at the larger size")
    args = parser.parse_args()

    from aimanifest.licenses import _index

    rng = random.Random(8)
    known = sorted(_index.pool().values())
    _per_id(["Apache-2.0 AND Unknown-warm-up"])  # build the lazy tables once, outside the timing
    for count in (args.count // 4, args.count):
        unknown = [
            "Apache-2.0 AND X" + "".join(rng.choice(string.ascii_lowercase) for _ in range(9))
            for _ in range(count)
        ]
        baseline = [f"Apache-2.0 AND {rng.choice(known)}" for _ in range(count)]
        unknown_s, known_s = _per_id(unknown), _per_id(baseline)
        print(
            f"{count:6d} distinct unknown ids  {unknown_s * 1e3:7.3f} ms/id   "
            f"known ids (baseline) {known_s * 1e3:7.3f} ms/id   ratio {unknown_s / known_s:5.1f}"
        )


if __name__ == "__main__":
    main()
