"""Month and weekday names in the supported languages, normalised for matching."""

from __future__ import annotations

import re
from functools import cache

from assistant.text.normalize import norm

_MONTHS: dict[str, list[list[str]]] = {
    "en": [
        ["january", "jan."],
        ["february", "feb."],
        ["march"],
        ["april", "apr."],
        ["may"],
        ["june"],
        ["july"],
        ["august", "aug."],
        ["september", "sept.", "sep."],
        ["october", "oct."],
        ["november", "nov."],
        ["december", "dec."],
    ],
    "fr": [
        ["janvier"],
        ["février", "fevrier"],
        ["mars"],
        ["avril"],
        ["mai"],
        ["juin"],
        ["juillet"],
        ["août", "aout"],
        ["septembre"],
        ["octobre"],
        ["novembre"],
        ["décembre", "decembre"],
    ],
    "ar": [
        ["كانون الثاني/يناير", "كانون الثاني", "يناير"],
        ["شباط/فبراير", "شباط", "فبراير"],
        ["آذار/مارس", "آذار", "مارس"],
        ["نيسان/أبريل", "نيسان", "أبريل", "ابريل"],
        ["أيار/مايو", "أيار", "مايو"],
        ["حزيران/يونيو", "حزيران", "يونيو"],
        ["تموز/يوليو", "تموز", "يوليو"],
        ["آب/أغسطس", "أغسطس", "آب"],
        ["أيلول/سبتمبر", "أيلول", "سبتمبر"],
        ["تشرين الأول/أكتوبر", "تشرين الأول", "أكتوبر"],
        ["تشرين الثاني/نوفمبر", "تشرين الثاني", "نوفمبر"],
        ["كانون الأول/ديسمبر", "كانون الأول", "ديسمبر"],
    ],
    "tr": [
        ["ocak"],
        ["şubat"],
        ["mart"],
        ["nisan"],
        ["mayıs"],
        ["haziran"],
        ["temmuz"],
        ["ağustos"],
        ["eylül"],
        ["ekim"],
        ["kasım"],
        ["aralık"],
    ],
}

_WEEKDAYS: dict[str, list[list[str]]] = {
    "en": [
        ["monday"],
        ["tuesday"],
        ["wednesday"],
        ["thursday"],
        ["friday"],
        ["saturday"],
        ["sunday"],
    ],
    "fr": [["lundi"], ["mardi"], ["mercredi"], ["jeudi"], ["vendredi"], ["samedi"], ["dimanche"]],
    "ar": [
        ["الاثنين", "الإثنين"],
        ["الثلاثاء"],
        ["الأربعاء"],
        ["الخميس"],
        ["الجمعة"],
        ["السبت"],
        ["الأحد"],
    ],
    "tr": [["pazartesi"], ["salı"], ["çarşamba"], ["perşembe"], ["cuma"], ["cumartesi"], ["pazar"]],
}


@cache
def month_names(language: str) -> dict[str, int]:
    """Normalised month name -> month number (1-12), English names always included."""
    out: dict[str, int] = {}
    for lang in {language, "en"}:
        for i, names in enumerate(_MONTHS.get(lang, [])):
            for n in names:
                out[norm(n, lang)] = i + 1
    return out


@cache
def weekday_names(language: str) -> dict[str, int]:
    """Normalised weekday name -> weekday (Monday 0)."""
    out: dict[str, int] = {}
    for lang in {language, "en"}:
        for i, names in enumerate(_WEEKDAYS.get(lang, [])):
            for n in names:
                out[norm(n, lang)] = i
    return out


def _alt(names: dict[str, int]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def month_alt(language: str) -> str:
    """Regex alternation of month names."""
    return _alt(month_names(language))


@cache
def weekday_alt(language: str) -> str:
    """Regex alternation of weekday names."""
    return _alt(weekday_names(language))


def month_of(text: str, language: str) -> int | None:
    """Month number of a normalised month name (prefix match for Turkish suffixes)."""
    names = month_names(language)
    if text in names:
        return names[text]
    for n in sorted(names, key=len, reverse=True):
        if text.startswith(n):
            return names[n]
    return None


def weekday_of(text: str, language: str) -> int | None:
    """Weekday of a normalised weekday name."""
    names = weekday_names(language)
    for n in sorted(names, key=len, reverse=True):
        if text.startswith(n) or text.endswith(n):
            return names[n]
    return None
