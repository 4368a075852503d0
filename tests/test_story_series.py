"""A disaster told by three outlets over days, end to end through the rules and the checks.

The figures move as such stories do: the toll rises, the missing are found, more families
reach shelters, a province's toll and a neighbouring country's stand beside the national
one, rescuers pull more bodies out each day. Every figure is consistent, so every flag is a
false alarm; one planted disagreement must still be flagged. The templates were written for
this test (invented countries and provinces)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from assistant.app.pipeline import facts_of
from assistant.check.checks import check
from assistant.core.models import Flag, Report
from assistant.extract.rules import RulesExtractor

START = datetime(2026, 9, 10, 6, 0, tzinfo=UTC)
OUTLETS = ["Wire A", "Wire B", "Wire C"]
LEAD = (
    "Floods in Marovia have killed at least {D} people, the national disaster agency said on "
    "{day}, with {M} still missing after rivers burst their banks in the provinces of Tessel "
    "and Korvin."
)
MORE = [
    "In Tessel province alone, {Dt} people have died and {Ht} houses were destroyed, the "
    "provincial governor told reporters.",
    "The death toll in Korvin stands at {Dk}, officials there said.",
    "Across the border in Alvania, {A} people drowned when a bridge collapsed, that country's "
    "interior ministry said.",
    "The agency said {F} families had been moved to temporary shelters, and {J} people were "
    "injured.",
    "Rescuers pulled {b} more bodies from the mud on {day}, raising the toll to {D}.",
    "The combined toll in Marovia and Alvania has risen to {DA}.",
    "The UN said {P} people in Marovia needed food aid, and that {S} schools had been damaged.",
    "Some {R} people were rescued by helicopter, the army said.",
    "Last year's floods killed 88 people in the same region.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# The same story in Arabic, in places the gazetteer knows (the provinces by their noun).
AR_LEAD = (
    "أعلنت الهيئة الوطنية لإدارة الكوارث في اليمن يوم {aday} ارتفاع حصيلة ضحايا الفيضانات إلى "
    "{D} قتيلاً، فيما لا يزال {M} شخصاً في عداد المفقودين في محافظتي المهرة وحضرموت."
)
AR_MORE = [
    "وفي محافظة المهرة وحدها، لقي {Dt} شخصاً حتفهم ودُمّر {Ht} منزلاً، بحسب محافظ المهرة.",
    "وبلغت حصيلة القتلى في محافظة حضرموت {Dk} قتيلاً، وفق مسؤولين محليين.",
    "وفي سلطنة عمان المجاورة، غرق {A} أشخاص إثر انهيار جسر، بحسب وزارة الداخلية هناك.",
    "وأشارت الهيئة إلى نقل {F} عائلة إلى مراكز إيواء مؤقتة، وإصابة {J} شخصاً.",
    "وانتشلت فرق الإنقاذ {b} جثث إضافية من الوحل يوم {aday}، لترتفع الحصيلة إلى {D} قتيلاً.",
    "وقالت الأمم المتحدة إن {P} شخص في اليمن بحاجة إلى مساعدات غذائية، وإن {S} مدرسة تضررت.",
    "وأنقذ الجيش نحو {R} شخصاً بواسطة المروحيات.",
    "وكانت فيضانات العام الماضي قد أودت بحياة 88 شخصاً في المنطقة نفسها.",
]
AR_DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]


def _story(seed: int, n: int = 24, language: str = "en") -> list[Report]:
    """`n` reports six hours apart, each the lead and four other paragraphs."""
    lead, more = (LEAD, MORE) if language == "en" else (AR_LEAD, AR_MORE)
    rng = random.Random(seed)
    tessel, korvin, alvania, missing, houses, families, hurt = 20, 11, 4, 60, 300, 900, 40
    out: list[Report] = []
    for k in range(n):
        b = rng.randint(1, 5)
        x = rng.randint(0, b)
        tessel, korvin = tessel + x, korvin + b - x
        missing = max(5, missing - rng.randint(0, 4))
        houses, families = houses + rng.randint(10, 80), families + rng.randint(20, 200)
        hurt += rng.randint(0, 6)
        alvania += rng.random() < 0.2
        when = START + timedelta(hours=6 * k + rng.randint(0, 3))
        values = {
            "D": tessel + korvin, "Dt": tessel, "Dk": korvin, "A": alvania,
            "DA": tessel + korvin + alvania, "M": missing, "Ht": houses, "F": families,
            "J": hurt, "b": b, "P": rng.choice([120_000, 150_000]), "S": rng.randint(20, 60),
            "R": rng.randint(100, 400), "day": DAYS[when.weekday()],
            "aday": AR_DAYS[when.weekday()],
        }  # fmt: skip
        body = "\n\n".join(p.format(**values) for p in [lead, *rng.sample(more, 4)])
        out.append(
            Report(
                id=f"{language}{seed}-{k:02d}",
                language=language,
                published=when,
                outlet=OUTLETS[k % 3],
                body=body,
            )
        )
    return out


def _flags(reports: list[Report]) -> list[Flag]:
    ex = RulesExtractor()
    return check([f for r in reports for f in facts_of(r, ex.extract(r))])


@pytest.mark.parametrize(
    ("language", "seed"), [("en", 1), ("en", 2), ("en", 3), ("ar", 1), ("ar", 2)]
)
def test_a_consistent_story_told_over_days_raises_no_flag(language: str, seed: int) -> None:
    flags = _flags(_story(seed, language=language))
    assert [(f.kind.value, f.explanation) for f in flags] == []


def test_a_lower_toll_from_another_voice_at_the_same_hour_is_flagged() -> None:
    reports = _story(4, n=8)
    last = reports[-1]
    # An unnamed voice, as the agency is: a named one (the Red Crescent) is a series of its
    # own, compared only with other named sources (precision first).
    said = "Rescuers said on Friday that 12 people had been killed in Marovia so far."
    rival = Report(
        id="rival",
        language="en",
        published=last.published,
        outlet="Wire D",
        body=said,
    )
    flags = _flags([*reports, rival])
    # Against the agency's toll of the hour (a conflict, or a fall, as neither voice is
    # named), and nothing else.
    assert flags and all("rival" in {c.report for c in f.claims} for f in flags), [
        (f.kind.value, f.explanation) for f in flags
    ]


# A strike's toll through a day and a half of wires, with the war's wider counts beside it:
# the rising toll, the wounded, the missing found, a UN total since 2022, a month's figures,
# drones shot down. Written for this test; nothing in it disagrees.
WAR = [
    ("a", 0, "KYIV — A missile strike on an apartment block in Dnipro killed at least 9 people "
     "and wounded 27 overnight, the regional governor said on Wednesday."),
    ("b", 2, "The death toll from the strike on a residential building in Dnipro rose to 14, the "
     "regional governor said, adding that 31 people were wounded, including four children."),
    ("c", 4, "Rescuers in Dnipro pulled two more bodies from the rubble, bringing the toll to 16, "
     "emergency services said. Another 8 people are still missing."),
    ("d", 6, "At least 16 people were killed and 34 injured in the Dnipro strike, the interior "
     "minister said. Among the dead were three children."),
    ("e", 9, "The UN human rights monitoring mission said on Wednesday that at least 10,600 "
     "civilians had been killed in Ukraine since February 2022, including more than 580 "
     "children."),
    ("f", 12, "The toll in Dnipro climbed to 19 on Wednesday evening as rescuers found three more "
     "bodies, the governor said. The number of injured stands at 36, and 5 people remain "
     "missing."),
    ("g", 20, "The air force said it shot down 31 of 45 drones launched overnight, and 3 of 5 "
     "missiles."),
    ("h", 26, "The death toll from Tuesday night's missile strike on Dnipro has risen to 21, "
     "including four children, officials said on Thursday. Three people are still "
     "unaccounted for."),
    ("i", 27, "In Kharkiv, a drone attack killed 2 people and injured 11 on Thursday morning, the "
     "mayor said."),
    ("k", 32, "The UN said civilian casualties in May were the highest in a year, with 174 killed "
     "and 690 injured across Ukraine."),
    ("l", 36, "Rescue work in Dnipro ended on Thursday evening with the toll at 21 dead and 40 "
     "wounded, the regional governor said."),
]  # fmt: skip
WAR_START = datetime(2026, 6, 3, 5, 0, tzinfo=UTC)


def _war(*extra: tuple[str, int, str]) -> list[Report]:
    return [
        Report(id=rid, language="en", published=WAR_START + timedelta(hours=h), body=body)
        for rid, h, body in [*WAR, *extra]
    ]


def test_a_strikes_toll_through_the_day_raises_no_flag() -> None:
    assert [(f.kind.value, f.explanation) for f in _flags(_war())] == []


def test_a_lower_toll_the_next_morning_is_flagged() -> None:
    lower = ("m", 28, "The toll from the Dnipro strike stands at 12, the regional governor said.")
    flags = _flags(_war(lower))
    assert flags and all("m" in {c.report for c in f.claims} for f in flags)
    assert {f.kind.value for f in flags} <= {"cumulative_decrease", "conflict"}
