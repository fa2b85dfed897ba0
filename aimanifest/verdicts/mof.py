"""MOF class (III, II, I or none) and progress per class, as the Model Openness Tool gives them.

The Model Openness Framework (MOF) 1.0 names 17 components; the Model Openness Tool (MOT) of
the LF AI & Data Foundation turns a list of them with licences into a class. Publishers compare
our verdict with the MOT's, so the rules below reproduce the MOT's figures on its conformance
suite (``Test_Data/``: 27 model files whose names state the expected percent per class); they
were derived from those files, their names and ``expected_results.json``.

Components. Each manifest component counts for the MOF component of its kind (``kinds.py``:
``tokenizer`` counts as supporting libraries; ``optimizer-state`` and ``training-config`` as model
metadata). Components listed as ``unreleased`` or ``unshareable`` count as missing. When several
released components share a MOF component, it is satisfied only if every one of them is.

Licences. Each component's licence is resolved component -> layer -> release
(:mod:`aimanifest.resolve`; an MOT file's component -> type-specific -> distribution licence
maps onto it exactly, see :mod:`aimanifest.importers.mof`). A component with no licence,
``NONE`` or ``NOASSERTION`` is *unlicensed* (the MOT's ``unlicensed``): present, not counted.
A licence is *valid* (counted) when it is open in the MOT's sense: OSI-approved, or FSF-libre,
or an open data licence (the CC0, CC-BY, CC-BY-SA, ODC-By, ODbL, PDDL, CDLA and OpenMDW
families, as :mod:`aimanifest.licenses` types data licences). That is narrower than the tier
verdict's "open": licences ScanCode calls permissive that neither the OSI nor the FSF approved
(ulem, softSurfer, NLOD-1.0, OGL-UK-1.0, CC-PDDC, GFDL-1.3-invariants-or-later) do not count,
as in the MOT. ``AND`` needs
every operand valid, ``OR`` one choice. A valid licence that does not fit the content type (MIT
on weights) still counts; it only earns a note, as the MOT's "should have a type-appropriate
open license" message.

Slots and progress (percent of slots filled, rounded half up as PHP's ``round``):

* Class III, 6 slots: model architecture, final parameters, evaluation results, model card,
  data card, and the technical report, for which a valid research paper may stand in.
* Class II, cumulative. Once class III is met, the MOT's figure: the 6 slots plus training,
  inference and evaluation code and evaluation data (10). Before that the MOT shows 0 and the
  suite's names show partial credit over 11 slots, which also count the (optional) supporting
  libraries and tools; we give that figure.
* Class I, cumulative. Once class II is met, the MOT's figure: the 10 slots of class II with
  the technical report counted by itself, plus datasets, data preprocessing code, intermediate
  parameters and the research paper (14; 13 when a valid research paper stands in for a
  missing technical report). Before that, partial credit as the suite's names give it, over
  15 slots: class III's five fixed components, the research paper, class II's four plus
  supporting libraries, class I's three, and sample model outputs (the technical report is
  not among them).
* The class is the most open one whose progress is exactly 100% (I before II before III).
  Model metadata never counts; optional components never block a class.

Known differences from the suite's names, both in ``tests/test_mof.py``: OnlyGlobalLicense
``C1_7%`` (the name was hand-edited from the generated ``C1_13%``, which ``expected_results.json``
still shows and this module gives) and OnlyComponentLicenses ``C1_13%-C2_18%`` (SPDX now marks
CNRI-Python-GPL-Compatible OSI-approved; the suite's licence list did not).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
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

CLASS_III_FIXED = (ARCHITECTURE, FINAL, RESULTS, MODEL_CARD, DATA_CARD)
CLASS_II_REQUIRED = (TRAINING, INFERENCE, EVAL_CODE, EVAL_DATA)
CLASS_I_REQUIRED = (DATASETS, PREPROCESSING, INTERMEDIATE)
SLOTS_III = 6  # the five fixed components and the technical report (or research paper)
SLOTS_II, PARTIAL_SLOTS_II = 10, 11  # the MOT's figure; partial credit adds supporting libraries
SLOTS_I, PARTIAL_SLOTS_I = 14, 15

Status = Literal["open", "unlicensed", "invalid", "missing"]


class MofResult(NamedTuple):
    """The MOF verdict: class reached, progress per class, and what stands in the way."""

    mof_class: MofClass | None
    progress: dict[str, int]
    """Percent per class, keyed ``"I"``, ``"II"``, ``"III"``, rounded as the MOT rounds."""
    missing: dict[str, tuple[str, ...]]
    """Per class, every required component that is missing, unlicensed or not open."""
    notes: tuple[str, ...] = ()
    """Remarks that do not change the class: type-appropriateness, stand-ins, gating."""


class _Part:
    """What the manifest offers for one MOF component, merged over its components."""

    __slots__ = ("problems", "status")

    def __init__(self) -> None:
        self.status: Status = "missing"
        self.problems: list[str] = []


class _Parser:
    """A tiny SPDX expression reader: only the operator structure matters here."""

    def __init__(self, expression: str) -> None:
        self.tokens = expression.replace("(", " ( ").replace(")", " ) ").split()
        self.pos = 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> str:
        if self.pos >= len(self.tokens):
            raise ValueError("unexpected end of licence expression")
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> bool:
        result = self._or()
        if self._peek() is not None:
            raise ValueError(f"unexpected {self._peek()!r} in licence expression")
        return result

    def _or(self) -> bool:
        result = self._and()
        while (self._peek() or "").upper() == "OR":
            self._take()
            result = self._and() or result
        return result

    def _and(self) -> bool:
        result = self._atom()
        while (self._peek() or "").upper() == "AND":
            self._take()
            result = self._atom() and result
        return result

    def _atom(self) -> bool:
        token = self._take()
        if token == "(":
            result = self._or()
            if self._take() != ")":
                raise ValueError("unbalanced parentheses in licence expression")
            return result
        if token == ")" or token.upper() in ("AND", "OR", "WITH"):
            raise ValueError(f"unexpected {token!r} in licence expression")
        if (self._peek() or "").upper() == "WITH":  # an exception only adds permissions
            self._take()
            self._take()
        return mot_valid_id(token)


def mot_valid_id(symbol: str) -> bool:
    """Whether one licence id is open in the MOT's sense (OSI, FSF or an open data licence)."""
    from aimanifest.licenses import classify_license
    from aimanifest.licenses._index import lookup  # the OSI / FSF flags of the bundled index

    if symbol.upper() in ("NONE", "NOASSERTION"):
        return False
    found = lookup(symbol)
    if found is not None and not found.exception and (found.osi or found.fsf):
        return True
    # The open data family, not the document one: that one admits every GFDL variant, and the
    # MOT counts only the FSF-libre ones (GFDL-1.3-invariants-or-later does not count).
    return classify_license(symbol, "data").type_appropriate


