"""The folder importer (``aimanifest init``): a model directory, its card, its licence texts.

One importer among three (:mod:`aimanifest.importers.base`): it reads every file through the
one reader with the folder as root (a README.md or config.json that links out of the folder,
a FIFO, a huge file is never read), converts the card as ``import --from hf`` does, identifies
the licence texts, then lists and hashes the files.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from aimanifest.importers.base import Imported, ImporterError, Options
from aimanifest.importers.common import ImportRun, read_source

__all__ = ["FolderImporter"]


def _card(root: str, run: ImportRun, paths: list[str]) -> tuple[dict[str, Any], str]:
    """The card's metadata and body (empty when the folder has no card with metadata)."""
    from aimanifest.importers.card import NoMetadataError, parse_card

    if "README.md" not in paths:
        return {}, ""
    readme = os.path.join(root, "README.md")
    try:
        text = read_source(readme, root=root, what="model card")
    except ImporterError as error:
        # still listed as the model card when it is a file; it just contributes no facts
        run.warn(f"README.md not read as a model card ({error}): no facts taken from it")
        return {}, ""
    try:
        card = parse_card(readme, text)
    except NoMetadataError:
        return {}, text  # a plain README: nothing to carry over, nothing to say
    except ImporterError as error:
        run.warn(f"README.md metadata ignored: {error}")
        return {}, text
    run.source = "the card"
    return card.meta, card.body


def _licence(root: str, run: ImportRun, paths: list[str]) -> tuple[str, str] | None:
    """The licence the top-level licence texts identify, with its evidence, if any."""
    from aimanifest.scaffold.licenses import LICENSE_TEXT, identify_file

    found: list[tuple[str, str]] = []
    for path in paths:
        if "/" in path or not LICENSE_TEXT.match(path):
            continue
        identified = identify_file(root, path)
        for note in identified.notes:
            run.warn(note)
        if identified.expression:
            found.append((identified.expression, f"the {path} text ({identified.expression})"))
    if not found:
        return None
    expressions = list(dict.fromkeys(expression for expression, _ in found))
    if len(expressions) > 1:
        run.warn(f"licence texts hold {' and '.join(expressions)}: all read as applying (AND)")
        return " AND ".join(expressions), "the licence texts"
    return found[0]


class FolderImporter:
    """``init``: a model folder into a manifest that validates and verifies."""

    name: ClassVar[str] = "folder"

    def run(self, path: str, options: Options) -> Imported:
        from aimanifest.importers.hf import check_repo_id, convert, read_folder
        from aimanifest.scaffold import build
        from aimanifest.scaffold.files import hash_files, list_files

        check_repo_id(options.repo_id)
        root = path
        paths, notes = list_files(root)
        run = ImportRun("the folder")
        for note in notes:
            run.warn(note)
        meta, body = _card(root, run, paths)
        fallback = _licence(root, run, paths)
        folder = read_folder(run, root, tuple(paths))
        data, _ = convert(
            meta,
            body,
            source=os.path.join(root, "README.md"),
            repo_id=options.repo_id,
            folder=folder,
            run=run,
            name=options.name or (None if meta or options.repo_id else _dir_name(root)),
            has_card=bool(meta),
            fallback_license=fallback,
        )
        scaffold = build(
            paths,
            lambda wanted: hash_files(root, wanted, progress=options.progress),
            data=data,
            run=run,
        )
        return Imported(scaffold.data, scaffold.warnings)


def _dir_name(root: str) -> str:
    return os.path.basename(os.path.abspath(root)) or "model"
