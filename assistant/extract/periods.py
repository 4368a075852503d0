"""Period expressions ("last 24 hours", "since 1 December", "on Friday"), resolved to dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Literal

from assistant.numbers.calendar import month_alt, month_of, weekday_alt, weekday_of
from assistant.numbers.parse import find_numbers, normalize_digits, parse_number

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

# Arabic ordinals used for days of the month ("the fourth of December").
_AR_ORD = {
    "الاول": 1,
    "الثاني": 2,
    "الثالث": 3,
    "الرابع": 4,
    "الخامس": 5,
    "السادس": 6,
    "السابع": 7,
    "الثامن": 8,
    "التاسع": 9,
    "العاشر": 10,
}
_AR_ORD_ALT = "|".join(_AR_ORD)

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
    table = [
        ("hour", ("hour", "heure", "ساع", "saat")),
        ("day", ("day", "jour", "يوم", "ايام", "gün", "nuit", "night", "journ")),
        ("week", ("week", "semaine", "اسبوع", "اسابيع", "hafta")),
        ("month", ("month", "mois", "شهر", "اشهر", "ay")),
        ("year", ("year", "an", "سن", "عام", "yıl")),
    ]
    for key, stems in table:
        if any(s in u for s in stems):
            return key
    return "day"


def _num(text: str | None, language: str) -> float | None:
    if not text:
        return None
    t = text.strip()
    if not t:
        return None
    if t in ("اليومين", "يومين", "الشهرين", "الاسبوعين", "الساعتين"):
        return 2
    v = parse_number(normalize_digits(t), language)
    if v is None:
        # "الأربع والعشرين": the article sits outside a number's span.
        found = find_numbers(t, language)
        if len(found) == 1 and len(found[0].text) >= len(t) - 3:
            v = found[0].value
    return v


@cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """(handler name, pattern) pairs, most specific first."""
    m = month_alt(language)
    w = weekday_alt(language)
    d = r"(?P<d>\d{1,2})"
    y = r"(?P<y>(?:19|20)\d\d)"
    pats: list[tuple[str, str]] = []
    if language == "ar":
        pats += [
            ("rate", r"(?:يوميا|في اليوم الواحد|كل يوم|اسبوعيا)"),
            (
                "since_month_start",
                r"منذ\s+(?:مطلع|بدايه|اول|مستهل)\s+(?:ال)?(?:الشهر|العام|السنه)"
                r"(?:\s+(?:الجاري|الحالي|الماضي))?",
            ),
            (
                "since_date",
                rf"(?:منذ|بعد)\s+(?:يوم\s+)?(?:(?P<d>\d{{1,2}})|(?P<dord>{_AR_ORD_ALT}))"
                rf"\s+(?:من\s+)?(?:شهر\s+)?(?P<m>{m})(?:\s+(?:من\s+)?(?:ال)?(?:عام\s+)?{y})?",
            ),
            (
                "since_month",
                rf"منذ\s+(?:(?P<start>مطلع|بدايه|اول|مستهل)\s+)?(?:شهر\s+)?(?P<m>{m})"
                rf"(?:\s+(?:من\s+)?(?:العام\s+|عام\s+)?{y})?",
            ),
            (
                "window_n",
                r"(?:خلال|في|طيله|على مدي|على مدار)?\s*(?:ال\s*)?(?:(?P<n1>\d+)\s*)?"
                r"(?P<u>ساعه|الساعات|ساعات|الايام|ايام|يوما|اليومين|يومين|الاسابيع|اسابيع|الاشهر"
                r"|اشهر|الشهور|شهور|الاسبوعين|الشهرين|الساعتين|الاسبوع|الشهر)"
                r"\s*(?P<n2>(?:[^\s،,.]+\s*){0,3}?)\s*"
                r"(?P<dir>القليله الماضيه|القليله الاخيره|الاخيره|الماضيه|الاخيرين|الماضيين"
                r"|الفايته|المنصرمه|السابقه|الماضي|الاخير)",
            ),
            ("since_weekday", rf"منذ\s+(?:يوم\s+|صباح\s+|مساء\s+|ليل\s+)?(?:ال)?(?P<wd>{w})"),
            (
                "weekday",
                rf"(?:يوم\s+|صباح\s+|مساء\s+|ليل\s+|ليله\s+|فجر\s+|ظهر\s+)?"
                rf"(?:اليوم\s+)?(?P<wd>{w})",
            ),
            ("date", rf"{d}\s+(?P<m>{m})(?:\s+{y})?"),
            ("date", rf"(?P<dord>{_AR_ORD_ALT})\s+من\s+(?P<m>{m})(?:\s+{y})?"),
            ("year", rf"(?:عام|العام|سنه|السنه|في)\s+{y}"),
            ("today", r"(?:صباح |مساء |فجر )?اليوم(?!\s+(?:الاول|الثاني|الواحد))"),
            ("yesterday", r"(?:امس|البارحه)"),
            ("overnight", r"(?:ليلا|الليله الماضيه|خلال الليل|ليل امس)"),
            ("daytime", r"(?:خلال|طوال)\s+(?:ساعات\s+)?النهار"),
            (
                "recent",
                r"(?:خلال|في)\s+(?P<u>الاسابيع|الايام|الاشهر|الساعات)\s+(?:القليله\s+)?"
                r"(?:الاخيره|الماضيه)",
            ),
            (
                "total",
                r"(?<!\w)[وف]?(?:ب|ل)?(?:ال)?(?:مجموع|اجمالي|حصيله)(?!\w)|حتي الان|في المجمل"
                r"|(?<!\w)[وف]?(?:ال)?(?:ارتفاع|[يت]?رتفع\S*)",
            ),
            ("since_event", r"منذ\s+(?P<rest>[^،,.;\d]{3,60})"),
        ]
    elif language == "fr":
        num = r"(?P<n>[\w-]+(?:\s+[\w-]+)?)"
        pats += [
            ("rate", r"\b(?:par jour|chaque jour|quotidiennement|par semaine)\b"),
            ("since_month_start", r"\bdepuis\s+le\s+d[eé]but\s+(?:du\s+mois|de\s+l'ann[eé]e)"),
            ("since_date", rf"\bdepuis\s+le\s+{d}(?:er)?\s+(?P<m>{m})(?:\s+{y})?"),
            (
                "since_month",
                rf"\bdepuis\s+(?:le\s+(?P<start>d[eé]but)\s+(?:de\s+|d')?)?"
                rf"(?P<m>{m})(?:\s+{y})?",
            ),
            (
                "window_n",
                rf"\b(?:au cours des|durant les|pendant les|dans les|ces|les)\s+"
                rf"(?:{num}\s+)?derni[eè]re?s?\s+(?:(?P<n2>\d+)\s+)?(?P<u>heures|jours|semaines|mois"
                rf"|ann[ée]es)",
            ),
            ("since_weekday", rf"\bdepuis\s+(?:le\s+)?(?P<wd>{w})"),
            (
                "weekday",
                rf"\b(?:le\s+|ce\s+|dans la nuit de\s+)?(?P<wd>{w})(?:\s+(?:matin|soir))?\b",
            ),
            ("date", rf"\b{d}(?:er)?\s+(?P<m>{m})(?:\s+{y})?"),
            ("year", rf"\b(?:en|depuis|de)\s+{y}\b"),
            ("today", r"\b(?:aujourd'hui|ce matin|ce soir)\b"),
            ("yesterday", r"\bhier\b"),
            ("overnight", r"\b(?:cette nuit|dans la nuit|la nuit derni[eè]re)\b"),
            ("daytime", r"\b(?:dans|durant|pendant)\s+la\s+journ[eé]e\b"),
            ("recent", r"\b(?:ces\s+derni[eè]re?s|ces)\s+(?P<u>jours|semaines|mois)\b"),
            (
                "total",
                r"\b(?:au total|en tout|jusqu'ici|jusqu'à présent|cumul[eé]|bilan|s'él[eè]ve à"
                r"|(?:est |a )?pass[eé] à|port[eé] à)\b",
            ),
            ("since_event", r"\bdepuis\s+(?P<rest>[^,.;\d]{3,60})"),
        ]
    elif language == "tr":
        pats += [
            ("rate", r"\b(?:günde|her gün|günlük|haftada|gün başına)\b"),
            (
                "since_date",
                rf"\b{d}\s+(?P<m>{m})\w*(?:\s+{y})?\s*(?:tarihinden\s+)?"
                r"(?:bu yana|beri|itibaren)",
            ),
            (
                "since_month",
                rf"\b(?P<m>{m})\w*\s*(?:ayından|ayindan|ayı başından)?\s*"
                r"(?:bu yana|beri|itibaren)",
            ),
            ("window_n", r"\bson\s+(?P<n>[\w]+)\s*(?P<u>saat|gün|hafta|ay|yıl)\w*"),
            ("recent", r"\bson\s+(?P<u>günlerde|haftalarda|aylarda|saatlerde)\b"),
            ("weekday", rf"\b(?P<wd>{w})\w*(?:\s+(?:günü|sabahı|akşamı|gecesi))?"),
            ("date", rf"\b{d}\s+(?P<m>{m})\w*(?:\s+{y})?"),
            ("year", rf"\b{y}\s*(?:yılı|yılında|'da|'de|'te|'ta)"),
            ("today", r"\b(?:bugün|bu sabah|bu akşam)\b"),
            ("yesterday", r"\bdün\b"),
            ("overnight", r"\b(?:dün gece|gece boyunca|gece)\b"),
            ("daytime", r"\b(?:gün içinde|gün boyunca)\b"),
            (
                "total",
                r"\b(?:toplam|şu ana kadar|bugüne kadar|şimdiye kadar|can kaybı|bilanço|yüksel\w*)",
            ),
        ]
    # English patterns serve English and any language without its own table; a language
    # with one does not pay for trying them at every word.
    num_en = r"(?P<n>[\w-]+(?:\s+[\w-]+)?)"
    english: list[tuple[str, str]] = [
        (
            "rate",
            r"\b(?:per day|(?<!in )a day\b|each day|every day|daily|per week|a week\b|weekly)",
        ),
        (
            "since_month_start",
            r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+)?"
            r"(?:month|year)\b",
        ),
        (
            "since_date",
            rf"\b(?:since|after)\s+(?:the\s+)?{d}(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"(?P<m>{m})(?:,?\s+{y})?",
        ),
        ("since_date", rf"\b(?:since|after)\s+(?P<m>{m})\s+{d}(?:st|nd|rd|th)?(?:,?\s+{y})?"),
        (
            "since_month",
            rf"\bsince\s+(?:the\s+(?P<start>start|beginning)\s+of\s+)?(?P<m>{m})"
            rf"(?:\s+{y})?",
        ),
        (
            "window_n",
            rf"\b(?:(?:in|over|during|within|for|in the course of)\s+)?(?:the\s+)?"
            rf"(?P<dir>last|past|previous|preceding)\s+(?:{num_en}\s+)?(?P<u>hours?|days?|weeks?"
            rf"|months?|years?|nights?)\b",
        ),
        (
            "ago",
            rf"\b(?:more than |over |about |some )?{num_en}\s+(?P<u>hours?|days?|weeks?"
            r"|months?|years?)\s+(?:ago|earlier)\b",
        ),
        (
            "recent",
            r"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last|previous)?\s*(?:few\s+)?"
            r"(?P<u>days|weeks|months)\b",
        ),
        ("since_weekday", rf"\bsince\s+(?:last\s+)?(?P<wd>{w})"),
        (
            "weekday",
            rf"\b(?:on\s+|earlier on\s+|late on\s+|early on\s+)?(?P<wd>{w})"
            r"(?:\s+(?:morning|evening|night|afternoon))?\b",
        ),
        ("date", rf"\b(?P<m>{m})\s+{d}(?:st|nd|rd|th)?(?:,?\s+{y})?\b"),
        ("date", rf"\b{d}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{m})(?:\s+{y})?\b"),
        ("year", rf"\b(?:in|since|by|of|year)\s+{y}\b"),
        ("year", rf"\b(?P<m>{m})\s+{y}\b"),
        ("today", r"\b(?:today|this morning|this evening|tonight|earlier today)\b"),
        ("daytime", r"\b(?:during the day|earlier in the day|throughout the day)\b"),
        ("yesterday", r"\byesterday\b"),
        ("overnight", r"\b(?:overnight|last night)\b"),
        (
            "total",
            r"\b(?:in total|a total of|the total|total|so far|to date|overall|altogether"
            r"|running total|tally|death toll|toll|(?:has |have )?(?:risen|rose|climbed) to)\b",
        ),
        ("since_event", r"\bsince\s+(?P<rest>[^,.;\d]{3,80})"),
    ]
    if not pats:
        pats = english
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


@cache
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
        day = int(normalize_digits(dtxt)) if dtxt else (_AR_ORD.get(dord or "") if dord else None)
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
        if any(k in txt for k in ("year", "année", "annee", "العام", "السنه")):
            start = _day(pub).replace(month=1, day=1)
            return mk("cumulative", f"since the start of {start.year}", start, pub)
        start = _day(pub).replace(day=1)
        if "الماضي" in txt:
            start = (start - timedelta(days=1)).replace(day=1)
        return mk(
            "cumulative", f"since the start of {_MON_EN[start.month - 1]} {start.year}", start, pub
        )
    if name in ("window_n", "ago"):
        n = _num(_g(mt, "n") or _g(mt, "n1") or _g(mt, "n2"), language)
        u = _unit_key(_g(mt, "u") or "day")
        if n is None and (_g(mt, "u") or "") in (
            "اليومين",
            "يومين",
            "الشهرين",
            "الاسبوعين",
            "الساعتين",
        ):
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
        return mk("window", f"on {_WD_EN[wd]} ({_fmt(dt)})", dt, dt + timedelta(days=1))
    if name in ("today", "daytime"):
        if day_of_pub is None:
            return mk("window", "today", None, None)
        what = "during the day" if name == "daytime" else "on"
        return mk(
            "window",
            f"{what} {_WD_EN[day_of_pub.weekday()]} ({_fmt(day_of_pub)})",
            day_of_pub,
            day_of_pub + timedelta(days=1),
        )
    if name == "yesterday":
        if day_of_pub is None:
            return mk("window", "yesterday", None, None)
        y = day_of_pub - timedelta(days=1)
        return mk("window", f"yesterday ({_fmt(y)})", y, day_of_pub)
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
        rest = re.split(r"\s(?:has|have|had|is|are|was|were|now)\s", rest)[0]
        rest = re.sub(rf"\s+(?:on|in)\s+(?:{month_alt(language)})?\s*$", "", rest)
        label = f"since {rest}" if language == "en" else "since a stated event"
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
    ago = re.search(r"(?P<n>[\w-]+)\s+(?P<u>hours?|days?|weeks?|months?|years?)\s+ago", rest)
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
