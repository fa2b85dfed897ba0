"""Manifests the export tests run besides the bundled examples: written here, not in examples/.

* ``unreleased``: a valid manifest of a model whose final weights are unreleased, with no
  artifacts and no links at all. Until the exporters learnt to state absence, SPDX 3 refused it.
* ``supplied`` and ``unsupplied``: a third party's library with and without its ``supplier``
  and ``copyright`` (spec 1.1): with them, every format names the supplier; without, the
  supplier and copyright stay unknown (NOASSERTION) and ``export`` warns.
* ``based`` and ``unbased``: an adapter's base (a runtime dependency of the release) with and
  without its ``license`` and ``copyright`` (spec 1.1): with them, every format writes them on
  the base; without, both stay unknown (NOASSERTION) and ``export`` warns.
* ``hostile``: every free-text field the schema lets through (release name, version,
  publisher, supplier, copyright notices, descriptions, lineage entries and their copyright
  notice, custom licence name
  and text, artifact paths) holds
  what would forge tag-value lines (newlines, ``</text>``, ``<text>``, tag names), terminal
  escapes, bidirectional controls and line separators. Component names cannot: the schema
  restricts them to lowercase slugs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHA256 = "ab" * 32
SHA1 = "cd" * 20

UNRELEASED: dict[str, Any] = {
    "aimanifest": "1.0",
    "release": {
        "name": "Nowhere",
        "version": "1",
        "date": "2025-01-01",
        "publisher": {"name": "Nobody Labs"},
        "license": "MIT",
    },
    "weights": {
        "components": [{"name": "nowhere-w", "kind": "final-weights", "availability": "unreleased"}]
    },
}

LIBRARY: dict[str, Any] = {
    "name": "acme-lib",
    "kind": "inference-code",
    "license": "Apache-2.0",
    "availability": "open",
    "location": {"repository": "https://git.acme.example.net/acme/lib", "revision": "v2.0"},
}
"""A third party's library: located outside the publisher's places."""

SUPPLIED: dict[str, Any] = {
    "aimanifest": "1.1",
    "release": {
        "name": "Supplied",
        "version": "1",
        "date": "2025-01-01",
        "publisher": {"name": "Own Labs", "url": "https://own.example.org"},
        "license": "MIT",
        "copyright": "Copyright 2025 Own Labs",
    },
    "weights": {
        "components": [
            {
                "name": "supplied-w",
                "kind": "final-weights",
                "availability": "open",
                "location": {"url": "https://own.example.org/w"},
            }
        ]
    },
    "runtime": {
        "components": [
            {
                **LIBRARY,
                "supplier": {
                    "name": "Acme Software",
                    "url": "https://acme.example.net",
                    "email": "oss@acme.example.net",
                },
                "copyright": "Copyright 2020 Acme Software",
            }
        ]
    },
}

UNSUPPLIED: dict[str, Any] = {
    **SUPPLIED,
    "aimanifest": "1.0",
    "release": {k: v for k, v in SUPPLIED["release"].items() if k != "copyright"},
    "runtime": {"components": [LIBRARY]},
}
"""The same release in spec 1.0 terms: nothing says who supplies the library."""

BASED: dict[str, Any] = {
    **SUPPLIED,
    "lineage": [
        {
            "name": "Stated-Base",
            "relation": "adapter",
            "publisher": "Base Lab",
            "version": "2.0",
            "url": "https://hub.example.org/base-lab/stated-base",
            "license": "LicenseRef-scancode-llama-3.1-license-2024 OR LicenseRef-base-terms",
            "copyright": "Copyright 2024 Base Lab, Inc.",
        }
    ],
    "custom_licenses": [
        {"id": "LicenseRef-base-terms", "name": "Base Lab terms", "url": "https://base.example"}
    ],
}
"""A base whose entry states its licence (a ScanCode and a custom ``LicenseRef-``, so each
format's licence texts must name both) and its copyright notice."""

UNBASED: dict[str, Any] = {
    **SUPPLIED,
    "lineage": [
        {"name": "Bare-Base", "relation": "adapter", "publisher": "Base Lab", "version": "1"}
    ],
}
"""The same base stating neither: NOASSERTION, and a warning for each."""

FORGED = "\nPackageName: forged\nCreator: Tool: forged"
"""What a newline lets a value add to tag-value: a package and a document creator."""

HOSTILE: dict[str, Any] = {
    "aimanifest": "1.1",
    "release": {
        "name": f"Evil{FORGED}",
        "version": f"1{FORGED}",
        "date": "2025-01-01",
        "publisher": {"name": f"Pub\u202e{FORGED}", "url": "https://evil.example.org"},
        "description": f"fine</text>{FORGED}\nPackageComment: <text>x\x1b[31m\u2028y",
        "license": "MIT AND LicenseRef-evil",
        "copyright": "Copyright \x1b[2J</text>\t<text>\u202e (c) Pub (x@evil.example)",
    },
    "custom_licenses": [
        {
            "id": "LicenseRef-evil",
            "name": f"Evil terms{FORGED}\nLicenseID: LicenseRef-forged",
            "text": "t</text>\nLicenseID: LicenseRef-forged\nExtractedText: <text>y</text>",
        }
    ],
    "lineage": [
        {
            "name": f"Base{FORGED}",
            "relation": "adapter",
            "publisher": f"B\u2066{FORGED}",
            "version": "<text>",
            "license": "LicenseRef-evil",
            "copyright": "Copyright \x1b[31m</text><text>\u2066 PackageName: forged\tCreator: x",
        }
    ],
    "weights": {
        "components": [
            {
                "name": "evil-w",
                "kind": "final-weights",
                "availability": "open",
                "description": f"<text>inner</text>{FORGED}\n",
                "location": {"url": "https://evil.example.org/w"},
                "artifacts": [
                    {
                        "path": "a\u2028b\r\x85PackageName: forged.bin",
                        "digests": {"sha256": SHA256, "sha1": SHA1},
                    },
                    {"path": f"c{FORGED}.bin", "digests": {"sha256": SHA256}},
                ],
            },
            {
                "name": "evil_w",  # slugs like evil-w: numbered SPDX ids, not a clash
                "kind": "model-metadata",
                "availability": "open",
                "description": "\x07\x1b]0;title\x07\u0085",
                "location": {"url": "https://evil.example.org/c"},
            },
        ]
    },
}

HOSTILE["runtime"] = {
    "components": [
        {
            **LIBRARY,
            "name": "evil-lib",
            "supplier": {
                "name": f"Lib (mallory@evil.example){FORGED}\u2028\x1b[31m",
                "url": "https://lib.evil.example/a)(b",
                "email": "a(b)\x1b[31m@c.example",
            },
            "copyright": "Copyright </text>\x07\u2066 PackageName: forged\tCreator: Tool: x",
        }
    ]
}

CASES = {
    "unreleased": UNRELEASED,
    "supplied": SUPPLIED,
    "unsupplied": UNSUPPLIED,
    "based": BASED,
    "unbased": UNBASED,
    "hostile": HOSTILE,
}


def write_cases(folder: Path) -> dict[str, Path]:
    """Each case as a JSON manifest in ``folder``: case id -> path."""
    paths = {}
    for name, manifest in CASES.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(manifest), encoding="utf-8")
        paths[name] = path
    return paths
