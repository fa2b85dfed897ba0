"""The ``classify`` report: every verdict on one manifest, and its claims, as plain data.

``classify --format json`` prints it as it is (the JSON contract: docs/verdicts.md, section
9); the text and Markdown reports and the badge render it. It lives here, not in the command,
so that the Python API and any other front end build the same report from the same verdicts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aimanifest.data import ManifestData
    from aimanifest.verdicts import Verdicts

__all__ = ["build_report"]


def build_report(
    path: str, manifest: ManifestData, verdicts: Verdicts, *, tool_version: str
) -> dict[str, Any]:
    """The report on ``manifest``, read from ``path``, whose verdicts are ``verdicts``.

    ``tier`` is null when it is not assessed (``tier_status: not-assessed``): a base that
    could lower it is unverified. ``claims`` is :func:`aimanifest.claims.claim_support`, the
    same decision ``validate`` reports as findings.
    """
    from aimanifest.claims import claim_support

    report: dict[str, Any] = {
        "manifest": path,
        "spec_version": manifest["aimanifest"],
        "tool_version": tool_version,
        "release": {"name": manifest["release"]["name"], "version": manifest["release"]["version"]},
    }
    report.update(verdicts.as_json())
    report["claims"] = [support.as_json() for support in claim_support(manifest, verdicts)]
    return report
