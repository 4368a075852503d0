"""Offline, deterministic language identification: script first, then stopwords."""

from __future__ import annotations

import re
from collections import Counter

UNDETERMINED = "und"


def _words(text: str) -> frozenset[str]:
    """A set of space-separated words, so long word lists stay readable."""
    return frozenset(text.split())


# Fewer letters than this say nothing reliable about a language.
_MIN_LETTERS = 3
# Latin-script languages share an alphabet, so they need a few words to tell apart.
_MIN_LATIN_WORDS = 2
_MIN_LATIN_SCORE = 1.0

# (first code point, last code point, script name); Latin is handled apart.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "Greek"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08FF, "Arabic"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0x0700, 0x074F, "Syriac"),
    (0x0780, 0x07BF, "Thaana"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x3130, 0x318F, "Hangul"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0x1200, 0x139F, "Ethiopic"),
    (0x1780, 0x17FF, "Khmer"),
    (0x3040, 0x309F, "Kana"),
    (0x30A0, 0x30FF, "Kana"),
    (0x31F0, 0x31FF, "Kana"),
    (0xFF66, 0xFF9F, "Kana"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xF900, 0xFAFF, "Han"),
    (0x20000, 0x2FA1F, "Han"),
)

# Scripts written by essentially one language in news text.
_SCRIPT_LANGUAGE = {
    "Greek": "el",
    "Armenian": "hy",
    "Hebrew": "he",
    "Syriac": "syr",
    "Thaana": "dv",
    "Devanagari": "hi",
    "Bengali": "bn",
    "Gurmukhi": "pa",
    "Gujarati": "gu",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Sinhala": "si",
    "Thai": "th",
    "Lao": "lo",
    "Tibetan": "bo",
    "Myanmar": "my",
    "Georgian": "ka",
    "Hangul": "ko",
    "Ethiopic": "am",
    "Khmer": "km",
}

# Letters that Arabic itself does not use, by the language that does.
_URDU_LETTERS = frozenset("ٹڈڑںےۓھ")
_PERSIAN_LETTERS = frozenset("پچژگکی")
_ARABIC_ONLY_LETTERS = frozenset("يكةى")
_KURDISH_LETTERS = frozenset("ەۆێڵڕ")
_PASHTO_LETTERS = frozenset("ټډړښږځڅګېۍ")

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to in a is was that for on with as by at from it have has had were are "
        "be been this which said not but they their who an or its after more than would will "
        "he she his her we you our there about into over also since were these those"
    ),
    "fr": _words(
        "le la les de des du un une et en à au aux dans par pour sur est sont a ont été qui "
        "que qu ne pas plus ce cette ces il elle ils elles se sa son ses leur leurs avec selon "
        "l d s n c j y depuis après mais ou où entre lors dont"
    ),
    "tr": _words(
        "ve bir bu da de için ile olarak olan gibi daha çok ama ancak sonra kadar göre "
        "tarafından ise şu o ne mi değil var yok her bütün tüm ayrıca üzerinde arasında bin "
        "günü yaklaşık olduğunu ettiğini etti oldu dedi bildirdi kişi ki den dan yılında"
    ),
    "de": _words(
        "der die das und in den von zu mit ist im dem nicht ein eine als auch es an werden "
        "aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum "
        "war haben nur oder aber vor zur bis mehr durch man sei wurden seit"
    ),
    "es": _words(
        "el la los las de del y en a que un una por con para es se no su sus al lo como más "
        "pero fue han ha este esta son entre desde sobre también según dijo muy sin hasta "
        "hay donde"
    ),
    "it": _words(
        "il lo la i gli le di del della dei delle e in un una che per con non è sono da dal "
        "al alla nel nella si come più anche ma ha hanno stato dopo secondo questo questa tra "
        "fra sul sulla"
    ),
    "pt": _words(
        "o a os as de do da dos das e em no na nos nas um uma que para com por não se ao à "
        "mais foi são como mas ele ela seu sua também pelo pela segundo entre após desde está "
        "já"
    ),
    "nl": _words(
        "de het een en van in is op te dat die voor met zijn niet aan er om ook als bij door "
        "naar was worden wordt maar nog uit hij zij ze over tot dan werd heeft hebben meer na "
        "sinds"
    ),
}


def _word_weights() -> dict[str, dict[str, float]]:
    """Word -> {language: weight}; a word several languages share counts less for each."""
    owners: dict[str, list[str]] = {}
    for lang, words in _STOPWORDS.items():
        for word in words:
            owners.setdefault(word, []).append(lang)
    return {word: dict.fromkeys(langs, 1.0 / len(langs)) for word, langs in owners.items()}


