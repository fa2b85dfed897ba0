"""A card's ``model-index`` (its evaluation results) kept as an evaluation-results component.

The hub's ``model-index`` lists, per model, results as task + dataset + metrics (the same
reading as ``huggingface_hub.repocard_data.model_index_to_eval_results``: one result per
metric). The schema has no field for scores, so the results are kept under the component's
``x-model-index`` extension key, one flat entry per metric, and summed up in its description;
nothing the card reported is dropped without a word.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from aimanifest.importers.common import ImportRun, text_of

__all__ = ["evaluation_results"]

_SHOWN = 5


def _value(value: Any) -> Any:
    """A metric value as the YAML can hold it: finite numbers stay numbers, the rest text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return text_of(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _results(index: Any) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for model in index if isinstance(index, list) else []:
        if not isinstance(model, Mapping) or not isinstance(model.get("results"), list):
            continue
        for result in model["results"]:
            if not isinstance(result, Mapping):
                continue
            task = _mapping(result.get("task"))
            dataset = _mapping(result.get("dataset"))
            metrics = result.get("metrics")
            for metric in metrics if isinstance(metrics, list) else []:
                if not isinstance(metric, Mapping) or _value(metric.get("value")) in ("", None):
                    continue
                entry = {
                    "task": text_of(task.get("type")),
                    "dataset": text_of(dataset.get("name")) or text_of(dataset.get("type")),
                    "dataset_id": text_of(dataset.get("type")),
                    "split": text_of(dataset.get("split")),
                    "metric": text_of(metric.get("name")) or text_of(metric.get("type")),
                    "value": _value(metric.get("value")),
                }
                flat.append({k: v for k, v in entry.items() if k == "value" or v != ""})
    return flat


def evaluation_results(
    run: ImportRun, meta: Mapping[str, Any], url: str | None
) -> dict[str, Any] | None:
    """The evaluation-results component of the card's model-index, or None when it has none."""
    index = meta.get("model-index")
    if index is None:
        return None
    results = _results(index)
    if not results:
        run.warn("model-index lists no result with a metric value: no evaluation results kept")
        return None
    shown = "; ".join(
        f"{r.get('dataset', '?')} {r.get('metric', '?')} = {r['value']}" for r in results[:_SHOWN]
    )
    more = f"; and {len(results) - _SHOWN} more" if len(results) > _SHOWN else ""
    component: dict[str, Any] = {
        "name": run.name("evaluation-results"),
        "kind": "evaluation-results",
        "availability": "open",
        "description": f"{len(results)} result(s) reported in the model card: {shown}{more}",
    }
    if url:
        component["location"] = {"url": url}
    component["x-model-index"] = results
    run.warn(
        f"model-index: {len(results)} evaluation result(s) kept as the evaluation-results "
        "component (under x-model-index); the evaluation code and data are not described"
    )
    return component
