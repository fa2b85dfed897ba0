"""Importers: turn other formats that describe a model release into manifest data.

Each importer returns plain, schema-valid manifest data plus a list of warnings, one for every
guess or loss, because a converted manifest is only trustworthy if its reader knows where the
converter had to assume something. The one interface they share is
:mod:`aimanifest.importers.base`; what they do alike is :mod:`aimanifest.importers.common`.
Generated manifests name the latest spec version (:data:`aimanifest.spec.LATEST`).
"""
