"""The export schema (JSON and JSON Lines) and how it is gathered from the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from assistant.core.models import (
    Claim,
    Decision,
    Flag,
    FlagClaim,
    FlagKind,
    MetaValue,
    Report,
    Review,
)

if TYPE_CHECKING:
    from store.chroma import ClaimStore

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ku", "yi", "dv"})


def safe_url(url: str | None) -> str | None:
    """An http(s) link with nothing that could end it early, or None (javascript: and co)."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportReview(_Model):
    """A reviewer's latest decision."""

    decision: Decision
    note: str
    reviewer: str
    at: datetime

    @staticmethod
    def of(review: Review | None) -> ExportReview | None:
        """The export form of a stored review."""
        if review is None:
            return None
        return ExportReview(
            decision=review.decision, note=review.note, reviewer=review.reviewer, at=review.at
        )


class ExportClaim(_Model):
    """A claim with its review and the flags it is part of."""

    claim: Claim
    review: ExportReview | None = None
    flags: list[str] = Field(default_factory=list)


class ExportReport(_Model):
    """A report with the claims exported from it."""

    id: str
    outlet: str | None
    published: datetime | None
    language: str
    title: str
    origin: str
    url: str | None = None
    meta: dict[str, MetaValue] = Field(default_factory=dict)
    claims: list[ExportClaim]

    @property
    def rtl(self) -> bool:
        """Whether the report's text reads right to left."""
        return self.language.split("-")[0].lower() in RTL_LANGUAGES


class ExportFlag(_Model):
    """A flag with every side, its explanation, latest decision and decision history."""

    id: str
    kind: FlagKind
    severity: str
    explanation: str
    claims: list[FlagClaim]
    review: ExportReview | None = None
    history: list[ExportReview] = Field(default_factory=list)
    series: str | None = Field(None, description="Key of the series the flag belongs to.")


class SeriesPoint(_Model):
    """One figure of a series over time."""

    claim: str
    report: str
    published: datetime | None
    value: int | float
    qualifier: str
    source: str | None
    quote: str
    flagged: bool


class ExportSeries(_Model):
    """Every stored figure of one quantity (metric, unit, place, scope), oldest first."""

    key: str
    metric: str
    unit: str
    location: str | None
    scope: str
    points: list[SeriesPoint]
    flags: list[str]


class Filters(_Model):
    """What the export was limited to."""

    since: datetime | None = None
    until: datetime | None = None
    reports: list[str] = Field(default_factory=list)
    flagged_only: bool = False
    reviewed_only: bool = False


class Export(_Model):
    """Everything one export holds (the `json` format is exactly this)."""

    schema_version: Literal[1] = 1
    generated_at: datetime
    filters: Filters
    reports: list[ExportReport]
    flags: list[ExportFlag]
    series: list[ExportSeries]


def series_key(claim: Claim) -> str:
    """The quantity a claim measures: figures with one key form one series."""
    return "|".join((claim.metric.value, claim.unit, claim.location or "", claim.scope.value))


