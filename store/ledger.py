"""A side index of a local store's records, one SQLite file in the store folder: what a batch's
checks read (claims by metric and time, report hashes, flags by first claim) answered by
indexed SQL rather than by chromadb.

Why: chromadb's `get` with a metadata filter costs a pass over every record its least
selective clause matches, and its local core loads a collection's whole index on first
touch; a 20-wire batch against 100,000 reports spent most of its 7 s in those reads. Here
the same questions are B-tree lookups that cost what they return.

Derived, never the record: chromadb holds every report, claim and flag; this index is built
from it when missing (`ClaimStore.upgrade`, a writer's first step) and kept in step by every
write. The write protocol keeps it honest across a crash: the ids a write is about to make
are entered as pending (committed) before chromadb is written, and leave pending in the one
transaction that writes their rows. An index with pending ids (a writer mid-batch, or one
that was killed) is not read: the store reads chromadb until a writer reconciles the pending
ids with what chromadb holds.

A store on a chroma server has no folder, hence no index: its reads stay chromadb `where`
clauses (the Pool in assistant/check/pool.py keeps them few and wide).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

INDEX_FILE = "tally-index.sqlite3"
# Bumped when the tables change: an index of another schema is rebuilt from the store.
SCHEMA = "2"
REPORT, FLAG = "report", "flag"

# The claim-record metadata fields (store/records.py claim_metadata) kept as columns: every
# field a `where` clause on claims may name.
CLAIM_FIELDS = (
    "report",
    "ordinal",
    "outlet",
    "published",
    "day",
    "metric_day",
    "language",
    "metric",
    "scope",
    "period_start",
    "period_end",
    "location",
    "source",
    "value",
    "qualifier",
    "unit",
    "vectors",
)
_IN_PAGE = 500

_TABLES = f"""
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, content_hash TEXT, json_published TEXT, part TEXT
);
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY, {", ".join(CLAIM_FIELDS)}, json TEXT NOT NULL, part TEXT
);
CREATE INDEX IF NOT EXISTS claims_report ON claims (report, ordinal);
CREATE INDEX IF NOT EXISTS claims_metric_day ON claims (metric_day);
CREATE INDEX IF NOT EXISTS claims_metric_published ON claims (metric, published);
CREATE INDEX IF NOT EXISTS claims_metric_start ON claims (metric, period_start);
CREATE INDEX IF NOT EXISTS claims_start ON claims (period_start);
CREATE INDEX IF NOT EXISTS claims_published ON claims (published);
CREATE TABLE IF NOT EXISTS flags (
    id TEXT PRIMARY KEY, claim0 TEXT, seq INTEGER, kind TEXT, json TEXT NOT NULL, part TEXT
);
CREATE INDEX IF NOT EXISTS flags_claim0 ON flags (claim0);
CREATE INDEX IF NOT EXISTS flags_order ON flags (seq, id);
CREATE INDEX IF NOT EXISTS flags_kind ON flags (kind, seq, id);
CREATE TABLE IF NOT EXISTS pending (
    kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)
);
"""

_UNPEND = "DELETE FROM pending WHERE kind = ? AND id = ?"
_OPS = {"$eq": "=", "$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}


class Unanswerable(ValueError):
    """A `where` clause naming a field or operator the index does not hold."""


def _clause(where: Mapping[str, Any], params: list[Any]) -> str:
    """SQL for a chromadb-style `where`, with chromadb's meaning: a record without the field
    matches no comparison with it (as SQL's NULL), but is unequal to every value and outside
    every list ($ne, $nin)."""
    parts: list[str] = []
    for key, cond in where.items():
        if key in ("$and", "$or"):
            inner = [_clause(c, params) for c in cond]
            parts.append("(" + (" AND " if key == "$and" else " OR ").join(inner) + ")")
            continue
        if key not in CLAIM_FIELDS:
            raise Unanswerable(f"no column {key!r}")
        ops = cond if isinstance(cond, Mapping) else {"$eq": cond}
        for op, arg in ops.items():
            if op == "$ne":
                # chromadb: a record without the field is not equal to anything.
                parts.append(f"({key} IS NULL OR {key} != ?)")
                params.append(arg)
            elif op in ("$lt", "$lte"):
                # Not an index bound ('+' hides the column from the planner): the checks ask
                # for things near a batch at the archive's end, where an upper bound on a
                # time holds for nearly every record and a lower bound for few; bounded
                # from above, the index would be walked over the whole past.
                parts.append(f"+{key} {_OPS[op]} ?")
                params.append(arg)
            elif op in _OPS:
                parts.append(f"{key} {_OPS[op]} ?")
                params.append(arg)
            elif op in ("$in", "$nin") and isinstance(arg, list | tuple) and arg:
                # (chromadb refuses an empty list: so does the index, by passing it on)
                marks = ", ".join("?" * len(arg))
                if op == "$in":
                    parts.append(f"{key} IN ({marks})")
                else:
                    parts.append(f"({key} IS NULL OR {key} NOT IN ({marks}))")
                params.extend(arg)
            else:
                raise Unanswerable(f"no operator {op!r}")
    return "(" + " AND ".join(parts) + ")" if parts else "1"


def where_sql(where: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The SQL condition and its parameters for a `where` on claims (Unanswerable if it
    names a field the index does not keep)."""
    params: list[Any] = []
    return _clause(where, params), params


def _pages(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _IN_PAGE):
        yield items[start : start + _IN_PAGE]


class Ledger:
    """The index file of one store folder. Thread-safe (the terminal UI reads from workers);
    several processes may open it (SQLite's WAL: readers never wait for the writer)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / INDEX_FILE
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # A lost last transaction after a power cut is a stale index, which the pending
        # ids or a rebuild repair; it is never a lost record (chromadb holds those).
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT)")
            if self._info("schema") not in (None, SCHEMA):
                # Another schema: made again, and built again from the store.
                self._db.executescript(
                    "DROP TABLE IF EXISTS reports; DROP TABLE IF EXISTS claims; "
                    "DROP TABLE IF EXISTS flags; DROP TABLE IF EXISTS pending; DELETE FROM info;"
                )
            self._db.executescript(_TABLES)
            self._set_info("schema", SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db

    def _info(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_info(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))

    # ---------- state ----------

    @property
    def complete(self) -> bool:
        """Whether every record the store held when the index was built is in it."""
        with self._lock:
            return self._info("complete") == "1"

    def mark_complete(self) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO info VALUES ('complete', '1')")

    def pending(self) -> dict[str, list[str]]:
        """Ids a write entered and has not settled, by kind."""
        out: dict[str, list[str]] = {}
        with self._lock:
            for kind, rid in self._db.execute("SELECT kind, id FROM pending ORDER BY kind, id"):
                out.setdefault(kind, []).append(rid)
        return out

    def ready(self) -> bool:
        """Whether reads may come from here: complete, and no write unsettled."""
        with self._lock:
            if self._info("complete") != "1":
                return False
            return self._db.execute("SELECT 1 FROM pending LIMIT 1").fetchone() is None

    def enter(self, kind: str, ids: Iterable[str]) -> None:
        """Before chromadb is written: these ids are in flight (committed at once)."""
        with self._tx() as db:
            db.executemany("INSERT OR IGNORE INTO pending VALUES (?, ?)", ((kind, i) for i in ids))

    # ---------- writes (each settles its ids in the same transaction) ----------

    def put_reports(
        self,
        reports: Sequence[tuple[str, str | None, str | None, str]],
        claims: Sequence[tuple[str, Mapping[str, Any], str]],
    ) -> None:
        """Reports as (id, content hash, publish time as its JSON text, collection) and
        claims as (id, record metadata with its JSON, collection), written together; their
        ids leave pending."""
        with self._tx() as db:
            db.executemany("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?)", reports)
            marks = ", ".join("?" * (len(CLAIM_FIELDS) + 3))
            db.executemany(
                f"INSERT OR REPLACE INTO claims VALUES ({marks})",
                (
                    (cid, *(meta.get(k) for k in CLAIM_FIELDS), meta["json"], part)
                    for cid, meta, part in claims
                ),
            )
            db.executemany(_UNPEND, ((REPORT, r[0]) for r in reports))

    def put_flags(self, flags: Sequence[tuple[str, str, int, str, str, str]]) -> None:
        """Flags as (id, first claim id, sequence, kind, JSON, collection); their ids
        leave pending."""
        with self._tx() as db:
            db.executemany("INSERT OR REPLACE INTO flags VALUES (?, ?, ?, ?, ?, ?)", flags)
            db.executemany(_UNPEND, ((FLAG, f[0]) for f in flags))

    def drop_flags(self, ids: Sequence[str]) -> None:
        with self._tx() as db:
            db.executemany("DELETE FROM flags WHERE id = ?", ((i,) for i in ids))
            db.executemany(_UNPEND, ((FLAG, i) for i in ids))

    def settle(self, kind: str, ids: Iterable[str]) -> None:
        """These ids are known not to be in chromadb (a write that never happened)."""
        with self._tx() as db:
            db.executemany(_UNPEND, ((kind, i) for i in ids))

    def settle_all(self) -> None:
        """After a build from chromadb: nothing is in flight."""
        with self._tx() as db:
            db.execute("DELETE FROM pending")

    # ---------- reads ----------

    def hashes(self, ids: Sequence[str]) -> dict[str, str | None]:
        """The content hash of each of these reports that is stored."""
        out: dict[str, str | None] = {}
        with self._lock:
            for page in _pages(ids):
                marks = ", ".join("?" * len(page))
                rows = self._db.execute(
                    f"SELECT id, content_hash FROM reports WHERE id IN ({marks})", list(page)
                )
                out.update({str(rid): h for rid, h in rows})
        return out

    def claims_where(self, where: Mapping[str, Any]) -> list[tuple[str, str, str | None]]:
        """(id, claim JSON, its report's publish time as JSON text) of the claims matching a
        `where` whose report is stored, as chromadb would answer it."""
        sql, params = where_sql(where)
        with self._lock:
            rows = self._db.execute(
                "SELECT claims.id, claims.json, reports.json_published FROM claims "
                f"JOIN reports ON reports.id = claims.report WHERE {sql}",
                params,
            ).fetchall()
        return [(str(i), str(j), p) for i, j, p in rows]

    def claims_of(self, report: str) -> list[str]:
        """The JSON of one report's claims, in reading order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT json FROM claims WHERE report = ? ORDER BY ordinal, id", (report,)
            ).fetchall()
        return [str(r[0]) for r in rows]

    def flags_on(self, claim_ids: Sequence[str]) -> list[tuple[str, int, str]]:
        """(id, sequence, JSON) of the flags whose first claim is one of these."""
        rows: list[tuple[str, int, str]] = []
        with self._lock:
            for page in _pages(claim_ids):
                marks = ", ".join("?" * len(page))
                rows += self._db.execute(
                    f"SELECT id, seq, json FROM flags WHERE claim0 IN ({marks})", list(page)
                ).fetchall()
        return rows

    def flags_page(
        self, kind: str | None, after: tuple[int, str] | None, limit: int
    ) -> list[tuple[int, str, str]]:
        """(sequence, id, JSON) of the next `limit` flags (of one kind) in the order they
        were stored, after the (sequence, id) given: a keyed page costs the same however
        deep it is."""
        clauses: list[str] = []
        params: list[Any] = []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if after is not None:
            clauses.append("(seq > ? OR (seq = ? AND id > ?))")
            params += [after[0], after[0], after[1]]
        where = " AND ".join(clauses) or "1"
        with self._lock:
            rows = self._db.execute(
                f"SELECT seq, id, json FROM flags WHERE {where} ORDER BY seq, id LIMIT ?",
                [*params, limit],
            ).fetchall()
        return [(int(q), str(i), str(j)) for q, i, j in rows]

    def parts(self, kind: str, ids: Sequence[str]) -> dict[str, str]:
        """The collection holding each of these records (of those indexed)."""
        table = {REPORT: "reports", FLAG: "flags"}[kind]
        out: dict[str, str] = {}
        with self._lock:
            for page in _pages(ids):
                marks = ", ".join("?" * len(page))
                rows = self._db.execute(
                    f"SELECT id, part FROM {table} WHERE id IN ({marks})", list(page)
                )
                out.update({str(i): str(p) for i, p in rows if p is not None})
        return out

    def claims_by_id(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The record metadata (with its JSON) of each of these claims that is indexed, as
        chromadb holds it."""
        out: dict[str, dict[str, Any]] = {}
        columns = ", ".join(CLAIM_FIELDS)
        with self._lock:
            for page in _pages(ids):
                marks = ", ".join("?" * len(page))
                rows = self._db.execute(
                    f"SELECT id, json, {columns} FROM claims WHERE id IN ({marks})", list(page)
                )
                for cid, text, *values in rows:
                    pairs = zip(CLAIM_FIELDS, values, strict=True)
                    out[str(cid)] = {k: v for k, v in pairs if v is not None} | {"json": text}
        return out

    def part_counts(self) -> dict[str, int]:
        """How many indexed records each collection holds."""
        with self._lock:
            return {
                str(part): int(n)
                for table in ("reports", "claims", "flags")
                for part, n in self._db.execute(
                    f"SELECT part, count(*) FROM {table} WHERE part IS NOT NULL GROUP BY part"
                )
            }

    def orphans(self) -> list[str]:
        """Reports named by indexed claims but not stored (a write killed before the
        report, its commit marker, was written)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT report FROM claims WHERE report NOT IN (SELECT id FROM reports)"
            ).fetchall()
        return sorted(str(r[0]) for r in rows)

    def drop_claims_of(self, reports: Sequence[str]) -> None:
        with self._tx() as db:
            db.executemany("DELETE FROM claims WHERE report = ?", ((r,) for r in reports))

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {
                table: int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("reports", "claims", "flags")
            }
