"""An older store's flags (512 floats each) move once to the flag records (one number each):
read as they are until a writer moves them, and a killed move is made again (issue 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import Fixed

from assistant.app.pipeline import facts_of, verify
from assistant.check.checks import check
from assistant.core.models import Claim, Flag, Report
from store import open_store
from store.base import (
    CLAIM_RECORDS,
    CLAIMS,
    FLAG_RECORDS,
    FLAGS,
    MEANING_PREFIX,
    RECORDS_COMPLETE,
    REPORT_RECORDS,
    REPORTS,
    VECTORS_KEY,
)
from store.embeddings import UsemEmbeddingFunction, default_embedder
from store.generate import generate

Item = tuple[Report, list[Claim]]


def _as_older(store: Any, records: str, older: str, drop: str = "") -> Any:
    """Copy a records collection into the one an older Tally wrote (512 floats a record,
    embedded by meaning, without the metadata key `drop`); returns what was copied (ids,
    documents, metadatas)."""
    got = store._client.get_collection(records).get(include=["metadatas", "documents"])
    legacy = store._client.create_collection(
        older,
        embedding_function=UsemEmbeddingFunction(),
        configuration={"hnsw": {"space": "cosine"}},
    )
    docs = [d or "" for d in got["documents"] or []]
    legacy.add(
        ids=got["ids"],
        documents=docs,
        metadatas=[{k: v for k, v in m.items() if k != drop} for m in got["metadatas"]],
        embeddings=default_embedder().embed(docs),
    )
    return got


def _older_store(where: Path, copied: int = 0) -> tuple[list[Flag], list[Item]]:
    """A store as an older Tally left it: its flags in FLAGS, embedded by meaning; with
    `copied`, an upgrade killed after copying that many into the flag records."""
    items = list(generate(48, seed=7, days=40, planted=0.1))
    stored, later = items[:40], items[40:]
    store = open_store(str(where))
    store.add_reports(stored)
    flags = check(f for r, c in stored for f in facts_of(r, c))
    assert len(flags) >= 3
    store.add_flags(flags)
    client = store._client
    got = _as_older(store, FLAG_RECORDS, FLAGS)
    records = client.get_collection(FLAG_RECORDS)
    if copied:
        records.delete(ids=got["ids"][copied:])
        records.modify(metadata={"claim0_indexed": 1})  # no completion mark
    else:
        client.delete_collection(FLAG_RECORDS)
    return flags, later


def _verify(where: Path, items: list[Item]) -> list[str]:
    """Verify these wires into the store (their claims as generated); the progress said."""
    said: list[str] = []
    verify(
        [r for r, _ in items],
        Fixed({r.id: c for r, c in items}),
        open_store(str(where)),
        progress=said.append,
    )
    return said


def _names(where: Path) -> set[str]:
    return {c.name for c in open_store(str(where))._client.list_collections()}


def test_an_older_stores_flags_are_read_where_they_are_then_moved_once(tmp_path: Path) -> None:
    where = tmp_path / "old"
    flags, later = _older_store(where)
    ids = {f.id for f in flags}
    reader = open_store(str(where))
    assert {f.id for f in reader.flags()} == ids
    assert {f.id for f in reader.flags_on({c.id for f in flags for c in f.claims})} == ids
    assert FLAG_RECORDS not in _names(where)  # reading moves nothing
    said = _verify(where, later)
    assert any(m.startswith("moving flags to their new index (once): ") for m in said)
    names = _names(where)
    assert FLAG_RECORDS in names and FLAGS not in names
    after = open_store(str(where))
    assert ids <= {f.id for f in after.flags()}
    assert (after._flags.first.metadata or {}).get(RECORDS_COMPLETE) == 1
    assert after.upgrade() == 0  # once


def test_a_killed_move_reads_the_old_flags_and_is_made_again(tmp_path: Path) -> None:
    where = tmp_path / "half"
    flags, _ = _older_store(where, copied=2)
    ids = {f.id for f in flags}
    store = open_store(str(where))
    assert store._flags.name == FLAGS  # the half-filled records are not read
    assert {f.id for f in store.flags()} == ids
    assert store.upgrade() == len(ids)
    assert {f.id for f in open_store(str(where)).flags()} == ids
    assert FLAGS not in _names(where)


def test_an_older_stores_reports_move_to_their_records_too(tmp_path: Path) -> None:
    """Reports are found by id and metadata; an older store embedded them by meaning."""
    where = tmp_path / "reports"
    items = list(generate(30, seed=3, days=20))
    stored, later = items[:24], items[24:]
    store = open_store(str(where))
    store.add_reports(stored)
    _as_older(store, REPORT_RECORDS, REPORTS)
    store._client.delete_collection(REPORT_RECORDS)
    reader = open_store(str(where))
    assert reader._reports.name == REPORTS
    assert {r.id for r in reader.reports()} == {r.id for r, _ in stored}
    said = _verify(where, later)
    assert any(m.startswith("moving reports to their new index (once): ") for m in said)
    names = _names(where)
    assert REPORT_RECORDS in names and REPORTS not in names
    after = open_store(str(where))
    assert {r.id for r in after.reports()} == {r.id for r, _ in items}
    first = stored[0][0]
    assert after.get_report(first.id) == first
    assert len(after._reports.first.get(limit=1, include=["embeddings"])["embeddings"][0]) == 1  # type: ignore[index]


def test_an_older_stores_claims_keep_their_vectors_and_move_their_records(
    tmp_path: Path,
) -> None:
    """An older store kept claims' records and meaning vectors in one collection: a writer
    copies the records out, the old collection stays as the oldest vector partition, and
    new claims go to a partition of their own."""
    where = tmp_path / "claims"
    items = list(generate(30, seed=4, days=20))
    stored, later = items[:24], items[24:]
    store = open_store(str(where))
    store.add_reports(stored)
    got = _as_older(store, CLAIM_RECORDS, CLAIMS, drop=VECTORS_KEY)
    assert {m[VECTORS_KEY] for m in got["metadatas"]} == {f"{MEANING_PREFIX}0001"}
    store._client.delete_collection(CLAIM_RECORDS)
    store._client.delete_collection(f"{MEANING_PREFIX}0001")

    reader = open_store(str(where))
    assert reader._claims.name == CLAIMS
    probe = stored[5][1][0]
    before = [(h.claim.id, round(h.score, 5)) for h in reader.related(probe, k=6)]
    found = [h.claim.id for h in reader.search("people displaced", k=5)]
    assert before and found
    said = _verify(where, later)
    assert any(m.startswith("moving claims to their new index (once): ") for m in said)
    after = open_store(str(where))
    assert after._claims.name == CLAIM_RECORDS
    names = _names(where)
    assert {CLAIMS, CLAIM_RECORDS, f"{MEANING_PREFIX}0001"} <= names
    new = {c.id for _, cs in later for c in cs}
    fresh = after._client.get_collection(f"{MEANING_PREFIX}0001").get(include=[])["ids"]
    assert set(fresh) == new  # the old vectors stay where they were
    assert after.counts()["claims"] == sum(len(cs) for _, cs in items)
    assert after.claims(report=stored[5][0].id) == stored[5][1]
    # Neighbours of old claims are as before, new ones found beside them.
    again = [(h.claim.id, round(h.score, 5)) for h in after.related(probe, k=6)]
    old_ids = {c.id for _, cs in stored for c in cs}
    olds = [score for cid, score in again if cid in old_ids]
    assert olds and olds == [score for _, score in before[: len(olds)]]
    assert after.related(later[-1][1][0], k=3, same_metric=False)
    assert after.upgrade() == 0