_WORD_WEIGHT = _word_weights()

# Letters that only one of the candidate languages writes.
_DISTINCTIVE_LETTERS: dict[str, frozenset[str]] = {
    "tr": frozenset("şğı"),
    "fr": frozenset("èêœùûîïë"),
    "de": frozenset("ßä"),
    "es": frozenset("ñ¿¡"),
    "pt": frozenset("ãõ"),
    "it": frozenset("ìò"),
}
_LETTER_WEIGHT = 0.5

_WORD_RE = re.compile(r"[^\W\d_]+")


def _script_of(ch: str) -> str | None:
    """The script of one letter, or None for punctuation, digits and symbols."""
    if not ch.isalpha():
        return None
    cp = ord(ch)
    if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
        return "Latin"
    for first, last, script in _SCRIPT_RANGES:
        if first <= cp <= last:
            return script
    return "Other"


def _arabic_script_language(letters: Counter[str]) -> str:
    """Arabic, Persian, Urdu, Kurdish or Pashto, by the letters Arabic lacks."""
    total = sum(letters.values())

    def share(chars: frozenset[str]) -> int:
        return sum(letters[c] for c in chars)

    # Each of these writes letters Arabic never uses; a couple in a long text are noise.
    floor = max(2, total // 100)
    for letters_of, code in (
        (_URDU_LETTERS, "ur"),
        (_KURDISH_LETTERS, "ckb"),
        (_PASHTO_LETTERS, "ps"),
    ):
        if share(letters_of) >= floor and share(letters_of) > share(_ARABIC_ONLY_LETTERS):
            return code
    if share(_PERSIAN_LETTERS) > share(_ARABIC_ONLY_LETTERS):
        return "fa"
    return "ar"


def _cyrillic_language(letters: Counter[str]) -> str:
    """Russian unless letters peculiar to another Cyrillic language show up."""
    total = sum(letters.values())
    floor = max(1, total // 200)

    def count(chars: str) -> int:
        return sum(letters[c] for c in chars)

    if count("ў") >= floor:
        return "be"
    if count("іїєґ") >= floor:
        return "uk"
    if count("ђјљњћџ") >= floor:
        return "sr"
    if count("ѓќѕ") >= floor:
        return "mk"
    if count("әғқңұһ") >= floor:
        return "kk"
    # Bulgarian writes ъ as a vowel and has neither ы nor э.
    if count("ыэ") == 0 and count("ъ") >= max(2, total // 50):
        return "bg"
    return "ru"


def _latin_language(text: str) -> str:
    """The candidate language whose stopwords and letters the text uses most."""
    folded = text.replace("İ", "i").casefold()
    words = _WORD_RE.findall(folded)
    if len(words) < _MIN_LATIN_WORDS:
        return UNDETERMINED
    scores: dict[str, float] = dict.fromkeys(_STOPWORDS, 0.0)
    for word in words:
        for lang, weight in _WORD_WEIGHT.get(word, {}).items():
            scores[lang] += weight
    letters = Counter(folded)
    for lang, chars in _DISTINCTIVE_LETTERS.items():
        scores[lang] += _LETTER_WEIGHT * sum(letters[c] for c in chars)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, score), (_, runner_up) = ranked[0], ranked[1]
    # A tie or a single shared word ("para", "no") is a guess, not an identification.
    if score < _MIN_LATIN_SCORE or score == runner_up:
        return UNDETERMINED
    return best


def detect_language(text: str) -> str:
    """The BCP 47 primary language code of text, or 'und' when it cannot tell."""
    by_script: dict[str, Counter[str]] = {}
    for ch in text:
        script = _script_of(ch)
        if script is not None:
            by_script.setdefault(script, Counter())[ch.casefold()] += 1
    if sum(sum(c.values()) for c in by_script.values()) < _MIN_LETTERS:
        return UNDETERMINED
    script, letters = max(by_script.items(), key=lambda kv: (sum(kv[1].values()), kv[0]))
    if script == "Latin":
        return _latin_language(text)
    if script == "Arabic":
        return _arabic_script_language(letters)
    if script == "Cyrillic":
        return _cyrillic_language(letters)
    if script in ("Han", "Kana"):
        # Japanese mixes kana into Han; Chinese has none.
        kana = sum(by_script.get("Kana", Counter()).values())
        han = sum(by_script.get("Han", Counter()).values())
        return "ja" if kana * 10 >= han + kana else "zh"
    return _SCRIPT_LANGUAGE.get(script, UNDETERMINED)
