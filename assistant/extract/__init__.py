"""Extraction: the rules extractor, its cue tables, periods, places and attribution."""
