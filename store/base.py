"""The store's ground floor: chromadb collections, batched reads and writes, one-line
errors, and the report cache; the parts of ClaimStore build on it."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx
import numpy as np
from chromadb.errors import ChromaError
from pydantic import BaseModel, TypeAdapter

from assistant.core.errors import StoreError
from assistant.core.models import Claim, Report
from store.embeddings import (
    RecordKeyFunction,
    UsemEmbeddingFunction,
    default_embedder,
)
from store.families import FRESH_S, Family
from store.ledger import REPORT, Ledger
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
_CLAIM_CACHE_SIZE = 20_000
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
        self._claim_cache: OrderedDict[str, tuple[Claim, datetime | None]] = OrderedDict()
        self._cache_lock = threading.Lock()

    # ---------- setup ----------

    def _open_records(
        self, name: str, older: str, names: set[str], marks: dict[str, int] | None = None
    ) -> tuple[Family, UsemEmbeddingFunction | RecordKeyFunction]:
        """A records family in use and the function that gives its vectors: the new
        one, unless an older store's records are not all copied there yet."""
        keys = RecordKeyFunction()
        if name in names or older not in names:
            records = self._collection(name, keys, metadata={RECORDS_COMPLETE: 1, **(marks or {})})
            if (records.metadata or {}).get(RECORDS_COMPLETE) or older not in names:
                return self._family(records, names), keys
        return self._family(self._collection(older), names, grows=False), self._embedder

    def _family(self, first: Collection, names: set[str], *, grows: bool = True) -> Family:
        def member(name: str) -> Collection:
            return self._collection(name, RecordKeyFunction(), metadata={RECORDS_COMPLETE: 1})

        return Family(first, member, self._collection_names, names, grows=grows)

    # ---------- the side index (store/ledger.py) ----------

    def _index(self) -> Ledger | None:
        """The side index when reads may come from it (complete, no write unsettled)."""
        ledger = self._ledger
        return ledger if ledger is not None and ledger.ready() else None

    def _member_rows(
        self, family: Family, **kw: Any
    ) -> list[tuple[str, tuple[str, Mapping[str, Any], Any]]]:
        """A read of every member, each row with the name of the member holding it."""
        return [(m.name, row) for m in family.members() for row in self._fetch(m, **kw)]

    def _copy_flags(
        self, ledger: Ledger, rows: Iterable[tuple[str, tuple[str, Mapping[str, Any], Any]]]
    ) -> None:
        ledger.put_flags(
            [
                (
                    fid,
                    _first_claim(meta),
                    _int(meta.get("seq")),
                    str(meta.get("kind", "")),
                    str(meta.get(JSON_KEY, "")),
                    part,
                )
                for part, (fid, meta, _) in rows
            ]
        )

    # ---------- meaning partitions ----------

    def _partitions(self) -> list[Collection]:
        """The collections holding claims' meaning vectors, oldest first. Listed again after
        FRESH_S (another writer may have started one; listing costs a few ms a query) and
        whenever this store starts one."""
        now = time.monotonic()
        if self._listed is None or now - self._listed[0] > FRESH_S:
            self._listed = (now, _partition_names(self._collection_names()))
        return [self._partition(n) for n in self._listed[1]]

    def _collection_names(self) -> set[str]:
        with _failures(f"list collections in {self.location}"):
            return {str(getattr(c, "name", c)) for c in self._client.list_collections()}

    def _partition(self, name: str) -> Collection:
        if name == self._claims.name:
            return self._claims.first  # an older store's claims: records and vectors in one
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
        collection: Collection | Family,
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

        if isinstance(collection, Family):
            kw = {"ids": ids, "where": where, "metadatas": metadatas, "embeddings": embeddings}
            return [row for _, row in self._member_rows(collection, **kw)]
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
        collection: Collection | Family,
        ids: list[str],
        documents: list[str],
        metadatas: list[Metadata],
        embeddings: NDArray[np.float32],
        *,
        upsert: bool = False,
    ) -> str:
        """One chromadb call, split only where the backend's batch limit forces it; a
        family's records go to the member it names. Returns the collection written."""
        if isinstance(collection, Family):
            family = collection
            name = self._write(
                family.target(len(ids)), ids, documents, metadatas, embeddings, upsert=upsert
            )
            family.wrote(name, len(ids))
            return name
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
        return collection.name

    # ---------- reports and claims ----------

    def _by_id(
        self, family: Family, kind: str, ids: list[str], *, metadatas: bool = True
    ) -> list[tuple[str, Mapping[str, Any], Any]]:
        """Records by id: from the members the side index names (a record it does not
        hold is not stored), or from every member."""
        if self._index() is None:
            return self._fetch(family, ids=ids, metadatas=metadatas)
        return [
            row
            for part, some in self._holders(family, kind, ids).items()
            for row in self._fetch(family.member(part), ids=some, metadatas=metadatas)
        ]

    def _holders(self, family: Family, kind: str, ids: list[str]) -> dict[str, list[str]]:
        """Which of these records are stored, by the member holding them: as the side index
        says, or by asking every member."""
        index = self._index()
        if index is not None:
            pairs = list(index.parts(kind, ids).items())
        else:
            rows = self._member_rows(family, ids=ids, metadatas=False)
            pairs = [(row[0], part) for part, row in rows]
        held: dict[str, list[str]] = {}
        for rid, part in pairs:
            held.setdefault(part, []).append(rid)
        return held

    def _claim_records(self, ids: list[str]) -> dict[str, Mapping[str, Any]]:
        """Claims' records by id (metadata and JSON), from the side index when it is in step
        (no collection is touched), else chromadb."""
        index = self._index()
        if index is None:
            return {cid: meta for cid, meta, _ in self._fetch(self._claims, ids=ids)}
        return dict(index.claims_by_id(ids))

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
                for rid, meta, _ in self._by_id(self._reports, REPORT, missing):
                    out[rid] = _parse(Report, meta, f"report {rid}")
            # The UI calls the store from worker threads.
            with self._cache_lock:
                for rid in missing:
                    if rid in out:
                        self._report_cache[rid] = out[rid]
                while len(self._report_cache) > _REPORT_CACHE_SIZE:
                    self._report_cache.popitem(last=False)
        return out
