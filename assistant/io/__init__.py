"""Input and output: readers of wire files and renderers of claims and flags."""
