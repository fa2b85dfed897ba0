"""Import a Hugging Face model card (``README.md`` with YAML metadata) as a starting manifest.

The importer writes what a careful person would write from the card, and from the card's
folder when there is one (``config.json``, ``adapter_config.json``, the file names):

* the **name** from ``--repo-id``, else the card's model name (``model_name``, the
  model-index name, or the first title heading, Markdown stripped, never a section heading
  such as "Model Details");
* the **licence** (``license``, or ``license_name`` and ``license_link`` for ``other``);
* the **runtime** from ``library_name`` (or, failing that, a tag naming a known library) with
  the library's real licence and repository (:mod:`aimanifest.importers.libraries`), and the
  **architecture** from ``config.json`` (``architectures``, ``model_type``) or, from a card
  alone, inferred from the library and marked so;
* the **lineage** and the **datasets' roles** from the evidence
  (:mod:`aimanifest.importers.hf_evidence`); the **evaluation results** of ``model-index``
  (:mod:`aimanifest.importers.hf_results`); **gating** from ``extra_gated_*`` keys.

What no card says (version, date, the training pipeline, data information) becomes a
placeholder and a warning. Every guess is a warning naming its evidence. Nothing is fetched:
hub ids become URLs, never requests.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from aimanifest.importers.base import Imported, ImporterError, Options
from aimanifest.importers.card import Card, Naming, NoMetadataError, model_name, parse_card
from aimanifest.importers.common import REPO_ID, ImportRun, read_source, slug, text_of
from aimanifest.importers.hf_evidence import Folder, datasets, lineage, listed, tags
from aimanifest.importers.hf_results import evaluation_results
from aimanifest.importers.libraries import Library, library
from aimanifest.spec import LATEST

__all__ = [
    "HfImportError",
    "HfImporter",
    "NoMetadataError",
    "check_repo_id",
    "convert",
    "import_file",
    "read_folder",
]

HUB = "https://huggingface.co"
HfImportError = ImporterError
"""The former name of the importers' base error."""


def check_repo_id(repo_id: str | None) -> None:
    """Refuse a ``--repo-id`` that is not a hub id of the form ``org/name``."""
    if repo_id is not None and not (REPO_ID.match(repo_id) and "/" in repo_id):
        raise ImporterError(f"--repo-id {repo_id!r} is not of the form org/name")


def read_folder(run: ImportRun, directory: str, files: tuple[str, ...] | None = None) -> Folder:
    """What a card's folder shows: its files and its two JSON configurations.

    Read through the one reader with the folder as root, so a ``config.json`` that is a link
    out of the folder, a FIFO or a huge file is never read; a configuration that cannot be
    read is a warning (the card still imports).
    """
    from aimanifest.source import SourceError
    from aimanifest.source.reader import read_document

    if files is None:
        try:
            files = tuple(sorted(entry.name for entry in os.scandir(directory)))
        except OSError:
            files = ()
    found: dict[str, Mapping[str, Any] | None] = {}
    for name in ("config.json", "adapter_config.json"):
        found[name] = None
        if name not in files:
            continue
        try:
            data = read_document(os.path.join(directory, name), root=directory).data
        except SourceError as error:
            run.warn(f"{name} not read: {error.findings[0].message}")
            continue
        if isinstance(data, Mapping):
            found[name] = data
        else:
            run.warn(f"{name} is not a JSON object: not read")
    return Folder(files, found["config.json"], found["adapter_config.json"])


def _publisher(
    run: ImportRun, meta: Mapping[str, Any], repo_id: str | None, naming: Naming
) -> str | None:
    """Who publishes the release: the ``--repo-id`` organisation, else the organisation of a
    heading that is a hub id, else a quantized copy's ``quantized_by`` (whoever quantizes
    publishes the copy); a guess is a warning naming its evidence."""
    if repo_id and "/" in repo_id:
        return repo_id.split("/")[0]
    if naming.org:
        run.warn(f"publisher '{naming.org}' taken from {naming.source}")
        return naming.org
    stated = meta.get("quantized_by")
    quantizer = text_of(stated) if isinstance(stated, str) else ""
    if len(quantizer) <= 96 and "/" not in quantizer and REPO_ID.match(quantizer):  # a user
        run.warn(f"publisher '{quantizer}' taken from quantized_by")
        return quantizer
    if quantizer:
        run.warn(f"quantized_by '{quantizer}' is not a hub user name: not read as the publisher")
    return None


