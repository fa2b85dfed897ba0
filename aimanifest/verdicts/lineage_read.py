"""Reading a lineage: each base manifest found, read once, checked, and assessed.

The rules a base is judged by are :mod:`aimanifest.verdicts.lineage`'s; this module finds the
files and guards the ways a lineage can go wrong:

* **each file once**: the nodes are keyed by real path and looked up *before* reading, so a
  base named by 8,000 entries is read and assessed once, and a merge of siblings sharing a
  base reads the base once;
* **the bytes parsed are the bytes hashed**: a pinned digest is checked against the
  document's ``raw``, never against a second read that could see other bytes;
* **cycles** are found by real path (symlinks and ``a/../b`` spellings cannot hide one), a
  manifest naming itself is said so, and a chain stops at :data:`~.lineage.MAX_DEPTH` with a
  message, as does a tree of more than :data:`~.lineage.MAX_BASES` files or
  :data:`~.lineage.MAX_LINEAGE_BYTES` bytes; a file that cannot be used is not read again;
* every file goes through the one reader, inside the repository root (paths) or the cache
  directory (URLs): a FIFO, a device, a directory, a link loop or a link out of the root is
  refused with a reason that names nothing outside.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, NamedTuple

from aimanifest.verdicts.lineage import (
    BEST,
    MAX_BASES,
    MAX_DEPTH,
    MAX_LINEAGE_BYTES,
    WORST,
    BaseResult,
    Facts,
    LineageResult,
    Problem,
    Severity,
    cap_reason,
    combine,
    own_facts,
    relation_cap,
)

if TYPE_CHECKING:
    from aimanifest.data import BaseModelData, ManifestData, Tier
    from aimanifest.lineage_source import LineageOptions
    from aimanifest.source import Document

__all__ = ["Origin", "Resolver", "real_path"]


class _Node(NamedTuple):
    """A base manifest read and assessed: one per file, whichever entries name it."""

    label: str
    raw: bytes
    own_tier: Tier
    osaid: str
    lineage: LineageResult
    facts: tuple[Facts, Facts]
    digests: dict[str, str]
    """Digests of ``raw`` computed so far, by algorithm: each is computed once per file."""
    licenses: tuple[str, ...]
    """The licences its manifest gives its final weights (:func:`weights_licenses`)."""


class Origin(NamedTuple):
    """Where the manifest listing some bases lives: its directory, or why paths cannot work."""

    label: str | None
    directory: str | None
    version: str
    why_no_paths: str = ""


def real_path(path: str) -> str | None:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):  # a NUL byte, a name too long: the reader says it in words
        return None


def _schema_problem(document: Document) -> str | None:
    """Why a base file is not a manifest this release may rest on, or None."""
    from aimanifest.schema import schema_findings
    from aimanifest.spec import spec_version_findings

    findings = spec_version_findings(document) or schema_findings(document)
    errors = [finding for finding in findings if finding.severity == "error"]
    if not errors:
        return None
    first = errors[0]
    return f"{document.path} is not a valid manifest (line {first.line}: {first.message})"


_PATH_MARK = "\0path"
"""Stands for the file's path in a cached message (the same bytes may live at many paths)."""


_BY_CONTENT: OrderedDict[tuple[bytes, bool], Any] = OrderedDict()
"""sha256 of a base manifest's bytes (and whether it is JSON) -> its data, or why it cannot
be used: the parse and the schema check depend on nothing else. Bounded (least recently
used goes first), keyed by digest so that the bytes themselves are not kept."""
_BY_CONTENT_SIZE = 256
_JUDGED: OrderedDict[tuple[bytes, bool], Any] = OrderedDict()
"""The same, for the verdicts on a base that names no base of its own (they depend on its
bytes alone): its own facts, their combination with no lineage, its OSAID verdict."""


