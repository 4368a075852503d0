"""Tests for reading numbers in digits and words, and for writing them back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.numbers.parse import NumberSpan, find_numbers, parse_number
from assistant.numbers.render import render_number
from assistant.numbers.scripts import normalize_digits

Row = tuple[str, float, str]


def read(text: str, lang: str) -> list[Row]:
    """(text, value, kind) of every span, after checking each span quotes the text."""
    spans = find_numbers(text, lang)
    last_end = 0
    for sp in spans:
        assert text[sp.start : sp.end] == sp.text
        assert sp.start >= last_end, "spans overlap or are out of order"
        last_end = sp.end
    return [(sp.text, sp.value, sp.kind) for sp in spans]


def only(text: str, lang: str) -> NumberSpan:
    """The single span found in text."""
    spans = find_numbers(text, lang)
    assert len(spans) == 1, spans
    return spans[0]


# --- digits -------------------------------------------------------------------------------


def test_normalize_digits_keeps_length() -> None:
    for raw, ascii_ in [("٤٩٠٠", "4900"), ("۴۹۰۰", "4900"), ("१२", "12"), ("a٣b", "a3b")]:
        assert normalize_digits(raw) == ascii_
        assert len(normalize_digits(raw)) == len(raw)
    assert normalize_digits("plain 12") == "plain 12"


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "4,900", 4900),
        ("en", "26,950", 26950),
        ("en", "1,234,567", 1234567),
        ("en", "3.75", 3.75),
        ("en", "0.375", 0.375),
        ("en", "1,234.5", 1234.5),
        ("fr", "4\u00a0900", 4900),
        ("fr", "4\u202f900", 4900),
        ("fr", "4 900", 4900),
        ("fr", "1 234 567", 1234567),
        ("fr", "3,75", 3.75),
        ("fr", "1 200,5", 1200.5),
        ("fr", "53.380", 53380),
        ("fr", "26,950", 26950),
        ("tr", "53.380", 53380),
        ("tr", "1.234.567", 1234567),
        ("tr", "3,5", 3.5),
        ("tr", "1.234,5", 1234.5),
        ("ar", "٤٩٠٠", 4900),
        ("ar", "٤٬٩٠٠", 4900),
        ("ar", "٣٫٥", 3.5),
        ("ar", "53.380", 53380),
        ("ar", "۴۹۰۰", 4900),
        ("de", "1.234,5", 1234.5),
        ("en", "1'000'000", 1000000),
        ("en", "1\u2009000", 1000),
    ],
)
def test_digit_formats(lang: str, text: str, value: float) -> None:
    sp = only(f"x {text} y", lang)
    assert (sp.text, sp.value, sp.kind, sp.words) == (text, value, "number", False)


def test_space_grouping_does_not_join_a_year_and_a_count() -> None:
    assert read("en 2015 200 personnes", "fr") == [("2015", 2015, "year"), ("200", 200, "number")]
    assert read("in 2015 200 people", "en") == [("2015", 2015, "year"), ("200", 200, "number")]
    # English never groups with a plain space.
    assert read("at least 12 500 people", "en") == [("12", 12, "number"), ("500", 500, "number")]


def test_ranges_are_two_numbers() -> None:
    assert read("200-300 people", "en") == [("200", 200, "number"), ("300", 300, "number")]
    assert read("entre 200 et 300", "fr") == [("200", 200, "number"), ("300", 300, "number")]


@pytest.mark.parametrize(
    ("lang", "text", "span", "value"),
    [
        ("en", "some 1.5 million people", "1.5 million", 1_500_000),
        ("en", "a $4.2bn plan", "4.2bn", 4_200_000_000),
        ("en", "a 4.2 bn plan", "4.2 bn", 4_200_000_000),
        ("en", "1,500 million dollars", "1,500 million", 1_500_000_000),
        ("en", "1.250 million", "1.250 million", 1_250_000),
        ("fr", "2,5 millions de réfugiés", "2,5 millions", 2_500_000),
        ("fr", "1,2 million de personnes", "1,2 million", 1_200_000),
        ("fr", "17 mille soldats", "17 mille", 17000),
        ("tr", "6 bin 500 kişi", "6 bin 500", 6500),
        ("tr", "98 bin kişi", "98 bin", 98000),
        ("tr", "2 milyon insan", "2 milyon", 2_000_000),
        ("tr", "3,5 milyar dolar", "3,5 milyar", 3_500_000_000),
        ("tr", "1.250 milyon", "1.250 milyon", 1_250_000_000),
        ("ar", "نحو 17 ألف شخص", "17 ألف", 17000),
        ("ar", "نحو ٤٠ ألف شخص", "٤٠ ألف", 40000),
        ("ar", "قرابة ٣١ ألفاً", "٣١ ألفاً", 31000),
        ("ar", "أكثر من 24 ألفاً", "24 ألفاً", 24000),
        ("ar", "1.2 مليون نازح", "1.2 مليون", 1_200_000),
        ("ar", "3 آلاف عائلة", "3 آلاف", 3000),
        ("ar", "3 ملايين و500 ألف", "3 ملايين و500 ألف", 3_500_000),
    ],
)
def test_digits_with_scale_words(lang: str, text: str, span: str, value: int) -> None:
    sp = only(text, lang)
    assert (sp.text, sp.value, sp.kind) == (span, value, "number")
    assert sp.words == any(c.isalpha() for c in span)


def test_bare_m_suffix_is_not_a_million() -> None:
    assert read("a 3m wall", "en") == [("3m", 3, "code")]
    assert read("a $3m grant", "en") == [("3m", 3_000_000, "number")]


def test_arabic_clitics_stay_outside_the_span() -> None:
    text = "قتل 200 وأصيب و3500 بـ400 والـ30"
    spans = find_numbers(text, "ar")
    assert [sp.text for sp in spans] == ["200", "3500", "400", "30"]
    assert all(sp.kind == "number" for sp in spans)
    assert text[spans[1].start - 1] == "و"


def test_turkish_case_suffix_is_outside_the_span() -> None:
    assert read("sayı 53.380'e yükseldi", "tr") == [("53.380", 53380, "number")]
    assert read("iki yüz elli binden fazla kişi", "tr") == [("iki yüz elli bin", 250000, "number")]
    assert read("on bini aşkın asker", "tr") == [("on bin", 10000, "number")]
    assert read("3 milyonu aşkın", "tr") == [("3 milyon", 3_000_000, "number")]
    assert read("%12'si", "tr") == [("%12", 12, "percent")]


def test_a_turkish_scale_takes_only_endings_of_its_own_harmony() -> None:
    # "bina" is a building, not "bin" (thousand) with a dative; "bine" is the dative.
    assert read("Depremde 120 bina yıkıldı", "tr") == [("120", 120, "number")]
    assert read("sayı 5 bine yükseldi", "tr") == [("5 bin", 5000, "number")]
    assert read("2 milyara ulaştı", "tr") == [("2 milyar", 2_000_000_000, "number")]


def test_units_glued_to_digits_are_numbers() -> None:
    assert read("a 450km2 zone and 155mm shells", "en") == [
        ("450", 450, "number"),
        ("155", 155, "number"),
    ]


# --- words --------------------------------------------------------------------------------

EN_WORDS: list[tuple[str, float]] = [
    ("one", 1),
    ("seventeen", 17),
    ("twenty-five", 25),
    ("ninety nine", 99),
    ("a hundred", 100),
    ("one hundred and five", 105),
    ("two hundred and fifty", 250),
    ("a thousand", 1000),
    ("four thousand nine hundred", 4900),
    ("two hundred fifty thousand", 250000),
    ("a million", 1_000_000),
    ("three million", 3_000_000),
    ("a dozen", 12),
    ("two dozen", 24),
    ("two and a half million", 2_500_000),
    ("half a million", 500_000),
    ("zero", 0),
]


@pytest.mark.parametrize(("text", "value"), EN_WORDS)
def test_english_words(text: str, value: float) -> None:
    sp = only(f"Officials said {text} people fled.", "en")
    assert (sp.text, sp.value, sp.kind, sp.words) == (text, value, "number", True)
    assert parse_number(text, "en") == value


FR_WORDS: list[tuple[str, float]] = [
    ("deux", 2),
    ("seize", 16),
    ("dix-sept", 17),
    ("vingt et un", 21),
    ("trente-deux", 32),
    ("soixante-dix", 70),
    ("soixante et onze", 71),
    ("soixante-dix-sept", 77),
    ("quatre-vingts", 80),
    ("quatre-vingt-un", 81),
    ("quatre-vingt-dix-neuf", 99),
    ("cent", 100),
    ("deux cents", 200),
    ("deux cent un", 201),
    ("mille", 1000),
    ("quatre mille neuf cents", 4900),
    ("deux cent mille", 200000),
    ("quatre-vingt mille", 80000),
    ("huit millions", 8_000_000),
    ("un million", 1_000_000),
    ("deux millions et demi", 2_500_000),
    ("un demi-million", 500_000),
    ("septante-cinq", 75),
]


@pytest.mark.parametrize(("text", "value"), FR_WORDS)
def test_french_words(text: str, value: float) -> None:
    sp = only(f"Selon l'ONU, {text} personnes ont fui.", "fr")
    assert (sp.text, sp.value, sp.kind, sp.words) == (text, value, "number", True)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("une dizaine de morts", "une dizaine", 10),
        ("une vingtaine de blessés", "une vingtaine", 20),
        ("une centaine de maisons", "une centaine", 100),
        ("un millier de soldats", "un millier", 1000),
        ("une centaine de milliers de réfugiés", "une centaine de milliers", 100_000),
        ("deux milliers de réfugiés", "deux milliers", 2000),
    ],
)
def test_french_approximate_nouns(text: str, span: str, value: int) -> None:
    sp = only(text, "fr")
    assert (sp.text, sp.value, sp.approx, sp.words) == (span, value, True, True)


TR_WORDS: list[tuple[str, float]] = [
    ("üç", 3),
    ("on beş", 15),
    ("kırk iki", 42),
    ("yüz", 100),
    ("iki yüz elli", 250),
    ("bin", 1000),
    ("iki bin beş yüz", 2500),
    ("ikibinbeşyüz", 2500),
    ("yüz bin", 100_000),
    ("bir milyon", 1_000_000),
    ("iki buçuk milyon", 2_500_000),
    ("yarım milyon", 500_000),
    ("on bir bin", 11000),
    ("bir düzine", 12),
]


@pytest.mark.parametrize(("text", "value"), TR_WORDS)
def test_turkish_words(text: str, value: float) -> None:
    sp = only(f"Yetkililer {text} kişinin kaçtığını söyledi.", "tr")
    assert (sp.text, sp.value, sp.kind, sp.words) == (text, value, "number", True)


AR_WORDS: list[tuple[str, float]] = [
    ("واحد", 1),
    ("اثنان", 2),
    ("ثلاث", 3),
    ("ثمانية", 8),
    ("عشرة", 10),
    ("أحد عشر", 11),
    ("اثنا عشر", 12),
    ("ثلاثة عشر", 13),
    ("خمسة وعشرون", 25),
    ("سبعين", 70),
    ("مئة", 100),
    ("مائتين", 200),
    ("ستمئة", 600),
    ("خمسمئة", 500),
    ("ثلاثمائة", 300),
    ("ثلاث مئة", 300),
    ("ألف", 1000),
    ("ألفان", 2000),
    ("خمسة آلاف", 5000),
    ("ستة آلاف وثلاثمائة", 6300),
    ("تسعة وخمسين ألفاً", 59000),
    ("سبعين ألفاً", 70000),
    ("عشرين ألف", 20000),
    ("ثلاثة عشر ألفا", 13000),
    ("مئة ألف", 100_000),
    ("مليون", 1_000_000),
    ("مليونين", 2_000_000),
    ("ثلاثة ملايين", 3_000_000),
    ("مليون ونصف", 1_500_000),
    ("نصف مليون", 500_000),
]


@pytest.mark.parametrize(("text", "value"), AR_WORDS)
def test_arabic_words(text: str, value: float) -> None:
    sp = only(f"قال مسؤولون إن {text} نزحوا.", "ar")
    assert (sp.text, sp.value, sp.kind, sp.words) == (text, value, "number", True)


def test_arabic_definite_and_conjoined_forms() -> None:
    assert read("خلال الأربع والعشرين ساعة الماضية", "ar") == [("أربع والعشرين", 24, "number")]
    assert read("خلال الثماني والأربعين ساعة", "ar") == [("ثماني والأربعين", 48, "number")]
    assert read("قتل ستة ونجا ثلاثة", "ar") == [("ستة", 6, "number"), ("ثلاثة", 3, "number")]
    assert read("٣١ ألفاً و24 ألفاً", "ar") == [
        ("٣١ ألفاً", 31000, "number"),
        ("24 ألفاً", 24000, "number"),
    ]


@pytest.mark.parametrize(
    "word",
    ["امرأتان", "امرأتين", "طفلان", "طفلين", "رجلان", "شخصان", "شخصين", "مدنيان", "جنديان",
     "قتيلان", "سيارتين", "يومين", "شهرين"],
)  # fmt: skip
def test_arabic_duals_count_two(word: str) -> None:
    sp = only(f"وقتل {word} في القصف", "ar")
    assert (sp.text, sp.value, sp.kind, sp.words) == (word, 2, "number", True)


def test_arabic_dual_with_clitic_and_emphasis() -> None:
    text = "قتل رجل وطفلان"
    sp = only(text, "ar")
    assert sp.text == "طفلان" and text[sp.start - 1] == "و"
    assert read("نجا طفلان اثنان", "ar") == [("طفلان اثنان", 2, "number")]


def test_arabic_sound_plurals_are_not_duals() -> None:
    assert read("قتل مدنيين ومقاتلين", "ar") == []


# --- fractions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "span", "value"),
    [
        ("en", "half a square kilometre", "half", 0.5),
        ("en", "a half of it", "a half", 0.5),
        ("en", "two-thirds of the town", "two-thirds", 2 / 3),
        ("en", "a quarter of homes", "a quarter", 0.25),
        ("en", "three quarters of homes", "three quarters", 0.75),
        ("fr", "la moitié des maisons", "moitié", 0.5),
        ("fr", "une demi-heure", "une demi", 0.5),
        ("fr", "un tiers des habitants", "un tiers", 1 / 3),
        ("tr", "nüfusun yarısı", "yarısı", 0.5),
        ("tr", "yarım saat", "yarım", 0.5),
        ("ar", "نصف السكان", "نصف", 0.5),
        ("ar", "ثلث المنازل", "ثلث", 1 / 3),
        ("ar", "ربع ساعة", "ربع", 0.25),
    ],
)
def test_fractions(lang: str, text: str, span: str, value: float) -> None:
    sp = only(text, lang)
    assert (sp.text, sp.kind) == (span, "fraction")
    assert sp.value == pytest.approx(value)


def test_arabic_definite_half() -> None:
    text = "دمر النصف"
    sp = only(text, "ar")
    assert (sp.text, sp.value, sp.kind) == ("نصف", 0.5, "fraction")
    assert text[sp.start - 2 : sp.start] == "ال"


def test_bare_ordinal_words_are_not_fractions() -> None:
    assert read("the third day", "en") == []
    assert read("un pays tiers", "fr") == []


# --- what is not a number -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "a convoy reached an area"),
        ("en", "dozens of people and hundreds of homes"),
        ("en", "tens of thousands fled, thousands more stayed, scores died"),
        ("en", "no one was hurt and every one of them fled"),
        ("fr", "un homme et une femme"),
        ("fr", "des dizaines de morts, des centaines de blessés, des milliers de déplacés"),
        ("fr", "placés en quarantaine"),
        ("fr", "une quarantaine. De retour"),
        ("tr", "bir grup asker"),
        ("tr", "onlarca kişi, yüzlerce ev, binlerce asker, on binlerce insan"),
        ("tr", "yüz binlerce kişi"),
        ("ar", "عشرات القتلى ومئات الجرحى وآلاف النازحين"),
        ("ar", "عشرات الآلاف والمئات والآلاف"),
        ("ar", "اليوم الأول والثاني والرابع والخامس"),
        ("ar", "في القرن التاسع عشر"),
        ("ar", "يوم الاثنين الماضي"),
        ("ar", "لست متأكدا"),
        ("ar", "أحد الجنود"),
    ],
)
def test_not_numbers(lang: str, text: str) -> None:
    assert read(text, lang) == []


def test_vague_plural_does_not_swallow_a_following_number() -> None:
    assert read("hundreds 200 more", "en") == [("200", 200, "number")]
    assert read("des milliers, 3 000 selon", "fr") == [("3 000", 3000, "number")]


def test_article_before_a_scale_is_counted() -> None:
    assert read("a hundred people", "en") == [("a hundred", 100, "number")]
    assert read("un million de personnes", "fr") == [("un million", 1_000_000, "number")]
    assert read("bir milyon kişi", "tr") == [("bir milyon", 1_000_000, "number")]


def test_parse_number_accepts_a_lone_numeral_article() -> None:
    assert parse_number("un", "fr") == 1
    assert parse_number("bir", "tr") == 1
    assert parse_number("a", "en") is None


# --- special kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "span", "kind"),
    [
        ("en", "at 21:00 local time", "21:00", "time"),
        ("fr", "vers 9h30 du matin", "9h30", "time"),
        ("fr", "à 21 h ce soir", "21 h", "time"),
        ("en", "around 9.30pm", "9.30pm", "time"),
        ("en", "at 9 a.m. sharp", "9 a.m.", "time"),
        ("tr", "saat 14.00'te", "14.00", "time"),
        ("en", "on 25/12/2018 there", "25/12/2018", "date"),
        ("en", "on 2019-03-05 there", "2019-03-05", "date"),
        ("fr", "le 12.03.2019 au soir", "12.03.2019", "date"),
        ("ar", "في ٢٥/١٢/٢٠١٨", "٢٥/١٢/٢٠١٨", "date"),
        ("ar", "اتصل على 00963-11-5550199", "00963-11-5550199", "phone"),
        ("tr", "tel: +90 212 555 01 99.", "+90 212 555 01 99", "phone"),
        ("en", "call (212) 555-0199 now", "(212) 555-0199", "phone"),
        ("en", "the COVID-19 pandemic", "COVID-19", "code"),
        ("en", "the F-16 jets", "F-16", "code"),
        ("en", "an A4 sheet", "A4", "code"),
        ("en", "by @user_2019 today", "@user_2019", "code"),
        ("en", "see #tag2019 now", "#tag2019", "code"),
        ("en", "open 24/7 now", "24/7", "code"),
        ("ar", "جائحة كوفيد-19", "كوفيد-19", "code"),
        ("en", "the 21st century", "21st", "code"),
    ],
)
def test_special_tokens_are_single_spans(lang: str, text: str, span: str, kind: str) -> None:
    sp = only(text, lang)
    assert (sp.text, sp.kind) == (span, kind)


@pytest.mark.parametrize(
    ("lang", "text", "span"),
    [
        ("en", "rose 12% in May", "12%"),
        ("en", "rose 12 % in May", "12 %"),
        ("en", "rose 12 per cent", "12 per cent"),
        ("en", "rose 12 percent", "12 percent"),
        ("en", "rose twelve percent", "twelve percent"),
        ("fr", "hausse de 12 pour cent", "12 pour cent"),
        ("fr", "hausse de 12\u00a0%", "12\u00a0%"),
        ("tr", "oran %12 oldu", "%12"),
        ("tr", "oran % 12 oldu", "% 12"),
        ("tr", "oran yüzde 12 oldu", "yüzde 12"),
        ("tr", "oran yüzde on iki oldu", "yüzde on iki"),
        ("ar", "ارتفع ٪١٢", "٪١٢"),
        ("ar", "ارتفع ١٢٪", "١٢٪"),
        ("ar", "ارتفع 12 في المئة", "12 في المئة"),
        ("ar", "ارتفع 12 بالمائة", "12 بالمائة"),
        ("ar", "ارتفع اثنا عشر في المائة", "اثنا عشر في المائة"),
    ],
)
def test_percent_keeps_its_value(lang: str, text: str, span: str) -> None:
    sp = only(text, lang)
    assert (sp.text, sp.value, sp.kind) == (span, 12, "percent")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "on December 14, 2018", [("14", 14, "date"), ("2018", 2018, "year")]),
        ("en", "on 14 December 2018", [("14", 14, "date"), ("2018", 2018, "year")]),
        ("en", "the 14th of December", [("14th", 14, "date")]),
        ("en", "in 2019 and since 2011", [("2019", 2019, "year"), ("2011", 2011, "year")]),
        ("en", "in the 1990s", [("1990s", 1990, "year")]),
        ("en", "some 2000 people", [("2000", 2000, "number")]),
        ("en", "may 5 people", [("5", 5, "number")]),
        ("fr", "le 14 décembre 2018", [("14", 14, "date"), ("2018", 2018, "year")]),
        ("fr", "le 1er mai", [("1er", 1, "date")]),
        ("fr", "en 2019", [("2019", 2019, "year")]),
        ("tr", "4 Mart'ta", [("4", 4, "date")]),
        ("tr", "2019 yılında", [("2019", 2019, "year")]),
        ("tr", "2019'da", [("2019", 2019, "year")]),
        ("tr", "2000'den fazla", [("2000", 2000, "number")]),
        ("ar", "في 14 كانون الأول 2018", [("14", 14, "date"), ("2018", 2018, "year")]),
        ("ar", "في 3 آذار", [("3", 3, "date")]),
        ("ar", "عام 2019", [("2019", 2019, "year")]),
        ("ar", "في العام ٢٠١٩", [("٢٠١٩", 2019, "year")]),
        ("ar", "منذ 2011", [("2011", 2011, "year")]),
    ],
)
def test_dates_and_years(lang: str, text: str, expected: list[Row]) -> None:
    assert read(text, lang) == expected


def test_prefixed_year_and_military_time() -> None:
    assert read("by mid-2019 and pre-2011", "en") == [
        ("mid-2019", 2019, "year"),
        ("pre-2011", 2011, "year"),
    ]
    assert read("at 0600 GMT", "en") == [("0600", 6, "time")]


def test_arabic_repeated_scale_after_half() -> None:
    assert read("نزح مليون ونصف المليون شخص", "ar") == [("مليون ونصف المليون", 1_500_000, "number")]


def test_neutral_language_reads_digits_and_english_words() -> None:
    # Portuguese scale words are not in any lexicon: the digits alone are read.
    assert read("morreram 4.900 pessoas e 2,5 milhões", "pt") == [
        ("4.900", 4900, "number"),
        ("2,5", 2.5, "number"),
    ]
    assert read("about two hundred", "xx") == [("two hundred", 200, "number")]


def test_parse_number_whole_string_only() -> None:
    assert parse_number("4,900", "en") == 4900
    assert parse_number(" 17 ألف ", "ar") == 17000
    assert parse_number("4,900 people", "en") is None
    assert parse_number("21:00", "en") is None
    assert parse_number("", "en") is None
    assert parse_number("12%", "en") == 12


def test_render_examples() -> None:
    assert render_number(4900, "en", "grouped") == "4,900"
    assert render_number(4900, "fr", "grouped") == "4\u00a0900"
    assert render_number(4900, "tr", "grouped") == "4.900"
    assert render_number(4900, "ar", "grouped") == "٤٬٩٠٠"
    assert render_number(4900, "en", "arabic_indic") == "٤٩٠٠"
    assert render_number(4900, "en", "persian") == "۴۹۰۰"
    assert render_number(4900, "en", "words") == "four thousand nine hundred"
    assert render_number(4900, "fr", "words") == "quatre mille neuf cents"
    assert render_number(4900, "tr", "words") == "dört bin dokuz yüz"
    assert render_number(4900, "ar", "words") == "أربعة آلاف وتسعمئة"
    assert render_number(17000, "ar", "scale") == "17 ألف"
    assert render_number(6500, "tr", "scale") == "6 bin 500"
    assert render_number(1_500_000, "en", "scale") == "1.5 million"
    assert render_number(2_500_000, "fr", "scale") == "2,5 millions"
    with pytest.raises(ValueError, match="unknown style"):
        render_number(1, "en", "roman")


# --- properties ---------------------------------------------------------------------------

LANGS = ["en", "fr", "tr", "ar", "es"]
DIGIT_STYLES = ["plain", "grouped", "arabic_indic", "persian", "scale"]
SENTENCES = {
    "en": "Officials said {} people fled the town.",
    "fr": "Selon l'ONU, {} personnes ont fui la ville.",
    "tr": "Yetkililer {} kişinin kentten kaçtığını söyledi.",
    "ar": "قال مسؤولون إن {} شخصا نزحوا من المدينة.",
    "es": "Las autoridades dijeron que {} personas huyeron.",
}


def _check_embedded(n: int, lang: str, written: str) -> None:
    sentence = SENTENCES[lang].format(written)
    spans = find_numbers(sentence, lang)
    assert [(sp.text, sp.value) for sp in spans] == [(written, n)], sentence
    assert sentence.index(written) == spans[0].start


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 999_999_999),
    lang=st.sampled_from(LANGS),
    style=st.sampled_from(DIGIT_STYLES),
)
def test_digit_styles_round_trip(n: int, lang: str, style: str) -> None:
    written = render_number(n, lang, style)
    assert parse_number(written, lang) == n, written
    _check_embedded(n, lang, written)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 999_999), lang=st.sampled_from(LANGS))
def test_words_round_trip(n: int, lang: str) -> None:
    written = render_number(n, lang, "words")
    assert parse_number(written, lang) == n, written
    if n == 1 and lang in ("fr", "tr"):
        # Alone, "un" and "bir" are read as articles; parse_number takes them as numerals.
        return
    _check_embedded(n, lang, written)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "n", [0, 1, 2, 10, 11, 12, 17, 20, 21, 70, 71, 80, 81, 91, 99, 100, 101, 110, 111, 180, 200,
          999, 1000, 1001, 2000, 2001, 3000, 10000, 11000, 80000, 100000, 101000, 102000,
          103000, 111000, 200000, 999999]
)  # fmt: skip
def test_words_round_trip_edges(n: int, lang: str) -> None:
    written = render_number(n, lang, "words")
    assert parse_number(written, lang) == n, written


_FUZZ_PIECES = [
    *"0123456789٠١٢٣٤٥٦٧٨٩۴,.٫٬' \u00a0\u202f-/:%٪+()@#_hamkbnsIİ",
    *["one ", "hundred ", "thousand ", "a ", " and ", "half ", "dozen ", "May "],
    *["deux ", "mille ", " et ", "une ", "dizaine ", "de ", "milliers "],
    *["bin ", "milyon ", "bir ", "on ", "buçuk ", "yüzde "],
    *["ألف ", "آلاف ", "و", "مئة ", "نصف ", "ال", "عشر ", "ثلاثة ", "في المئة "],
]


@settings(max_examples=400, deadline=None)
@given(
    text=st.lists(st.sampled_from(_FUZZ_PIECES), max_size=40).map("".join),
    lang=st.sampled_from(LANGS),
)
def test_any_text_gives_ordered_quoting_spans(text: str, lang: str) -> None:
    for sp in find_numbers(text, lang):
        assert 0 <= sp.start < sp.end <= len(text)
    read(text, lang)
    parse_number(text, lang)
