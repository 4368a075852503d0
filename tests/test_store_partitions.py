"""Claims' meaning vectors in partitions (issue 12): a batch loads one partition's index,
never the archive's, and neighbours merged across partitions are the ones a single index
gives, whichever way the store finds them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import store.base as store_base
from assistant.core.errors import StoreError
from assistant.core.models import Claim, Report
from store import ClaimStore, RelatedClaim, open_store
from store import retrieval as store_retrieval
from store.base import CLAIM_RECORDS, MEANING_PREFIX, VECTORS_KEY
from store.generate import generate

Item = tuple[Report, list[Claim]]
ITEMS: list[Item] = list(generate(72, seed=5, days=36, planted=0.1))


def _filled(where: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> ClaimStore:
    """The generated reports written in batches of six, partitions of `size` claims."""
    with monkeypatch.context() as patched:
        patched.setattr(store_base, "PARTITION_SIZE", size)
        store = open_store(str(where))
        for start in range(0, len(ITEMS), 6):
            store.add_reports(ITEMS[start : start + 6])
    return store


def _partition_names(store: ClaimStore) -> list[str]:
    return sorted(
        c.name for c in store._client.list_collections() if c.name.startswith(MEANING_PREFIX)
    )


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[ClaimStore, ClaimStore]:
    """The same reports in one partition and in many (about 40 claims each)."""
    with pytest.MonkeyPatch.context() as patched:
        one = _filled(tmp_path_factory.mktemp("one"), 1_000_000, patched)
        many = _filled(tmp_path_factory.mktemp("many"), 40, patched)
    return one, many


def _same(a: list[RelatedClaim], b: list[RelatedClaim]) -> None:
    """The same neighbours: equal scores rank for rank, and the same claims wherever a
    score is not tied with the last one kept (ties at the cut may keep either)."""
    assert [round(h.score, 5) for h in a] == [round(h.score, 5) for h in b]
    if not a:
        return
    last = round(a[-1].score, 5)
    above = [h for h in a if round(h.score, 5) != last]
    assert {h.claim.id for h in above} == {h.claim.id for h in b if round(h.score, 5) != last}


def _around(claim: Claim) -> list[Callable[[ClaimStore], list[RelatedClaim]]]:
    return [
        lambda s: s.related(claim, k=5),
        lambda s: s.related(claim, k=8, same_metric=False),
        lambda s: s.related(claim, k=5, within_days=4),
    ]


@pytest.mark.parametrize("way", ["prefetch", "chunks", "scan", "where", "deepen"])
def test_neighbours_across_partitions_are_those_of_one_index(
    stores: tuple[ClaimStore, ClaimStore], way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, many = stores
    assert len(_partition_names(one)) == 1
    assert len(_partition_names(many)) >= 4
    if way == "chunks":
        monkeypatch.setattr(store_retrieval, "_first_read", lambda k: 1)
    if way in ("scan", "where"):
        # Few candidates: most queries take the exact fallback, partition by partition.
        monkeypatch.setattr(store_retrieval, "_MIN_CANDIDATES", 1)
        monkeypatch.setattr(store_retrieval, "_CANDIDATES_PER_RESULT", 1)
    if way == "where":
        monkeypatch.setattr(store_retrieval, "_MAX_WINDOW_DAYS", 0)
    if way == "deepen":
        # A few from each partition first, then more while the certain part runs out.
        monkeypatch.setattr(store_retrieval, "_MIN_PER_PARTITION", 1)
        monkeypatch.setattr(store_retrieval, "_MIN_CANDIDATES", 60)
        monkeypatch.setattr(store_retrieval, "_CANDIDATES_PER_RESULT", 1)
    claims = [c for _, cs in ITEMS[::9] for c in cs[:1]]
    when = ITEMS[40][0].published
    assert when is not None
    asks: list[Callable[[ClaimStore], list[RelatedClaim]]] = []
    for claim in claims:
        asks += _around(claim)
    asks += [
        lambda s: s.search("people killed in Darfur", k=10),
        lambda s: s.search("children killed", k=6, metric="killed"),
        lambda s: s.search("displaced", k=6, since=when - timedelta(days=5), until=when),
    ]
    found = 0
    for ask in asks:
        expected = ask(one)
        _same(expected, ask(many))
        found += len(expected)
    assert found > 100


def test_a_batch_writes_into_the_newest_partition_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _filled(tmp_path, 40, monkeypatch)
    names = _partition_names(store)
    records = store._client.get_collection(CLAIM_RECORDS).get(include=["metadatas"])
    where = {
        cid: str(meta[VECTORS_KEY])
        for cid, meta in zip(records["ids"], records["metadatas"] or [], strict=True)
    }
    held = {n: set(store._client.get_collection(n).get(include=[])["ids"]) for n in names}
    # Each claim's vector is in the one partition its record names, and nowhere else.
    assert sum(len(ids) for ids in held.values()) == len(where) == store.counts()["claims"]
    assert all(cid in held[name] for cid, name in where.items())
    # A partition is filled to its size before the next starts (a batch is never split).
    per_batch = max(sum(len(c) for _, c in ITEMS[s : s + 6]) for s in range(0, len(ITEMS), 6))
    assert all(len(held[n]) <= 40 + per_batch for n in names)
    assert all(len(held[n]) > 40 - per_batch for n in names[:-1])


def test_a_retry_replaces_what_an_interrupted_write_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(str(tmp_path))
    store.add_reports(ITEMS[:6])
    write = ClaimStore._write

    def vectors_fail(self: ClaimStore, collection: Any, *args: Any, **kwargs: Any) -> str:
        if collection.name.startswith(MEANING_PREFIX):
            raise OSError("disk full")
        return write(self, collection, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(ClaimStore, "_write", vectors_fail)
        with pytest.raises(StoreError, match="disk full"):
            store.add_reports(ITEMS[6:12])
    # The records were written, their vectors and reports were not. A later writer that
    # starts a new partition removes the leftovers and writes them afresh: each claim's
    # vector is in the one partition its record names, and nowhere else.
    monkeypatch.setattr(store_base, "PARTITION_SIZE", 1)
    again = open_store(str(tmp_path))
    assert again._index() is None, "the killed write is still pending"
    assert again.add_reports(ITEMS[6:12]) == 6
    names = _partition_names(again)
    assert names == [f"{MEANING_PREFIX}0001", f"{MEANING_PREFIX}0002"]
    held = {n: set(again._client.get_collection(n).get(include=[])["ids"]) for n in names}
    first, retried = ITEMS[:6], ITEMS[6:12]
    assert held[names[0]] == {c.id for _, cs in first for c in cs}
    assert held[names[1]] == {c.id for _, cs in retried for c in cs}
    records = again._fetch(again._claims, ids=[c.id for _, cs in retried for c in cs])
    assert {meta[VECTORS_KEY] for _, meta, _ in records} == {names[1]}
    assert len(records) == sum(len(cs) for _, cs in retried)
    claim = ITEMS[8][1][0]
    assert again.related(claim, k=3, same_metric=False)
