"""Lineage: a derived release is only as open as its least open ancestor.

A fine-tune of a model trained on undisclosed data cannot be ``open-source-ai`` whatever its
own layers say, so the tier of a release is capped by the effective tiers of its bases. Each
base's manifest is read from the local ``lineage[].manifest.path`` (relative to the directory
of the manifest that names it), its own lineage resolved the same way, recursively.

Why the rules are as they are:

* No network, ever: a base referenced only by URL is "not checked (no network)".
* A base that cannot be assessed (no manifest reference, URL only, unreadable or invalid file,
  a path that breaks the spec's path rules, a lineage cycle) does not cap: capping by a guess
  would be arbitrary. It is listed as unverified with the reason, so that a report shows the
  verdict rests on the release's own facts only, and the OSAID verdict asks for review.
* A digest mismatch is a problem, but the file is still read and still caps: the verdict may
  only go down because of a file nobody pinned, never up.
* Cycles are detected by real path (symlinks and ``a/../b`` spellings cannot hide one); a base
  reached twice through different parents (merges) is read once.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

from aimanifest.data import TIERS, Tier
from aimanifest.verdicts.tier import evaluate_tier, manifest_data, tier_rank

if TYPE_CHECKING:
    from aimanifest.data import BaseModelData, ManifestData
    from aimanifest.model import Manifest

__all__ = ["MAX_DEPTH", "BaseResult", "LineageResult", "resolve_lineage"]

MAX_DEPTH = 32
"""Ancestors followed at most; deeper chains are reported rather than followed."""

_HASHES = {
    "sha1": "sha1",
    "sha256": "sha256",
    "sha384": "sha384",
    "sha512": "sha512",
    "sha3-256": "sha3_256",
    "sha3-384": "sha3_384",
    "sha3-512": "sha3_512",
    "blake2b-256": "blake2b-256",
    "blake2b-512": "blake2b",
}


class BaseResult(NamedTuple):
    """One base model as assessed: verified (read, with a tier) or unverified (with a reason)."""

    name: str
    relation: str
    path: str | None
    """The base manifest's path as resolved from this manifest's directory, if one is given."""
    tier: Tier | None
    """The base's effective tier (its own, capped by its bases); None when unverified."""
    own_tier: Tier | None = None
    osaid: str | None = None
    """The base's OSAID verdict (its own, with its bases'); None when unverified."""
    reason: str | None = None
    """Why the base is unverified; None when it was read."""
    bases: tuple[BaseResult, ...] = ()
    """The base's own bases, for the full tree in reports."""
    digest_mismatches: tuple[str, ...] = ()
    """The pinned digests the base manifest's bytes do not match (it is still read)."""

    @property
    def verified(self) -> bool:
        """Whether the base's manifest was read and assessed (it then caps the release)."""
        return self.tier is not None


class LineageResult(NamedTuple):
    """The direct bases, the cap they put on the release, and every problem found on the way."""

    bases: tuple[BaseResult, ...]
    cap: Tier | None
    """The lowest effective tier of the verified bases; None when no base was verified."""
    problems: tuple[str, ...] = ()
    """Short lines, each naming the base concerned."""

    def as_json(self) -> dict[str, Any]:
        """Plain data for reports."""
        return {
            "cap": self.cap,
            "bases": [_base_json(base) for base in self.bases],
            "problems": list(self.problems),
        }


def _base_json(base: BaseResult) -> dict[str, Any]:
    return {
        "name": base.name,
        "relation": base.relation,
        "path": base.path,
        "verified": base.verified,
        "tier": base.tier,
        "own_tier": base.own_tier,
        "osaid": base.osaid,
        "reason": base.reason,
        "bases": [_base_json(parent) for parent in base.bases],
    }


def _digest_problems(name: str, path: str, content: bytes, digests: dict[str, Any]) -> list[str]:
    import hashlib

    problems: list[str] = []
    for key, expected in sorted(digests.items()):
        algorithm = _HASHES.get(key)
        if algorithm is None or not isinstance(expected, str):
            continue
        if algorithm == "blake2b-256":
            actual = hashlib.blake2b(content, digest_size=32).hexdigest()
        else:
            actual = hashlib.new(algorithm, content).hexdigest()
        if actual != expected.lower():
            problems.append(
                f"base {name}: {path} does not match its {key} digest "
                f"(manifest says {expected}, file has {actual})"
            )
    return problems


def _read_base(path: str) -> tuple[bytes, ManifestData] | str:
    """The base manifest's bytes and schema-valid data, or why it cannot be used."""
    from aimanifest.schema import schema_findings
    from aimanifest.source import SourceError, read_document
    from aimanifest.spec import spec_version_findings

    try:
        with open(path, "rb") as handle:
            content = handle.read()
        document = read_document(path)
    except OSError as error:
        return f"cannot read {path}: {error.strerror or error}"
    except SourceError as error:
        first = error.findings[0] if error.findings else None
        return f"{path} is unusable: {first.message if first else error}"
    # Schema only: the full validation would run the claim check, hence lineage, again.
    findings = spec_version_findings(document) or schema_findings(document)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first_error = errors[0]
        return f"{path} is not a valid manifest (line {first_error.line}: {first_error.message})"
    return content, document.data


