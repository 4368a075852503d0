"""Text normalised for matching, with a map back to the original offsets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.lang import folds, lang_cache, mark_chars, marks, pack

# Vowel marks, tatweel and bidi marks change no meaning for matching; letter variants
# (hamza seats, alef maqsura, teh marbuta) are spelt inconsistently across outlets. The
# marks and the fold are each script's, in assistant/lang/scripts.json.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"  # zero-width chars, bidi marks
_DROP = re.compile(f"[{marks()}{_INVISIBLE}]")
_MAP = str.maketrans(
    {
        **folds(),
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "–": "-",
        "—": "-",
    }
)


@dataclass(frozen=True, slots=True)
class NormText:
    """A lower-cased, Arabic-normalised copy of a text and the offsets back into it."""

    text: str
    orig: Sequence[int]  # orig[i] = offset in the source of normalised char i (len+1 items)

    def to_orig(self, i: int) -> int:
        """Map a normalised offset (0..len) back to the source."""
        return self.orig[i]

    def from_orig(self, j: int) -> int:
        """Map a source offset to the first normalised offset at or after it."""
        lo, hi = 0, len(self.orig) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.orig[mid] < j:
                lo = mid + 1
            else:
                hi = mid
        return lo


_DROP_CHARS = mark_chars() | frozenset(_INVISIBLE)
_FAST: dict[int, str | None] = {**_MAP, **{ord(c): None for c in _DROP_CHARS}}


@lang_cache
def _lowercase(language: str) -> dict[str, str]:
    """Case pairs of a language that differ from Unicode's (Turkish I ı, İ i)."""
    return {"I": "i", "İ": "i", **pack(language).info.lowercase}


@lang_cache
def _table(language: str) -> dict[int, str | None]:
    return {**_FAST, **{ord(k): v for k, v in _lowercase(language).items()}}


def normalize(text: str, language: str = "") -> NormText:
    """Normalise for matching: one char in, zero or one char out, offsets kept."""
    out = text.translate(_table(language)).lower()
    dropped = len(_DROP.findall(text))
    kept_all = dropped == 0
    expected = len(text) - dropped
    if len(out) == expected:
        if kept_all:
            return NormText(out, range(len(text) + 1))
        orig = [i for i, ch in enumerate(text) if ch not in _DROP_CHARS]
        orig.append(len(text))
        return NormText(out, tuple(orig))
    return _normalize_slow(text, language)


def _normalize_slow(text: str, language: str) -> NormText:
    """Char by char, for the rare text whose lower case changes length."""
    out: list[str] = []
    orig: list[int] = []
    lower = _lowercase(language)
    for i, ch in enumerate(text):
        if ch in _DROP_CHARS:
            continue
        if ch in lower:
            c = lower[ch]
        else:
            c = ch.translate(_MAP).lower()
            if len(c) != 1:
                c = unicodedata.normalize("NFKD", c)[0]
        out.append(c)
        orig.append(i)
    orig.append(len(text))
    return NormText("".join(out), tuple(orig))


def norm(text: str, language: str = "") -> str:
    """The normalised string alone, for lexicon entries."""
    return normalize(text, language).text
