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

The questions are `where` clauses on fields every claim record has kept since the first
store (metric, unit, scope, source, published, period_start, period_end), answered by a
Pool (pool.py) from a few wide reads, so a store written before this module needs no
migration. Places are not part of the query:
series chain across places, and a place filter saves little once time is bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.check.pool import Pool
from assistant.check.quantity import Fact, comparable, in_series, moment
from assistant.check.tolerance import DEFAULT, Tolerances
from assistant.core.models import Scope

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


def _merge(spans: Iterable[tuple[int, int]], gap: int = 0) -> list[tuple[int, int]]:
    """Intervals merged where they overlap or lie within `gap` of each other."""
    out: list[list[int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


# Nearby facts of a batch are asked for in one query: a batch's wires are hours apart.
_JOIN = 2 * 86_400
# How far past its seeds a series is first read; read further only when it goes on.
_REACH = 45 * 86_400


class _Group:
    """The candidates of one quantity kind (metric and unit) for a batch."""

    def __init__(self, metric: str, unit: str, find: Find, tol: Tolerances) -> None:
        self.base: list[Where] = [{"metric": metric}, {"unit": {"$in": _units(unit)}}]
        self.unit = unit
        self.find = find
        self.tol = tol
        self.found: dict[str, Fact] = {}

    def read(self, *clauses: Where) -> list[Fact]:
        return [f for f in self.find(_and(*self.base, *clauses)) if f.unit == self.unit]

    def keep(self, facts: Iterable[Fact]) -> None:
        for f in facts:
            self.found.setdefault(f.claim.id, f)

    def ask(self, *clauses: Where) -> None:
        """Facts that only pair with others: any of them may be kept."""
        self.keep(self.read(*clauses))

    def totals(self, *clauses: Where, source: str | None = None) -> list[Fact]:
        where = [{"scope": Scope.CUMULATIVE.value}, *clauses]
        if source:
            where.append({"source": source})
        got = [f for f in self.read(*where) if in_series(f)]
        if source is not None:
            got = [f for f in got if (f.claim.source or "") == source]
        return got


def _series_key(f: Fact) -> tuple[str, bool]:
    return f.claim.source or "", f.claim.period_start is not None


def _start(f: Fact) -> int:
    assert f.claim.period_start is not None
    return _epoch(f.claim.period_start)


def _chained(
    items: Iterable[Fact], seeds: set[str], at: Callable[[Fact], int], step: int
) -> list[Fact]:
    """The facts chained to a seed by steps of at most `step` (the series they form)."""
    ordered = sorted(items, key=at)
    out: list[Fact] = []
    run: list[Fact] = []
    linked = False
    for f in ordered:
        if run and at(f) - at(run[-1]) > step:
            if linked:
                out += run
            run, linked = [], False
        run.append(f)
        linked = linked or f.claim.id in seeds
    if linked:
        out += run
    return out


def _close_series(group: _Group, seeds: Iterable[Fact]) -> list[Fact]:
    """Keep whole every series the seeds belong to (or would join); the series' members."""
    by_key: dict[tuple[str, bool], list[Fact]] = {}
    for f in seeds:
        if in_series(f):
            by_key.setdefault(_series_key(f), []).append(f)
    tol = group.tol
    members: list[Fact] = []
    for (source, started), items in sorted(by_key.items()):
        if started:
            step, key, at = _secs(timedelta(days=tol.same_start_days)), "period_start", _start
        else:
            step, key, at = _secs(timedelta(days=tol.series_gap_days)), "published", _ts
        ids = {f.claim.id for f in items}
        for lo, hi in _merge(((at(f), at(f)) for f in items), 2 * step):
            pool = {f.claim.id: f for f in items if lo <= at(f) <= hi}
            qlo, qhi = lo - _REACH, hi + _REACH
            new_lo, new_hi = qlo, qhi
            while True:
                for f in group.totals(*_between(key, new_lo, new_hi), source=source):
                    if (f.claim.period_start is not None) == started:
                        pool.setdefault(f.claim.id, f)
                chain = _chained(pool.values(), ids, at, step)
                clo, chi = min(map(at, chain)), max(map(at, chain))
                # The series runs on past what was read: read on.
                if clo - step < qlo:
                    new_lo, new_hi, qlo = clo - _REACH, qlo - 1, clo - _REACH
                elif chi + step > qhi:
                    new_lo, new_hi, qhi = qhi + 1, chi + _REACH, chi + _REACH
                else:
                    break
            group.keep(chain)
            members += chain
    return members


def _delta_windows(group: _Group, members: Sequence[Fact]) -> None:
    """Windows of a series' source starting near one of its members: delta checks."""
    slack = _secs(timedelta(hours=group.tol.delta_slack_hours))
    by_source: dict[str, list[int]] = {}
    for f in members:
        by_source.setdefault(f.claim.source or "", []).append(_ts(f))
    for source, times in sorted(by_source.items()):
        for lo, hi in _merge(((t - slack, t + slack) for t in times), _JOIN):
            clauses: list[Where] = [
                {"scope": Scope.WINDOW.value},
                *_between("period_start", lo, hi),
            ]
            if source:
                clauses.append({"source": source})
            group.ask(*clauses)


def candidates(
    new: Sequence[Fact], find: Find, tol: Tolerances = DEFAULT, *, indexed: bool = False
) -> list[Fact]:
    """Stored facts that could be the same quantity as one of the new facts, or join its series.

    `find` answers a `where` clause with stored facts outside the batch. Unless the store
    answers any clause through an index (`indexed`: its cost is what it returns), it is
    asked through a Pool, so the store sees a few wide reads per quantity kind, not one per
    question.
    """
    if not new:
        return []
    if not indexed:
        find = Pool(find, max(f.published for f in new)).find
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in new:
        if comparable(f):
            groups.setdefault((f.claim.metric.value, f.unit), []).append(f)
    out: dict[str, Fact] = {}
    same_time = _secs(timedelta(hours=tol.same_time_hours))
    window_slack = _secs(timedelta(hours=tol.same_window_hours))
    nesting = _secs(timedelta(hours=tol.nesting_slack_hours))
    delta = _secs(timedelta(hours=tol.delta_slack_hours))
    for (metric, unit), facts in sorted(groups.items()):
        group = _Group(metric, unit, find, tol)
        windows = [
            (_epoch(w[0]), _epoch(w[1]))
            for f in facts
            if f.claim.scope == Scope.WINDOW and (w := f.window) is not None
        ]
        seeds: list[Fact] = []
        for start, end in _merge(windows, _JOIN):
            # Windows whose periods overlap these (a superset: only pairs are compared).
            group.ask(
                {"scope": Scope.WINDOW.value},
                {"period_start": {"$lte": end + window_slack}},
                {"published": {"$gte": start - window_slack}},
            )
        for start, end in _merge(windows, _JOIN):
            # Running totals whose span holds a window.
            seeds += group.totals(
                {"period_start": {"$lte": start + nesting}},
                {"published": {"$gte": end - nesting}},
            )
        # Running totals at either end of a window: delta checks.
        ends = [(t - delta, t + delta) for w in windows for t in w]
        for lo, hi in _merge(ends, _JOIN):
            seeds += group.totals(*_between("published", lo, hi))
        moments = [_epoch(moment(f)) for f in facts if f.claim.scope == Scope.SNAPSHOT]
        for lo, hi in _merge(((m - same_time, m + same_time) for m in moments), _JOIN):
            group.ask(
                {"scope": Scope.SNAPSHOT.value},
                {"published": {"$gte": lo}},
                {"$or": [{"published": {"$lte": hi}}, {"period_end": {"$lte": hi}}]},
            )
        totals = [f for f in facts if in_series(f)]
        # Other sources' totals at about the same time.
        near = [(_ts(f) - same_time, _ts(f) + same_time) for f in totals]
        for lo, hi in _merge(near, _JOIN):
            seeds += group.totals(*_between("published", lo, hi))
        # Windows inside a total's span.
        spans = [(_start(f) - nesting, _ts(f) + nesting) for f in totals if f.claim.period_start]
        for lo, hi in _merge(spans):
            group.ask({"scope": Scope.WINDOW.value}, *_between("period_start", lo, hi))
        members = _close_series(group, [*facts, *seeds])
        _delta_windows(group, [*members, *totals])
        out.update(group.found)
    mine = {f.claim.id for f in new}
    return sorted((f for f in out.values() if f.claim.id not in mine), key=lambda f: f.sort_key)
