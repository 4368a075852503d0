"""The rules extractor on sentences written for these tests, in four languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from assistant.core.models import Claim, Metric, Qualifier, Report, Scope
from assistant.extract.rules import RulesExtractor

PUB = datetime.fromisoformat("2024-03-15T18:00:00+02:00")  # a Friday


def extract(body: str, language: str = "en") -> list[Claim]:
    report = Report(id="t", language=language, body=body, published=PUB, published_from="option")
    return RulesExtractor().extract(report)


def one(body: str, language: str = "en") -> Claim:
    claims = extract(body, language)
    assert len(claims) == 1, [(c.value, c.quote) for c in claims]
    return claims[0]


@pytest.mark.parametrize(
    ("body", "language", "value", "qualifier"),
    [
        ("About 2,300 people fled the town, the agency said.", "en", 2300, Qualifier.APPROX),
        ("More than 40 trucks crossed the border.", "en", 40, Qualifier.MORE_THAN),
        ("At least 12 civilians were killed.", "en", 12, Qualifier.AT_LEAST),
        ("Up to 300 families remain stranded.", "en", 300, Qualifier.AT_MOST),
        ("Fewer than 50 fighters are left in the town.", "en", 50, Qualifier.LESS_THAN),
        ("Quelque 1 500 personnes ont fui la ville.", "fr", 1500, Qualifier.APPROX),
        (
            "Plus de 2,5 millions de personnes ont été déplacées.",
            "fr",
            2_500_000,
            Qualifier.MORE_THAN,
        ),
        ("Au moins 30 civils ont été tués.", "fr", 30, Qualifier.AT_LEAST),
        ("فرّ نحو ٣٢٠٠ شخص من المدينة.", "ar", 3200, Qualifier.APPROX),
        ("قُتل ما لا يقل عن خمسة عشر مدنياً في القصف.", "ar", 15, Qualifier.AT_LEAST),
        ("غادر أكثر من ستة آلاف وثلاثمئة شخص البلدة.", "ar", 6300, Qualifier.MORE_THAN),
        ("وصلت عشرون شاحنة على الأقل إلى المعبر.", "ar", 20, Qualifier.AT_LEAST),
        ("Yaklaşık 4 bin 200 kişi kenti terk etti.", "tr", 4200, Qualifier.APPROX),
        ("Saldırıda 120'den fazla kişi yaralandı.", "tr", 120, Qualifier.MORE_THAN),
        ("En az 18 kişi hayatını kaybetti.", "tr", 18, Qualifier.AT_LEAST),
    ],
)
def test_value_and_qualifier(body: str, language: str, value: float, qualifier: Qualifier) -> None:
    claim = one(body, language)
    assert claim.value == value
    assert claim.qualifier == qualifier
    assert claim.quote in body


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Dozens of families fled on 14 March 2024 after the strike.", "en"),
        ("Hundreds of people gathered at 09:30 on Tuesday.", "en"),
        ("The offensive began in 2019 and lasted for 40 days.", "en"),
        ("A 7-year-old boy was rescued; call +90 212 555 01 99 for help.", "en"),
        ("فرّ عشرات المدنيين خلال الساعات الأربع والعشرين الماضية.", "ar"),
        ("أعلن التنظيم الخلافة عام 2014 في الرابع من تموز.", "ar"),
        ("Des milliers de civils ont fui depuis le 3 mars 2024.", "fr"),
        ("Binlerce kişi son 48 saatte bölgeyi terk etti.", "tr"),
        ("UN Security Council resolution 2254 was adopted.", "en"),
    ],
)
def test_not_claims(body: str, language: str) -> None:
    assert extract(body, language) == []


def test_range_is_two_claims_sharing_a_quote() -> None:
    low, high = extract("Between 3,000 and 3,500 people are still inside the town.")
    assert (low.value, low.qualifier) == (3000, Qualifier.AT_LEAST)
    assert (high.value, high.qualifier) == (3500, Qualifier.AT_MOST)
    assert low.quote == high.quote and "Between" in low.quote


def test_arabic_range() -> None:
    low, high = extract("ويُقدَّر أن ما بين 200 و300 مقاتل لا يزالون في الحي.", "ar")
    assert (low.value, high.value) == (200, 300)
    assert low.metric == high.metric == Metric.OTHER


def test_last_24_hours_resolves_to_a_window() -> None:
    claim = one("Some 1,200 people left the besieged district in the past 24 hours, the UN said.")
    assert claim.scope == Scope.WINDOW and claim.period == "last 24 hours"
    assert claim.period_end == PUB
    assert claim.period_start is not None and (PUB - claim.period_start).days == 1
    assert claim.source == "United Nations"


def test_since_a_month_is_a_running_total_from_its_first_day() -> None:
    claim = one("Since the start of December 2023, 41,500 people have left the region.")
    assert claim.scope == Scope.CUMULATIVE
    assert claim.period_start is not None
    assert claim.period_start.date().isoformat() == "2023-12-01"


def test_weekday_resolves_to_the_last_such_day() -> None:
    claim = one("On Wednesday 800 people were evacuated from the camp.")
    assert claim.scope == Scope.WINDOW
    assert claim.period_start is not None
    assert claim.period_start.date().isoformat() == "2024-03-13"


def test_yesterday() -> None:
    claim = one("Yesterday 45 civilians were killed in the shelling.")
    assert claim.metric == Metric.KILLED and claim.scope == Scope.WINDOW
    assert claim.period_start is not None
    assert claim.period_start.date().isoformat() == "2024-03-14"


def test_among_them_is_a_part_of_the_whole_before() -> None:
    whole, part = extract("The agency said 2,000 people fled on Thursday, among them 700 children.")
    assert part.part_of == whole.id and part.unit == "children"
    assert part.scope == whole.scope == Scope.WINDOW


def test_arabic_part_and_metric_inheritance() -> None:
    whole, part = extract("وقال المرصد إن 900 شخص خرجوا من الحي اليوم، بينهم 120 مسلحاً.", "ar")
    assert part.part_of == whole.id
    assert part.metric == whole.metric == Metric.DISPLACED
    assert whole.source == part.source == "Syrian Observatory for Human Rights"


def test_complete_breakdown_is_marked() -> None:
    whole, a, b = extract(
        "The strike killed seven civilians, namely four women and three children."
    )
    assert a.part_of == b.part_of == whole.id
    assert a.complete_breakdown and b.complete_breakdown


def test_canonical_sources_across_languages() -> None:
    texts = [
        ("The Syrian Observatory for Human Rights said 300 people fled.", "en"),
        ("Selon l'OSDH, 300 personnes ont fui.", "fr"),
        ("وقال المرصد السوري لحقوق الإنسان إن 300 شخص فروا.", "ar"),
        ("Suriye İnsan Hakları Gözlemevi'ne göre 300 kişi kaçtı.", "tr"),
    ]
    for body, lang in texts:
        assert one(body, lang).source == "Syrian Observatory for Human Rights", body


def test_source_carries_to_it_added() -> None:
    first, second = extract(
        "The World Health Organization said 1,400 cases were recorded. It added that 90 "
        "patients had died."
    )
    assert first.source == second.source == "World Health Organization"


def test_outlet_voice_has_no_source() -> None:
    assert one("Some 5,000 tents were set up near the border.").source is None


def test_each_mention_in_the_body_is_a_claim() -> None:
    # Every corpus gold keeps a figure the body states twice as two claims, each with its
    # quote: "rose to 128" and "The 128 dead comprise …" are both there to be checked.
    claims = extract(
        "About 4,000 people left the city. Officials said 4,000 people left in the last 24 hours."
    )
    assert [c.quote for c in claims] == ["About 4,000 people", "4,000 people"]
    assert claims[1].period == "last 24 hours"


def test_a_headline_the_body_repeats_is_anchored_in_the_body() -> None:
    title = "Ferry toll rises to 41 as divers search hull"
    body = (
        f"{title}\n\nThe number of people killed when the ferry capsized rose to 41 on "
        "Tuesday, the coast guard said.\n\nThe 41 dead include 9 children."
    )
    claims = RulesExtractor().extract(
        Report(id="h", title=title, body=body, language="en", published=PUB)
    )
    tolls = [c for c in claims if c.value == 41]
    # The headline mention merges into the body's first; the second body mention stays.
    assert len(tolls) == 2 and all(c.span[0] > len(title) for c in tolls)
    assert all(c.metric == Metric.KILLED for c in tolls)
    children = next(c for c in claims if c.value == 9)
    assert children.part_of == tolls[1].id


def test_boilerplate_yields_no_claims() -> None:
    body = "Some 600 people fled the village.\n\nFollow us on Telegram — 50,000+ readers.\n© 2024"
    assert [c.value for c in extract(body)] == [600]


def test_people_in_a_camp_are_its_population() -> None:
    claim = one("The camp now hosts more than 60,000 people, the aid group said.")
    assert claim.metric == Metric.CAMP_POPULATION and claim.scope == Scope.SNAPSHOT


def test_area_and_vehicles() -> None:
    area, trucks = extract(
        "The militants hold less than 2 square kilometres. Reporters saw 35 trucks leave."
    )
    assert (area.unit, area.metric, area.qualifier) == (
        "km2",
        Metric.AREA_HELD,
        Qualifier.LESS_THAN,
    )
    assert (trucks.unit, trucks.metric) == ("trucks", Metric.VEHICLES)


def test_bounds_follow_roundness() -> None:
    round_, precise = extract("About 500 fighters and about 6,040 detainees were counted.")
    assert round_.low is not None and round_.low <= 470
    assert precise.low is not None and precise.low > 5640


def test_toll_listed_with_a_running_total_shares_it() -> None:
    toll, wounded = extract(
        "The Health Ministry said the death toll since the war began had risen to 34,183, with "
        "more than 77,000 wounded."
    )
    assert toll.metric == Metric.KILLED and wounded.metric == Metric.INJURED
    assert toll.scope == wounded.scope == Scope.CUMULATIVE
    assert toll.source == wounded.source == "Ministry of Health"


def test_present_perfect_is_a_tally_so_far() -> None:
    claim = extract(
        "The UN said about 1.7 million people, or roughly 75% of the population, "
        "have been displaced."
    )[0]
    assert claim.metric == Metric.DISPLACED and claim.scope == Scope.CUMULATIVE


def test_n_of_m_counts_what_m_counts() -> None:
    part, whole = extract("Only 12 of the territory's 36 hospitals are partially functioning.")
    assert part.unit == whole.unit == "hospitals"
    assert part.part_of == whole.id


def test_a_window_of_another_figure_is_not_borrowed() -> None:
    bodies, fled = extract(
        "وقال المتحدث إن فرق الإنقاذ انتشلت خلال الساعات الأربع والعشرين الماضية 700 جثة، "
        "مضيفاً أن نحو 30 ألف شخص نزحوا من المدينة.",
        "ar",
    )
    assert bodies.period == "last 24 hours"
    assert fled.metric == Metric.DISPLACED and fled.period != "last 24 hours"


def test_french_toll_and_its_part() -> None:
    dead, hurt, badly = extract(
        "Le bilan s'élève désormais à 2 012 morts et 2 059 blessés, dont 1 404 grièvement, "
        "selon le ministère de l'Intérieur.",
        "fr",
    )
    assert (dead.metric, hurt.metric) == (Metric.KILLED, Metric.INJURED)
    assert badly.part_of == hurt.id and badly.metric == Metric.INJURED
    assert dead.scope == Scope.CUMULATIVE
    assert dead.source == "Ministry of Interior"  # the words as written: source_text


def test_turkish_toll_that_rose_is_a_running_total() -> None:
    claim = one(
        "AFAD, sellerde hayatını kaybedenlerin sayısının 1 bin 218'e yükseldiğini açıkladı.",
        "tr",
    )
    assert claim.value == 1218 and claim.metric == Metric.KILLED
    assert claim.scope == Scope.CUMULATIVE
    assert claim.source == "AFAD (Disaster and Emergency Management Authority)"


def test_approximate_number_words() -> None:
    claim = one("Les secouristes ont extrait une dizaine de survivants des décombres.", "fr")
    assert claim.value == 10 and claim.qualifier == Qualifier.APPROX
