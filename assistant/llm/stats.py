"""What the LLM extractor spent and saved: calls, tokens, cache hits, grounding outcomes."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Stats:
    """Counters for one extractor, safe to bump from worker threads."""

    wires: int = 0
    calls: int = 0  # HTTP completion requests sent: first answers, reasks and retries
    reasks: int = 0
    retries: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cache_hits: int = 0
    malformed: int = 0  # answers that were not JSON of the schema
    ungrounded: int = 0  # claims sent back to the model
    dropped: int = 0  # ... and still wrong after the reask
    added_from_rules: int = 0
    fallbacks: int = 0  # wires served by the rules extractor because the LLM failed
    waits: list[float] = field(default_factory=list)  # seconds slept before each retry
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **counts: int) -> None:
        """Add to counters by name."""
        with self._lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)

    def waited(self, seconds: float) -> None:
        """Record one retry and its wait."""
        with self._lock:
            self.retries += 1
            self.waits.append(seconds)

    def summary(self, label: str) -> str:
        """One line for stderr."""
        return (
            f"llm {label}: {self.wires} wires, {self.calls} calls ({self.reasks} reasks, "
            f"{self.retries} retries), {self.tokens_in:,} tokens in, {self.tokens_out:,} out, "
            f"{self.cache_hits} cache hits; {self.ungrounded} claims ungrounded, "
            f"{self.dropped} dropped, {self.added_from_rules} added from rules, "
            f"{self.fallbacks} wires fell back to rules"
        )
