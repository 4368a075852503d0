"""Who said it: attribution cues and the source each one names."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from assistant.extract.gazetteer import Mention
from assistant.extract.lexicon import AR_PRE, alternation

# Where a cue's speaker stands: "after" (قال المرصد, according to X), "before" (X said),
# "first" (Turkish SOV: the sentence's subject).
_CUES: dict[str, dict[str, list[str]]] = {
    "en": {
        "after": ["according to", "citing", "quoting", "quoted by"],
        "before": [
            "said",
            "says",
            "say",
            "told",
            "reported",
            "reports",
            "announced",
            "announces",
            "stated",
            "added",
            "adds",
            "noted",
            "notes",
            "estimated",
            "estimates",
            "warned",
            "warns",
            "put the number",
            "put the total",
            "put the toll",
            "put the figure",
            "gave a figure",
            "gave a lower figure",
            "gave a higher figure",
            "gave the figure",
            "counted",
            "has counted",
            "recorded",
            "has recorded",
            "documented",
            "has documented",
            "confirmed",
            "tweeted",
            "wrote",
            "saying",
            "claimed",
            "told a",
            "keeps its own tally",
            "puts the figure",
            "puts the number",
            "puts the toll",
        ],
    },
    "fr": {
        "after": ["selon", "d'après", "d'apres", "citant"],
        "before": [
            "a affirmé",
            "a déclaré",
            "a indiqué",
            "a annoncé",
            "a fait état",
            "a précisé",
            "a ajouté",
            "a estimé",
            "a rapporté",
            "a recensé",
            "a dénombré",
            "affirme",
            "indique",
            "estime",
            "rapporte",
            "a assuré",
            "a expliqué",
            "a souligné",
            "a dit",
            "fait état",
            "recense",
            "dénombre",
            "a averti",
            "a prévenu",
        ],
    },
    "ar": {
        "after": [
            "قال",
            "قالت",
            "يقول",
            "تقول",
            "أفاد",
            "أفادت",
            "يفيد",
            "تفيد",
            "ذكر",
            "ذكرت",
            "أعلن",
            "أعلنت",
            "أشار",
            "أشارت",
            "أوضح",
            "أوضحت",
            "أضاف",
            "أضافت",
            "بحسب",
            "حسب",
            "وفق",
            "وفقا",
            "وفقاً",
            "وفق ما نقل",
            "وفق ما ذكر",
            "نقلا عن",
            "نقلاً عن",
            "قدر",
            "قدرت",
            "يقدر",
            "تقدر",
            "أحصى",
            "وثق",
            "يوثق",
            "يوثقها",
            "أكد",
            "أكدت",
            "صرح",
            "نبه",
            "نبهت",
            "حذر",
            "حذرت",
            "لافتا",
            "لافتاً",
            "مشيرا",
            "مشيراً",
            "مضيفا",
            "مضيفاً",
            "استنادا إلى",
            "استناداً إلى",
            "كشف",
            "كشفت",
            "رصد",
            "سجل",
            "سجلت",
            "نقلت \\S+ \\S+ \\S+ عن",
            "نقلت \\S+ \\S+ عن",
            "نقلت \\S+ عن",
            "نقل \\S+ عن",
        ],
        "before": [],
    },
    "tr": {
        "before": ["göre", "'e göre", "'a göre", "'ye göre", "'ya göre"],
        "first": [
            "bildirdi",
            "açıkladı",
            "kaydetti",
            "dedi",
            "söyledi",
            "belirtti",
            "aktardı",
            "duyurdu",
            "ifade etti",
            "vurguladı",
            "tahmin ediyor",
            "iddia etti",
            "ekledi",
            "bildirdi.",
            "açıklamada",
        ],
    },
}

_CITE = re.compile(r"^\s*(?:عن|,?\s*citing|,?\s*quoting|,?\s*citant)\s")


@dataclass(frozen=True, slots=True)
class Cue:
    """An attribution cue in the normalised text and the source it resolves to."""

    start: int
    end: int
    source: str | None  # canonical name, or None
    explicit_none: bool  # "our estimate": the outlet's own voice, said so
    resolved: bool  # a speaker was found (not a bare "it added")


ResolveFn = Callable[[Mention], "str | None"]


@cache
def _cue_re(language: str) -> list[tuple[str, re.Pattern[str]]]:
    table = _CUES.get(language, _CUES["en"])
    pre = AR_PRE if language == "ar" else ""
    out = []
    for side, words in table.items():
        if not words:
            continue
        alt = alternation(words, language)
        out.append((side, re.compile(rf"(?<![\w]){pre}(?:{alt})(?![\w])")))
    return out


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
            for m in _candidates(side, cs, ce, local):
                m = _cited(text, m, local)
                if m.kind == "first_person":
                    cue = Cue(cs, ce, None, True, True)
                    break
                src = resolve(m)
                if src is not None:
                    cue = Cue(cs, ce, src, False, True)
                    break
            cues.append(cue)
    cues.sort(key=lambda c: c.start)
    return cues


def _candidates(side: str, cs: int, ce: int, local: list[Mention]) -> list[Mention]:
    """Mentions that may be a cue's speaker, most likely first."""
    after = [m for m in local if ce <= m.start <= ce + 80]
    before = [m for m in local if cs - 110 <= m.end <= cs][::-1]
    if side == "first":
        order = [m for m in local if m.start < cs] + after
    elif side == "after":
        order = after + before
    else:
        # "said SDF spokesman X": a speaker after a "said" stands right after it.
        order = before + [m for m in after if m.start - ce <= 25]
    # A name the gazetteer knows beats a capitalised run it does not ("Rami Abdel Rahman").
    return sorted(order, key=lambda m: m.types == ("unknown",))


def _cited(text: str, m: Mention, local: list[Mention]) -> Mention:
    """'local media quoted SOHR' / 'نقلت وسائل إعلام عن المرصد': the cited one speaks."""
    if _CITE.match(text[m.end : m.end + 12]):
        nxt = [o for o in local if m.end < o.start <= m.end + 14]
        if nxt:
            return nxt[0]
    return m
