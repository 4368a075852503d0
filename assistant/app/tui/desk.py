"""What the terminal UI shows, computed from the store: no Textual here, so it tests plainly."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from assistant.app.pipeline import Outcome, verify
from assistant.app.review import make_review, record_review
from assistant.check.quantity import places_compatible
from assistant.check.retrieval import related
from assistant.core.models import Claim, Decision, Flag, Metric, Report, Review, Scope
from assistant.extract.protocol import Extractor
from assistant.text.boilerplate import boilerplate_spans

if TYPE_CHECKING:
    from store.chroma import ClaimStore, RelatedClaim

Clock = Callable[[], datetime]
# Related claims at least this close in meaning, of the same quantity, make a claim
# "consistent with related reports" when no flag holds it.
RELATED_MIN_SCORE = 0.45
RELATED_K = 8
# Reports verified per step of an ingest: flags of each step show before the next.
INGEST_STEP = 25


class Status(StrEnum):
    """How a claim stands against everything stored."""

    FLAGGED = "flagged"  # in a flag nobody dismissed
    CONSISTENT = "consistent"  # the same quantity is reported elsewhere, no flag
    ALONE = "alone"  # nothing related stored
    PENDING = "pending"  # not looked up yet (the related lookup runs in a worker)
    UNCHECKED = "unchecked"  # what it counts is unknown, or a forecast: never checked


@dataclass(frozen=True)
class InboxRow:
    """One report as the inbox lists it."""

    report: Report
    claims: int | None  # None when unknown
    flags: int


@dataclass(frozen=True)
class ReportView:
    """A report with its claims, boilerplate and the flags that touch it."""

    report: Report
    claims: list[Claim]
    boilerplate: list[tuple[int, int]]
    flags: list[Flag]
    status: dict[str, Status]


@dataclass(frozen=True)
class SeriesPoint:
    """One figure of a series: a claim, when its report was published, whether flagged."""

    claim: Claim
    report: Report
    flagged: bool


@dataclass(frozen=True)
class Series:
    """Every stored figure for one quantity, oldest first."""

    title: str
    scope: Scope
    points: list[SeriesPoint]

    @property
    def sources(self) -> list[str]:
        """Sources in order of first appearance (None shows as the outlet's own voice)."""
        return list(dict.fromkeys(source_name(p.claim) for p in self.points))


def source_name(claim: Claim) -> str:
    """Who gave a figure, for people."""
    return claim.source or "outlet's own voice"


def checkable(claim: Claim) -> bool:
    """Whether the checks can ever set this claim against another."""
    return claim.metric != Metric.OTHER and not claim.projection


def same_quantity(a: Claim, b: Claim) -> bool:
    """A loose 'same thing counted' for display: metric, unit, scope and place."""
    return (
        checkable(a)
        and checkable(b)
        and a.metric == b.metric
        and a.unit == b.unit
        and a.scope == b.scope
        and places_compatible(a.metric, a.location, b.location)
    )


@dataclass
class _Index:
    """Reports, flags and decisions held in memory for the UI (replaced whole, never patched)."""

    reports: dict[str, Report] = field(default_factory=dict)
    flags: dict[str, Flag] = field(default_factory=dict)
    flags_by_claim: dict[str, list[str]] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)


