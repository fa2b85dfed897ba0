"""The openness tier: where a release stands on the ladder of DESIGN.md.

``closed`` < ``weights-available`` < ``open-weights`` < ``open-pipeline`` < ``open-source-ai``
< ``fully-open``. Each rung adds requirements to those below it, and the tier is the highest
rung whose requirements, and those of every rung below, are all met: a release can never rank
above its weakest requirement. For every rung above the tier the result lists, cumulatively,
each missing or failing component, so that a claim of that rung can be refuted item by item.

Why one component at a time: a verdict a publisher cannot act on is useless, so every message
names the component and kind, the licence as resolved, and where that licence came from
("inherited from the release licence"), which is the line to edit.

Decisions the one-line rules of DESIGN.md leave open (docs/verdicts.md states them for readers):

* "Open" for a component means availability ``open`` *and* a licence whose status
  (:mod:`aimanifest.licenses`) is ``open``. Whether the licence fits the content type is a
  note, never a failure: Apache-2.0 or MIT on weights is common and fine.
* Final weights that are ``open``, ``gated`` or ``paid`` are released (``weights-available``);
  ``unreleased`` or ``unshareable`` weights, or none listed, are ``closed``.
* A required kind is met only when at least one component of that kind is listed and every
  listed component of that kind is open (two inference-code components: both must be open;
  three final-weights quantizations: all three). A tokenizer and a training configuration are
  not required, but when listed they must be open for ``open-weights`` and ``open-pipeline``.
* ``open-source-ai`` needs at least one training dataset, and for each one complete data
  information (:data:`DATA_INFORMATION_FIELDS`); for ``open``, ``public`` and ``obtainable``
  data also ``how_to_obtain`` plus a place (``location.url`` or ``location.repository``, or an
  artifact). ``fully-open`` needs every training dataset itself open (available and licensed).
  How a dataset answers both, spec 1.1's undisclosed data, parts and item licences included,
  is :mod:`aimanifest.verdicts.dataset`'s.
* A release made from its bases without training (every lineage relation ``quantized``,
  ``converted`` or ``merge``: :func:`trains_on_own_data`) embodies no data of its own: its data
  is its bases', which the lineage cap judges rung by rung. So neither a training dataset nor
  data-preprocessing code is required of it (each one listed is still judged); the code that
  made it (``training-code``: the quantization, conversion or merge) and the rest are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple, cast

from aimanifest.data import TIERS, Tier
from aimanifest.kinds import KINDS
from aimanifest.resolve import LicenseSource, resolve_license
from aimanifest.verdicts.dataset import (
    DATA_INFORMATION_FIELDS,
    data_information_gaps,
    dataset_not_open,
    is_located,
)

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData
    from aimanifest.licenses import LicenseVerdict
    from aimanifest.model import Manifest

__all__ = [
    "DATA_INFORMATION_FIELDS",
    "LicensedComponent",
    "TierResult",
    "data_information_gaps",
    "dataset_not_open",
    "evaluate_tier",
    "is_located",
    "licensed_components",
    "manifest_data",
    "not_open",
    "tier_rank",
    "trains_on_own_data",
]

RELEASED = ("open", "gated", "paid")
"""Availabilities under which final weights count as publicly released."""
UNTRAINED_RELATIONS = ("quantized", "converted", "merge")
"""Relations that make weights from the bases' weights alone, with no training data of their own."""


class TierResult(NamedTuple):
    """The tier, what each higher tier still lacks, and remarks that change nothing."""

    tier: Tier
    missing: dict[Tier, tuple[str, ...]]
    """For every tier above ``tier``: each missing or failing item, cumulatively."""
    notes: tuple[str, ...] = ()
    """Type-appropriateness and other remarks: never a reason for a lower tier."""


