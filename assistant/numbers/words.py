"""Number words from the language packs (numbers.json) for reading; spellers for writing."""

from __future__ import annotations

from fractions import Fraction
from typing import Final, NamedTuple

from assistant.lang import DEFAULT, Numbers, folds, lang_cache, mark_chars, pack, packs

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


_EN_UNITS: Final = words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
)
_EN_TENS: Final = words("_ _ twenty thirty forty fifty sixty seventy eighty ninety")

_FR_UNITS: Final = words(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"
)
_FR_TENS: Final = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

_TR_UNITS: Final = words("sıfır bir iki üç dört beş altı yedi sekiz dokuz")
_TR_TENS: Final = words("_ on yirmi otuz kırk elli altmış yetmiş seksen doksan")
# The words above serve the spellers only (numbers written out for tests and fixtures);
# reading uses the packs' numbers.json.


# The spelling fold of the Arabic script (assistant/lang/scripts.json), strict: marks
# dropped and letter variants folded on the lexicon's keys and on the text alike, but hamza
# seats kept, as they tell مئتا (two hundred) from ميتا (dead).
AR_DIACRITICS: Final = "".join(sorted(mark_chars()))
AR_FOLD: Final[dict[int, str | None]] = {
    **{ord(c): None for c in AR_DIACRITICS},
    **{ord(k): v for k, v in folds(strict=True).items()},
}


def ar_fold(word: str) -> str:
    """Fold an Arabic word to the spelling the lexicon is keyed on."""
    return word.translate(AR_FOLD)


_CATEGORIES: Final = {
    "atom": ATOM,
    "hundred": HUNDRED,
    "hundreds": HUNDREDS,
    "scale": SCALE,
    "scale2": SCALE2,
    "art": ART,
    "conn": CONN,
    "de": DE,
    "frac": FRAC,
    "halfadd": HALFADD,
    "approx": APPROX,
    "dozen": DOZEN,
    "dual": DUAL,
    "month": MONTH,
    "year_before": YEAR_BEFORE,
    "year_after": YEAR_AFTER,
    "vague": VAGUE,
    "ordinal": ORDINAL,
    "det": DET,
    "pct_prefix": PCT_PREFIX,
    "link": LINK,
}
_FLAGS: Final = {
    "alone": ALONE,
    "plural": PLURAL,
    "artlike": ARTLIKE,
    "teenonly": TEENONLY,
    "mult": MULT,
    "needs_de": NEEDS_DE,
    "capital": CAPITAL,
    "ar_plural": AR_PLURAL,
    "abbr": ABBR,
}


def _numbers(code: str) -> Numbers | None:
    """The language's own numbers.json, if its pack has one."""
    return packs()[code].numbers if code in packs() else None


@lang_cache
def lexicon(code: str) -> Lexicon:
    """The number words of a language; the default language's (the same object) if none."""
    nums = _numbers(code)
    if nums is None:
        return lexicon(DEFAULT) if code != DEFAULT else {}
    # Arabic-script entries are written plainly; the reader folds spelling on both sides.
    fold = pack(code).info.script == "Arab"
    lex: Lexicon = {}
    for word, entry in nums.words.items():
        value = Fraction(entry[1]) if isinstance(entry[1], str) else entry[1]
        flags = 0
        for flag in entry[2] if len(entry) > 2 else []:  # type: ignore[misc]
            flags |= _FLAGS[flag]
        lex[ar_fold(word) if fold else word] = Item(_CATEGORIES[entry[0]], value, flags)
    return lex


@lang_cache
def scale_suffixes(code: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each scale word with the case endings it takes inside a figure ("binden fazla",
    "bini aşkın")."""
    nums = _numbers(code)
    return tuple((w, tuple(ends)) for w, ends in nums.scale_suffixes.items()) if nums else ()


@lang_cache
def reading_settings(code: str) -> tuple[bool, bool, bool]:
    """numbers.json's bare_after_scale, scale_of_scales and tens_conjunction (all False
    without a pack)."""
    nums = _numbers(code)
    if nums is None:
        return False, False, False
    return nums.bare_after_scale, nums.scale_of_scales, nums.tens_conjunction


@lang_cache
def percent_patterns(code: str) -> tuple[str, ...]:
    """Regexes after a number that make it a percentage: the pack's, else the default
    pack's (a language with none, such as Turkish, says so with an empty list)."""
    nums = _numbers(code)
    if nums is not None and nums.percent_patterns is not None:
        return tuple(nums.percent_patterns)
    fallback = _numbers(DEFAULT)
    return tuple(fallback.percent_patterns or ()) if fallback else ()


