"""aimanifest: a machine-readable release manifest for AI models."""

__version__ = "0.1.0"
SPEC_VERSIONS = ("1.0",)
"""Versions of the aimanifest specification this package reads, oldest first."""
