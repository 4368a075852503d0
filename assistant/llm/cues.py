"""Forecast cues: the words that make a figure a projection, in every language Tally reads.

Grounding keeps a model's `projection: true` only when one of these sits near the number;
the model is never trusted to have seen a forecast the wire does not state. The words are
each language pack's `forecast_words` (lexicon.json); every pack's apply to every wire, as a
quote in English inside an Arabic wire is common, and a cue of another language cannot turn
a claim into a projection, only keep the model's reading of one.
"""

from __future__ import annotations

import re

from assistant.lang import lang_cache, packs

# How far from the number a cue may sit, within its sentence: "officials fear the death
# toll, already at 40, could exceed 100" puts the cue well before; "10 feared dead" after.
_BEFORE = 160
_AFTER = 80


@lang_cache
def _pattern() -> re.Pattern[str]:
    alternatives = [w for p in packs().values() if p.lexicon for w in p.lexicon.forecast_words]
    return re.compile("|".join(f"(?:{a})" for a in alternatives) or "(?!)")


def forecast_cue(text: str) -> str | None:
    """The first forecast cue in a text, as found, or None."""
    m = _pattern().search(text.casefold())
    return m.group(0).strip() if m else None


def cue_near(body: str, number: tuple[int, int], sentence: tuple[int, int]) -> str | None:
    """A forecast cue in the number's sentence, close enough to bear on it, or None."""
    a = max(sentence[0], number[0] - _BEFORE)
    b = min(sentence[1], number[1] + _AFTER)
    return forecast_cue(body[a:b])
