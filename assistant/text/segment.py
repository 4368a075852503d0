"""Paragraphs, sentences and clauses of a normalised text, as offset ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lang import default, lang_cache, pack
from assistant.text.normalize import norm

# A sentence ends at . ! ? ؟ … before white space, unless the dot sits inside a number
# ("1.5", "53.380") or ends a one-letter initial ("U.S.").
_SENT_END = re.compile(r"(?<![\s.][A-Za-z])(?<!\d\.\d)[.!?؟…]+[\"'»”)\]]*(?=\s)|\n+")

# Abbreviations that number what follows them ("No. 13", "Nr. 5", "art. 3", "p. 12"): the
# stop after them ends no sentence when a figure follows.
_NUMBERING = re.compile(r"(?<![\w.])(?:[Nn][Oo]|[Nn]r|[Aa]rt|[Vv]ol|pp?|[Pp]ara)$")
_DIGIT_NEXT = re.compile(r"\s+\d")
# The longest of those abbreviations: where to look back for one (not the whole text before).
_NUMBERING_CHARS = 4

# Clause boundaries: punctuation followed by space, and subordinating words that start a
# new clause with its own subject, verb and period.
_CLAUSE_PUNCT = re.compile(r"[,،;؛:](?=\s)|\s[-–—]\s")


@lang_cache
def _clause_words(language: str) -> re.Pattern[str]:
    """Words that open a clause (lexicon.json `clause_words`), after a space."""
    lex = pack(language).lexicon
    if lex is None or lex.clause_words is None:
        lex = default().lexicon
    words = (lex.clause_words if lex else None) or []
    alt = "|".join(re.escape(norm(w, language)) for w in words) or "(?!)"
    pre = pack(language).info.conjunction_prefix
    # Run-on words end in an apostrophe ("qu'il"); any other word ends at a space, or
    # "mais" would open a clause inside "maisons".
    after = r"(?:\s|(?<=['’]))" if lex is not None and lex.clause_words_run_on else r"\s"
    return re.compile(rf"\s(?=(?:{pre}(?:{alt})){after})")


def opens_clause(text: str, pos: int, language: str) -> bool:
    """Whether the word at pos (after a space) opens a clause: "after", "while", "que"."""
    return pos > 0 and _clause_words(language).match(text, pos - 1) is not None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence's range in the normalised text and its paragraph number."""

    start: int
    end: int
    paragraph: int
    index: int


def sentences(text: str) -> list[Sentence]:
    """Split into sentences; a blank line starts a new paragraph."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    for mt in _SENT_END.finditer(text):
        if _DIGIT_NEXT.match(text, mt.end()) and _NUMBERING.search(
            text, max(0, mt.start() - _NUMBERING_CHARS), mt.start()
        ):
            continue  # "Report No. 13", "art. 5": the number belongs to its sign
        end = mt.end() if not mt.group(0).startswith("\n") else mt.start()
        _emit(text, pos, end, para, out)
        if "\n\n" in mt.group(0) or (mt.group(0).startswith("\n") and mt.group(0).count("\n") > 1):
            para += 1
        pos = mt.end()
    _emit(text, pos, len(text), para, out)
    return out


# The longest sentence read as one (README "Operating Tally": limits). Wire sentences run to
# a few hundred characters; a longer run without a stop is a table, a data dump or a
# hostile line, and reading it whole costs time in its length squared (every figure looks
# through its whole sentence). It is read in pieces of at most this size, cut at a space.
MAX_SENTENCE_CHARS = 2000


def _emit(text: str, start: int, end: int, para: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _emit(text, start, cut, para, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, para, len(out)))


def clause_bounds(text: str, start: int, end: int, language: str) -> list[int]:
    """Offsets inside [start, end) where a new clause begins, sorted."""
    seg = text[start:end]
    cuts = {start + m.end() for m in _CLAUSE_PUNCT.finditer(seg)}
    cuts |= {start + m.end() for m in _clause_words(language).finditer(seg)}
    return sorted(c for c in cuts if start < c < end)


def clause_of(bounds: list[int], sent_start: int, sent_end: int, pos: int) -> tuple[int, int]:
    """The clause [a, b) of a sentence that holds offset pos."""
    a, b = sent_start, sent_end
    for c in bounds:
        if c <= pos:
            a = c
        else:
            b = c
            break
    return a, b
