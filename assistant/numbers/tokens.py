"""Tokens of a text: runs of digits and the number words of its language's lexicon."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from assistant.numbers import words as W
from assistant.numbers.conventions import HYPHENS, WORD, Lang
from assistant.numbers.grouping import DIGITS, Num, digit_pieces, int_of
from assistant.numbers.scripts import (
    AR_CLITICS,
    AR_CONJOINED,
    AR_MARKS,
    AR_VARIANTS,
    TR_CASE,
    TR_GLUE,
    TR_GLUE_PART,
    TR_INFLECTED,
    ArHit,
    ar_prefix_len,
    is_arabic,
)

_LETTERS: Final = re.compile(WORD)
_UNIT_SUFFIXES: Final = frozenset(
    W.words("km kms kg mm cm ha mi mph kph kmh kw mw gw kt t lb lbs ft sq")
)
_ORD_SUFFIXES: Final = frozenset(W.words("st nd rd th er re e è ème eme ère"))


class Tok:
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
        self.num: Num | None = None
        self.alt: Fraction | None = None  # decimal reading if a scale word follows
        self.plain = False  # digits without separators
        self.scaled = 0
        self.special: str | None = None
        self.glued = False
        self.other: ArHit | None = None  # a conjoined reading, for continuations


def num_tok(start: int, end: int, value: Num) -> Tok:
    """A token for a number read from digits."""
    t = Tok(start, end, start, "", None, False)
    t.num = value
    return t


def _code_char(ch: str) -> bool:
    return ch.isalpha() or ch in "_@#" or ch in HYPHENS or ch in AR_MARKS


def _num_toks(norm: str, s: int, e: int, lang: Lang, toks: list[Tok], lo: int, stop: int) -> int:
    """Append the tokens of one digit run; return where scanning resumes."""
    full, conj, currency, code_at = s, False, False, -1
    if s > 0:
        c = norm[s - 1]
        if c.isalpha() or c in AR_MARKS:
            ls = s - 1
            while ls > 0 and (norm[ls - 1].isalpha() or norm[ls - 1] in AR_MARKS):
                ls -= 1
            run = W.ar_fold(norm[ls:s])
            if is_arabic(norm[ls]) and run in AR_CLITICS:
                full, conj = ls, run.startswith("و")
                while toks and toks[-1].end > ls:
                    toks.pop()
            else:
                code_at = ls
        elif c in "_@#" or (c in HYPHENS and s > 1 and norm[s - 2].isalpha()):
            code_at = s - 1
        elif c in "$€£¥":
            currency = True
    pieces = digit_pieces(norm[s:e], lang)
    end, resume, special, scaled = e, e, None, 0
    last_plain, last_value = pieces[-1][4], pieces[-1][2]
    if code_at < 0 and e < stop:
        c = norm[e]
        if c.isalpha() and not is_arabic(c):
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
            or norm[end] in AR_MARKS
            or (norm[end] in HYPHENS and end + 1 < stop and norm[end + 1].isalnum())
        ):
            end += 1
        while toks and toks[-1].end > code_at:
            toks.pop()
        first = int_of(DIGITS.findall(norm, s, e)[0])
        t = num_tok(code_at, end, first)
        # "mid-2019", "pre-2011": a year with a prefix, not a product code.
        prefix = norm[code_at:s]
        year = e - s == 4 and end == e and prefix[:-1].islower() and prefix[-1:] in HYPHENS
        t.special = "year" if year and 1900 <= first <= 2100 else "code"
        toks.append(t)
        return end
    for k, (ps, pe, value, alt, plain) in enumerate(pieces):
        t = num_tok(s + ps, s + pe, value)
        t.alt, t.plain = alt, plain
        if k == 0:
            t.full, t.conj = full, conj
        if k == len(pieces) - 1:
            t.end, t.special, t.scaled = (end if special or scaled else t.end), special, scaled
        toks.append(t)
    return max(end, resume)


def _ar_word_tok(norm: str, s: int, e: int, toks: list[Tok]) -> None:
    w = norm[s:e]
    key = w.translate(W.AR_FOLD)
    hit = AR_VARIANTS.get(key)
    if hit is not None:
        item, plen, conj, definite = hit
        t = Tok(s + ar_prefix_len(w, plen) if plen else s, e, s, key, item, conj)
        t.defn = definite
        t.other = AR_CONJOINED.get(key)
        toks.append(t)


def _tr_glued(key: str, s: int, e: int, lex: W.Lexicon, toks: list[Tok]) -> None:
    for k, part in enumerate(TR_GLUE_PART.findall(key)):
        t = Tok(s, e, s, part, lex[part], False)
        t.glued = k > 0
        toks.append(t)


def tokenize(norm: str, lang: Lang, lo: int, stop: int, toks: list[Tok]) -> None:
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
            key = w.translate(TR_CASE).lower() if tr else w.lower()
            item = lex.get(key)
            if item is not None:
                toks.append(Tok(s, e, s, key, item, False))
            elif tr:
                inflected = TR_INFLECTED.fullmatch(key)
                if inflected is not None:
                    stem = next(g for g in inflected.groups() if g)
                    toks.append(Tok(s, s + len(stem), s, stem, lex[stem], False))
                elif TR_GLUE.fullmatch(key):
                    _tr_glued(key, s, e, lex, toks)
