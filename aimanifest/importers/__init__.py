"""Importers: turn other formats that describe a model release into aimanifest 1.0 data.

Each importer returns plain, schema-valid manifest data plus a list of warnings, one for every
guess or loss, because a converted manifest is only trustworthy if its reader knows where the
converter had to assume something.
"""
