"""ClaimStore: reports, claims, flags and reviews in chromadb, returned as typed models."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.core.errors import StoreError
from assistant.core.models import Claim, Report, Review
from store.embeddings import DIMENSIONS, RecordKeyFunction
from store.records import (
    ClaimFilter,
    Metadata,
    Where,
    all_of,
    claim_document,
    claim_metadata,
    epoch,
    report_document,
    report_metadata,
    review_document,
    review_metadata,
)

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection
    from numpy.typing import NDArray

from store.base import (
    _CLAIM_CACHE_SIZE,
    _PAGE,
    CLAIMS,
    FLAGS,
    MEANING_KEYS,
    REPORTS,
    REVIEWS,
    VECTORS_KEY,
    _failures,
    _int,
    _parse,
    _published_key,
    published_json,
    published_of,
)
from store.flagstore import FlagStore
from store.ledger import REPORT, Unanswerable
from store.retrieval import RelatedClaim, Retrieval
from store.upkeep import Upkeep

__all__ = ["ClaimStore", "RelatedClaim"]


class ClaimStore(Retrieval, FlagStore, Upkeep):
    """Reports, claims and flags in chromadb: records by id and metadata, claims' meaning
    vectors in partitions."""

    def add_report(self, report: Report, claims: Sequence[Claim]) -> bool:
        """Store a report and its claims; False if the identical report is already there."""
        return self.add_reports([(report, claims)]) == 1

    def add_reports(self, items: Iterable[tuple[Report, Sequence[Claim]]]) -> int:
        """Store many reports with their claims in one batch; returns how many were new."""
        batch: dict[str, tuple[Report, list[Claim]]] = {}
        for report, claims in items:
            for claim in claims:
                if claim.report != report.id:
                    raise StoreError(
                        f"claim {claim.id} belongs to report {claim.report}, not {report.id}"
                    )
            seen = batch.get(report.id)
            if seen is not None and seen[0].content_hash != report.content_hash:
                raise StoreError(f"report {report.id} appears twice with different content")
            if seen is None:
                batch[report.id] = (report, list(claims))
        claim_ids = [c.id for _, claims in batch.values() for c in claims]
        if len(set(claim_ids)) != len(claim_ids):
            twice = next(cid for cid in claim_ids if claim_ids.count(cid) > 1)
            raise StoreError(f"claim {twice} appears twice in one batch")
        if not batch:
            return 0

        for rid, content_hash in self.content_hashes(list(batch)).items():
            if content_hash != batch[rid][0].content_hash:
                raise StoreError(f"report {rid} is already stored with different content")
            del batch[rid]
        if not batch:
            return 0

        reports = [report for report, _ in batch.values()]
        rows = [
            (claim, report, n)
            for report, report_claims in batch.values()
            for n, claim in enumerate(report_claims)
        ]
        # Claims are embedded by meaning (related, search); reports get the vectors of
        # their collection (a one-number key; 512 floats in a store not yet upgraded).
        with _failures("embed reports"):
            claim_vectors = self._embedder.embed([claim_document(c) for c, _, _ in rows])
            report_vectors = self._report_vectors.embed([report_document(r) for r in reports])
        # Known before this write enters its ids as pending (which stops reads from the index).
        in_step = self._index() is not None
        if self._ledger is not None:
            with _failures(f"index {self.location}"):
                self._ledger.enter(REPORT, [r.id for r in reports])
        with _failures(f"write to {self.location}"):
            metadatas, claims_part = (
                self._write_claims(rows, claim_vectors, in_step=in_step) if rows else ([], "")
            )
            # Reports last: a report is the commit marker for its claims, so a
            # crash in between leaves it absent and the retry redoes the claims.
            reports_part = self._write(
                self._reports,
                [r.id for r in reports],
                [report_document(r) for r in reports],
                [report_metadata(r, len(batch[r.id][1])) for r in reports],
                report_vectors,
            )
        if self._ledger is not None:
            with _failures(f"index {self.location}"):
                self._ledger.put_reports(
                    [(r.id, r.content_hash, published_json(r), reports_part) for r in reports],
                    [
                        (c.id, meta, claims_part)
                        for (c, _, _), meta in zip(rows, metadatas, strict=True)
                    ],
                )
        return len(reports)

    def _write_claims(
        self, rows: list[tuple[Claim, Report, int]], vectors: NDArray[np.float32], *, in_step: bool
    ) -> tuple[list[Metadata], str]:
        """Claims' records, then their meaning vectors in the newest partition; the records'
        metadata and the collection holding the records."""
        ids = [c.id for c, _, _ in rows]
        documents = [claim_document(c) for c, _, _ in rows]
        metadatas = [claim_metadata(c, r, n) for c, r, n in rows]
        if not in_step:
            self._drop_leftovers(ids)
        if self._claims.name == CLAIMS:
            # An older store not yet upgraded: records and vectors in one collection.
            return metadatas, self._write(self._claims, ids, documents, metadatas, vectors)
        target, held = self._partition_for(len(ids))
        for meta in metadatas:
            meta[VECTORS_KEY] = target
        keys = RecordKeyFunction()
        part = self._write(self._claims, ids, documents, metadatas, keys.embed(documents))
        self._write(
            self._partition(target),
            ids,
            documents,
            [{k: meta[k] for k in MEANING_KEYS if k in meta} for meta in metadatas],
            vectors,
        )
        self._current = (target, held + len(ids))
        return metadatas, part

    def _drop_leftovers(self, ids: list[str]) -> None:
        """Remove what an interrupted earlier write left of these claims (records and
        vectors, wherever they went), so they are written afresh like the rest (add ignores
        ids it holds). Not needed with a side index in step: settling a killed write removed
        them (ClaimStore.upgrade), and no member need be read to know it."""
        left = self._fetch(self._claims, ids=ids)
        if not left:
            return
        gone = [cid for cid, _, _ in left]
        for part in {str(meta.get(VECTORS_KEY, CLAIMS)) for _, meta, _ in left}:
            self._partition(part).delete(ids=gone)
        for member in self._claims.members():
            member.delete(ids=gone)

    def has_report(self, report_id: str) -> bool:
        """Whether a report with this id is stored."""
        return bool(self.content_hashes([report_id]))

    def stored_ids(self, report_ids: Iterable[str]) -> set[str]:
        """Which of these report ids are stored (one read, however many)."""
        return set(self.content_hashes(report_ids))

    def content_hashes(self, report_ids: Iterable[str]) -> dict[str, str | None]:
        """The content hash of each of these reports that is stored (one read)."""
        wanted = list(dict.fromkeys(report_ids))
        if not wanted:
            return {}
        index = self._index()
        with _failures(f"read reports from {self.location}"):
            if index is not None:
                return index.hashes(wanted)
            return {
                rid: h if isinstance(h := meta.get("content_hash"), str) else None
                for rid, meta, _ in self._fetch(self._reports, ids=wanted)
            }

    def reports(self, since: datetime | None = None, until: datetime | None = None) -> list[Report]:
        """Stored reports published in [since, until), oldest first (undated last)."""
        return [report for report, _ in self.reports_with_counts(since, until)]

    def reports_with_counts(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[tuple[Report, int]]:
        """Stored reports with how many claims each has, oldest first (undated last)."""
        # The count is kept beside each report: an inbox lists claim counts without
        # reading every claim (50k claims take seconds, 10k reports a fraction of it).
        clauses: list[Where] = []
        if since is not None:
            clauses.append({"published": {"$gte": epoch(since)}})
        if until is not None:
            clauses.append({"published": {"$lt": epoch(until)}})
        where = all_of(clauses)
        with _failures(f"read reports from {self.location}"):
            rows = [
                (_parse(Report, meta, f"report {rid}"), _int(meta.get("n_claims")))
                for rid, meta, _ in self._fetch(self._reports, where=where)
            ]
        return sorted(rows, key=lambda row: _published_key(row[0]))

    def iter_reports(self, page: int = 1_000) -> Iterator[list[Report]]:
        """Stored reports oldest first (undated last), a page at a time."""
        # The order needs every publish time, but only the times are kept from the first
        # read, a page of records at a time (100,000 reports are ~100 MB of JSON); each
        # page of the listing is then read by id.
        keys: list[tuple[int, int, str]] = []
        with _failures(f"read reports from {self.location}"):
            for member in self._reports.members():
                offset = 0
                while True:
                    found = member.get(include=["metadatas"], limit=_PAGE, offset=offset)
                    for rid, meta in zip(found["ids"], found["metadatas"] or [], strict=True):
                        published = meta.get("published")
                        keys.append(
                            (0, published, rid) if isinstance(published, int) else (1, 0, rid)
                        )
                    if len(found["ids"]) < _PAGE:
                        break
                    offset += _PAGE
        keys.sort()
        for start in range(0, len(keys), page):
            ids = [rid for _, _, rid in keys[start : start + page]]
            with _failures(f"read reports from {self.location}"):
                metas = {rid: meta for rid, meta, _ in self._by_id(self._reports, REPORT, ids)}
                # A report deleted between the two reads is left out.
                reports = [
                    _parse(Report, metas[rid], f"report {rid}") for rid in ids if rid in metas
                ]
            if reports:
                yield sorted(reports, key=_published_key)

    def get_claim(self, claim_id: str) -> Claim | None:
        """The stored claim with this id, if any."""
        with _failures(f"read claims from {self.location}"):
            found = self._claim_records([claim_id]).get(claim_id)
            return _parse(Claim, found, f"claim {claim_id}") if found is not None else None

    def claims(
        self, report: str | None = None, metric: str | None = None, source: str | None = None
    ) -> list[Claim]:
        """Stored claims, optionally of one report, metric or source, in reading order."""
        if report is not None and metric is None and source is None and (index := self._index()):
            with _failures(f"read claims from {self.location}"):
                return [Claim.model_validate_json(j) for j in index.claims_of(report)]
        where = ClaimFilter(
            report=report, metric=str(metric) if metric is not None else None, source=source
        ).where()
        with _failures(f"read claims from {self.location}"):
            rows = [(cid, meta) for cid, meta, _ in self._fetch(self._claims, where=where)]

        def order(row: tuple[str, Mapping[str, Any]]) -> tuple[int, int, str, int]:
            meta = row[1]
            published = meta.get("published")
            ordinal = meta.get("ordinal")
            return (
                0 if isinstance(published, int) else 1,
                published if isinstance(published, int) else 0,
                str(meta.get("report", "")),
                ordinal if isinstance(ordinal, int) else 0,
            )

        with _failures(f"read claims from {self.location}"):
            return [_parse(Claim, meta, f"claim {cid}") for cid, meta in sorted(rows, key=order)]

    def indexed(self) -> bool:
        """Whether find_claims is answered by the side index (store/ledger.py) now."""
        return self._index() is not None

    def find_claims(self, where: Where) -> list[tuple[Claim, datetime | None]]:
        """Stored claims matching a `where` clause, each with its report's publish time."""
        index = self._index()
        if index is not None:
            with _failures(f"read claims from {self.location}"):
                try:
                    found = index.claims_where(where)
                except Unanswerable:
                    found = None
                if found is not None:
                    return [self._parsed_claim(*row) for row in found]
        with _failures(f"read claims from {self.location}"):
            rows = self._fetch(self._claims, where=where)
            claims = [_parse(Claim, meta, f"claim {cid}") for cid, meta, _ in rows]
        reports = self._reports_by_id(c.report for c in claims)
        return [(c, reports[c.report].published) for c in claims if c.report in reports]

    def _parsed_claim(
        self, cid: str, text: str, published: str | None
    ) -> tuple[Claim, datetime | None]:
        # The checks ask overlapping questions (a series is read from each of its ends):
        # a stored claim never changes, so each is parsed once while it stays in use.
        with self._cache_lock:
            hit = self._claim_cache.get(cid)
            if hit is not None:
                self._claim_cache.move_to_end(cid)
                return hit
        parsed = (Claim.model_validate_json(text), published_of(published))
        with self._cache_lock:
            self._claim_cache[cid] = parsed
            while len(self._claim_cache) > _CLAIM_CACHE_SIZE:
                self._claim_cache.popitem(last=False)
        return parsed

    # ---------- neighbours ----------

    # ---------- reviews ----------

    def _review_collection(self) -> Collection:
        with self._cache_lock:
            if self._reviews is None:
                self._reviews = self._collection(REVIEWS)
            return self._reviews

    def add_review(self, review: Review) -> None:
        """Record a reviewer's decision; earlier decisions on the target are kept as history."""
        collection = self._review_collection()
        # A decision is looked up by target, never by meaning: a fixed unit vector keeps
        # the collection on the store's embedding function without loading the model.
        vector = np.zeros((1, DIMENSIONS), dtype=np.float32)
        vector[0, 0] = 1.0
        with _failures(f"write to {self.location}"):
            # upsert: recording the same review twice (same target, time, reviewer) is one record.
            self._write(
                collection,
                [review.id],
                [review_document(review)],
                [review_metadata(review, time.time_ns())],
                vector,
                upsert=True,
            )

    def _review_rows(self, where: Where | None) -> list[tuple[int, int, str, Review]]:
        collection = self._review_collection()
        with _failures(f"read reviews from {self.location}"):
            return [
                (
                    _int(meta.get("at_us")),
                    _int(meta.get("seq")),
                    rid,
                    _parse(Review, meta, "review"),
                )
                for rid, meta, _ in self._fetch(collection, where=where)
            ]

    def reviews(self, targets: Iterable[str] | None = None) -> dict[str, Review]:
        """The latest decision on each reviewed target (of those asked, or all)."""
        rows: list[tuple[int, int, str, Review]] = []
        if targets is None:
            rows = self._review_rows(None)
        else:
            wanted = list(dict.fromkeys(targets))
            # chromadb binds every $in value as an SQL variable: ask in pages.
            for start in range(0, len(wanted), _PAGE):
                page = wanted[start : start + _PAGE]
                where: Where = {"target": page[0]} if len(page) == 1 else {"target": {"$in": page}}
                rows += self._review_rows(where)
        latest: dict[str, Review] = {}
        for _, _, _, review in sorted(rows, key=lambda row: row[:3]):
            latest[review.target] = review
        return latest

    def review_history(self, target: str) -> list[Review]:
        """Every decision on one target, oldest first."""
        rows = self._review_rows({"target": target})
        return [review for _, _, _, review in sorted(rows, key=lambda row: row[:3])]

    def counts(self) -> dict[str, int]:
        """How many reports, claims and flags are stored."""
        index = self._index()
        with _failures(f"count records in {self.location}"):
            if index is not None:
                return index.counts()
            families = ((REPORTS, self._reports), (CLAIMS, self._claims), (FLAGS, self._flags))
            return {name: sum(m.count() for m in f.members()) for name, f in families}
