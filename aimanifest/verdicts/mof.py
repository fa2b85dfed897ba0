"""MOF class (III, II, I or none) and progress per class, exactly as the Model Openness Tool.

The Model Openness Framework (MOF) 1.0 names 17 components; the Model Openness Tool (MOT) of
the LF AI & Data Foundation (github.com/lfai/model_openness_tool) turns a list of them with
licences into a class. Publishers compare our verdict with the MOT's, so ``progress`` is the
MOT's own figure, computed as its ``ModelEvaluator`` computes it (``web/modules/mof/src/
ModelEvaluator.php``: ``evaluate``, ``getProgress``, ``handleTechnicalReportOmission``,
``getClassification``); ``tests/test_mof.py`` checks it against ``Test_Data/
expected_results.json``, the MOT's actual output, on all 27 files and all three classes.

Components. The MOT's class of each component, and whether it is required, are those of
``kinds.py`` (``mof_class``, ``mof_required``; a test compares them with the MOT's
``mof.settings.yml``); a kind whose ``mof_component`` is None counts for no MOF component.
``tokenizer`` counts as supporting libraries; ``optimizer-state`` and ``training-config`` as
model metadata. A manifest may list several components of one MOF component (three weight
quantizations): it is included only when every released one is. Components listed as
``unreleased`` or ``unshareable`` count as missing (the MOT has no availability; gated and paid
ones are judged on their licence, with a note).

Licences, as ``evaluateComponents`` and ``LicenseHandler::isOpenSourceLicense`` judge them. Each
component's licence is resolved component -> layer -> release (:mod:`aimanifest.resolve`; an MOT
file's component -> type-specific -> distribution licence maps onto it exactly, see
:mod:`aimanifest.importers.mof`). No licence, ``NONE`` or ``NOASSERTION`` is *unlicensed*. A
licence is *open* (the component is "included") when it is FSF-libre or OSI-approved (the SPDX
licence list's flags, which the MOT imports too) or in :data:`MOT_OPEN_LICENSES`; otherwise it is
*invalid*. Whether it fits the content type only earns a note, as the MOT's "should have a
type-appropriate open license" message.

Progress of class c (``getProgress``): walk the classes from III down to c, adding each class's
required count to a running total (6, 10, 14); if the components included at some class above c
fall short of its total, the lower class is not met and the progress of c is 0. Otherwise it
is included / total * 100 for class c, a float (``33.33333333333333``), capped at 100. The
technical report may be omitted when a research paper is listed: the paper then takes the
report's place in classes III and II with its own status, and class I's total drops by one
when the paper is included and the report is not. The class is the most open one whose progress
is exactly 100 (``getClassification``).

``coverage`` is the same ratio without the "lower class not met" rule: how much of each class
(cumulatively) is in place, which is what the "what is missing" report needs.

Where we go beyond the MOT, and why (none of it touches the MOT's own files):

* The MOT compares a licence as one whole string; a manifest holds an SPDX expression, so
  ``AND`` needs every operand open and ``OR`` one choice, ``WITH`` judges the licence before it,
  ids are matched case-insensitively and deprecated ids are read as their successors. Every
  expression goes through :func:`aimanifest.licenses._expression.parse` (its length and depth
  limits): nothing here parses licences itself.
* The MOT's open-data list spells the Open Data Commons PDDL ``ODC-PDDL-1.0``, which is no SPDX
  id, so no MOT entry can name it: we read it as ``PDDL-1.0``, the SPDX id of that licence.
* Our SPDX flags can be newer than the MOT's copy of the licence list (``licenses.json``; for
  example SPDX now marks CNRI-Python-GPL-Compatible OSI-approved, the MOT's copy does not), so a
  component under such a licence counts here before it does in the MOT.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from aimanifest.kinds import KINDS, ContentType
from aimanifest.resolve import resolve_license

if TYPE_CHECKING:
    from aimanifest.data import ManifestData
    from aimanifest.model import Manifest

MofClass = Literal["I", "II", "III"]

ARCHITECTURE = "Model architecture"
FINAL = "Model parameters (Final)"
RESULTS = "Evaluation results"
MODEL_CARD = "Model card"
DATA_CARD = "Data card"
REPORT = "Technical report"
PAPER = "Research paper"
TRAINING = "Training code"
INFERENCE = "Inference code"
EVAL_CODE = "Evaluation code"
EVAL_DATA = "Evaluation data"
LIBRARIES = "Supporting libraries and tools"
DATASETS = "Datasets"
PREPROCESSING = "Data preprocessing code"
INTERMEDIATE = "Model parameters (Intermediate)"
SAMPLES = "Sample model outputs"
METADATA = "Model metadata"

ROMAN: dict[int, MofClass] = {3: "III", 2: "II", 1: "I"}


def _table(required: bool) -> dict[int, tuple[str, ...]]:
    """MOF component names per class, in kind-table order, from kinds.py (one source)."""
    table: dict[int, dict[str, None]] = {3: {}, 2: {}, 1: {}}
    for kind in KINDS.values():
        name = kind.mof_component
        if name and kind.mof_class is not None and kind.mof_required == required:
            table[kind.mof_class][name] = None
    return {mof_class: tuple(names) for mof_class, names in table.items()}


REQUIRED = _table(required=True)
"""Per class, the components it adds (``ComponentManager::getRequired``): 6, 4 and 4."""
OPTIONAL = _table(required=False)
"""Per class, the optional components (``getOptional``): judged, never counted."""

MOT_OPEN_LICENSES = frozenset(
    {
        # LicenseHandler::OPEN_DATA_LICENSES, as the MOT lists them ...
        "CC0-1.0",
        "CC-BY-1.0",
        "CC-BY-2.0",
        "CC-BY-2.5",
        "CC-BY-2.5-AU",
        "CC-BY-3.0",
        "CC-BY-3.0-AT",
        "CC-BY-3.0-AU",
        "CC-BY-3.0-DE",
        "CC-BY-3.0-IGO",
        "CC-BY-3.0-NL",
        "CC-BY-3.0-US",
        "CC-BY-4.0",
        "CC-BY-SA-1.0",
        "CC-BY-SA-2.0",
        "CC-BY-SA-2.0-UK",
        "CC-BY-SA-2.1-JP",
        "CC-BY-SA-2.5",
        "CC-BY-SA-3.0",
        "CC-BY-SA-3.0-AT",
        "CC-BY-SA-4.0",
        "CDLA-Permissive-1.0",
        "CDLA-Permissive-2.0",
        "CDLA-Sharing-1.0",
        "PDDL-1.0",  # written "ODC-PDDL-1.0" in the MOT, which is no SPDX id (module docstring)
        "ODC-By-1.0",
        "ODbL-1.0",
        "GFDL-1.3",
        "OGL-Canada-2.0",
        "OGL-UK-2.0",
        "OGL-UK-3.0",
        # ... and LicenseHandler::OPEN_LICENSES
        "OpenMDW-1.0",
    }
)
"""Licences the MOT counts as open besides the OSI-approved and FSF-libre ones. The MOT's rule
is this table (no package records it), so it is copied here, entry for entry."""

Status = Literal["open", "unlicensed", "invalid", "missing"]


class MofResult(NamedTuple):
    """The MOF verdict: class reached, progress per class, and what stands in the way."""

    mof_class: MofClass | None
    progress: dict[str, float]
    """Percent per class, keyed ``"I"``, ``"II"``, ``"III"``: the MOT's own figure, 0 for a
    class whose lower class is not met. :func:`percent` rounds it for display."""
    coverage: dict[str, float]
    """Percent per class of its (cumulative) required components in place, whether or not the
    lower class is met: the partial figure behind the ``missing`` lists."""
    missing: dict[str, tuple[str, ...]]
    """Per class, every required component that is missing, unlicensed or not open."""
    notes: tuple[str, ...] = ()
    """Remarks that do not change the class: type-appropriateness, stand-ins, gating."""


def percent(value: float) -> int:
    """A progress figure as the MOT's badge shows it: PHP's ``round()``, half away from zero."""
    return int(value + 0.5)


class _Part:
    """What the manifest offers for one MOF component, merged over its components."""

    __slots__ = ("problems", "status")

    def __init__(self) -> None:
        self.status: Status = "missing"
        self.problems: list[str] = []


def mot_valid_id(symbol: str) -> bool:
    """Whether one licence id is open in the MOT's sense (OSI, FSF or :data:`MOT_OPEN_LICENSES`)."""
    from aimanifest.licenses._index import lookup  # the OSI / FSF flags of the bundled index

    found = lookup(symbol)
    if found is None or found.exception:
        return False
    return found.osi or found.fsf or found.id in MOT_OPEN_LICENSES


