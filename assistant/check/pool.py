"""A batch's stored neighbourhood read in a few store queries, `where` clauses answered in memory.

`candidates` asks many narrow questions (a metric, a unit, a scope, a time range). Asked of
chromadb one by one, each costs a pass over every record its least selective clause
matches (`metric`, `unit`, `scope` match a share of the archive), so a batch's cost grew
with the archive. The pool asks the store only what indexed equality lookups and
one-sided ranges answer in time proportional to what they return:

- one metric's claims published on a run of days (`metric_day` in a list of day buckets,
  a field every claim record has kept since the first store), read back from the batch's
  end as far as the clauses reach, at least doubling the reach on each further read;
- everything published after the batch's last day (`published >=`: nothing, for a batch
  of the newest wires);
- everything whose stated period starts at or after a time (`period_start >=`), for the
  clauses keyed on a period start alone (a series with a stated start, windows inside a
  span), read back in the same doubling way.

Every clause is then answered exactly from the pool that holds every record it can match;
a clause the pool cannot bound (no metric, or neither time) goes to the store unchanged.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from assistant.check.quantity import Fact

Where = dict[str, Any]
Find = Callable[[Where], list[Fact]]

DAY = 86_400
# Day buckets bound in one `$in` (chromadb binds each as an SQL variable).
_IN_PAGE = 500


def _epoch(moment: datetime) -> int:
    # As the store writes it (store/records.py): whole seconds, floored, naive read as UTC.
    return math.floor((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())


Record = dict[str, str | int]
# The fields of a claim record a clause may test here, and the operators.
FIELDS = frozenset({"metric", "unit", "scope", "source", "published", "period_start", "period_end"})
_OPS = frozenset({"$eq", "$in", "$gte", "$lte", "$gt", "$lt"})


def record(f: Fact) -> Record:
    """The fields the store holds for this fact's claim (store/records.py), absent when None."""
    c = f.claim
    out: Record = {"metric": c.metric.value, "unit": c.unit, "scope": c.scope.value}
    if c.source is not None:
        out["source"] = c.source
    # A report without a time is read back at datetime.min and stored without one.
    if f.published.year > 1:
        out["published"] = _epoch(f.published)
    if c.period_start is not None:
        out["period_start"] = _epoch(c.period_start)
    if c.period_end is not None:
        out["period_end"] = _epoch(c.period_end)
    return out


def readable(where: Mapping[str, Any]) -> bool:
    """Whether `predicate` answers this clause as the store would."""
    for key, cond in where.items():
        if key in ("$and", "$or"):
            if not all(isinstance(c, Mapping) and readable(c) for c in cond):
                return False
        elif key not in FIELDS or (isinstance(cond, Mapping) and not set(cond) <= _OPS):
            return False
    return True


def _compare(value: str | int | None, op: str, arg: Any) -> bool:
    # A record without the field matches nothing on it.
    if value is None:
        return False
    if op == "$in":
        return value in arg
    # chromadb keeps strings and numbers in separate columns: a string never equals 3.
    if isinstance(value, str) != isinstance(arg, str):
        return False
    if op == "$eq":
        return value == arg
    if op == "$gte":
        return value >= arg  # type: ignore[operator]
    if op == "$lte":
        return value <= arg  # type: ignore[operator]
    if op == "$gt":
        return value > arg  # type: ignore[operator]
    return value < arg  # type: ignore[operator]


def _any(options: list[Callable[[Record], bool]]) -> Callable[[Record], bool]:
    return lambda rec: any(t(rec) for t in options)


def _field(key: str, ops: list[tuple[str, Any]]) -> Callable[[Record], bool]:
    return lambda rec: all(_compare(rec.get(key), op, arg) for op, arg in ops)


def predicate(where: Mapping[str, Any]) -> Callable[[Record], bool]:
    """A test of whether the store returns a record for a `readable` clause, built once."""
    tests: list[Callable[[Record], bool]] = []
    for key, cond in where.items():
        if key == "$and":
            # A nested `$and` is one more list of tests that must all hold.
            tests += [predicate(c) for c in cond]
        elif key == "$or":
            tests.append(_any([predicate(c) for c in cond]))
        elif isinstance(cond, Mapping):
            tests.append(_field(key, list(cond.items())))
        else:
            tests.append(_field(key, [("$eq", cond)]))
    return lambda rec: all(t(rec) for t in tests)


def _terms(where: Where) -> list[Where]:
    """The clauses that must all hold (top level of an `$and`)."""
    if set(where) == {"$and"}:
        return [t for c in where["$and"] for t in _terms(c)]
    return [{k: v} for k, v in where.items()]


def _bounds(terms: Iterable[Where], key: str) -> tuple[int | None, int | None]:
    """The tightest lower and upper bounds on one integer field that the terms impose."""
    lo: int | None = None
    hi: int | None = None
    for term in terms:
        cond = term.get(key)
        if not isinstance(cond, Mapping):
            continue
        for op, arg in cond.items():
            if not isinstance(arg, int | float) or isinstance(arg, bool):
                continue
            if op in ("$gte", "$gt"):
                low = math.ceil(arg) + (1 if op == "$gt" and arg == math.ceil(arg) else 0)
                lo = low if lo is None else max(lo, low)
            elif op in ("$lte", "$lt"):
                high = math.floor(arg) - (1 if op == "$lt" and arg == math.floor(arg) else 0)
                hi = high if hi is None else min(hi, high)
    return lo, hi


