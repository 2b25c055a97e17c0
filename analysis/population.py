"""Inhabitants are reference data, read on the ground of the domain in :mod:`geo.inhabitants` (the demo
generator in ``inventory`` uses them too); the name stays importable from here for the callers above."""
from geo.inhabitants import inhabitants

__all__ = ["inhabitants"]