def _parsed(path: str, raw: bytes) -> Any:
    """The data of a base manifest's bytes (read at ``path``), or why it is no manifest to rest
    on; :class:`SourceError` (naming ``path``) for what the reader refuses."""
    import hashlib

    from aimanifest.findings import Finding
    from aimanifest.source import SourceError, decode_text, read_document

    is_json = path.lower().endswith(".json")
    key = (hashlib.sha256(raw).digest(), is_json)
    if key in _BY_CONTENT:
        _BY_CONTENT.move_to_end(key)
        found = _BY_CONTENT[key]
    else:
        name = _PATH_MARK + (".json" if is_json else ".yaml")
        try:
            document = read_document(name, decode_text(name, raw))
        except SourceError as error:
            found = error
        else:
            problem = _schema_problem(document)
            found = problem if problem is None else problem.replace(name, _PATH_MARK, 1)
            found = document.data if problem is None else found
        _BY_CONTENT[key] = found
        if len(_BY_CONTENT) > _BY_CONTENT_SIZE:
            _BY_CONTENT.popitem(last=False)
    if isinstance(found, SourceError):
        renamed = [
            Finding(path, f.line, f.column, f.severity, f.rule, f.message) for f in found.findings
        ]
        raise SourceError(renamed, found.exit_code)
    return found