@functools.lru_cache(maxsize=4096)
def mot_valid(expression: str) -> bool:
    """Whether an SPDX expression counts for the MOF: AND needs all operands, OR one choice.

    Parsed by the one licence parser, so its length and depth limits apply; anything it refuses
    does not count. Cached: a registry judges the same few expressions thousands of times.
    """
    from aimanifest.licenses import spdx_expression
    from aimanifest.licenses._expression import Leaf, Node, parse

    try:  # read as validate reads it: "Apache License 2.0" is Apache-2.0, "llama3.1" its key
        tree = parse(spdx_expression(" ".join(expression.split())))
    except ValueError:
        return False

    def valid(node: Node) -> bool:
        if isinstance(node, Leaf):  # WITH: an exception only adds permissions
            return mot_valid_id(node.license)
        results = [valid(arg) for arg in node.args]  # depth is bounded by parse()
        return all(results) if node.op == "AND" else any(results)

    return valid(tree)


def _plain(manifest: Manifest | ManifestData) -> ManifestData:
    """Plain data either way: the typed model is dumped, schema-valid data is used as it is."""
    from aimanifest.data import as_manifest

    if isinstance(manifest, Mapping):
        return as_manifest(manifest)
    return as_manifest(manifest.to_data())


def _judge(data: ManifestData, notes: list[str]) -> dict[str, _Part]:
    """Merge every component into the status of its MOF component."""
    from aimanifest.data import components
    from aimanifest.licenses import spdx_expression

    parts: dict[str, _Part] = {}
    for layer, component in components(data):
        kind = KINDS.get(str(component.get("kind")))
        mof_name = kind.mof_component if kind is not None else None
        if kind is None or not mof_name:  # a kind the MOF has no component for
            continue
        part = parts.setdefault(mof_name, _Part())
        name = component.get("name", kind.name)
        availability = component.get("availability", "open")
        if availability in ("unreleased", "unshareable"):
            part.problems.append(f"'{name}' is {availability}")
            continue
        if availability in ("gated", "paid"):
            notes.append(
                f"{mof_name} ('{name}') is {availability}: the MOF judges its licence only"
            )
        resolved = resolve_license(data, layer, component)
        expression = resolved.expression
        read = spdx_expression(expression) if expression else ""  # "other" is NOASSERTION
        if expression is None or read.strip().upper() in ("", "NONE", "NOASSERTION"):
            status: Status = "unlicensed"
            said = "no licence" if expression is None else expression
            part.problems.append(f"'{name}' is unlicensed ({said})")
        elif mot_valid(expression):
            status = "open"
            _type_note(mof_name, name, expression, kind.content_type, notes)
        else:
            status = "invalid"
            where = "" if not resolved.inherited else f", {resolved.explanation}"
            part.problems.append(f"licence {expression} of '{name}' is not open{where}")
        part.status = _merge(part.status, status)
    return parts


