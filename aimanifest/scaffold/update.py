"""``aimanifest update``: bring a manifest's artifact list back in line with the files.

Files change after ``init``: a weight file is retrained, a shard is added, a checkpoint is
deleted. Re-running ``init --force`` would throw away every edit the publisher made, so
``update`` edits the manifest in place and touches nothing else:

* the manifest is read through the one reader (size, aliases, depth, duplicate keys) and must
  be structurally valid; only then is it loaded again with a round-trip YAML library
  (``ruamel.yaml``), which keeps the comments, the key order, the quoting and the
  indentation; a JSON manifest keeps its key order and indentation;
* every listed artifact with a ``path`` is located inside the root (no ``..``, no link out,
  regular files only) and hashed with the algorithms it already lists (and SHA-256); a size
  or digest that differs is rewritten in place;
* files no artifact lists are recognised by the rules of ``init`` and added to the component
  that already holds files of their group (the shards of the weights, one checkpoint), or to a
  new component; files no rule recognises, and listed files that are gone, are reported,
  never guessed at or silently dropped.

The edited text is checked to read back as a structurally valid manifest before the one writer
replaces the file atomically.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator, MutableMapping
from typing import Any, NamedTuple

from aimanifest.importers.base import ImporterError
from aimanifest.importers.common import ImportRun

__all__ = ["Change", "Update", "plan_update"]

LAYERS = ("weights", "runtime", "training", "data", "documentation")


class Change(NamedTuple):
    """One difference between the manifest and the files."""

    kind: str
    """``updated``, ``added``, ``removed`` (listed, gone), ``left-out`` (new, not recognised),
    or ``problem`` (a listed path that cannot be checked: outside the root, not a file)."""
    message: str


class Update(NamedTuple):
    """What ``update`` found and the manifest text that fixes what it can."""

    text: str
    changes: list[Change]

    @property
    def stale(self) -> bool:
        return any(change.kind in ("updated", "added", "removed") for change in self.changes)

    @property
    def edited(self) -> bool:
        return any(change.kind in ("updated", "added") for change in self.changes)


def _components(tree: Any) -> Iterator[MutableMapping[str, Any]]:
    for layer in LAYERS:
        section = tree.get(layer)
        if isinstance(section, MutableMapping):
            yield from section.get("components") or []


def _load(path: str, text: str) -> tuple[Any, Any]:
    """The round-trip tree of ``text`` and the object that writes it back as it was written."""
    if path.lower().endswith(".json"):
        return json.loads(text), None
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, sequence, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # never fold a long value: init and import write each on one line, and so do people
    # mostly; a value someone folded by hand over several lines is joined (its text is kept)
    yaml.width = 4096
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 2, offset=offset or 0)
    return yaml.load(text), yaml


def _mapping_indent(text: str) -> int:
    """The indentation of the first nested key (ruamel guesses only sequences' indentation)."""
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if stripped and line != stripped and not stripped.startswith(("-", "#")):
            return len(line) - len(stripped)
    return 2


def _dump(tree: Any, writer: Any, original: str) -> str:
    if writer is None:
        second = original.split("\n", 2)[1] if original.count("\n") > 1 else ""
        indent = len(second) - len(second.lstrip(" ")) or 2
        return json.dumps(tree, indent=indent, ensure_ascii=False) + "\n"
    stream = io.StringIO()
    writer.dump(tree, stream)
    return stream.getvalue()


def _short(digest: str) -> str:
    return digest[:12] + "..." if len(digest) > 12 else digest


def _refresh(real_root: str, tree: Any, changes: list[Change], *, progress: bool) -> set[str]:
    """Re-hash every listed path; rewrite what differs. Returns the listed paths (normalized)."""
    from aimanifest.digests import ALGORITHMS
    from aimanifest.integrity.hashing import HashingError, HashJob, hash_files
    from aimanifest.integrity.progress import progress_bar
    from aimanifest.integrity.walk import PathError, locate, normalize

    listed: set[str] = set()
    jobs: list[HashJob] = []
    artifacts: list[MutableMapping[str, Any]] = []
    for component in _components(tree):
        for artifact in component.get("artifacts") or []:
            path = artifact.get("path")
            if not isinstance(path, str):
                continue
            listed.add(normalize(path))
            try:
                located = locate(real_root, path)
            except PathError as error:
                kind = "removed" if error.rule == "missing-file" else "problem"
                changes.append(Change(kind, f"{error} (listed by {component['name']})"))
                continue
            digests = artifact.get("digests") or {}
            algorithms = [a for a in ALGORITHMS if a in digests] or ["sha256"]
            if "sha256" not in algorithms:
                algorithms.insert(0, "sha256")
            # the resolved path, links refused: a link swapped in after locate() is not followed
            jobs.append(HashJob(located.real, algorithms, follow_symlinks=False))
            artifacts.append(artifact)
    bar = progress_bar(sum(os.path.getsize(job.path) for job in jobs), "hashing", enabled=progress)
    try:
        results = hash_files(jobs, on_bytes=bar.advance if bar is not None else None)
    finally:
        if bar is not None:
            bar.close()
    for artifact, result in zip(artifacts, results, strict=True):
        if isinstance(result, HashingError):
            changes.append(Change("problem", f"'{artifact['path']}': {result.reason}"))
            continue
        said = []
        if artifact.get("size") != result.size:
            said.append(f"size {artifact.get('size')} -> {result.size}")
            artifact["size"] = result.size
        digests = artifact.setdefault("digests", {})
        for algorithm, value in result.digests.items():
            if digests.get(algorithm) != value:
                old = digests.get(algorithm)
                said.append(f"{algorithm} {_short(old) if old else 'added'} -> {_short(value)}")
                digests[algorithm] = value
        if said:
            changes.append(Change("updated", f"'{artifact['path']}': {'; '.join(said)}"))
    return listed


def _add_new(
    root: str, manifest: str, tree: Any, listed: set[str], changes: list[Change], *, progress: bool
) -> None:
    """List the files no artifact lists, where ``init``'s rules place them."""
    from aimanifest.integrity.walk import normalize
    from aimanifest.scaffold import _Placer
    from aimanifest.scaffold.files import hash_files, list_files
    from aimanifest.scaffold.recognize import format_of, recognize

    paths, notes = list_files(root)
    changes.extend(Change("left-out", note) for note in notes if "holds no files" not in note)
    real_manifest = os.path.realpath(manifest)
    new = [
        p
        for p in paths
        if normalize(p) not in listed and os.path.realpath(os.path.join(root, p)) != real_manifest
    ]
    if not new:
        return
    recognized = {path: found for path in new if (found := recognize(path)) is not None}
    for path in new:
        if path not in recognized and not path.rsplit("/", 1)[-1].startswith("aimanifest."):
            changes.append(Change("left-out", f"'{path}': new, not recognised: list it by hand"))
    if not recognized:
        return
    if not isinstance(tree.get("weights"), MutableMapping) or not tree["weights"].get("components"):
        raise ImporterError(f"{manifest}: lists no weights component to add files beside")
    facts = hash_files(root, list(recognized), progress=progress)
    placer = _Placer(tree, ImportRun("the folder"), index_artifacts=True)
    for path, recognition in recognized.items():
        artifact: dict[str, Any] = {"path": path, "size": facts[path].size}
        file_format = format_of(path)
        if file_format:
            artifact["format"] = file_format
        artifact["digests"] = dict(facts[path].digests)
        component = placer.place(recognition, artifact)
        changes.append(Change("added", f"'{path}' added to {component['name']}"))


def plan_update(manifest: str, *, root: str | None = None, progress: bool = False) -> Update:
    """What ``update`` would change in ``manifest`` (files under ``root``, default its folder).

    Raises :class:`aimanifest.source.SourceError` for a manifest that cannot be read, and
    :class:`ImporterError` for one that is not structurally valid.
    """
    from aimanifest.source.reader import read_document
    from aimanifest.validate import structural_findings

    document = read_document(manifest)
    errors = [f for f in structural_findings(document) if f.severity == "error"]
    if errors:
        raise ImporterError(f"{manifest}: not a valid manifest: fix these errors first", errors)
    original = (document.raw or b"").decode("utf-8").removeprefix("\ufeff")
    tree, writer = _load(manifest, original)
    root = root if root is not None else (os.path.dirname(manifest) or os.curdir)
    changes: list[Change] = []
    listed = _refresh(os.path.realpath(root), tree, changes, progress=progress)
    _add_new(root, manifest, tree, listed, changes, progress=progress)
    if not any(change.kind in ("updated", "added") for change in changes):
        return Update(original, changes)
    return Update(_dump(tree, writer, original), changes)
