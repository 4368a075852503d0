"""Record families (store/families.py): reports, claims' records and flags in collections of
bounded size, written to the newest only, read as one.

A small FAMILY_SIZE makes a few hundred generated wires span several members; every answer is
compared with the same store read without its side index (as a chroma server's store is) and
with one check over everything.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import Fixed

from assistant.app.pipeline import facts_of, verify
from assistant.check.checks import check
from assistant.core.models import Claim, Report
from store import ClaimStore, open_store
from store import families as store_families
from store.base import CLAIM_RECORDS, FLAG_RECORDS, REPORT_RECORDS
from store.families import SEALED, serial_of
from store.generate import generate
from store.location import connect_path

SIZE = 40


@pytest.fixture(autouse=True)
def _small_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_families, "FAMILY_SIZE", SIZE)


def _members(store: ClaimStore, family: str) -> dict[str, int]:
    names = sorted(
        (serial_of(family, n) or 0, n)
        for c in store._client.list_collections()
        if serial_of(family, n := str(getattr(c, "name", c))) is not None
    )
    return {n: store._client.get_collection(n).count() for _, n in names}


def _verified(folder: Path) -> tuple[ClaimStore, list[tuple[Report, list[Claim]]]]:
    items = list(generate(150, seed=8, days=60, planted=0.08))
    order = list(items)
    random.Random(2).shuffle(order)
    claims = {r.id: c for r, c in items}
    store = open_store(str(folder))
    for start in range(0, len(order), 15):
        verify([r for r, _ in order[start : start + 15]], Fixed(claims), store)
    return store, items


def test_records_fill_members_of_bounded_size_and_read_as_one(tmp_path: Path) -> None:
    store, items = _verified(tmp_path / "s")
    for family in (REPORT_RECORDS, CLAIM_RECORDS, FLAG_RECORDS):
        members = _members(store, family)
        assert len(members) >= 3, (family, members)
        # A batch is never split, so a member holds at most one batch past the size; every
        # member but the newest is sealed, and the newest is the only one written to.
        *full, newest = members
        assert all(store._client.get_collection(n).metadata.get(SEALED) for n in full)
        assert not (store._client.get_collection(newest).metadata or {}).get(SEALED)
    claims = {r.id: c for r, c in items}
    every = {f.id for f in check(f for r, _ in items for f in facts_of(r, claims[r.id]))}
    assert every and {f.id for f in store.flags()} == every
    assert store.counts() == {
        "reports": len(items),
        "claims": sum(len(c) for c in claims.values()),
        "flags": len(every),
    }
    plain = ClaimStore(connect_path(tmp_path / "s"), location="plain")
    assert plain._index() is None
    assert plain.counts() == store.counts()
    assert {f.id for f in plain.flags()} == every
    assert [f.id for page in plain.iter_flags() for f in page] == [f.id for f in store.flags()]
    kind = store.flags()[0].kind.value
    assert [f.id for page in store.iter_flags(kind, page=7) for f in page] == [
        f.id for f in store.flags() if f.kind.value == kind
    ]
    ids = [r.id for r, _ in items]
    assert plain.stored_ids(ids) == store.stored_ids(ids) == set(ids)
    for r, cs in items[::17]:
        assert store.get_report(r.id) == plain.get_report(r.id) == r
        assert [c.id for c in store.claims(report=r.id)] == [c.id for c in cs]
        assert [c.id for c in plain.claims(report=r.id)] == [c.id for c in cs]
        if cs:
            assert store.get_claim(cs[0].id) == plain.get_claim(cs[0].id) == cs[0]
    assert [r.id for page in store.iter_reports(page=25) for r in page] == [
        r.id for r in plain.reports()
    ]


def test_withdrawn_flags_leave_whichever_member_holds_them(tmp_path: Path) -> None:
    store, _ = _verified(tmp_path / "s")
    flags = store.flags()
    # The oldest and the newest flag: in different members.
    gone = [flags[0].id, flags[-1].id]
    assert store.delete_flags([*gone, "no-such-flag"]) == 2
    plain = ClaimStore(connect_path(tmp_path / "s"), location="plain")
    left = [f.id for f in flags if f.id not in gone]
    assert [f.id for f in store.flags()] == left
    assert sorted(f.id for f in plain.flags()) == sorted(left)
    # Without the index, the flags are looked for in every member.
    assert plain.delete_flags([left[0]]) == 1
    assert sum(_members(plain, FLAG_RECORDS).values()) == len(left) - 1
