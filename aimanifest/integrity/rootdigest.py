"""The root digest: one SHA-256 naming a whole set of files, as OpenSSF model signing does.

The OpenSSF model-signing tool (``model_signing``, sigstore/model-transparency) signs an
in-toto statement whose single subject carries this digest when it serializes a model "by
file" with SHA-256 (its default):

1. each file's digest is the plain SHA-256 of its bytes;
2. the files are named by their path relative to the model directory, with ``/``
   separators, and sorted as ``pathlib.PurePosixPath`` objects sort: component by component
   (so ``a/b`` comes before ``a-c``, although ``-`` sorts before ``/`` in a plain string
   comparison);
3. the root digest is the SHA-256 of the concatenated raw digests (32 bytes each, not hex),
   in that order. Names do not enter it; they are listed beside it in the statement's
   ``predicate.resources``.

So the root digest of a manifest's artifacts equals the subject digest ``model_signing``
signs for the same directory when that directory holds exactly the listed files (besides the
paths it ignores). ``tests/test_rootdigest.py`` checks this against ``model_signing`` itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

ROOT_ALGORITHM = "sha256"
"""The per-file algorithm, and the algorithm of the root digest: model_signing's default."""


def sort_key(path: str) -> tuple[str, ...]:
    """Order of ``model_signing``'s manifest: ``PurePosixPath`` comparison, by component."""
    return tuple(part for part in path.split("/") if part not in ("", "."))


def ordered(digests: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(path, hex digest)`` pairs in the order the root digest consumes them."""
    return sorted(digests.items(), key=lambda item: sort_key(item[0]))


def root_digest(digests: Mapping[str, str]) -> str:
    """SHA-256 over the raw bytes of the per-file SHA-256 digests, in path order.

    ``digests`` maps each relative ``/``-separated path to the lowercase hex SHA-256 of the
    file's content.
    """
    return _digest_of(hex_digest for _, hex_digest in ordered(digests))


def _digest_of(hex_digests: Iterable[str]) -> str:
    state = hashlib.sha256()
    for hex_digest in hex_digests:
        state.update(bytes.fromhex(hex_digest))
    return state.hexdigest()


def resources(digests: Mapping[str, str]) -> list[dict[str, str]]:
    """The ``predicate.resources`` list of a model-signing statement for these files."""
    return [
        {"name": path, "algorithm": ROOT_ALGORITHM, "digest": hex_digest}
        for path, hex_digest in ordered(digests)
    ]
