"""Which component kind a file in a model repository most likely belongs to, from its path.

``aimanifest init`` starts a manifest from a directory, and a directory says little: only file
names. These rules encode the conventions of the common model layouts (Hugging Face
``transformers`` and ``diffusers`` repositories, GGUF and ONNX releases, training checkpoints)
so that the scaffold lists most files in the right component. Every rule is a guess, which is
why ``init`` prints what it recognised and what it left out, and why each rule is a line of a
table a reader can check rather than logic spread through code.
"""

from __future__ import annotations

import fnmatch
import re
from typing import NamedTuple

__all__ = ["IGNORED_NAMES", "LICENSE_GROUP", "Recognition", "format_of", "recognize"]


class Recognition(NamedTuple):
    """A file's guessed kind and the component group it joins."""

    kind: str
    group: str
    """Files with the same group go into one component (e.g. all shards of the weights, or one
    intermediate checkpoint directory); the group names that component's suffix."""


IGNORED_NAMES = frozenset(
    {
        ".gitattributes",
        ".gitignore",
        ".gitmodules",
        ".hfignore",
        ".DS_Store",
        "aimanifest.yaml",
        "aimanifest.yml",
        "aimanifest.json",
    }
)
"""Repository plumbing, and manifests: never a component's artifact."""

LICENSE_FILE = re.compile(r"^(licen[cs]e|copying|notice|use[_-]?policy)([._-].*)?$", re.IGNORECASE)
"""Licence texts at the top of the folder are the terms of the release: they are listed with
the final weights (the component they license) when there are weight files, and their text
is identified (:mod:`aimanifest.scaffold.licenses`); deeper down they are left out."""

LICENSE_GROUP = "licence-text"
"""The group of a top-level licence text: it joins the final weights, never makes them."""

_CHECKPOINT_DIR = re.compile(r"^(checkpoint|ckpt|step|iter)[-_]?\d+$", re.IGNORECASE)
_WEIGHT_SUFFIXES = (
    ".safetensors",
    ".gguf",
    ".ggml",
    ".onnx",
    ".onnx_data",
    ".h5",
    ".keras",
    ".msgpack",
    ".tflite",
    ".mlmodel",
    ".pte",
    ".llamafile",
    ".nemo",
)
_TORCH_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl")

