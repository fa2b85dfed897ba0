"""What a card and its folder show about lineage and data, each guess with its evidence.

A card rarely states ``base_model_relation``, but it usually shows it: ``library_name: peft``
or an ``adapter_config.json`` is an adapter; GGUF files, ``quantized_by`` or a
``quantization_config`` are a quantization; an ONNX, MLX, Core ML or OpenVINO copy at the
base's precision is a conversion; mergekit, several base models or mergekit's ``base_model:
a+b`` are a merge. The relation decides what the card's datasets were used for (a quantized or
converted copy was never trained: the datasets its card names are its base's training data),
so both are decided here, and every decision that the card does not state is a warning that
names the evidence it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from aimanifest.importers.common import REPO_ID, ImportRun, text_of
from aimanifest.verdicts.tier import UNTRAINED_RELATIONS

__all__ = ["Folder", "datasets", "lineage", "listed", "tags"]

HUB = "https://huggingface.co"
_STATED = {
    "finetune": "fine-tune",
    "fine-tune": "fine-tune",
    "adapter": "adapter",
    "quantized": "quantized",
    "converted": "converted",
    "merge": "merge",
    "distillation": "distillation",
    "continued-pretraining": "continued-pretraining",
}
_ADAPTER_TAGS = frozenset({"lora", "qlora", "peft", "adapter", "dora"})
_QUANTIZED_TAGS = frozenset({"gguf", "gptq", "awq", "exl2", "quantized", "4-bit", "8-bit"})
_MERGE_TAGS = frozenset({"mergekit", "merge"})
_CONVERTERS = frozenset({"onnx", "transformers.js", "mlx", "coreml", "openvino", "optimum"})
"""Libraries (or tags) of runtimes that load a base's weights converted to their format."""
_CONVERTED_FILES = (".onnx", ".mlmodel", ".mlpackage", "openvino_model.xml")
_LOWER_PRECISION = re.compile(r"quantized|u?int[48]|q[48]|bnb4|[48]-?bit")
"""A converted file whose name says its weights are quantized (``model_q4.onnx``,
``model_int8.onnx``, ``model_quantized.onnx``), as transformers.js and Optimum name them.
Half precision (``model_fp16.onnx``) is not among them: most bases are published in 16 bits."""
_QUANTIZED_NAME = re.compile(
    r"(?<![a-z0-9])(?:[2-8]-?bit|int[48]|gguf|awq|gptq|exl2|q[2-8](?![0-9]))", re.IGNORECASE
)
"""A release name that says its weights are quantized (``...-4bit``, ``...-GGUF``,
``...-Q4_K_M``): the quantizers' naming habit, read after every firmer evidence."""
_NOUNS = {
    "adapter": "an adapter",
    "quantized": "a quantized copy",
    "converted": "a converted copy",
    "merge": "a merge",
}
"""Relations as the warnings name the release (``a fine-tune`` for the rest)."""
_PREFERENCE = re.compile(r"dpo|orpo|kto|preference|feedback|rlhf|reward|pairs", re.IGNORECASE)


class Folder(NamedTuple):
    """What the card's folder holds, when there is one: file names and two configurations."""

    files: tuple[str, ...] = ()
    config: Mapping[str, Any] | None = None
    """``config.json``: ``architectures``, ``model_type``, ``quantization_config``, ``auto_map``."""
    adapter: Mapping[str, Any] | None = None
    """``adapter_config.json`` (peft): ``base_model_name_or_path``."""

    def has(self, suffix: str) -> list[str]:
        return [path for path in self.files if path.lower().endswith(suffix)]


_HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
_PAGES = frozenset({"tree", "blob", "resolve", "commit", "commits", "discussions", "raw"})
"""Pages of a repository on the hub, after its id in an address."""


