"""The Open Source AI Definition (OSAID) 1.0 verdict: pass, fail, or needs human review.

The OSAID 1.0 (https://opensource.org/ai/open-source-ai-definition) asks for the "preferred
form to make modifications": Data information, Code and Parameters. The OSI's "Checklist to
evaluate machine learning systems" (https://hackmd.io/@opensourceinitiative/checklist-mof, on
the MOF's components) says which terms each needs: OSI-approved licences for code, "OSD-compliant"
licences for documentation that carries data information, "OSD-conformant terms" for the
parameters. A machine can check that each element is present, available and licensed; it
cannot judge whether a description is "sufficiently detailed information ... so that a skilled
person can build a substantially equivalent system". So the verdict has three values:

* ``fail``: something the text requires is missing, unavailable, or under terms that are not
  open (listed in ``failures``);
* ``needs-review``: nothing fails, but something calls for a person's judgment (listed in
  ``review``): an unshareable dataset, whose description alone must carry the weight; a
  data-information text shorter than :data:`SHORT_TEXT` characters; parameters under open
  terms that are neither OSI-approved nor an open data licence; a supporting library that is
  not OSI-approved (is it part of the system or of the platform?);
* ``pass``: everything is met and nothing calls for judgment.

What is checked, element by element (docs/verdicts.md cites the text for each choice):

* Data information: at least one training dataset; for every training dataset the description
  fields of :data:`~aimanifest.verdicts.tier.DATA_INFORMATION_FIELDS`; open, public and
  obtainable datasets also listed with where to get them. A data card, technical report or
  research paper under open terms (an OSI-approved licence, or an open document or data
  licence such as CC-BY-4.0, ODC-By-1.0, CC0-1.0) is data information under OSD-compliant
  terms; one under other terms, or not openly available, earns a note and never a worse
  verdict: the data information judged is the manifest's own, which documents only add to.
* Code: training code, data-processing code, inference code and model architecture must be
  listed; those and any listed evaluation code or tokenizer must be openly available under
  OSI-approved licences.
* A release made from its bases without training (a quantized or converted copy, a merge:
  :func:`~aimanifest.verdicts.tier.trains_on_own_data`) used no data of its own: it needs no
  training dataset and no data-processing code; its bases' Data information is judged with
  their verdicts (:func:`cap_by_lineage`). The code that made it is its training code.
* Parameters: the final weights must be listed; they and any listed intermediate checkpoints,
  optimizer state, model metadata and training configuration must be openly available under
  OSD-conformant terms: an OSI-approved licence or an open data licence (type-appropriate for
  data, :mod:`aimanifest.licenses`) passes, other open terms need review, the rest fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from aimanifest.verdicts.tier import (
    DATA_INFORMATION_FIELDS,
    LicensedComponent,
    data_information_gaps,
    licensed_components,
    trains_on_own_data,
)

if TYPE_CHECKING:
    from aimanifest.data import ManifestData
    from aimanifest.model import Manifest
    from aimanifest.verdicts.lineage import LineageResult

__all__ = ["SHORT_TEXT", "OsaidResult", "OsaidVerdict", "cap_by_lineage", "evaluate_osaid"]

OsaidVerdict = Literal["pass", "fail", "needs-review"]

SHORT_TEXT = 20
"""Data-information texts shorter than this many characters ("web data.") are flagged for
review: too short to let a skilled person rebuild the data. ``labeling: none`` is exempt, since
"none" is the complete answer for unlabelled data."""

REQUIRED_CODE = ("training-code", "data-preprocessing-code", "inference-code", "model-architecture")
"""Code every release trained on data of its own must list (data-preprocessing code is not
asked of one made without training: it processed no data)."""
LISTED_CODE = ("evaluation-code", "tokenizer")
"""Code the OSAID names "if used": checked only where the manifest lists it."""
LISTED_PARAMETERS = ("intermediate-weights", "optimizer-state", "model-metadata", "training-config")
"""Parameters checked only where listed (training-config: the OSAID's "arguments and settings")."""


class OsaidResult(NamedTuple):
    """The verdict, each failing item, each item a person must judge, and plain remarks."""

    verdict: OsaidVerdict
    failures: tuple[str, ...] = ()
    review: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


DATA_INFORMATION_DOCUMENTS = ("data-card", "technical-report", "research-paper")
"""Documents the OSI's checklist lists under Data information (with the datasets)."""


def _availability_problem(item: LicensedComponent) -> list[str]:
    if item.availability != "open":
        return [f"not openly available (availability: {item.availability})"]
    return []


def _osi_problem(item: LicensedComponent) -> str | None:
    """Why a component is not openly available under an OSI-approved licence, or None."""
    reasons = _availability_problem(item)
    if not item.verdict.osi_approved:
        words = item.licence_words()
        reasons.append(words if item.verdict.status != "open" else f"{words}, not OSI-approved")
    return f"{item.label}: " + "; ".join(reasons) if reasons else None


def _osd_terms(item: LicensedComponent) -> bool:
    """OSD-conformant terms for data or documents: OSI-approved, or an open data/content licence."""
    return item.verdict.osi_approved or item.verdict.type_appropriate


class _Collector:
    """Sorts each finding under its OSAID element into failures or review."""

    def __init__(self, items: tuple[LicensedComponent, ...]) -> None:
        self.items = items
        self.failures: list[str] = []
        self.review: list[str] = []
        self.notes: list[str] = []

    def of_kind(self, kind: str) -> list[LicensedComponent]:
        return [item for item in self.items if item.kind == kind]

    def _listed(
        self, element: str, kinds: tuple[str, ...], required: bool
    ) -> list[LicensedComponent]:
        found: list[LicensedComponent] = []
        for kind in kinds:
            of_kind = self.of_kind(kind)
            if not of_kind and required:
                self.failures.append(f"{element}: {kind}: no component of this kind")
            found.extend(of_kind)
        return found

    def code(self, kinds: tuple[str, ...], *, required: bool, judge_all: bool = False) -> None:
        """Each kind listed (if required), each component of it under an OSI-approved licence.

        ``judge_all``: every problem goes to review (whether the OSAID covers it is a judgment).
        """
        for item in self._listed("Code", kinds, required):
            problem = _osi_problem(item)
            if problem is None:
                continue
            if judge_all:
                self.review.append(
                    f"Code: {problem}: a person must judge whether the OSAID covers it "
                    "(part of the system, or of the platform it runs on?)"
                )
            else:
                self.failures.append(f"Code: {problem}")

    def parameters(self, kinds: tuple[str, ...], *, required: bool) -> None:
        """OSD-conformant terms: OSI-approved or an open data licence; other open terms: review."""
        for item in self._listed("Parameters", kinds, required):
            reasons = _availability_problem(item)
            if item.verdict.status != "open":
                reasons.append(item.licence_words())
            if reasons:
                self.failures.append(f"Parameters: {item.label}: " + "; ".join(reasons))
            elif not _osd_terms(item):
                self.review.append(
                    f"Parameters: {item.label}: {item.licence_words()}, but neither "
                    "OSI-approved nor an open data licence: a person must judge whether these "
                    "terms grant the freedoms to use, study, modify and share"
                )


def _data_information(collect: _Collector, trained: bool) -> None:
    datasets = collect.of_kind("training-data")
    if not datasets and trained:
        collect.failures.append(
            "Data information: training-data: no component of this kind (the OSAID asks for "
            "information on all data used for training)"
        )
    elif not trained:
        collect.notes.append(
            "Data information: made from its bases without training (quantized, converted or "
            "merged), so the data it embodies is its bases', judged with their verdicts (Lineage)"
        )
    for item in datasets:
        gaps = data_information_gaps(item)
        collect.failures.extend(f"Data information: {gap}" for gap in gaps)
        dataset: dict[str, Any] = dict(item.data.get("dataset") or {})
        fields = [*DATA_INFORMATION_FIELDS]
        if dataset.get("data_class") != "unshareable":
            fields.append("how_to_obtain")
        for key in fields:
            text = dataset.get(key)
            if not isinstance(text, str) or not text.strip():
                continue
            exempt = key == "labeling" and text.strip().lower().startswith("none")
            if len(text.strip()) < SHORT_TEXT and not exempt:
                collect.review.append(
                    f"Data information: {item.label}: {key} is very short ({text.strip()!r}, "
                    f"under {SHORT_TEXT} characters): is it sufficiently detailed?"
                )
        if dataset.get("data_class") == "unshareable" and not gaps:
            collect.review.append(
                f"Data information: {item.label} is unshareable: a person must judge whether its "
                "description is detailed enough to build a substantially equivalent dataset"
            )
    open_documents = 0
    for kind in DATA_INFORMATION_DOCUMENTS:
        for item in collect.of_kind(kind):
            reasons = _availability_problem(item)
            if item.verdict.status != "open":
                reasons.append(item.licence_words())
            if not reasons:
                open_documents += 1
                continue
            collect.notes.append(
                f"Data information: {item.label}: " + "; ".join(reasons) + ": not under "
                "OSD-compliant terms, so the data information judged is the manifest's own"
            )
    if datasets and not open_documents:
        collect.notes.append(
            "no data card, technical report or research paper under open terms: the data "
            "information is the manifest's own; the OSI's checklist asks that it be available "
            "under OSD-compliant terms"
        )


def evaluate_osaid(
    manifest: Manifest | ManifestData, items: tuple[LicensedComponent, ...] | None = None
) -> OsaidResult:
    """Judge a manifest (typed model or schema-valid data) against the OSAID 1.0 checklist.

    Lineage is not considered here: :func:`cap_by_lineage` adds the base models' verdicts.
    ``items``: the manifest's licensed components, when the caller has them already.
    """
    collect = _Collector(licensed_components(manifest) if items is None else items)
    trained = trains_on_own_data(manifest)
    _data_information(collect, trained)
    for kind in REQUIRED_CODE:
        collect.code((kind,), required=trained or kind != "data-preprocessing-code")
    collect.code(LISTED_CODE, required=False)
    collect.code(("supporting-libraries",), required=False, judge_all=True)
    collect.parameters(("final-weights",), required=True)
    collect.parameters(LISTED_PARAMETERS, required=False)
    if not collect.of_kind("intermediate-weights") or not collect.of_kind("optimizer-state"):
        collect.notes.append(
            "the OSAID 1.0 names checkpoints from key intermediate stages and the final optimizer "
            "state under Parameters; aimanifest checks them only where the manifest lists them"
        )
    return _result(collect.failures, collect.review, collect.notes)


def _result(failures: list[str], review: list[str], notes: list[str]) -> OsaidResult:
    verdict: OsaidVerdict = "fail" if failures else "needs-review" if review else "pass"
    unique = dict.fromkeys
    return OsaidResult(
        verdict, tuple(unique(failures)), tuple(unique(review)), tuple(unique(notes))
    )


def cap_by_lineage(result: OsaidResult, lineage: LineageResult | None) -> OsaidResult:
    """A derivative conforms only if its bases do: add each base's verdict to this one.

    A base that fails the OSAID makes this release fail; a base that needs review, or whose
    manifest could not be read, needs review.
    """
    if lineage is None or not lineage.bases:
        return result
    failures, review = list(result.failures), list(result.review)
    for base in lineage.bases:
        if base.osaid is None:
            review.append(
                f"Lineage: base {base.name} is unverified ({base.reason}): a person must check "
                "that it meets the OSAID"
            )
        elif base.osaid == "fail":
            failures.append(f"Lineage: base {base.name} does not meet the OSAID")
        elif base.osaid == "needs-review":
            review.append(f"Lineage: base {base.name} needs review against the OSAID")
    return _result(failures, review, list(result.notes))
