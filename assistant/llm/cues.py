"""Forecast cues: the words that make a figure a projection, in every language Tally reads.

Grounding keeps a model's `projection: true` only when one of these sits near the number;
the model is never trusted to have seen a forecast the wire does not state.

TODO(lang packs): move each language's list to `assistant/lang/<code>/lexicon.json` as a
`projection` table once the pack schema (assistant/lang/schema.py, `Lexicon`) has one,
and read them here with `assistant.lang.packs()`. They live here until then because the
pack loader rejects a table or file its schema does not name.
"""

from __future__ import annotations

import re
from functools import cache

# Regex alternatives over case-folded text. All languages apply to every wire: a quote in
# English inside an Arabic wire is common, and a cue of another language cannot turn a
# claim into a projection, only keep the model's reading of one.
PROJECTION_CUES: dict[str, tuple[str, ...]] = {
    "en": (
        r"\bcould\b",
        r"\bmay\b",
        r"\bmight\b",
        r"\bwould\b",
        r"\bexpect(?:s|ed|ing|ations?)?\b",
        r"\bfear(?:s|ed|ing)?\b",
        r"\blikely\b",
        r"\bforecasts?\b",
        r"\bproject(?:s|ed|ions?)\b",
        r"\bset to\b",
        r"\bpossibl[ey]\b",
        r"\bpotential(?:ly)?\b",
        r"\bwarn(?:s|ed)? (?:that )?(?:the )?(?:toll|number)",
    ),
    "fr": (
        r"\bpourr(?:ait|aient|a|ont)\b",
        r"\bredout",
        r"\bcrai(?:nt|gnent|nte|ndre)\b",
        r"\bdevr(?:ait|aient|a|ont)\b",
        r"\bprobable(?:ment)?\b",
        r"\brisqu",
        r"\bprévi|\bprévu|\bprévoi",
        r"\battendu",
        r"\bsusceptibles?\b",
    ),
    "es": (
        r"\bpodr(?:ía|ían|á|án)\b",
        r"\bpuede(?:n)?\b",
        r"\btem(?:e|en|or|ores)\b",
        r"\bprev(?:é|én|isto|ista|isión)",
        r"\bprobable(?:mente)?\b",
        r"\bespera(?:n|ba|ban)?\b",
    ),
    "tr": (
        # The potential mood: çıkabilir, yükselebileceği, ulaşabileceğini.
        r"\w+[ae]bil(?:ir|eceğ|ecek|eceğini|eceği)\w*",
        r"\bbeklen\w*",
        r"\bendişe\w*",
        r"\bkork\w*",
        r"\btahmin\w*",
        r"\bolası\w*",
        r"\bmuhtemel\w*",
    ),
    "ar": (
        # قد before an imperfect verb is "may" (قد يصل); before a perfect it is "already".
        r"(?:^|[\s،])[وف]?قد\s+[يت]",
        r"خش[ىي]|خشية|مخاوف",
        r"[يت]توقع|متوقع|توقعات",
        r"[يت]رجح|مرجح|ترجيح",
        r"ربما",
        r"[يت]حتمل|احتمال",
        r"مهدد",
    ),
}

# How far from the number a cue may sit, within its sentence: "officials fear the death
# toll, already at 40, could exceed 100" puts the cue well before; "10 feared dead" after.
_BEFORE = 160
_AFTER = 80


@cache
def _pattern() -> re.Pattern[str]:
    alternatives = [cue for cues in PROJECTION_CUES.values() for cue in cues]
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def forecast_cue(text: str) -> str | None:
    """The first forecast cue in a text, as found, or None."""
    m = _pattern().search(text.casefold())
    return m.group(0).strip() if m else None


def cue_near(body: str, number: tuple[int, int], sentence: tuple[int, int]) -> str | None:
    """A forecast cue in the number's sentence, close enough to bear on it, or None."""
    a = max(sentence[0], number[0] - _BEFORE)
    b = min(sentence[1], number[1] + _AFTER)
    return forecast_cue(body[a:b])
