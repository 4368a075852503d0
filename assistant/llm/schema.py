"""The contract the model answers to: pydantic models whose descriptions it reads."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.core.models import Metric, Qualifier, Scope

# Part of the cache key: a change to what the model is asked for invalidates old answers.
SCHEMA_VERSION = "2"  # 2: projection, the metric missing, groups as units, finer places


class LLMClaim(BaseModel):
    """One numeric claim of the wire, as the model reports it."""

    model_config = ConfigDict(extra="forbid")

    quote: str = Field(
        description="The shortest exact substring of the wire that holds the number and what "
        "it counts, copied character for character (same script, digits and spelling)."
    )
    number_text: str = Field(
        description="The number exactly as written inside the quote, and nothing else: "
        "'4,900', '٢٨٠٠', 'خمسة آلاف', '6 bin 500', 'three'. No qualifier, no unit."
    )
    value: float = Field(
        description="The number as a plain JSON number: 4900 for '4,900', 5000 for "
        "'خمسة آلاف', 6500 for '6 bin 500', 0.5 for 'half'."
    )
    qualifier: Qualifier = Field(
        description="How the wire bounds the figure: exact; approx (about, nearly, some, "
        "نحو, environ, yaklaşık); at_least; more_than; at_most; less_than. A range "
        "('between 3,000 and 3,500') is two claims: at_least and at_most."
    )
    unit: str = Field(
        description="What one unit is, in English. A group the wire names is its own unit: "
        "women, children, civilians, fighters, soldiers, medics, journalists, migrants, "
        "families, houses, buildings; people only when the wire counts people without "
        "naming a group. Else trucks, km2, percent, days, ... or the counted noun. Never "
        "'others': use the unit of the noun it echoes ('5 killed and 20 others injured': "
        "people)."
    )
    metric: Metric = Field(
        description="killed (dead, died, deaths, perished, lost their lives, bodies "
        "recovered, martyrs); injured; missing (missing or unaccounted for: not dead); "
        "displaced (fled, evacuated, left homeless, sheltering away from home); detained; "
        "surrendered; area_held; camp_population; vehicles; or other."
    )
    counts: str = Field(description="What is counted, a short English phrase.")
    scope: Scope = Field(
        description="window (a count over a stated period), cumulative (a running total "
        "since a start), snapshot (a state at one time)."
    )
    period: str | None = Field(
        description="The words of the wire that state the period the number covers, copied "
        "exactly ('in the last 24 hours', 'since the start of December', 'خلال الـ24 ساعة "
        "الماضية'), or null when the wire states none."
    )
    location: str | None = Field(
        description="The finest place or area the wire states for this number, in English, "
        "even when it is no place on a map: 'Baghouz', 'al-Hol camp', 'government-held "
        "areas of Aleppo', 'the north-west', 'both countries', 'outside the city'. Null "
        "when the wire states none."
    )
    source: str | None = Field(
        description="Who gives the figure, as a full English name ('Syrian Observatory for "
        "Human Rights', 'Syrian Democratic Forces', 'United Nations'), or null when it is the "
        "outlet's own voice."
    )
    part_of: int | None = Field(
        description="The index (0 = first) in this list of the claim this one is a part of "
        "('among them', 'including', من بينهم, dont, arasında), or null. The whole is larger."
    )
    complete_breakdown: bool = Field(
        description="True when this claim is one part of a breakdown the wire presents as "
        "complete ('namely 7 civilians and 4 fighters')."
    )
    projection: bool = Field(
        description="True when the figure is a forecast, a fear or a possibility, not a "
        "count: 'could exceed 20,000', 'is expected to rise to 10,000', '10 feared dead', "
        "'may reach', 'قد يتجاوز', 'pourrait dépasser', 'yükselebilir'. A projection is "
        "never a running total (its scope is never cumulative).",
    )


class ClaimList(BaseModel):
    """Every numeric claim of one wire, in order of appearance."""

    model_config = ConfigDict(extra="forbid")

    claims: list[LLMClaim] = Field(
        description="Every number in the wire's body that counts or measures something in "
        "the story, in order of appearance. Not dates, years, clock times, ages, phone "
        "numbers, or the '24' of 'the last 24 hours'."
    )


@dataclass
class Answer:
    """One parsed answer: the claims that validate, and why the others do not."""

    claims: list[LLMClaim | None] = field(default_factory=list)  # None: failed validation
    problems: dict[int, str] = field(default_factory=dict)  # index -> what is wrong
    error: str | None = None  # the answer as a whole is unusable (not JSON, no list)
    truncated: bool = False  # cut off mid-way; the claims before the cut are kept
    refused: bool = False  # the model declined: asking again would waste a call

    @property
    def valid(self) -> list[tuple[int, LLMClaim]]:
        """Claims that validated, with their index in the answer."""
        return [(i, c) for i, c in enumerate(self.claims) if c is not None]


def parse_answer(text: str) -> Answer:
    """Read a model's JSON answer claim by claim: one bad claim spoils only itself."""
    truncated = False
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError) as e:
        data = _salvage(text)
        if data is None:
            return Answer(error=f"not valid JSON ({e})")
        truncated = True
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        return Answer(error='not an object with a "claims" list')
    out = Answer(truncated=truncated)
    for i, item in enumerate(data["claims"]):
        try:
            out.claims.append(LLMClaim.model_validate(item))
        except ValidationError as e:
            out.claims.append(None)
            out.problems[i] = _brief(e)
    return out


def _salvage(text: str) -> dict[str, Any] | None:
    """An answer cut off mid-way (the token limit): its list closed after the last whole claim."""
    if not isinstance(text, str) or '"claims"' not in text:
        return None
    closes = [m.start() for m in re.finditer(r"\}", text)]
    for pos in reversed(closes[-200:]):  # bounded: a long answer is not parsed 10,000 times
        try:
            data = json.loads(text[: pos + 1] + "]}")
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict) and isinstance(data.get("claims"), list):
            return data
    return None


def _brief(e: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or 'claim'}: {err['msg']}" for err in e.errors()
    )
