"""Numbers written in the styles the reader understands, for tests and fixtures."""

from __future__ import annotations

from fractions import Fraction
from typing import Final

from assistant.numbers import words as W
from assistant.numbers.conventions import COMMA_DECIMAL, SPACE_GROUP, conventions
from assistant.numbers.grouping import Num

_TO_ARABIC_INDIC: Final = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_PERSIAN: Final = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_SCALE_NAMES: Final = {
    "en": {1000: "thousand", 10**6: "million", 10**9: "billion"},
    "fr": {1000: "mille", 10**6: "million", 10**9: "milliard"},
    "tr": {1000: "bin", 10**6: "milyon", 10**9: "milyar"},
    "ar": {1000: "ألف", 10**6: "مليون", 10**9: "مليار"},
    "es": {1000: "mil", 10**6: "millón", 10**9: "mil millones"},
}
_AR_PLURALS: Final = {1000: "آلاف", 10**6: "ملايين", 10**9: "مليارات"}


def _grouped(value: int, code: str) -> str:
    s = f"{value:,}"
    if code == "ar":
        return s.replace(",", "\u066c").translate(_TO_ARABIC_INDIC)
    if code in SPACE_GROUP:
        return s.replace(",", "\u00a0")
    return s.replace(",", ".") if code in COMMA_DECIMAL else s


def _scale_name(code: str, scale: int, count: Num) -> str:
    if code == "ar" and isinstance(count, int) and 3 <= count % 100 <= 10:
        return _AR_PLURALS[scale]
    name = _SCALE_NAMES.get(code, _SCALE_NAMES["en"])[scale]
    if code == "es" and scale == 10**6 and count >= 2:
        return "millones"
    return name + "s" if code == "fr" and scale > 1000 and count >= 2 else name


def _compose(value: int, code: str) -> str:
    """Digits with scale words, no decimals: "6 bin 500", "4 آلاف و900"."""
    for scale in (10**9, 10**6, 1000):
        q, r = divmod(value, scale)
        if q:
            head = f"{q} {_scale_name(code, scale, q)}"
            if not r:
                return head
            return f"{head} و{_compose(r, code)}" if code == "ar" else f"{head} {_compose(r, code)}"
    return str(value)


def _scaled(value: int, code: str) -> str:
    scale = next((s for s in (10**9, 10**6, 1000) if value >= s), 0)
    if not scale:
        return str(value)
    q, r = divmod(value, scale)
    if not r:
        return f"{q} {_scale_name(code, scale, q)}"
    if scale > 1000 and value % (scale // 1000) == 0:
        mark = "," if code in COMMA_DECIMAL else "."
        frac = f"{r * 1000 // scale:03d}".rstrip("0")
        return f"{q}{mark}{frac} {_scale_name(code, scale, Fraction(value, scale))}"
    if code in ("tr", "ar"):
        return _compose(value, code)
    return _grouped(value, code)


def render_number(value: int, language: str, style: str) -> str:
    """Write a non-negative integer in one of the styles the reader understands."""
    if value < 0:
        raise ValueError("render_number writes non-negative integers only")
    code = conventions(language).code
    if style == "plain":
        return str(value)
    if style == "grouped":
        return _grouped(value, code)
    if style == "arabic_indic":
        return str(value).translate(_TO_ARABIC_INDIC)
    if style == "persian":
        return str(value).translate(_TO_PERSIAN)
    if style == "words":
        return W.WORD_SPELLERS.get(code, W.en_words)(value)
    if style == "scale":
        return _scaled(value, code)
    raise ValueError(f"unknown style {style!r}")