@lang_cache
def clock_h(code: str) -> bool:
    """Whether the language writes times with an h ("18h30")."""
    nums = _numbers(code)
    return bool(nums and nums.clock_h)


@lang_cache
def year_endings(code: str) -> tuple[str, ...]:
    """Endings after an apostrophe that make a bare figure a year ("2015'te")."""
    nums = _numbers(code)
    return tuple(nums.year_endings) if nums else ()


@lang_cache
def percent_after(code: str) -> tuple[str, ...]:
    """Words after a number that make it a percentage ("por ciento"); () if none given."""
    nums = _numbers(code)
    return tuple(nums.percent_after) if nums else ()


@lang_cache
def glue_parts(code: str) -> tuple[str, ...]:
    """Words a compound may glue into one ("ikibinbeşyüz"), longest first; () if none."""
    nums = _numbers(code)
    if nums is None or not nums.glued:
        return ()
    parts = (w for w, it in lexicon(code).items() if it.cat in (ATOM, HUNDRED, SCALE))
    return tuple(sorted(parts, key=len, reverse=True))


@lang_cache
def duals(code: str) -> Lexicon:
    """Dual forms of the countable stems, folded, each worth two."""
    # True: the -ين dual is safe because the plural is broken; False: the plural is sound
    # (-ين), so only the -ان dual is unambiguous.
    nums = _numbers(code)
    out: Lexicon = {}
    for stem, oblique_ok in (nums.dual_stems if nums else {}).items():
        base = ar_fold(stem)
        if base.endswith("ه"):
            base = base[:-1] + "ت"
        out[base + "ان"] = Item(DUAL, 2)
        if oblique_ok:
            out[base + "ين"] = Item(DUAL, 2)
    return out


@lang_cache
def weekday_stems(code: str) -> frozenset[str]:
    """Definite forms that name a weekday more often than a count (the two: Monday)."""
    nums = _numbers(code)
    return frozenset(ar_fold(w) for w in (nums.weekday_stems if nums else ()))


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


_ES_UNITS: Final = words(
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés "
    "veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve"
)
_ES_TENS: Final = words("_ _ _ treinta cuarenta cincuenta sesenta setenta ochenta noventa")
_ES_HUNDREDS: Final = words(
    "_ ciento doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
    "ochocientos novecientos"
)


def _es_below_1000(n: int, before_scale: bool) -> str:
    if n == 100:
        return "cien"
    h, r = divmod(n, 100)
    out = [_ES_HUNDREDS[h]] if h else []
    if r:
        t, u = divmod(r, 10)
        w = _ES_UNITS[r] if r < 30 else _ES_TENS[t] + (f" y {_ES_UNITS[u]}" if u else "")
        if before_scale and w.endswith("uno"):
            # "veintiún mil", "treinta y un mil": one shortens before a scale.
            w = "veintiún" if w == "veintiuno" else w[:-1]
        out.append(w)
    return " ".join(out)


def es_words(n: int) -> str:
    """Spanish words for a non-negative integer."""
    if n == 0:
        return "cero"
    out: list[str] = []
    m, n = divmod(n, 10**6)
    if m:
        out.append("un millón" if m == 1 else _es_below_1000(m, True) + " millones")
    k, n = divmod(n, 1000)
    if k:
        out.append("mil" if k == 1 else _es_below_1000(k, True) + " mil")
    if n:
        out.append(_es_below_1000(n, False))
    return " ".join(out)


WORD_SPELLERS: Final = {
    "en": en_words,
    "fr": fr_words,
    "tr": tr_words,
    "ar": ar_words,
    "es": es_words,
}
