"""Tests for offline language identification."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from assistant.text.language import detect_language

SENTENCES = {
    "en": "The army said at least 300 people were killed in the attack on the market.",
    "fr": "L'armée a annoncé que 300 personnes ont été tuées dans l'attaque du marché.",
    "tr": "Ordu, pazara düzenlenen saldırıda en az 300 kişinin öldüğünü açıkladı.",
    "de": "Die Armee sagte, dass bei dem Angriff auf den Markt 300 Menschen getötet wurden.",
    "es": "El ejército dijo que al menos 300 personas murieron en el ataque contra el mercado.",
    "it": "L'esercito ha detto che almeno 300 persone sono state uccise nell'attacco al mercato.",
    "pt": "O exército disse que pelo menos 300 pessoas foram mortas no ataque ao mercado.",
    "nl": "Het leger zei dat bij de aanval op de markt zeker 300 mensen zijn gedood.",
    "ar": "قال الجيش إن 300 شخص على الأقل قتلوا في الهجوم على السوق.",
    "fa": "ارتش اعلام کرد که دست کم ۳۰۰ نفر در حمله به بازار کشته شدند.",
    "ur": "فوج نے کہا کہ بازار پر حملے میں کم از کم 300 افراد ہلاک ہوئے۔",
    "ru": "Армия заявила, что при нападении на рынок погибли не менее 300 человек.",
    "uk": "Армія заявила, що внаслідок нападу на ринок загинули щонайменше 300 людей.",
    "he": "הצבא אמר כי לפחות 300 בני אדם נהרגו בהתקפה על השוק.",
    "el": "Ο στρατός δήλωσε ότι τουλάχιστον 300 άνθρωποι σκοτώθηκαν στην επίθεση.",
    "zh": "军方表示，市场遇袭事件中至少有300人死亡。",
    "ja": "軍によると、市場への攻撃で少なくとも300人が死亡した。",
    "ko": "군은 시장 공격으로 최소 300명이 사망했다고 밝혔다.",
    "hi": "सेना ने कहा कि बाजार पर हमले में कम से कम 300 लोग मारे गए।",
}


@pytest.mark.parametrize(("code", "sentence"), sorted(SENTENCES.items()))
def test_detects_own_sentences(code: str, sentence: str) -> None:
    assert detect_language(sentence) == code


@pytest.mark.parametrize("text", ["", "   ", "12,000 !!", "ok", "Baghouz Hajin", "42 — 17"])
def test_too_little_text_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"


def test_turkish_letters_outweigh_shared_words() -> None:
    assert detect_language("Suriye'de çatışmalar sürüyor, yüzlerce kişi kaçıyor") == "tr"


def test_dominant_script_wins_over_a_foreign_banner() -> None:
    body = (
        "قال الدفاع المدني إن فرق الإنقاذ انتشلت 30 ناجياً من تحت الأنقاض في المدينة القديمة، "
        "فيما لجأت مئات العائلات إلى المدارس والمساجد.\n\n"
        "Bu sitede çerezler kullanılmaktadır."
    )
    assert detect_language(body) == "ar"


def test_persian_letters_dominating_arabic_script_mean_persian() -> None:
    assert detect_language("این گزارش را پیش از چاپ بررسی کنید") == "fa"


def test_deterministic() -> None:
    text = SENTENCES["fr"] + " " + SENTENCES["en"]
    assert len({detect_language(text) for _ in range(5)}) == 1


@given(st.text())
def test_any_text_gives_a_code(text: str) -> None:
    code = detect_language(text)
    assert code == "und" or (code.isascii() and code.islower() and 2 <= len(code) <= 3)


@pytest.mark.corpus("wires.jsonl")
def test_corpus_bodies_match_their_language() -> None:
    wires = [json.loads(line) for line in (CORPUS / "wires.jsonl").read_text("utf-8").splitlines()]
    misses = [w["id"] for w in wires if detect_language(w["body"]) != w["language"]]
    assert len(wires) == 26
    assert misses == []


@pytest.mark.corpus("seed-wire.txt")
def test_seed_wire_is_arabic_despite_its_turkish_banner() -> None:
    assert detect_language((CORPUS / "seed-wire.txt").read_text("utf-8")) == "ar"
