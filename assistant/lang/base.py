"""What every language-pack file model shares: strict loading and the field types."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

Words = list[str]
# A regex source; entries of a list of these are joined as alternatives.
Regex = str


def compiles(value: str) -> str:
    """The value, if it compiles as a regular expression (a pack error otherwise)."""
    try:
        re.compile(value)
    except re.error as e:
        raise ValueError(f"not a valid regular expression: {e}") from e
    return value


class PackFile(BaseModel):
    """Strict: an unknown key is an error, not a silently ignored typo."""

    model_config = ConfigDict(extra="forbid", frozen=True)
