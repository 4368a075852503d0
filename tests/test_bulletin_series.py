"""A daily casualty series in short bulletins, end to end through the rules and the checks.

Real daily series are where false alarms pile up: a bulletin a day, at the same hour,
each with the day's dead, the running total and the women and children among the dead.
A group is not the toll, a day's count is not a running total, and only the planted
inconsistencies may be flagged. The bulletins are generated here from templates written
for this test (an invented region; Arabic and English in one desk's style each)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.app.pipeline import facts_of
from assistant.check.checks import check
from assistant.core.models import Flag, Report
from assistant.extract.rules import RulesExtractor

START = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)

EN = (
    "The health ministry in the Varda region said on {weekday} that {d} people had been killed "
    "and {i} wounded in the past 24 hours, bringing the toll since March 1 to {D} dead and "
    "{I} wounded.\n\nAmong the dead are {w} women and {c} children, the ministry said."
)
AR = (
    "أعلنت وزارة الصحة في إقليم فاردا في تقريرها اليومي أن {d} أشخاص قتلوا وأصيب {i} "
    "آخرون خلال الساعات الـ24 الماضية، لترتفع الحصيلة منذ الأول من آذار إلى {D} قتيلاً "
    "و{I} جريحاً.\n\nومن بين القتلى {w} امرأة و{c} طفلاً، بحسب الوزارة."
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _series(template: str, language: str, days: int, plant: dict[int, str]) -> list[Report]:
    """`days` bulletins; `plant` maps a day to "delta" (the day's count does not match the
    rise of the total), "fall" (the total falls) or "group_fall" (the children among the
    dead fall: a group's running total is a series of its own)."""
    out: list[Report] = []
    total, hurt, women, children = 40, 90, 9, 14
    for n in range(1, days + 1):
        d, i = 3 + (n * 7) % 9, 5 + (n * 5) % 11
        total, hurt = total + d, hurt + i
        women, children = women + n % 2, children + (n % 3 == 0)
        shown_total, shown_d = total, d
        if plant.get(n) == "delta":
            shown_d = d + 6
        if plant.get(n) == "fall":
            shown_total = total - 25
        shown_children = children - 6 if plant.get(n) == "group_fall" else children
        when = START + timedelta(days=n)
        body = template.format(
            weekday=WEEKDAYS[when.weekday()],
            d=shown_d,
            i=i,
            D=shown_total,
            I=hurt,
            w=women,
            c=shown_children,
        )
        out.append(Report(id=f"{language}{n:02d}", language=language, published=when, body=body))
    return out


def _flags(reports: list[Report]) -> list[Flag]:
    ex = RulesExtractor()
    facts = [f for r in reports for f in facts_of(r, ex.extract(r))]
    return check(facts)


@pytest.mark.parametrize(("template", "language"), [(EN, "en"), (AR, "ar")], ids=["en", "ar"])
def test_a_clean_daily_series_raises_no_flag(template: str, language: str) -> None:
    flags = _flags(_series(template, language, 20, {}))
    assert [(f.kind.value, f.explanation) for f in flags] == []


@pytest.mark.parametrize(("template", "language"), [(EN, "en"), (AR, "ar")], ids=["en", "ar"])
def test_only_the_planted_inconsistencies_are_flagged(template: str, language: str) -> None:
    reports = _series(template, language, 20, {7: "delta", 10: "group_fall", 14: "fall"})
    flags = _flags(reports)
    found = sorted({(f.kind.value, min(c.id.split("-c")[0] for c in f.claims)) for f in flags})
    # Day 7's count against the rise from day 6; the total falls on day 14 (from day 13),
    # and the next day's rise from the lowered figure no longer matches its day count.
    assert ("delta_mismatch", f"{language}06") in found
    assert ("cumulative_decrease", f"{language}13") in found
    assert ("cumulative_decrease", f"{language}09") in found  # the children, on day 10
    reported = {r for _, r in found}
    assert reported <= {f"{language}06", f"{language}09", f"{language}13", f"{language}14"}
