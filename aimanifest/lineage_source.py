"""Where base manifests come from: the repository, kept inside its root, or a local cache.

A lineage entry names its base's manifest by ``path`` (a file of the same repository) or by
``url`` plus ``digests`` (a manifest published elsewhere). Each way has its trap, and this
module holds the answer to each:

* **paths stay inside the repository root**: the nearest directory above the manifest that
  holds ``.git`` (a directory, or a file in a worktree), else the manifest's own directory, or
  the ``--root`` the user gives. The one reader (:mod:`aimanifest.source.reader`) resolves
  every symbolic link and refuses a file outside it, so a base path cannot turn the tool into
  an oracle for files elsewhere on the machine.
* **URLs are read from a local, content-addressed cache** (:func:`cache_directory`): a file
  named by the SHA-256 the manifest pins, so a cached copy is the pinned content or it is
  nothing. No network by default, ever: only :func:`fetch`, which a command calls when the user
  asks with ``--fetch-lineage``, fills the cache, and the pre-commit hooks never ask.
* **a fetch is bounded**: http(s) only, no redirect to another scheme, a total time limit (a
  server that sends a byte a second is cut off), a size limit (the manifest limit), and the
  bytes are checked against every pinned digest before anything is written. A mismatch writes
  nothing, and its message does not say what the server sent: a manifest under review must not
  learn the digest of a page it points at (an internal address, say).

Only :mod:`os` is imported here: ``validate`` loads this module when a manifest has a lineage,
and :mod:`urllib` is imported by :func:`fetch` alone.
"""

from __future__ import annotations

import os
from typing import NamedTuple

__all__ = [
    "CACHE_ENV",
    "FETCH_TIMEOUT",
    "CacheError",
    "FetchError",
    "LineageOptions",
    "cache_directory",
    "cache_file",
    "fetch",
    "find_root",
]

CACHE_ENV = "AIMANIFEST_CACHE_DIR"
"""The environment variable that names the cache directory, overriding the platform's."""
FETCH_TIMEOUT = 30.0
"""Seconds a whole download may take, connection included."""
_CHUNK = 64 * 1024


class LineageOptions(NamedTuple):
    """How base manifests may be found: the repository root, and whether to fetch URLs.

    The default reads nothing from the network and finds the root from ``.git``.
    """

    root: str | None = None
    """The repository root base paths must stay inside; None: :func:`find_root`."""
    fetch: bool = False
    """Whether a base manifest named by URL and missing from the cache may be downloaded."""


class CacheError(Exception):
    """No usable cache directory; the message says why and what to set."""


class FetchError(Exception):
    """A base manifest could not be fetched into the cache; the message says why."""


def find_root(directory: str) -> str:
    """The repository root of a manifest in ``directory``: nearest ancestor holding ``.git``.

    ``.git`` may be a directory or a file (a worktree, a submodule). Without one the
    manifest's own directory is the root: a base may then sit beside it or below it.
    """
    start = os.path.abspath(directory)
    here = start
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return start
        here = parent


def cache_directory() -> str:
    """The lineage cache directory (it may not exist yet), or :class:`CacheError`.

    ``$AIMANIFEST_CACHE_DIR`` if set; else the platform's cache directory:
    ``%LOCALAPPDATA%\\aimanifest\\lineage`` on Windows, ``$XDG_CACHE_HOME/aimanifest/lineage``
    (an absolute ``XDG_CACHE_HOME`` only, as the XDG specification says) or
    ``~/.cache/aimanifest/lineage`` elsewhere.
    """
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return explicit
    if os.name == "nt":
        local = os.environ.get("LOCALAPPDATA")
        if not local:
            raise CacheError(f"no cache directory: LOCALAPPDATA is not set; set {CACHE_ENV}")
        return os.path.join(local, "aimanifest", "lineage")
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "aimanifest", "lineage")
    home = os.environ.get("HOME")
    if not home:
        raise CacheError(f"no cache directory: HOME is not set; set {CACHE_ENV}")
    return os.path.join(home, ".cache", "aimanifest", "lineage")


def cache_file(directory: str, sha256: str, url: str) -> str:
    """The cache's name for the manifest with digest ``sha256`` published at ``url``.

    Named by content, so two URLs serving the same bytes share one file, and a JSON manifest
    keeps its ``.json`` suffix (the reader chooses the parser by suffix).
    """
    path = url.split("?", 1)[0].split("#", 1)[0]
    suffix = ".json" if path.lower().endswith(".json") else ".yaml"
    return os.path.join(directory, sha256 + suffix)


def _http_only(url: str) -> str:
    """The URL's scheme, if it is http or https; else :class:`FetchError`."""
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {scheme}:")
    return scheme


def _download(url: str, limit: int, timeout: float) -> bytes:
    """At most ``limit`` bytes from ``url`` within ``timeout`` seconds, or :class:`FetchError`."""
    import time
    import urllib.error
    import urllib.request

    scheme = _http_only(url)

    class SameScheme(urllib.request.HTTPRedirectHandler):
        """Follow a redirect only to a URL of the same scheme (never https to http, or ftp)."""

        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            target = newurl.split(":", 1)[0].lower()
            if target != scheme:
                raise FetchError(
                    f"redirected to a {target}: URL; only redirects to {scheme}: are followed"
                )
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(SameScheme)
    request = urllib.request.Request(
        url, headers={"Accept": "application/yaml, application/json, text/plain, */*"}
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > limit:
                raise FetchError(
                    f"the server announces {int(length):,} bytes; the limit is {limit:,}"
                )
            chunks: list[bytes] = []
            total = 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s")
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise FetchError(f"the manifest is larger than {limit:,} bytes")
                chunks.append(chunk)
    except FetchError:
        raise
    except urllib.error.HTTPError as error:
        raise FetchError(f"the server answered HTTP {error.code}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"cannot connect: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError) as error:  # a reset connection, an unparseable URL
        raise FetchError(f"cannot download: {getattr(error, 'strerror', None) or error}") from None
    return b"".join(chunks)


def fetch(
    url: str,
    digests: dict[str, str],
    *,
    directory: str,
    limit: int,
    timeout: float = FETCH_TIMEOUT,
) -> str:
    """Download the manifest at ``url`` into the cache ``directory``; the file's path.

    ``digests`` are the pinned digests (``sha256`` among them); the download must match every
    one before it is written, through the one writer, under its content name. Raises
    :class:`FetchError` (nothing written) or :class:`CacheError` (the cache cannot be written).
    """
    from aimanifest.digests import ALGORITHMS, hexdigest
    from aimanifest.output import OutputError, write_file

    content = _download(url, limit, timeout)
    for key, expected in sorted(digests.items()):
        if key in ALGORITHMS and hexdigest(key, content) != expected.lower():
            # what the server sent is not said: it could be an internal page's digest
            raise FetchError(f"the download does not match the pinned {key} digest; not cached")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError("the download is not UTF-8 text; not cached") from None
    target = cache_file(directory, digests["sha256"], url)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError as error:
        raise CacheError(
            f"cannot create the cache directory {directory}: {error.strerror or error}; "
            f"set {CACHE_ENV} to a writable directory"
        ) from None
    try:
        write_file(target, text)
    except OutputError as error:
        if not os.path.isfile(target):  # another run may have cached the same content
            raise CacheError(f"{error}; set {CACHE_ENV} to a writable directory") from None
    return target