def _library(run: ImportRun, meta: Mapping[str, Any], folder: Folder) -> Library | str | None:
    """The library that runs the model: known (with its facts), unknown (its name) or None."""
    named = text_of(meta.get("library_name"))
    if named:
        return library(named) or named
    for tag in sorted(tags(meta)):
        found = library(tag)
        if found is not None:
            run.warn(f"no library_name: the tag '{tag}' read as the library ({found.name})")
            return found
    if folder.config is not None and "transformers_version" in folder.config:
        found = library("transformers")
        run.warn("no library_name: config.json was written by transformers (transformers_version)")
        return found
    if folder.has(".gguf"):
        found = library("gguf")
        run.warn(f"no library_name: GGUF files read as run by {found.name if found else 'gguf'}")
        return found
    return None


def _runtime(run: ImportRun, meta: Mapping[str, Any], folder: Folder) -> list[dict[str, Any]]:
    """The inference-code and architecture components the card and folder show."""
    found = _library(run, meta, folder)
    if found is None:
        run.warn(f"{run.source} names no library (library_name): no inference code listed")
        return []
    if isinstance(found, str):
        run.warn(
            f"library_name '{found}' is not in the table of known libraries: listed as "
            "inference code with licence NOASSERTION and a PyPI URL guessed; give both"
        )
        return [
            {
                "name": run.name(found, "library"),
                "kind": "inference-code",
                "availability": "open",
                "license": "NOASSERTION",
                "description": f"{found}, as library_name names it",
                "location": {"url": f"https://pypi.org/project/{slug(found, 'library')}/"},
            }
        ]
    components = [
        {
            "name": run.name(found.key, "library"),
            "kind": "inference-code",
            "availability": "open",
            "license": found.license,
            "description": f"{found.name}, which runs the model ({found.source})",
            "location": {"repository": found.repository},
        }
    ]
    architecture = _architecture(run, found, folder)
    if architecture is not None:
        components.append(architecture)
    return components


def _architecture(run: ImportRun, lib: Library, folder: Folder) -> dict[str, Any] | None:
    config = folder.config or {}
    if isinstance(config.get("auto_map"), Mapping):
        run.warn(
            "config.json has auto_map: the architecture is the repository's own code "
            "(modeling_*.py), not the library's; list it with its licence"
        )
        return None
    if any(p.rsplit("/", 1)[-1].startswith("modeling_") for p in folder.files):
        return None  # the folder's own modeling code is the architecture (init lists it)
    if not lib.architecture:
        return None
    names = listed(config.get("architectures"))
    model_type = text_of(config.get("model_type"))
    if names or model_type:
        what = ", ".join(names) + (f" (model_type {model_type})" if model_type else "")
        description = f"{what.strip()}, as implemented in {lib.name} (from config.json)"
        label = model_type or names[0]
    else:
        description = (
            f"the model's architecture, inferred to be implemented in {lib.name} "
            "(no config.json names it)"
        )
        label = "model"
        run.warn(
            f"architecture inferred from library_name ({lib.name}): no config.json names it; "
            "check it and name the architecture"
        )
    return {
        "name": run.name(f"{label}-architecture", "architecture"),
        "kind": "model-architecture",
        "availability": "open",
        "license": lib.license,
        "description": description,
        "location": {"repository": lib.repository},
    }


def _licence(run: ImportRun, meta: Mapping[str, Any]) -> str | None:
    raws = listed(meta.get("license"))
    if not raws:
        return None
    if len(raws) > 1:
        run.warn(f"license lists {len(raws)} licences: all of them read as applying (AND)")
    found = []
    for raw in raws:
        if raw.lower() == "other":
            name = text_of(meta.get("license_name"))
            link = text_of(meta.get("license_link"))
            if not name:
                run.warn("license: other without license_name: NOASSERTION written")
                found.append("NOASSERTION")
                continue
            expression = run.license("license_name", name, link or None)
        else:
            expression = run.license("license", raw)
        if expression:
            found.append(expression)
    found = list(dict.fromkeys(found))
    stated = [e for e in found if e not in ("NOASSERTION", "NONE")]
    if len(stated) > 1:  # NOASSERTION and NONE stand alone: they join nothing
        return " AND ".join(f"({e})" if " " in e else e for e in stated)
    return (stated or found)[0] if found else None