class _Sorted:
    """Facts with their records, sorted by one integer field, sliced by range (and scope)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.keys: list[int] = []
        self.rows: list[tuple[Record, Fact]] = []
        # The same, split by scope: nearly every clause names one.
        self.scoped: dict[str, tuple[list[int], list[tuple[Record, Fact]]]] = {}

    def add(self, facts: Iterable[Fact]) -> None:
        rows = {f.claim.id: (k, rec, f) for k, (rec, f) in zip(self.keys, self.rows, strict=True)}
        for f in facts:
            rec = record(f)
            key = rec.get(self.key)
            # A record without the field never matches a range on it.
            if isinstance(key, int) and f.claim.id not in rows:
                rows[f.claim.id] = (key, rec, f)
        ordered = sorted(rows.values(), key=lambda row: (row[0], row[2].claim.id))
        self.keys = [k for k, _, _ in ordered]
        self.rows = [(rec, f) for _, rec, f in ordered]
        self.scoped = {}
        for k, rec, f in ordered:
            keys, scoped = self.scoped.setdefault(str(rec["scope"]), ([], []))
            keys.append(k)
            scoped.append((rec, f))

    def between(self, lo: int, hi: int | None, scope: str | None) -> list[tuple[Record, Fact]]:
        keys, rows = (self.keys, self.rows) if scope is None else self.scoped.get(scope, ([], []))
        end = len(keys) if hi is None else bisect_right(keys, hi)
        return rows[bisect_left(keys, lo) : end]


class Pool:
    """Stored facts near a batch, read in few queries; `find` answers `where` from them."""

    def __init__(self, find: Find, last: datetime) -> None:
        self._find = find
        # Days from here on are read once, for every metric, by one `published >=`.
        self._after_day = _epoch(last) // DAY + 1
        self._after: _Sorted | None = None
        # Per metric: its claims published from day `_from[metric]` up to `_after_day`.
        self._from: dict[str, int] = {}
        self._by_metric: dict[str, _Sorted] = {}
        # Claims whose period starts at or after `_start_from`, any metric, kept by metric.
        self._start_from: int | None = None
        self._by_start: dict[str, _Sorted] = {}
        self.queries = 0

    def _ask(self, where: Where) -> list[Fact]:
        self.queries += 1
        return self._find(where)

    def find(self, where: Where) -> list[Fact]:
        """The facts the store would return for `where`."""
        terms = _terms(where)
        metric = next((t["metric"] for t in terms if isinstance(t.get("metric"), str)), None)
        scope = next((t["scope"] for t in terms if isinstance(t.get("scope"), str)), None)
        pub_lo, pub_hi = _bounds(terms, "published")
        start_lo, start_hi = _bounds(terms, "period_start")
        if metric is None or (pub_lo is None and start_lo is None) or not readable(where):
            return self._ask(where)
        pool: list[tuple[Record, Fact]] = []
        if pub_lo is not None:
            after = self._after_day * DAY
            if pub_lo < after:
                top = after - 1 if pub_hi is None else min(pub_hi, after - 1)
                pool += self._metric(metric, pub_lo // DAY).between(pub_lo, top, scope)
            if pub_hi is None or pub_hi >= after:
                pool += self._later().between(max(pub_lo, after), pub_hi, scope)
        elif start_lo is not None:
            starting = self._starting(start_lo).get(metric)
            pool = starting.between(start_lo, start_hi, scope) if starting else []
        test = predicate(where)
        return [f for rec, f in pool if test(rec)]

    def _metric(self, metric: str, day: int) -> _Sorted:
        pool = self._by_metric.setdefault(metric, _Sorted("published"))
        have = self._from.get(metric, self._after_day)
        if day < have:
            if metric in self._from:
                # Read back at least as far again as already read: few queries per metric.
                day = min(day, have - (self._after_day - have))
            days = [f"{metric}:{d}" for d in range(day, have)]
            for i in range(0, len(days), _IN_PAGE):
                pool.add(self._ask({"metric_day": {"$in": days[i : i + _IN_PAGE]}}))
            self._from[metric] = day
        return pool

    def _later(self) -> _Sorted:
        if self._after is None:
            self._after = _Sorted("published")
            self._after.add(self._ask({"published": {"$gte": self._after_day * DAY}}))
        return self._after

    def _starting(self, at: int) -> dict[str, _Sorted]:
        have = self._start_from
        if have is None or at < have:
            if have is not None:
                # Twice as far back from the batch's end as already read.
                at = min(at, 2 * have - self._after_day * DAY)
            by_metric: dict[str, list[Fact]] = {}
            for f in self._ask({"period_start": {"$gte": at}}):
                by_metric.setdefault(f.claim.metric.value, []).append(f)
            for metric, facts in by_metric.items():
                self._by_start.setdefault(metric, _Sorted("period_start")).add(facts)
            self._start_from = at
        return self._by_start
