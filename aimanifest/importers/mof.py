"""Import a Model Openness Tool (MOT) model file as an aimanifest 1.0 manifest.

The MOT (github.com/lfai/model_openness_tool) describes a release as a list of the Model
Openness Framework's 17 components, each with an optional licence, plus release-wide licences
per content type. Importing its files lets a publisher start from an existing MOT entry and lets
``tests/test_mof.py`` check our MOF verdict against the MOT's own conformance suite. The mapping,
and every guess it needs (each guess is also returned as a warning):

* ``release.name``, ``version``, ``date`` map to ``release``; ``producer`` becomes the publisher
  (``contact`` its e-mail or URL when it is one); ``repository`` and ``huggingface`` become
  ``links.repository`` and ``links.model_hub`` (a bare ``org/model`` id becomes a Hugging Face
  URL). A missing or unreadable version becomes ``unspecified`` and a missing date the
  placeholder ``1970-01-01``, with a warning: the schema requires both.
* Components map to kinds through ``kinds.py`` (model metadata -> ``model-metadata``,
  supporting libraries -> ``supporting-libraries``), named after their kind. Components absent
  from the MOT file are absent from the manifest; one whose licence says "Component not
  included" is left out. A listed component is ``availability: open``: the MOT lists what a
  release includes and records no gating, so access is taken as open and the licence alone
  carries the terms.
* Licences. The MOT resolves a component's licence as component, then the global licence of
  its content type (``code``, ``data``, ``document``), then ``distribution``. Every layer of a
  manifest holds one content type here (runtime and training: code; weights and data: data;
  documentation: documents), so ``code`` becomes the runtime and training layer licences,
  ``data`` the weights and data layer licences, ``document`` the documentation layer licence
  and ``distribution`` the release licence, and component -> layer -> release resolution gives
  exactly the MOT's result. ``unlicensed`` (component included without a licence) and an empty
  component licence (``license: ''``, which the MOT's ``resolveLicense`` reads as unlicensed)
  become ``NONE``, which stops inheritance as it does in the MOT; an absent or null component
  licence inherits, and so does an empty global licence (the MOT skips it); ``Undisclosed`` and
  ``Pending evaluation`` become ``NOASSERTION``. Free text goes through
  :func:`aimanifest.licenses.normalize_license`: an SPDX id where unambiguous, otherwise a
  ``LicenseRef-`` with a warning (declared in ``custom_licenses`` when the MOT gives a URL).
* Data components need data information: the MOT records none, so ``Datasets`` get role
  ``pre-training`` and ``Evaluation data`` role ``evaluation``; the OSAID data class is ``open``
  under an open licence and ``public`` (published, not under open terms) otherwise.
* What has no place in the schema (type, architecture, treatment, origin, framework) is kept
  under the ``x-mot`` extension key; a base model (``origin`` of a fine-tuned ``treatment``)
  also becomes a ``lineage`` entry.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote

from aimanifest.importers.base import Imported, ImporterError, Options
from aimanifest.importers.common import (
    PLACEHOLDER_DATE,
    PLACEHOLDER_VERSION,
    ImportRun,
    load_source_yaml,
    read_source,
)
from aimanifest.importers.common import URL as _URL
from aimanifest.importers.common import text_of as _text
from aimanifest.kinds import KINDS, Kind, Layer
from aimanifest.spec import LATEST

__all__ = ["MotImportError", "MotImporter", "convert", "import_file", "load"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_NOT_INCLUDED = re.compile(r"^\s*component\s+(component\s+)?not\s+includ", re.IGNORECASE)
_PREFERRED = {
    "Model metadata": "model-metadata",
    "Supporting libraries and tools": "supporting-libraries",
}
_GLOBAL_LAYERS: dict[str, tuple[Layer, ...]] = {
    "code": ("runtime", "training"),
    "data": ("weights", "data"),
    "document": ("documentation",),
}
_LAYER_ORDER: tuple[Layer, ...] = ("weights", "runtime", "training", "data", "documentation")


class MotImportError(ImporterError):
    """The input is not an MOT model file at all (the CLI turns this into exit status 2)."""


def _kind_table() -> dict[str, Kind]:
    """MOT component name (case- and space-insensitive) -> the kind it imports as."""
    table: dict[str, Kind] = {}
    for kind in KINDS.values():
        if kind.mof_component is not None:  # spec 1.1 kinds outside the MOF
            table.setdefault(_key(kind.mof_component), kind)
    for mof_name, kind_name in _PREFERRED.items():
        table[_key(mof_name)] = KINDS[kind_name]
    return table


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def convert(mot: Any, *, source: str = "MOT file") -> tuple[dict[str, Any], list[str]]:
    """Turn parsed MOT YAML into (schema-valid aimanifest 1.0 data, warnings).

    Raises :class:`MotImportError` only when the input has no ``release`` mapping at all;
    every lesser problem becomes a warning and a documented default.
    """
    if not isinstance(mot, Mapping) or not isinstance(mot.get("release"), Mapping):
        raise MotImportError(f"{source}: not a Model Openness Tool model file (no `release`)")
    release: Mapping[str, Any] = mot["release"]
    run = ImportRun("the MOT file")
    manifest: dict[str, Any] = {"aimanifest": LATEST, "release": _release(run, release, source)}
    lineage = _lineage(release)
    if lineage:
        manifest["lineage"] = lineage
    layers = _components(run, release)
    globals_ = release.get("license")
    layer_licenses: dict[Layer, str] = {}
    if isinstance(globals_, Mapping):
        for key, value in globals_.items():
            where = f"release.license.{key}"
            if key == "distribution":
                expression = run.license(where, value)
                if expression:
                    manifest["release"]["license"] = expression
            elif key in _GLOBAL_LAYERS:
                expression = run.license(where, value)
                for layer in _GLOBAL_LAYERS[key] if expression else ():
                    layer_licenses[layer] = str(expression)
            else:
                run.warn(
                    f"{where}: not an MOT licence type (distribution, code, data, "
                    "document): left out"
                )
    elif globals_ not in (None, ""):
        run.warn("release.license: not a mapping of licence types: left out")
    for layer in _LAYER_ORDER:
        if layers.get(layer) or layer == "weights":
            entry: dict[str, Any] = {}
            if layer in layer_licenses:
                entry["license"] = layer_licenses[layer]
            entry["components"] = layers.get(layer, [])
            manifest[layer] = entry
    if run.custom:
        manifest["custom_licenses"] = list(run.custom.values())
    extension = _extension(mot, release)
    if extension:
        manifest["x-mot"] = extension
    return manifest, run.warnings


def _release(run: ImportRun, release: Mapping[str, Any], source: str) -> dict[str, Any]:
    name = _text(release.get("name"))
    if not name:
        name = os.path.splitext(os.path.basename(source))[0] or "unnamed"
        run.warn(f"release.name: missing: named '{name}' after the file")
    version = _text(release.get("version"))
    if isinstance(release.get("version"), float):
        run.warn(
            f"release.version: {version} was written as a number: quote it in the MOT "
            "file, digits may be lost"
        )
    if not version:
        version = PLACEHOLDER_VERSION
        run.warn(f"release.version: missing: set to '{PLACEHOLDER_VERSION}'")
    date = _text(release.get("date"))
    try:
        date = datetime.date.fromisoformat(date).isoformat()
    except ValueError:
        run.warn(
            f"release.date: {date or 'missing'}: not a date (YYYY-MM-DD): set to the "
            f"placeholder {PLACEHOLDER_DATE}"
        )
        date = PLACEHOLDER_DATE
    publisher: dict[str, str] = {"name": _text(release.get("producer"))}
    if not publisher["name"]:
        publisher["name"] = "unknown"
        run.warn("release.producer: missing: publisher set to 'unknown'")
    contact = _text(release.get("contact"))
    if _EMAIL.match(contact):
        publisher["email"] = contact
    elif _URL.match(contact):
        publisher["url"] = quote(contact, safe=":/?#[]@!$&'()*+,;=%~.-_")
    out: dict[str, Any] = {"name": name, "version": version, "date": date, "publisher": publisher}
    links: dict[str, str] = {}
    for mot_key, link in (("repository", "repository"), ("huggingface", "model_hub")):
        url = run.url(f"release.{mot_key}", release.get(mot_key), hub=mot_key == "huggingface")
        if url:
            links[link] = url
    if links:
        out["links"] = links
    return out


def _components(run: ImportRun, release: Mapping[str, Any]) -> dict[Layer, list[dict[str, Any]]]:
    """The listed components, grouped by layer, in MOT order."""
    from aimanifest.licenses import classify_license

    table = _kind_table()
    layers: dict[Layer, list[dict[str, Any]]] = {}
    listed = release.get("components")
    if listed is None:
        listed = []
    if not isinstance(listed, list):
        run.warn("release.components: not a list: no components imported")
        listed = []
    for index, entry in enumerate(listed):
        where = f"release.components[{index}]"
        if not isinstance(entry, Mapping):
            run.warn(f"{where}: not a mapping: left out")
            continue
        mot_name = _text(entry.get("name"))
        kind = table.get(_key(mot_name))
        if kind is None:
            run.warn(f"{where}: '{mot_name}' is not one of the 17 MOF components: left out")
            continue
        where = f"{where} ({kind.mof_component})"
        if _NOT_INCLUDED.match(_text(entry.get("license"))):
            run.warn(
                f"{where}: licence '{_text(entry.get('license'))}' says the component is "
                "not included: left out"
            )
            continue
        name = run.name(kind.name, where=f"{where}: listed twice")
        component: dict[str, Any] = {"name": name, "kind": kind.name}
        description = _text(entry.get("description"))
        if description:
            component["description"] = description
        raw = entry.get("license")
        if isinstance(raw, str) and not raw.strip():  # the MOT: '' is unlicensed, not absent
            expression: str | None = "NONE"
            run.warn(f"{where}: empty licence: unlicensed in the MOT, so NONE (not inherited)")
        else:
            expression = run.license(where, raw, entry.get("license_path"))
        if expression is not None:
            component["license"] = expression
        component["availability"] = "open"
        location = _location(run, where, entry.get("component_path"))
        if location:
            component["location"] = location
        if kind.layer == "data":
            role = "evaluation" if kind.name == "evaluation-data" else "pre-training"
            effective = expression or _inherited(release, kind.content_type)
            is_open = (
                bool(effective)
                and classify_license(str(effective), kind.content_type).status == "open"
            )
            component["dataset"] = {"role": role, "data_class": "open" if is_open else "public"}
            run.warn(
                f"{where}: the MOT records no data information: role '{role}' and data "
                f"class '{component['dataset']['data_class']}' assumed"
            )
        layers.setdefault(kind.layer, []).append(component)
    return layers


def _inherited(release: Mapping[str, Any], content_type: str) -> str | None:
    """The global licence name the MOT would apply (used only to guess a data class)."""
    globals_ = release.get("license")
    if not isinstance(globals_, Mapping):
        return None
    for key in (content_type, "distribution"):
        value = globals_.get(key)
        name = _text(value.get("name") if isinstance(value, Mapping) else value)
        if name:
            return name
    return None


def _location(run: ImportRun, where: str, value: Any) -> dict[str, str] | None:
    text = _text(value)
    if not text:
        return None
    if _URL.match(text.split()[0]):
        url = run.url(f"{where} component_path", text)
        return {"url": url} if url else None
    if not any(char.isspace() for char in text):
        return {"path": text}
    run.warn(f"{where}: component_path '{text}' is neither a URL nor a path: left out")
    return None


def _lineage(release: Mapping[str, Any]) -> list[dict[str, str]]:
    origin, name = _text(release.get("origin")), _text(release.get("name"))
    treatment = _text(release.get("treatment")).lower()
    if origin and "fine-tuned" in treatment and _key(origin) != _key(name):
        return [{"name": origin, "relation": "fine-tune"}]
    return []


def _extension(mot: Mapping[str, Any], release: Mapping[str, Any]) -> dict[str, Any]:
    """MOT fields the schema has no place for, kept verbatim as text."""
    kept: dict[str, Any] = {}
    for key in ("type", "architecture", "treatment", "origin", "contact"):
        text = _text(release.get(key))
        if text:
            kept[key] = text
    framework = mot.get("framework")
    if isinstance(framework, Mapping):
        described = {k: _text(v) for k, v in framework.items() if _text(v)}
        if described:
            kept["framework"] = described
    return kept


def load(text: str, source: str = "MOT file") -> Any:
    """Parse MOT YAML under the manifest's limits (aliases, depth, size, duplicate keys).

    Dates stay text (the reader never makes them dates), so an impossible date is a warning,
    not a crash.
    """
    try:
        return load_source_yaml(source, text)
    except ImporterError as error:
        raise MotImportError(str(error), error.findings) from None


class MotImporter:
    """``import --from mof``: a Model Openness Tool model file."""

    name: ClassVar[str] = "mof"

    def run(self, path: str, options: Options) -> Imported:
        try:
            text = read_source(path, what="MOT file")
        except ImporterError as error:
            raise MotImportError(str(error), error.findings) from None
        data, warnings = convert(load(text, path), source=path)
        if options.name:
            data["release"]["name"] = options.name
        return Imported(data, warnings)


def import_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], list[str]]:
    """Read an MOT model file (YAML) and convert it; see :func:`convert`."""
    data, warnings = MotImporter().run(os.fspath(path), Options())
    return data, warnings
