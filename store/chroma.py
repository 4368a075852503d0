"""ClaimStore: reports, claims and flags in chromadb, returned as typed models."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx
import numpy as np
from chromadb.errors import ChromaError
from pydantic import BaseModel, ConfigDict

from assistant.core.errors import StoreError
from assistant.core.models import Claim, Flag, Report, Review
from store.embeddings import DIMENSIONS, EMBEDDER_NAME, UsemEmbeddingFunction, default_embedder
from store.records import (
    FLAG_FIRST_CLAIM,
    FLAG_INDEXED,
    JSON_KEY,
    ClaimFilter,
    Metadata,
    Where,
    all_of,
    claim_document,
    claim_metadata,
    epoch,
    flag_document,
    flag_metadata,
    report_document,
    report_metadata,
    review_document,
    review_metadata,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import Embeddable, EmbeddingFunction, GetResult, Include
    from numpy.typing import NDArray

REPORTS = "reports"
CLAIMS = "claims"
FLAGS = "flags"
REVIEWS = "reviews"
# Flags-collection metadata: every stored flag has `claim0` (new flags are written with it).
FLAGS_ALL_INDEXED = "claim0_indexed"

# Neighbour queries first rank this many claims by vector alone, then filter
# them here: at 100k claims chromadb answers an unfiltered top-300 in ~1 ms,
# while any `where` costs 50-150 ms (an SQLite pre-filter, then an HNSW walk
# that visits most of the graph when few ids are allowed).
_MIN_CANDIDATES = 300
_CANDIDATES_PER_RESULT = 10
# Windows up to this many days are scanned through day buckets (see _scan).
_MAX_WINDOW_DAYS = 92
_REPORT_CACHE_SIZE = 4096
_PAGE = 5000
# Ids bound in one `$in` clause.
_IN_PAGE = 500

_M = TypeVar("_M", bound=BaseModel)


class RelatedClaim(BaseModel):
    """A stored claim near another claim or a query, with its report."""

    model_config = ConfigDict(frozen=True)

    claim: Claim
    report: Report
    score: float  # cosine similarity of the two embedded texts, 1.0 = same text


def _one_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


@contextmanager
def _failures(action: str) -> Iterator[None]:
    """Turn chromadb, transport and decoding failures into one-line StoreErrors."""
    try:
        yield
    except StoreError:
        raise
    # ValueError also covers pydantic's ValidationError on a stored JSON that no
    # longer matches the models, and chromadb's own argument checks.
    except (ChromaError, ValueError, OSError, httpx.HTTPError) as e:
        raise StoreError(f"cannot {action}: {_one_line(e)}") from e
    except Exception as e:
        # chromadb raises a bare Exception for a server error it has no class for (a 500,
        # a proxy's 502 page): a store failure all the same, its text shown as one line.
        if type(e) is not Exception:
            raise
        raise StoreError(f"cannot {action}: {_one_line(e)[:200]}") from e


def _parse(model: type[_M], meta: Mapping[str, Any] | None, what: str) -> _M:
    if meta is None or not isinstance(meta.get(JSON_KEY), str):
        raise StoreError(f"stored {what} has no JSON payload")
    return model.model_validate_json(meta[JSON_KEY])


def _first_read(k: int) -> int:
    """How many ranked claims to read first: half as many again as asked, at least 20."""
    return max(k + k // 2, 20)


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _published_key(report: Report) -> tuple[int, float, str]:
    # Undated reports sort after dated ones; ties by id keep the order stable.
    if report.published is None:
        return (1, 0.0, report.id)
    return (0, float(epoch(report.published)), report.id)


class ClaimStore:
    """Reports, claims and flags kept in three chromadb collections."""

    def __init__(
        self,
        client: ClientAPI,
        embedder: UsemEmbeddingFunction | None = None,
        *,
        location: str = "",
    ) -> None:
        self.location = location or "chromadb"
        self._client = client
        self._embedder = embedder if embedder is not None else default_embedder()
        self._reports = self._collection(REPORTS)
        self._claims = self._collection(CLAIMS)
        self._flags = self._collection(FLAGS)
        # Opened on first use: a store that never sees a review keeps its three collections.
        self._reviews: Collection | None = None
        self._batch_limit: int | None = None
        self._flags_indexed = False
        self._report_cache: OrderedDict[str, Report] = OrderedDict()
        self._cache_lock = threading.Lock()

    # ---------- setup ----------

    def _collection(self, name: str) -> Collection:
        with _failures(f"open collection {name!r} in {self.location}"):
            collection = self._client.get_or_create_collection(
                name,
                # Always explicit: chromadb's default downloads an ONNX model at
                # run time, and vectors from two functions cannot be compared.
                embedding_function=cast("EmbeddingFunction[Embeddable]", self._embedder),
                configuration={"hnsw": {"space": "cosine"}},
            )
        persisted = collection.configuration_json.get("embedding_function") or {}
        expected = {"name": EMBEDDER_NAME, "config": self._embedder.get_config()}
        if (
            persisted.get("name") != expected["name"]
            or persisted.get("config") != expected["config"]
        ):
            found = persisted.get("name") or persisted.get("type") or "none"
            raise StoreError(
                f"collection {name!r} in {self.location} was embedded with {found} "
                f"{persisted.get('config', {})}, not {expected['name']} {expected['config']}"
            )
        return collection

    def _fetch(
        self,
        collection: Collection,
        *,
        ids: list[str] | None = None,
        where: Where | None = None,
        metadatas: bool = True,
        embeddings: bool = False,
    ) -> list[tuple[str, Mapping[str, Any], Any]]:
        """Records as (id, metadata or {}, embedding or None), read page by page."""
        include: Include = []
        if metadatas:
            include.append("metadatas")
        if embeddings:
            include.append("embeddings")
        rows: list[tuple[str, Mapping[str, Any], Any]] = []

        def take(found: GetResult) -> int:
            metas = found["metadatas"] if metadatas else None
            vectors = found["embeddings"] if embeddings else None
            for n, rid in enumerate(found["ids"]):
                rows.append(
                    (
                        rid,
                        metas[n] if metas else {},
                        vectors[n] if vectors is not None else None,
                    )
                )
            return len(found["ids"])

        # chromadb binds every matching id as an SQL variable: one unpaged get of
        # ~100k records fails with "too many SQL variables".
        if ids is not None:
            for start in range(0, len(ids), _PAGE):
                take(collection.get(ids=ids[start : start + _PAGE], where=where, include=include))
            return rows
        offset = 0
        # A short page is the last: no empty read to find the end.
        while (
            take(collection.get(where=where, include=include, limit=_PAGE, offset=offset)) == _PAGE
        ):
            offset += _PAGE
        return rows

    def _max_batch(self) -> int:
        if self._batch_limit is None:
            with _failures(f"query {self.location}"):
                self._batch_limit = int(self._client.get_max_batch_size())
        return self._batch_limit

    def _write(
        self,
        collection: Collection,
        ids: list[str],
        documents: list[str],
        metadatas: list[Metadata],
        embeddings: NDArray[np.float32],
        *,
        upsert: bool = False,
    ) -> None:
        """One chromadb call, split only where the backend's batch limit forces it."""
        limit = self._max_batch()
        write = collection.upsert if upsert else collection.add
        for start in range(0, len(ids), limit):
            end = start + limit
            write(
                ids=ids[start:end],
                documents=documents[start:end],
                metadatas=metadatas[start:end],  # type: ignore[arg-type]
                embeddings=embeddings[start:end],
            )

    # ---------- reports and claims ----------

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

        with _failures(f"read reports from {self.location}"):
            found = self._fetch(self._reports, ids=list(batch))
        for rid, meta, _ in found:
            if meta.get("content_hash") != batch[rid][0].content_hash:
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
        # One embedding pass for everything: the model batches by tokens, so
        # mixing short claims and long reports costs nothing extra.
        with _failures("embed reports"):
            vectors = self._embedder.embed(
                [claim_document(c) for c, _, _ in rows] + [report_document(r) for r in reports]
            )
        with _failures(f"write to {self.location}"):
            if rows:
                claim_ids = [c.id for c, _, _ in rows]
                # Claims left by an interrupted earlier run must be replaced, not
                # kept (add ignores existing ids); upsert costs twice what add does,
                # so only pay for it when such leftovers exist.
                leftovers = bool(self._fetch(self._claims, ids=claim_ids, metadatas=False))
                self._write(
                    self._claims,
                    claim_ids,
                    [claim_document(c) for c, _, _ in rows],
                    [claim_metadata(c, r, n) for c, r, n in rows],
                    vectors[: len(rows)],
                    upsert=leftovers,
                )
            # Reports last: a report is the commit marker for its claims, so a
            # crash in between leaves it absent and the retry redoes the claims.
            self._write(
                self._reports,
                [r.id for r in reports],
                [report_document(r) for r in reports],
                [report_metadata(r, len(batch[r.id][1])) for r in reports],
                vectors[len(rows) :],
            )
        return len(reports)

    def has_report(self, report_id: str) -> bool:
        """Whether a report with this id is stored."""
        with _failures(f"read reports from {self.location}"):
            return bool(self._reports.get(ids=[report_id], include=[])["ids"])

    def get_report(self, report_id: str) -> Report | None:
        """The stored report with this id, if any."""
        return self._reports_by_id([report_id]).get(report_id)

    def _reports_by_id(self, ids: Iterable[str]) -> dict[str, Report]:
        # Reports never change once stored (a different content is refused), so
        # a cache cannot go stale; it saves a round trip per neighbour query.
        wanted = list(dict.fromkeys(ids))
        with self._cache_lock:
            out = {rid: self._report_cache[rid] for rid in wanted if rid in self._report_cache}
            for rid in out:
                self._report_cache.move_to_end(rid)
        missing = [rid for rid in wanted if rid not in out]
        if missing:
            with _failures(f"read reports from {self.location}"):
                for rid, meta, _ in self._fetch(self._reports, ids=missing):
                    out[rid] = _parse(Report, meta, f"report {rid}")
            # The UI calls the store from worker threads.
            with self._cache_lock:
                for rid in missing:
                    if rid in out:
                        self._report_cache[rid] = out[rid]
                while len(self._report_cache) > _REPORT_CACHE_SIZE:
                    self._report_cache.popitem(last=False)
        return out

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
        offset = 0
        with _failures(f"read reports from {self.location}"):
            while True:
                found = self._reports.get(include=["metadatas"], limit=_PAGE, offset=offset)
                for rid, meta in zip(found["ids"], found["metadatas"] or [], strict=True):
                    published = meta.get("published")
                    keys.append((0, published, rid) if isinstance(published, int) else (1, 0, rid))
                if len(found["ids"]) < _PAGE:
                    break
                offset += _PAGE
        keys.sort()
        for start in range(0, len(keys), page):
            ids = [rid for _, _, rid in keys[start : start + page]]
            with _failures(f"read reports from {self.location}"):
                metas = {rid: meta for rid, meta, _ in self._fetch(self._reports, ids=ids)}
                # A report deleted between the two reads is left out.
                reports = [
                    _parse(Report, metas[rid], f"report {rid}") for rid in ids if rid in metas
                ]
            if reports:
                yield sorted(reports, key=_published_key)

    def get_claim(self, claim_id: str) -> Claim | None:
        """The stored claim with this id, if any."""
        with _failures(f"read claims from {self.location}"):
            found = self._claims.get(ids=[claim_id], include=["metadatas"])
            if not found["ids"]:
                return None
            metas = found["metadatas"] or []
            return _parse(Claim, metas[0] if metas else None, f"claim {claim_id}")

    def claims(
        self, report: str | None = None, metric: str | None = None, source: str | None = None
    ) -> list[Claim]:
        """Stored claims, optionally of one report, metric or source, in reading order."""
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

    def find_claims(self, where: Where) -> list[tuple[Claim, datetime | None]]:
        """Stored claims matching a `where` clause, each with its report's publish time."""
        with _failures(f"read claims from {self.location}"):
            rows = self._fetch(self._claims, where=where)
            claims = [_parse(Claim, meta, f"claim {cid}") for cid, meta, _ in rows]
        reports = self._reports_by_id(c.report for c in claims)
        return [(c, reports[c.report].published) for c in claims if c.report in reports]

    # ---------- neighbours ----------

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
        flt = ClaimFilter(
            metric=claim.metric.value if same_metric else None,
            not_report=claim.report,
            published_min=low,
            published_max=high,
        )
        return self._nearest(self._claim_vector(claim), k, flt)

    def _claim_vector(self, claim: Claim) -> NDArray[np.float32]:
        """The claim's stored vector when the store holds this very text, else a fresh one."""
        # Reading it back takes ~1 ms; embedding takes ~10 ms, and a fresh `tally related`
        # process would load the model (about 1 s) for it.
        document = claim_document(claim)
        with _failures(f"read claims from {self.location}"):
            found = self._claims.get(ids=[claim.id], include=["documents", "embeddings"])
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
        if k <= 0 or flt.empty:
            return []
        with _failures(f"query claims in {self.location}"):
            fetch = max(_MIN_CANDIDATES, k * _CANDIDATES_PER_RESULT)
            found = self._claims.query(
                query_embeddings=vector.reshape(1, -1), n_results=fetch, include=["distances"]
            )
            distances = (found["distances"] or [[]])[0]
            ranked = [
                (cid, 1.0 - float(d)) for cid, d in zip(found["ids"][0], distances, strict=False)
            ]
            day_where = flt.day_where(_MAX_WINDOW_DAYS)
            # A short window has a cheap exact scan: give up on the candidates as
            # soon as the best few show the window is not where they are.
            budget = _first_read(k) if day_where is not None else len(ranked)
            hits, read = self._first_passing(ranked, k, flt, budget)
            # Every claim that passes the filter but was not ranked is farther than
            # all those ranked, so k survivors are already the exact top k; fewer
            # results than asked means the whole collection was ranked.
            if len(hits) < k and not (read == len(ranked) < fetch):
                if day_where is not None:
                    hits = self._scan(vector, k, day_where, flt)
                else:
                    hits = self._filtered_query(vector, k, flt)
        return self._hydrate(hits[:k])

    def _first_passing(
        self, ranked: list[tuple[str, float]], k: int, flt: ClaimFilter, budget: int
    ) -> tuple[list[tuple[Mapping[str, Any], float]], int]:
        """The best ranked claims that pass the filter (up to k), and how many were read."""
        # chromadb reads metadata at ~65 us a record (about 4 us a key), far more
        # than ranking costs: read it for the best few first, and further down
        # the ranking only while too few of those pass.
        hits: list[tuple[Mapping[str, Any], float]] = []
        read, step = 0, _first_read(k)
        while read < min(budget, len(ranked)) and len(hits) < k:
            chunk = ranked[read : min(read + step, budget)]
            metas = {
                cid: meta for cid, meta, _ in self._fetch(self._claims, ids=[c for c, _ in chunk])
            }
            hits.extend(
                (metas[cid], score)
                for cid, score in chunk
                if cid in metas and flt.matches(metas[cid])
            )
            read += len(chunk)
            # Read on as far as the share passing so far says the rest lies (and a quarter
            # more): ~340 reads instead of 750 for the CLI's 100 same-metric neighbours.
            share = max(len(hits) / read, 1 / 16)
            step = max(int((k - len(hits)) / share * 1.25) + 1, 20)
        return hits, read

    def _scan(
        self, vector: NDArray[np.float32], k: int, where: Where, flt: ClaimFilter
    ) -> list[tuple[Mapping[str, Any], float]]:
        """Exact neighbours within a short time window, scored here."""
        # chromadb's filtered HNSW walk costs ~55 ms at 100k claims however few
        # ids are allowed: fetch the window's vectors alone through the indexed
        # day buckets and score them with one matrix product instead.
        rows = self._fetch(self._claims, where=where, metadatas=False, embeddings=True)
        if not rows:
            return []
        scores = np.asarray([vec for _, _, vec in rows], dtype=np.float32) @ vector
        ranked = [(rows[i][0], float(scores[i])) for i in np.argsort(-scores, kind="stable")]
        return self._first_passing(ranked, k, flt, len(ranked))[0]

    def _filtered_query(
        self, vector: NDArray[np.float32], k: int, flt: ClaimFilter
    ) -> list[tuple[Mapping[str, Any], float]]:
        """Exact neighbours through chromadb's `where`: slow, for wide windows only."""
        # The exclusion stays out of the `where` ($ne alone costs chromadb ~100 ms
        # at 100k claims): ask for as many more as the own report can take away.
        own = 0
        if flt.not_report is not None:
            own = len(self._claims.get(where={"report": flt.not_report}, include=[])["ids"])
        found = self._claims.query(
            query_embeddings=vector.reshape(1, -1),
            n_results=k + own,
            where=flt.where(exclude_report=False),
            include=["metadatas", "distances"],
        )
        metas = (found["metadatas"] or [[]])[0]
        distances = (found["distances"] or [[]])[0]
        return [
            (meta, 1.0 - float(d))
            for meta, d in zip(metas, distances, strict=False)
            if flt.matches(meta)
        ]

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

    # ---------- flags ----------

    def add_flags(self, flags: Iterable[Flag]) -> int:
        """Store flags not stored yet (same id = same flag); returns how many were new."""
        batch = {flag.id: flag for flag in flags}
        if not batch:
            return 0
        with _failures(f"read flags from {self.location}"):
            for fid, _, _ in self._fetch(self._flags, ids=list(batch)):
                del batch[fid]
        if not batch:
            return 0
        new = list(batch.values())
        with _failures("embed flags"):
            vectors = self._embedder.embed([flag_document(f) for f in new])
        # Nanosecond stamps keep flags() in insertion order across processes.
        base = time.time_ns()
        with _failures(f"write to {self.location}"):
            self._write(
                self._flags,
                [f.id for f in new],
                [flag_document(f) for f in new],
                [flag_metadata(f, base + n) for n, f in enumerate(new)],
                vectors,
            )
        return len(new)

    def flags(self) -> list[Flag]:
        """Every stored flag, oldest first."""
        with _failures(f"read flags from {self.location}"):
            rows = sorted(
                self._fetch(self._flags), key=lambda row: (_int(row[1].get("seq")), row[0])
            )
            return [_parse(Flag, meta, f"flag {fid}") for fid, meta, _ in rows]

    def iter_flags(self, kind: str | None = None, page: int = 1_000) -> Iterator[list[Flag]]:
        """Stored flags (of one kind), a page at a time, in the order they were stored."""
        where: Where | None = {"kind": kind} if kind else None
        offset = 0
        while True:
            with _failures(f"read flags from {self.location}"):
                found = self._flags.get(
                    where=where, include=["metadatas"], limit=page, offset=offset
                )
                metas = found["metadatas"] or []
                rows = sorted(
                    zip(found["ids"], metas, strict=True),
                    key=lambda row: (_int(row[1].get("seq")), row[0]),
                )
                flags = [_parse(Flag, meta, f"flag {fid}") for fid, meta in rows]
            if flags:
                yield flags
            if len(found["ids"]) < page:
                return
            offset += page

    def flags_on(self, claim_ids: Iterable[str]) -> list[Flag]:
        """Stored flags whose first claim is one of these (all flags over them), oldest first."""
        self._index_flags()
        wanted = sorted(set(claim_ids))
        rows: list[tuple[str, Mapping[str, Any], Any]] = []
        with _failures(f"read flags from {self.location}"):
            for start in range(0, len(wanted), _IN_PAGE):
                page = wanted[start : start + _IN_PAGE]
                rows += self._fetch(self._flags, where={FLAG_FIRST_CLAIM: {"$in": page}})
            rows.sort(key=lambda row: (_int(row[1].get("seq")), row[0]))
            return [_parse(Flag, meta, f"flag {fid}") for fid, meta, _ in rows]

    def _index_flags(self) -> None:
        """Give flags stored before `claim0` existed that field, once per store."""
        if self._flags_indexed:
            return
        with _failures(f"read flags from {self.location}"):
            # Once every flag has the field, the collection says so: checking again would
            # read every flag id (24,000 at 10,000 reports: 1 s and 75 MB) in each verify.
            if (self._flags.metadata or {}).get(FLAGS_ALL_INDEXED):
                self._flags_indexed = True
                return
            total = self._flags.count()
            indexed = len(self._fetch(self._flags, where={FLAG_INDEXED: 1}, metadatas=False))
            if indexed < total:
                missing = [
                    (fid, meta)
                    for fid, meta, _ in self._fetch(self._flags)
                    if meta.get(FLAG_INDEXED) != 1
                ]
                for start in range(0, len(missing), _PAGE):
                    page = missing[start : start + _PAGE]
                    metas: list[Metadata] = []
                    for fid, meta in page:
                        flag = _parse(Flag, meta, f"flag {fid}")
                        first = flag.claims[0].id if flag.claims else ""
                        metas.append(
                            {**cast(Metadata, meta), FLAG_FIRST_CLAIM: first, FLAG_INDEXED: 1}
                        )
                    with _failures(f"write to {self.location}"):
                        self._flags.update(
                            ids=[fid for fid, _ in page],
                            metadatas=cast(Any, metas),
                        )
        with _failures(f"write to {self.location}"):
            self._flags.modify(metadata={**(self._flags.metadata or {}), FLAGS_ALL_INDEXED: 1})
        self._flags_indexed = True

    def get_flag(self, flag_id: str) -> Flag | None:
        """The stored flag with this id, if any."""
        with _failures(f"read flags from {self.location}"):
            found = self._fetch(self._flags, ids=[flag_id])
            return _parse(Flag, found[0][1], f"flag {flag_id}") if found else None

    def delete_flags(self, ids: Iterable[str]) -> int:
        """Withdraw flags that no longer hold; returns how many were stored."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return 0
        with _failures(f"read flags from {self.location}"):
            present = [fid for fid, _, _ in self._fetch(self._flags, ids=wanted)]
        if present:
            with _failures(f"write to {self.location}"):
                self._flags.delete(ids=present)
        return len(present)

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
        with _failures(f"count records in {self.location}"):
            return {
                REPORTS: self._reports.count(),
                CLAIMS: self._claims.count(),
                FLAGS: self._flags.count(),
            }
