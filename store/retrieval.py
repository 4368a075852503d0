"""Neighbours and search: stored claims near a claim or a query, filtered in memory."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from assistant.core.errors import StoreError
from assistant.core.models import Claim, Report
from store.records import (
    JSON_KEY,
    ClaimFilter,
    Where,
    claim_document,
    epoch,
)

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection
    from numpy.typing import NDArray

from store.base import (
    CLAIMS,
    VECTORS_KEY,
    StoreBase,
    _failures,
    _parse,
)

# Neighbour queries first rank this many claims by vector alone, then filter
# them here: at 100k claims chromadb answers an unfiltered top-300 in ~1 ms,
# while any `where` costs 50-150 ms (an SQLite pre-filter, then an HNSW walk
# that visits most of the graph when few ids are allowed).
_MIN_CANDIDATES = 300
_CANDIDATES_PER_RESULT = 10
# Each of several partitions is first asked for at least this many.
_MIN_PER_PARTITION = 50
# Windows up to this many days are scanned through day buckets (see _scan).
_MAX_WINDOW_DAYS = 92


# A ranked claim: its id, its similarity, and the partition holding its vector.
Ranked = tuple[str, float, str]

T = TypeVar("T")


@cache
def _pool() -> ThreadPoolExecutor:
    # chromadb's query releases the GIL: the partitions of one question are asked at once
    # (at 100,000 reports, 6 partitions x 334 neighbours: 12 ms one after another, 7 ms so).
    return ThreadPoolExecutor(min(4, os.cpu_count() or 1), thread_name_prefix="tally-query")


def _each(parts: Sequence[Collection], ask: Callable[[Collection], T]) -> list[T]:
    """ask(part) for every partition, in order: concurrently when there are several."""
    if len(parts) <= 1:
        return [ask(part) for part in parts]
    return list(_pool().map(ask, parts))


def _query(
    part: Collection, vector: NDArray[np.float32], n: int, where: Where | None = None
) -> list[Ranked]:
    """One partition's n claims nearest the vector (passing `where`), best first."""
    found = part.query(
        query_embeddings=vector.reshape(1, -1), n_results=n, where=where, include=["distances"]
    )
    distances = (found["distances"] or [[]])[0]
    return [
        (cid, 1.0 - float(d), part.name) for cid, d in zip(found["ids"][0], distances, strict=False)
    ]


def _first_read(k: int) -> int:
    """How many ranked claims to read first: half as many again as asked, at least 20."""
    return max(k + k // 2, 20)


def _published(value: object) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int | float) else None


class Neighbour(NamedTuple):
    """A claim near another, with its report's publish time (its report not read)."""

    claim: Claim
    published: datetime | None
    score: float


class RelatedClaim(BaseModel):
    """A stored claim near another claim or a query, with its report."""

    model_config = ConfigDict(frozen=True)

    claim: Claim
    report: Report
    score: float  # cosine similarity of the two embedded texts, 1.0 = same text


