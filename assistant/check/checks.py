"""Deterministic checks that raise a flag where figures cannot all be true.

`check` is a pure function of a set of facts: the same facts give the same flags
whatever order they arrived in. Candidates are found by sorting and sweeping, so a
group of n claims costs about n log n plus the pairs that really overlap.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from assistant.check.quantity import (
    Fact,
    comparable,
    counted_as,
    cumulative_span,
    disjoint,
    fmt,
    in_series,
    inside,
    moment,
    places_compatible,
    same_speaker,
    same_start,
    same_window,
    stated_start,
)
from assistant.check.tolerance import DEFAULT, Tolerances
from assistant.core.models import Flag, FlagClaim, FlagKind, Metric, Scope, Severity

Raise = Callable[[FlagKind, list[Fact], str], None]

_SEVERITY: dict[FlagKind, Severity] = {
    FlagKind.SOURCE_DISAGREEMENT: "info",
    FlagKind.CONFLICT: "error",
    FlagKind.CUMULATIVE_DECREASE: "error",
    FlagKind.DELTA_MISMATCH: "error",
    FlagKind.PART_EXCEEDS_WHOLE: "error",
    FlagKind.SUM_MISMATCH: "error",
}


def check(facts: Iterable[Fact], tol: Tolerances = DEFAULT) -> list[Flag]:
    """Every flag among these facts, earliest first."""
    unique = {f.claim.id: f if f.tol == tol else dataclasses.replace(f, tol=tol) for f in facts}
    ordered = sorted(unique.values(), key=lambda f: f.sort_key)
    flags: dict[str, Flag] = {}

    def raise_(kind: FlagKind, members: list[Fact], why: str) -> None:
        members = sorted(members, key=lambda f: f.sort_key)
        fid = Flag.make_id(kind, [m.claim.id for m in members])
        if fid not in flags:
            flags[fid] = Flag(
                id=fid,
                kind=kind,
                claims=[_flag_claim(m) for m in members],
                explanation=why,
                severity=_SEVERITY[kind],
            )

    _parts(ordered, raise_)
    # One quantity is one metric for one group: women among the dead are their own series,
    # never the toll; forecasts and counts of nothing known are never compared.
    groups: dict[tuple[Metric, str], list[Fact]] = defaultdict(list)
    for f in ordered:
        if comparable(f):
            groups[(f.claim.metric, counted_as(f))].append(f)
    for group in groups.values():
        by_scope: dict[Scope, list[Fact]] = defaultdict(list)
        for f in group:
            by_scope[f.claim.scope].append(f)
        windows = [f for f in by_scope[Scope.WINDOW] if f.window]
        totals = [f for f in by_scope[Scope.CUMULATIVE] if in_series(f)]
        _windows(windows, raise_, tol)
        _windows_in_totals(windows, totals, raise_, tol)
        _totals(totals, windows, raise_, tol)
        _snapshots(by_scope[Scope.SNAPSHOT], raise_, tol)
    return sorted(flags.values(), key=lambda fl: (fl.claims[0].published or datetime.min, fl.id))


def _flag_claim(f: Fact) -> FlagClaim:
    c = f.claim
    return FlagClaim(
        report=c.report,
        id=c.id,
        value=c.value,
        qualifier=c.qualifier,
        quote=c.quote,
        source=c.source,
        published=f.published,
    )


def _say(f: Fact) -> str:
    c = f.claim
    return f"'{c.quote}' ({c.report}, {c.source or 'the outlet'}, {f.published:%Y-%m-%d %H:%M})"


def _what(f: Fact) -> str:
    return f.claim.counts or f.claim.metric.value


def _same(a: Fact, b: Fact) -> bool:
    """Same place (or nested names of it), and not a part and its own whole."""
    x, y = a.claim, b.claim
    if x.report == y.report:
        if x.part_of == y.id or y.part_of == x.id:
            return False
        if x.location is None and y.location is None:
            # One report speaks of one scene unless it names places.
            return True
    elif not (x.location_sure and y.location_sure):
        # A place guessed among several the report names is not compared with another
        # report's figure for it: identity unsure, no flag.
        return False
    return places_compatible(x.metric, x.location, y.location)


# --- within a report ---------------------------------------------------------------------
def _parts(facts: list[Fact], raise_: Raise) -> None:
    """A part larger than its whole; parts that outgrow it; a full breakdown that is off."""
    by_id = {f.claim.id: f for f in facts}
    children: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.claim.part_of and f.claim.part_of in by_id:
            children[f.claim.part_of].append(f)
    for whole_id, parts in children.items():
        whole = by_id[whole_id]
        parts = [p for p in parts if not p.claim.projection]
        if whole.claim.projection:
            continue
        wl, wh = whole.interval
        for p in parts:
            if p.interval[0] > wh:
                raise_(
                    FlagKind.PART_EXCEEDS_WHOLE,
                    [whole, p],
                    f"{_say(p)} is given as part of {_say(whole)}, but the part "
                    f"({fmt(p.interval[0])} at least) is larger than the whole "
                    f"({fmt(wh)} at most).",
                )
        complete = [p for p in parts if p.claim.complete_breakdown]
        if len(complete) >= 2:
            lo = sum(p.interval[0] for p in complete)
            hi = sum(p.interval[1] for p in complete)
            if disjoint((lo, hi), (wl, wh)):
                listed = " + ".join(fmt(p.claim.value) for p in complete)
                total = fmt(lo) if lo == hi else f"{fmt(lo)}-{fmt(hi)}"
                raise_(
                    FlagKind.SUM_MISMATCH,
                    [whole, *complete],
                    f"{_say(whole)} is broken down in full as {listed}, which adds up to "
                    f"{total}, not {fmt(whole.claim.value)}.",
                )
        # Parts of one kind ("4,000 overnight and 2,000 on Thursday") cannot outgrow their
        # whole together; parts of different kinds (fighters detained, people out since a
        # date) may overlap and are not added up.
        siblings = [p for p in parts if p.claim.metric == whole.claim.metric]
        lo = sum(p.interval[0] for p in siblings)
        if len(siblings) >= 2 and lo > wh and all(p.interval[0] <= wh for p in siblings):
            raise_(
                FlagKind.PART_EXCEEDS_WHOLE,
                [whole, *siblings],
                f"The parts of {_say(whole)} add up to {fmt(lo)}, more than the whole "
                f"({fmt(wh)} at most).",
            )


# --- windows -----------------------------------------------------------------------------
def _windows(windows: list[Fact], raise_: Raise, tol: Tolerances) -> None:
    """Counts over periods: the same period must agree, a period inside another cannot exceed it."""
    spans = sorted(((f.window, f) for f in windows if f.window), key=lambda t: t[0][0])
    slack = timedelta(hours=tol.same_window_hours)
    for i, (wa, a) in enumerate(spans):
        for wb, b in spans[i + 1 :]:
            if wb[0] > wa[1] + slack:
                break
            if not _same(a, b):
                continue
            x, y = sorted((a, b), key=lambda f: f.sort_key)
            if same_window(x, y, tol):
                if disjoint(x.interval, y.interval):
                    _disagree(x, y, f"{_what(x)} over the same period ({x.claim.period})", raise_)
                continue
            for inner, outer, wi, wo in ((a, b, wa, wb), (b, a, wb, wa)):
                if (
                    inside(wi, wo, tol)
                    and not inside(wo, wi, tol)
                    and inner.interval[0] > outer.interval[1]
                ):
                    raise_(
                        FlagKind.PART_EXCEEDS_WHOLE,
                        [inner, outer],
                        f"{_say(inner)} counts {_what(inner)} over a period inside that of "
                        f"{_say(outer)}, yet gives more ({fmt(inner.interval[0])} against "
                        f"{fmt(outer.interval[1])} at most).",
                    )


def _windows_in_totals(
    windows: list[Fact], totals: list[Fact], raise_: Raise, tol: Tolerances
) -> None:
    """A count over a period inside a running total's cannot exceed that total."""
    spans = sorted(
        ((f.interval[1], f, s) for f in totals if (s := cumulative_span(f))), key=lambda t: t[0]
    )
    highs = [h for h, _, _ in spans]
    for w in windows:
        win = w.window
        assert win is not None
        for _, c, span in spans[: bisect.bisect_left(highs, w.interval[0])]:
            if inside(win, span, tol) and _same(w, c):
                raise_(
                    FlagKind.PART_EXCEEDS_WHOLE,
                    [w, c],
                    f"{_say(w)} counts {_what(w)} over a period inside the running total "
                    f"{_say(c)}, yet gives more.",
                )


