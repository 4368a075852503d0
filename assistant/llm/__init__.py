"""Claim extraction with an LLM behind any OpenAI-compatible endpoint, grounded in the wire.

The `extractor` field of a claim says where it came from:

- `llm:<model>`: the model's claim; its quote is in the wire and its number reads as its
  value (assistant.numbers), its part_of points to a larger claim of the same wire.
- `rules+llm:<model>`: a number the model missed (or got wrong twice), added from the
  rules extractor so recall never falls below the offline default.
- `rules-fallback:<model>`: the call for this wire failed after every retry; every claim
  of the wire comes from the rules extractor.
- `rules`: the rules extractor alone (no LLM configured, or `--llm none`).

Modules: config (settings and their precedence), prompts (templates in prompts/), schema
(the pydantic contract), client (HTTP, retries, the circuit breaker), grounding (the
checks), cues (forecast words), merge (with the rules, ids, periods), cache (answers on
disk), safety (one-line messages, masked keys), extractor (the pipeline, progress, ^C),
local (xllamacpp).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.llm.config import LLMSettings
    from assistant.llm.extractor import LLMExtractor

__all__ = ["LLMExtractor", "LLMSettings"]


def __getattr__(name: str) -> object:
    # Lazy: `tally extract` without an LLM never imports langchain or openai.
    if name == "LLMExtractor":
        from assistant.llm.extractor import LLMExtractor

        return LLMExtractor
    if name == "LLMSettings":
        from assistant.llm.config import LLMSettings

        return LLMSettings
    raise AttributeError(name)