class Resolver:
    """Walks the lineage depth first; the chain finds cycles, the nodes read each file once."""

    def __init__(self, start: str, root: str, options: LineageOptions) -> None:
        self.start = start
        """Directory of the first manifest: cycle messages name files relative to it."""
        self.root = root
        self.options = options
        self.nodes: dict[str, _Node] = {}
        self.labels: dict[str, str] = {}
        self.failed: dict[str, tuple[str, str]] = {}
        """Files that could not be used, and why: named again, they are not read again."""
        self.fetch_failed: dict[str, str] = {}
        """URLs whose fetch failed: 8,000 entries naming one are one request."""
        self.reads = 0
        self.bytes = 0
        self.real: dict[str, str] = {}
        """Real paths already resolved: 8,000 entries naming one file resolve it once."""

    def lineage(self, data: ManifestData, origin: Origin, chain: tuple[str, ...]) -> LineageResult:
        bases = tuple(self.base(entry, origin, chain) for entry in data.get("lineage") or [])
        problems: dict[Problem, None] = {}
        for base in bases:
            if base.reason is not None and base.severity is not None:
                problems[Problem(origin.label, base.name, base.reason, base.severity)] = None
            for deeper in base.problems:
                problems.setdefault(deeper._replace(manifest=deeper.manifest or base.path))
        return LineageResult(bases, tuple(problems))

    def base(self, entry: BaseModelData, origin: Origin, chain: tuple[str, ...]) -> BaseResult:
        name, relation = entry["name"], entry["relation"]
        reference: dict[str, Any] = dict(entry.get("manifest") or {})
        unverified = _Unverified(name, relation)
        if "path" in reference and origin.directory is not None:
            return self.local(unverified, reference, origin, chain)
        if "url" in reference:
            return self.remote(unverified, reference, chain)
        if "path" in reference:
            return unverified(
                "unavailable",
                "path",
                f"manifest {reference['path']} not read ({origin.why_no_paths})",
            )
        return unverified("unavailable", "manifest", "no base manifest referenced")

    def local(
        self,
        unverified: _Unverified,
        reference: dict[str, Any],
        origin: Origin,
        chain: tuple[str, ...],
    ) -> BaseResult:
        from aimanifest.checks import lineage_path_problem

        relative: str = reference["path"]
        problem = lineage_path_problem(relative, origin.version)  # 1.1 allows a leading ../
        if problem:
            return unverified("unusable", "path", f"manifest path '{relative}' {problem}")
        assert origin.directory is not None
        path = relative if origin.directory == "." else os.path.join(origin.directory, relative)
        return self.read(unverified, path, self.root, reference, chain)

    def remote(
        self, unverified: _Unverified, reference: dict[str, Any], chain: tuple[str, ...]
    ) -> BaseResult:
        from aimanifest.lineage_source import (
            CacheError,
            FetchError,
            cache_directory,
            cache_file,
            fetch,
        )
        from aimanifest.source import MAX_BYTES

        url: str = reference["url"]
        digests: dict[str, str] = dict(reference.get("digests") or {})
        if "sha256" not in digests:
            why = "is not pinned by a sha256 digest, so no copy of it can be verified"
            return unverified("unavailable", "url", f"manifest {url} {why}", url)
        try:
            directory = cache_directory()
        except CacheError as error:  # asked to fetch, it is an error; else the tier is unknown
            severity: Severity = "unusable" if self.options.fetch else "unavailable"
            return unverified(severity, "url", f"manifest {url} not verified: {error}", url)
        path = cache_file(directory, digests["sha256"], url)
        if not os.path.lexists(path):
            if not self.options.fetch:
                return unverified(
                    "unavailable",
                    "url",
                    f"manifest {url} is not in the local cache ({directory}); "
                    "fetch it with --fetch-lineage",
                    url,
                )
            failure = self.fetch_failed.get(url)
            if failure is None:
                try:
                    fetch(url, digests, directory=directory, limit=MAX_BYTES)
                except (FetchError, CacheError) as error:
                    failure = self.fetch_failed[url] = f"cannot fetch {url}: {error}"
            if failure is not None:
                return unverified("unusable", "url", failure, url)
        return self.read(unverified, path, directory, reference, chain, label=url)

    def read(
        self,
        unverified: _Unverified,
        path: str,
        root: str,
        reference: dict[str, Any],
        chain: tuple[str, ...],
        label: str | None = None,
    ) -> BaseResult:
        """The base whose manifest is ``path`` (inside ``root``), read once, digests checked."""
        key = self.real.get(path)
        if key is None:
            key = self.real[path] = real_path(path) or path
        shown = label or path
        if key in chain:
            if key == chain[-1]:
                return unverified(
                    "unusable", "path", f"manifest {shown} is this manifest itself", shown
                )
            loop = " -> ".join(
                self.labels.get(k) or os.path.relpath(k, self.start) for k in (*chain, key)
            )
            return unverified("unusable", "path", f"lineage cycle ({loop})", shown)
        failed = self.failed.get(key)
        if failed is not None:  # a bad file named again is not read again
            return unverified("unusable", failed[0], failed[1], shown)
        node = self.nodes.get(key)
        if node is None:
            if len(chain) > MAX_DEPTH:
                why = f"lineage deeper than {MAX_DEPTH} levels; not followed"
                return unverified("unusable", "manifest", why, shown)
            if self.reads >= MAX_BASES or self.bytes >= MAX_LINEAGE_BYTES:
                why = (
                    f"the lineage names more than {MAX_BASES} base manifests or "
                    f"{MAX_LINEAGE_BYTES:,} bytes of them; not followed"
                )
                return unverified("unusable", "manifest", why, shown)
            read = self.read_file(path, root, shown, "url" if label else "path")
            if isinstance(read, tuple):
                self.failed[key] = read
                return unverified("unusable", read[0], read[1], shown)
            if label:
                self.labels[key] = label
            node = self.node(read, label, (*chain, key))
            self.nodes[key] = node
        mismatch = _digest_mismatch(node, reference.get("digests") or {}, shown)
        if mismatch:
            return unverified("unusable", "digests", mismatch, shown)
        return unverified.verified(node, key, shown)

    def read_file(self, path: str, root: str, shown: str, field: str) -> Document | tuple[str, str]:
        """The base manifest at ``path``, through the one reader, or (field, why) it is unusable.

        The bytes are always read (they are what the pinned digests are checked against); the
        parse and the schema check are looked up by content (:func:`_parsed`), so a registry
        whose manifests name copies of the same base parses it once per process.
        """
        from aimanifest.source import Document, SourceError, read_bytes

        self.reads += 1
        try:
            raw = read_bytes(path, root=root, what="manifest")
            parsed = _parsed(path, raw)
        except SourceError as error:
            first = error.findings[0] if error.findings else None
            where = f" (line {first.line})" if first and first.line > 1 else ""
            return field, f"{shown}{where}: {first.message if first else error}"
        self.bytes += len(raw)
        if isinstance(parsed, str):
            return field, parsed.replace(_PATH_MARK, path, 1)
        document = Document(path, parsed)
        document.raw = raw
        return document

    def node(self, document: Document, url: str | None, chain: tuple[str, ...]) -> _Node:
        from aimanifest.verdicts.osaid import cap_by_lineage, evaluate_osaid
        from aimanifest.verdicts.tier import licensed_components

        data: ManifestData = document.data
        if url is None:
            origin = Origin(
                document.path, os.path.dirname(document.path) or ".", data["aimanifest"]
            )
        else:
            why = f"a manifest read from {url} names its bases by url and digests"
            origin = Origin(url, None, data["aimanifest"], why)
        lineage = self.lineage(data, origin, chain)
        raw = document.raw or b""
        # a base with no lineage of its own is judged by its bytes alone: judged once a process
        key = None if data.get("lineage") else (hashlib.sha256(raw).digest(), url is None)
        judged = _JUDGED.get(key) if key is not None else None
        if judged is None:
            items = licensed_components(data)
            own = own_facts(data, items)
            facts = (combine(own, lineage.bases, 0), combine(own, lineage.bases, 1))
            osaid = cap_by_lineage(evaluate_osaid(data, items), lineage).verdict
            judged = (own, facts, osaid)
            if key is not None:
                _JUDGED[key] = judged
                if len(_JUDGED) > _BY_CONTENT_SIZE:
                    _JUDGED.popitem(last=False)
        own, facts, osaid = judged
        licenses = weights_licenses(data)
        return _Node(url or document.path, raw, own.tier, osaid, lineage, facts, {}, licenses)


