"""The one interface every claim extractor implements, rules or LLM."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from assistant.core.models import Claim, Report


class ExtractorStats(Protocol):
    """What an extractor that spends something (calls, tokens) reports after a run."""

    @property
    def fallbacks(self) -> int:
        """Wires whose claims came from the rules because the extractor failed on them."""
        ...

    def summary(self, label: str) -> str:
        """One line for stderr."""
        ...


@runtime_checkable
class Extractor(Protocol):
    """Turns reports into their numeric claims, each anchored to an exact quote.

    This is everything the CLI, the batch and the desk call: nobody probes for more.
    """

    @property
    def name(self) -> str:
        """`rules`, or `llm:<model>`: what the claims' `extractor` field starts from."""
        ...

    @property
    def label(self) -> str:
        """A short name for people: the model, or `rules`."""
        ...

    @property
    def stats(self) -> ExtractorStats | None:
        """What this run spent, or None when there is nothing to report (the rules)."""
        ...

    def extract(self, report: Report) -> list[Claim]:
        """Claims of one report, in order of appearance, ids '<report>-c<n>'."""
        ...

    def extract_many(self, reports: Sequence[Report]) -> list[list[Claim]]:
        """Claims of each report, in input order (an extractor may run them concurrently)."""
        ...

    def close(self) -> None:
        """Release what the extractor holds (a local model server, worker processes)."""
        ...


class ExtractorBase:
    """The defaults of the Extractor interface for an extractor that only knows `extract`."""

    name: str = "rules"

    @property
    def label(self) -> str:
        """The name, for an extractor with no model behind it."""
        return self.name

    @property
    def stats(self) -> ExtractorStats | None:
        """Nothing spent, nothing to report."""
        return None

    def extract(self, report: Report) -> list[Claim]:
        """Claims of one report: every extractor defines this."""
        raise NotImplementedError

    def extract_many(self, reports: Sequence[Report]) -> list[list[Claim]]:
        """One report after the other."""
        return [self.extract(r) for r in reports]

    def close(self) -> None:
        """Nothing held."""
