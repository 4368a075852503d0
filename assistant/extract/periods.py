"""Period expressions ("last 24 hours", "since 1 December", "on Friday"), resolved to dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from assistant.core.models import UNNAMED_EVENT_PERIOD
from assistant.lang import Periods, default, lang_cache, packs
from assistant.numbers.calendar import month_alt, month_of, weekday_alt, weekday_of
from assistant.numbers.parse import find_numbers, parse_number
from assistant.numbers.scripts import normalize_digits

PeriodKind = Literal["window", "cumulative", "rate", "date", "year", "total"]

_WD_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MON_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25, "night": 1}


@dataclass(frozen=True, slots=True)
class Period:
    """One period expression found in a text, with its resolved bounds."""

    start: int  # offsets in the text that was scanned
    end: int
    kind: PeriodKind
    label: str  # English, as a fact-checker would write it
    period_start: datetime | None
    period_end: datetime | None
    # A day named on its own ("on Tuesday", "yesterday"): with a tally word beside it, the
    # day the total stood, not a window it counts.
    point: bool = False


def _day(d: datetime) -> datetime:
    return d.replace(hour=0, minute=0, second=0, microsecond=0)


def _fmt(d: datetime) -> str:
    return f"{d.day} {_MON_EN[d.month - 1]} {d.year}"


def _last_weekday(pub: datetime, wd: int) -> datetime:
    return _day(pub) - timedelta(days=(pub.weekday() - wd) % 7)


def _last_date(pub: datetime, day: int, month: int, year: int | None) -> datetime | None:
    try:
        if year is None:
            year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
        return _day(pub).replace(year=year, month=month, day=day)
    except ValueError:
        return None


def _unit_key(u: str) -> str:
    u = u.lower()
    for key, stems in _shared().unit_stems:
        if any(s in u for s in stems):
            return key
    return "day"


def _num(text: str | None, language: str) -> float | None:
    if not text:
        return None
    t = text.strip()
    if not t:
        return None
    if t in _shared().dual_units:
        return 2
    v = parse_number(normalize_digits(t), language)
    if v is None:
        # "الأربع والعشرين": the article sits outside a number's span.
        found = find_numbers(t, language)
        if len(found) == 1 and len(found[0].text) >= len(t) - 3:
            v = found[0].value
    return v


@dataclass(frozen=True)
class _Shared:
    """What every pack adds to the resolver, whatever the wire's language."""

    unit_stems: tuple[tuple[str, tuple[str, ...]], ...]
    dual_units: frozenset[str]
    day_ordinals: dict[str, int]
    year_words: tuple[str, ...]
    previous_words: tuple[str, ...]
    ago: re.Pattern[str] | None


@lang_cache
def _shared() -> _Shared:
    stems: dict[str, list[str]] = {k: [] for k in ("hour", "day", "week", "month", "year")}
    dual: set[str] = set()
    ordinals: dict[str, int] = {}
    year: list[str] = []
    previous: list[str] = []
    ago: list[str] = []
    for p in packs().values():
        if p.periods is None:
            continue
        for unit, words in p.periods.unit_stems.items():
            stems[unit] += words
        dual |= set(p.periods.dual_units)
        ordinals |= p.periods.day_ordinals
        year += p.periods.year_words
        previous += p.periods.previous_words
        ago += [p.periods.ago] if p.periods.ago else []
    return _Shared(
        tuple((k, tuple(v)) for k, v in stems.items()),
        frozenset(dual),
        ordinals,
        tuple(year),
        tuple(previous),
        re.compile("|".join(ago)) if ago else None,
    )


def _own(language: str) -> Periods | None:
    return packs()[language].periods if language in packs() else None


@lang_cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """(handler name, pattern) pairs, most specific first."""
    # A language without patterns of its own reads with the default language's; a
    # language with them does not pay for trying those at every word.
    own = _own(language)
    table = own.patterns if own is not None and own.patterns is not None else None
    if table is None:
        fallback = default().periods
        table = fallback.patterns if fallback is not None else None
    fill = {
        "{month}": month_alt(language),
        "{weekday}": weekday_alt(language),
        "{day}": r"(?P<d>\d{1,2})",
        "{year}": r"(?P<y>(?:19|20)\d\d)",
        "{ordinal}": "|".join(_shared().day_ordinals),
    }
    pats: list[tuple[str, str]] = []
    for name, src in table or []:
        for key, value in fill.items():
            src = src.replace(key, value)
        pats.append((name, src))
    # "since <event>" must claim its words before a date or weekday inside it does.
    first = (
        "rate",
        "since_month_start",
        "since_date",
        "since_month",
        "since_weekday",
        "since_event",
    )
    pats.sort(key=lambda np: first.index(np[0]) if np[0] in first else len(first))
    return [(name, re.compile(p)) for name, p in pats]


