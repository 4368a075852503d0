"""Month and weekday names from the language packs (calendar.json), normalised for matching."""

from __future__ import annotations

import re

from assistant.lang import DEFAULT, lang_cache, packs
from assistant.text.normalize import norm


def _names(language: str, which: str) -> list[tuple[str, list[list[str]]]]:
    """The language's month or weekday lists, then the default language's."""
    out = []
    for code in dict.fromkeys((language, DEFAULT)):
        cal = packs()[code].calendar if code in packs() else None
        if cal is not None:
            out.append((code, getattr(cal, which)))
    return out


@lang_cache
def month_names(language: str) -> dict[str, int]:
    """Normalised month name -> month number (1-12), English names always included."""
    out: dict[str, int] = {}
    for lang, months in _names(language, "months"):
        for i, names in enumerate(months):
            for n in names:
                out[norm(n, lang)] = i + 1
    return out


@lang_cache
def weekday_names(language: str) -> dict[str, int]:
    """Normalised weekday name -> weekday (Monday 0)."""
    out: dict[str, int] = {}
    for lang, weekdays in _names(language, "weekdays"):
        for i, names in enumerate(weekdays):
            for n in names:
                out[norm(n, lang)] = i
    return out


def _alt(names: dict[str, int]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@lang_cache
def month_alt(language: str) -> str:
    """Regex alternation of month names."""
    return _alt(month_names(language))


@lang_cache
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