class LicensedComponent(NamedTuple):
    """One component with its resolved licence and that licence's verdict for its content."""

    layer: str
    name: str
    kind: str
    availability: str
    expression: str
    """The resolved expression; ``NOASSERTION`` when nothing is stated anywhere."""
    source: LicenseSource
    explanation: str
    """Where the licence came from, in the words of :mod:`aimanifest.resolve`."""
    verdict: LicenseVerdict
    data: ComponentData

    @property
    def label(self) -> str:
        """How reports name a component: its name and, for orientation, its kind."""
        return f"{self.name} ({self.kind})"

    @property
    def is_open(self) -> bool:
        """Openly available and openly licensed: what every open tier asks of a component."""
        return self.availability == "open" and self.verdict.status == "open"

    def licence_words(self) -> str:
        """The licence as a reader needs it: expression, status, and where it came from."""
        if self.source == "none":
            return "no licence (none declared on the component, its layer or the release)"
        status = self.verdict.status
        if self.expression.upper() == "NOASSERTION":
            said = "licence NOASSERTION states no licence"
        elif status == "none":
            said = f"licence {self.expression} grants no rights"
        elif status == "unknown":
            said = f"licence {self.expression} is unknown (terms aimanifest cannot judge)"
        else:
            said = f"licence {self.expression} is {status}"
        return f"{said} ({self.explanation})" if self.source != "component" else said


def manifest_data(manifest: Manifest | ManifestData) -> ManifestData:
    """Plain schema-valid data from either representation, without importing pydantic."""
    to_data = getattr(manifest, "to_data", None)
    if callable(to_data):
        return cast("ManifestData", to_data())
    return manifest  # type: ignore[return-value]


def licensed_components(manifest: Manifest | ManifestData) -> tuple[LicensedComponent, ...]:
    """Every component with its licence resolved and judged, in specification order."""
    from aimanifest.data import components
    from aimanifest.licenses import classify_license  # lazily: its index costs start-up time

    data = manifest_data(manifest)
    result: list[LicensedComponent] = []
    for layer, component in components(data):
        kind = KINDS[component["kind"]]
        resolved = resolve_license(data, layer, component)
        expression = resolved.expression or "NOASSERTION"
        result.append(
            LicensedComponent(
                layer=layer,
                name=component["name"],
                kind=kind.name,
                availability=component["availability"],
                expression=expression,
                source=resolved.source,
                explanation=resolved.explanation,
                verdict=classify_license(expression, kind.content_type),
                data=component,
            )
        )
    return tuple(result)


def tier_rank(tier: Tier) -> int:
    """Position on the ladder, ``closed`` being 0."""
    return TIERS.index(tier)


def not_open(item: LicensedComponent) -> str | None:
    """Why a component is not open, in one line naming it; None when it is open."""
    reasons: list[str] = []
    if item.availability != "open":
        reasons.append(f"not openly available (availability: {item.availability})")
    if item.verdict.status != "open":
        reasons.append(item.licence_words())
    return f"{item.label}: " + "; ".join(reasons) if reasons else None


def _all_open(items: Iterable[LicensedComponent], kind: str, *, required: bool) -> list[str]:
    """A kind is met when listed (if required) and every component of it is open."""
    found = [item for item in items if item.kind == kind]
    if not found:
        return [f"{kind}: no component of this kind"] if required else []
    return [why for item in found if (why := not_open(item))]


def _weights_available(items: tuple[LicensedComponent, ...], trained: bool) -> list[str]:
    finals = [item for item in items if item.kind == "final-weights"]
    if not finals:
        return ["final-weights: no component of this kind"]
    if any(item.availability in RELEASED for item in finals):
        return []
    states = ", ".join(f"{item.name} is {item.availability}" for item in finals)
    return [f"final-weights: not publicly released ({states})"]


def _open_weights(items: tuple[LicensedComponent, ...], trained: bool) -> list[str]:
    return [
        *_all_open(items, "final-weights", required=True),
        *_all_open(items, "model-architecture", required=True),
        *_all_open(items, "inference-code", required=True),
        *_all_open(items, "tokenizer", required=False),
    ]


