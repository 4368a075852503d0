"""Who said it: attribution cues and the source each one names."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.extract.gazetteer import Mention
from assistant.extract.lexicon import alternation, proclitics
from assistant.lang import default, lang_cache, pack, packs

# Where a cue's speaker stands (attribution.json): "after" (قال المرصد, according to X),
# "before" (X said), "first" (Turkish SOV: the sentence's subject).


@lang_cache
def _cite() -> re.Pattern[str]:
    """'quoting', 'citing', عن: the mention after it is who speaks, in any wire."""
    alts: list[str] = []
    for p in packs().values():
        if p.attribution is not None:
            alts += [a for a in p.attribution.cite if a not in alts]
    return re.compile(rf"^\s*(?:{'|'.join(alts) or '(?!)'})\s")


@dataclass(frozen=True, slots=True)
class Cue:
    """An attribution cue in the normalised text and the source it resolves to."""

    start: int
    end: int
    source: str | None  # canonical name, or None
    explicit_none: bool  # "our estimate": the outlet's own voice, said so
    resolved: bool  # a speaker was found (not a bare "it added")
    # Where the speaker is named, as written (normalised offsets); None for a bare cue.
    name_span: tuple[int, int] | None = None


ResolveFn = Callable[[Mention], "str | None"]


@lang_cache
def _cue_re(language: str) -> list[tuple[str, re.Pattern[str]]]:
    own = pack(language).attribution or default().attribution
    table = own.cues if own is not None else {}
    pre = proclitics(language)
    out: list[tuple[str, re.Pattern[str]]] = []
    for side, words in table.items():
        if not words:
            continue
        alt = alternation(words, language)
        out.append((side, re.compile(rf"(?<![\w]){pre}(?:{alt})(?![\w])")))
    return out


# How far after a verb of saying its speaker may stand ("a annoncé vendredi le ministère").
SPEAKER_AFTER_CHARS = 40
_DIGIT = re.compile(r"\d")
# A figure right before a name: its counted noun ("83 habitants"), not a year ("In 2024
# Civil Defence said").
_COUNTED = re.compile(r"(?<![\d.,])\b\d{1,3}(?:[.,\s]\d{3})*\s*$")


def find_cues(
    text: str,
    sent_start: int,
    sent_end: int,
    language: str,
    mentions: list[Mention],
    resolve: ResolveFn,
) -> list[Cue]:
    """Attribution cues of one sentence, each with the source it names."""
    seg = text[sent_start:sent_end]
    local = [m for m in mentions if sent_start <= m.start < sent_end]
    cues: list[Cue] = []
    for side, pat in _cue_re(language):
        for mt in pat.finditer(seg):
            cs, ce = sent_start + mt.start(), sent_start + mt.end()
            cue = Cue(cs, ce, None, False, False)
            for m in _candidates(side, cs, ce, local, text):
                m = _cited(text, m, local)
                if m.kind == "first_person":
                    cue = Cue(cs, ce, None, True, True, (m.start, m.end))
                    break
                src = resolve(m)
                if src is not None:
                    cue = Cue(cs, ce, src, False, True, (m.start, m.end))
                    break
            cues.append(cue)
    cues.sort(key=lambda c: c.start)
    return cues


def _candidates(side: str, cs: int, ce: int, local: list[Mention], text: str) -> list[Mention]:
    """Mentions that may be a cue's speaker, most likely first."""
    # "83 habitants étant portés disparus, a déclaré le gouverneur": the noun a figure
    # counts is what is counted, not who speaks.
    local = [m for m in local if not _COUNTED.search(text, max(0, m.start - 8), m.start)]
    after = [m for m in local if ce <= m.start <= ce + 80]
    before = [m for m in local if cs - 110 <= m.end <= cs][::-1]
    if side == "first":
        order = [m for m in local if m.start < cs] + after
    elif side == "after":
        order = after + before
    else:
        # "said SDF spokesman X", "a indiqué à TAD le porte-parole de la Garde nationale":
        # a speaker after a "said" stands right after it, a day or an addressee between,
        # never a figure ("counted at least 17 trucks leaving the Islamic State").
        near = [
            m
            for m in after
            if m.start - ce <= SPEAKER_AFTER_CHARS and not _DIGIT.search(text, ce, m.start)
        ]
        # ", a annoncé le ministère", ", informó la Secretaría", ", said the agency": a verb
        # of saying set off by a comma has its speaker after it, not in the clause before.
        inverted = text[max(0, cs - 3) : cs].rstrip().endswith(",")
        order = near + before if inverted and near else before + near
    # A name the gazetteer knows beats a capitalised run it does not ("Rami Abdel Rahman").
    return sorted(order, key=lambda m: m.types == ("unknown",))


def _cited(text: str, m: Mention, local: list[Mention]) -> Mention:
    """'local media quoted SOHR' / 'نقلت وسائل إعلام عن المرصد': the cited one speaks."""
    if _cite().match(text[m.end : m.end + 12]):
        nxt = [o for o in local if m.end < o.start <= m.end + 14]
        if nxt:
            return nxt[0]
    return m
