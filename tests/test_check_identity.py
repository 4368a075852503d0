"""Precision first: a flag only when two figures are established to count the same quantity.

Claims are built directly (no extraction), so each test states exactly what the extractor
would have found and asserts what the checks make of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.check.checks import check
from assistant.check.quantity import Fact
from assistant.core.models import Claim, FlagKind, Metric, Qualifier, Scope

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def claim(report: str, n: int, value: float, **kw: Any) -> Claim:
    base: dict[str, Any] = {
        "id": f"{report}-c{n}",
        "report": report,
        "quote": f"{value:g} dead",
        "span": (0, 5),
        "number_text": f"{value:g}",
        "value": value,
        "unit": "people",
        "metric": Metric.KILLED,
        "scope": Scope.CUMULATIVE,
        "period": "so far",
        "location": "Marwan district",
        "source": "Ministry of Health",
    }
    base.update(kw)
    return Claim(**base)


def fact(c: Claim, hours: float = 0.0, order: int = 0) -> Fact:
    return Fact(c, T0 + timedelta(hours=hours), order)


def kinds(facts: list[Fact]) -> list[str]:
    return sorted(f.kind.value for f in check(facts))


def test_a_falling_running_total_is_flagged() -> None:
    facts = [fact(claim("a", 1, 300)), fact(claim("b", 1, 250), hours=24)]
    assert kinds(facts) == ["cumulative_decrease"]


def test_women_among_the_dead_are_not_the_toll() -> None:
    # "women among the dead" read as the running total of the dead was the main false alarm.
    facts = [
        fact(claim("a", 1, 300)),
        fact(claim("b", 1, 320), hours=24),
        fact(claim("b", 2, 41, unit="women", part_of="b-c1"), hours=24, order=1),
        fact(claim("c", 1, 45, unit="women"), hours=48),
    ]
    assert kinds(facts) == []


def test_a_group_series_is_its_own_series() -> None:
    facts = [
        fact(claim("a", 1, 219, unit="children")),
        fact(claim("b", 1, 208, unit="children"), hours=24 * 7),
    ]
    assert kinds(facts) == ["cumulative_decrease"]


def test_different_areas_never_conflict() -> None:
    facts = [
        fact(claim("a", 1, 27, location="Romania")),
        fact(claim("b", 1, 33, location="both countries"), hours=0.5),
        fact(claim("c", 1, 12, location="Moldova"), hours=30),
    ]
    assert kinds(facts) == []


def test_an_unresolved_place_is_not_compared_across_reports() -> None:
    facts = [fact(claim("a", 1, 300, location=None)), fact(claim("b", 1, 100), hours=24)]
    assert kinds(facts) == []


def test_projections_never_enter_a_series_or_a_conflict() -> None:
    facts = [
        fact(claim("a", 1, 300)),
        fact(claim("b", 1, 250, projection=True), hours=24),
        fact(claim("b", 2, 20000, projection=True, scope=Scope.SNAPSHOT), hours=24),
    ]
    assert kinds(facts) == []


def test_missing_is_not_dead() -> None:
    facts = [fact(claim("a", 1, 300)), fact(claim("b", 1, 45, metric=Metric.MISSING), hours=24)]
    assert kinds(facts) == []


def test_figures_months_apart_with_no_stated_start_are_not_one_series() -> None:
    # Two different events in one country: a toll with no stated start does not carry over.
    facts = [
        fact(claim("a", 1, 55, location="Nepal")),
        fact(claim("b", 1, 27, location="Nepal"), hours=24 * 60),
    ]
    assert kinds(facts) == []


def test_an_incident_count_is_not_a_running_total() -> None:
    # "an attack killed 11 people" has no tally cue: it never joins the ministry's series.
    facts = [
        fact(claim("a", 1, 1184)),
        fact(claim("b", 1, 11, period="not stated", source=None), hours=24),
    ]
    assert kinds(facts) == []


def test_two_named_sources_disagree_in_one_report() -> None:
    facts = [
        fact(claim("a", 1, 1251, source="Ministry of Health")),
        fact(claim("a", 2, 1700, source="Doctors' Union", qualifier=Qualifier.MORE_THAN), order=1),
    ]
    assert kinds(facts) == ["source_disagreement"]


def test_one_source_twice_in_one_report_is_not_a_conflict() -> None:
    # Within one report, two figures of one speaker are a breakdown or a misreading.
    facts = [fact(claim("a", 1, 23)), fact(claim("a", 2, 12), order=1)]
    assert kinds(facts) == []


def test_daily_count_against_consecutive_bulletins() -> None:
    day = timedelta(hours=24)
    window = claim(
        "b",
        2,
        30,
        scope=Scope.WINDOW,
        period="last 24 hours",
        period_start=T0,
        period_end=T0 + day,
    )
    facts = [
        fact(claim("a", 1, 300)),
        fact(claim("b", 1, 350), hours=24),
        fact(window, hours=24, order=1),
    ]
    assert kinds(facts) == ["delta_mismatch"]
    window_ok = window.model_copy(update={"value": 50})
    facts[2] = fact(window_ok, hours=24, order=1)
    assert kinds(facts) == []


def test_tolerances_reach_the_interval() -> None:
    from assistant.check.tolerance import Tolerances

    a = claim("a", 1, 4000, qualifier=Qualifier.APPROX, scope=Scope.SNAPSHOT)
    b = claim("b", 1, 4700, qualifier=Qualifier.APPROX, scope=Scope.SNAPSHOT)
    facts = [fact(a), fact(b, hours=1)]
    assert kinds(facts) == ["conflict"]
    loose = Tolerances(approx_steps=10, approx_max_relative=0.5)
    assert [f.kind for f in check(facts, loose)] == []
    assert FlagKind.CONFLICT.value == "conflict"


def test_bodies_recovered_so_far_are_the_toll_but_a_days_bodies_are_not_its_dead() -> None:
    # "Rescuers have recovered 94 bodies so far" against "the office put the toll at 81".
    so_far = [
        fact(claim("a", 1, 81, source="District Office")),
        fact(claim("a", 2, 94, unit="bodies", source="Rescue Service"), order=1),
    ]
    assert kinds(so_far) == ["source_disagreement"]
    # Bodies found on one day may be of people who died before it.
    day = {"scope": Scope.WINDOW, "period": "on Tuesday", "period_start": T0}
    one_day = [
        fact(claim("a", 1, 8, source="District Office", **day)),
        fact(claim("a", 2, 15, unit="bodies", source="Rescue Service", **day), order=1),
    ]
    assert kinds(one_day) == []


def missing(report: str, value: float, **kw: Any) -> Claim:
    return claim(report, 1, value, metric=Metric.MISSING, scope=Scope.SNAPSHOT, period="now", **kw)


def test_one_voice_updating_a_state_hours_later_is_no_conflict() -> None:
    # The missing are found as the hours pass: the agency's next figure is its update.
    facts = [fact(missing("a", 60)), fact(missing("b", 56), hours=10)]
    assert kinds(facts) == []
    # Within the hour, two figures of one voice are two answers to one question.
    assert kinds([fact(missing("a", 60)), fact(missing("b", 56), hours=0.5)]) == ["conflict"]


def test_two_voices_on_one_state_at_about_the_same_time_still_disagree() -> None:
    facts = [
        fact(missing("a", 60, source="Civil Defence")),
        fact(missing("b", 35, source="Red Crescent"), hours=6),
    ]
    assert kinds(facts) == ["source_disagreement"]


def test_a_higher_total_from_another_source_hours_later_moved_on() -> None:
    # The UN's 44 at noon and the ministry's 52 at four: the toll rose in between.
    rising = [
        fact(claim("a", 1, 44, source="United Nations")),
        fact(claim("b", 1, 52, source="Ministry of Interior"), hours=4),
    ]
    assert kinds(rising) == []
    # The later figure lower: the sources disagree (and neither total can fall).
    falling = [
        fact(claim("a", 1, 52, source="United Nations")),
        fact(claim("b", 1, 44, source="Ministry of Interior"), hours=4),
    ]
    assert kinds(falling) == ["source_disagreement"]
    # At the same moment, two figures are two answers to one question.
    same = [
        fact(claim("a", 1, 44, source="United Nations")),
        fact(claim("b", 1, 52, source="Ministry of Interior"), hours=0.5),
    ]
    assert kinds(same) == ["source_disagreement"]


def test_a_total_since_an_undated_event_is_not_another_voices_bare_total() -> None:
    # "31 dead since the start of the rainy season" (a start the text names but does not
    # date) and another voice's "13 dead" with no start are not established to be one
    # quantity. (One voice's figures stay one series: "since the floods began" is most
    # often the toll itself.)
    since = "since a stated event"
    two_voices = [
        fact(claim("a", 1, 13)),
        fact(claim("a", 2, 31, period=since, source="Ibb local authority"), order=1),
    ]
    assert kinds(two_voices) == []
    # Two undated starts the text does not quote ("since a stated event") are one only in
    # one report (its story's event); the same quoted start, from two voices at one
    # moment, is one quantity anywhere.
    other_reports = [
        fact(claim("a", 1, 13, period=since)),
        fact(claim("b", 1, 31, period=since, source="Ibb local authority"), order=1),
    ]
    assert kinds(other_reports) == []
    one_report = [
        fact(claim("a", 1, 13, period=since)),
        fact(claim("a", 2, 31, period=since, source="Ibb local authority"), order=1),
    ]
    assert kinds(one_report) == ["source_disagreement"]
    quoted = "since the floods began"
    same_start = [
        fact(claim("a", 1, 13, period=quoted)),
        fact(claim("a", 2, 31, period=quoted, source="Ibb local authority"), order=1),
    ]
    assert kinds(same_start) == ["source_disagreement"]