def mot_valid(expression: str) -> bool:
    """Whether an SPDX expression counts for the MOF: AND needs all operands, OR one choice."""
    try:
        return _Parser(expression).parse()
    except ValueError:
        return False


def _plain(manifest: Manifest | ManifestData) -> ManifestData:
    """Plain data either way: the typed model is dumped, schema-valid data is used as it is."""
    from aimanifest.data import as_manifest

    if isinstance(manifest, Mapping):
        return as_manifest(manifest)
    return as_manifest(manifest.to_data())


def _judge(data: ManifestData, notes: list[str]) -> dict[str, _Part]:
    """Merge every component into the status of its MOF component."""
    from aimanifest.data import components

    parts: dict[str, _Part] = {}
    for layer, component in components(data):
        kind = KINDS.get(str(component.get("kind")))
        if kind is None:
            continue
        part = parts.setdefault(kind.mof_component, _Part())
        name = component.get("name", kind.name)
        availability = component.get("availability", "open")
        if availability in ("unreleased", "unshareable"):
            part.problems.append(f"'{name}' is {availability}")
            continue
        if availability in ("gated", "paid"):
            notes.append(
                f"{kind.mof_component} ('{name}') is {availability}: the MOF judges "
                "its licence only"
            )
        resolved = resolve_license(data, layer, component)
        expression = resolved.expression
        if expression is None or expression.upper() in ("NONE", "NOASSERTION"):
            status: Status = "unlicensed"
            said = "no licence" if expression is None else expression
            part.problems.append(f"'{name}' is unlicensed ({said})")
        elif mot_valid(expression):
            status = "open"
            _type_note(kind.mof_component, name, expression, kind.content_type, notes)
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