def hub_id(text: str, *, dataset: bool = False) -> str | None:
    """The hub id a hub address names (``https://huggingface.co/org/name``, for a dataset
    ``.../datasets/org/name``, with or without ``/tree/main`` after it), else None: cards write
    either form."""
    if not text.lower().startswith(("https://", "http://")):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if (parts.hostname or "") not in _HUB_HOSTS:
        return None
    path = [segment for segment in parts.path.split("/") if segment]
    if dataset:
        if not path or path[0] != "datasets":
            return None
        path = path[1:]
    elif path and path[0] in ("datasets", "spaces", "docs", "papers"):
        return None  # not a model's address
    if len(path) >= 2 and path[1] in _PAGES:  # a legacy id without an organisation: /gpt2/tree
        path = path[:1]
    found = "/".join(path[:2])
    return found if found and REPO_ID.match(found) else None


def _as_id(run: ImportRun, field: str, text: str, *, dataset: bool = False) -> str:
    """``text``, or the hub id it is the address of (with a warning saying so)."""
    found = hub_id(text, dataset=dataset)
    if found is None:
        return text
    run.warn(f"{field} '{text}' read as the hub id '{found}'")
    return found


def listed(value: Any) -> list[str]:
    """A metadata value that may be one string or a list of them, as a list of strings."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [
        text_of(item) for item in items if isinstance(item, (str, int, float)) and text_of(item)
    ]


def tags(meta: Mapping[str, Any]) -> set[str]:
    return {tag.lower() for tag in listed(meta.get("tags"))}


def _bases(run: ImportRun, meta: Mapping[str, Any], folder: Folder) -> tuple[list[str], bool]:
    """The base model ids, and whether one was written with mergekit's ``a+b`` syntax."""
    found: list[str] = []
    plus = False
    for entry in listed(meta.get("base_model")):
        parts = [part.strip() for part in entry.split("+")] if "+" in entry else [entry]
        plus = plus or len(parts) > 1
        for part in parts:
            part = _as_id(run, "base_model", part)
            if REPO_ID.match(part):
                found.append(part)
            else:
                run.warn(f"base_model '{part}' is not a hub id (org/name): left out")
    if not found and folder.adapter is not None:
        base = text_of(folder.adapter.get("base_model_name_or_path"))
        if REPO_ID.match(base):
            found.append(base)
            run.warn(f"no base_model in the card: '{base}' taken from adapter_config.json")
    return list(dict.fromkeys(found)), plus


def _evidence(
    meta: Mapping[str, Any], folder: Folder, bases: Sequence[str], plus: bool, name: str
) -> tuple[str, str]:
    """The relation the evidence shows, and the evidence in words."""
    library = text_of(meta.get("library_name")).lower()
    card_tags = tags(meta)
    if library == "peft":
        return "adapter", "library_name: peft"
    if folder.adapter is not None:
        return "adapter", "adapter_config.json in the folder"
    if card_tags & _ADAPTER_TAGS:
        return "adapter", f"tag '{sorted(card_tags & _ADAPTER_TAGS)[0]}'"
    ggufs = folder.has(".gguf")
    if ggufs:
        return "quantized", f"GGUF file {ggufs[0]}"
    if "quantized_by" in meta:
        return "quantized", "quantized_by in the card"
    if "quantization_config" in meta:
        return "quantized", "quantization_config in the card"
    if folder.config is not None and "quantization_config" in folder.config:
        return "quantized", "quantization_config in config.json"
    if card_tags & _QUANTIZED_TAGS:
        return "quantized", f"tag '{sorted(card_tags & _QUANTIZED_TAGS)[0]}'"
    named = _QUANTIZED_NAME.search(name)
    if named:
        return "quantized", f"the release name '{name}' says '{named.group(0)}'"
    converted = _converted(library, card_tags, folder)
    if converted is not None:
        return converted
    if plus:
        return "merge", "mergekit's 'a+b' syntax in base_model"
    if len(bases) > 1:
        return "merge", f"{len(bases)} base models"
    if library == "mergekit" or card_tags & _MERGE_TAGS:
        return "merge", "library_name or tag mergekit/merge"
    if any(path.rsplit("/", 1)[-1].startswith("mergekit_config") for path in folder.files):
        return "merge", "mergekit_config.yml in the folder"
    return "fine-tune", "nothing shows another relation"


