"""Find and read numeric expressions, in digits or words, in wire text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from assistant.numbers.conventions import conventions
from assistant.numbers.kinds import Kind, Raw, parse_tokens, read_stamp
from assistant.numbers.scripts import normalize_digits
from assistant.numbers.tokens import Tok, tokenize

__all__ = ["MAX_VALUE", "ZERO_WIDTH", "Kind", "NumberSpan", "find_numbers", "parse_number"]


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """One numeric expression found in a text, with its reading."""

    start: int
    end: int
    text: str
    value: float
    kind: Kind
    words: bool
    approx: bool


# The largest value read as a figure (README "Operating Tally": limits). Above it a digit
# run is no count of anything a wire reports (a 400-digit string, a hash, a float limit):
# it is not a claim, and a value this large could not be held exactly anyway.
MAX_VALUE: Final = 10**15
# Zero-width characters a copy-paste leaves inside a number ("1\u200b200" is 1200): read
# past, with offsets kept into the original text.
ZERO_WIDTH: Final = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH: Final = re.compile(f"[{ZERO_WIDTH}]")
# Scientific notation ("1.7976931348623157e+308") is a machine's number, never a count:
# skipped whole, so its exponent is not read as a figure of its own.
_SCIENTIFIC: Final = re.compile(r"(?<![\w.,])[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+(?!\w)")


def _scan(text: str, language: str, strict: bool) -> list[NumberSpan]:
    if _ZERO_WIDTH.search(text) is None:
        return _scan_plain(text, language, strict)
    # Scan the text without its zero-width characters, then map spans back to the original.
    keep = [i for i, ch in enumerate(text) if ch not in ZERO_WIDTH]
    bare = "".join(text[i] for i in keep)
    out: list[NumberSpan] = []
    for sp in _scan_plain(bare, language, strict):
        s, e = keep[sp.start], keep[sp.end - 1] + 1
        out.append(NumberSpan(s, e, text[s:e], sp.value, sp.kind, sp.words, sp.approx))
    return out


def _scan_plain(text: str, language: str, strict: bool) -> list[NumberSpan]:
    lang = conventions(language)
    norm = normalize_digits(text)
    skip = [m.span() for m in _SCIENTIFIC.finditer(norm)] if "e" in norm.lower() else []
    fixed: list[Raw] = []
    for m in lang.special.finditer(norm):
        r = read_stamp(m)
        if r is not None and not any(a < r[1] and r[0] < b for a, b in skip):
            fixed.append(r)
    toks: list[Tok] = []
    pos = 0
    for a, b in sorted([f[:2] for f in fixed] + skip):
        tokenize(norm, lang, pos, a, toks)
        pos = max(pos, b)
    tokenize(norm, lang, pos, len(norm), toks)
    raws = parse_tokens(norm, toks, lang, strict)
    if fixed:
        raws = sorted(raws + fixed)
    out: list[NumberSpan] = []
    for s, e, v, k, w, a in raws:
        if v > MAX_VALUE or v < -MAX_VALUE:
            continue
        # Extensions (percent signs, code prefixes) may reach into a neighbour: first wins.
        if not out or s >= out[-1].end:
            out.append(NumberSpan(s, e, text[s:e], float(v), k, w, a))
    return out


def find_numbers(text: str, language: str) -> list[NumberSpan]:
    """Every numeric expression in text, in order and non-overlapping."""
    return _scan(text, language, True)


_VALUED: Final = frozenset({"number", "fraction", "year", "percent"})


def parse_number(text: str, language: str) -> float | None:
    """The value of text if the whole of it is one number, else None."""
    stripped = text.strip()
    if not stripped:
        return None
    spans = _scan(stripped, language, False)
    if len(spans) != 1:
        return None
    sp = spans[0]
    if sp.start != 0 or sp.end != len(stripped) or sp.kind not in _VALUED:
        return None
    return sp.value
