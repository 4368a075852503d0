"""Who speaks, in one name across languages: sources glossed into English, countries and
titled officials as speakers, qualifiers and datelines that are not names.

Sentences written for these tests (invented places and agencies)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.core.models import Claim, Report
from assistant.extract.gloss import gloss
from assistant.extract.rules import RulesExtractor


def _extract(language: str, body: str) -> list[Claim]:
    report = Report(
        id="t", language=language, published=datetime(2026, 5, 4, 12, tzinfo=UTC), body=body
    )
    return RulesExtractor().extract(report)


@pytest.mark.parametrize(
    ("name", "language", "english"),
    [
        ("وزارة الصحة العامة", "ar", "Ministry of Public Health"),
        # An agency's formal label ("General Directorate for ...") is the agency desks name.
        ("المديرية العامة للدفاع المدني", "ar", "Civil Defence"),
        ("الإدارة العامة للحرس الوطني", "ar", "National Guard"),
        (
            "اللجنة الوطنية لإدارة الحالات الطارئة",
            "ar",
            "National Committee for Emergency Management",
        ),
        ("اللجنة الوطنية العليا للإغاثة", "ar", "Higher National Committee for Relief"),
        ("نقابة أطباء السودان", "ar", "Sudan Doctors Union"),
        # A verb glued to the name by the extractor is not part of it.
        ("وزارة الداخلية تعلن", "ar", "Ministry of Interior"),
        ("ministère de la Santé", "fr", "Ministry of Health"),
        ("Direction générale de la protection civile", "fr", "Civil Protection"),
        ("Direction de la protection civile", "fr", "Directorate of Civil Protection"),
        ("İçişleri Bakanlığı", "tr", "Ministry of Interior"),
        # A case ending on the name's last word: the same office whatever its case.
        ("Kardere Valiliğinden", "tr", "Kardere Governor's Office"),
        ("Milli Savunma Bakanlığının", "tr", "Ministry of National Defence"),
        # A proper name before the head stays; a person's name after it ends the name.
        ("Kardere Valisi Ahmet Yalın", "tr", "Kardere Governor"),
    ],
)
def test_a_name_is_glossed_into_english(name: str, language: str, english: str) -> None:
    assert gloss(name, language) == english


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("مديرية قرنبل", "ar"),  # a head and a word the vocabulary does not know
        ("وزارة", "ar"),  # a head alone
        ("Ministry of Health", "en"),  # English needs no gloss
        ("Sakalaba", "fr"),
        ("hayatını kaybetti", "tr"),
    ],
)
def test_no_gloss_when_unsure(name: str, language: str) -> None:
    assert gloss(name, language) is None


def test_an_arabic_ministry_is_named_in_english_and_kept_as_written() -> None:
    body = "وقالت مديرية الدفاع المدني إن 17 شخصاً لقوا حتفهم في بلدة قرنبل."
    (dead,) = _extract("ar", body)
    assert dead.value == 17
    assert dead.source == "Civil Defence Directorate"
    assert dead.source_text == "مديرية الدفاع المدني"


def test_the_same_ministry_in_french_and_english_is_one_speaker() -> None:
    (fr,) = _extract(
        "fr", "Au moins 12 personnes ont été tuées, a indiqué le ministère de la Défense."
    )
    (en,) = _extract("en", "At least 12 people were killed, the Ministry of Defence said.")
    assert fr.source == "Ministry of Defence"
    assert en.source == "Ministry of Defence"


def test_a_country_that_speaks_is_the_source() -> None:
    (dead,) = _extract(
        "en", "Moldova said on Monday that 14 people had died since the river burst its banks."
    )
    assert dead.source == "Moldova"
    assert dead.source_text == "Moldova"


def test_a_country_where_people_died_is_not_the_speaker() -> None:
    claims = _extract("en", "Floods killed 9 people in Moldova, rescuers said.")
    assert [c.value for c in claims] == [9]
    assert claims[0].source != "Moldova"


def test_a_spokesman_speaks_for_the_agency_in_his_title() -> None:
    body = (
        "The Coastal Emergency Authority (CEA) opened three shelters on Sunday.\n\n"
        "CEA spokesman Daud Ferhan Malik said 23 people had been killed in the district."
    )
    dead = next(c for c in _extract("en", body) if c.value == 23)
    assert dead.source == "Coastal Emergency Authority"


def test_a_director_at_an_agency_speaks_for_it() -> None:
    body = (
        "The blaze killed 31 workers, said Arif Hasan Molla, a director at the Harbour Fire "
        "Service and Civil Defence."
    )
    dead = next(c for c in _extract("en", body) if c.value == 31)
    assert dead.source == "Harbour Fire Service and Civil Defence"


def test_a_qualifier_before_a_figure_is_not_a_name() -> None:
    body = (
        "Le ministère de la Santé a annoncé 20 morts. Quelque 430 personnes ont été blessées, "
        "selon la même source."
    )
    hurt = next(c for c in _extract("fr", body) if c.value == 430)
    assert hurt.source == "Ministry of Health"


def test_the_agency_credited_in_a_dateline_is_not_a_source() -> None:
    body = (
        "PUERTO SALINA, 3 de mayo de 2026 (NTA).— Al menos 8 personas murieron tras las "
        "lluvias en la costa."
    )
    (dead,) = _extract("es", body)
    assert dead.source != "NTA"


def test_a_name_said_as_a_word_keeps_its_speaker() -> None:
    body = (
        "El Instituto Costero de Emergencias (Icoste) abrió dos albergues.\n\n"
        "La cifra de fallecidos subió a 15, informó el Icoste."
    )
    dead = next(c for c in _extract("es", body) if c.value == 15)
    assert dead.source == "Instituto Costero de Emergencias"


def test_a_place_where_the_period_began_is_not_where_it_was_counted() -> None:
    body = "Moldova said on Monday that 14 people had died since the dam burst upstream in Romania."
    (dead,) = _extract("en", body)
    assert (dead.source, dead.location) == ("Moldova", "Moldova")
    # With no other place in its sentence, the period's place is still the best guess.
    (alone,) = _extract("en", "Officials said 14 people had died since the dam burst in Romania.")
    assert alone.location == "Romania"


def test_a_turkish_word_that_starts_like_a_country_is_not_that_country() -> None:
    # Proper names take their case ending after an apostrophe: "çadır" is a tent.
    claims = _extract("tr", "Kızılay bölgeye 1.600 çadır gönderdi.")
    assert [c.location for c in claims] == [None]
    (there,) = _extract("tr", "Çad'da 14 kişi hayatını kaybetti.")
    assert there.location == "Chad"


def test_the_noun_of_another_clause_is_not_what_a_figure_counts() -> None:
    body = (
        "The death toll from the factory fire rose to 52 on Wednesday after firefighters "
        "recovered more bodies, officials said."
    )
    dead = next(c for c in _extract("en", body) if c.value == 52)
    assert dead.unit == "people"


def test_an_acronym_of_a_name_in_the_report_is_that_name() -> None:
    body = (
        "In Kesra province, 40 people have died since June 2, the Provincial Relief "
        "Commission said.\n\nThe toll rose to 44 on Friday, the PRC said."
    )
    later = next(c for c in _extract("en", body) if c.value == 44)
    assert later.source == "Provincial Relief Commission"


def test_an_acronym_in_another_languages_order_names_the_organisation_before_it() -> None:
    # Initials of the English name (GIES) are not the acronym (ISUS, the agency's own
    # language): the organisation written just before the bracket is still its name.
    body = (
        "In Lerva county 14 people have died, Vardonia's General Inspectorate for Emergency "
        "Services (ISUS) said on Sunday.\n\nBy evening the ISUS said the toll had risen to 17."
    )
    later = next(c for c in _extract("en", body) if c.value == 17)
    # The country stays: two countries' inspectorates are two speakers.
    assert later.source == "Vardonia's General Inspectorate for Emergency Services"


def test_an_organisations_possessive_names_whose_figure_it_is() -> None:
    body = (
        "In Kesra province, 40 people have died since June 2, the Provincial Relief "
        "Commission said.\n\nElsewhere, the UNICEF's count of children killed stood at 12."
    )
    count = next(c for c in _extract("en", body) if c.value == 12)
    assert count.source == "UNICEF"


@pytest.mark.parametrize(
    ("language", "body"),
    [
        (
            "en",
            "In Kesra, 87 people have died since June 26, officials said. Nationally, the "
            "toll since June 26 stood at 587, the ministry in Pakistan said.",
        ),
        (
            "tr",
            "Kesra'da 87 kişi hayatını kaybetti. Pakistan'da ülke genelinde can kaybı "
            "587'ye yükseldi.",
        ),
    ],
)
def test_a_nationwide_figure_is_the_countrys(language: str, body: str) -> None:
    national = next(c for c in _extract(language, body) if c.value == 587)
    assert national.location == "Pakistan"


def test_a_nationwide_figure_with_no_country_named_has_no_place() -> None:
    body = "In Kesra, 87 people have died, officials said. Nationally, 587 have died."
    national = next(c for c in _extract("en", body) if c.value == 587)
    assert national.location is None  # not Kesra: unresolved, so never compared with it


def test_a_definite_head_takes_no_name_after_it() -> None:
    # Arabic: a head with the article (المرصد, "the observatory") cannot govern a genitive,
    # so a person's name or a verb after it ends the name; it refers to the body named
    # before. Invented monitor and figures.
    body = (
        "أفادت الشبكة الوطنية لرصد النزاعات بمقتل 31 مدنياً في قرى الريف الشرقي.\n\n"
        "وقال مدير الشبكة سامر خليل إن 12 من القتلى أطفال.\n\n"
        "وبحسب الشبكة فقد ارتفع عدد المصابين إلى 54 شخصاً."
    )
    claims = _extract("ar", body)
    named = {c.source for c in claims}
    assert len(named) == 1, named
    (source,) = named
    assert source is not None and "سامر" not in source and "ارتفع" not in source


def test_a_speaker_quoting_the_lead_figure_is_one_claim() -> None:
    # The reporter's paraphrase, then the director's own words with the period: one
    # statement, one claim, dated by the quotation.
    body = (
        "Some 2,300 people crossed into the district, the Border Monitoring Office said.\n\n"
        'Its director said "2,300 people crossed in the last 48 hours, among them 400 '
        'children".'
    )
    claims = _extract("en", body)
    crossed = [c for c in claims if c.value == 2300]
    assert len(crossed) == 1
    assert crossed[0].period == "last 48 hours"
    children = next(c for c in claims if c.value == 400)
    assert children.part_of == crossed[0].id


def test_an_officials_office_is_a_speaker() -> None:
    body = (
        "The district commissioner's office put the toll at 37 on Monday. The relief "
        "agency said 52 people had died."
    )
    toll = next(c for c in _extract("en", body) if c.value == 37)
    assert toll.source is not None and "commissioner's office" in toll.source


@pytest.mark.parametrize(
    ("language", "body", "value", "body_name"),
    [
        (
            "en",
            "The Ministry of Water Resources said the Sarel river had crested overnight. The Red "
            "Crescent sent 12 teams. Ministry spokesman Aran Velde said 40 people had died.",
            40,
            "Ministry of Water Resources",
        ),
        (
            "es",
            "La Coordinación Estatal de Protección Civil abrió 30 albergues. El coordinador "
            "estatal de Protección Civil, Iván Sorel Pardo, informó que 17 personas murieron.",
            17,
            "Coordinación Estatal de Protección Civil",
        ),
    ],
)
def test_a_titled_person_speaks_for_the_body_their_title_names(
    language: str, body: str, value: float, body_name: str
) -> None:
    claim = next(c for c in _extract(language, body) if c.value == value)
    assert claim.source is not None and body_name.endswith(claim.source)


def test_a_body_described_in_lower_case_is_the_one_the_report_names() -> None:
    body = (
        "The toll from the floods rose to 61 on Sunday, the national flood agency said.\n\n"
        "The National Flood Forecasting Agency had warned of a second crest on Friday."
    )
    toll = next(c for c in _extract("en", body) if c.value == 61)
    assert toll.source == "National Flood Forecasting Agency"
    # One shared word is not enough to name a body.
    alone = "The toll rose to 61 on Sunday, the relief agency said. The Red Crescent sent 9 teams."
    assert next(c for c in _extract("en", alone) if c.value == 61).source != "Red Crescent"


def test_the_noun_a_figure_counts_is_no_speaker() -> None:
    # "35 مركز إيواء" (35 shelters) has an organisation's head noun; the relief body speaks.
    body = (
        "أعلنت اللجنة الوطنية للطوارئ وفاة 3 أشخاص جراء السيول.\n\nوأوضحت اللجنة أن "
        "2,400 شخص لجأوا إلى 35 مركز إيواء بولايات الساحل والجبل، وأن 12 شخصاً أصيبوا."
    )
    sources = {c.value: c.source for c in _extract("ar", body)}
    assert sources[2400] == sources[12] == sources[35]
    assert sources[12] is not None and "مركز" not in sources[12]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("La Protection civile a fait état de 61 morts.", "Civil Protection"),
        ("Selon la Protection civile, 61 personnes sont mortes.", "Civil Protection"),
        (
            "L'Office national de la protection civile a indiqué que 61 personnes sont mortes.",
            "National Office of Civil Protection",
        ),
        (
            "La Direction nationale des secours a recensé 61 morts dans la nuit.",
            "National Directorate of Rescue",
        ),
    ],
)
def test_a_french_name_in_sentence_case_speaks(sentence: str, speaker: str) -> None:
    # French desks write names with one capital ("Protection civile"); title case alone
    # ("Civil Protection Agency") left these figures without a speaker.
    (claim,) = _extract("fr", sentence)
    assert claim.source == speaker


def test_a_capitalised_noun_that_speaks_for_no_one_is_no_name() -> None:
    claims = _extract("fr", "Santé publique : 12 personnes hospitalisées lundi.")
    assert [c.source for c in claims] == [None]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "KABUL — The Kabul Police Department said 11 people were killed.",
            "Kabul Police Department",
        ),
        ("NAIROBI — The Kenya Red Cross said 11 people had died.", "Kenya Red Cross"),
        ("DHAKA — The Bangladesh Army said it had rescued 11 people.", "Bangladesh Army"),
    ],
)
def test_a_name_that_holds_a_place_speaks_when_an_organisations_noun_heads_it(
    sentence: str, speaker: str
) -> None:
    # A place in a capitalised run made it a place, never a speaker; an organisation's
    # noun (pack list org_heads, and the nouns packs gloss) says it is a name.
    (claim,) = _extract("en", sentence)
    assert claim.source == speaker


def test_a_place_alone_is_still_no_name() -> None:
    (claim,) = _extract("en", "KARACHI — In Karachi, 11 people died, officials said.")
    assert claim.source != "Karachi"
    assert claim.location == "Karachi"


@pytest.mark.parametrize(
    ("language", "body", "value", "speaker"),
    [
        # A verb of saying set off by a comma has its speaker after it, not the name in
        # the clause before.
        (
            "es",
            "Cuatro soldados murieron en un ataque de disidencias de las FARC en el Cauca, "
            "informó este lunes el Ejército de Colombia.",
            4,
            "Ejército de Colombia",
        ),
        # The noun a figure counts is what is counted, not who speaks.
        (
            "fr",
            "Le bilan s'établit à 12 morts, 40 habitants étant toujours portés disparus, a "
            "déclaré le gouverneur de la province, Joseph Kaluba.",
            40,
            None,
        ),
        # Lower-case bodies French desks quote.
        (
            "fr",
            "Le bilan s'est alourdi à 14 morts, a annoncé mercredi la préfecture.",
            14,
            "Prefecture",
        ),
        (
            "fr",
            "Trente assaillants ont été tués, a indiqué l'état-major dans un communiqué.",
            30,
            "état-major",
        ),
        # Spanish perfect tense, and names joined by "para las", "ante", "y".
        (
            "es",
            "El balance se eleva a nueve mineros muertos, ha indicado la Delegación del Gobierno.",
            9,
            "Delegación del Gobierno",
        ),
        (
            "es",
            "Las lluvias han dejado 14 muertos, informó la Coordinadora Nacional para la "
            "Reducción de Desastres.",
            14,
            "Coordinadora Nacional para la Reducción de Desastres",
        ),
        # A name in sentence case, then its acronym: the acronym is that name later on.
        (
            "fr",
            "Côté moldave, l’Inspection générale des situations d’urgence (ISUM) fait état "
            "de 18 morts. Dans la soirée, l’ISUM a annoncé que 21 personnes avaient péri.",
            21,
            "General Inspectorate",
        ),
        # A nationality between the ministry and its field.
        (
            "fr",
            "Le bilan s'est alourdi à 149 morts, a annoncé le ministère népalais de l’Intérieur.",
            149,
            "ministère népalais de l’Intérieur",
        ),
        # A name that opens the body, with an organisation's noun in it.
        (
            "es",
            "La Defensa Civil de Bahía Serena confirmó que 11 personas murieron en el temporal.",
            11,
            "Defensa Civil de Bahía Serena",
        ),
    ],
)
def test_who_speaks_in_french_and_spanish_desk_sentences(
    language: str, body: str, value: float, speaker: str | None
) -> None:
    claim = next(c for c in _extract(language, body) if c.value == value)
    if speaker is None:
        # "40 habitants" is counted, not speaking: the governor speaks.
        assert claim.source == "Joseph Kaluba"
    else:
        assert claim.source is not None and speaker in claim.source, claim.source


def test_a_headline_run_opening_the_body_is_no_speaker() -> None:
    (claim,) = _extract("en", "Heavy Rains Kill 12 people in the Kelvara valley on Sunday.")
    assert claim.source is None


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # An emergency room of volunteers; a name ends before the event it announces.
        ("قالت غرفة الطوارئ في المدينة إن 40 شخصاً قتلوا في القصف.", "غرفة الطوارئ"),
        ("أعلنت خلية الإعلام الأمني مقتل 3 جنود في هجوم على دورية.", "خلية الإعلام الأمني"),
    ],
)
def test_arabic_bodies_named_by_their_head_noun(body: str, speaker: str) -> None:
    (claim,) = _extract("ar", body)
    assert claim.source == speaker