class Desk:
    """The UI's services: one store and one extractor, and what it keeps in memory of them.

    Every method may be called from a worker thread; the in-memory index is rebuilt
    whole and swapped, so a reader sees either the old one or the new one.
    """

    def __init__(
        self,
        store: ClaimStore,
        extractor: Extractor,
        *,
        reviewer: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.reviewer = reviewer
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self._index = _Index()
        self._claim_counts: dict[str, int] = {}
        self._lock = threading.Lock()

    # ---------- loading ----------

    def load(self) -> None:
        """Read reports (with their claim counts), flags and decisions from the store."""
        rows = self.store.reports_with_counts()
        with self._lock:
            self._claim_counts = {r.id: n for r, n in rows}
        self._swap_flags({r.id: r for r, _ in rows}, self.store.flags())

    def _swap_flags(self, reports: dict[str, Report], flags: Iterable[Flag]) -> None:
        by_id = {f.id: f for f in flags}
        by_claim: dict[str, list[str]] = {}
        for f in by_id.values():
            for c in f.claims:
                by_claim.setdefault(c.id, []).append(f.id)
        reviews = self.store.reviews()
        with self._lock:
            self._index = _Index(reports, by_id, by_claim, reviews)

    def warm_up(self) -> None:
        """Load the vector index now, in the background: the first report opened or search
        run would otherwise wait for it (over a second at 50,000 claims). An empty store has
        nothing to load, and quitting waits for this thread: skip it there."""
        if not self.empty:
            self.store.search("warm up", 1)

    @property
    def report_count(self) -> int:
        """How many reports the desk knows."""
        return len(self._index.reports)

    @property
    def empty(self) -> bool:
        """Whether the store holds no report at all."""
        return not self._index.reports

    # ---------- reading ----------

    def get_report(self, report_id: str) -> Report | None:
        """A report from memory, else from the store."""
        return self._index.reports.get(report_id) or self.store.get_report(report_id)

    def flags(self) -> list[Flag]:
        """Every stored flag, newest first."""
        return list(reversed(self._index.flags.values()))

    def flag(self, flag_id: str) -> Flag | None:
        """One flag by id."""
        return self._index.flags.get(flag_id)

    def decision(self, target: str) -> Review | None:
        """The latest decision on a flag or claim, if any."""
        return self._index.reviews.get(target)

    def flags_of_claim(self, claim_id: str) -> list[Flag]:
        """Flags holding a claim."""
        index = self._index
        return [index.flags[f] for f in index.flags_by_claim.get(claim_id, ())]

    def flagged(self, claim_id: str) -> bool:
        """Whether a flag nobody dismissed holds this claim."""
        for f in self.flags_of_claim(claim_id):
            review = self.decision(f.id)
            if review is None or review.decision != Decision.DISMISSED:
                return True
        return False

    def inbox(
        self,
        text: str = "",
        *,
        language: str | None = None,
        outlet: str | None = None,
        flagged_only: bool = False,
    ) -> list[InboxRow]:
        """Reports newest first, filtered by text (title, outlet, id), language, outlet."""
        index = self._index
        per_report: dict[str, set[str]] = {}
        for f in index.flags.values():
            for c in f.claims:
                per_report.setdefault(c.report, set()).add(f.id)
        needle = text.casefold().strip()
        rows: list[InboxRow] = []
        for r in index.reports.values():
            if language and r.language != language:
                continue
            if outlet and outlet.casefold() not in (r.outlet or "").casefold():
                continue
            n_flags = len(per_report.get(r.id, ()))
            if flagged_only and not n_flags:
                continue
            if needle and needle not in f"{r.id} {r.title} {r.outlet or ''}".casefold():
                continue
            rows.append(InboxRow(r, self._claim_counts.get(r.id), n_flags))
        rows.sort(key=lambda row: (_epoch(row.report), row.report.id), reverse=True)
        return rows

    def languages(self) -> list[str]:
        """Languages of the stored reports, most common first."""
        counts: dict[str, int] = {}
        for r in self._index.reports.values():
            counts[r.language] = counts.get(r.language, 0) + 1
        return sorted(counts, key=lambda k: (-counts[k], k))

    def report_view(self, report_id: str) -> ReportView | None:
        """A report, its claims and what is known of them without asking for neighbours."""
        report = self.get_report(report_id)
        if report is None:
            return None
        claims = self.store.claims(report=report_id)
        flags: dict[str, Flag] = {}
        status: dict[str, Status] = {}
        for c in claims:
            for f in self.flags_of_claim(c.id):
                flags[f.id] = f
            if not checkable(c):
                status[c.id] = Status.UNCHECKED
            elif self.flagged(c.id):
                status[c.id] = Status.FLAGGED
            else:
                status[c.id] = Status.PENDING
        spans = boilerplate_spans(report.body, report.language)
        return ReportView(report, claims, spans, list(flags.values()), status)

    def related(self, claim: Claim, k: int = RELATED_K) -> list[RelatedClaim]:
        """Claims of other reports related to one claim, any language, best first."""
        return related(self.store, claim, k)

    def status_from(self, claim: Claim, hits: Sequence[RelatedClaim]) -> Status:
        """A claim's status once its related claims are known."""
        if not checkable(claim):
            return Status.UNCHECKED
        if self.flagged(claim.id):
            return Status.FLAGGED
        for h in hits:
            if h.score >= RELATED_MIN_SCORE and same_quantity(claim, h.claim):
                return Status.CONSISTENT
        return Status.ALONE

    def series(self, claim: Claim) -> Series:
        """Every stored figure of the quantity a claim counts, oldest first."""
        points: list[SeriesPoint] = []
        if checkable(claim):
            for other in self.store.claims(metric=claim.metric.value):
                if other.id != claim.id and not same_quantity(claim, other):
                    continue
                if not _same_span(claim, other):
                    continue
                report = self.get_report(other.report)
                if report is None:
                    continue
                points.append(SeriesPoint(other, report, self.flagged(other.id)))
        else:
            report = self.get_report(claim.report)
            if report is not None:
                points.append(SeriesPoint(claim, report, self.flagged(claim.id)))
        points.sort(key=lambda p: (_epoch(p.report), p.claim.id))
        what = claim.counts or claim.metric.value
        where = f" in {claim.location}" if claim.location and claim.location not in what else ""
        title = f"{what}{where} ({claim.scope.value})"
        return Series(title, claim.scope, points)

    def search(
        self,
        text: str,
        k: int = 20,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        metric: str | None = None,
        source: str | None = None,
        place: str | None = None,
    ) -> list[RelatedClaim]:
        """Claims nearest in meaning to a text in any language, with the filters given."""
        # The store filters by metric, source and time; a place is matched here, over
        # a wider pool, since people type "Baghouz" for a claim located in its pocket.
        pool = k * 5 if place else k
        hits = self.store.search(text, pool, since=since, until=until, metric=metric, source=source)
        if place:
            key = place.casefold().strip()
            hits = [h for h in hits if key in (h.claim.location or "").casefold()]
        return hits[:k]

    # ---------- writing ----------

    def ingest(
        self,
        reports: Sequence[Report],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        on_flags: Callable[[list[Flag]], None] | None = None,
        step: int = INGEST_STEP,
    ) -> Outcome:
        """Verify reports a step at a time; flags of each step are reported as found."""
        from store.lock import writing

        say = progress or (lambda _done, _total, _msg: None)
        total = Outcome()
        ordered = sorted(reports, key=lambda r: (_epoch(r), r.id))
        for start in range(0, len(ordered), step):
            chunk = ordered[start : start + step]
            done = start

            def relay(message: str, done: int = done) -> None:
                say(done, len(ordered), message)

            # Per step, not per session: other desks and batches write between steps.
            with writing(self.store.location):
                out = verify(chunk, self.extractor, self.store, progress=relay)
            total.reports += out.reports
            total.claims.update(out.claims)
            total.new_reports += out.new_reports
            total.flags += out.flags
            total.new_flags += out.new_flags
            reports_now = dict(self._index.reports)
            reports_now.update({r.id: r for r in chunk})
            self._swap_flags(reports_now, self.store.flags())
            with self._lock:
                counts = dict(self._claim_counts)
                counts.update({rid: len(cs) for rid, cs in out.claims.items()})
                self._claim_counts = counts
            say(start + len(chunk), len(ordered), f"verified {start + len(chunk)} reports")
            if on_flags is not None and out.flags:
                on_flags(out.flags)
        return total

    def review(self, target: str, decision: Decision, note: str = "") -> Review:
        """Record a decision on a flag or a claim, and show it at once."""
        made = make_review(target, decision, note=note, reviewer=self.reviewer, at=self.clock())
        record_review(self.store, made)
        with self._lock:
            reviews = dict(self._index.reviews)
            reviews[target] = made
            index = self._index
            self._index = _Index(index.reports, index.flags, index.flags_by_claim, reviews)
        return made


def _epoch(report: Report) -> float:
    return report.published.timestamp() if report.published else float("-inf")


def _window_hours(claim: Claim) -> float | None:
    if claim.period_start is None or claim.period_end is None:
        return None
    return (claim.period_end - claim.period_start) / timedelta(hours=1)


def _same_span(a: Claim, b: Claim) -> bool:
    """Window counts join a series only with windows of about the same length."""
    if a.scope != Scope.WINDOW:
        return True
    ha, hb = _window_hours(a), _window_hours(b)
    if ha is None or hb is None:
        return ha is None and hb is None
    return abs(ha - hb) <= max(ha, hb) * 0.25
