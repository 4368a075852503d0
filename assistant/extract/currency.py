"""Which currency a sum is in: "$5 million" and "€5 million" are not one quantity.

Signs and names (data/currencies.json) give an ISO 4217 code, or a family ("rupee",
"peso", "dollar") that the country the figure is counted in settles: 200,000 rupees in
Nepal are NPR, in Pakistan PKR. With no country that settles it and no default, the sum
stays in the unit `money`: a code is never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

MONEY = "money"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("assistant.extract").joinpath("data", "currencies.json")
    data: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return data


def _named(written: str) -> str | None:
    """The code or family a written sign or word names."""
    data = _data()
    text = " ".join(written.lower().split()).strip(" .,:;()")
    if text in data["signs"]:
        return str(data["signs"][text])
    # "millions d'euros", "مليون دولار", "US dollars": the longest known word inside.
    words = sorted(data["words"], key=len, reverse=True)
    for w in words:
        if f" {w} " in f" {text} " or text.endswith(f"'{w}") or text.endswith(f"’{w}"):
            return str(data["words"][w])
    for sign in sorted(data["signs"], key=len, reverse=True):
        if not sign.isalpha() and sign in text:
            return str(data["signs"][sign])
    return None


def currency(written: str, countries: Iterable[str]) -> str:
    """The ISO code of the money written as `written`, given the figure's countries
    (innermost or most named first), else `money`."""
    named = _named(written)
    if named is None:
        return MONEY
    family = _data()["families"].get(named)
    if family is None:
        return named  # already a code
    for country in countries:
        if country in family:
            return str(family[country])
    return str(family.get("default", MONEY))
