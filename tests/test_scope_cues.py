"""When a figure was counted: a condition is a state, a figure's own period beats a rate
elsewhere in its sentence, a dateline's date dates the filing, the day of publication can
date a one-off event, and the day a statement was made dates no figure.

Every sentence was written for these tests (invented places, agencies and figures)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.core.models import Claim, Report
from assistant.extract.rules import RulesExtractor

# A Tuesday.
TUESDAY = datetime(2026, 5, 5, 15, 0, tzinfo=UTC)


def _claim(language: str, body: str, value: float, title: str = "") -> Claim:
    report = Report(id="t", language=language, title=title, body=body, published=TUESDAY)
    found = [c for c in RulesExtractor().extract(report) if c.value == value]
    assert found, f"{value} not extracted from {body!r}"
    return found[0]


@pytest.mark.parametrize(
    ("language", "body", "value"),
    [
        (
            "en",
            "About 12,400 people were left homeless by the storm, the relief agency said.",
            12_400,
        ),
        ("en", "Nearly 3,100 residents are sheltering in schools and mosques.", 3_100),
        ("en", "Some 52,000 people are now displaced across the province.", 52_000),
        ("fr", "Quelque 3 000 personnes se retrouvent sans abri après les crues.", 3_000),
        ("es", "Unas 900 personas pasaron la noche en albergues tras la tormenta.", 900),
        ("ar", "أصبح أكثر من 5000 شخص بلا مأوى بعد السيول.", 5_000),
        ("tr", "Selde 1.200 kişi evsiz kaldı.", 1_200),
    ],
)
def test_people_left_in_a_condition_are_counted_as_they_stand(
    language: str, body: str, value: float
) -> None:
    claim = _claim(language, body, value)
    assert claim.metric.value == "displaced"
    assert claim.scope.value == "snapshot"


def test_a_figures_own_period_beats_a_rate_elsewhere_in_its_sentence() -> None:
    body = (
        "The toll since June 1 rose to 300, the agency said. Among the dead are 40 children, "
        "it said in its daily report, adding that 900 people have been injured since the "
        "start of the rains."
    )
    injured = _claim("en", body, 900)
    assert injured.scope.value == "cumulative" and injured.period != "per day"
    # A part with no period of its own counts over its whole's.
    children = _claim("en", body, 40)
    toll = _claim("en", body, 300)
    assert children.part_of == toll.id
    assert (children.scope, children.period) == (toll.scope, toll.period)


def test_a_datelines_date_is_the_filing_not_a_period() -> None:
    body = (
        "KARAVI, 5 May (XNA).— At least 16 people died when a bus plunged into a gorge "
        "after the storm, police said."
    )
    claim = _claim("en", body, 16)
    assert "May" not in claim.period
    assert claim.scope.value == "cumulative"


def test_the_day_of_publication_can_date_a_one_off_event() -> None:
    body = "A fire tore through the covered market on Tuesday, killing at least 14 people."
    claim = _claim("en", body, 14)
    assert claim.scope.value == "cumulative"
    assert claim.period.startswith("since Tuesday")


@pytest.mark.parametrize(
    ("language", "body", "value"),
    [
        ("en", "In March 2019, a cyclone and the floods after it killed about 1,000 people.", 1000),
        ("fr", "En septembre 2020, une tempête avait fait 41 morts dans la région.", 41),
    ],
)
def test_a_month_dates_a_past_event_whose_toll_is_the_events(
    language: str, body: str, value: float
) -> None:
    # Background on an earlier disaster: its toll, not a count over that month.
    claim = _claim(language, body, value)
    assert claim.scope.value == "cumulative"
    assert claim.period != "March 2019"


@pytest.mark.parametrize(
    "body",
    [
        # The article glued to the speaker's name, then the day: when it was said.
        "أعلنت الهيئة الوطنية للطوارئ، اليوم الثلاثاء، وفاة 6 أشخاص جراء السيول.",
        # A title before the name is the speaker's too.
        "أفاد الناطق باسم الدفاع المدني، اليوم الثلاثاء، بانتشال 9 جثث من تحت الأنقاض.",
    ],
)
def test_the_day_a_statement_was_made_dates_no_figure(body: str) -> None:
    claim = next(
        c
        for c in RulesExtractor().extract(
            Report(id="t", language="ar", body=body, published=TUESDAY)
        )
        if c.value in (6, 9)
    )
    assert "Tuesday" not in claim.period


@pytest.mark.parametrize(
    ("language", "body", "value"),
    [
        ("en", "The navy has deployed 14 vessels and 1,200 sailors along the coast.", 1_200),
        ("es", "La Marina desplegó a 2 mil 400 elementos en la costa de Oaxaca.", 2_400),
    ],
)
def test_a_deployment_is_a_force_in_place_not_a_batch(
    language: str, body: str, value: float
) -> None:
    claim = _claim(language, body, value)
    assert claim.scope.value == "snapshot"


@pytest.mark.parametrize(
    ("language", "body", "value"),
    [
        ("en", "The toll rose to 212 on Tuesday after 9 more deaths were recorded.", 9),
        ("en", "Officials reported 14 new deaths in the district.", 14),
        # The day of the report named beside it dates the report, not a day's count.
        ("en", "Rescuers pulled 5 more bodies from the mud on Tuesday, raising the toll to 61.", 5),
        ("fr", "Les sauveteurs ont retrouvé trois nouveaux corps dans la vallée.", 3),
        ("fr", "Le ministère signale 40 blessés supplémentaires à Torvel.", 40),
        ("es", "Las brigadas hallaron cinco cuerpos más entre los escombros.", 5),
        ("es", "El hospital atendió a 12 nuevos heridos durante la tarde.", 12),
        ("tr", "Ekipler enkaz altında 3 kişinin daha cansız bedenine ulaştı.", 3),
        ("ar", "وانتشلت فرق الإنقاذ 7 جثث جديدة من تحت الأنقاض.", 7),
    ],
)
def test_an_increment_is_new_since_the_last_report_not_a_running_total(
    language: str, body: str, value: float
) -> None:
    claim = _claim(language, body, value)
    assert claim.scope.value == "window"
    assert claim.period == "since the previous report"
    # No start: the checks never set it against the change between two totals.
    assert claim.period_start is None


@pytest.mark.parametrize(
    ("language", "body", "new", "total"),
    [
        (
            "en",
            "The shelling wounded 21 others, bringing the number of injured to 812.",
            21,
            812,
        ),
        (
            "ar",
            "وأشارت الوزارة إلى إصابة 21 آخرين ليصل عدد الجرحى إلى 812 جريحاً.",
            21,
            812,
        ),
        (
            "fr",
            "L'explosion a blessé 12 personnes, ce qui porte le bilan à 80 blessés.",
            12,
            80,
        ),
        (
            "es",
            "El temporal dejó otros 7 heridos, lo que eleva a 45 el número de heridos.",
            7,
            45,
        ),
    ],
)
def test_a_figure_that_raises_a_total_is_what_is_new(
    language: str, body: str, new: float, total: float
) -> None:
    added, running = _claim(language, body, new), _claim(language, body, total)
    assert added.scope.value == "window" and added.period == "since the previous report"
    assert running.scope.value == "cumulative"


@pytest.mark.parametrize(
    ("body", "value"),
    [
        # A toll a tally verb of its own governs, part of a larger toll: a total too.
        (
            "The ministry raised the toll in the southern districts to 15, bringing the "
            "national toll to 19.",
            15,
        ),
        # A day of its own: that day's dead, not what is new since a report.
        ("Shelling killed 5 people on Tuesday, bringing the death toll to 45, officials said.", 5),
    ],
)
def test_a_figure_with_its_own_tally_or_day_is_no_increment(body: str, value: float) -> None:
    first = _claim("en", body, value)
    assert first.period != "since the previous report"
