"""Number-word lexicons for reading, and spellers for writing, per language."""

from __future__ import annotations

from fractions import Fraction
from typing import Final, NamedTuple

# Lexicon categories: what a word can do inside a number expression.
ATOM: Final = 1  # 0..99 as one word: unit, teen or ten
HUNDRED: Final = 2  # multiplies what precedes by 100, or is 100 alone
HUNDREDS: Final = 3  # a whole hundreds value in one word (Arabic ثلاثمئة)
SCALE: Final = 4  # thousand, million...
SCALE2: Final = 5  # a dual scale word worth twice its scale (ألفان)
ART: Final = 6  # indefinite article, a number only before a scale
CONN: Final = 7  # "and" inside a compound
DE: Final = 8  # French "de" linking "une centaine de milliers"
FRAC: Final = 9
HALFADD: Final = 10  # Turkish "buçuk": and a half
APPROX: Final = 11  # French "une dizaine"
DOZEN: Final = 12
DUAL: Final = 13  # Arabic dual noun: two of something
MONTH: Final = 14
YEAR_BEFORE: Final = 15
YEAR_AFTER: Final = 16
VAGUE: Final = 17  # "thousands": a following vague plural cancels the number
ORDINAL: Final = 18
DET: Final = 19  # determiners that make English "one" a pronoun
PCT_PREFIX: Final = 20
LINK: Final = 21  # "the 14th of December"

# Flags.
ALONE: Final = 1  # may stand without a multiplier ("mille", "ألف")
PLURAL: Final = 2  # needs a multiplier above one
ARTLIKE: Final = 4  # the numeral one that doubles as the indefinite article
TEENONLY: Final = 8  # Arabic أحد/اثنا: only before عشر
MULT: Final = 16  # fraction that counts ("two thirds")
NEEDS_DE: Final = 32  # approximate noun that is ambiguous unless "de" follows
CAPITAL: Final = 64  # month name only when capitalised
AR_PLURAL: Final = 128  # Arabic plural scale: only after 3..10
ABBR: Final = 256  # abbreviation: only after a number


class Item(NamedTuple):
    """One lexicon entry: category, value and flags."""

    cat: int
    value: int | Fraction
    flags: int = 0


HALF: Final = Fraction(1, 2)
Lexicon = dict[str, Item]


def words(table: str) -> tuple[str, ...]:
    """A word table written as one space-separated string."""
    return tuple(table.split())


def _atoms(words: dict[str, int], flags: int = 0) -> Lexicon:
    return {w: Item(ATOM, v, flags) for w, v in words.items()}


def _same(cat: int, table: str, value: int | Fraction = 0, flags: int = 0) -> Lexicon:
    return {w: Item(cat, value, flags) for w in words(table)}