class _Resolver:
    """Walks the lineage tree depth first, remembering the chain (for cycles) and the results."""

    def __init__(self, root: str) -> None:
        self.root = root
        """Real directory of the first manifest: cycle messages name files relative to it."""
        self.done: dict[str, LineageResult] = {}
        self.own: dict[str, tuple[Tier, str]] = {}

    def lineage(
        self, data: ManifestData, directory: str | None, chain: tuple[str, ...]
    ) -> LineageResult:
        bases: list[BaseResult] = []
        problems: list[str] = []
        for entry in data.get("lineage") or []:
            base, found = self.base(entry, directory, chain)
            bases.append(base)
            problems.extend(found)
        ranks = [tier_rank(base.tier) for base in bases if base.tier is not None]
        cap = TIERS[min(ranks)] if ranks else None
        return LineageResult(tuple(bases), cap, tuple(dict.fromkeys(problems)))

    def base(
        self, entry: BaseModelData, directory: str | None, chain: tuple[str, ...]
    ) -> tuple[BaseResult, list[str]]:
        name, relation = entry["name"], entry["relation"]
        reference = entry.get("manifest") or {}
        relative = reference.get("path")

        def unverified(reason: str, path: str | None = None) -> tuple[BaseResult, list[str]]:
            problem = f"base {name}: {reason}: unverified, so it does not cap this release"
            return BaseResult(name, relation, path, None, reason=reason), [problem]

        if relative is None:
            if reference.get("url"):
                return unverified(f"manifest {reference['url']} not checked (no network)")
            return unverified("no base manifest referenced")
        from aimanifest.checks import artifact_path_problem

        bad_path = artifact_path_problem(relative)
        if bad_path:
            return unverified(f"manifest path '{relative}' {bad_path}")
        if directory is None:
            return unverified(f"manifest {relative} not read (this manifest's location is unknown)")
        path = os.path.join(directory, relative)
        real = os.path.realpath(path)
        if real in chain:
            loop = " -> ".join(os.path.relpath(p, self.root) for p in (*chain, real))
            return unverified(f"lineage cycle ({loop})", path)
        if len(chain) > MAX_DEPTH:
            return unverified(f"lineage deeper than {MAX_DEPTH} levels; not followed", path)
        read = _read_base(path)
        if isinstance(read, str):
            return unverified(read, path)
        content, base_data = read
        problems = _digest_problems(name, relative, content, dict(reference.get("digests") or {}))
        if real not in self.done:
            self.done[real] = self.lineage(base_data, os.path.dirname(path), (*chain, real))
            self.own[real] = _own_verdicts(base_data)
        parents = self.done[real]
        own_tier, own_osaid = self.own[real]
        effective = cap_tier(own_tier, parents)
        osaid = _combined_osaid(own_osaid, parents)
        result = BaseResult(
            name, relation, path, effective, own_tier, osaid, None, parents.bases, tuple(problems)
        )
        problems.extend(f"via base {name}: {problem}" for problem in parents.problems)
        return result, problems


def _own_verdicts(data: ManifestData) -> tuple[Tier, str]:
    from aimanifest.verdicts.osaid import evaluate_osaid

    return evaluate_tier(data).tier, evaluate_osaid(data).verdict


def _combined_osaid(own: str, parents: LineageResult) -> str:
    """The worst of the base's own OSAID verdict and its bases' (unverified: review)."""
    verdicts = [own, *("needs-review" if b.osaid is None else b.osaid for b in parents.bases)]
    for worst in ("fail", "needs-review"):
        if worst in verdicts:
            return worst
    return "pass"


def resolve_lineage(manifest: Manifest | ManifestData, manifest_path: str | None) -> LineageResult:
    """Assess every base of ``manifest``, which was read from ``manifest_path``.

    Relative base paths are resolved from the directory of ``manifest_path``; with None (a
    manifest built in memory) no base file can be located and every base is unverified.
    """
    data = manifest_data(manifest)
    if manifest_path is None:
        return _Resolver(os.getcwd()).lineage(data, None, ())
    real = os.path.realpath(manifest_path)
    resolver = _Resolver(os.path.dirname(real))
    return resolver.lineage(data, os.path.dirname(manifest_path) or ".", (real,))


def cap_tier(tier: Tier, lineage: LineageResult | None) -> Tier:
    """The lower of a release's own tier and its lineage's cap."""
    if lineage is None or lineage.cap is None:
        return tier
    return TIERS[min(tier_rank(tier), tier_rank(lineage.cap))]
