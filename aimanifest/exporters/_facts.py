"""What every SBOM format asks of a component that a manifest states only indirectly.

Compliance tools (NTIA minimum elements, CISA) want a supplier, a version, an identifier,
licences, a copyright notice and relationships on every component. A manifest names a supplier
for the release (``release.publisher``), its bases (``lineage[].publisher``) and, in spec 1.1,
any component (``supplier``); a version for the release, its bases and code
(``location.revision``); a copyright notice, in 1.1, for the release and any component
(``copyright``); and, in 1.1, a licence and a copyright notice for each base
(``lineage[].license``, ``lineage[].copyright``). So the rules below say, in one place for
every format, what may be derived and what stays unknown:

* **A stated supplier** (spec 1.1) is the component's supplier. When it is not the publisher,
  the component is a third party's, wherever it is located.
* **The release's own parts.** The final weights are the release, so the publisher's, and the
  account they are located in counts among the publisher's places. Any other component is the
  publisher's when the manifest shows it publishes it: every place it is located
  (``location.url``, ``location.repository``, artifact URIs) lies in one of those places, or it
  has no place outside the release at all (files next to the manifest, or an unreleased or
  unshareable component, which only the publisher holds). The publisher's own places are
  ``release.publisher.url`` (its host and subdomains, or its path when it names an account such
  as ``https://github.com/org``), the accounts of ``release.links.repository`` and
  ``release.links.model_hub`` (host and first path segment: ``github.com/org``), and every other
  release link as a prefix. An own part is supplied by the publisher, has the release's version
  when it has no revision, and the release's copyright notice when it has none of its own.
* **Everything else is third-party** (a library, a public corpus, a paper hosted elsewhere, a
  dataset bought from a vendor): without a stated supplier its supplier is unknown, so it is
  NOASSERTION rather than the publisher's name, which would be false; its version is its
  revision, else unknown; its copyright notice is its own, else unknown (never the
  publisher's).

* **A lineage base** is what its entry states: publisher, version, licence (declared, and
  restated as concluded) and copyright notice; nothing is taken from the release (the
  publisher's notice or licence on another's model would be false) or from the base's
  manifest (which only ``validate`` compares it with).

Where a format has to leave a minimum element unknown, a :class:`Gap` records the manifest
place and the field that would fill it; ``export`` prints each as a located warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from aimanifest.data import layers

if TYPE_CHECKING:
    from aimanifest.data import ComponentData, ManifestData, PersonData

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


class BaseFacts(NamedTuple):
    """What a lineage entry states of its base: each None when unknown."""

    publisher: str | None
    version: str | None
    license: str | None
    copyright: str | None


_BASE_FIELDS = (
    ("publisher", "export-supplier", ""),
    ("version", "export-version", ""),
    ("license", "export-license", " (spec 1.1)"),
    ("copyright", "export-copyright", " (spec 1.1)"),
)
"""Each field of a lineage entry an SBOM needs, the gap's rule, and the spec that added it."""

_BASE_WORDS = {"license": "licence", "copyright": "copyright notice"}


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
        stated = part.component.get("supplier")
        if stated is not None and stated["name"] != self.publisher:
            return False  # the manifest says who supplies it, and it is someone else
        if part.component["kind"] == RELEASED:
            return True
        where = places(part.component)
        if where:
            return all(self.is_own_place(url) for url in where)
        return bool(part.component.get("artifacts")) or part.component["availability"] in HELD

    def supplier(self, part: Part) -> PersonData | None:
        """The stated supplier (spec 1.1), else the publisher for its own parts; else None
        (unknown) for a third party's, with a gap."""
        stated = part.component.get("supplier")
        if stated is not None:
            return stated
        if self.is_own(part):
            return self.manifest["release"]["publisher"]
        where = places(part.component)
        if where:
            outside = next(url for url in where if not self.is_own_place(url))
            self.gap(
                (*part.path, "location"),
                "export-supplier",
                f"the supplier of {part.name!r} is not stated: it is located at {outside!r}, "
                "outside the publisher's places (release.publisher.url, release.links), so it "
                "is exported as NOASSERTION; the component's supplier (spec 1.1) would fill "
                "it, or, if the publisher publishes it, a release link covering that place",
            )
        else:
            self.gap(
                part.path,
                "export-supplier",
                f"the supplier of {part.name!r} ({part.component['availability']}, no location) "
                "is not stated, so it is exported as NOASSERTION; the component's supplier "
                "(spec 1.1) would fill it",
            )
        return None

    def release_copyright(self) -> str | None:
        """The release's copyright notice (spec 1.1); None, with a gap, when it states none."""
        found = self.manifest["release"].get("copyright")
        if found is None:
            self.gap(
                ("release",),
                "export-copyright",
                "the release's copyright notice is not stated, so the release and the "
                "components its publisher publishes are exported with copyright NOASSERTION; "
                "release.copyright (spec 1.1) would fill it",
            )
        return found

    def copyright(self, part: Part) -> str | None:
        """The component's notice, else the release's for an own part; None (unknown) for a
        third party's without one, with a gap: the publisher's notice on another's work would
        be false."""
        found = part.component.get("copyright")
        if found is not None:
            return found
        if self.is_own(part):
            return self.release_copyright()
        self.gap(
            part.path,
            "export-copyright",
            f"the copyright notice of third-party component {part.name!r} is not stated, so "
            "it is exported as NOASSERTION (the publisher's would be false); the component's "
            "copyright (spec 1.1) would fill it",
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

    def base_facts(self, index: int) -> BaseFacts:
        """What lineage base ``index`` states of itself for an SBOM, with a gap for each
        minimum element it leaves unknown.

        The entry is the one source, in every format: a base's package is what this
        manifest's publisher says of the base, and an exporter reads no base manifest (a
        verified base whose manifest disagrees is ``validate``'s warning
        ``lineage-license-mismatch``). The licence is declared, and restated as concluded, as
        for every component."""
        base = self.manifest.get("lineage", [])[index]
        for key, rule, since in _BASE_FIELDS:
            if key not in base:
                self.gap(
                    ("lineage", index),
                    rule,
                    f"the {_BASE_WORDS.get(key, key)} of base model {base['name']!r} is not "
                    f"stated, so it is exported as NOASSERTION; lineage[{index}].{key}{since} "
                    "would fill it",
                )
        return BaseFacts(
            base.get("publisher"), base.get("version"), base.get("license"), base.get("copyright")
        )

    def unlicensed(self, part: Part) -> None:
        """Record that no licence applies to ``part`` from the component, layer or release."""
        self.gap(
            part.path,
            "export-license",
            f"no licence is declared for {part.name!r}, so it is exported as NOASSERTION; "
            f"license on the component, {part.layer}.license or release.license would fill it",
        )