# --- running totals ----------------------------------------------------------------------
def _series(totals: list[Fact], tol: Tolerances) -> list[list[Fact]]:
    """Running totals of one source from one start, each series in publish order."""
    by_source: dict[str, list[Fact]] = defaultdict(list)
    for f in totals:
        by_source[f.claim.source or ""].append(f)
    out: list[list[Fact]] = []
    gap = timedelta(days=tol.same_start_days)
    horizon = timedelta(days=tol.series_gap_days)
    for items in by_source.values():
        # With no stated start, a total not heard of for a while is another event's.
        clusters: list[list[Fact]] = []
        for f in sorted(
            (f for f in items if f.claim.period_start is None), key=lambda f: f.sort_key
        ):
            if clusters and f.published - clusters[-1][-1].published <= horizon:
                clusters[-1].append(f)
            else:
                clusters.append([f])
        unknown = {id(c) for c in clusters}
        known = sorted(
            (f for f in items if f.claim.period_start is not None),
            key=lambda f: f.claim.period_start or datetime.min,
        )
        for f in known:
            start = f.claim.period_start
            assert start is not None
            last = clusters[-1][-1].claim.period_start if clusters and clusters[-1] else None
            if last is not None and start - last <= gap and id(clusters[-1]) not in unknown:
                clusters[-1].append(f)
            else:
                clusters.append([f])
        out += [sorted(c, key=lambda f: f.sort_key) for c in clusters if c]
    return out


