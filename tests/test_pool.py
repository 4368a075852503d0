"""The candidate pool answers `where` clauses exactly as the store does, in a few reads."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest

from assistant.app.pipeline import _when_unknown
from assistant.check.pool import Pool
from assistant.check.quantity import Fact
from assistant.core.models import Claim, Metric, Qualifier, Report, Scope, parse_claim_id
from store import ClaimStore, open_store
from store.generate import ORIGIN, generate

Where = dict[str, Any]
# Embedding a 150-report store takes several seconds; test_verify_scale covers the pool in
# the fast pass, through verify.
pytestmark = pytest.mark.slow


def _odd_report(rid: str, published: datetime | None, start: datetime) -> tuple[Report, Claim]:
    """A report whose one window starts after it was published, or that has no time at all."""
    quote = "In the coming week 40 people were displaced."
    report = Report(id=rid, published=published, language="en", body=quote, origin="test")
    claim = Claim.model_validate(
        {
            "id": f"{rid}-c1",
            "report": rid,
            "quote": quote,
            "span": (0, len(quote)),
            "number_text": "40",
            "value": 40,
            "low": 40,
            "high": 40,
            "qualifier": Qualifier.EXACT,
            "metric": Metric.DISPLACED,
            "unit": "people",
            "scope": Scope.WINDOW,
            "period_start": start,
            "period_end": start + timedelta(days=7),
        }
    )
    return report, claim


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ClaimStore:
    s = open_store(str(tmp_path_factory.mktemp("pool") / "s"))
    s.add_reports(generate(150, seed=4, days=50))
    late = ORIGIN + timedelta(days=30)
    odd = [
        _odd_report("odd-ahead", late, late + timedelta(days=9)),
        _odd_report("odd-undated", None, late - timedelta(days=2)),
    ]
    s.add_reports([(r, [c]) for r, c in odd])
    return s


def _finder(store: ClaimStore) -> Any:
    def find(where: Where) -> list[Fact]:
        return [
            Fact(c, when or _when_unknown(), parse_claim_id(c.id)[1])
            for c, when in store.find_claims(where)
        ]

    return find


def _clauses(rng: random.Random, at: int) -> list[Where]:
    """The shapes of question candidates() asks, around one time."""
    day = 86_400
    out: list[Where] = []
    for metric in ("killed", "displaced", "injured", "camp_population"):
        base = [{"metric": metric}, {"unit": {"$in": ["people"]}}]
        for _ in range(6):
            lo = at - rng.randint(0, 40) * day - rng.randint(0, day)
            hi = lo + rng.randint(0, 20) * day
            out += [
                {"$and": [*base, {"scope": "window"}, {"period_start": {"$lte": hi}},
                          {"published": {"$gte": lo}}]},
                {"$and": [*base, {"scope": "cumulative"}, {"published": {"$gte": lo}},
                          {"published": {"$lte": hi}}, {"source": "UN OCHA"}]},
                {"$and": [*base, {"scope": "snapshot"}, {"published": {"$gte": lo}},
                          {"$or": [{"published": {"$lte": hi}}, {"period_end": {"$lte": hi}}]}]},
                {"$and": [*base, {"period_start": {"$gte": lo}}, {"period_start": {"$lte": hi}}]},
                {"$and": [*base, {"scope": "cumulative"}, {"period_start": {"$gt": lo}}]},
            ]  # fmt: skip
    return out


@pytest.mark.parametrize("share", [1.0, 0.6], ids=["batch-at-the-end", "batch-in-the-middle"])
def test_pool_answers_every_clause_as_the_store(store: ClaimStore, share: float) -> None:
    find = _finder(store)
    last = ORIGIN + timedelta(days=50 * share)
    pool = Pool(find, last)
    clauses = _clauses(random.Random(int(share * 10)), int(last.timestamp()))
    seen = 0
    for where in clauses:
        want = sorted(f.claim.id for f in find(where))
        assert sorted(f.claim.id for f in pool.find(where)) == want, where
        seen += len(want)
    assert seen > 50, "the clauses match something"
    # Both odd records are found by the clauses on a period start alone.
    starts = [c for c in clauses if "published" not in str(c)]
    found = {f.claim.report for c in starts for f in pool.find(c)}
    assert {"odd-ahead", "odd-undated"} <= found
    # A handful of wide reads, not one per question.
    assert pool.queries <= 15 < len(clauses)


def test_a_clause_the_pool_cannot_bound_goes_to_the_store(store: ClaimStore) -> None:
    find = _finder(store)
    pool = Pool(find, ORIGIN + timedelta(days=50))
    unbounded: Where = {"$and": [{"metric": "killed"}, {"scope": "cumulative"}]}
    unknown: Where = {"$and": [{"metric": "killed"}, {"published": {"$gte": 0}},
                               {"outlet": "AFP"}]}  # fmt: skip
    for where in (unbounded, unknown):
        before = pool.queries
        want = sorted(f.claim.id for f in find(where))
        assert want
        assert sorted(f.claim.id for f in pool.find(where)) == want
        assert pool.queries == before + 1