def trains_on_own_data(manifest: Manifest | ManifestData) -> bool:
    """Whether the release was trained on data of its own, so that it must describe that data.

    False only for a release derived from its bases without training: it names at least one
    base, and every relation is one of :data:`UNTRAINED_RELATIONS` (a quantized or converted
    copy, a merge). Its data is its bases', judged through the lineage; a release that names no
    base cannot be excused this way.
    """
    lineage = manifest_data(manifest).get("lineage") or []
    return not lineage or any(base["relation"] not in UNTRAINED_RELATIONS for base in lineage)


def _open_pipeline(items: tuple[LicensedComponent, ...], trained: bool) -> list[str]:
    return [
        *_all_open(items, "training-code", required=True),
        *_all_open(items, "data-preprocessing-code", required=trained),
        *_all_open(items, "evaluation-code", required=True),
        *_all_open(items, "training-config", required=False),
    ]


def _training_data(items: tuple[LicensedComponent, ...]) -> list[LicensedComponent]:
    return [item for item in items if item.kind == "training-data"]


def _open_source_ai(items: tuple[LicensedComponent, ...], trained: bool) -> list[str]:
    datasets = _training_data(items)
    if not datasets and trained:
        return ["training-data: no component of this kind (no training dataset is described)"]
    return [problem for item in datasets for problem in data_information_gaps(item)]


def _fully_open(items: tuple[LicensedComponent, ...], trained: bool) -> list[str]:
    return [why for item in _training_data(items) for why in dataset_not_open(item)]


RULES: tuple[tuple[Tier, Callable[[tuple[LicensedComponent, ...], bool], list[str]]], ...] = (
    ("weights-available", _weights_available),
    ("open-weights", _open_weights),
    ("open-pipeline", _open_pipeline),
    ("open-source-ai", _open_source_ai),
    ("fully-open", _fully_open),
)
"""Each tier above ``closed`` and what it adds to the tier below it; each rule is also told
whether the release trained on data of its own (:func:`trains_on_own_data`)."""


def _notes(items: tuple[LicensedComponent, ...]) -> list[str]:
    """Remarks a reader should see that do not lower the tier."""
    notes: list[str] = []
    for item in items:
        verdict = item.verdict
        if verdict.status == "open" and not verdict.type_appropriate:
            content = KINDS[item.kind].content_type
            notes.append(
                f"{item.label}: licence {item.expression} is open but not type-appropriate "
                f"for {content} (a note, as in the MOF; not a failure)"
            )
        if item.kind == "final-weights" and item.availability in ("gated", "paid"):
            how = "behind a gate" if item.availability == "gated" else "for a fee"
            notes.append(f"{item.label}: released {how}, which counts as weights-available")
        if item.kind == "supporting-libraries" and not item.is_open:
            notes.append(f"{not_open(item)}: supporting libraries are not required by any tier")
    return notes


def evaluate_tier(
    manifest: Manifest | ManifestData, items: tuple[LicensedComponent, ...] | None = None
) -> TierResult:
    """Compute the tier of a manifest (typed model or schema-valid data) and what is missing.

    Lineage is not considered here: :func:`aimanifest.verdicts.evaluate` caps this tier by the
    base models' tiers. ``items`` are the manifest's :func:`licensed_components`, when the
    caller has them already (every verdict reads the same resolved licences).
    """
    items = licensed_components(manifest) if items is None else items
    trained = trains_on_own_data(manifest)
    tier: Tier = "closed"
    failing: list[str] = []
    missing: dict[Tier, tuple[str, ...]] = {}
    for rung, rule in RULES:
        failing.extend(rule(items, trained))
        if failing:
            missing[rung] = tuple(dict.fromkeys(failing))
        elif not missing:
            tier = rung
    return TierResult(tier, missing, tuple(dict.fromkeys(_notes(items))))
