"""What each expression found is: a number, year, date, percent, or a time, date, phone or
code read whole."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final, Literal

from assistant.lang import DEFAULT, lang_cache
from assistant.numbers import words as W
from assistant.numbers.conventions import Lang
from assistant.numbers.expression import STARTERS, gap_ok, is_cat, read_expression
from assistant.numbers.grouping import DIGITS, Num
from assistant.numbers.tokens import Tok

Kind = Literal["number", "fraction", "year", "time", "date", "phone", "code", "percent"]

# An expression as read: start, end, value, kind, written in words, approximate.
Raw = tuple[int, int, Num, Kind, bool, bool]


def read_stamp(m: re.Match[str]) -> Raw | None:
    """A time, date, phone or code matched whole, or None when its digits cannot be one."""
    s, e = m.span()
    txt = m.group()
    ds = DIGITS.findall(txt)
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


def _cap_ok(t: Tok, norm: str) -> bool:
    assert t.item is not None
    return not t.item.flags & W.CAPITAL or norm[t.start].isupper()


class _Context:
    """Neighbour look-ups around a token, respecting gaps."""

    __slots__ = ("n", "norm", "toks")

    def __init__(self, norm: str, toks: list[Tok]) -> None:
        self.norm, self.toks, self.n = norm, toks, len(toks)

    def before(self, i: int) -> Tok | None:
        if i > 0 and gap_ok(self.norm, self.toks[i - 1], self.toks[i]):
            return self.toks[i - 1]
        return None

    def after(self, j: int) -> Tok | None:
        if j + 1 < self.n and gap_ok(self.norm, self.toks[j], self.toks[j + 1]):
            return self.toks[j + 1]
        return None

    def month_after(self, j: int) -> bool:
        t = self.after(j)
        if is_cat(t, W.LINK):
            t = self.after(j + 1)
        return is_cat(t, W.MONTH) and t is not None and _cap_ok(t, self.norm)

    def month_before(self, i: int) -> bool:
        t = self.before(i)
        if is_cat(t, W.MONTH):
            return t is not None and _cap_ok(t, self.norm)
        # Levantine months are two words: كانون الأول 2018.
        return is_cat(t, W.ORDINAL) and is_cat(self.before(i - 1), W.MONTH)


_YEAR_JOIN: Final = re.compile(r",?[ \u00a0]+")


@lang_cache
def _year_ending(code: str) -> re.Pattern[str] | None:
    endings = W.year_endings(code)
    if not endings:
        return None
    return re.compile(rf"['’](?:{'|'.join(map(re.escape, endings))})\b", re.IGNORECASE)


def _day_or_year(ctx: _Context, i: int, t: Tok, lang: Lang, out: list[Raw]) -> Kind:
    v = t.num
    if not t.plain or not isinstance(v, int):
        return "number"
    if 1 <= v <= 31 and (ctx.month_after(i) or ctx.month_before(i)):
        return "date"
    if t.end - t.start != 4 or not 1900 <= v <= 2100:
        return "number"
    prev = ctx.before(i)
    if is_cat(prev, W.YEAR_BEFORE) or ctx.month_before(i) or is_cat(ctx.after(i), W.YEAR_AFTER):
        return "year"
    ending = _year_ending(lang.code)
    if ending is not None and ending.match(ctx.norm, t.end):
        return "year"  # "2015'te": a case ending only a year takes bare
    if out and out[-1][3] == "date" and _YEAR_JOIN.fullmatch(ctx.norm, out[-1][1], t.full):
        return "year"
    return "number"


def _percent_prefix(ctx: _Context, i: int, start: int, lang: Lang) -> int:
    """Where a percent sign or word written before the number starts, else -1."""
    norm = ctx.norm
    if start > 0 and norm[start - 1] in "%\u066a":
        return start - 1
    if lang.code != "tr":
        return -1
    if norm[max(0, start - 2) : start] in ("% ", "%\u00a0"):
        return start - 2
    prev = ctx.before(i)
    return prev.start if prev is not None and is_cat(prev, W.PCT_PREFIX) else -1


def parse_tokens(norm: str, toks: list[Tok], lang: Lang, strict: bool) -> list[Raw]:
    """Every expression the tokens hold, in order, each with its kind."""
    out: list[Raw] = []
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
        if t.num is None and (it is None or it.cat not in STARTERS):
            i += 1
            continue
        r = read_expression(norm, toks, i, lang, strict)
        if r is None:
            i += 1
            continue
        j, value, words, approx, frac = r
        nxt = ctx.after(j)
        if nxt is not None and (nxt.glued or is_cat(nxt, W.VAGUE)):
            # "on binlerce" is tens of thousands; half a glued word is no number.
            i = j + 1
            while i < n and (toks[i].glued or is_cat(toks[i], W.VAGUE)):
                i += 1
            continue
        if i == j and it is not None:
            prev = ctx.before(i)
            if t.key == "one" and lang.lex is W.lexicon(DEFAULT) and is_cat(prev, W.DET):
                i += 1
                continue
            if lang.arabic and it.value == 10 and is_cat(prev, W.ORDINAL):
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