def _totals(totals: list[Fact], windows: list[Fact], raise_: Raise, tol: Tolerances) -> None:
    """Running totals must not fall, must agree at one time, and must add up with windows."""
    for series in _series(totals, tol):
        best_low = float("-inf")
        for i, later in enumerate(series):
            lo, hi = later.interval
            if best_low > hi:
                # The nearest earlier report that this one contradicts.
                for earlier in reversed(series[:i]):
                    if (
                        earlier.interval[0] > hi
                        and earlier.published < later.published
                        and _same(earlier, later)
                    ):
                        _decrease(earlier, later, raise_)
                        break
            # A total that rises within hours is news, not a conflict; only two figures for
            # one total at the same moment are.
            same_moment = timedelta(hours=tol.same_moment_hours)
            for earlier in reversed(series[:i]):
                if later.published - earlier.published > same_moment:
                    break
                if (
                    _same(earlier, later)
                    and disjoint(earlier.interval, later.interval)
                    and not (earlier.interval[0] > hi and earlier.published < later.published)
                ):
                    _disagree(earlier, later, f"the running total of {_what(later)}", raise_)
            best_low = max(best_low, lo)
        _deltas(series, windows, raise_, tol)
    _across_sources(totals, raise_, tol)


def _decrease(a: Fact, b: Fact, raise_: Raise) -> None:
    since = f" since {a.claim.period_start:%d %B %Y}" if a.claim.period_start else ""
    raise_(
        FlagKind.CUMULATIVE_DECREASE,
        [a, b],
        f"The running total{since} of {_what(a)} falls from {fmt(a.claim.value)} in {_say(a)} "
        f"to {fmt(b.claim.value)} in {_say(b)}; a running total cannot go down.",
    )


def _close_in_time(items: list[Fact], tol: Tolerances) -> Iterator[tuple[Fact, Fact]]:
    """Every pair of facts that speak of about the same moment, by a sweep over time."""
    items = sorted(items, key=moment)
    span = timedelta(hours=tol.same_time_hours)
    for i, b in enumerate(items):
        for a in reversed(items[:i]):
            if moment(b) - moment(a) > span:
                break
            yield a, b