def weights_licenses(data: ManifestData) -> tuple[str, ...]:
    """The licences a manifest gives its final weights, each resolved as always (component,
    layer, release); the release licence when it lists no final weights. What a lineage entry's
    ``license`` restating this base is compared with."""
    from aimanifest.data import components
    from aimanifest.resolve import resolve_license

    finals = [
        resolve_license(data, layer, component).expression
        for layer, component in components(data)
        if component["kind"] == "final-weights"
    ]
    if not finals:
        finals = [data["release"].get("license")]
    return tuple(dict.fromkeys(found for found in finals if found is not None))


def _digest_mismatch(node: _Node, digests: dict[str, Any], shown: str) -> str | None:
    """Why the node's bytes (the very bytes that were parsed) do not match a pinned digest."""
    from aimanifest.digests import ALGORITHMS, hexdigest

    for key, expected in sorted(digests.items()):
        if key in ALGORITHMS and isinstance(expected, str):
            actual = node.digests.get(key)
            if actual is None:
                actual = node.digests[key] = hexdigest(key, node.raw)
            if actual != expected.lower():
                return (
                    f"{shown} does not match its {key} digest "
                    f"(manifest says {expected}, file has {actual})"
                )
    return None


class _Unverified:
    """Builds the results for one lineage entry: unverified with a reason, or verified."""

    def __init__(self, name: str, relation: str) -> None:
        self.name = name
        self.relation = relation

    def __call__(
        self, severity: Severity, field: str, reason: str, path: str | None = None
    ) -> BaseResult:
        low, high = relation_cap(self.relation, WORST), relation_cap(self.relation, BEST)
        why = f"base {self.name} ({self.relation}) is unverified: {reason}"
        return BaseResult(
            self.name,
            self.relation,
            path,
            None,
            reason=reason,
            cap=(low, high),
            cap_reason=why,
            severity=severity,
            field=field,
        )

    def verified(self, node: _Node, key: str, shown: str) -> BaseResult:
        low, high = node.facts
        cap = (relation_cap(self.relation, low), relation_cap(self.relation, high))
        assessed = low.tier == high.tier
        if cap[0] == cap[1]:
            why = cap_reason(self.name, self.relation, low)
        else:
            first = node.lineage.problems[0] if node.lineage.problems else "its lineage"
            why = f"base {self.name} ({self.relation}) is not assessed: {first}"
        return BaseResult(
            self.name,
            self.relation,
            shown,
            low.tier if assessed else None,
            node.own_tier,
            node.osaid,
            None,
            node.lineage.bases,
            cap,
            why,
            node.facts,
            key=key,
            problems=node.lineage.problems,
            licenses=node.licenses,
        )
