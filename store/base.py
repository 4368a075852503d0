"""The store's ground floor: chromadb collections, batched reads and writes, one-line
errors, and the report cache; the parts of ClaimStore build on it."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx
import numpy as np
from chromadb.errors import ChromaError
from pydantic import BaseModel, TypeAdapter

from assistant.core.errors import StoreError
from assistant.core.models import Report
from store.embeddings import (
    RecordKeyFunction,
    UsemEmbeddingFunction,
    default_embedder,
)
from store.ledger import CLAIM, FLAG, REPORT, Ledger
from store.records import (
    FLAG_FIRST_CLAIM,
    JSON_KEY,
    Metadata,
    Where,
    epoch,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import Embeddable, EmbeddingFunction, GetResult, Include
    from numpy.typing import NDArray

# Claims: their records (metadata and JSON, a one-number vector each) in CLAIM_RECORDS, and
# their meaning vectors (512 floats, for related and search) in partitions of at most
# PARTITION_SIZE claims named MEANING_PREFIX + a serial. chromadb loads a collection's whole
# HNSW index on its first touch (about 2.5 kB a claim, 700 MB at 100,000 reports), so a
# batch writing its claims loads one partition, not the archive's vectors. A store written
# before keeps both in CLAIMS until a writer copies the records out (upgrade); CLAIMS then
# stays as the oldest partition.
CLAIM_RECORDS = "claim_records"
CLAIMS = "claims"
MEANING_PREFIX = "claim_meaning_"
PARTITION_SIZE = 50_000
# How long a listing of the partitions is trusted: a partition another process starts is
# searched from then on (seconds).
PARTITIONS_FRESH_S = 5.0
# Claim-record metadata: the partition that holds the claim's meaning vector (CLAIMS if absent).
VECTORS_KEY = "vectors"
# What a partition keeps beside each vector: the fields related and search filter on.
MEANING_KEYS = ("report", "metric", "source", "published", "day", "metric_day")
# Reports and flags are found by id and metadata, never by meaning: their records carry a
# one-number vector (RecordKeyFunction). A store written before keeps them in REPORTS and
# FLAGS, 512 floats each, until a writer moves them (upgrade).
REPORT_RECORDS = "report_records"
REPORTS = "reports"
FLAG_RECORDS = "flag_records"
FLAGS = "flags"
REVIEWS = "reviews"
# Flags-collection metadata: every stored flag has `claim0` (new flags are written with it).
FLAGS_ALL_INDEXED = "claim0_indexed"
# Records metadata: the collection holds every record (set at creation, or once an upgrade
# finished copying; a half-done upgrade leaves the old collection in use).
RECORDS_COMPLETE = "complete"

_REPORT_CACHE_SIZE = 4096
_PAGE = 5000
# Ids bound in one `$in` clause.
_IN_PAGE = 500

_M = TypeVar("_M", bound=BaseModel)
_PUBLISHED: TypeAdapter[datetime | None] = TypeAdapter(datetime | None)


def published_json(report: Report) -> str | None:
    """A report's publish time as its JSON writes it (read back exactly by `published_of`)."""
    value = _PUBLISHED.dump_python(report.published, mode="json")
    return None if value is None else str(value)


def published_of(text: str | None) -> datetime | None:
    return _PUBLISHED.validate_python(text)


def _open_ledger(folder: Path | None) -> Ledger | None:
    """The side index of a local store folder; None on a server, or where the folder
    cannot be written (a read-only store is read through a copy, from chromadb)."""
    if folder is None:
        return None
    try:
        return Ledger(folder)
    except (sqlite3.Error, OSError):
        return None


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
    except BaseException as e:
        # chromadb's Rust core panics on a database whose pages are corrupt (a record that
        # is no longer UTF-8): pyo3 raises that as a BaseException, which must not escape
        # as a traceback.
        if type(e).__name__ != "PanicException":
            raise
        raise StoreError(
            f"cannot {action}: its database is damaged ({_one_line(e)[:120]}); restore the "
            "folder from a backup"
        ) from e


