"""Which stored claims a batch must be checked against: those that could be the same quantity.

`check` over the batch and these candidates raises exactly the flags a check over the whole
archive raises on the batch (and on the running totals it joins). What the checks compare:

- windows: same metric and unit, periods that overlap (pairs only, so any subset is exact);
- states: same metric and unit, moments within `same_time_hours` (pairs only);
- running totals: series of one source, chained by publication (no stated start, gaps up
  to `series_gap_days`) or by start (`same_start_days`); a series is read whole, because
  which earlier figure a fall is set against, and which totals form a series, depend on
  every member; plus totals of other sources at about the same time (pairs), the windows
  inside a total's span (pairs) and the windows of the series' source between its
  members (delta checks).

The store is asked through `where` clauses on fields every claim record has kept since
the first store (metric, unit, scope, source, published, period_start, period_end), so a
store written before this module needs no migration. Places are not part of the query:
series chain across places, and a place filter saves little once time is bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.check.quantity import Fact, comparable, in_series, moment
from assistant.check.tolerance import DEFAULT, Tolerances
from assistant.models import Scope

Where = dict[str, Any]
# A `where` clause to stored facts (of reports outside the batch).
Find = Callable[[Where], list[Fact]]

_AREA_UNITS = ("km2", "m2", "hectares")
# Stored times are whole epoch seconds: every bound is widened by this much.
_SLACK = 2


def _secs(td: timedelta) -> int:
    return int(td.total_seconds()) + _SLACK


def _epoch(moment: datetime) -> int:
    # A naive time is UTC, as the store reads it.
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())


def _ts(f: Fact) -> int:
    return _epoch(f.published)


def _units(unit: str) -> list[str]:
    return list(_AREA_UNITS) if unit == "km2" else [unit]


def _and(*clauses: Where) -> Where:
    return {"$and": list(clauses)}


def _between(key: str, lo: int, hi: int) -> list[Where]:
    return [{key: {"$gte": lo}}, {key: {"$lte": hi}}]


class _Group:
    """The candidates of one quantity kind (metric and unit) for a batch."""

    def __init__(self, metric: str, unit: str, find: Find, tol: Tolerances) -> None:
        self.base: list[Where] = [{"metric": metric}, {"unit": {"$in": _units(unit)}}]
        self.unit = unit
        self.find = find
        self.tol = tol
        self.found: dict[str, Fact] = {}

    def ask(self, *clauses: Where) -> list[Fact]:
        out = [f for f in self.find(_and(*self.base, *clauses)) if f.unit == self.unit]
        for f in out:
            self.found.setdefault(f.claim.id, f)
        return out

    def totals(self, *clauses: Where, source: str | None = None) -> list[Fact]:
        where = [{"scope": Scope.CUMULATIVE.value}, *clauses]
        if source:
            where.append({"source": source})
        got = [f for f in self.ask(*where) if in_series(f)]
        if source is not None:
            got = [f for f in got if (f.claim.source or "") == source]
        return got


def _series_key(f: Fact) -> tuple[str, bool]:
    return f.claim.source or "", f.claim.period_start is not None


def by_key_items(by_key: Mapping[tuple[str, bool], list[Fact]]) -> list[Fact]:
    return [f for items in by_key.values() for f in items]


def _close_series(group: _Group, seeds: Iterable[Fact]) -> None:
    """Read whole every series the seeds belong to (or would join)."""
    by_key: dict[tuple[str, bool], list[Fact]] = {}
    for f in seeds:
        if in_series(f):
            by_key.setdefault(_series_key(f), []).append(f)
    tol = group.tol
    for (source, started), items in by_key.items():
        if started:
            step = _secs(timedelta(days=tol.same_start_days))
            key = "period_start"

            def at(f: Fact) -> int:
                assert f.claim.period_start is not None
                return _epoch(f.claim.period_start)

        else:
            step = _secs(timedelta(days=tol.series_gap_days))
            key = "published"
            at = _ts
        # Ranges of the seeds, merged where a chain could join them.
        spans: list[list[int]] = []
        for t in sorted(at(f) for f in items):
            if spans and t - spans[-1][1] <= 2 * step:
                spans[-1][1] = t
            else:
                spans.append([t, t])
        for span in spans:
            lo, hi = span
            while True:
                got = [
                    f
                    for f in group.totals(*_between(key, lo - step, hi + step), source=source)
                    if (f.claim.period_start is not None) == started
                ]
                times = [at(f) for f in got]
                new_lo, new_hi = min([lo, *times]), max([hi, *times])
                if (new_lo, new_hi) == (lo, hi):
                    break
                lo, hi = new_lo, new_hi
            if started:
                continue
            # Windows of this source between the series' members: delta checks.
            slack = _secs(timedelta(hours=tol.delta_slack_hours))
            clauses = [
                {"scope": Scope.WINDOW.value},
                *_between("period_start", lo - slack, hi + slack),
            ]
            if source:
                clauses.append({"source": source})
            group.ask(*clauses)
    # Windows of a started series' source between its members.
    started_items = [
        f
        for f in [*by_key_items(by_key), *group.found.values()]
        if in_series(f) and f.claim.period_start
    ]
    for source in {f.claim.source or "" for f in started_items}:
        mine = [f for f in started_items if (f.claim.source or "") == source]
        slack = _secs(timedelta(hours=tol.delta_slack_hours))
        lo, hi = min(_ts(f) for f in mine), max(_ts(f) for f in mine)
        clauses = [
            {"scope": Scope.WINDOW.value},
            *_between("period_start", lo - slack, hi + slack),
        ]
        if source:
            clauses.append({"source": source})
        group.ask(*clauses)


def candidates(new: Sequence[Fact], find: Find, tol: Tolerances = DEFAULT) -> list[Fact]:
    """Stored facts that could be the same quantity as one of the new facts, or join its series.

    `find` answers a `where` clause with stored facts outside the batch.
    """
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in new:
        if comparable(f):
            groups.setdefault((f.claim.metric.value, f.unit), []).append(f)
    out: dict[str, Fact] = {}
    for (metric, unit), facts in sorted(groups.items()):
        group = _Group(metric, unit, find, tol)
        same_time = _secs(timedelta(hours=tol.same_time_hours))
        window_slack = _secs(timedelta(hours=tol.same_window_hours))
        nesting = _secs(timedelta(hours=tol.nesting_slack_hours))
        delta = _secs(timedelta(hours=tol.delta_slack_hours))
        for f in facts:
            scope = f.claim.scope
            if scope == Scope.WINDOW and (win := f.window) is not None:
                start, end = _epoch(win[0]), _epoch(win[1])
                # Windows whose periods overlap this one's.
                group.ask(
                    {"scope": Scope.WINDOW.value},
                    {"period_start": {"$lte": end + window_slack}},
                    {"published": {"$gte": start - window_slack}},
                )
                # Running totals whose span holds this window.
                group.totals(
                    {"period_start": {"$lte": start + nesting}},
                    {"published": {"$gte": end - nesting}},
                )
                # Running totals of its source at either end: delta checks.
                for t in (start, end):
                    group.totals(*_between("published", t - delta, t + delta), source=None)
            elif scope == Scope.SNAPSHOT:
                m = _epoch(moment(f))
                group.ask(
                    {"scope": Scope.SNAPSHOT.value},
                    {"published": {"$gte": m - same_time}},
                    {
                        "$or": [
                            {"published": {"$lte": m + same_time}},
                            {"period_end": {"$lte": m + same_time}},
                        ]
                    },
                )
            elif in_series(f):
                t = _ts(f)
                # Other sources' totals at about the same time.
                group.totals(*_between("published", t - same_time, t + same_time))
                if f.claim.period_start is not None:
                    # Windows inside its span.
                    group.ask(
                        {"scope": Scope.WINDOW.value},
                        {"period_start": {"$gte": _epoch(f.claim.period_start) - nesting}},
                        {"period_start": {"$lte": t + nesting}},
                    )
        _close_series(group, [*facts, *group.found.values()])
        out.update(group.found)
    return sorted(out.values(), key=lambda f: f.sort_key)