def _merge(before: Status, now: Status) -> Status:
    """All components must be open; a non-open licence outweighs a missing licence."""
    if before == "missing":
        return now
    order: tuple[Status, ...] = ("invalid", "unlicensed", "open")
    return min(before, now, key=order.index)


def _type_note(
    mof_name: str, name: str, expression: str, content_type: ContentType, notes: list[str]
) -> None:
    from aimanifest.licenses import classify_license

    if not classify_license(expression, content_type).type_appropriate:
        notes.append(
            f"{mof_name} ('{name}'): {expression} is open but not a type-appropriate "
            f"{content_type} licence (MOF note, not a failure)"
        )


def _status(parts: Mapping[str, _Part], name: str) -> Status:
    part = parts.get(name)
    return "missing" if part is None else part.status


def _why(parts: Mapping[str, _Part], name: str, label: str | None = None) -> str | None:
    part = parts.get(name)
    label = label or name
    if part is None or (part.status == "missing" and not part.problems):
        return f"{label}: missing"
    if part.status == "open":
        return None
    return f"{label}: " + "; ".join(part.problems)


class _Counts(NamedTuple):
    """Per class (3, 2, 1): included required components and the cumulative total."""

    included: dict[int, int]
    totals: dict[int, int]
    paper_for_report: bool
    """Class I's total drops by one: the paper is included and the report is not."""


