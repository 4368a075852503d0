"""Places finer than the gazetteer: names after locative words, areas, and 'both countries'.

The gazetteer knows countries and a few recurring places; real reporting names districts,
villages and areas it has never heard of ("68 in Shangla district", "Rize'de 6", "في محافظة
النبطية", "in government-held areas"). This module finds them by their shape: a locative
word of the language, then a capitalised name (or, in Arabic, an administrative noun and the
words after it); a name with a locative case ending (Turkish); and the language's phrases
for areas that are not on a map. The words are in each language's pack (`places.json`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lang import lang_cache, pack, packs
from assistant.lang.schema import Places
from assistant.text.normalize import norm

# A capitalised name: one to four capitalised words, joined by the small words names hold.
_CAP = r"[A-ZÀ-ÞÇŞİÖÜĞ][\w'’-]*"
_NAME_JOIN = r"(?:[ \t]+(?:(?:de|del|de la|des|du|of|al|el|la|le|y|and|et|ve)[ \t]+)?)"
# Words that are capitalised without naming a place: months, days, titles, the sentence start.
_NOT_PLACE_WORDS = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An He She They It This That
    These Those Mr Mrs Ms Dr President Minister General Colonel Captain""".split()
)


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in a text: offsets into the original text and the name as written."""

    start: int
    end: int
    name: str


@lang_cache
def _places_pack(language: str) -> Places | None:
    p = pack(language).places
    return p


def _longest_first(words: list[str], language: str) -> str:
    """The words, normalised, as one alternation that tries the longest first."""
    return "|".join(re.escape(norm(w, language)) for w in sorted(words, key=len)[::-1])


def _pack_words_re(language: str, key: str, template: str) -> re.Pattern[str] | None:
    """One word list of the place pack as a pattern: `template` with `{alt}` replaced by
    its words, longest first; None when the pack has none."""
    p = _places_pack(language)
    words = getattr(p, key) if p is not None else None
    if not words:
        return None
    return re.compile(template.replace("{alt}", _longest_first(words, language)))


@lang_cache
def subset_re(language: str) -> re.Pattern[str] | None:
    """'most of them in', 'معظمهم في' at the end of the text before a place."""
    return _pack_words_re(
        language,
        "subset_before",
        r"(?<![\w])(?:{alt})\s+(?:the\s+|la\s+|le\s+|les\s+|el\s+|los\s+)?$",
    )


@lang_cache
def area_re(language: str) -> re.Pattern[str] | None:
    """The pack's areas off the map ('both countries'), case-blind."""
    p = _places_pack(language)
    if p is None or not p.areas:
        return None
    return re.compile("|".join(sorted(p.areas, key=len, reverse=True)), re.IGNORECASE)


@lang_cache
def anaphor_re(language: str) -> re.Pattern[str] | None:
    """'in the district', 'في المدينة' (a proclitic allowed before it): group `a`."""
    p = _places_pack(language)
    clitic = "|".join(re.escape(c) for c in p.proclitics) if p is not None else ""
    before = rf"(?:{clitic}){{0,2}}" if clitic else ""
    return _pack_words_re(language, "anaphors", rf"(?<![\w]){before}(?P<a>{{alt}})(?![\w])")


def anaphor_noun(language: str, words: str) -> str:
    """The noun of an anaphor ('في المحافظة' -> 'محافظ'), as it stands beside a name."""
    noun = words.split()[-1] if words.split() else words
    p = _places_pack(language)
    for rx in p.anaphor_noun_strip if p is not None else ():
        noun = re.sub(rx, "", noun)
    return noun


@lang_cache
def alone_re(language: str) -> re.Pattern[str] | None:
    """'alone', 'وحده' right after a place (normalised text, matched from the place's end)."""
    return _pack_words_re(language, "alone_after", r"\s+(?:{alt})(?![\w])")


@lang_cache
def national_speaker_re(language: str) -> re.Pattern[str] | None:
    """'national', 'الوطنية' in a speaker's name (normalised text)."""
    return _pack_words_re(language, "national_speakers", r"(?<![\w])(?:{alt})(?![\w])")


@lang_cache
def nationwide_re(language: str) -> re.Pattern[str] | None:
    """'Nationally', 'ülke genelinde': a figure for the whole country (normalised text)."""
    return _pack_words_re(language, "nationwide", r"(?<![\w])(?:{alt})(?![\w])")