def _parse(model: type[_M], meta: Mapping[str, Any] | None, what: str) -> _M:
    if meta is None or not isinstance(meta.get(JSON_KEY), str):
        raise StoreError(f"stored {what} has no JSON payload")
    return model.model_validate_json(meta[JSON_KEY])


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _first_claim(meta: Mapping[str, Any]) -> str:
    """A flag's first claim id: its own field, or (a flag stored before it) its JSON."""
    first = meta.get(FLAG_FIRST_CLAIM)
    if isinstance(first, str):
        return first
    claims = json.loads(str(meta.get(JSON_KEY) or "{}")).get("claims") or []
    return str(claims[0].get("id", "")) if claims else ""


def _report_row(rid: str, meta: Mapping[str, Any]) -> tuple[str, str | None, str | None]:
    """A report's row in the side index: id, content hash, publish time as JSON text."""
    text = meta.get(JSON_KEY)
    published = json.loads(text).get("published") if isinstance(text, str) else None
    content_hash = meta.get("content_hash")
    return (
        rid,
        content_hash if isinstance(content_hash, str) else None,
        None if published is None else str(published),
    )


def _partition_names(names: set[str]) -> list[str]:
    """The collections of claims' meaning vectors among these, oldest first."""
    ordered = sorted(n for n in names if n.startswith(MEANING_PREFIX))
    return ([CLAIMS] if CLAIMS in names else []) + ordered


def _published_key(report: Report) -> tuple[int, float, str]:
    # Undated reports sort after dated ones; ties by id keep the order stable.
    if report.published is None:
        return (1, 0.0, report.id)
    return (0, float(epoch(report.published)), report.id)


