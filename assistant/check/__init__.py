"""Checks: quantity identity, tolerances, the consistency checks and retrieval."""
