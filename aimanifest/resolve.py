"""Licence resolution: component, then layer, then release, remembering where it came from.

A manifest states a licence once where it applies to much (``release.license`` for the whole
release, ``<layer>.license`` for one layer) and per component only where it differs. Every
verdict needs the licence that actually applies to each component, and every report must be
able to say whether that licence was declared on the component or inherited ("inherited from
the release licence"): a publisher reading a failing check needs to know which line to edit.

Both representations of a manifest are accepted: the pydantic :class:`~aimanifest.model.Manifest`
of the typed API and the plain schema-valid data (:class:`~aimanifest.data.ManifestData`) that
``validate`` works on without importing pydantic. Nothing here imports pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData
    from aimanifest.kinds import Layer
    from aimanifest.model import Component, Manifest

LicenseSource = Literal["component", "layer", "release", "none"]

_WHERE: dict[LicenseSource, str] = {
    "component": "declared on the component",
    "layer": "inherited from the {layer} layer licence",
    "release": "inherited from the release licence",
    "none": "no licence declared on the component, its layer or the release",
}


class ResolvedLicense(NamedTuple):
    """The licence that applies to one component, and where it was stated."""

    expression: str | None
    """The SPDX expression as written in the manifest, or None when nothing applies."""
    source: LicenseSource
    """``component`` (declared), ``layer`` or ``release`` (inherited), ``none`` (no licence)."""
    layer: str | None = None
    """The component's layer, so that an explanation can name the layer it inherited from."""

    @property
    def inherited(self) -> bool:
        """True when the licence comes from the layer or the release, not the component."""
        return self.source in ("layer", "release")

    @property
    def explanation(self) -> str:
        """Where the licence comes from, in words a report can print as is."""
        return _WHERE[self.source].format(layer=self.layer or "")


def _get(obj: Any, key: str) -> Any:
    """A field of plain data (a mapping) or of a pydantic model (an attribute), or None."""
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def resolve_license(
    manifest: Manifest | ManifestData,
    layer_name: Layer | str,
    component: Component | ComponentData,
) -> ResolvedLicense:
    """The licence of ``component`` (a component of layer ``layer_name`` of ``manifest``).

    The first licence found wins: the component's own, then its layer's, then the release's.
    An explicit ``NONE`` or ``NOASSERTION`` is a declaration like any other and stops the
    search: ``NONE`` on a component means "this part is not licensed", not "look further up".
    """
    declared = _get(component, "license")
    if declared is not None:
        return ResolvedLicense(str(declared), "component", layer_name)
    layer = _get(manifest, layer_name)
    layer_license = _get(layer, "license") if layer is not None else None
    if layer_license is not None:
        return ResolvedLicense(str(layer_license), "layer", layer_name)
    release_license = _get(_get(manifest, "release"), "license")
    if release_license is not None:
        return ResolvedLicense(str(release_license), "release", layer_name)
    return ResolvedLicense(None, "none", layer_name)