@lang_cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) pairs; each pattern's group `p` is the place."""
    p = _places_pack(language)
    if p is None:
        return []
    out: list[tuple[str, re.Pattern[str]]] = []
    flags = re.IGNORECASE
    if p.areas:
        alt = "|".join(sorted(p.areas, key=len, reverse=True))
        out.append(("area", re.compile(rf"(?<![\w])(?P<p>{alt})(?![\w])", flags)))
    admin = "|".join(re.escape(w) for w in sorted(p.admin_nouns, key=len, reverse=True))
    preps = "|".join(re.escape(w) for w in sorted(p.prepositions, key=len, reverse=True))
    if p.cased and preps:
        name = rf"{_CAP}(?:{_NAME_JOIN}{_CAP}){{0,3}}"
        admin_tail = rf"(?:\s+(?:{admin}))?" if admin else ""
        admin_head = (
            rf"(?:(?:the|la|le|el|los|las|les)\s+)?(?:(?:{admin})\s+(?:of|de|du|de la|del)\s+)?"
        )
        out.append(
            (
                "name",
                re.compile(
                    # "In Shangla, ...": the preposition may open the sentence.
                    rf"(?<![\w])(?i:{preps})\s+(?:(?:the|la|le|el|los|las|les|l')\s*)?"
                    rf"(?P<p>{admin_head}{name}{admin_tail})(?![\w])"
                ),
            )
        )
    if p.cased and p.admin_after:
        # "Tessel province has recorded 33 deaths": the noun marks the name as a place
        # with no preposition before it.
        after = "|".join(re.escape(w) for w in sorted(p.admin_after, key=len, reverse=True))
        name = rf"{_CAP}(?:{_NAME_JOIN}{_CAP}){{0,3}}"
        # The name opens at a capital that is not a preposition or article ("In Tessel
        # province" is Tessel province).
        lead = "|".join(re.escape(w) for w in [*p.prepositions, "the", "a", "an"])
        out.append(
            (
                "name",
                re.compile(rf"(?<![\w])(?!(?i:{lead})\s)(?P<p>{name}\s+(?:{after}))(?![\w])"),
            )
        )
    if p.suffixes:
        sfx = "|".join(re.escape(s) for s in sorted(p.suffixes, key=len, reverse=True))
        # "Rize'de", and a list with one ending for all: "Rize, Artvin ve Trabzon'da".
        one = rf"{_CAP}(?:\s+{_CAP})?"
        join = "|".join(re.escape(w) for w in p.list_joiners) or "(?!)"
        out.append(
            (
                "name",
                re.compile(
                    rf"(?<![\w])(?P<p>{one}(?:(?:\s*,\s*|\s+(?:{join})\s+){one})*)['’](?:{sfx})(?![\w])"
                ),
            )
        )
    if not p.cased and admin:
        # Unicased scripts: an administrative noun in construct ("محافظة النبطية", never
        # "المحافظة") and the one or two words after it, proclitics allowed before it.
        stop = "|".join(re.escape(w) for w in p.stop_words) if p.stop_words else "(?!)"
        word = rf"(?!(?:{stop})(?![\w]))[^\s\d.,،:;()«»\"]{{2,}}"
        clitic = "|".join(re.escape(c) for c in p.proclitics) if p.proclitics else "(?!)"
        out.append(
            (
                "name",
                re.compile(
                    rf"(?<![\w])(?:{clitic}){{0,2}}(?P<p>(?:{admin})\s+{word}(?:\s+{word})?)"
                ),
            )
        )
    return out


@lang_cache
def _organisation_word() -> re.Pattern[str]:
    """Words of organisations' names in any pack: "at the Fire Service" is no place."""
    words = sorted(
        {w for p in packs().values() if p.lexicon for w in p.lexicon.organisation_words},
        key=len,
        reverse=True,
    )
    alt = "|".join(re.escape(w) for w in words) or "(?!)"
    return re.compile(rf"(?<![\w])(?:{alt})(?![\w])")


def find_places(text: str, language: str) -> list[Place]:
    """Places named in a text by their shape, in order, without overlaps (longest first).

    In a script without capitals only the administrative noun marks a name ("محافظة
    المهرة"); the name it introduces ("المهرة") is then known for the rest of the text, and
    is what the place is called, so "the toll in al-Mahra" and "the governorate of al-Mahra"
    are one place.
    """
    pk = _places_pack(language)
    found: list[Place] = []
    learned: set[str] = set()
    for _kind, pat in _patterns(language):
        for mt in pat.finditer(text):
            name = mt.group("p").strip(" '’.-")
            first = name.split()[0] if name.split() else ""
            if not name or first in _NOT_PLACE_WORDS or _organisation_word().search(name):
                continue
            start = mt.start("p")
            if (
                pk is not None
                and not pk.cased
                and first in pk.admin_nouns
                and len(name.split()) > 1
            ):
                bare = name[len(first) :].strip()
                learned.add(bare)
                found.append(Place(start, start + len(name), bare))
                continue
            found.append(Place(start, start + len(name), name))
    for bare in learned:
        for mt in re.finditer(rf"(?<![\w]){re.escape(bare)}(?![\w])", text):
            found.append(Place(mt.start(), mt.end(), bare))
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    out: list[Place] = []
    for p in found:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out
