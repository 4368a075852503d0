"""Runs of digits with their grouping and decimal marks: "26,950", "12 500", "3,5"."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from assistant.numbers.conventions import SPACES, Lang

# A value read exactly: a count, or a decimal or fraction as written.
Num = int | Fraction

# Separators that count as the same when checking that a number groups consistently.
_SEP_CLASS: Final = {
    **{c: c for c in ",.\u066b\u066c'"},
    "\u2019": "'",
    **{c: " " for c in SPACES},
}
_SEP_SPLIT: Final = re.compile(r"([^0-9])")
DIGITS: Final = re.compile("[0-9]+")

# A digit string longer than this is read as "too large" without converting it (Python
# refuses int() of more than 4300 digits, and no figure needs more than MAX_VALUE).
_LONGEST: Final = 18
_TOO_LARGE: Final = 10**18


def int_of(digits: str) -> int:
    """The value of a run of ASCII digits, or a stand-in above MAX_VALUE when it is huge."""
    return int(digits) if len(digits.lstrip("0")) <= _LONGEST else _TOO_LARGE


def _frac(whole: str, decimals: str) -> Fraction:
    """whole.decimals exactly; decimals past the 18th cannot matter to a figure."""
    if len(whole.lstrip("0")) > _LONGEST:
        return Fraction(_TOO_LARGE)
    return Fraction(f"{whole or 0}.{decimals[:_LONGEST]}")


def _read_groups(gs: list[str], ss: list[str], lang: Lang) -> tuple[Num, Fraction | None] | None:
    if not ss:
        return int_of(gs[0]), None
    cls = [_SEP_CLASS[c] for c in ss]
    lead_ok = len(gs[0]) <= 3 and gs[0][0] != "0"
    # The 3-digit rule: "26,950" and "53.380" are grouped in every language.
    if len(set(cls)) == 1 and cls[0] != "\u066b" and lead_ok and all(len(g) == 3 for g in gs[1:]):
        alt = None
        if len(ss) == 1 and ss[0] in lang.decimal:
            alt = _frac(gs[0], gs[1])
        return int_of("".join(gs)), alt
    last = ss[-1]
    if last not in ".,\u066b":
        return None
    head = cls[:-1]
    if head and not (
        len(set(head)) == 1
        and head[0] not in (cls[-1], "\u066b")
        and lead_ok
        and all(len(g) == 3 for g in gs[1:-1])
    ):
        return None
    return _frac("".join(gs[:-1]), gs[-1]), None


def digit_pieces(chunk: str, lang: Lang) -> list[tuple[int, int, Num, Fraction | None, bool]]:
    """Split a run of digits and separators into the numbers it holds."""
    parts = _SEP_SPLIT.split(chunk)
    if len(parts) == 1:
        return [(0, len(chunk), int_of(chunk), None, True)]
    gs, ss = parts[0::2], parts[1::2]
    offs = [0]
    for g, sep in zip(gs, ss, strict=False):
        offs.append(offs[-1] + len(g) + len(sep))
    out: list[tuple[int, int, Num, Fraction | None, bool]] = []
    i = 0
    while i < len(gs):
        for j in range(len(gs) - 1, i - 1, -1):
            r = _read_groups(gs[i : j + 1], ss[i:j], lang)
            if r is not None:
                out.append((offs[i], offs[j] + len(gs[j]), r[0], r[1], i == j))
                i = j + 1
                break
    return out
