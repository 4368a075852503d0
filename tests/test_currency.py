"""Sums carry their currency: "$5 million" and "€5 million" are not one quantity.

Sentences written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.core.models import Claim, Report
from assistant.extract.currency import currency
from assistant.extract.rules import RulesExtractor


def _claims(language: str, body: str) -> list[Claim]:
    report = Report(
        id="t", language=language, published=datetime(2026, 5, 4, 12, tzinfo=UTC), body=body
    )
    return RulesExtractor().extract(report)


def _unit(language: str, body: str, value: float) -> str:
    return next(c.unit for c in _claims(language, body) if c.value == value)


@pytest.mark.parametrize(
    ("language", "body", "value", "unit"),
    [
        ("en", "The World Bank released $5 million in emergency aid.", 5_000_000, "USD"),
        ("en", "The European Commission pledged €3 million for shelters.", 3_000_000, "EUR"),
        ("fr", "L'Union européenne a débloqué 3 millions d'euros.", 3_000_000, "EUR"),
        ("ar", "قدّمت المنظمة مساعدات بقيمة مليوني دولار للمتضررين.", 2_000_000, "USD"),
        # A family of currencies is settled by the country the story is in.
        (
            "en",
            "In Nepal, the government will pay 200,000 rupees to each bereaved family.",
            200_000,
            "NPR",
        ),
        (
            "en",
            "In Pakistan, the government will pay 200,000 rupees to each bereaved family.",
            200_000,
            "PKR",
        ),
    ],
)
def test_a_sum_is_in_its_currency(language: str, body: str, value: float, unit: str) -> None:
    assert _unit(language, body, value) == unit


def test_a_currency_no_country_settles_is_not_guessed() -> None:
    body = "The council will pay 200,000 rupees to each bereaved family."
    assert _unit("en", body, 200_000) == "money"
    assert currency("pesos", []) == "money"
    assert currency("pesos", ["Chile"]) == "CLP"
    assert currency("dollars", []) == "USD"  # a family with a default
