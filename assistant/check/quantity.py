"""When two claims count the same thing: metric, who, place, period and series."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from assistant.check.tolerance import DEFAULT, Tolerances, bounds
from assistant.core.models import UNNAMED_EVENT_PERIOD, UNSTATED_PERIOD, Claim, Metric, Scope
from assistant.extract.gazetteer import place_ancestors

# Areas are compared in km²; other units only with themselves.
_TO_KM2 = {"km2": 1.0, "m2": 1e-6, "hectares": 0.01}
# Counts of people leaving a pocket: the pocket's names nest (village, pocket, province).
_NESTED_PLACES = {
    Metric.DISPLACED,
    Metric.DETAINED,
    Metric.SURRENDERED,
    Metric.VEHICLES,
    Metric.AREA_HELD,
}


@dataclass(frozen=True)
class Fact:
    """A claim with what the checks need from its report: when it was published."""

    claim: Claim
    published: datetime
    order: int  # position of the claim in its report, to keep quotes in reading order
    tol: Tolerances = field(default=DEFAULT, compare=False)

    @property
    def interval(self) -> tuple[float, float]:
        """Values the claim allows under the check's tolerances, in comparable units."""
        lo, hi = bounds(float(self.claim.value), self.claim.qualifier, self.tol)
        f = _TO_KM2.get(self.claim.unit, 1.0)
        return lo * f, hi * f

    @property
    def unit(self) -> str:
        """Unit after conversion: all areas are km²."""
        return "km2" if self.claim.unit in _TO_KM2 else self.claim.unit

    @property
    def window(self) -> tuple[datetime, datetime] | None:
        """The period a window count covers, cut at publication; None when its start is unknown."""
        c = self.claim
        if c.period_start is None:
            return None
        end = min(c.period_end or self.published, self.published)
        return c.period_start, max(end, c.period_start)

    @property
    def sort_key(self) -> tuple[datetime, str, int]:
        """Earliest first, then reading order."""
        return self.published, self.claim.report, self.order


# The dead counted by their bodies: a running total of bodies recovered is the toll.
_BODIES = frozenset({"bodies", "corpses"})


def counted_as(f: Fact) -> str:
    """Who a fact counts, as the checks group it: "94 bodies recovered so far" and "81 dead"
    answer one question. Not for a day's count: bodies found on Tuesday may be of people
    who died before it."""
    c = f.claim
    if c.metric == Metric.KILLED and c.scope == Scope.CUMULATIVE and c.unit in _BODIES:
        return "people"
    return f.unit


def disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """No value satisfies both intervals."""
    return a[1] < b[0] or b[1] < a[0]


def comparable(f: Fact) -> bool:
    """A claim the checks may set against others: what it counts is known, it is no forecast."""
    return f.claim.metric != Metric.OTHER and not f.claim.projection


def in_series(f: Fact) -> bool:
    """A running total: a tally the report presents as one ('toll rose to', 'since', 'so far').

    A count whose scope was only assumed (an incident's dead, no tally cue) never joins a
    series: an attack that killed 11 is not a ministry's toll falling from 1,184.
    """
    c = f.claim
    return c.scope == Scope.CUMULATIVE and c.period != UNSTATED_PERIOD and comparable(f)


def place_key(name: str | None) -> str | None:
    """A place name as compared: case and spacing folded, a leading article dropped."""
    if name is None:
        return None
    key = " ".join(name.casefold().split())
    for article in ("the ", "la ", "le ", "les ", "el ", "los ", "las "):
        if key.startswith(article):
            key = key[len(article) :]
    return key or None


@cache
def places_compatible(metric: Metric, a: str | None, b: str | None) -> bool:
    """Same place, or nested names of one place when what is counted moves out of it.

    A place that could not be resolved is never taken for another: two tolls are compared
    only when both say where they count.
    """
    if a is None or b is None:
        return False
    if place_key(a) == place_key(b):
        return True
    if metric not in _NESTED_PLACES:
        return False
    return a in place_ancestors(b) or b in place_ancestors(a)


def stated_start(f: Fact) -> str | None:
    """The start of a total counted from an event the text names but does not date: its
    period as quoted ("since the floods began"), or, when the event is not quoted, one key
    per report (a report's figures since an event are since its story's event; another
    report's unquoted event is not known to be the same)."""
    c = f.claim
    if c.period_start is not None or not c.period.startswith("since "):
        return None
    return f"{UNNAMED_EVENT_PERIOD} in {c.report}" if c.period == UNNAMED_EVENT_PERIOD else c.period


def same_start(x: Fact, y: Fact, tol: Tolerances = DEFAULT) -> bool:
    """Running totals from the same start: the same date, give or take, or the same named
    event; two totals with no stated start count as one."""
    a, b = x.claim.period_start, y.claim.period_start
    if a is None and b is None:
        # "since the start of the rainy season" with no date the rules could read: a start
        # the text states is not the unknown start of a bare total, nor another event's.
        return stated_start(x) == stated_start(y)
    if a is None or b is None:
        return False
    return abs(a - b) <= timedelta(days=tol.same_start_days)


def moment(f: Fact) -> datetime:
    """When a snapshot or total holds: its stated date ('in 2015'), else publication."""
    c = f.claim
    if c.scope == Scope.SNAPSHOT and c.period_end is not None:
        return min(c.period_end, f.published)
    return f.published


def same_window(x: Fact, y: Fact, tol: Tolerances = DEFAULT) -> bool:
    """Two window counts over the same period."""
    wx, wy = x.window, y.window
    if wx is None or wy is None:
        return False
    slack = timedelta(hours=tol.same_window_hours)
    return abs(wx[0] - wy[0]) <= slack and abs(wx[1] - wy[1]) <= slack


def inside(
    inner: tuple[datetime, datetime], outer: tuple[datetime, datetime], tol: Tolerances = DEFAULT
) -> bool:
    """The inner period lies within the outer one."""
    slack = timedelta(hours=tol.nesting_slack_hours)
    return outer[0] - slack <= inner[0] and inner[1] <= outer[1] + slack


def cumulative_span(f: Fact) -> tuple[datetime, datetime] | None:
    """A running total covers its start to its publication."""
    if f.claim.scope != Scope.CUMULATIVE or f.claim.period_start is None:
        return None
    return f.claim.period_start, f.published


def same_speaker(x: Fact, y: Fact) -> bool:
    """One source (or the outlet's voice on either side): disagreement is a conflict."""
    a, b = x.claim.source, y.claim.source
    return a is None or b is None or a == b


def fmt(v: float) -> str:
    """4900 -> '4,900'."""
    if math.isinf(v):
        return "∞"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:g}"
