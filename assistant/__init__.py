"""Tally: numeric claim verification for wire desks."""
