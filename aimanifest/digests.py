"""The digest algorithms a manifest may name: the one table, for every module that hashes.

A leaf module (it imports only :mod:`hashlib`), so that ``verify`` and ``init`` (which stream
gigabytes through :mod:`aimanifest.integrity.hashing`) and the lineage (which hashes a base
manifest's bytes) read the same keys the same way: when the table was copied, the copies could
drift and a digest one command accepts could be one another ignores. A test keeps the keys in
line with the schema's ``digests`` object.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Protocol

__all__ = ["ALGORITHMS", "Hasher", "hexdigest"]


class Hasher(Protocol):
    """What the package needs of a ``hashlib`` object."""

    def update(self, data: memoryview | bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


ALGORITHMS: Mapping[str, Callable[[], Hasher]] = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
    "sha3-256": hashlib.sha3_256,
    "sha3-384": hashlib.sha3_384,
    "sha3-512": hashlib.sha3_512,
    "blake2b-256": lambda: hashlib.blake2b(digest_size=32),
    "blake2b-512": lambda: hashlib.blake2b(digest_size=64),
}
"""Each key of the schema's ``digests`` object, with the ``hashlib`` constructor it names."""


def hexdigest(algorithm: str, data: bytes) -> str:
    """The lowercase hexadecimal digest of ``data`` with ``algorithm`` (a key of the table)."""
    hasher = ALGORITHMS[algorithm]()
    hasher.update(data)
    return hasher.hexdigest()
