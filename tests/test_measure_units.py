"""Measures keep their own units, and a figure's noun stays in its clause.

Sentences written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor


def _units(body: str) -> dict[float, str]:
    report = Report(
        id="t", language="en", published=datetime(2026, 5, 4, 12, tzinfo=UTC), body=body
    )
    return {c.value: c.unit for c in RulesExtractor().extract(report)}


def test_a_mile_is_not_a_kilometre() -> None:
    units = _units(
        "The storm came ashore 40 miles south of the port with winds of 120 mph, and 9 "
        "people were killed."
    )
    assert units[40] == "miles"
    assert units[120] == "mph"
    assert units[9] == "people"


def test_a_forecast_toll_does_not_count_the_noun_of_its_once_clause() -> None:
    units = _units(
        "Officials said the toll could exceed 200 once rescue teams reached the upper villages."
    )
    assert units[200] == "people"


def test_what_befell_a_group_does_not_hide_the_group() -> None:
    units = _units(
        "Seventy-four injured workers were taken to hospital. Police put the number of "
        "workers still missing at 33, while 12 injured were treated at the scene."
    )
    assert units[74] == "workers"
    assert units[33] == "workers"
    assert units[12] == "people"


def test_cubic_metres_and_lei_are_their_own_units() -> None:
    units = _units(
        "The breach released about 38 million cubic metres of water in Romania, and the "
        "government pledged 50 million lei in aid."
    )
    assert units[38_000_000] == "cubic metres"
    assert units[50_000_000] == "RON"


def _units_in(language: str, body: str) -> dict[float, str]:
    report = Report(
        id="t", language=language, published=datetime(2026, 5, 4, 12, tzinfo=UTC), body=body
    )
    return {c.value: c.unit for c in RulesExtractor().extract(report)}


def test_a_figure_after_and_with_no_noun_counts_the_subjects_group() -> None:
    fr = _units_in("fr", "23 militaires ont péri et 26 ont été blessés, selon le ministère.")
    assert fr[26] == "soldiers"
    en = _units_in("en", "Three soldiers were killed and 26 were injured in the ambush.")
    assert en[26] == "soldiers"


def test_a_figure_after_an_including_list_is_not_the_lists_group() -> None:
    body = "At least 46 people were killed, including 9 women and 14 children, and 71 wounded."
    assert _units_in("en", body)[71] == "people"


def _scope(language: str, body: str, value: float, published: datetime) -> tuple[str, str]:
    report = Report(id="t", language=language, published=published, body=body)
    c = next(c for c in RulesExtractor().extract(report) if c.value == value)
    return c.scope.value, c.period


TUESDAY = datetime(2026, 10, 13, 9, tzinfo=UTC)


def test_a_one_off_events_day_starts_its_toll() -> None:
    body = "A strong earthquake struck the Kesra valley on Monday, killing at least 96 people."
    assert _scope("en", body, 96, TUESDAY) == ("cumulative", "since Monday (12 October 2026)")
    fr = "Un séisme a frappé la vallée de Kesra lundi, faisant au moins 96 morts."
    assert _scope("fr", fr, 96, TUESDAY)[0] == "cumulative"


def test_a_day_of_recurring_strikes_is_that_days_count() -> None:
    body = "Air strikes on the Kesra valley killed 12 people on Monday, medics said."
    assert _scope("en", body, 12, TUESDAY)[0] == "window"


def test_a_measure_is_what_it_is_when_said() -> None:
    body = "The magnitude 6.3 quake struck on Monday; donors pledged $5 million on Monday."
    assert _scope("en", body, 6.3, TUESDAY)[0] == "snapshot"
    assert _scope("en", body, 5_000_000, TUESDAY)[0] == "snapshot"
    delivered = "Crews handed out 98,000 litres of water in the past 24 hours."
    assert _scope("en", delivered, 98_000, TUESDAY)[0] == "window"


def test_a_forecast_toll_forecasts_the_running_total() -> None:
    body = "Officials said the toll could exceed 200 as rescuers reach remote villages."
    assert _scope("en", body, 200, TUESDAY) == ("cumulative", "as of publication")


def test_a_dateline_day_and_month_is_no_count() -> None:
    body = "ISLAMABAD, 08 Aug: 47 more people died in the past 24 hours, the authority said."
    assert sorted(_units(body)) == [47]


def test_a_repeated_total_takes_the_start_its_later_mention_dates() -> None:
    body = (
        "Monsoon toll climbs to 478\n\nThe authority said 47 more people had died in the "
        "past 24 hours, bringing the total number of deaths since June 26 to 478."
    )
    assert _scope("en", body, 478, TUESDAY) == ("cumulative", "since 26 June 2026")


@pytest.mark.parametrize(
    ("language", "body", "values"),
    [
        ("fr", "TUNIS, 12 avr (TAP) - Le naufrage, survenu vers 6 h 30, a fait 29 morts.", [29]),
        (
            "en",
            "Rescue 1122, the provincial service, said 94 bodies were found. Two Rescue 1122 "
            "personnel were among them.",
            [2, 94],
        ),
        ("en", "A fire broke out in a third-floor workshop, killing 5.", [5]),
    ],
)
def test_dates_clock_times_names_and_ordinals_are_no_counts(
    language: str, body: str, values: list[float]
) -> None:
    assert sorted(_units_in(language, body)) == values


@pytest.mark.parametrize(
    ("language", "body", "values"),
    [
        ("ar", "ودعت الوزارة إلى الاتصال بالخط الساخن 1214 بعد مقتل 9 أشخاص.", [9]),
        ("ar", "ومن بين الضحايا صياد في الستين من عمره، فيما قتل 4 آخرون.", [4]),
        ("ar", "قتل 12 شخصاً (التفاصيل في الصفحة 7).", [12]),
        # A name's word must be a whole word: "that 500" is no Turkish "hat" (line) 500.
        (
            "en",
            "The force said 3,500 people left, and that 500 of them were fighters.",
            [500, 3500],
        ),
    ],
)
def test_hotlines_ages_and_pages_are_no_counts(
    language: str, body: str, values: list[float]
) -> None:
    assert sorted(_units_in(language, body)) == values