class Retrieval(StoreBase):
    """related(), neighbours() and search() over the claims' meaning partitions."""

    def related(
        self,
        claim: Claim,
        k: int = 10,
        *,
        same_metric: bool = True,
        before: datetime | None = None,
        within_days: float | None = None,
    ) -> list[RelatedClaim]:
        """Claims of other reports nearest in meaning, best first, within the time bounds."""
        flt = self._related_filter(claim, same_metric, before, within_days)
        return self._nearest(self._claim_vector(claim), k, flt)

    def neighbours(self, claim: Claim, k: int = 10, *, same_metric: bool = True) -> list[Neighbour]:
        """As related(), without their reports: each claim with its report's publish time.
        For a re-ranking that keeps a few of many (a report's JSON holds its whole body)."""
        flt = self._related_filter(claim, same_metric, None, None)
        with _failures(f"query claims in {self.location}"):
            hits = self._nearest_hits(self._claim_vector(claim), k, flt)
            return [
                Neighbour(
                    claim=_parse(Claim, meta, "claim"),
                    published=_published(meta.get("published")),
                    score=score,
                )
                for meta, score in hits
            ]

    def published_of(self, claim: Claim) -> datetime | None:
        """When the claim's report was published: from the claim's stored record, whose
        report is not read (its JSON holds the whole body), else from the report."""
        with _failures(f"read claims from {self.location}"):
            record = self._claim_records([claim.id]).get(claim.id)
        if record is not None and record.get("report") == claim.report:
            return _published(record.get("published"))
        own = self.get_report(claim.report)
        return own.published if own is not None else None

    def with_reports(self, scored: list[tuple[Neighbour, float]]) -> list[RelatedClaim]:
        """Neighbours with their reports read, scored as given, in the order given; one
        whose report is absent (left by an interrupted write) is left out."""
        reports = self._reports_by_id(n.claim.report for n, _ in scored)
        return [
            RelatedClaim(claim=n.claim, report=reports[n.claim.report], score=score)
            for n, score in scored
            if n.claim.report in reports
        ]

    def _related_filter(
        self,
        claim: Claim,
        same_metric: bool,
        before: datetime | None,
        within_days: float | None,
    ) -> ClaimFilter:
        low: int | None = None
        high: int | None = epoch(before) if before is not None else None
        if within_days is not None:
            span = timedelta(days=within_days)
            if before is not None:
                low = epoch(before - span)
            else:
                # No `before`: centre the window on the claim's own report, since a
                # later wire can contradict it as well as an earlier one.
                own = self.get_report(claim.report)
                if own is None or own.published is None:
                    raise StoreError(
                        f"related(within_days=...) needs before= or a stored, dated report "
                        f"{claim.report}"
                    )
                low = epoch(own.published - span)
                # Inclusive upper edge: +1 s because the filter's upper bound is exclusive.
                high = epoch(own.published + span) + 1
        return ClaimFilter(
            metric=claim.metric.value if same_metric else None,
            not_report=claim.report,
            published_min=low,
            published_max=high,
        )

    def _claim_vector(self, claim: Claim) -> NDArray[np.float32]:
        """The claim's stored vector when the store holds this very text, else a fresh one."""
        # Reading it back takes ~1 ms; embedding takes ~10 ms, and a fresh `tally related`
        # process would load the model (about 1 s) for it.
        document = claim_document(claim)
        with _failures(f"read claims from {self.location}"):
            record = self._claim_records([claim.id]).get(claim.id)
            if record is not None:
                part = self._partition(str(record.get(VECTORS_KEY, CLAIMS)))
                found = part.get(ids=[claim.id], include=["documents", "embeddings"])
                documents, vectors = found["documents"] or [], found["embeddings"]
                if documents and documents[0] == document and vectors is not None and len(vectors):
                    return np.asarray(vectors[0], dtype=np.float32)
        with _failures("embed a claim"):
            return self._embedder.embed([document])[0]

    def search(
        self,
        text: str,
        k: int = 10,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        metric: str | None = None,
        source: str | None = None,
    ) -> list[RelatedClaim]:
        """Claims nearest in meaning to free text (any language), best first."""
        flt = ClaimFilter(
            # str(): a Metric is a StrEnum, and the filters compare plain strings.
            metric=str(metric) if metric is not None else None,
            source=source,
            published_min=epoch(since) if since is not None else None,
            published_max=epoch(until) if until is not None else None,
        )
        with _failures("embed a query"):
            vector = self._embedder.embed([text])[0]
        return self._nearest(vector, k, flt)

    def _nearest(self, vector: NDArray[np.float32], k: int, flt: ClaimFilter) -> list[RelatedClaim]:
        with _failures(f"query claims in {self.location}"):
            hits = self._nearest_hits(vector, k, flt)
        return self._hydrate(hits)

    def _nearest_hits(
        self, vector: NDArray[np.float32], k: int, flt: ClaimFilter
    ) -> list[tuple[Mapping[str, Any], float]]:
        """The k best claims' records passing the filter, with their scores."""
        if k <= 0 or flt.empty:
            return []
        fetch = max(_MIN_CANDIDATES, k * _CANDIDATES_PER_RESULT)
        day_where = flt.day_where(_MAX_WINDOW_DAYS)
        # Several partitions share the ranking: each is asked for half as much again as its
        # share first, and for more only when the certain part of the merge runs out (a
        # query's cost grows with the results it returns: 6 partitions x 1,000 took 30 ms,
        # x 334 12 ms, x 250 9 ms; at 100,000 reports `related` asked again in 0 of 40).
        parts = self._partitions()
        per = fetch
        if len(parts) > 1:
            per = max(-(-3 * fetch // (2 * len(parts))), _MIN_PER_PARTITION)
        while True:
            ranked, whole = self._ranked(vector, min(per, fetch), parts)
            # A short window has a cheap exact scan: give up on the candidates as
            # soon as the best few show the window is not where they are.
            budget = _first_read(k) if day_where is not None else len(ranked)
            hits, read = self._first_passing(ranked, k, flt, budget)
            if len(hits) >= k or whole or per >= fetch or day_where is not None:
                break
            per *= 4
        # Every claim that passes the filter but was not ranked is farther than
        # all those ranked, so k survivors are already the exact top k; fewer
        # results than asked from a whole ranking means there are no more.
        if len(hits) < k and not (read == len(ranked) and whole):
            if day_where is not None:
                hits = self._scan(vector, k, day_where, flt)
            else:
                hits = self._filtered_query(vector, k, flt)
        return hits[:k]

    def _ranked(
        self, vector: NDArray[np.float32], fetch: int, parts: list[Collection]
    ) -> tuple[list[Ranked], bool]:
        """Claims ranked by meaning alone, best first, across the partitions: only those
        no unranked claim can beat (a partition's unread claims are all farther than its
        last read one); and whether the ranking is whole (every partition read to its end)."""
        ranked: list[Ranked] = []
        floor, whole = -math.inf, True
        for rows in _each(parts, lambda part: _query(part, vector, fetch)):
            ranked += rows
            if len(rows) >= fetch:
                whole, floor = False, max(floor, rows[-1][1])
        ranked.sort(key=lambda row: -row[1])
        return [row for row in ranked if row[1] >= floor], whole

    def _first_passing(
        self, ranked: list[Ranked], k: int, flt: ClaimFilter, budget: int
    ) -> tuple[list[tuple[Mapping[str, Any], float]], int]:
        """The best ranked claims that pass the filter (up to k), and how many were read."""
        # chromadb reads metadata at ~65 us a record (about 4 us a key), far more
        # than ranking costs: read it for the best few first, and further down
        # the ranking only while too few of those pass. The filter's fields are read
        # from the partitions (a few keys a record), the claims only for those passing.
        passing: list[tuple[str, Mapping[str, Any], float]] = []
        read, step = 0, _first_read(k)
        while read < min(budget, len(ranked)) and len(passing) < k:
            chunk = ranked[read : min(read + step, budget)]
            metas = self._filter_fields(chunk)
            passing.extend(
                (cid, metas[cid], score)
                for cid, score, _ in chunk
                if cid in metas and flt.matches(metas[cid])
            )
            read += len(chunk)
            # Read on as far as the share passing so far says the rest lies (and a quarter
            # more): ~340 reads instead of 750 for the CLI's 100 same-metric neighbours.
            share = max(len(passing) / read, 1 / 16)
            step = max(int((k - len(passing)) / share * 1.25) + 1, 20)
        passing = passing[:k]
        # An older store's partition holds the claims themselves; a newer one's do not.
        wanted = [cid for cid, meta, _ in passing if JSON_KEY not in meta]
        records = self._claim_records(wanted) if wanted else {}
        hits = [
            (meta if JSON_KEY in meta else records[cid], score)
            for cid, meta, score in passing
            if JSON_KEY in meta or cid in records
        ]
        return hits, read

    def _filter_fields(self, chunk: list[Ranked]) -> dict[str, Mapping[str, Any]]:
        """What the filter tests of these ranked claims: from the side index in one lookup
        (every field and the claim itself), else from each partition's metadata."""
        if self._index() is not None:
            return self._claim_records([cid for cid, _, _ in chunk])
        metas: dict[str, Mapping[str, Any]] = {}
        for name in dict.fromkeys(part for _, _, part in chunk):
            ids = [cid for cid, _, part in chunk if part == name]
            metas |= {cid: m for cid, m, _ in self._fetch(self._partition(name), ids=ids)}
        return metas

    def _scan(
        self, vector: NDArray[np.float32], k: int, where: Where, flt: ClaimFilter
    ) -> list[tuple[Mapping[str, Any], float]]:
        """Exact neighbours within a short time window, scored here."""
        # chromadb's filtered HNSW walk costs ~55 ms at 100k claims however few
        # ids are allowed: fetch the window's vectors alone through the indexed
        # day buckets and score them with one matrix product instead.
        parts = self._partitions()
        fetched = _each(
            parts, lambda part: self._fetch(part, where=where, metadatas=False, embeddings=True)
        )
        rows = [
            (cid, vec, part.name)
            for part, found in zip(parts, fetched, strict=True)
            for cid, _, vec in found
        ]
        if not rows:
            return []
        scores = np.asarray([vec for _, vec, _ in rows], dtype=np.float32) @ vector
        ranked = [
            (rows[i][0], float(scores[i]), rows[i][2]) for i in np.argsort(-scores, kind="stable")
        ]
        return self._first_passing(ranked, k, flt, len(ranked))[0]

    def _filtered_query(
        self, vector: NDArray[np.float32], k: int, flt: ClaimFilter
    ) -> list[tuple[Mapping[str, Any], float]]:
        """Exact neighbours through chromadb's `where`: slow, for wide windows only."""
        # The exclusion stays out of the `where` ($ne alone costs chromadb ~100 ms
        # at 100k claims): ask for as many more as the own report can take away.
        own = 0
        if flt.not_report is not None:
            own = len(self._fetch(self._claims, where={"report": flt.not_report}, metadatas=False))
        where = flt.where(exclude_report=False)
        asked = _each(self._partitions(), lambda part: _query(part, vector, k + own, where))
        ranked = [row for rows in asked for row in rows]
        ranked.sort(key=lambda row: -row[1])
        return self._first_passing(ranked, k, flt, len(ranked))[0]

    def _hydrate(self, hits: list[tuple[Mapping[str, Any], float]]) -> list[RelatedClaim]:
        with _failures(f"read claims from {self.location}"):
            claims = [(_parse(Claim, meta, "claim"), score) for meta, score in hits]
        reports = self._reports_by_id(c.report for c, _ in claims)
        # A claim whose report is absent was left by an interrupted write: skip it.
        return [
            RelatedClaim(claim=c, report=reports[c.report], score=score)
            for c, score in claims
            if c.report in reports
        ]
