"""Integrity: do the files of a release match what its manifest says about them?

Small modules, each importable alone so that a command pays only for what it uses:

- :mod:`~aimanifest.integrity.hashing`: streaming, parallel, one-pass hashing of files with
  every digest algorithm the schema allows;
- :mod:`~aimanifest.integrity.walk`: artifact paths that can never leave the root, and the
  files of the root that no artifact lists;
- :mod:`~aimanifest.integrity.rootdigest`: one digest over the whole file set, the one the
  OpenSSF model-signing tool (``model_signing``) signs;
- :mod:`~aimanifest.integrity.verify`: the check behind ``aimanifest verify``;
- :mod:`~aimanifest.integrity.progress`: a progress bar for long work on a terminal.

Nothing here is imported by ``validate``.
"""
