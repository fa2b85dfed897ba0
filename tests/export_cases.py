"""Manifests the export tests run besides the bundled examples: written here, not in examples/.

* ``unreleased``: a valid manifest of a model whose final weights are unreleased, with no
  artifacts and no links at all. Until the exporters learnt to state absence, SPDX 3 refused it.
* ``hostile``: every free-text field the schema lets through (release name, version,
  publisher, descriptions, lineage entries, custom licence name and text, artifact paths) holds
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

FORGED = "\nPackageName: forged\nCreator: Tool: forged"
"""What a newline lets a value add to tag-value: a package and a document creator."""

HOSTILE: dict[str, Any] = {
    "aimanifest": "1.0",
    "release": {
        "name": f"Evil{FORGED}",
        "version": f"1{FORGED}",
        "date": "2025-01-01",
        "publisher": {"name": f"Pub\u202e{FORGED}", "url": "https://evil.example.org"},
        "description": f"fine</text>{FORGED}\nPackageComment: <text>x\x1b[31m\u2028y",
        "license": "MIT AND LicenseRef-evil",
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

CASES = {"unreleased": UNRELEASED, "hostile": HOSTILE}


def write_cases(folder: Path) -> dict[str, Path]:
    """Each case as a JSON manifest in ``folder``: case id -> path."""
    paths = {}
    for name, manifest in CASES.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(manifest), encoding="utf-8")
        paths[name] = path
    return paths