class StoreBase:
    """The collections, batched reads and writes, and the report cache every part uses."""

    def __init__(
        self,
        client: ClientAPI,
        embedder: UsemEmbeddingFunction | None = None,
        *,
        location: str = "",
        folder: Path | None = None,
    ) -> None:
        self.location = location or "chromadb"
        self._client = client
        self._ledger = _open_ledger(folder)
        self._embedder = embedder if embedder is not None else default_embedder()
        names = self._collection_names()
        if self._ledger is not None and not names & {
            REPORT_RECORDS,
            REPORTS,
            CLAIM_RECORDS,
            CLAIMS,
        }:
            # A new store: its index is complete from the first write on.
            with _failures(f"index {self.location}"):
                self._ledger.mark_complete()
        self._reports, self._report_vectors = self._open_records(REPORT_RECORDS, REPORTS, names)
        self._claims, _ = self._open_records(CLAIM_RECORDS, CLAIMS, names)
        self._meaning: dict[str, Collection] = {}
        # The partition new claims go to and how many it holds, once known.
        self._current: tuple[str, int] | None = None
        # When the partitions were last listed, and their names (listed with the rest now).
        self._listed: tuple[float, list[str]] | None = (time.monotonic(), _partition_names(names))
        self._flags, self._flag_vectors = self._open_records(
            FLAG_RECORDS, FLAGS, names, {FLAGS_ALL_INDEXED: 1}
        )
        # Opened on first use: a store that never sees a review keeps its three collections.
        self._reviews: Collection | None = None
        self._batch_limit: int | None = None
        self._flags_indexed = False
        self._report_cache: OrderedDict[str, Report] = OrderedDict()
        self._cache_lock = threading.Lock()

    # ---------- setup ----------

    def _open_records(
        self, name: str, older: str, names: set[str], marks: dict[str, int] | None = None
    ) -> tuple[Collection, UsemEmbeddingFunction | RecordKeyFunction]:
        """A records collection in use and the function that gives its vectors: the new
        one, unless an older store's records are not all copied there yet."""
        keys = RecordKeyFunction()
        if name in names or older not in names:
            records = self._collection(name, keys, metadata={RECORDS_COMPLETE: 1, **(marks or {})})
            if (records.metadata or {}).get(RECORDS_COMPLETE) or older not in names:
                return records, keys
        return self._collection(older), self._embedder

    def upgrade(self, progress: Callable[[str], None] | None = None) -> int:
        """Move an older store's reports and flags to their records (once; a writer's job):
        every later first touch of them is then a few bytes a record, not 512 floats.
        Returns how many records were moved."""
        moved = 0
        if self._reports.name != REPORT_RECORDS:
            self._reports, n = self._move(self._reports, REPORT_RECORDS, "reports", progress)
            self._report_vectors, moved = RecordKeyFunction(), moved + n
        if self._flags.name != FLAG_RECORDS:
            self._flags, n = self._move(self._flags, FLAG_RECORDS, "flags", progress)
            self._flag_vectors, moved = RecordKeyFunction(), moved + n
        if self._claims.name != CLAIM_RECORDS:
            # The old collection stays: it is the partition of the old claims' vectors.
            self._claims, n = self._move(self._claims, CLAIM_RECORDS, "claims", progress, keep=True)
            moved += n
        self._sync_ledger(progress)
        return moved

    # ---------- the side index (store/ledger.py) ----------

    def _index(self) -> Ledger | None:
        """The side index when reads may come from it (complete, no write unsettled)."""
        ledger = self._ledger
        return ledger if ledger is not None and ledger.ready() else None

    def _sync_ledger(self, progress: Callable[[str], None] | None = None) -> None:
        """Build the side index when missing, or settle the writes a killed writer left
        pending: a writer's first step, so its reads come from the index."""
        ledger = self._ledger
        if ledger is None:
            return
        with _failures(f"index {self.location}"):
            if not ledger.complete:
                self._build_ledger(ledger, progress)
                return
            pending = ledger.pending()
            reports = pending.get(REPORT, [])
            if reports:
                self._copy_reports(ledger, reports)
            flags = pending.get(FLAG, [])
            if flags:
                found = self._fetch(self._flags, ids=flags)
                self._copy_flags(ledger, found)
                kept = {fid for fid, _, _ in found}
                ledger.drop_flags([fid for fid in flags if fid not in kept])
            if pending.get(CLAIM):
                ledger.settle(CLAIM, pending[CLAIM])

    def _copy_reports(self, ledger: Ledger, ids: list[str]) -> None:
        """Index these reports as chromadb holds them, with their claims; ids it does not
        hold leave pending (their write never finished: a retry writes them again)."""
        for start in range(0, len(ids), _IN_PAGE):
            page = ids[start : start + _IN_PAGE]
            found = self._fetch(self._reports, ids=page)
            held = [rid for rid, _, _ in found]
            claims = self._fetch(self._claims, where={"report": {"$in": held}}) if held else []
            ledger.put_reports(
                [_report_row(rid, meta) for rid, meta, _ in found],
                [(cid, meta) for cid, meta, _ in claims if isinstance(meta.get(JSON_KEY), str)],
            )
            ledger.settle(REPORT, [rid for rid in page if rid not in set(held)])

    def _copy_flags(
        self, ledger: Ledger, rows: Iterable[tuple[str, Mapping[str, Any], Any]]
    ) -> None:
        ledger.put_flags(
            [
                (fid, _first_claim(meta), _int(meta.get("seq")), str(meta.get(JSON_KEY, "")))
                for fid, meta, _ in rows
            ]
        )

    def _build_ledger(self, ledger: Ledger, progress: Callable[[str], None] | None) -> None:
        """Index every record chromadb holds (once per store; a killed build starts over)."""
        say = progress or (lambda _m: None)
        for what, collection in (("reports", self._reports), ("claims", self._claims)):
            total = collection.count()
            done = 0
            while True:
                page = collection.get(include=["metadatas"], limit=_PAGE, offset=done)
                rows = list(zip(page["ids"], page["metadatas"] or [], strict=True))
                if what == "reports":
                    ledger.put_reports([_report_row(rid, meta) for rid, meta in rows], [])
                else:
                    ledger.put_reports(
                        [],
                        [(cid, m) for cid, m in rows if isinstance(m.get(JSON_KEY), str)],
                    )
                done += len(rows)
                say(f"indexing {what} (once): {done}/{total}")
                if len(rows) < _PAGE:
                    break
        self._copy_flags(ledger, self._fetch(self._flags))
        ledger.settle_all()
        ledger.mark_complete()

    def _move(
        self,
        old: Collection,
        name: str,
        what: str,
        progress: Callable[[str], None] | None,
        *,
        keep: bool = False,
    ) -> tuple[Collection, int]:
        """Copy a collection's records to `name` page by page under the same ids (a killed
        move is simply made again: copying a record twice leaves one); only when all are
        copied is the new collection marked complete and the old one dropped (unless kept)."""
        keys = RecordKeyFunction()
        # No marks yet: what the old collection says of its records is copied at the end.
        records = self._collection(name, keys)
        total = old.count()
        moved = 0
        with _failures(f"upgrade the {what} of {self.location}"):
            while True:
                page = old.get(include=["metadatas", "documents"], limit=_PAGE, offset=moved)
                ids = page["ids"]
                if not ids:
                    break
                docs = [d or "" for d in page["documents"] or []]
                records.upsert(
                    ids=ids,
                    documents=docs,
                    metadatas=page["metadatas"],  # type: ignore[arg-type]
                    embeddings=keys.embed(docs),
                )
                moved += len(ids)
                if progress is not None:
                    progress(f"moving {what} to their new index (once): {moved}/{total}")
            meta = {**(old.metadata or {}), **(records.metadata or {})}
            records.modify(metadata={**meta, RECORDS_COMPLETE: 1})
            if not keep:
                self._client.delete_collection(old.name)
        return records, moved

    # ---------- meaning partitions ----------

    def _partitions(self) -> list[Collection]:
        """The collections holding claims' meaning vectors, oldest first. Listed again after
        PARTITIONS_FRESH_S (another writer may have started one; listing costs a few ms a
        query) and whenever this store starts one."""
        now = time.monotonic()
        if self._listed is None or now - self._listed[0] > PARTITIONS_FRESH_S:
            self._listed = (now, _partition_names(self._collection_names()))
        return [self._partition(n) for n in self._listed[1]]

    def _collection_names(self) -> set[str]:
        with _failures(f"list collections in {self.location}"):
            return {str(getattr(c, "name", c)) for c in self._client.list_collections()}

    def _partition(self, name: str) -> Collection:
        if name == self._claims.name:
            return self._claims  # an older store's claims: records and vectors in one
        with self._cache_lock:
            if name not in self._meaning:
                self._meaning[name] = self._collection(name)
                if self._listed is not None and name not in self._listed[1]:
                    self._listed = None  # one this store just started: list again
            return self._meaning[name]

    def _partition_for(self, n: int) -> tuple[str, int]:
        """The partition n new claims go to, and how many it holds before them: the
        newest, or a next one when they would overfill it (a batch is never split)."""
        if self._current is None:
            newest = [p.name for p in self._partitions() if p.name.startswith(MEANING_PREFIX)]
            name = newest[-1] if newest else f"{MEANING_PREFIX}{1:04d}"
            with _failures(f"count claims in {self.location}"):
                self._current = (name, self._partition(name).count())
        name, held = self._current
        if n and held and held + n > PARTITION_SIZE:
            name = f"{MEANING_PREFIX}{int(name.removeprefix(MEANING_PREFIX)) + 1:04d}"
            # Another writer may have started it already.
            with _failures(f"count claims in {self.location}"):
                held = self._partition(name).count()
        return name, held

    def _collection(
        self,
        name: str,
        embedder: UsemEmbeddingFunction | RecordKeyFunction | None = None,
        *,
        metadata: dict[str, int] | None = None,
    ) -> Collection:
        function = embedder if embedder is not None else self._embedder
        with _failures(f"open collection {name!r} in {self.location}"):
            collection = self._client.get_or_create_collection(
                name,
                # Always explicit: chromadb's default downloads an ONNX model at
                # run time, and vectors from two functions cannot be compared.
                embedding_function=cast("EmbeddingFunction[Embeddable]", function),
                configuration={"hnsw": {"space": function.default_space()}},
                metadata=metadata,  # type: ignore[arg-type]
            )
        persisted = collection.configuration_json.get("embedding_function") or {}
        expected = {"name": function.name(), "config": function.get_config()}
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
