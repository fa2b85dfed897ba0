"""The fixed vocabulary of component kinds.

Every kind belongs to exactly one layer and has one content type (code, data or document):
that is what lets the verdicts pick the right licence test for each component, as the Model
Openness Framework (MOF) does. The table also records which MOF 1.0 component and which Open
Source AI Definition (OSAID) 1.0 element each kind stands for, so that importers, exporters and
the docs read one source. A test checks that this table and the JSON Schema of each spec version
list the same kinds in the same layers.

Kinds added by a later spec version say so in ``since``; a manifest of an earlier version may
not use them (its schema refuses them). Two kinds of spec 1.1, ``code-documentation`` and
``hardware-documentation``, stand for no MOF component: their ``mof_component`` and
``mof_class`` are None, and every reader of those fields skips such kinds.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from aimanifest.spec import at_least

Layer = Literal["weights", "runtime", "training", "data", "documentation"]
ContentType = Literal["code", "data", "document"]

LAYERS: tuple[Layer, ...] = ("weights", "runtime", "training", "data", "documentation")


class Kind(NamedTuple):
    """One component kind and what it corresponds to in the MOF and the OSAID."""

    name: str
    layer: Layer
    content_type: ContentType
    mof_component: str | None
    """Name of the MOF 1.0 component, spelled as the Model Openness Tool spells it; None for a
    kind the MOF has no component for."""
    mof_class: int | None
    """The least demanding MOF class that requires it: 3 (open model), 2 (open tooling), 1 (open
    science); class I also requires everything of II and III. None with ``mof_component``."""
    mof_required: bool
    """False for what the MOF marks optional (model metadata, supporting libraries, samples)
    and for kinds outside the MOF."""
    osaid_element: str
    """Which OSAID 1.0 element (Data information, Code, Parameters) covers it, if any."""
    since: str = "1.0"
    """The spec version that introduced the kind."""


def _k(
    name: str,
    layer: Layer,
    content_type: ContentType,
    mof_component: str | None,
    mof_class: int | None,
    osaid_element: str,
    *,
    mof_required: bool = True,
    since: str = "1.0",
) -> Kind:
    return Kind(
        name, layer, content_type, mof_component, mof_class, mof_required, osaid_element, since
    )


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        _k("final-weights", "weights", "data", "Model parameters (Final)", 3, "Parameters"),
        _k(
            "intermediate-weights",
            "weights",
            "data",
            "Model parameters (Intermediate)",
            1,
            "Parameters (intermediate checkpoints)",
        ),
        _k(
            "optimizer-state",
            "weights",
            "data",
            "Model metadata",
            1,
            "Parameters (optimizer state)",
            mof_required=False,
        ),
        _k(
            "model-metadata",
            "weights",
            "data",
            "Model metadata",
            1,
            "Parameters",
            mof_required=False,
        ),
        _k(
            "model-architecture",
            "runtime",
            "code",
            "Model architecture",
            3,
            "Code (model architecture)",
        ),
        _k("inference-code", "runtime", "code", "Inference code", 2, "Code (inference)"),
        _k(
            "tokenizer",
            "runtime",
            "code",
            "Supporting libraries and tools",
            2,
            "Code (supporting libraries such as tokenizers)",
            mof_required=False,
        ),
        _k(
            "training-code",
            "training",
            "code",
            "Training code",
            2,
            "Code (training and validation)",
        ),
        _k(
            "data-preprocessing-code",
            "training",
            "code",
            "Data preprocessing code",
            1,
            "Code (data processing and filtering)",
        ),
        _k(
            "evaluation-code",
            "training",
            "code",
            "Evaluation code",
            2,
            "Code (training and validation)",
        ),
        _k(
            "supporting-libraries",
            "training",
            "code",
            "Supporting libraries and tools",
            2,
            "Code (supporting libraries)",
            mof_required=False,
        ),
        _k(
            "training-config",
            "training",
            "data",
            "Model metadata",
            1,
            "Parameters (configuration settings) and Code (hyperparameters)",
            mof_required=False,
        ),
        _k("training-data", "data", "data", "Datasets", 1, "Data information"),
        _k("evaluation-data", "data", "data", "Evaluation data", 2, "Data information"),
        _k("model-card", "documentation", "document", "Model card", 3, ""),
        _k("data-card", "documentation", "document", "Data card", 3, "Data information"),
        _k("technical-report", "documentation", "document", "Technical report", 3, ""),
        _k("research-paper", "documentation", "document", "Research paper", 1, ""),
        _k("evaluation-results", "documentation", "document", "Evaluation results", 3, ""),
        _k(
            "sample-outputs",
            "documentation",
            "document",
            "Sample model outputs",
            3,
            "",
            mof_required=False,
        ),
        _k(
            "code-documentation",
            "documentation",
            "document",
            None,
            None,
            "",
            mof_required=False,
            since="1.1",
        ),
        _k(
            "hardware-documentation",
            "documentation",
            "document",
            None,
            None,
            "",
            mof_required=False,
            since="1.1",
        ),
    )
}


def kinds_in_layer(layer: Layer, version: str | None = None) -> tuple[str, ...]:
    """The kinds a component of ``layer`` may have, in table order: in spec ``version`` when
    given, else in any version."""
    return tuple(
        name
        for name, kind in KINDS.items()
        if kind.layer == layer and (version is None or at_least(version, kind.since))
    )
