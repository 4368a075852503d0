"""Tests for boilerplate detection in wire bodies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from assistant.text.boilerplate import boilerplate_spans, is_boilerplate

FIXTURES = Path(__file__).resolve().parent / "fixtures"

NEWS = (
    "Shelling overnight killed at least 14 civilians in the northern district, the regional "
    "governor said, and some 2,500 people fled towards the coast."
)


def _lines(body: str) -> list[tuple[int, int]]:
    """[start, end) of every non-blank line of body, whitespace trimmed."""
    out = []
    offset = 0
    for text in body.split("\n"):
        if text.strip():
            start = offset + len(text) - len(text.lstrip())
            out.append((start, offset + len(text.rstrip())))
        offset += len(text) + 1
    return out


def _covered_lines(body: str, language: str) -> set[int]:
    """Indices of the non-blank lines that the detected spans cover."""
    spans = boilerplate_spans(body, language)
    return {i for i, (s, e) in enumerate(_lines(body)) if is_boilerplate(body, spans, s, e)}


def _touched_lines(body: str, language: str) -> set[int]:
    """Indices of the non-blank lines that any span overlaps at all."""
    spans = boilerplate_spans(body, language)
    return {i for i, (s, e) in enumerate(_lines(body)) if any(a < e and s < b for a, b in spans)}


def _sample_wires() -> dict[str, dict[str, str]]:
    text = (FIXTURES / "wires-sample.jsonl").read_text("utf-8")
    return {w["id"]: w for w in map(json.loads, text.splitlines())}


# Non-blank line indices that are boilerplate in each fixture wire.
SAMPLE_EXPECTED = {
    "s-en-flood": {4, 5},
    "s-ar-quake": {3, 4, 5},
    "s-fr-fires": {2, 4, 5},
    "s-tr-quake": {3, 4, 5},
    "s-en-border": {1, 4, 5, 6},
}


@pytest.mark.parametrize("wire_id", sorted(SAMPLE_EXPECTED))
def test_sample_wires(wire_id: str) -> None:
    wire = _sample_wires()[wire_id]
    assert _covered_lines(wire["body"], wire["language"]) == SAMPLE_EXPECTED[wire_id]
    assert _touched_lines(wire["body"], wire["language"]) == SAMPLE_EXPECTED[wire_id]


BOILERPLATE_LINES = [
    ("en", "Follow us on Instagram and X for breaking news"),
    ("en", "Follow Sample Daily on Telegram — 80,000+ readers"),
    ("en", "Subscribe to our evening newsletter: five stories, five minutes."),
    ("en", "Join more than 30,000 followers on our page"),
    ("en", "Share this article"),
    ("en", "Read more: How the camps are run"),
    ("en", "Related: Aid convoys stuck at the crossing"),
    ("en", "© 2024 Sample Daily. All rights reserved."),
    ("en", "Copyright 2023 Sample News Agency"),
    ("en", "Contact the newsroom: news@sample.example"),
    ("en", "Newsdesk: +1 202 555 0147"),
    ("en", "5 min read"),
    ("en", "@SampleDaily_news"),
    ("en", "Photos: the flooded valley (8 images)"),
    ("en", "We use cookies to improve your browsing experience. Accept all | Manage"),
    ("en", "Reporting by Sam Sample; Editing by Alex Example"),
    ("ar", "تابعونا على فيسبوك وتويتر"),
    ("ar", "اشترك في نشرتنا البريدية اليومية"),
    ("ar", "انضم إلى أكثر من 50 ألف متابع على قناتنا"),
    ("ar", "اقرأ أيضاً: كيف تُدار المخيمات"),
    ("ar", "© 2024 جميع الحقوق محفوظة لوكالة العينة"),
    ("ar", "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك."),
    ("ar", "للتواصل مع هيئة التحرير: 00961-1-555123"),
    ("ar", "شارك الخبر - 4 دقائق للقراءة"),
    ("fr", "Suivez-nous sur Facebook et Instagram"),
    ("fr", "Abonnez-vous à notre lettre d'information"),
    ("fr", "Lire aussi : la décrue se fait attendre"),
    ("fr", "© Le Journal Exemple 2024 - Tous droits réservés"),
    ("fr", "Ce site utilise des cookies. Tout accepter | Gérer mes préférences"),
    ("fr", "Temps de lecture : 3 min de lecture"),
    ("tr", "Bizi sosyal medyada takip edin"),
    ("tr", "E-bültenimize abone olun"),
    ("tr", "İlgili haberler: Kamplarda son durum"),
    ("tr", "© 2024 Örnek Haber Ajansı. Tüm hakları saklıdır."),
    ("tr", "Sitemizde çerezler kullanılmaktadır. KVKK aydınlatma metni için tıklayınız."),
    ("tr", "Haberi paylaş · 3 dakikalık okuma"),
]


@pytest.mark.parametrize(("language", "line"), BOILERPLATE_LINES)
def test_boilerplate_line_after_news_is_detected(language: str, line: str) -> None:
    body = f"{NEWS}\n\n{line}"
    assert _covered_lines(body, language) == {1}


NEWS_SENTENCES = [
    ("en", "The UN said on Twitter that 1,200 families had been moved to higher ground."),
    ("en", "SDF spokesman Sam Sample added on Twitter that five fighters had been freed."),
    ("en", "A newsletter issued by the health ministry listed 300 people treated for injuries."),
    ("en", "Reuters reported that at least 40 people had died since the rains began."),
    ("en", "Officials told Reuters the convoy of 60 trucks would leave at dawn."),
    ("en", "The group urged its supporters to follow its Telegram channel for updates."),
    ("en", "Follow-up talks on the 12-point plan are due next week, diplomats said."),
    ("en", "Share prices of the two insurers fell 8 percent after the earthquake."),
    ("en", "The ministry posted a video on Facebook showing 20 trucks crossing the bridge."),
    ("en", "A court ruled on the copyright dispute over 3 photographs of the siege."),
    ("en", "Rockets hit a cookie factory in the industrial zone, killing 4 workers."),
    ("en", "Twelve countries will sign up to the truce monitoring mission."),
    ("en", "Recommended evacuation zones now cover 3 districts."),
    ("en", "Reporting by the UN shows 300 schools were damaged."),
    ("en", '"Our site was hit by 3 missiles in one night."'),
    ("en", '"Send us more doctors," a nurse in the field hospital pleaded.'),
    ("en", "By continuing the siege, the army has cut off 3 towns."),
    ("ar", "وقال المتحدث في تغريدة على تويتر إن 85 شخصاً لقوا حتفهم."),
    ("ar", "اشترك 300 عنصر في الهجوم على البلدة."),
    ("ar", "انضم 200 مقاتل إلى القوات المهاجمة."),
    ("ar", "شارك 500 عنصر في عملية الإنقاذ."),
    ("ar", "وتسعى العائلات للتواصل مع ذويها في المخيم."),
    ("ar", "ونشرت الوزارة على فيسبوك صوراً لوصول 40 شاحنة مساعدات."),
    ("fr", "Le ministère a indiqué sur Twitter que 230 pompiers étaient attendus."),
    ("fr", "Selon la lettre d'information de l'ONU, 4 000 familles ont besoin d'abris."),
    ("tr", "Valilik, Twitter hesabından 1.400 çadırın bölgeye ulaştırıldığını duyurdu."),
    ("tr", "Bakanlık, bültenine göre 310 kişinin yaralandığını bildirdi."),
    ("tr", "Depremzedelere 5 bin paket çerez ve su dağıtıldı."),
    ("tr", "Takip eden günlerde 40 artçı sarsıntı kaydedildi."),
    ("tr", "Platforma abone olan 3 milyon kişi yayını izledi."),
    ("tr", "Konuyla ilgili haberlerde 12 köyün boşaltıldığı belirtildi."),
    ("tr", "İletişim için 200 uydu telefonu bölgeye gönderildi."),
]


@pytest.mark.parametrize(("language", "sentence"), NEWS_SENTENCES)
def test_news_sentences_mentioning_platforms_are_not_boilerplate(
    language: str, sentence: str
) -> None:
    # Last position is where boilerplate is expected, so it is the hardest test.
    body = f"{NEWS}\n\n{sentence}"
    assert boilerplate_spans(body, language) == []
    body = f"{sentence}\n\n{NEWS}"
    assert boilerplate_spans(body, language) == []


def test_copyright_line_inside_a_paragraph() -> None:
    body = f"{NEWS}\n© 2024 Sample Wire"
    spans = boilerplate_spans(body, "en")
    assert spans == [(len(NEWS) + 1, len(body))]


def test_banner_continuation_sharing_vocabulary_is_covered() -> None:
    body = (
        f"{NEWS}\n\n"
        "This website uses cookies to personalise content and analyse traffic.\n\n"
        "Personalised content and traffic analysis help keep the website free to read."
    )
    spans = boilerplate_spans(body, "en")
    assert spans == [(len(NEWS) + 2, len(body))]


def test_mid_body_link_does_not_swallow_the_news_after_it() -> None:
    body = (
        f"{NEWS}\n\n"
        "Read more: Truck drivers stranded at the crossing\n\n"
        "Truck drivers stranded at the crossing counted 150 lorries queuing on Friday."
    )
    assert _covered_lines(body, "en") == {1}


def test_lead_in_line_joins_the_trailing_banner() -> None:
    body = f"{NEWS}\n\nWe value your privacy\n\nWe use cookies on this site. Accept all"
    assert _covered_lines(body, "en") == {1, 2}


def test_unrelated_line_after_a_banner_breaks_the_continuation() -> None:
    body = (
        f"{NEWS}\n\n"
        "Follow us on Telegram\n\n"
        "Rescuers pulled 12 survivors from the rubble of the market overnight."
    )
    assert _covered_lines(body, "en") == {1}


def test_no_boilerplate_in_plain_news() -> None:
    assert boilerplate_spans(NEWS, "en") == []
    assert boilerplate_spans("", "en") == []


def test_is_boilerplate_bounds() -> None:
    body = f"{NEWS}\n\nFollow us on Telegram"
    spans = boilerplate_spans(body, "en")
    start = body.index("Follow")
    assert is_boilerplate(body, spans, start, len(body))
    assert is_boilerplate(body, spans, start - 2, len(body))  # leading whitespace ignored
    assert is_boilerplate(body, spans, start + 3, start + 6)
    assert not is_boilerplate(body, spans, start - 5, len(body))  # straddles news
    assert not is_boilerplate(body, spans, 0, 10)
    assert not is_boilerplate(body, [], start, len(body))


@given(st.text(alphabet=st.sampled_from("ab ©\n@:|1اç"), max_size=200))
def test_spans_are_sorted_disjoint_and_trimmed(body: str) -> None:
    spans = boilerplate_spans(body, "en")
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(body)
        assert start > previous_end
        assert not body[start].isspace() and not body[end - 1].isspace()
        assert is_boilerplate(body, spans, start, end)
        previous_end = end


@given(st.text(max_size=300))
def test_any_text_is_handled(body: str) -> None:
    for start, end in boilerplate_spans(body, "und"):
        assert 0 <= start < end <= len(body)


# --- the shared corpus ----------------------------------------------------------

needs_corpus = pytest.mark.corpus("wires.jsonl", "claims.jsonl")


def _corpus() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    def load(name: str) -> list[dict[str, str]]:
        return [json.loads(x) for x in (CORPUS / name).read_text("utf-8").splitlines() if x]

    return load("wires.jsonl"), load("claims.jsonl")


@needs_corpus
def test_corpus_trailing_boilerplate_is_found_and_nothing_else() -> None:
    wires, _ = _corpus()
    found = 0
    for wire in wires:
        body = wire["body"]
        # Each corpus wire ends with one paragraph of boilerplate (one or two lines).
        last = body.rindex("\n\n") + 2
        if boilerplate_spans(body, wire["language"]) == [(last, len(body.rstrip()))]:
            found += 1
    assert found == len(wires) == 26


@needs_corpus
def test_corpus_claim_quotes_are_never_boilerplate() -> None:
    wires, claims = _corpus()
    bodies = {w["id"]: (w["body"], boilerplate_spans(w["body"], w["language"])) for w in wires}
    hit = []
    for claim in claims:
        body, spans = bodies[claim["wire"]]
        start = body.find(claim["quote"])
        assert start >= 0, claim["id"]
        while start >= 0:
            end = start + len(claim["quote"])
            if any(a < end and start < b for a, b in spans):
                hit.append(claim["id"])
            start = body.find(claim["quote"], start + 1)
    assert hit == []


@pytest.mark.corpus("seed-wire.txt")
def test_seed_wire_turkish_cookie_banner() -> None:
    text = (CORPUS / "seed-wire.txt").read_text("utf-8")
    body = text.split("\n", 1)[1].strip()
    paragraphs = body.split("\n\n")
    banner_start = body.index(paragraphs[-3])
    assert boilerplate_spans(body, "ar") == [(banner_start, len(body))]