def _across_sources(totals: list[Fact], raise_: Raise, tol: Tolerances) -> None:
    """Two named sources giving one running total at about the same time."""
    for a, b in _close_in_time(totals, tol):
        sa, sb = a.claim.source, b.claim.source
        if not sa or not sb or sa == sb:
            continue
        starts_unknown = (a.claim.period_start is None, b.claim.period_start is None)
        # A start the text names but the rules could not date is no unknown: only the same
        # named start compares with it.
        undated = stated_start(a) is not None or stated_start(b) is not None
        if not (same_start(a, b, tol) or (starts_unknown.count(True) == 1 and not undated)):
            continue
        x, y = sorted((a, b), key=lambda f: f.sort_key)
        if y.published - x.published > timedelta(hours=tol.same_moment_hours) and (
            y.interval[0] > x.interval[1]
        ):
            # Hours apart, the higher figure the later one: a count that moved on, not two
            # answers to one question (a lower later figure still disagrees).
            continue
        if _same(a, b) and disjoint(a.interval, b.interval):
            _disagree(x, y, f"the running total of {_what(x)}", raise_)


def _deltas(series: list[Fact], windows: list[Fact], raise_: Raise, tol: Tolerances) -> None:
    """Two running totals and the window count between them must add up."""
    if len(series) < 2:
        return
    slack = timedelta(hours=tol.delta_slack_hours)
    times = [f.published for f in series]
    source = series[0].claim.source
    for w in windows:
        win = w.window
        if win is None or w.claim.source != source:
            continue
        starts = series[
            bisect.bisect_left(times, win[0] - slack) : bisect.bisect_right(times, win[0] + slack)
        ]
        ends = series[
            bisect.bisect_left(times, win[1] - slack) : bisect.bisect_right(times, win[1] + slack)
        ]
        for a in starts:
            for b in ends:
                if b.published <= a.published or not (_same(a, b) and _same(a, w)):
                    continue
                if b.claim.value < a.claim.value:
                    continue  # a total that falls is flagged once, as a fall
                rise_lo = b.interval[0] - a.interval[1]
                rise_hi = b.interval[1] - a.interval[0]
                margin = tol.delta_relative * max(abs(b.claim.value - a.claim.value), 1)
                if w.interval[0] > rise_hi + margin or w.interval[1] < rise_lo - margin:
                    raise_(
                        FlagKind.DELTA_MISMATCH,
                        [a, w, b],
                        f"The running total rose by {fmt(b.claim.value - a.claim.value)} from "
                        f"{_say(a)} to {_say(b)}, yet {_say(w)} gives {fmt(w.claim.value)} "
                        "for the period in between.",
                    )


# --- states ------------------------------------------------------------------------------
def _snapshots(items: list[Fact], raise_: Raise, tol: Tolerances) -> None:
    """Two reports of one state at about the same moment must agree."""
    update = timedelta(hours=tol.same_moment_hours)
    for a, b in _close_in_time(items, tol):
        if same_speaker(a, b) and abs(moment(b) - moment(a)) > update:
            # A state moves (the missing are found, the sheltered go home): one voice giving
            # another figure hours later is its update, not a conflict.
            continue
        if _same(a, b) and disjoint(a.interval, b.interval):
            x, y = sorted((a, b), key=lambda f: f.sort_key)
            _disagree(x, y, f"{_what(x)} at the same time", raise_)


def _disagree(a: Fact, b: Fact, what: str, raise_: Raise) -> None:
    lo, hi = sorted((float(a.claim.value), float(b.claim.value)))
    if lo > 0 and hi / lo > a.tol.max_disagreement_ratio:
        # 40 and 40,000 are not two answers to one question but two questions: the figures
        # count different things however alike their words.
        return
    same = same_speaker(a, b)
    if same and a.claim.report == b.claim.report:
        # One speaker giving two figures in one report is a breakdown or a misreading, and
        # a fact-checker would not want either flagged as a conflict.
        return
    kind = FlagKind.CONFLICT if same else FlagKind.SOURCE_DISAGREEMENT
    verb = "cannot both hold" if kind == FlagKind.CONFLICT else "disagree"
    raise_(kind, [a, b], f"{_say(a)} and {_say(b)} give {what}: the figures {verb}.")