def _converted(library: str, card_tags: set[str], folder: Folder) -> tuple[str, str] | None:
    """A copy in a converter's format: ``converted``, or ``quantized`` when every converted
    file is stored at lower precision (MLX records its bits in ``config.json``)."""
    if folder.config is not None and isinstance(folder.config.get("quantization"), Mapping):
        return "quantized", "quantization in config.json (MLX)"
    files = [path for suffix in _CONVERTED_FILES for path in folder.has(suffix)]
    if files:
        names = [path.rsplit("/", 1)[-1].lower() for path in files]
        if all(_LOWER_PRECISION.search(name) for name in names):
            return "quantized", f"only lower-precision converted files ({files[0]})"
        return "converted", f"converted file {files[0]}"
    if library in _CONVERTERS:
        return "converted", f"library_name: {library}"
    if card_tags & _CONVERTERS:
        return "converted", f"tag '{sorted(card_tags & _CONVERTERS)[0]}'"
    return None


def lineage(
    run: ImportRun, meta: Mapping[str, Any], folder: Folder, name: str = ""
) -> list[dict[str, Any]]:
    """The card's base models with the relation it states or its evidence shows (``name``,
    the release name, is evidence too)."""
    bases, plus = _bases(run, meta, folder)
    raw = text_of(meta.get("base_model_relation")).lower()
    relation = _STATED.get(raw)
    if relation is None:
        relation, why = _evidence(meta, folder, bases, plus, name)
        if bases:
            said = f"base_model_relation '{raw}' is not a relation; " if raw else ""
            run.warn(f"{said}relation '{relation}' read from the evidence: {why}")
        elif relation != "fine-tune":
            run.warn(
                f"the release looks like {_NOUNS.get(relation, f'a {relation}')} ({why}) "
                "but names no base model: add it to lineage"
            )
    if bases:
        run.warn("base models have no manifest reference: add one so lineage can be verified")
    return [{"name": base, "relation": relation, "url": f"{HUB}/{base}"} for base in bases]


def _role(relation: str | None, dataset_id: str) -> tuple[str, str]:
    """The likely role of a dataset the card names, and why."""
    if relation in UNTRAINED_RELATIONS:
        return "pre-training", (
            f"{_NOUNS[relation]} is not trained: "
            "the card's datasets are read as its base's training data"
        )
    if relation is not None and _PREFERENCE.search(dataset_id):
        return "preference", "its name says preference data"
    if relation is not None:
        return "fine-tuning", f"the release is a {relation} of its base"
    return "pre-training", "the card names no base model"


def datasets(run: ImportRun, meta: Mapping[str, Any], relation: str | None) -> list[dict[str, Any]]:
    """The card's ``datasets``: hub ids become locations; each role guessed with its reason."""
    components: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    roles: dict[str, list[str]] = {}
    for listed_id in listed(meta.get("datasets")):
        dataset_id = _as_id(run, "datasets", listed_id, dataset=True)
        key = dataset_id.lower()
        if key in seen:
            run.warn(
                f"datasets: '{dataset_id}' is listed twice"
                + (f" (as '{seen[key]}')" if seen[key] != dataset_id else "")
                + ": imported once (hub ids ignore case)"
            )
            continue
        seen[key] = dataset_id
        role, why = _role(relation, dataset_id)
        roles.setdefault(f"role '{role}' ({why})", []).append(dataset_id)
        entry: dict[str, Any] = {
            "name": run.name(
                dataset_id.replace("/", "-"), "dataset", where=f"dataset {dataset_id}"
            ),
            "kind": "training-data",
            "availability": "open",
            "dataset": {
                "role": role,
                "data_class": "public",
                "how_to_obtain": f"Hugging Face Hub dataset {dataset_id}",
            },
        }
        if REPO_ID.match(dataset_id):
            entry["location"] = {"url": f"{HUB}/datasets/{dataset_id}"}
        components.append(entry)
    for guess, ids in roles.items():
        run.warn(f"datasets {', '.join(ids)}: {guess}")
    if components:
        run.warn(
            f"{len(components)} dataset(s) imported with data class 'public'; the card has no "
            "data information (provenance, scope, collection, labeling, processing) and no "
            "dataset licences: complete them"
        )
    return components
