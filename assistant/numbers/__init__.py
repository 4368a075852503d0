"""Numbers in digits and words, and calendar words: parsing and rendering."""

from assistant.numbers.parse import NumberSpan, find_numbers, parse_number
from assistant.numbers.render import render_number

__all__ = ["NumberSpan", "find_numbers", "parse_number", "render_number"]
