"""What every SBOM format asks of a component that a manifest states only indirectly.

Compliance tools (NTIA minimum elements, CISA) want a supplier, a version, an identifier,
licences and relationships on every component. A manifest has a supplier field only for the
release (``release.publisher``) and its bases (``lineage[].publisher``), and a version only
for those and for code (``location.revision``). So the rules below say, in one place for every
format, what may be derived and what stays unknown:

* **The release's own parts.** The final weights are the release, so the publisher's, and the
  account they are located in counts among the publisher's places. Any other component is the
  publisher's when the manifest shows it publishes it: every place it is located
  (``location.url``, ``location.repository``, artifact URIs) lies in one of those places, or it
  has no place outside the release at all (files next to the manifest, or an unreleased or
  unshareable component, which only the publisher holds). The publisher's own places are
  ``release.publisher.url`` (its host and subdomains, or its path when it names an account such
  as ``https://github.com/org``), the accounts of ``release.links.repository`` and
  ``release.links.model_hub`` (host and first path segment: ``github.com/org``), and every other
  release link as a prefix. An own part is supplied by the publisher and, without a revision,
  has the release's version.
* **Everything else is third-party** (a library, a public corpus, a paper hosted elsewhere, a
  dataset bought from a vendor): its supplier is unknown, so it is NOASSERTION rather than the
  publisher's name, which would be false; its version is its revision, else unknown.

Where a format has to leave a minimum element unknown, a :class:`Gap` records the manifest
place and the field that would fill it; ``export`` prints each as a located warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from aimanifest.data import layers

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData

PathKey = tuple[str | int, ...]

ACCOUNT_LINKS = ("repository", "model_hub")
"""Release links whose first path segment is the publisher's account on a hosting site."""

HUB_SECTIONS = ("datasets", "spaces")
"""On the model hub's host, ``/datasets/ACCOUNT/...`` and ``/spaces/ACCOUNT/...`` are the same
account's (the Hugging Face Hub's layout, which other hubs copy)."""

RELEASED = "final-weights"
"""The kind that is the release itself: its publisher's, wherever it is placed; its places are
the publisher's too (a model card beside the weights on the hub)."""

HELD = frozenset({"unreleased", "unshareable"})
"""Availabilities of things only the publisher holds, when no place outside is given."""


class Gap(NamedTuple):
    """A minimum element the manifest leaves unknown: where, which rule, what would fill it."""

    path: PathKey
    rule: str
    message: str


class Part(NamedTuple):
    """A component with its layer and its place in the manifest."""

    layer: str
    component: ComponentData
    path: PathKey

    @property
    def name(self) -> str:
        return self.component["name"]


def _split(url: str) -> tuple[str, list[str]]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), [s for s in parts.path.split("/") if s]


def places(component: ComponentData) -> list[str]:
    """Every URL a component is located at."""
    location = component.get("location", {})
    found = [location[key] for key in ("url", "repository") if key in location]
    found += [a["uri"] for a in component.get("artifacts", []) if "uri" in a]
    return found


class Facts:
    """The derived facts of one manifest, shared by every exporter, and the gaps found."""

    def __init__(self, manifest: ManifestData) -> None:
        self.manifest = manifest
        release = manifest["release"]
        self.publisher = release["publisher"]["name"]
        self.version_of_release = release["version"]
        self.gaps: list[Gap] = []
        self._seen: set[tuple[PathKey, str]] = set()
        self._own: list[tuple[str, list[str], bool]] = []
        """(host, path segments, subdomains too) of each of the publisher's places."""
        url = release["publisher"].get("url")
        if url:
            host, segments = _split(url)
            self._own.append((host, segments, not segments))
        for key, link in sorted(release.get("links", {}).items()):
            host, segments = _split(link)
            self._own.append((host, segments[:1] if key in ACCOUNT_LINKS else segments, False))
            if key == "model_hub" and segments:
                self._own += [(host, [section, segments[0]], False) for section in HUB_SECTIONS]
        self.parts = [
            Part(layer, component, (layer, "components", index))
            for layer, data in layers(manifest)
            for index, component in enumerate(data["components"])
        ]
        for part in self.parts:  # the released weights are the release: their account is its
            if part.component["kind"] == RELEASED:
                location = part.component.get("location", {})
                for url in [location[k] for k in ("url", "repository") if k in location]:
                    host, segments = _split(url)
                    self._own.append((host, segments[:1], False))

    def gap(self, path: PathKey, rule: str, message: str) -> None:
        """Record a gap once (every format asks the same questions)."""
        if (path, rule) not in self._seen:
            self._seen.add((path, rule))
            self.gaps.append(Gap(path, rule, message))

    def is_own_place(self, url: str) -> bool:
        host, segments = _split(url)
        for own_host, own_segments, subdomains in self._own:
            if not own_host:
                continue
            same_host = host == own_host or (subdomains and host.endswith("." + own_host))
            if same_host and segments[: len(own_segments)] == own_segments:
                return True
        return False

    def is_own(self, part: Part) -> bool:
        """True when the manifest shows that the publisher publishes (or holds) ``part``."""
        if part.component["kind"] == RELEASED:
            return True
        where = places(part.component)
        if where:
            return all(self.is_own_place(url) for url in where)
        return bool(part.component.get("artifacts")) or part.component["availability"] in HELD

    def supplier(self, part: Part) -> str | None:
        """The publisher for its own parts; None (unknown) for a third party's, with a gap."""
        if self.is_own(part):
            return self.publisher
        where = places(part.component)
        if where:
            outside = next(url for url in where if not self.is_own_place(url))
            self.gap(
                (*part.path, "location"),
                "export-supplier",
                f"the supplier of {part.name!r} is not stated: it is located at {outside!r}, "
                "outside the publisher's places (release.publisher.url, release.links), so it "
                "is exported as NOASSERTION; if the publisher publishes it, a release link "
                "covering that place fills it; the spec (1.0 and 1.1) has no field for a third "
                "party's name",
            )
        else:
            self.gap(
                part.path,
                "export-supplier",
                f"the supplier of {part.name!r} ({part.component['availability']}, no location) "
                "is not stated, so it is exported as NOASSERTION; a location.url of where to "
                "obtain it would say who supplies it",
            )
        return None

    def version(self, part: Part) -> str | None:
        """The revision, else the release's version for an own part; else None, with a gap."""
        revision = part.component.get("location", {}).get("revision")
        if revision:
            return revision
        if self.is_own(part):
            return self.version_of_release
        self.gap(
            (*part.path, "location"),
            "export-version",
            f"the version of third-party component {part.name!r} is not stated, so it is "
            "exported as NOASSERTION; location.revision (the tag, commit or version used) "
            "would fill it",
        )
        return None

    def base_facts(self, index: int) -> tuple[str | None, str | None]:
        """(supplier, version) of lineage base ``index``; gaps for what it does not state."""
        base = self.manifest.get("lineage", [])[index]
        for key in ("publisher", "version"):
            if key not in base:
                self.gap(
                    ("lineage", index),
                    f"export-{'supplier' if key == 'publisher' else 'version'}",
                    f"the {key} of base model {base['name']!r} is not stated, so it is exported "
                    f"as NOASSERTION; lineage[{index}].{key} would fill it",
                )
        return base.get("publisher"), base.get("version")

    def unlicensed(self, part: Part) -> None:
        """Record that no licence applies to ``part`` from the component, layer or release."""
        self.gap(
            part.path,
            "export-license",
            f"no licence is declared for {part.name!r}, so it is exported as NOASSERTION; "
            f"license on the component, {part.layer}.license or release.license would fill it",
        )
