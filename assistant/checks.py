"""Deterministic checks that raise a flag where figures cannot all be true."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import timedelta
from itertools import combinations

from assistant.models import Flag, FlagClaim, FlagKind, Metric, Scope, Severity
from assistant.quantity import (
    Fact,
    close_in_time,
    cumulative_span,
    disjoint,
    fmt,
    inside,
    same_quantity,
    same_speaker,
    same_start,
    same_window,
)
from assistant.tolerance import DEFAULT, Tolerances

_Raise = Callable[[FlagKind, list[Fact], str], None]

_SEVERITY: dict[FlagKind, Severity] = {
    FlagKind.SOURCE_DISAGREEMENT: "info",
    FlagKind.CONFLICT: "error",
    FlagKind.CUMULATIVE_DECREASE: "error",
    FlagKind.DELTA_MISMATCH: "error",
    FlagKind.PART_EXCEEDS_WHOLE: "error",
    FlagKind.SUM_MISMATCH: "error",
}


def check(new: Iterable[Fact], known: Iterable[Fact], tol: Tolerances = DEFAULT) -> list[Flag]:
    """Flags that involve at least one new fact, against each other and the known ones.

    Every pair and triple is judged by publish time, never arrival order, so the same
    facts give the same flags however they came in.
    """
    new = list(new)
    new_ids = {f.claim.id for f in new}
    everything = {f.claim.id: f for f in [*known, *new]}
    facts = sorted(everything.values(), key=lambda f: f.sort_key)
    flags: dict[str, Flag] = {}

    def raise_(kind: FlagKind, members: list[Fact], why: str) -> None:
        if not any(m.claim.id in new_ids for m in members):
            return
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

    _parts(facts, raise_)
    groups: dict[tuple[Metric, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.claim.metric != Metric.OTHER:
            groups[(f.claim.metric, f.unit)].append(f)
    for group in groups.values():
        for x, y in combinations(group, 2):
            if (x.claim.id in new_ids or y.claim.id in new_ids) and same_quantity(x, y):
                _pair(x, y, raise_, tol)
        _deltas(group, new_ids, raise_, tol)
    return sorted(flags.values(), key=lambda fl: (fl.claims[0].published or 0, fl.id))


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
    who = c.source or "the outlet"
    return f"'{c.quote}' ({c.report}, {who}, {f.published:%Y-%m-%d %H:%M})"


def _parts(facts: list[Fact], raise_: _Raise) -> None:
    """Within a report: a part larger than its whole; a complete breakdown that does not add up."""
    by_id = {f.claim.id: f for f in facts}
    children: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.claim.part_of and f.claim.part_of in by_id:
            children[f.claim.part_of].append(f)
    for whole_id, parts in children.items():
        whole = by_id[whole_id]
        wl, wh = whole.interval
        for p in parts:
            pl, _ = p.interval
            if pl > wh:
                raise_(
                    FlagKind.PART_EXCEEDS_WHOLE,
                    [whole, p],
                    f"{_say(p)} is given as part of {_say(whole)}, but the part "
                    f"({fmt(pl)} at least) is larger than the whole ({fmt(wh)} at most).",
                )
        complete = [p for p in parts if p.claim.complete_breakdown]
        if len(complete) >= 2:
            lo = sum(p.interval[0] for p in complete)
            hi = sum(p.interval[1] for p in complete)
            if disjoint((lo, hi), (wl, wh)):
                listed = " + ".join(fmt(p.claim.value) for p in complete)
                raise_(
                    FlagKind.SUM_MISMATCH,
                    [whole, *complete],
                    f"{_say(whole)} is broken down in full as {listed}, which adds up to "
                    f"{fmt(lo) if lo == hi else f'{fmt(lo)}-{fmt(hi)}'}, "
                    f"not {fmt(whole.claim.value)}.",
                )
        # Parts of one kind ("4,000 overnight and 2,000 on Thursday") cannot outgrow it
        # together; parts of different kinds (fighters detained, people out since a date)
        # may overlap and are not added.
        siblings = [p for p in parts if p.claim.metric == whole.claim.metric]
        if len(siblings) >= 2:
            lo = sum(p.interval[0] for p in siblings)
            if lo > wh and not any(p.interval[0] > wh for p in siblings):
                raise_(
                    FlagKind.PART_EXCEEDS_WHOLE,
                    [whole, *siblings],
                    f"The parts of {_say(whole)} add up to {fmt(lo)}, more than the whole "
                    f"({fmt(wh)} at most).",
                )


def _pair(x: Fact, y: Fact, raise_: _Raise, tol: Tolerances) -> None:
    """Two claims of one quantity: conflict, decrease, or a part outgrowing its whole."""
    a, b = sorted((x, y), key=lambda f: f.sort_key)
    sa, sb = a.claim.scope, b.claim.scope
    ia, ib = a.interval, b.interval
    what = a.claim.counts or a.claim.metric.value
    if sa == sb == Scope.WINDOW:
        if same_window(a, b, tol):
            if disjoint(ia, ib):
                _disagree(a, b, f"{what} over the same period ({a.claim.period})", raise_)
            return
        wa, wb = a.window, b.window
        if wa and wb:
            for inner, outer, wi, wo in ((a, b, wa, wb), (b, a, wb, wa)):
                if (
                    inside(wi, wo, tol)
                    and not inside(wo, wi, tol)
                    and inner.interval[0] > (outer.interval[1])
                ):
                    raise_(
                        FlagKind.PART_EXCEEDS_WHOLE,
                        [inner, outer],
                        f"{_say(inner)} counts {what} over a period inside that of "
                        f"{_say(outer)}, yet gives more ({fmt(inner.interval[0])} against "
                        f"{fmt(outer.interval[1])} at most).",
                    )
        return
    if sa == sb == Scope.CUMULATIVE:
        if not same_start(a, b, tol):
            if (
                a.claim.source != b.claim.source
                and a.claim.source
                and b.claim.source
                and ((a.claim.period_start is None) != (b.claim.period_start is None))
                and close_in_time(a, b, tol)
                and disjoint(ia, ib)
            ):
                _disagree(a, b, f"the running total of {what}", raise_)
            return
        if a.claim.source != b.claim.source:
            if a.claim.source and b.claim.source and close_in_time(a, b, tol) and disjoint(ia, ib):
                _disagree(a, b, f"the running total of {what}", raise_)
            return
        if ib[1] < ia[0] and b.published > a.published:
            raise_(
                FlagKind.CUMULATIVE_DECREASE,
                [a, b],
                f"The running total of {what} falls from {fmt(a.claim.value)} in {_say(a)} to "
                f"{fmt(b.claim.value)} in {_say(b)}; a total since "
                f"{a.claim.period_start:%d %B %Y} cannot go down."
                if a.claim.period_start
                else f"The running total of {what} falls from {_say(a)} to {_say(b)}.",
            )
        elif close_in_time(a, b, tol) and disjoint(ia, ib):
            _disagree(a, b, f"the running total of {what} at the same time", raise_)
        return
    if {sa, sb} == {Scope.WINDOW, Scope.CUMULATIVE}:
        w, c = (a, b) if sa == Scope.WINDOW else (b, a)
        span, win = cumulative_span(c), w.window
        if span and win and inside(win, span, tol) and w.interval[0] > c.interval[1]:
            raise_(
                FlagKind.PART_EXCEEDS_WHOLE,
                [w, c],
                f"{_say(w)} counts {what} over a period inside the running total "
                f"{_say(c)}, yet gives more.",
            )
        return
    if sa == sb == Scope.SNAPSHOT and close_in_time(a, b, tol) and disjoint(ia, ib):
        _disagree(a, b, f"{what} at the same time", raise_)


def _disagree(a: Fact, b: Fact, what: str, raise_: _Raise) -> None:
    kind = FlagKind.CONFLICT if same_speaker(a, b) else FlagKind.SOURCE_DISAGREEMENT
    verb = "cannot both hold" if kind == FlagKind.CONFLICT else "disagree"
    raise_(kind, [a, b], f"{_say(a)} and {_say(b)} give {what}: the figures {verb}.")


def _deltas(group: list[Fact], new_ids: set[str], raise_: _Raise, tol: Tolerances) -> None:
    """Two running totals and the window count between them must add up."""
    totals = [f for f in group if f.claim.scope == Scope.CUMULATIVE]
    windows = [f for f in group if f.claim.scope == Scope.WINDOW and f.window]
    if not totals or not windows:
        return
    slack = timedelta(hours=tol.delta_slack_hours)
    for a, b in combinations(totals, 2):
        if b.published <= a.published or a.claim.source != b.claim.source:
            continue
        if not same_start(a, b, tol) or not same_quantity(a, b):
            continue
        for w in windows:
            win = w.window
            assert win is not None
            if w.claim.source != a.claim.source or not same_quantity(a, w):
                continue
            if abs(win[0] - a.published) > slack or abs(win[1] - b.published) > slack:
                continue
            if not ({a.claim.id, b.claim.id, w.claim.id} & new_ids):
                continue
            rise_lo = b.interval[0] - a.interval[1]
            rise_hi = b.interval[1] - a.interval[0]
            margin = tol.delta_relative * max(abs(b.claim.value - a.claim.value), 1)
            if w.interval[0] > rise_hi + margin or w.interval[1] < rise_lo - margin:
                rise = b.claim.value - a.claim.value
                raise_(
                    FlagKind.DELTA_MISMATCH,
                    [a, w, b],
                    f"The running total rose by {fmt(rise)} from {_say(a)} to {_say(b)}, yet "
                    f"{_say(w)} gives {fmt(w.claim.value)} for the period in between.",
                )
