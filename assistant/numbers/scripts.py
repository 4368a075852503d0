"""Numerals across scripts: any Unicode digit as ASCII, Arabic clitic forms of number
words, Turkish numerals glued into one word."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from assistant.numbers import words as W

# Arabic diacritics: read past inside a number word.
AR_MARKS: Final = frozenset(W.AR_DIACRITICS)
_FOREIGN_DIGIT: Final = re.compile(r"(?![0-9])\d")
_DIGIT_CACHE: dict[str, str] = {}


def _ascii_digit(m: re.Match[str]) -> str:
    c = m.group()
    d = _DIGIT_CACHE.get(c)
    if d is None:
        d = _DIGIT_CACHE[c] = str(unicodedata.decimal(c))
    return d


def normalize_digits(text: str) -> str:
    """Map every Unicode decimal digit to its ASCII digit; the length never changes."""
    if text.isascii():
        return text
    return _FOREIGN_DIGIT.sub(_ascii_digit, text)


def is_arabic(ch: str) -> bool:
    """Whether a character is in one of the Arabic script blocks."""
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or ch >= "\ufb50"


ArHit = tuple[W.Item, int, bool, bool]  # item, folded prefix length, conjoined, definite


def _ar_variants() -> tuple[dict[str, ArHit], dict[str, ArHit]]:
    """Every clitic form of every stem; the second map holds conjoined readings of keys
    that are also a stem (folded وأحد is واحد)."""
    stems = {**W.lexicon("ar"), **W.duals("ar")}
    out = {k: (v, 0, False, False) for k, v in stems.items()}
    other: dict[str, ArHit] = {}
    for prefix in W.AR_PREFIXES[1:]:
        definite = prefix.endswith(("ال", "لل"))
        for stem, item in stems.items():
            # A clitic on a two-letter stem makes too many ordinary words (لست, بست).
            if item.cat == W.CONN or (len(stem) <= 2 and prefix != "و"):
                continue
            if definite and stem in W.weekday_stems("ar"):
                continue
            hit = (item, len(prefix), prefix.startswith("و"), definite)
            key = prefix + stem
            if key not in out:
                out[key] = hit
            elif hit[2] and not out[key][2]:
                other.setdefault(key, hit)
    return out, other


AR_VARIANTS, AR_CONJOINED = _ar_variants()
AR_CLITICS: Final = frozenset(W.AR_PREFIXES[1:])
TR_CASE: Final = str.maketrans({"I": "ı", "İ": "i"})
TR_GLUE: Final = re.compile("(?:" + "|".join(W.glue_parts("tr")) + ")+")
TR_GLUE_PART: Final = re.compile("|".join(W.glue_parts("tr")))
# A scale word with a case ending of its own harmony: the stem is group 1.
TR_INFLECTED: Final = re.compile(
    "|".join(f"({word})(?:{'|'.join(ends)})" for word, ends in W.scale_suffixes("tr"))
)


def ar_prefix_len(word: str, base_len: int) -> int:
    """Length in the written word of a clitic prefix that is base_len letters when folded."""
    count = 0
    for i, ch in enumerate(word):
        if ch in AR_MARKS:
            continue
        if count == base_len:
            return i
        count += 1
    return len(word)