# (glob on the lower-cased file name, kind, group); the first match wins
_NAME_RULES: tuple[tuple[str, str, str], ...] = (
    # training state, before the generic weight suffixes would claim it
    ("optimizer*.pt", "optimizer-state", "optimizer"),
    ("optimizer*.bin", "optimizer-state", "optimizer"),
    ("scheduler*.pt", "optimizer-state", "optimizer"),
    ("rng_state*.pth", "optimizer-state", "optimizer"),
    ("scaler.pt", "optimizer-state", "optimizer"),
    ("training_args.bin", "training-config", "training-config"),
    ("trainer_state.json", "training-config", "training-config"),
    ("train_config*.*", "training-config", "training-config"),
    ("training_config*.*", "training-config", "training-config"),
    # tokenizers
    ("tokenizer*.json", "tokenizer", "tokenizer"),
    ("tokenizer.model", "tokenizer", "tokenizer"),
    ("tokenizer.txt", "tokenizer", "tokenizer"),
    ("special_tokens_map.json", "tokenizer", "tokenizer"),
    ("added_tokens.json", "tokenizer", "tokenizer"),
    ("vocab.json", "tokenizer", "tokenizer"),
    ("vocab.txt", "tokenizer", "tokenizer"),
    ("merges.txt", "tokenizer", "tokenizer"),
    ("spiece.model", "tokenizer", "tokenizer"),
    ("sentencepiece*.model", "tokenizer", "tokenizer"),
    ("*.tiktoken", "tokenizer", "tokenizer"),
    ("tokenization_*.py", "tokenizer", "tokenizer"),
    ("preprocessor_config.json", "tokenizer", "tokenizer"),
    ("processor_config.json", "tokenizer", "tokenizer"),
    ("chat_template.json", "tokenizer", "tokenizer"),
    ("chat_template.jinja", "tokenizer", "tokenizer"),
    # code
    ("modeling_*.py", "model-architecture", "modeling"),
    ("configuration_*.py", "model-architecture", "modeling"),
    ("model.py", "model-architecture", "modeling"),
    ("generate*.py", "inference-code", "inference"),
    ("inference*.py", "inference-code", "inference"),
    ("predict*.py", "inference-code", "inference"),
    ("handler.py", "inference-code", "inference"),
    ("pipeline*.py", "inference-code", "inference"),
    ("app.py", "inference-code", "inference"),
    ("train*.py", "training-code", "training"),
    ("finetune*.py", "training-code", "training"),
    ("pretrain*.py", "training-code", "training"),
    ("eval*.py", "evaluation-code", "evaluation"),
    ("benchmark*.py", "evaluation-code", "evaluation"),
    ("preprocess*.py", "data-preprocessing-code", "data-preprocessing"),
    ("prepare_data*.py", "data-preprocessing-code", "data-preprocessing"),
    ("requirements*.txt", "inference-code", "inference"),
    # model metadata
    ("config.json", "model-metadata", "config"),
    ("*_config.json", "model-metadata", "config"),
    ("params.json", "model-metadata", "config"),
    ("*.index.json", "model-metadata", "config"),
    ("model_index.json", "model-metadata", "config"),
    # documents
    ("readme.md", "model-card", "model-card"),
    ("model_card.md", "model-card", "model-card"),
    ("modelcard.md", "model-card", "model-card"),
    ("data_card.md", "data-card", "data-card"),
    ("datacard.md", "data-card", "data-card"),
    ("datasheet*.md", "data-card", "data-card"),
    ("*paper*.pdf", "research-paper", "paper"),
    ("*report*.pdf", "technical-report", "report"),
    ("eval_results*.*", "evaluation-results", "evaluation-results"),
    ("results*.json", "evaluation-results", "evaluation-results"),
    ("samples*.*", "sample-outputs", "samples"),
)
_DATA_SUFFIXES = (".parquet", ".jsonl", ".arrow", ".csv", ".tsv", ".jsonl.gz", ".tar", ".zst")
_DATA_DIRS = {"data", "dataset", "datasets", "train", "training_data"}
_EVAL_DATA_DIRS = {"eval", "evaluation", "test", "benchmark", "benchmarks"}


def recognize(path: str) -> Recognition | None:
    """The likely kind of the file at ``path`` (relative, ``/``-separated), or None.

    None means "not recognised": the file is left out of the scaffold and reported, so that
    the publisher lists it by hand (``verify`` would report it as unlisted).
    """
    parts = path.split("/")
    name = parts[-1].lower()
    folders = [part.lower() for part in parts[:-1]]
    if name in IGNORED_NAMES:
        return None
    if LICENSE_FILE.match(name):
        return None if folders else Recognition("final-weights", LICENSE_GROUP)
    checkpoint = next((p for p in parts[:-1] if _CHECKPOINT_DIR.match(p)), None)
    for pattern, kind, group in _NAME_RULES:
        if fnmatch.fnmatchcase(name, pattern):
            if checkpoint and kind in ("optimizer-state", "training-config", "model-metadata"):
                # a checkpoint's own state and config belong to that checkpoint
                return Recognition("intermediate-weights", f"checkpoint:{checkpoint}")
            if kind == "model-card" and folders:
                return None  # a README deeper down describes a folder, not the model
            return Recognition(kind, group)
    if name.endswith(_WEIGHT_SUFFIXES) or name.endswith(_TORCH_SUFFIXES):
        if checkpoint:
            return Recognition("intermediate-weights", f"checkpoint:{checkpoint}")
        return Recognition("final-weights", "weights")
    if name.endswith(_DATA_SUFFIXES):
        if _EVAL_DATA_DIRS & set(folders):
            return Recognition("evaluation-data", "evaluation-data")
        if _DATA_DIRS & set(folders):
            return Recognition("training-data", "training-data")
    return None


def format_of(path: str) -> str | None:
    """The artifact ``format`` the schema expects (lowercase, e.g. ``safetensors``), if any."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".jsonl.gz"):
        return "jsonl"
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return None
    aliases = {
        "bin": "pytorch",
        "pt": "pytorch",
        "pth": "pytorch",
        "ckpt": "pytorch",
        "md": "markdown",
    }
    suffix = aliases.get(suffix, suffix)
    return suffix if re.fullmatch(r"[a-z0-9][a-z0-9.+-]*", suffix) else None
