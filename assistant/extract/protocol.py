"""The one interface every claim extractor implements, rules or LLM."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from assistant.models import Claim, Report


@runtime_checkable
class Extractor(Protocol):
    """Turns one report into its numeric claims, each anchored to an exact quote."""

    name: str

    def extract(self, report: Report) -> list[Claim]:
        """Claims of one report, in order of appearance, ids '<report>-c<n>'."""
        ...
