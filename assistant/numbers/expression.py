"""The grammar of one number expression: "two hundred and five", "1.2 million", "4 mil 200"."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from assistant.numbers import words as W
from assistant.numbers.conventions import HYPHENS, Lang
from assistant.numbers.grouping import Num
from assistant.numbers.tokens import Tok

_GAP: Final = re.compile(r"[ \t\u00a0\u202f\u2009]*\n?[ \t\u00a0\u202f\u2009]*")
# Words a number expression may start with.
STARTERS: Final = frozenset(
    {W.ATOM, W.HUNDRED, W.HUNDREDS, W.SCALE, W.SCALE2, W.ART, W.FRAC, W.DUAL}
)
# Parser states: what the last consumed word was.
_NONE, _NUM, _UNIT, _TEEN, _TEN, _TEENONLY, _H, _HV, _SC = range(9)
_F, _HALF, _AP, _DZ, _DUAL, _END = range(9, 15)
_ADDABLE: Final = (_UNIT, _TEEN, _TEN, _NUM, _H, _HV)


def _cls(v: int) -> int:
    return _UNIT if v < 10 else _TEEN if v < 20 else _TEN


def gap_ok(norm: str, a: Tok, b: Tok) -> bool:
    """Whether b may continue an expression after a: nothing, a space, a line or a hyphen."""
    if b.glued:
        return True
    if b.full <= a.end:
        # Digits glued to a word happen where scripts switch ("17ألف").
        return b.full == a.end and (a.num is None) != (b.num is None)
    g = norm[a.end : b.full]
    if g in HYPHENS:
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


_Expr = tuple[int, Num, bool, bool, bool]


def read_expression(norm: str, toks: list[Tok], i: int, lang: Lang, strict: bool) -> _Expr | None:
    """Read the longest number expression starting at toks[i]: (last index, value, ...)."""
    code, ar = lang.code, lang.arabic
    total: Num = 0
    cur: Num = 0
    has, last, last_scale = False, _NONE, 10**15
    alt: Fraction | None = None
    art, conn, de, words, approx = -1, False, False, False, False
    best: _Expr | None = None
    sc_best: _Expr | None = None  # the reading as it stood right after the last scale
    whole = True  # the last scale multiplied a whole number
    prev: Tok | None = None
    k, n = i, len(toks)
    while k < n:
        t = toks[k]
        if t.special is not None or (prev is not None and not gap_ok(norm, prev, t)):
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
            m: Num | None = None
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
                nxt = toks[k + 1] if k + 1 < n and gap_ok(norm, t, toks[k + 1]) else None
                if not fl & W.NEEDS_DE or is_cat(nxt, W.DE):
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


def is_cat(t: Tok | None, cat: int) -> bool:
    """Whether t is a lexicon word of category cat."""
    return t is not None and t.item is not None and t.item.cat == cat
