"""Candidates by quantity identity: the store ends with the flags a full scan raises.

Wires verified in several batches (in shuffled order, so a batch often lands before what it
continues) into one store, against every fact checked at once in memory.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import CORPUS, Fixed

from assistant.app.pipeline import facts_of, verify
from assistant.check.checks import check
from assistant.core.models import Claim, Report
from assistant.extract.protocol import ExtractorBase
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs
from store import ClaimStore, open_store
from store.base import FLAGS_ALL_INDEXED
from store.generate import generate
from store.ledger import INDEX_FILE
from store.location import connect_path

ROOT = Path(__file__).resolve().parents[1]


def _in_batches(
    reports: Sequence[Report],
    extractor: ExtractorBase,
    location: str,
    size: int,
    seed: int,
    *,
    indexed: bool = True,
) -> tuple[set[str], set[str], dict[str, list[Claim]]]:
    """Stored flag ids, and the ids of the flags each batch returned, after batched verifies
    (into a store without a side index, as a chroma server's is, unless `indexed`)."""
    order = list(reports)
    random.Random(seed).shuffle(order)
    store = (
        open_store(location)
        if indexed
        else ClaimStore(connect_path(Path(location)), location=location)
    )
    returned: set[str] = set()
    claims: dict[str, list[Claim]] = {}
    for i in range(0, len(order), size):
        out = verify(order[i : i + size], extractor, store)
        # With an index the checks read it (store/ledger.py), without one chromadb through
        # the pool (assistant/check/pool.py): the flags below are that lookup's.
        assert store.indexed() == indexed
        returned |= {f.id for f in out.flags}
        claims.update(out.claims)
    return {f.id for f in store.flags()}, returned, claims


def _full_scan(reports: Sequence[Report], claims: dict[str, list[Claim]]) -> set[str]:
    return {f.id for f in check(f for r in reports for f in facts_of(r, claims[r.id]))}


@pytest.mark.parametrize(
    "path",
    [
        CORPUS / "wires.jsonl",
        CORPUS / "desk" / "wires.jsonl",
        ROOT / "tests/data/own/dev/wires.jsonl",
    ],
    ids=["corpus", "desk", "own-dev"],
)
def test_batched_verify_stores_the_flags_of_a_full_scan(path: Path, tmp_path: Path) -> None:
    if not path.exists():
        pytest.skip(f"no {path}")
    reports = [r for r in read_inputs([str(path)]) if isinstance(r, Report)]
    stored, returned, claims = _in_batches(
        reports, RulesExtractor(), str(tmp_path / "s"), 7, seed=3
    )
    full = _full_scan(reports, claims)
    assert full, "the corpus plants flags"
    assert stored == full
    assert returned <= full


def test_a_generated_store_over_months_keeps_every_planted_flag(tmp_path: Path) -> None:
    items = list(generate(360, seed=5, days=150, planted=0.08))
    reports = [r for r, _ in items]
    claims = {r.id: c for r, c in items}
    stored, returned, _ = _in_batches(reports, Fixed(claims), str(tmp_path / "g"), 30, seed=9)
    full = _full_scan(reports, claims)
    assert len(full) > 20
    assert stored == full
    assert full <= returned


def test_a_store_without_an_index_keeps_every_planted_flag(tmp_path: Path) -> None:
    items = list(generate(240, seed=6, days=120, planted=0.08))
    reports = [r for r, _ in items]
    claims = {r.id: c for r, c in items}
    stored, returned, _ = _in_batches(
        reports, Fixed(claims), str(tmp_path / "g"), 30, seed=4, indexed=False
    )
    full = _full_scan(reports, claims)
    assert len(full) > 15
    assert stored == full
    assert full <= returned


def test_flags_stored_before_the_first_claim_field_are_found(tmp_path: Path) -> None:
    # Forty generated wires hold enough planted flags; each wire costs an embedding.
    items = list(generate(40, seed=7, days=40, planted=0.1))
    store = open_store(str(tmp_path / "old"))
    store.add_reports(items)
    flags = check(f for r, c in items for f in facts_of(r, c))
    assert len(flags) >= 3
    store.add_flags(flags)
    ids = [f.id for f in flags]
    # As an older Tally wrote them: no `claim0`.
    got = store._flags.first.get(ids=ids, include=["metadatas", "documents", "embeddings"])
    old = ("claim0", "claim0_set")
    metas = [{k: v for k, v in m.items() if k not in old} for m in got["metadatas"] or []]
    store._flags.first.delete(ids=got["ids"])
    store._flags.first.add(
        ids=got["ids"],
        documents=got["documents"],
        metadatas=metas,  # type: ignore[arg-type]
        embeddings=got["embeddings"],
    )
    assert all("claim0" not in m for m in store._flags.first.get(ids=ids)["metadatas"] or [])
    # Nor did it mark the collection as indexed (a new store is, from its first flags).
    assert (store._flags.first.metadata or {}).get(FLAGS_ALL_INDEXED)
    store._flags.first.modify(metadata={FLAGS_ALL_INDEXED: 0})
    # Nor did it keep a side index: the flags are read from chromadb.
    (tmp_path / "old" / INDEX_FILE).unlink()
    again = open_store(str(tmp_path / "old"))
    assert again._index() is None
    claims = {c.id for f in flags for c in f.claims}
    assert {f.id for f in again.flags_on(claims)} == set(ids)
    one = flags[0].claims[0].id
    assert {f.id for f in again.flags_on([one])} == {f.id for f in flags if f.claims[0].id == one}
    # Indexed once: the collection records it, and a later open reads no flag to know it.
    third = open_store(str(tmp_path / "old"))
    assert (third._flags.first.metadata or {}).get("claim0_indexed") == 1
    assert {f.id for f in third.flags_on(claims)} == set(ids)