def convert(
    meta: dict[str, Any],
    body: str,
    *,
    source: str,
    repo_id: str | None = None,
    folder: Folder | None = None,
    run: ImportRun | None = None,
    name: str | None = None,
    has_card: bool = True,
    fallback_license: tuple[str, str] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Turn card metadata (and folder evidence) into (schema-valid manifest data, warnings).

    ``name`` overrides the release name; ``has_card`` False means the folder has no card
    (``init``), so no model-card component is made here; ``fallback_license`` is the
    expression and the evidence of a licence found elsewhere (a LICENSE text), used when the
    card names none.
    """
    run = run or ImportRun("the card")
    folder = folder or Folder()
    naming = Naming(name, "--name") if name else model_name(Card(meta, body), repo_id)
    name = naming.name
    if not name:
        name = os.path.basename(os.path.dirname(os.path.abspath(source))) or "model"
        run.warn(f"{run.source} names no model: named '{name}' after the folder")
    elif naming.source not in ("--repo-id", "model_name", "--name"):
        run.warn(f"release name '{name}' taken from {naming.source}")
    url = f"{HUB}/{repo_id}" if repo_id else None
    release = run.identity(name, publisher=_publisher(run, meta, repo_id, naming))
    if url:
        release["links"] = {"model_hub": url}
    licence = _licence(run, meta)
    if licence and fallback_license and fallback_license[0] != licence:
        run.warn(
            f"{fallback_license[1]} holds {fallback_license[0]} but {run.source} says "
            f"{licence}: check which applies"
        )
    if not licence and fallback_license:
        licence = fallback_license[0]
        run.warn(
            f"{run.source} names no licence: {fallback_license[1]} used as the release licence"
        )
    if licence:
        release["license"] = licence
    else:
        run.warn(f"{run.source} names no licence: components are left without one (NOASSERTION)")
    gated = any(key.startswith("extra_gated") for key in meta)
    weights: dict[str, Any] = {
        "name": run.name(name, "model", where="the release name"),
        "kind": "final-weights",
        "availability": "gated" if gated else "open",
    }
    if url:
        weights["location"] = {"url": url}
    if gated:
        run.warn("extra_gated_* keys: the weights are gated (availability: gated)")
    data: dict[str, Any] = {"aimanifest": LATEST, "release": release}
    bases = lineage(run, meta, folder, name)
    if bases:
        data["lineage"] = bases
    data["weights"] = {"components": [weights]}
    runtime = _runtime(run, meta, folder)
    if runtime:
        data["runtime"] = {"components": runtime}
    found = datasets(run, meta, bases[0]["relation"] if bases else None)
    if found:
        data["data"] = {"license": "NOASSERTION", "components": found}
    documents = []
    if has_card:
        card: dict[str, Any] = {
            "name": run.name("model-card"),
            "kind": "model-card",
            "availability": "open",
        }
        if url:
            card["location"] = {"url": url}
        documents.append(card)
    results = evaluation_results(run, meta, url)
    if results is not None:
        documents.append(results)
    if documents:
        data["documentation"] = {"components": documents}
    if run.custom:
        data["custom_licenses"] = list(run.custom.values())
    return data, run.warnings


_CARD_NAME = re.compile(r"^readme\.md$", re.IGNORECASE)


class HfImporter:
    """``import --from hf``: a model card, with its folder's configuration when beside it."""

    name: ClassVar[str] = "hf"

    def run(self, path: str, options: Options) -> Imported:
        check_repo_id(options.repo_id)
        text = read_source(path, what="model card")
        card = parse_card(path, text)
        run = ImportRun("the card")
        directory = os.path.dirname(path) or os.curdir
        folder = read_folder(run, directory) if _CARD_NAME.match(os.path.basename(path)) else None
        data, warnings = convert(
            card.meta, card.body, source=path, repo_id=options.repo_id, folder=folder, run=run
        )
        if options.name:
            data["release"]["name"] = options.name
        return Imported(data, warnings)


def import_file(path: str, *, repo_id: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """Read a model card (``README.md``) and convert it; see :func:`convert`."""
    data, warnings = HfImporter().run(path, Options(repo_id=repo_id))
    return data, warnings
