"""How reports, claims and flags map to chromadb records: documents, metadata, filters."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.core.models import Claim, Flag, Report, Review

# chromadb metadata: scalar values only, and None is not allowed.
Metadata = dict[str, str | int | float | bool]
Where = dict[str, Any]

JSON_KEY = "json"
FLAG_FIRST_CLAIM = "claim0"
# Set with `claim0`: an equality a store written before it can be searched for.
FLAG_INDEXED = "claim0_set"
DAY = 86_400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch(moment: datetime) -> int:
    """Whole epoch seconds; a naive time is taken as UTC, as wires stamp it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return math.floor(moment.timestamp())


REPORT_LEAD_CHARS = 400


def report_document(report: Report) -> str:
    """What a report is embedded and full-text indexed as: headline, then body."""
    # The headline and lead say what a report is about; embedding whole bodies cost
    # three quarters of a verification run for no retrieval the checks use.
    lead = report.body[:REPORT_LEAD_CHARS]
    return f"{report.title}\n\n{lead}" if report.title else lead


def claim_document(claim: Claim) -> str:
    """What a claim is embedded as: the English `counts` phrase, then the quote."""
    # The quote alone ties a claim to its language; `counts` is the same short
    # English phrase whatever the wire's language, which pulls an Arabic and an
    # English wording of one figure together (0.82 vs 0.76 for the quote alone),
    # while the quote keeps the place and the actors that tell events apart.
    return f"{claim.counts}: {claim.quote}" if claim.counts else claim.quote


def flag_document(flag: Flag) -> str:
    """What a flag is embedded as: its kind and the quotes it sets side by side."""
    return f"{flag.kind.value}: " + " | ".join(c.quote for c in flag.claims)


def review_document(review: Review) -> str:
    """What a review is stored as: its decision and note (never embedded, see add_review)."""
    return f"{review.decision.value}: {review.note}" if review.note else review.decision.value


def review_metadata(review: Review, seq: int) -> Metadata:
    """Filterable fields of a review, plus its JSON; `seq` orders reviews made at one time."""
    return {
        "target": review.target,
        "target_kind": review.target_kind,
        "decision": review.decision.value,
        "reviewer": review.reviewer,
        # Microseconds: two decisions within one second must still order.
        "at_us": (review.at - _EPOCH) // timedelta(microseconds=1),
        "seq": seq,
        JSON_KEY: review.model_dump_json(),
    }


def _without_none(values: Mapping[str, str | int | float | bool | None]) -> Metadata:
    return {k: v for k, v in values.items() if v is not None}


def report_metadata(report: Report, n_claims: int) -> Metadata:
    """Filterable fields of a report, plus its JSON."""
    return _without_none(
        {
            "outlet": report.outlet,
            "published": epoch(report.published) if report.published else None,
            "language": report.language,
            "content_hash": report.content_hash,
            "n_claims": n_claims,
            JSON_KEY: report.model_dump_json(),
        }
    )


def day_of(seconds: int) -> int:
    """The UTC day number (days since 1970-01-01) of an epoch time."""
    return seconds // DAY


def claim_metadata(claim: Claim, report: Report, ordinal: int) -> Metadata:
    """Filterable fields of a claim, its report's outlet/time/language, plus its JSON."""
    published = epoch(report.published) if report.published else None
    return _without_none(
        {
            "report": claim.report,
            "ordinal": ordinal,
            "outlet": report.outlet,
            "published": published,
            # Day buckets turn a time window into a few indexed equality lookups;
            # chromadb runs a two-sided range as two half-table scans.
            "day": day_of(published) if published is not None else None,
            "metric_day": (
                f"{claim.metric.value}:{day_of(published)}" if published is not None else None
            ),
            "language": report.language,
            "metric": claim.metric.value,
            "scope": claim.scope.value,
            "period_start": epoch(claim.period_start) if claim.period_start else None,
            "period_end": epoch(claim.period_end) if claim.period_end else None,
            "location": claim.location,
            "source": claim.source,
            # Always a float: chromadb compares ints and floats in separate columns,
            # so a mix would make `value` range filters miss rows.
            "value": float(claim.value),
            "qualifier": claim.qualifier.value,
            "unit": claim.unit,
            JSON_KEY: claim.model_dump_json(),
        }
    )


def flag_metadata(flag: Flag, seq: int) -> Metadata:
    """Filterable fields of a flag, plus its JSON."""
    return {
        "kind": flag.kind.value,
        "severity": flag.severity,
        "n_claims": len(flag.claims),
        # A flag over a set of claims has its first claim in that set: verify() finds the
        # flags a batch may withdraw by this field alone.
        FLAG_FIRST_CLAIM: flag.claims[0].id if flag.claims else "",
        FLAG_INDEXED: 1,
        "seq": seq,
        JSON_KEY: flag.model_dump_json(),
    }


def all_of(clauses: Iterable[Where]) -> Where | None:
    """Combine clauses the way chromadb wants: none, one, or an explicit $and."""
    items = list(clauses)
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


@dataclass(frozen=True)
class ClaimFilter:
    """One claim filter, usable both as a chromadb `where` and on fetched metadata."""

    report: str | None = None
    metric: str | None = None
    source: str | None = None
    not_report: str | None = None
    published_min: int | None = None  # inclusive
    published_max: int | None = None  # exclusive

    def where(self, *, exclude_report: bool = True) -> Where | None:
        """The chromadb `where` clause."""
        clauses: list[Where] = []
        for key in ("report", "metric", "source"):
            value = getattr(self, key)
            if value is not None:
                clauses.append({key: value})
        if exclude_report and self.not_report is not None:
            clauses.append({"report": {"$ne": self.not_report}})
        if self.published_min is not None:
            clauses.append({"published": {"$gte": self.published_min}})
        if self.published_max is not None:
            clauses.append({"published": {"$lt": self.published_max}})
        return all_of(clauses)

    @property
    def empty(self) -> bool:
        """Whether the time window cannot hold anything."""
        return (
            self.published_min is not None
            and self.published_max is not None
            and self.published_max <= self.published_min
        )

    def day_where(self, max_days: int) -> Where | None:
        """A `where` on day buckets covering the time window, if bounded and short."""
        if self.published_min is None or self.published_max is None or self.empty:
            return None
        days = range(day_of(self.published_min), day_of(self.published_max - 1) + 1)
        if len(days) > max_days:
            return None
        if self.metric is not None:
            return {"metric_day": {"$in": [f"{self.metric}:{d}" for d in days]}}
        return {"day": {"$in": list(days)}}

    def matches(self, meta: Mapping[str, Any]) -> bool:
        """The same test as `where`, on one record's metadata."""
        for key in ("report", "metric", "source"):
            value = getattr(self, key)
            if value is not None and meta.get(key) != value:
                return False
        if self.not_report is not None and meta.get("report") == self.not_report:
            return False
        if self.published_min is None and self.published_max is None:
            return True
        published = meta.get("published")
        if not isinstance(published, int | float):
            return False
        if self.published_min is not None and published < self.published_min:
            return False
        return not (self.published_max is not None and published >= self.published_max)