_GROUPS: dict[re.Pattern[str], dict[int, tuple[str, ...]]] = {}


class _Hit:
    """One alternative's match inside the combined pattern, with its own group names."""

    __slots__ = ("_i", "_mt")

    def __init__(self, mt: re.Match[str], i: int) -> None:
        self._mt, self._i = mt, i

    @property
    def string(self) -> str:
        return self._mt.string

    def span(self) -> tuple[int, int]:
        return self._mt.span(f"h{self._i}")

    def start(self, name: str | None = None) -> int:
        return self._mt.start(f"g{self._i}_{name}" if name else f"h{self._i}")

    def end(self, name: str | None = None) -> int:
        return self._mt.end(f"g{self._i}_{name}" if name else f"h{self._i}")

    def group(self, name: int | str = 0) -> str:
        return self._mt.group(f"h{self._i}" if name == 0 else f"g{self._i}_{name}")

    def groupdict(self) -> dict[str, str | None]:
        names = _GROUPS.get(self._mt.re, {}).get(self._i, ())
        return {n: self._mt.group(f"g{self._i}_{n}") for n in names}


@lang_cache
def _combined(language: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """All period patterns as one alternation, tried in priority order at each position."""
    names: list[str] = []
    parts: list[str] = []
    for i, (name, pat) in enumerate(_patterns(language)):
        src = re.sub(r"\(\?P<(\w+)>", rf"(?P<g{i}_\1>", pat.pattern)
        parts.append(f"(?P<h{i}>{src})")
        names.append(name)
    # Every period starts at a word: failing fast elsewhere keeps the scan cheap.
    combined = re.compile("(?<![\\w])(?=\\w)(?:" + "|".join(parts) + ")")
    _GROUPS[combined] = {
        i: tuple(re.findall(r"\(\?P<(\w+)>", p.pattern))
        for i, (_, p) in enumerate(_patterns(language))
    }
    return combined, tuple(names)


def find_periods(text: str, language: str, published: datetime | None) -> list[Period]:
    """Every period expression in a normalised text, leftmost first, non-overlapping."""
    pat, names = _combined(language)
    found: list[Period] = []
    for mt in pat.finditer(text):
        i = int((mt.lastgroup or "h0")[1:])
        hit = _Hit(mt, i)
        p = _resolve(names[i], hit, language, published)  # type: ignore[arg-type]
        if p is not None:
            found.append(p)
    return found


def _g(mt: re.Match[str], name: str) -> str | None:
    return mt.groupdict().get(name)


def _resolve(name: str, mt: re.Match[str], language: str, pub: datetime | None) -> Period | None:
    s, e = mt.span()
    day_of_pub = _day(pub) if pub else None

    def mk(kind: PeriodKind, label: str, a: datetime | None, b: datetime | None) -> Period:
        return Period(s, e, kind, label, a, b)

    if name == "rate":
        return mk("rate", "per day", None, pub)
    if name == "total":
        return mk("total", "in total", None, pub)
    if name in ("since_month", "since_date", "date", "year"):
        month = month_of(_g(mt, "m") or "", language) if _g(mt, "m") else None
        year = int(normalize_digits(_g(mt, "y") or "0")) or None
        dtxt = _g(mt, "d")
        dord = _g(mt, "dord")
        day = (
            int(normalize_digits(dtxt))
            if dtxt
            else (_shared().day_ordinals.get(dord or "") if dord else None)
        )
        if name == "year":
            if year is None:
                return None
            if month is not None:
                label = f"{_MON_EN[month - 1]} {year}"
                start = pub.replace(year=year, month=month, day=1) if pub else None
                return mk("date", label, _day(start) if start else None, None)
            first = pub.replace(year=year, month=1, day=1) if pub else None
            return mk(
                "year",
                f"in {year}",
                _day(first) if first else None,
                _day(first).replace(month=12, day=31) if first else None,
            )
        if month is None:
            return None
        if name == "since_month":
            if pub is None:
                return mk("cumulative", f"since {_MON_EN[month - 1]}", None, None)
            start = _last_date(pub, 1, month, year)
            if start is None:
                return None
            lead = "the start of " if _g(mt, "start") else ""
            return mk("cumulative", f"since {lead}{_MON_EN[month - 1]} {start.year}", start, pub)
        if day is None:
            return None
        if pub is None:
            return mk(
                "cumulative" if name == "since_date" else "date",
                f"{day} {_MON_EN[month - 1]}",
                None,
                None,
            )
        dt = _last_date(pub, day, month, year)
        if dt is None:
            return None
        if name == "since_date":
            return mk("cumulative", f"since {_fmt(dt)}", dt, pub)
        return mk("date", f"on {_fmt(dt)}", dt, dt + timedelta(days=1))
    if name == "since_month_start":
        if pub is None:
            return mk("cumulative", "since the start of the month", None, None)
        txt = mt.group(0)
        if any(k in txt for k in _shared().year_words):
            start = _day(pub).replace(month=1, day=1)
            return mk("cumulative", f"since the start of {start.year}", start, pub)
        start = _day(pub).replace(day=1)
        if any(k in txt for k in _shared().previous_words):
            start = (start - timedelta(days=1)).replace(day=1)
        return mk(
            "cumulative", f"since the start of {_MON_EN[start.month - 1]} {start.year}", start, pub
        )
    if name in ("window_n", "ago"):
        n = _num(_g(mt, "n") or _g(mt, "n1") or _g(mt, "n2"), language)
        u = _unit_key(_g(mt, "u") or "day")
        if n is None and (_g(mt, "u") or "") in _shared().dual_units:
            n = 2
        if n is None:
            if name == "ago":
                return None
            return mk("window", f"in recent {u}s", None, pub)
        span = timedelta(days=_UNIT_DAYS[u] * n)
        nn = int(n) if float(n).is_integer() else n
        if name == "ago":
            return mk("cumulative", f"since {nn} {u}s ago", pub - span if pub else None, pub)
        return mk(
            "window", f"last {nn} {u}{'s' if nn != 1 else ''}", pub - span if pub else None, pub
        )
    if name == "recent":
        u = _unit_key(_g(mt, "u") or "days")
        return mk("window", f"in recent {u}s", None, pub)
    if name in ("weekday", "since_weekday"):
        wd = weekday_of(_g(mt, "wd") or "", language)
        if wd is None:
            return None
        if pub is None:
            return mk("window", f"on {_WD_EN[wd]}", None, None)
        dt = _last_weekday(pub, wd)
        if name == "since_weekday":
            return mk("window", f"since {_WD_EN[wd]} ({_fmt(dt)})", dt, pub)
        return replace(
            mk("window", f"on {_WD_EN[wd]} ({_fmt(dt)})", dt, dt + timedelta(days=1)), point=True
        )
    if name in ("today", "daytime"):
        if day_of_pub is None:
            return mk("window", "today", None, None)
        what = "during the day" if name == "daytime" else "on"
        return replace(
            mk(
                "window",
                f"{what} {_WD_EN[day_of_pub.weekday()]} ({_fmt(day_of_pub)})",
                day_of_pub,
                day_of_pub + timedelta(days=1),
            ),
            point=name == "today",
        )
    if name == "yesterday":
        if day_of_pub is None:
            return mk("window", "yesterday", None, None)
        y = day_of_pub - timedelta(days=1)
        return replace(mk("window", f"yesterday ({_fmt(y)})", y, day_of_pub), point=True)
    if name == "overnight":
        if day_of_pub is None:
            return mk("window", "overnight", None, None)
        a = day_of_pub - timedelta(hours=6)
        return mk(
            "window",
            f"overnight ({_fmt(a)} to {_fmt(day_of_pub)})",
            a,
            day_of_pub + timedelta(hours=8),
        )
    if name == "since_event":
        rest = (_g(mt, "rest") or "").strip()
        start = _event_start(mt, rest, language, pub)
        own = _own(language)
        if own is not None and own.quote_event:
            stops = "|".join(re.escape(w) for w in own.event_stops) or "(?!)"
            rest = re.split(rf"\s(?:{stops})\s", rest)[0]
            rest = re.sub(rf"\s+(?:on|in)\s+(?:{month_alt(language)})?\s*$", "", rest)
            label = f"since {rest}"
        else:
            label = UNNAMED_EVENT_PERIOD
        if start is not None:
            label += f" ({_fmt(start)})"
        return mk("cumulative", label, start, pub)
    return None


def _event_start(
    mt: re.Match[str], rest: str, language: str, pub: datetime | None
) -> datetime | None:
    """When 'since <event>' names its date ('... on February 9', '... two months ago')."""
    if pub is None:
        return None
    ago_re = _shared().ago
    ago = ago_re.search(rest) if ago_re is not None else None
    if ago:
        n = _num(ago.group("n"), language)
        if n is not None:
            return pub - timedelta(days=_UNIT_DAYS[_unit_key(ago.group("u"))] * n)
    m = month_alt(language)
    tail = mt.string[mt.start("rest") : mt.end() + 30]
    dm = re.search(rf"(?P<m>{m})\s+(?P<d>\d{{1,2}})\b|(?P<d2>\d{{1,2}})\s+(?P<m2>{m})", tail)
    if dm:
        month = month_of(dm.group("m") or dm.group("m2"), language)
        day = int(normalize_digits(dm.group("d") or dm.group("d2")))
        if month:
            return _last_date(pub, day, month, None)
    return None