def _percent(filled: int, slots: int) -> int:
    """Round half up, as PHP's round() does for the MOT's progress."""
    value = Fraction(100 * filled, slots)
    return int(value + Fraction(1, 2)) if value < 100 else 100


def _count(parts: Mapping[str, _Part], names: Iterable[str]) -> int:
    return sum(1 for name in names if _open(parts, name))


def _open(parts: Mapping[str, _Part], name: str) -> bool:
    part = parts.get(name)
    return part is not None and part.status == "open"


def _why(parts: Mapping[str, _Part], name: str, label: str | None = None) -> str | None:
    part = parts.get(name)
    label = label or name
    if part is None or (part.status == "missing" and not part.problems):
        return f"{label}: missing"
    if part.status == "open":
        return None
    return f"{label}: " + "; ".join(part.problems)


def evaluate_mof(manifest: Manifest | ManifestData) -> MofResult:
    """Compute the MOF class and progress of a manifest (typed model or schema-valid data)."""
    data = _plain(manifest)
    notes: list[str] = []
    parts = _judge(data, notes)
    report, paper = _open(parts, REPORT), _open(parts, PAPER)
    stand_in = paper and not report
    if stand_in:
        notes.append("Research paper stands in for the technical report (MOF 1.0)")
    paper_slot = int(report or paper)

    fixed = _count(parts, CLASS_III_FIXED)
    filled_iii = fixed + paper_slot
    iii_met = filled_iii == SLOTS_III
    tooling = _count(parts, CLASS_II_REQUIRED)
    libraries = int(_open(parts, LIBRARIES))
    if iii_met:  # the MOT's own figure
        filled_ii, slots_ii = filled_iii + tooling, SLOTS_II
    else:  # partial credit, as the suite's names give it
        filled_ii, slots_ii = filled_iii + tooling + libraries, PARTIAL_SLOTS_II
    ii_met = iii_met and tooling == len(CLASS_II_REQUIRED)
    science = _count(parts, CLASS_I_REQUIRED)
    if ii_met:
        filled_i = fixed + int(report) + tooling + science + int(paper)
        slots_i = SLOTS_I - int(stand_in)
    else:
        filled_i = fixed + int(paper) + tooling + libraries + science + int(_open(parts, SAMPLES))
        slots_i = PARTIAL_SLOTS_I
    i_met = ii_met and filled_i >= slots_i

    progress = {
        "I": _percent(filled_i, slots_i),
        "II": _percent(filled_ii, slots_ii),
        "III": _percent(filled_iii, SLOTS_III),
    }
    mof_class: MofClass | None = "I" if i_met else "II" if ii_met else "III" if iii_met else None

    missing_iii = [why for name in CLASS_III_FIXED if (why := _why(parts, name))]
    if not paper_slot:
        label = f"{REPORT} (or a {PAPER.lower()} standing in for it)"
        why = _why(parts, REPORT, label) or f"{label}: missing"
        if PAPER in parts and parts[PAPER].problems:
            why += "; research paper: " + "; ".join(parts[PAPER].problems)
        missing_iii.append(why)
    missing_ii = missing_iii + [why for name in CLASS_II_REQUIRED if (why := _why(parts, name))]
    missing_i = missing_ii + [
        why for name in (*CLASS_I_REQUIRED, PAPER) if (why := _why(parts, name))
    ]
    for optional in (LIBRARIES, SAMPLES, "Model metadata"):
        part = parts.get(optional)
        if part is not None and part.status in ("invalid", "unlicensed"):
            notes.append(f"optional {optional}: " + "; ".join(part.problems))
    return MofResult(
        mof_class,
        progress,
        {"III": tuple(missing_iii), "II": tuple(missing_ii), "I": tuple(missing_i)},
        tuple(dict.fromkeys(notes)),
    )


def describe(result: MofResult) -> Any:
    """The result as plain JSON data (``mof`` in ``classify --format json``)."""
    return {
        "class": result.mof_class,
        "progress": dict(result.progress),
        "missing": {key: list(value) for key, value in result.missing.items()},
        "notes": list(result.notes),
    }
