"""The side index (store/ledger.py): it answers what chromadb answers, is built when missing,
and is never read while a write it has not settled is in flight, killed writers included.

Every store here is a real chromadb folder; "without the index" is the same folder opened the
way a chroma server's store is (no folder, so no index), which reads chromadb alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Fixed

from assistant.app.pipeline import facts_of, verify
from assistant.check.checks import check
from assistant.check.retrieval import related
from assistant.core.models import Claim, Report
from store import ClaimStore, open_store
from store.generate import generate
from store.ledger import INDEX_FILE, Unanswerable, where_sql
from store.location import connect_path

ROOT = Path(__file__).resolve().parents[1]


def _chroma_only(folder: Path) -> ClaimStore:
    """The same store read from chromadb alone (as a server's store is)."""
    return ClaimStore(connect_path(folder), location=str(folder))


def _answers(rows: Iterable[tuple[Claim, datetime | None]]) -> list[tuple[str, str, Any]]:
    return sorted((c.id, c.model_dump_json(), when) for c, when in rows)


def _stored(folder: Path, n: int = 60, seed: int = 4) -> list[tuple[Report, list[Claim]]]:
    items = list(generate(n, seed=seed, days=40, planted=0.1))
    store = open_store(str(folder))
    store.add_reports(items)
    store.add_flags(check(f for r, c in items for f in facts_of(r, c)))
    return items


# Clauses of the shapes the checks ask (pool.py, candidates.py), and a few beyond them.
def _clauses(items: list[tuple[Report, list[Claim]]]) -> list[dict[str, Any]]:
    claims = [c for _, cs in items for c in cs]
    times = sorted(int(r.published.timestamp()) for r, _ in items if r.published)
    mid = times[len(times) // 2]
    day = mid // 86_400
    sources = sorted({c.source for c in claims if c.source})
    return [
        {"metric": "killed"},
        {"metric_day": {"$in": [f"killed:{d}" for d in range(day - 3, day + 1)]}},
        {"published": {"$gte": mid}},
        {"period_start": {"$gte": mid - 20 * 86_400}},
        {"$and": [{"metric": "injured"}, {"unit": {"$in": ["people", "km2"]}}]},
        {"$and": [{"scope": "cumulative"}, {"source": sources[0]}, {"published": {"$lt": mid}}]},
        {"$or": [{"published": {"$lte": mid}}, {"period_end": {"$lte": mid}}]},
        {"source": {"$ne": sources[0]}},
        {"source": {"$nin": sources[:2]}},
        {"report": items[3][0].id},
        {"value": {"$gt": 100.0}},
    ]


def test_the_index_answers_every_clause_as_chromadb_does(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    items = _stored(folder)
    store = open_store(str(folder))
    assert store._index() is not None, "a new store is indexed from its first write"
    plain = _chroma_only(folder)
    assert plain._index() is None
    for where in _clauses(items):
        got = _answers(store.find_claims(where))
        assert got == _answers(plain.find_claims(where)), where
    # Not every clause is empty: the comparison means something.
    assert all(store.find_claims(w) for w in _clauses(items)[:2])
    report = items[5][0].id
    assert [c.id for c in store.claims(report=report)] == [
        c.id for c in plain.claims(report=report)
    ]
    ids = [r.id for r, _ in items[:10]] + ["no-such-report"]
    assert store.content_hashes(ids) == plain.content_hashes(ids)
    claim_ids = [c.id for _, cs in items for c in cs]
    assert [f.id for f in store.flags_on(claim_ids)] == [f.id for f in plain.flags_on(claim_ids)]
    assert store.flags_on(claim_ids)


def test_related_and_search_answer_as_they_do_from_chromadb(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    items = _stored(folder, n=40)
    store, plain = open_store(str(folder)), _chroma_only(folder)
    assert store._index() is not None and plain._index() is None
    for _, claims in items[::7]:
        for claim in claims[:1]:
            # The re-ranking reads the neighbours' records: the index must give all of it.
            got = [(r.claim.id, round(r.score, 6)) for r in related(store, claim)]
            assert got == [(r.claim.id, round(r.score, 6)) for r in related(plain, claim)]
            assert got
            assert store.get_claim(claim.id) == plain.get_claim(claim.id) == claim
    hits = store.search("people killed", k=5)
    assert [(h.claim.id, h.score) for h in hits] == [
        (h.claim.id, h.score) for h in plain.search("people killed", k=5)
    ]


def test_a_clause_the_index_cannot_answer_is_asked_of_chromadb(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    items = _stored(folder, n=20)
    with pytest.raises(Unanswerable):
        where_sql({"language": "en", "no_such_field": 1})
    with pytest.raises(Unanswerable):
        where_sql({"metric": {"$contains": "kill"}})
    with pytest.raises(Unanswerable):
        where_sql({"metric": {"$in": []}})
    store = open_store(str(folder))
    report = items[0][0]
    # `outlet` is kept; `json` is not a column: chromadb answers.
    where = {"$and": [{"report": report.id}, {"json": {"$ne": ""}}]}
    assert _answers(store.find_claims(where)) == _answers(_chroma_only(folder).find_claims(where))


def test_a_missing_index_is_built_by_the_first_writer(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    items = _stored(folder)
    (folder / INDEX_FILE).unlink()
    store = open_store(str(folder))
    # An index made now, over a store that holds records, is not trusted until built.
    assert store._index() is None
    said: list[str] = []
    store.upgrade(said.append)
    assert store._index() is not None
    assert any("indexing claims" in s for s in said)
    plain = _chroma_only(folder)
    for where in _clauses(items):
        assert _answers(store.find_claims(where)) == _answers(plain.find_claims(where))
    claim_ids = [c.id for _, cs in items for c in cs]
    assert [f.id for f in store.flags_on(claim_ids)] == [f.id for f in plain.flags_on(claim_ids)]


def test_an_index_of_another_schema_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    folder = tmp_path / "s"
    items = _stored(folder, n=20)
    with sqlite3.connect(folder / INDEX_FILE) as db:
        db.execute("UPDATE info SET value = '0' WHERE key = 'schema'")
    store = open_store(str(folder))
    assert store._index() is None
    store.upgrade()
    assert store._index() is not None
    assert _answers(store.find_claims({"metric": "killed"})) == _answers(
        _chroma_only(folder).find_claims({"metric": "killed"})
    )
    assert store._ledger is not None
    assert store._ledger.counts()["reports"] == len(items)


# A writer killed at a chosen step of add_reports: `os._exit` is what SIGKILL leaves (no
# cleanup, no flush of Python state), at a point a test can choose.
_KILLED_WRITER = textwrap.dedent(
    """
    import os, sys
    from store import open_store
    from store.generate import generate
    import store.base, store.chroma, store.ledger
    folder, step = sys.argv[1], sys.argv[2]
    items = list(generate(60, seed=4, days=40, planted=0.1))[40:]
    s = open_store(folder)
    if step == "before-chromadb":
        store.chroma.ClaimStore._write_claims = lambda *a, **k: os._exit(9)
    elif step == "before-the-reports":
        write = store.base.StoreBase._write
        def killed(self, collection, *a, **k):
            if collection.name.startswith("report_records"):
                os._exit(9)
            return write(self, collection, *a, **k)
        store.base.StoreBase._write = killed
    else:
        store.ledger.Ledger.put_reports = lambda *a, **k: os._exit(9)
    s.add_reports(items)
    """
)


@pytest.mark.parametrize("step", ["before-chromadb", "before-the-reports", "before-the-index"])
def test_a_writer_killed_mid_batch_leaves_an_index_that_is_not_read_until_settled(
    tmp_path: Path, step: str
) -> None:
    folder = tmp_path / "s"
    items = list(generate(60, seed=4, days=40, planted=0.1))
    open_store(str(folder)).add_reports(items[:40])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(folder), step], env=env, timeout=300
    )
    assert done.returncode == 9
    store = open_store(str(folder))
    assert store._ledger is not None and store._ledger.pending()
    # In flight: reads come from chromadb, which holds what the killed writer finished.
    assert store._index() is None
    plain = _chroma_only(folder)
    every = {"metric": {"$in": ["killed", "injured", "displaced", "missing", "detained"]}}
    assert _answers(store.find_claims(every)) == _answers(plain.find_claims(every))
    held = plain.stored_ids(r.id for r, _ in items)
    assert len(held) == (60 if step == "before-the-index" else 40)
    # Claims written before their reports (the commit marker) are leftovers until settled.
    orphans = len(plain._fetch(plain._claims, where={"report": {"$nin": sorted(held)}}))
    assert bool(orphans) == (step == "before-the-reports")
    # The next writer settles the pending ids against chromadb, and the index is read again.
    store.upgrade()
    assert store._index() is not None and not store._ledger.pending()
    # Settling removed the leftovers: every stored claim has its report.
    assert not plain._fetch(plain._claims, where={"report": {"$nin": sorted(held)}})
    assert _answers(store.find_claims(every)) == _answers(plain.find_claims(every))
    assert store.content_hashes(r.id for r, _ in items).keys() == held
    # A retry of the killed batch stores what was missing, and the index follows.
    claims = {r.id: c for r, c in items}
    verify([r for r, _ in items[40:]], Fixed(claims), store)
    assert store._index() is not None
    assert _answers(store.find_claims(every)) == _answers(plain.find_claims(every))
    assert len(store.stored_ids(r.id for r, _ in items)) == 60


def test_withdrawn_flags_leave_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    items = _stored(folder, n=40)
    store = open_store(str(folder))
    claim_ids = [c.id for _, cs in items for c in cs]
    flags = store.flags_on(claim_ids)
    assert len(flags) >= 2
    assert store.delete_flags([flags[0].id, "no-such-flag"]) == 1
    assert store._index() is not None
    assert [f.id for f in store.flags_on(claim_ids)] == [f.id for f in flags[1:]]
    assert [f.id for f in _chroma_only(folder).flags_on(claim_ids)] == [f.id for f in flags[1:]]
    assert store.add_flags(flags) == 1


def test_a_store_whose_index_cannot_be_opened_is_read_from_chromadb(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    items = _stored(folder, n=20)
    # Something in the index's place that SQLite cannot open (as a folder one may not write).
    (folder / INDEX_FILE).unlink()
    (folder / INDEX_FILE).mkdir()
    store = open_store(str(folder))
    assert store._ledger is None
    assert len(store.find_claims({"report": items[0][0].id})) == len(items[0][1])
    store.upgrade()
    assert store.add_reports(list(generate(22, seed=4, days=40))[20:]) == 2