def _counts(parts: Mapping[str, _Part]) -> _Counts:
    """``evaluate`` with ``handleTechnicalReportOmission``, reduced to what the figures need."""
    included: dict[int, int] = {}
    totals: dict[int, int] = {}
    names: list[str] = []
    for mof_class in (3, 2, 1):
        names.extend(REQUIRED[mof_class])
        totals[mof_class] = len(names)
        included[mof_class] = sum(1 for name in names if _status(parts, name) == "open")
    report, paper = _status(parts, REPORT), _status(parts, PAPER)
    if report != "open" and paper == "open":  # the paper takes the report's place in III, II
        included[3] += 1
        included[2] += 1
    return _Counts(included, totals, report != "open" and paper == "open")


def _progress(counts: _Counts, mof_class: int, *, gated: bool) -> float:
    """``getProgress``: 0 when a lower class is not met (unless ``gated`` is False: coverage)."""
    for lower in range(3, mof_class, -1):
        if gated and counts.included[lower] < counts.totals[lower]:
            return 0.0
    total = counts.totals[mof_class] - int(mof_class == 1 and counts.paper_for_report)
    return min(counts.included[mof_class] / total * 100, 100.0)


def _missing(parts: Mapping[str, _Part]) -> dict[str, tuple[str, ...]]:
    """Per class, cumulatively, every required component that is not included, and why."""
    missing: dict[str, tuple[str, ...]] = {}
    found: list[str] = []
    report, paper = _status(parts, REPORT), _status(parts, PAPER)
    for mof_class in (3, 2, 1):
        for name in REQUIRED[mof_class]:
            if name != REPORT:
                why = _why(parts, name)
            elif report != "open" and paper != "open":
                label = f"{REPORT} (or a {PAPER.lower()} standing in for it)"
                why = _why(parts, REPORT, label) or f"{label}: missing"
                if PAPER in parts and parts[PAPER].problems:
                    why += "; research paper: " + "; ".join(parts[PAPER].problems)
            else:
                why = None
            if why:
                found.append(why)
        missing[ROMAN[mof_class]] = tuple(found)
    return missing


def evaluate_mof(manifest: Manifest | ManifestData) -> MofResult:
    """Compute the MOF class and progress of a manifest (typed model or schema-valid data)."""
    data = _plain(manifest)
    notes: list[str] = []
    parts = _judge(data, notes)
    counts = _counts(parts)
    if counts.paper_for_report:
        notes.append("Research paper stands in for the technical report (MOF 1.0)")
    progress: dict[str, float] = {ROMAN[c]: _progress(counts, c, gated=True) for c in (1, 2, 3)}
    coverage: dict[str, float] = {ROMAN[c]: _progress(counts, c, gated=False) for c in (1, 2, 3)}
    reached = [c for c in (3, 2, 1) if progress[ROMAN[c]] == 100.0]
    mof_class = ROMAN[min(reached)] if reached else None
    for optional in (name for names in OPTIONAL.values() for name in names):
        part = parts.get(optional)
        if part is not None and part.status in ("invalid", "unlicensed"):
            notes.append(f"optional {optional}: " + "; ".join(part.problems))
    return MofResult(mof_class, progress, coverage, _missing(parts), tuple(dict.fromkeys(notes)))


def describe(result: MofResult) -> Any:
    """The result as plain JSON data (``mof`` in ``classify --format json``)."""
    return {
        "class": result.mof_class,
        "progress": dict(result.progress),
        "coverage": dict(result.coverage),
        "missing": {key: list(value) for key, value in result.missing.items()},
        "notes": list(result.notes),
    }