_EN_UNITS: Final = words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
)
_EN_TENS: Final = words("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
_EN_MONTHS: Final = (
    "january february march april may june july august september october november december"
)

EN: Final[Lexicon] = {
    **_atoms({w: i for i, w in enumerate(_EN_UNITS)}),
    **_atoms({w: i * 10 for i, w in enumerate(_EN_TENS) if i >= 2}),
    "hundred": Item(HUNDRED, 100),
    "thousand": Item(SCALE, 1000),
    "million": Item(SCALE, 10**6),
    "billion": Item(SCALE, 10**9),
    "trillion": Item(SCALE, 10**12),
    "bn": Item(SCALE, 10**9, ABBR),
    **_same(ART, "a an"),
    "and": Item(CONN, 0),
    "half": Item(FRAC, HALF, ALONE),
    **_same(FRAC, "third thirds", Fraction(1, 3), MULT),
    **_same(FRAC, "quarter quarters", Fraction(1, 4), MULT),
    "dozen": Item(DOZEN, 12),
    **_same(MONTH, _EN_MONTHS, 0, CAPITAL),
    **_same(YEAR_BEFORE, "in since year"),
    "of": Item(LINK, 0),
    **_same(VAGUE, "hundreds thousands millions billions dozens scores"),
    **_same(DET, "no any every each the this that which another"),
}

_FR_UNITS: Final = words(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"
)
_FR_TENS: Final = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

FR: Final[Lexicon] = {
    **_atoms({w: i for i, w in enumerate(_FR_UNITS) if i != 1}),
    "zero": Item(ATOM, 0),
    **_same(ATOM, "un une", 1, ARTLIKE),
    **_atoms({w: t * 10 for t, w in _FR_TENS.items()}),
    **_atoms({"vingts": 20, "septante": 70, "huitante": 80, "octante": 80, "nonante": 90}),
    "cent": Item(HUNDRED, 100, ALONE),
    "cents": Item(HUNDRED, 100, PLURAL),
    "mille": Item(SCALE, 1000, ALONE),
    "million": Item(SCALE, 10**6),
    "millions": Item(SCALE, 10**6, PLURAL),
    "milliard": Item(SCALE, 10**9),
    "milliards": Item(SCALE, 10**9, PLURAL),
    "et": Item(CONN, 0),
    **_same(DE, "de d"),
    **_same(FRAC, "moitié demi demie", HALF, ALONE),
    "tiers": Item(FRAC, Fraction(1, 3), MULT),
    **_same(FRAC, "quart quarts", Fraction(1, 4), MULT),
    **{
        w: Item(APPROX, v)
        for w, v in {
            "dizaine": 10,
            "douzaine": 12,
            "quinzaine": 15,
            "vingtaine": 20,
            "trentaine": 30,
            "cinquantaine": 50,
            "soixantaine": 60,
            "centaine": 100,
            "millier": 1000,
        }.items()
    },
    # "une quarantaine" is as often a quarantine as forty of something.
    "quarantaine": Item(APPROX, 40, NEEDS_DE),
    "milliers": Item(APPROX, 1000, PLURAL),
    **_same(
        MONTH,
        "janvier février fevrier mars avril mai juin juillet août aout septembre "
        "octobre novembre décembre decembre",
    ),
    **_same(YEAR_BEFORE, "en depuis année an"),
    **_same(VAGUE, "dizaines centaines"),
}

_TR_UNITS: Final = words("sıfır bir iki üç dört beş altı yedi sekiz dokuz")
_TR_TENS: Final = words("_ on yirmi otuz kırk elli altmış yetmiş seksen doksan")
TR: Final[Lexicon] = {
    **_atoms({w: i for i, w in enumerate(_TR_UNITS) if i != 1}),
    "bir": Item(ATOM, 1, ARTLIKE),
    **_atoms({w: i * 10 for i, w in enumerate(_TR_TENS) if i >= 1}),
    "yüz": Item(HUNDRED, 100, ALONE),
    "bin": Item(SCALE, 1000, ALONE),
    "milyon": Item(SCALE, 10**6),
    "milyar": Item(SCALE, 10**9),
    "trilyon": Item(SCALE, 10**12),
    "buçuk": Item(HALFADD, HALF),
    "düzine": Item(DOZEN, 12),
    **_same(FRAC, "yarım yarı yarısı", HALF, ALONE),
    "çeyrek": Item(FRAC, Fraction(1, 4), ALONE),
    **_same(MONTH, "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık"),
    **_same(YEAR_AFTER, "yıl yılı yılında yılından yılına yılının yılındaki"),
    **_same(VAGUE, "onlarca yüzlerce binlerce milyonlarca milyarlarca"),
    "yüzde": Item(PCT_PREFIX, 0),
}
# Case endings a Turkish scale word takes inside a figure ("binden fazla", "bini aşkın").
# The plural -ler/-lar is left out: "binlerce" is vague.
TR_SCALE_SUFFIXES: Final = words(
    "i ı u ü e a de da te ta den dan ten tan in ın un ün le la lik lık luk lük ce ca"
)
# Turkish may glue a compound into one word ("ikibinbeşyüz").
TR_GLUE_PARTS: Final = tuple(
    sorted((w for w, it in TR.items() if it.cat in (ATOM, HUNDRED, SCALE)), key=len, reverse=True)
)

# Arabic entries are written plainly; the reader folds spelling variants on both sides.
AR_DIACRITICS: Final = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0640"
AR_FOLD: Final[dict[int, str | None]] = {
    **{ord(c): None for c in AR_DIACRITICS},
    **{ord(c): "ا" for c in "أإآٱ"},
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ک"): "ك",
    ord("ة"): "ه",
}


def ar_fold(word: str) -> str:
    """Fold an Arabic word to the spelling the lexicon is keyed on."""
    return word.translate(AR_FOLD)


_AR_UNIT_FORMS: Final = {
    1: "واحد واحدة",
    2: "اثنان اثنين اثنتان اثنتين",
    3: "ثلاثة ثلاث",
    4: "أربعة أربع",
    5: "خمسة خمس",
    6: "ستة ست",
    7: "سبعة سبع",
    8: "ثمانية ثماني ثمان",
    9: "تسعة تسع",
    10: "عشرة عشر",
}
_AR_TEN_FORMS: Final = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "أربعون أربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
_AR_HUNDRED_STEMS: Final = {
    3: "ثلاث",
    4: "أربع",
    5: "خمس",
    6: "ست",
    7: "سبع",
    8: "ثمان ثماني",
    9: "تسع",
}


def _ar_lexicon() -> Lexicon:
    lex: Lexicon = {"صفر": Item(ATOM, 0)}
    for v, forms in (*_AR_UNIT_FORMS.items(), *_AR_TEN_FORMS.items()):
        lex |= _same(ATOM, forms, v)
    lex |= _same(ATOM, "أحد إحدى", 1, TEENONLY) | _same(ATOM, "اثنا اثني اثنتا اثنتي", 2, TEENONLY)
    lex |= _same(HUNDRED, "مئة مائة", 100, ALONE)
    lex |= _same(HUNDREDS, "مئتان مئتين مائتان مائتين مئتا مئتي مائتا مائتي", 200)
    for v, stems in _AR_HUNDRED_STEMS.items():
        for stem in words(stems):
            lex |= _same(HUNDREDS, f"{stem}مئة {stem}مائة", v * 100)
    lex["ثلثمائة"] = Item(HUNDREDS, 300)
    lex |= _same(SCALE, "ألف ألفا ألفاً ألفًا", 1000, ALONE) | _same(SCALE, "آلاف", 1000, AR_PLURAL)
    lex |= _same(SCALE2, "ألفان ألفين ألفي", 2000)
    lex |= _same(SCALE, "مليون مليونا", 10**6, ALONE) | _same(SCALE, "ملايين", 10**6, AR_PLURAL)
    lex |= _same(SCALE2, "مليونان مليونين مليوني", 2 * 10**6)
    lex |= _same(SCALE, "مليار مليارا بليون", 10**9, ALONE)
    lex |= _same(SCALE, "مليارات بلايين", 10**9, AR_PLURAL)
    lex |= _same(SCALE2, "ملياران مليارين", 2 * 10**9)
    lex |= _same(FRAC, "نصف", HALF, ALONE) | _same(FRAC, "ثلث", Fraction(1, 3), ALONE)
    lex |= _same(FRAC, "ربع", Fraction(1, 4), ALONE) | _same(
        FRAC, "ثلثا ثلثي", Fraction(2, 3), ALONE
    )
    lex["و"] = Item(CONN, 0)
    lex |= _same(
        MONTH,
        "يناير فبراير مارس أبريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس سبتمبر أكتوبر "
        "نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين",
    )
    lex |= _same(YEAR_BEFORE, "عام سنة منذ")
    lex |= _same(ORDINAL, "أول حادي ثاني ثالث رابع خامس سادس سابع ثامن تاسع عاشر") | _same(
        ORDINAL, "أولى حادية ثانية ثالثة رابعة خامسة سادسة سابعة ثامنة تاسعة عاشرة"
    )
    return {ar_fold(k): v for k, v in lex.items()}


AR: Final[Lexicon] = _ar_lexicon()

# Countable nouns whose dual means "two of them". True: the -ين dual is safe because the
# plural is broken; False: the plural is sound (-ين), so only the -ان dual is unambiguous.
AR_DUAL_STEMS: Final[dict[str, bool]] = {
    "شخص": True,
    "رجل": True,
    "امرأة": True,
    "طفل": True,
    "طفلة": True,
    "فتاة": True,
    "جندي": True,
    "قتيل": True,
    "جريح": True,
    "ضابط": True,
    "عنصر": True,
    "سيارة": True,
    "شاحنة": True,
    "طائرة": True,
    "صاروخ": True,
    "منزل": True,
    "يوم": True,
    "ساعة": True,
    "أسبوع": True,
    "شهر": True,
    "سنة": True,
    "عام": True,
    "مدني": False,
    "عسكري": False,
    "مقاتل": False,
    "مسلح": False,
    "مصاب": False,
    "شرطي": False,
    "مواطن": False,
}


def ar_duals() -> Lexicon:
    """Dual forms of the countable stems, folded, each worth two."""
    out: Lexicon = {}
    for stem, oblique_ok in AR_DUAL_STEMS.items():
        base = ar_fold(stem)
        if base.endswith("ه"):
            base = base[:-1] + "ت"
        out[base + "ان"] = Item(DUAL, 2)
        if oblique_ok:
            out[base + "ين"] = Item(DUAL, 2)
    return out


# Clitics that attach to an Arabic word: conjunction, preposition, article (ل + ال = لل).
AR_PREFIXES: Final = tuple(
    sorted(
        {
            c + ("لل" if p == "ل" and d else p + d)
            for c in ("", "و", "ف")
            for p in ("", "ب", "ل", "ك")
            for d in ("", "ال")
        },
        key=len,
    )
)
# The definite "the two" is the weekday Monday far more often than a count.
AR_WEEKDAY_STEMS: Final = frozenset({ar_fold("اثنين")})

LEXICONS: Final[dict[str, Lexicon]] = {"en": EN, "fr": FR, "tr": TR, "ar": AR}


# --- spelling numbers out ---------------------------------------------------------------


def _en_below_1000(n: int) -> list[str]:
    h, r = divmod(n, 100)
    out = [f"{_EN_UNITS[h]} hundred"] if h else []
    if r >= 20:
        t, u = divmod(r, 10)
        out.append(_EN_TENS[t] + (f"-{_EN_UNITS[u]}" if u else ""))
    elif r:
        out.append(_EN_UNITS[r])
    return out


def en_words(n: int) -> str:
    """English words for a non-negative integer."""
    if n == 0:
        return "zero"
    out: list[str] = []
    for scale, name in ((10**9, " billion"), (10**6, " million"), (1000, " thousand"), (1, "")):
        q, n = divmod(n, scale)
        if q:
            out.append(" ".join(_en_below_1000(q)) + name)
    return " ".join(out)


def _fr_below_100(n: int, final: bool) -> str:
    if n <= 16:
        return _FR_UNITS[n]
    if n < 20:
        return "dix-" + _FR_UNITS[n - 10]
    t, u = divmod(n, 10)
    if t == 7:
        return "soixante et onze" if n == 71 else "soixante-" + _fr_below_100(n - 60, final)
    if t == 9:
        return "quatre-vingt-" + _fr_below_100(n - 80, final)
    if t == 8:
        if u == 0:
            return "quatre-vingts" if final else "quatre-vingt"
        return "quatre-vingt-" + _FR_UNITS[u]
    if u == 0:
        return _FR_TENS[t]
    return _FR_TENS[t] + (" et un" if u == 1 else "-" + _FR_UNITS[u])


def _fr_below_1000(n: int, final: bool) -> str:
    h, r = divmod(n, 100)
    out: list[str] = []
    if h == 1:
        out.append("cent")
    elif h:
        out.append(_FR_UNITS[h] + (" cents" if r == 0 and final else " cent"))
    if r:
        out.append(_fr_below_100(r, final))
    return " ".join(out)


def fr_words(n: int) -> str:
    """French words for a non-negative integer (traditional spelling)."""
    if n == 0:
        return "zéro"
    out: list[str] = []
    g, n = divmod(n, 10**9)
    if g:
        out.append(_fr_below_1000(g, False) + (" milliards" if g > 1 else " milliard"))
    m, n = divmod(n, 10**6)
    if m:
        out.append(_fr_below_1000(m, False) + (" millions" if m > 1 else " million"))
    k, n = divmod(n, 1000)
    if k:
        out.append("mille" if k == 1 else _fr_below_1000(k, False) + " mille")
    if n:
        out.append(_fr_below_1000(n, True))
    return " ".join(out)


def _tr_below_1000(n: int) -> list[str]:
    h, r = divmod(n, 100)
    out: list[str] = []
    if h:
        out.append("yüz" if h == 1 else f"{_TR_UNITS[h]} yüz")
    t, u = divmod(r, 10)
    if t:
        out.append(_TR_TENS[t])
    if u:
        out.append(_TR_UNITS[u])
    return out


def tr_words(n: int) -> str:
    """Turkish words for a non-negative integer, spaced."""
    if n == 0:
        return "sıfır"
    out: list[str] = []
    for scale, name in ((10**9, "milyar"), (10**6, "milyon"), (1000, "bin")):
        q, n = divmod(n, scale)
        if q == 1 and scale == 1000:
            out.append(name)
        elif q:
            out.extend([*_tr_below_1000(q), name])
    out.extend(_tr_below_1000(n))
    return " ".join(out)


_AR_UNITS: Final = words("صفر واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة")
_AR_TENS: Final = words("_ _ عشرون ثلاثون أربعون خمسون ستون سبعون ثمانون تسعون")
_AR_HUNDREDS: Final = words("_ مئة مئتان ثلاثمئة أربعمئة خمسمئة ستمئة سبعمئة ثمانمئة تسعمئة")
# (one, two, 3..10 plural, 11..99 accusative, otherwise) forms per scale.
_AR_SCALES: Final = (
    (10**9, ("مليار", "ملياران", "مليارات", "مليارًا", "مليار")),
    (10**6, ("مليون", "مليونان", "ملايين", "مليونًا", "مليون")),
    (1000, ("ألف", "ألفان", "آلاف", "ألفًا", "ألف")),
)


def _ar_below_1000(n: int) -> list[str]:
    h, r = divmod(n, 100)
    out = [_AR_HUNDREDS[h]] if h else []
    if r == 11:
        out.append("أحد عشر")
    elif r == 12:
        out.append("اثنا عشر")
    elif 13 <= r <= 19:
        out.append(f"{_AR_UNITS[r - 10]} عشر")
    elif r <= 10 and r:
        out.append(_AR_UNITS[r])
    elif r:
        t, u = divmod(r, 10)
        if u:
            out.append(_AR_UNITS[u])
        out.append(_AR_TENS[t])
    return out


def ar_words(n: int) -> str:
    """Arabic words for a non-negative integer, parts joined by و."""
    if n == 0:
        return "صفر"
    parts: list[str] = []
    for scale, (one, two, plural, accusative, other) in _AR_SCALES:
        q, n = divmod(n, scale)
        if q == 1:
            parts.append(one)
        elif q == 2:
            parts.append(two)
        elif q:
            tail = q % 100
            name = plural if 3 <= tail <= 10 else accusative if tail >= 11 else other
            parts.append(" و".join(_ar_below_1000(q)) + " " + name)
    parts.extend(_ar_below_1000(n))
    return " و".join(parts)


WORD_SPELLERS: Final = {"en": en_words, "fr": fr_words, "tr": tr_words, "ar": ar_words}