def gather(store: ClaimStore, filters: Filters, now: datetime | None = None) -> Export:
    """Read what the filters select from the store."""
    all_reports = store.reports()
    by_id = {r.id: r for r in all_reports}
    chosen = [r for r in store.reports(filters.since, filters.until)]
    if filters.reports:
        wanted = set(filters.reports)
        chosen = [r for r in chosen if r.id in wanted]
    chosen_ids = {r.id for r in chosen}
    all_claims = store.claims()
    claims_by_id = {c.id: c for c in all_claims}
    flags = [f for f in store.flags() if any(c.report in chosen_ids for c in f.claims)]
    reviews = store.reviews()
    if filters.reviewed_only:
        flags = [f for f in flags if f.id in reviews]
    flagged_claims: dict[str, list[str]] = {}
    for f in flags:
        for c in f.claims:
            flagged_claims.setdefault(c.id, []).append(f.id)

    def keep(claim: Claim) -> bool:
        if claim.report not in chosen_ids:
            return False
        if filters.flagged_only and claim.id not in flagged_claims:
            return False
        return not (
            filters.reviewed_only and claim.id not in reviews and not flagged_claims.get(claim.id)
        )

    claims_of: dict[str, list[ExportClaim]] = {}
    for claim in all_claims:
        if keep(claim):
            claims_of.setdefault(claim.report, []).append(
                ExportClaim(
                    claim=claim,
                    review=ExportReview.of(reviews.get(claim.id)),
                    flags=flagged_claims.get(claim.id, []),
                )
            )
    narrowed = filters.flagged_only or filters.reviewed_only
    reports = [
        _report(r, claims_of.get(r.id, [])) for r in chosen if claims_of.get(r.id) or not narrowed
    ]
    series = _series(flags, claims_by_id, all_claims, by_id)
    key_of = {fid: s.key for s in series for fid in s.flags}
    return Export(
        generated_at=now or datetime.now(UTC),
        filters=filters,
        reports=reports,
        flags=[
            ExportFlag(
                id=f.id,
                kind=f.kind,
                severity=f.severity,
                explanation=f.explanation,
                claims=f.claims,
                review=ExportReview.of(reviews.get(f.id)),
                history=[
                    h for h in (ExportReview.of(r) for r in _history(store, f.id, reviews)) if h
                ],
                series=key_of.get(f.id),
            )
            for f in flags
        ],
        series=series,
    )


def _history(store: ClaimStore, target: str, latest: dict[str, Review]) -> list[Review]:
    # Only reviewed targets have a history worth a round trip.
    return store.review_history(target) if target in latest else []


def _report(report: Report, claims: list[ExportClaim]) -> ExportReport:
    url = report.meta.get("url")
    return ExportReport(
        id=report.id,
        outlet=report.outlet,
        published=report.published,
        language=report.language,
        title=report.title,
        origin=report.origin,
        url=url if isinstance(url, str) else None,
        meta=report.meta,
        claims=claims,
    )


def _series(
    flags: Iterable[Flag],
    claims_by_id: dict[str, Claim],
    all_claims: list[Claim],
    reports: dict[str, Report],
) -> list[ExportSeries]:
    """The timeline of each quantity a flag is about."""
    flags_by_key: dict[str, list[str]] = {}
    flagged: set[str] = set()
    for f in flags:
        for c in f.claims:
            flagged.add(c.id)
            claim = claims_by_id.get(c.id)
            if claim is not None:
                ids = flags_by_key.setdefault(series_key(claim), [])
                if f.id not in ids:
                    ids.append(f.id)
    out = []
    for key, flag_ids in flags_by_key.items():
        members = [c for c in all_claims if series_key(c) == key and not c.projection]
        first = members[0] if members else None
        points = [
            SeriesPoint(
                claim=c.id,
                report=c.report,
                published=reports[c.report].published if c.report in reports else None,
                value=c.value,
                qualifier=c.qualifier.value,
                source=c.source,
                quote=c.quote,
                flagged=c.id in flagged,
            )
            for c in members
        ]
        points.sort(key=lambda p: (p.published or datetime.min.replace(tzinfo=UTC), p.claim))
        if first is None:
            continue
        out.append(
            ExportSeries(
                key=key,
                metric=first.metric.value,
                unit=first.unit,
                location=first.location,
                scope=first.scope.value,
                points=points,
                flags=flag_ids,
            )
        )
    return out


def record_rows(data: Export) -> list[dict[str, Any]]:
    """The JSON Lines form: one object a line, `record` telling report, flag or series."""
    rows: list[dict[str, Any]] = []
    for kind, items in (("report", data.reports), ("flag", data.flags), ("series", data.series)):
        for item in items:
            rows.append({"record": kind, **item.model_dump(mode="json")})
    return rows
