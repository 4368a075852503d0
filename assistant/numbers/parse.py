"""Find and read numeric expressions, in digits or words, in wire text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal

from assistant.lang import DEFAULT, lang_cache
from assistant.numbers import words as W

Kind = Literal["number", "fraction", "year", "time", "date", "phone", "code", "percent"]
_Num = int | Fraction

__all__ = [
    "Kind",
    "NumberSpan",
    "find_numbers",
    "normalize_digits",
    "parse_number",
    "render_number",
]


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """One numeric expression found in a text, with its reading."""

    start: int
    end: int
    text: str
    value: float
    kind: Kind
    words: bool
    approx: bool


# --- digits -----------------------------------------------------------------------------

_FOREIGN_DIGIT: Final = re.compile(r"(?![0-9])\d")
_DIGIT_CACHE: dict[str, str] = {}


def _ascii_digit(m: re.Match[str]) -> str:
    c = m.group()
    d = _DIGIT_CACHE.get(c)
    if d is None:
        d = _DIGIT_CACHE[c] = str(unicodedata.decimal(c))
    return d


def normalize_digits(text: str) -> str:
    """Map every Unicode decimal digit to its ASCII digit; the length never changes."""
    if text.isascii():
        return text
    return _FOREIGN_DIGIT.sub(_ascii_digit, text)


# --- per-language reading conventions ---------------------------------------------------

# Languages that write decimals with a comma; the rest are read like English.
_COMMA_DECIMAL: Final = frozenset(
    W.words("fr tr de es it pt nl ru uk pl cs sk sv no nb nn da fi id ro el bg hr sr sl hu ku az")
)
# Languages that group thousands with a plain space (so "12 500" is one number).
_SPACE_GROUP: Final = frozenset(W.words("fr ru uk pl cs sk sv no nb nn fi bg hu"))
_SPACES: Final = " \u00a0\u202f\u2009"
_HYPHENS: Final = "-\u2010\u2011"
_AR_MARKS: Final = frozenset(W.AR_DIACRITICS)
_WORD: Final = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+"
_LETTERS: Final = re.compile(_WORD)
_GAP: Final = re.compile(r"[ \t\u00a0\u202f\u2009]*\n?[ \t\u00a0\u202f\u2009]*")
# Separators that count as the same when checking that a number groups consistently.
_SEP_CLASS: Final = {
    **{c: c for c in ",.\u066b\u066c'"},
    "\u2019": "'",
    **{c: " " for c in _SPACES},
}
_SEP_SPLIT: Final = re.compile(r"([^0-9])")
_DIGITS: Final = re.compile("[0-9]+")

_PHONE: Final = r"""
    (?:\+|00(?=[1-9]))[0-9]{1,3}(?:[ \-.\u00a0]?\(?[0-9]{1,5}\)?){2,6}
  | \([0-9]{2,4}\)[ \u00a0]?[0-9]{3}[ \-.][0-9]{4}
  | [0-9]{3}[\-.][0-9]{3}[\-.][0-9]{4}
  | 0[0-9]{3}[ \-][0-9]{3}[ \-][0-9]{2}[ \-][0-9]{2}"""
_DATE: Final = r"""
    [0-9]{4}[\-/.][0-9]{1,2}[\-/.][0-9]{1,2}
  | [0-9]{1,2}[\-/.][0-9]{1,2}[\-/.](?:[0-9]{4}|[0-9]{2})"""
_TIME: Final = r"""
    [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ \u00a0]?[ap]\.?m\b\.?)?
  | [0-9]{1,2}h[0-9]{2}(?![0-9])
  | (?:[01][0-9]|2[0-4])[0-5][0-9](?=[ \u00a0]?(?:GMT|UTC)\b)
  | [0-9]{1,2}(?:[.:][0-9]{2})?[ \u00a0]?[ap]\.?m\b\.?
  | (?:(?<=\bsaat\ )|(?<=\bat\ )|(?<=\bà\ )|(?<=الساعة\ )|(?<=\blas\ )|(?<=\bla\ ))
    [0-9]{1,2}\.[0-9]{2}(?![0-9])"""
_TIME_FR: Final = r"| [0-9]{1,2}[ \u00a0]?h(?!\w)"


@dataclass(frozen=True, slots=True)
class _Lang:
    code: str
    lex: W.Lexicon
    decimal: str  # the native decimal marks
    space_group: bool
    arabic: bool
    bare_after_scale: bool  # "4 mil 200": no "and" after a scale word
    scale_of_scales: bool  # "2 mil 500 millones": a figure below a scale multiplies it
    tens_conjunction: bool  # "treinta y uno": the conjunction joins a unit to a ten
    token: re.Pattern[str]
    special: re.Pattern[str]
    pct: re.Pattern[str]


def _lang(language: str) -> _Lang:
    return _build_lang((language or "").split("-")[0].split("_")[0].lower())


@lang_cache
def _build_lang(code: str) -> _Lang:
    space = code in _SPACE_GROUP
    seps = ",.\u066b\u066c'\u2019\u00a0\u202f\u2009" + (" " if space else "")
    token = re.compile(rf"(?P<n>[0-9]+(?:[{seps}][0-9]+)*)|(?P<w>{_WORD})")
    time = _TIME + (_TIME_FR if code == "fr" else "")
    special = re.compile(
        rf"""(?=[0-9(+])(?:
          (?<![\w+])(?P<ph>{_PHONE})(?!\w)
        | (?<![\w/.\-,])(?P<dt>{_DATE})(?![\w/]|[.,\-][0-9])
        | (?<![\w:.,])(?P<tm>{time})(?![\w:]|[.,][0-9])
        | (?<![\w/.\-])(?P<sl>[0-9]{{1,4}}/[0-9]{{1,4}})(?![\w/]|[.,\-][0-9])
        )""",
        re.VERBOSE | re.IGNORECASE,
    )
    pct = {
        "fr": r"|[ \u00a0]+pour[ \u00a0\-]?cent\b",
        "tr": "",
        "ar": r"|[ \u00a0]+(?:ف[يى][ \u00a0]+|ب)الم(?:ئ|ائ|ا)[ةه]",
    }.get(code, r"|[ \u00a0]+(?:per[ \u00a0\-]?cent|percent|pct)\b")
    own_pct = W.percent_after(code)
    if own_pct:
        # "71 por ciento": the pack's words, any space inside them as in the text.
        alts = sorted((re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in own_pct), key=len)
        pct = r"|[ \u00a0]+(?:" + "|".join(reversed(alts)) + r")\b"
    bare, compound, tens_conj = W.reading_settings(code)
    return _Lang(
        code=code,
        lex=W.lexicon(code),
        decimal=",\u066b" if code in _COMMA_DECIMAL else ".\u066b",
        space_group=space,
        arabic=code == "ar",
        bare_after_scale=bare or code == "tr",
        scale_of_scales=compound,
        tens_conjunction=tens_conj,
        token=token,
        special=special,
        pct=re.compile(r"[ \u00a0\u202f]?[%\u066a]" + pct, re.IGNORECASE),
    )


_ArHit = tuple[W.Item, int, bool, bool]  # item, folded prefix length, conjoined, definite


def _ar_variants() -> tuple[dict[str, _ArHit], dict[str, _ArHit]]:
    """Every clitic form of every stem; the second map holds conjoined readings of keys
    that are also a stem (folded وأحد is واحد)."""
    stems = {**W.lexicon("ar"), **W.duals("ar")}
    out = {k: (v, 0, False, False) for k, v in stems.items()}
    other: dict[str, _ArHit] = {}
    for prefix in W.AR_PREFIXES[1:]:
        definite = prefix.endswith(("ال", "لل"))
        for stem, item in stems.items():
            # A clitic on a two-letter stem makes too many ordinary words (لست, بست).
            if item.cat == W.CONN or (len(stem) <= 2 and prefix != "و"):
                continue
            if definite and stem in W.weekday_stems("ar"):
                continue
            hit = (item, len(prefix), prefix.startswith("و"), definite)
            key = prefix + stem
            if key not in out:
                out[key] = hit
            elif hit[2] and not out[key][2]:
                other.setdefault(key, hit)
    return out, other


_AR_VARIANTS, _AR_CONJOINED = _ar_variants()
_AR_CLITICS: Final = frozenset(W.AR_PREFIXES[1:])
_TR_CASE: Final = str.maketrans({"I": "ı", "İ": "i"})
_TR_GLUE: Final = re.compile("(?:" + "|".join(W.glue_parts("tr")) + ")+")
_TR_GLUE_PART: Final = re.compile("|".join(W.glue_parts("tr")))
_TR_INFLECTED: Final = re.compile(
    "(bin|milyon|milyar|trilyon)(?:" + "|".join(W.scale_suffixes("tr")) + ")"
)
_UNIT_SUFFIXES: Final = frozenset(
    W.words("km kms kg mm cm ha mi mph kph kmh kw mw gw kt t lb lbs ft sq")
)
_ORD_SUFFIXES: Final = frozenset(W.words("st nd rd th er re e è ème eme ère"))
_STARTERS: Final = frozenset(
    {W.ATOM, W.HUNDRED, W.HUNDREDS, W.SCALE, W.SCALE2, W.ART, W.FRAC, W.DUAL}
)


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or ch >= "\ufb50"


class _Tok:
    """A word or a run of digits, with what the lexicon says about it."""

    __slots__ = (
        "alt",
        "conj",
        "defn",
        "end",
        "full",
        "glued",
        "item",
        "key",
        "num",
        "other",
        "plain",
        "scaled",
        "special",
        "start",
    )

    def __init__(
        self, start: int, end: int, full: int, key: str, item: W.Item | None, conj: bool
    ) -> None:
        self.start = start  # where the reading starts (after any clitic)
        self.end = end
        self.full = full  # where the written word starts (before any clitic)
        self.key = key
        self.item = item
        self.conj = conj  # carries an attached Arabic و
        self.defn = False  # carries an attached Arabic article
        self.num: _Num | None = None
        self.alt: Fraction | None = None  # decimal reading if a scale word follows
        self.plain = False  # digits without separators
        self.scaled = 0
        self.special: str | None = None
        self.glued = False
        self.other: _ArHit | None = None  # a conjoined reading, for continuations


def _num_tok(start: int, end: int, value: _Num) -> _Tok:
    t = _Tok(start, end, start, "", None, False)
    t.num = value
    return t


# --- digit runs ---------------------------------------------------------------------------


# A digit string longer than this is read as "too large" without converting it (Python
# refuses int() of more than 4300 digits, and no figure needs more than MAX_VALUE).
_LONGEST: Final = 18
_TOO_LARGE: Final = 10**18


def _int(digits: str) -> int:
    """The value of a run of ASCII digits, or a stand-in above MAX_VALUE when it is huge."""
    return int(digits) if len(digits.lstrip("0")) <= _LONGEST else _TOO_LARGE


def _frac(whole: str, decimals: str) -> Fraction:
    """whole.decimals exactly; decimals past the 18th cannot matter to a figure."""
    if len(whole.lstrip("0")) > _LONGEST:
        return Fraction(_TOO_LARGE)
    return Fraction(f"{whole or 0}.{decimals[:_LONGEST]}")


def _read_groups(gs: list[str], ss: list[str], lang: _Lang) -> tuple[_Num, Fraction | None] | None:
    if not ss:
        return _int(gs[0]), None
    cls = [_SEP_CLASS[c] for c in ss]
    lead_ok = len(gs[0]) <= 3 and gs[0][0] != "0"
    # The 3-digit rule: "26,950" and "53.380" are grouped in every language.
    if len(set(cls)) == 1 and cls[0] != "\u066b" and lead_ok and all(len(g) == 3 for g in gs[1:]):
        alt = None
        if len(ss) == 1 and ss[0] in lang.decimal:
            alt = _frac(gs[0], gs[1])
        return _int("".join(gs)), alt
    last = ss[-1]
    if last not in ".,\u066b":
        return None
    head = cls[:-1]
    if head and not (
        len(set(head)) == 1
        and head[0] not in (cls[-1], "\u066b")
        and lead_ok
        and all(len(g) == 3 for g in gs[1:-1])
    ):
        return None
    return _frac("".join(gs[:-1]), gs[-1]), None


def _digit_pieces(chunk: str, lang: _Lang) -> list[tuple[int, int, _Num, Fraction | None, bool]]:
    """Split a run of digits and separators into the numbers it holds."""
    parts = _SEP_SPLIT.split(chunk)
    if len(parts) == 1:
        return [(0, len(chunk), _int(chunk), None, True)]
    gs, ss = parts[0::2], parts[1::2]
    offs = [0]
    for g, sep in zip(gs, ss, strict=False):
        offs.append(offs[-1] + len(g) + len(sep))
    out: list[tuple[int, int, _Num, Fraction | None, bool]] = []
    i = 0
    while i < len(gs):
        for j in range(len(gs) - 1, i - 1, -1):
            r = _read_groups(gs[i : j + 1], ss[i:j], lang)
            if r is not None:
                out.append((offs[i], offs[j] + len(gs[j]), r[0], r[1], i == j))
                i = j + 1
                break
    return out


def _code_char(ch: str) -> bool:
    return ch.isalpha() or ch in "_@#" or ch in _HYPHENS or ch in _AR_MARKS


def _num_toks(norm: str, s: int, e: int, lang: _Lang, toks: list[_Tok], lo: int, stop: int) -> int:
    """Append the tokens of one digit run; return where scanning resumes."""
    full, conj, currency, code_at = s, False, False, -1
    if s > 0:
        c = norm[s - 1]
        if c.isalpha() or c in _AR_MARKS:
            ls = s - 1
            while ls > 0 and (norm[ls - 1].isalpha() or norm[ls - 1] in _AR_MARKS):
                ls -= 1
            run = W.ar_fold(norm[ls:s])
            if _is_arabic(norm[ls]) and run in _AR_CLITICS:
                full, conj = ls, run.startswith("و")
                while toks and toks[-1].end > ls:
                    toks.pop()
            else:
                code_at = ls
        elif c in "_@#" or (c in _HYPHENS and s > 1 and norm[s - 2].isalpha()):
            code_at = s - 1
        elif c in "$€£¥":
            currency = True
    pieces = _digit_pieces(norm[s:e], lang)
    end, resume, special, scaled = e, e, None, 0
    last_plain, last_value = pieces[-1][4], pieces[-1][2]
    if code_at < 0 and e < stop:
        c = norm[e]
        if c.isalpha() and not _is_arabic(c):
            m = _LETTERS.match(norm, e)
            assert m is not None
            suffix = m.group().lower()
            if suffix == "bn" or (currency and suffix in ("m", "mn", "bn")):
                scaled, end = (10**9 if suffix == "bn" else 10**6), m.end()
            elif suffix in _UNIT_SUFFIXES:
                resume = m.end()
                while resume < stop and norm[resume] in "0123456789²³":
                    resume += 1
            elif suffix in _ORD_SUFFIXES and len(pieces) == 1 and last_plain:
                special, end = "ord", m.end()
            elif suffix == "s" and last_plain and e - s == 4 and 1900 <= last_value <= 2100:
                special, end = "year", m.end()
            else:
                code_at = s
        elif c == "_":
            code_at = s
    if code_at >= 0:
        code_at = max(code_at, lo)
        while code_at > lo and _code_char(norm[code_at - 1]):
            code_at -= 1
        end = e
        while end < stop and (
            norm[end].isalnum()
            or norm[end] == "_"
            or norm[end] in _AR_MARKS
            or (norm[end] in _HYPHENS and end + 1 < stop and norm[end + 1].isalnum())
        ):
            end += 1
        while toks and toks[-1].end > code_at:
            toks.pop()
        first = _int(_DIGITS.findall(norm, s, e)[0])
        t = _num_tok(code_at, end, first)
        # "mid-2019", "pre-2011": a year with a prefix, not a product code.
        prefix = norm[code_at:s]
        year = e - s == 4 and end == e and prefix[:-1].islower() and prefix[-1:] in _HYPHENS
        t.special = "year" if year and 1900 <= first <= 2100 else "code"
        toks.append(t)
        return end
    for k, (ps, pe, value, alt, plain) in enumerate(pieces):
        t = _num_tok(s + ps, s + pe, value)
        t.alt, t.plain = alt, plain
        if k == 0:
            t.full, t.conj = full, conj
        if k == len(pieces) - 1:
            t.end, t.special, t.scaled = (end if special or scaled else t.end), special, scaled
        toks.append(t)
    return max(end, resume)


def _ar_prefix_len(word: str, base_len: int) -> int:
    """Length in the written word of a clitic prefix that is base_len letters when folded."""
    count = 0
    for i, ch in enumerate(word):
        if ch in _AR_MARKS:
            continue
        if count == base_len:
            return i
        count += 1
    return len(word)


def _ar_word_tok(norm: str, s: int, e: int, toks: list[_Tok]) -> None:
    w = norm[s:e]
    key = w.translate(W.AR_FOLD)
    hit = _AR_VARIANTS.get(key)
    if hit is not None:
        item, plen, conj, definite = hit
        t = _Tok(s + _ar_prefix_len(w, plen) if plen else s, e, s, key, item, conj)
        t.defn = definite
        t.other = _AR_CONJOINED.get(key)
        toks.append(t)


def _tr_glued(key: str, s: int, e: int, lex: W.Lexicon, toks: list[_Tok]) -> None:
    for k, part in enumerate(_TR_GLUE_PART.findall(key)):
        t = _Tok(s, e, s, part, lex[part], False)
        t.glued = k > 0
        toks.append(t)


def _tokenize(norm: str, lang: _Lang, lo: int, stop: int, toks: list[_Tok]) -> None:
    """Append the digit runs and lexicon words of norm[lo:stop].

    Other words are left out: the text they leave between two tokens breaks any
    expression, which is all they could do."""
    lex, tr, arabic = lang.lex, lang.code == "tr", lang.arabic
    pos = lo
    for m in lang.token.finditer(norm, lo, stop):
        s, e = m.span()
        if s < pos:
            continue  # inside a suffix or code already read with the digits before it
        if m.lastgroup == "n":
            pos = _num_toks(norm, s, e, lang, toks, lo, stop)
        elif arabic:
            _ar_word_tok(norm, s, e, toks)
        else:
            w = m.group()
            key = w.translate(_TR_CASE).lower() if tr else w.lower()
            item = lex.get(key)
            if item is not None:
                toks.append(_Tok(s, e, s, key, item, False))
            elif tr:
                inflected = _TR_INFLECTED.fullmatch(key)
                if inflected is not None:
                    stem = inflected.group(1)
                    toks.append(_Tok(s, s + len(stem), s, stem, lex[stem], False))
                elif _TR_GLUE.fullmatch(key):
                    _tr_glued(key, s, e, lex, toks)


# --- times, dates, phones: whole tokens the caller skips ------------------------------------

_Raw = tuple[int, int, _Num, Kind, bool, bool]


def _special(m: re.Match[str]) -> _Raw | None:
    s, e = m.span()
    txt = m.group()
    ds = _DIGITS.findall(txt)
    n = [int(d) for d in ds]
    g = m.lastgroup
    if g == "ph":
        digits = "".join(ds)
        return (s, e, int(digits), "phone", False, False) if 8 <= len(digits) <= 15 else None
    if g == "dt":
        if len(ds[0]) == 4:
            ok = 1 <= n[1] <= 12 and 1 <= n[2] <= 31
        else:
            ok = (1 <= n[0] <= 31 and 1 <= n[1] <= 12) or (1 <= n[0] <= 12 and 1 <= n[1] <= 31)
        return (s, e, n[0], "date", False, False) if ok else None
    if g == "tm":
        if len(ds) == 1 and len(ds[0]) == 4:  # "0600 GMT"
            n = [n[0] // 100, n[0] % 100]
        hour, minute = n[0], n[1] if len(n) > 1 else 0
        if hour > 24 or minute > 59:
            return None
        if "p" in txt.lower() and hour < 12:
            hour += 12
        return (s, e, Fraction(hour * 60 + minute, 60), "time", False, False)
    month_year = 1 <= n[0] <= 12 and len(ds[1]) == 4 and 1900 <= n[1] <= 2100
    return (s, e, n[0], "date" if month_year else "code", False, False)


# --- number expressions -------------------------------------------------------------------

# Parser states: what the last consumed word was.
_NONE, _NUM, _UNIT, _TEEN, _TEN, _TEENONLY, _H, _HV, _SC = range(9)
_F, _HALF, _AP, _DZ, _DUAL, _END = range(9, 15)
_ADDABLE: Final = (_UNIT, _TEEN, _TEN, _NUM, _H, _HV)


def _cls(v: int) -> int:
    return _UNIT if v < 10 else _TEEN if v < 20 else _TEN


def _gap_ok(norm: str, a: _Tok, b: _Tok) -> bool:
    if b.glued:
        return True
    if b.full <= a.end:
        # Digits glued to a word happen where scripts switch ("17ألف").
        return b.full == a.end and (a.num is None) != (b.num is None)
    g = norm[a.end : b.full]
    if g in _HYPHENS:
        return a.num is None and b.num is None
    return _GAP.fullmatch(g) is not None


def _add_atom(
    sub: int, last: int, v: int, fl: int, c: bool, code: str, tens_conj: bool = False
) -> tuple[int, int] | None:
    """What a word worth v adds to a group ending in sub (its last two digits), and the
    new state; None if it cannot follow. c: joined by a conjunction; tens_conj: the
    conjunction joins a unit to a ten ("treinta y uno")."""
    if code == "ar":
        if v == 10 and not c and last in (_UNIT, _TEENONLY) and 1 <= sub <= 9:
            return 10, _TEEN  # ثلاثة عشر
        if not c:
            return None  # Arabic joins every other part with و
        if last == _UNIT and v >= 20 and v % 10 == 0 and 1 <= sub <= 9:
            return v, _TEN  # units before tens: خمسة وعشرون
        if last in (_H, _HV, _SC) and sub == 0:
            return v, (_TEENONLY if fl & W.TEENONLY else _cls(v))
        if last == _TEN and 1 <= v <= 9 and sub % 10 == 0:
            return v, _UNIT
        return None
    if fl & W.TEENONLY:
        return None
    if last in (_H, _HV, _SC) and sub == 0:
        return v, _cls(v)
    if c and tens_conj and last == _TEN and 1 <= v <= 9 and sub >= 30 and sub % 10 == 0:
        return v, _UNIT
    if c and not (code == "fr" and last == _TEN and (v == 1 or (v == 11 and sub == 60))):
        return None  # "and" only after hundreds and scales; "et" only in vingt et un
    if last == _TEN and 1 <= v <= 9 and sub >= 20 and sub % 10 == 0:
        return v, _UNIT
    teen_base = sub == 10 or (code == "fr" and sub in (70, 90))
    if code in ("fr", "tr") and last == _TEEN and 1 <= v <= 9 and teen_base:
        return v, _UNIT  # dix-sept, on beş, soixante-dix-sept
    if code == "fr" and last == _TEN and sub in (60, 80) and 10 <= v <= 19:
        return v, _TEEN  # soixante-dix, quatre-vingt-onze
    if code == "fr" and v == 20 and last == _UNIT and sub == 4:
        return 76, _TEN  # quatre-vingt: the one multiplicative ten
    return None


_Expr = tuple[int, _Num, bool, bool, bool]


def _expr(norm: str, toks: list[_Tok], i: int, lang: _Lang, strict: bool) -> _Expr | None:
    """Read the longest number expression starting at toks[i]: (last index, value, ...)."""
    code, ar = lang.code, lang.arabic
    total: _Num = 0
    cur: _Num = 0
    has, last, last_scale = False, _NONE, 10**15
    alt: Fraction | None = None
    art, conn, de, words, approx = -1, False, False, False, False
    best: _Expr | None = None
    sc_best: _Expr | None = None  # the reading as it stood right after the last scale
    whole = True  # the last scale multiplied a whole number
    prev: _Tok | None = None
    k, n = i, len(toks)
    while k < n:
        t = toks[k]
        if t.special is not None or (prev is not None and not _gap_ok(norm, prev, t)):
            break
        it, conj, defn = t.item, t.conj, t.defn
        if t.other is not None and prev is not None:
            it, _, conj, defn = t.other
        if t.num is not None:
            cat, v, fl = 0, t.num, 0
        elif it is None:
            break
        else:
            cat, v, fl = it.cat, it.value, it.flags
        c = conn or conj
        if last == _END and defn and cat == W.SCALE and v == last_scale:
            # مليون ونصف المليون: the scale is repeated after the half.
            best = (k, total, words, approx, False)
            break
        if defn and last != _NONE and not (c and cat in (W.ATOM, W.HUNDREDS)):
            # Only a conjoined part of a definite compound may follow: الأربع والعشرين.
            break
        if cat == W.CONN:
            if conn or last == _NONE or art >= 0:
                break
            conn, prev, k = True, t, k + 1
            continue
        if cat == W.DE:
            if last != _AP or de:
                break
            de, prev, k = True, t, k + 1
            continue
        if cat == W.ART or (cat == W.ATOM and fl & W.ARTLIKE and last == _NONE and not c):
            if art >= 0 or (last not in (_NONE, _F) and not conn):
                break
            art, prev, k = k, t, k + 1
            continue
        sub = cur % 100 if isinstance(cur, int) else -1
        new = -1
        if de:
            if cat in (W.SCALE, W.APPROX) and fl & W.PLURAL:
                total, cur, has, new, last_scale = total + cur * v, 0, False, _SC, int(v)
        elif cat == 0:
            if last == _NONE and art < 0:
                if t.scaled:
                    total, new, last_scale = v * t.scaled, _SC, t.scaled
                else:
                    cur, has, new, alt = v, True, _NUM, t.alt
            elif (
                last == _SC
                and not has
                and art < 0
                and isinstance(v, int)
                and v < last_scale
                and (c or lang.bare_after_scale)
            ):
                cur, has, new, alt = v, True, _NUM, None
        elif cat == W.ATOM:
            assert isinstance(v, int)
            if art >= 0:
                pass
            elif last == _DUAL:
                new = _DUAL if v == 2 and not c else -1  # طفلان اثنان
            elif last == _NONE:
                cur, has, new = v, True, (_TEENONLY if fl & W.TEENONLY else _cls(v))
            elif v and sub >= 0:
                added = _add_atom(sub, last, v, fl, c, code, lang.tens_conjunction)
                if added is not None:
                    cur, has, new = cur + added[0], True, added[1]
        elif cat == W.HUNDRED:
            if last == _NONE:
                if art >= 0 or (fl & W.ALONE):
                    cur, has, new = 100, True, _H
            elif art < 0 and last in (_UNIT, _NUM) and not c and cur in range(1, 10):
                cur, new = cur * 100, _H
            elif art < 0 and last == _SC and not has and fl & W.ALONE and c == ar:
                cur, has, new = 100, True, _H
        elif cat == W.HUNDREDS:
            bare = c or lang.bare_after_scale
            if art < 0 and (last == _NONE or (last == _SC and not has and bare)):
                cur, has, new = v, True, _HV
        elif cat == W.SCALE:
            m: _Num | None = None
            if (
                lang.scale_of_scales
                and last_scale < v < 10**15
                and not c
                and art < 0
                and last in (_SC, *_ADDABLE)
                and 1 < total + cur < v
            ):
                # "mil millones", "2 mil 500 millones": the figure so far counts millions.
                whole = isinstance(total + cur, int)
                total, cur, has, new, last_scale = (total + cur) * v, 0, False, _SC, int(v)
            elif v >= last_scale:
                # "31 ألفاً و24 ألفاً": the part after the last scale starts a new number.
                if has and last_scale < 10**15:
                    best = sc_best
            elif fl & W.ABBR and not has:
                pass
            elif has:
                ok = not c and last not in (_TEENONLY, _AP, _DZ, _END, _DUAL)
                ok = ok and (art < 0 or last == _F)
                m = (alt if last == _NUM and alt is not None else cur) if ok else None
                if fl & W.AR_PLURAL and not (isinstance(cur, int) and 3 <= sub <= 10):
                    m = None
                if fl & W.PLURAL and m is not None and m <= 1:
                    m = None
            elif fl & (W.PLURAL | W.AR_PLURAL):
                pass
            elif ((art >= 0 or fl & W.ALONE) and last == _NONE) or (
                fl & W.ALONE and last == _SC and (c if ar else code == "tr")
            ):
                m = 1
            if m is not None:
                whole = isinstance(m, int)
                total, cur, has, new, last_scale = total + m * v, 0, False, _SC, int(v)
        elif cat == W.SCALE2:
            s2 = int(v) // 2
            if art < 0 and not has and s2 < last_scale and (last == _NONE or (last == _SC and c)):
                total, new, last_scale = total + v, _SC, s2
        elif cat == W.FRAC:
            if last == _NONE:
                if art >= 0 or fl & W.ALONE:
                    cur, has, new = v, True, _F
            elif art >= 0 and not c:
                pass
            elif v == W.HALF and c and has and last in _ADDABLE:
                cur, new = cur + W.HALF, _HALF
            elif v == W.HALF and c and not has and last == _SC and whole:
                total, new = total + Fraction(last_scale, 2), _END
            elif fl & W.MULT and not c and last in (_UNIT, _NUM) and total == 0:
                cur, new = (cur * v, _F) if cur in range(1, 11) else (cur, -1)
        elif cat == W.HALFADD:
            if c:
                pass
            elif has and last in _ADDABLE:
                cur, new = cur + W.HALF, _HALF
            elif art >= 0 and last == _NONE:
                cur, has, new = 1 + W.HALF, True, _HALF
            elif last == _SC and not has and whole:
                total, new = total + Fraction(last_scale, 2), _END
        elif cat == W.APPROX:
            if art >= 0 and last == _NONE and not fl & W.PLURAL:
                nxt = toks[k + 1] if k + 1 < n and _gap_ok(norm, t, toks[k + 1]) else None
                if not fl & W.NEEDS_DE or _is_cat(nxt, W.DE):
                    cur, has, new, approx = v, True, _AP, True
            elif fl & W.PLURAL and has and not c and last in (_UNIT, _TEEN, _TEN, _NUM) and cur > 1:
                total, cur, has, new, approx = total + cur * v, 0, False, _SC, True
                last_scale = int(v)
        elif cat == W.DOZEN:
            if art >= 0 and last == _NONE:
                cur, has, new = 12, True, _DZ
            elif art < 0 and has and not c and last in (_UNIT, _TEEN, _NUM) and total == 0:
                cur, new = (cur * 12, _DZ) if cur in range(1, 100) else (cur, -1)
        elif cat == W.DUAL and last == _NONE and art < 0:
            cur, has, new = 2, True, _DUAL
        if new < 0:
            break
        art, conn, de, last, prev = -1, False, False, new, t
        words = words or t.num is None or t.scaled > 0
        if new != _TEENONLY:
            best = (k, total + cur, words, approx, new == _F)
        if new == _SC:
            sc_best = best
        k += 1
    first = toks[i].item
    if best is None and not strict and art == i and first is not None and first.flags & W.ARTLIKE:
        return (i, 1, True, False, False)
    return best


def _cap_ok(t: _Tok, norm: str) -> bool:
    assert t.item is not None
    return not t.item.flags & W.CAPITAL or norm[t.start].isupper()


def _is_cat(t: _Tok | None, cat: int) -> bool:
    return t is not None and t.item is not None and t.item.cat == cat


class _Context:
    """Neighbour look-ups around a token, respecting gaps."""

    __slots__ = ("n", "norm", "toks")

    def __init__(self, norm: str, toks: list[_Tok]) -> None:
        self.norm, self.toks, self.n = norm, toks, len(toks)

    def before(self, i: int) -> _Tok | None:
        if i > 0 and _gap_ok(self.norm, self.toks[i - 1], self.toks[i]):
            return self.toks[i - 1]
        return None

    def after(self, j: int) -> _Tok | None:
        if j + 1 < self.n and _gap_ok(self.norm, self.toks[j], self.toks[j + 1]):
            return self.toks[j + 1]
        return None

    def month_after(self, j: int) -> bool:
        t = self.after(j)
        if _is_cat(t, W.LINK):
            t = self.after(j + 1)
        return _is_cat(t, W.MONTH) and t is not None and _cap_ok(t, self.norm)

    def month_before(self, i: int) -> bool:
        t = self.before(i)
        if _is_cat(t, W.MONTH):
            return t is not None and _cap_ok(t, self.norm)
        # Levantine months are two words: كانون الأول 2018.
        return _is_cat(t, W.ORDINAL) and _is_cat(self.before(i - 1), W.MONTH)


_YEAR_JOIN: Final = re.compile(r",?[ \u00a0]+")
_TR_LOCATIVE: Final = re.compile(r"['’](?:da|de|ta|te|daki|deki|taki|teki)\b", re.IGNORECASE)


def _day_or_year(ctx: _Context, i: int, t: _Tok, lang: _Lang, out: list[_Raw]) -> Kind:
    v = t.num
    if not t.plain or not isinstance(v, int):
        return "number"
    if 1 <= v <= 31 and (ctx.month_after(i) or ctx.month_before(i)):
        return "date"
    if t.end - t.start != 4 or not 1900 <= v <= 2100:
        return "number"
    prev = ctx.before(i)
    if _is_cat(prev, W.YEAR_BEFORE) or ctx.month_before(i) or _is_cat(ctx.after(i), W.YEAR_AFTER):
        return "year"
    if lang.code == "tr" and _TR_LOCATIVE.match(ctx.norm, t.end):
        return "year"
    if out and out[-1][3] == "date" and _YEAR_JOIN.fullmatch(ctx.norm, out[-1][1], t.full):
        return "year"
    return "number"


def _percent_prefix(ctx: _Context, i: int, start: int, lang: _Lang) -> int:
    """Where a percent sign or word written before the number starts, else -1."""
    norm = ctx.norm
    if start > 0 and norm[start - 1] in "%\u066a":
        return start - 1
    if lang.code != "tr":
        return -1
    if norm[max(0, start - 2) : start] in ("% ", "%\u00a0"):
        return start - 2
    prev = ctx.before(i)
    return prev.start if prev is not None and _is_cat(prev, W.PCT_PREFIX) else -1


def _parse(norm: str, toks: list[_Tok], lang: _Lang, strict: bool) -> list[_Raw]:
    out: list[_Raw] = []
    ctx = _Context(norm, toks)
    n, i = len(toks), 0
    while i < n:
        t = toks[i]
        if t.special is not None:
            assert t.num is not None
            kind: Kind = "code"
            if t.special == "year":
                kind = "year"
            elif t.special == "ord" and (ctx.month_after(i) or ctx.month_before(i)):
                kind = "date"
            out.append((t.start, t.end, t.num, kind, False, False))
            i += 1
            continue
        it = t.item
        if t.num is None and (it is None or it.cat not in _STARTERS):
            i += 1
            continue
        r = _expr(norm, toks, i, lang, strict)
        if r is None:
            i += 1
            continue
        j, value, words, approx, frac = r
        nxt = ctx.after(j)
        if nxt is not None and (nxt.glued or _is_cat(nxt, W.VAGUE)):
            # "on binlerce" is tens of thousands; half a glued word is no number.
            i = j + 1
            while i < n and (toks[i].glued or _is_cat(toks[i], W.VAGUE)):
                i += 1
            continue
        if i == j and it is not None:
            prev = ctx.before(i)
            if t.key == "one" and lang.lex is W.lexicon(DEFAULT) and _is_cat(prev, W.DET):
                i += 1
                continue
            if lang.arabic and it.value == 10 and _is_cat(prev, W.ORDINAL):
                i += 1
                continue
        start, end = t.start, toks[j].end
        kind = "fraction" if frac else "number"
        floor = out[-1][1] if out else 0
        m = lang.pct.match(norm, end)
        pstart = _percent_prefix(ctx, i, start, lang) if m is None else -1
        if m is not None:
            end, kind = m.end(), "percent"
        elif pstart >= floor:
            start, kind = pstart, "percent"
        elif i == j and t.num is not None:
            kind = _day_or_year(ctx, i, t, lang, out)
        out.append((start, end, value, kind, words, approx))
        i = j + 1
        while i < n and toks[i].start < end:
            i += 1
    return out


# The largest value read as a figure (README "Operating Tally": limits). Above it a digit
# run is no count of anything a wire reports (a 400-digit string, a hash, a float limit):
# it is not a claim, and a value this large could not be held exactly anyway.
MAX_VALUE: Final = 10**15
# Zero-width characters a copy-paste leaves inside a number ("1\u200b200" is 1200): read
# past, with offsets kept into the original text.
ZERO_WIDTH: Final = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH: Final = re.compile(f"[{ZERO_WIDTH}]")
# Scientific notation ("1.7976931348623157e+308") is a machine's number, never a count:
# skipped whole, so its exponent is not read as a figure of its own.
_SCIENTIFIC: Final = re.compile(r"(?<![\w.,])[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+(?!\w)")


def _scan(text: str, language: str, strict: bool) -> list[NumberSpan]:
    if _ZERO_WIDTH.search(text) is None:
        return _scan_plain(text, language, strict)
    # Scan the text without its zero-width characters, then map spans back to the original.
    keep = [i for i, ch in enumerate(text) if ch not in ZERO_WIDTH]
    bare = "".join(text[i] for i in keep)
    out: list[NumberSpan] = []
    for sp in _scan_plain(bare, language, strict):
        s, e = keep[sp.start], keep[sp.end - 1] + 1
        out.append(NumberSpan(s, e, text[s:e], sp.value, sp.kind, sp.words, sp.approx))
    return out


def _scan_plain(text: str, language: str, strict: bool) -> list[NumberSpan]:
    lang = _lang(language)
    norm = normalize_digits(text)
    skip = [m.span() for m in _SCIENTIFIC.finditer(norm)] if "e" in norm.lower() else []
    fixed: list[_Raw] = []
    for m in lang.special.finditer(norm):
        r = _special(m)
        if r is not None and not any(a < r[1] and r[0] < b for a, b in skip):
            fixed.append(r)
    toks: list[_Tok] = []
    pos = 0
    for a, b in sorted([f[:2] for f in fixed] + skip):
        _tokenize(norm, lang, pos, a, toks)
        pos = max(pos, b)
    _tokenize(norm, lang, pos, len(norm), toks)
    raws = _parse(norm, toks, lang, strict)
    if fixed:
        raws = sorted(raws + fixed)
    out: list[NumberSpan] = []
    for s, e, v, k, w, a in raws:
        if v > MAX_VALUE or v < -MAX_VALUE:
            continue
        # Extensions (percent signs, code prefixes) may reach into a neighbour: first wins.
        if not out or s >= out[-1].end:
            out.append(NumberSpan(s, e, text[s:e], float(v), k, w, a))
    return out


def find_numbers(text: str, language: str) -> list[NumberSpan]:
    """Every numeric expression in text, in order and non-overlapping."""
    return _scan(text, language, True)


_VALUED: Final = frozenset({"number", "fraction", "year", "percent"})


def parse_number(text: str, language: str) -> float | None:
    """The value of text if the whole of it is one number, else None."""
    stripped = text.strip()
    if not stripped:
        return None
    spans = _scan(stripped, language, False)
    if len(spans) != 1:
        return None
    sp = spans[0]
    if sp.start != 0 or sp.end != len(stripped) or sp.kind not in _VALUED:
        return None
    return sp.value


# --- writing numbers, for tests and fixtures ------------------------------------------------

_TO_ARABIC_INDIC: Final = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_PERSIAN: Final = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_SCALE_NAMES: Final = {
    "en": {1000: "thousand", 10**6: "million", 10**9: "billion"},
    "fr": {1000: "mille", 10**6: "million", 10**9: "milliard"},
    "tr": {1000: "bin", 10**6: "milyon", 10**9: "milyar"},
    "ar": {1000: "ألف", 10**6: "مليون", 10**9: "مليار"},
    "es": {1000: "mil", 10**6: "millón", 10**9: "mil millones"},
}
_AR_PLURALS: Final = {1000: "آلاف", 10**6: "ملايين", 10**9: "مليارات"}


def _grouped(value: int, code: str) -> str:
    s = f"{value:,}"
    if code == "ar":
        return s.replace(",", "\u066c").translate(_TO_ARABIC_INDIC)
    if code in _SPACE_GROUP:
        return s.replace(",", "\u00a0")
    return s.replace(",", ".") if code in _COMMA_DECIMAL else s


def _scale_name(code: str, scale: int, count: _Num) -> str:
    if code == "ar" and isinstance(count, int) and 3 <= count % 100 <= 10:
        return _AR_PLURALS[scale]
    name = _SCALE_NAMES.get(code, _SCALE_NAMES["en"])[scale]
    if code == "es" and scale == 10**6 and count >= 2:
        return "millones"
    return name + "s" if code == "fr" and scale > 1000 and count >= 2 else name


def _compose(value: int, code: str) -> str:
    """Digits with scale words, no decimals: "6 bin 500", "4 آلاف و900"."""
    for scale in (10**9, 10**6, 1000):
        q, r = divmod(value, scale)
        if q:
            head = f"{q} {_scale_name(code, scale, q)}"
            if not r:
                return head
            return f"{head} و{_compose(r, code)}" if code == "ar" else f"{head} {_compose(r, code)}"
    return str(value)


def _scaled(value: int, code: str) -> str:
    scale = next((s for s in (10**9, 10**6, 1000) if value >= s), 0)
    if not scale:
        return str(value)
    q, r = divmod(value, scale)
    if not r:
        return f"{q} {_scale_name(code, scale, q)}"
    if scale > 1000 and value % (scale // 1000) == 0:
        mark = "," if code in _COMMA_DECIMAL else "."
        frac = f"{r * 1000 // scale:03d}".rstrip("0")
        return f"{q}{mark}{frac} {_scale_name(code, scale, Fraction(value, scale))}"
    if code in ("tr", "ar"):
        return _compose(value, code)
    return _grouped(value, code)


def render_number(value: int, language: str, style: str) -> str:
    """Write a non-negative integer in one of the styles the reader understands."""
    if value < 0:
        raise ValueError("render_number writes non-negative integers only")
    code = _lang(language).code
    if style == "plain":
        return str(value)
    if style == "grouped":
        return _grouped(value, code)
    if style == "arabic_indic":
        return str(value).translate(_TO_ARABIC_INDIC)
    if style == "persian":
        return str(value).translate(_TO_PERSIAN)
    if style == "words":
        return W.WORD_SPELLERS.get(code, W.en_words)(value)
    if style == "scale":
        return _scaled(value, code)
    raise ValueError(f"unknown style {style!r}")
