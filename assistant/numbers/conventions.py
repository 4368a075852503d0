"""How each language writes numbers: decimal and grouping marks, and the shapes of
times, dates and phone numbers that are read whole, never as figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from assistant.lang import lang_cache
from assistant.numbers import words as W

# --- per-language reading conventions ---------------------------------------------------

# Languages that write decimals with a comma; the rest are read like English.
COMMA_DECIMAL: Final = frozenset(
    W.words("fr tr de es it pt nl ru uk pl cs sk sv no nb nn da fi id ro el bg hr sr sl hu ku az")
)
# Languages that group thousands with a plain space (so "12 500" is one number).
SPACE_GROUP: Final = frozenset(W.words("fr ru uk pl cs sk sv no nb nn fi bg hu"))
SPACES: Final = " \u00a0\u202f\u2009"
HYPHENS: Final = "-\u2010\u2011"
WORD: Final = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+"
# Times, dates and phone numbers: read whole, so their digits are never figures.

PHONE: Final = r"""
    (?:\+|00(?=[1-9]))[0-9]{1,3}(?:[ \-.\u00a0]?\(?[0-9]{1,5}\)?){2,6}
  | \([0-9]{2,4}\)[ \u00a0]?[0-9]{3}[ \-.][0-9]{4}
  | [0-9]{3}[\-.][0-9]{3}[\-.][0-9]{4}
  | 0[0-9]{3}[ \-][0-9]{3}[ \-][0-9]{2}[ \-][0-9]{2}"""
DATE: Final = r"""
    [0-9]{4}[\-/.][0-9]{1,2}[\-/.][0-9]{1,2}
  | [0-9]{1,2}[\-/.][0-9]{1,2}[\-/.](?:[0-9]{4}|[0-9]{2})"""
TIME: Final = r"""
    [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[ \u00a0]?[ap]\.?m\b\.?)?
  | [0-9]{1,2}h[0-9]{2}(?![0-9])
  | (?:[01][0-9]|2[0-4])[0-5][0-9](?=[ \u00a0]?(?:GMT|UTC)\b)
  | [0-9]{1,2}(?:[.:][0-9]{2})?[ \u00a0]?[ap]\.?m\b\.?
  | (?:(?<=\bsaat\ )|(?<=\bat\ )|(?<=\bà\ )|(?<=الساعة\ )|(?<=\blas\ )|(?<=\bla\ ))
    [0-9]{1,2}\.[0-9]{2}(?![0-9])
  | (?<=الساعة\ )[0-9]{1,2}(?![0-9.,:])"""
# "6 h", "18h30", "6 h 30" where a pack writes times with an h (numbers.json clock_h): the
# minutes belong to the time, not a count of their own.
TIME_H: Final = r"| [0-9]{1,2}[ \u00a0]?h(?:[ \u00a0]?[0-5][0-9])?(?!\w)"


@dataclass(frozen=True, slots=True)
class Lang:
    """How one language writes numbers, and the patterns that read them."""

    code: str
    lex: W.Lexicon
    decimal: str  # the native decimal marks
    space_group: bool
    arabic: bool
    bare_after_scale: bool  # "4 mil 200": no "and" after a scale word
    scale_of_scales: bool  # "2 mil 500 millones": a figure below a scale multiplies it
    tens_conjunction: bool  # "treinta y uno": the conjunction joins a unit to a ten
    token: re.Pattern[str]
    special: re.Pattern[str]
    pct: re.Pattern[str]


def conventions(language: str) -> Lang:
    """The conventions of a language tag's primary language ("fr-FR" is French)."""
    return _build_lang((language or "").split("-")[0].split("_")[0].lower())


@lang_cache
def _build_lang(code: str) -> Lang:
    space = code in SPACE_GROUP
    seps = ",.\u066b\u066c'\u2019\u00a0\u202f\u2009" + (" " if space else "")
    token = re.compile(rf"(?P<n>[0-9]+(?:[{seps}][0-9]+)*)|(?P<w>{WORD})")
    time = TIME + (TIME_H if W.clock_h(code) else "")
    special = re.compile(
        rf"""(?=[0-9(+])(?:
          (?<![\w+])(?P<ph>{PHONE})(?!\w)
        | (?<![\w/.\-,])(?P<dt>{DATE})(?![\w/]|[.,\-][0-9])
        | (?<![\w:.,])(?P<tm>{time})(?![\w]|:[0-9]|[.,][0-9])
        | (?<![\w/.\-])(?P<sl>[0-9]{{1,4}}/[0-9]{{1,4}})(?![\w/]|[.,\-][0-9])
        )""",
        re.VERBOSE | re.IGNORECASE,
    )
    # "71 percent", "18 في المئة": the pack's patterns after a space.
    pct = "".join(rf"|[ \u00a0]+(?:{p})" for p in W.percent_patterns(code))
    own_pct = W.percent_after(code)
    if own_pct:
        # "71 por ciento": the pack's words, any space inside them as in the text.
        alts = sorted((re.escape(w).replace(r"\ ", r"[ \u00a0]+") for w in own_pct), key=len)
        pct = r"|[ \u00a0]+(?:" + "|".join(reversed(alts)) + r")\b"
    bare, compound, tens_conj = W.reading_settings(code)
    return Lang(
        code=code,
        lex=W.lexicon(code),
        decimal=",\u066b" if code in COMMA_DECIMAL else ".\u066b",
        space_group=space,
        arabic=code == "ar",
        bare_after_scale=bare or code == "tr",
        scale_of_scales=compound,
        tens_conjunction=tens_conj,
        token=token,
        special=special,
        pct=re.compile(r"[ \u00a0\u202f]?[%\u066a]" + pct, re.IGNORECASE),
    )
