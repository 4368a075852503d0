"""Related claims: meaning first, then the same figure and the same days."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.core.models import Claim

if TYPE_CHECKING:
    from store.chroma import ClaimStore, RelatedClaim
    from store.retrieval import Neighbour

# How much a matching figure and nearby dates count next to cosine similarity (0..1).
VALUE_WEIGHT = 0.25
TIME_WEIGHT = 0.10
TIME_SCALE_DAYS = 7.0
# Semantic neighbours fetched before re-ranking, per claim asked for.
POOL_PER_RESULT = 10


def value_closeness(a: float, b: float) -> float:
    """1 for the same figure, falling with the ratio between them (0 past a factor of e)."""
    if a == b:
        return 1.0
    if a <= 0 or b <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log(a / b)))


def time_closeness(a: datetime | None, b: datetime | None) -> float:
    """1 for the same moment, halving about every five days."""
    if a is None or b is None:
        return 0.0
    days = abs((a - b).total_seconds()) / 86400
    return math.exp(-days / TIME_SCALE_DAYS)


def related(
    store: ClaimStore, claim: Claim, k: int = 10, *, same_metric: bool = True
) -> list[RelatedClaim]:
    """Claims of other reports most related to one claim, best first.

    The store ranks by meaning across languages (figures masked); among those
    neighbours, the same figure and nearby publication dates decide, since a
    rewrite of a report repeats its numbers within days.
    """
    when = store.published_of(claim)
    # The pool's reports are not read: only the k kept need theirs.
    pool = store.neighbours(claim, max(k * POOL_PER_RESULT, 30), same_metric=same_metric)

    def score(hit: Neighbour) -> float:
        return (
            hit.score
            + VALUE_WEIGHT * value_closeness(float(claim.value), float(hit.claim.value))
            + TIME_WEIGHT * time_closeness(when, hit.published)
        )

    ranked = sorted(pool, key=score, reverse=True)
    # k and a few more: a claim whose report is absent (an interrupted write) is skipped.
    return store.with_reports([(h, round(score(h), 4)) for h in ranked[: k + 5]])[:k]
