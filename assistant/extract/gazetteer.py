"""Bundled gazetteers of sources and places, matched in normalised text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from assistant.extract.lexicon import admin_nouns, definite_prefixes, language_rules, proclitics
from assistant.lang import lang_cache, pack, packs
from assistant.numbers.calendar import month_names, weekday_names
from assistant.text.normalize import NormText, norm
from assistant.text.trie import trie_pattern

MentionKind = Literal["org", "generic", "head", "first_person", "place"]


@lang_cache
def _suffix(language: str) -> str:
    """Case endings glued to names ("SDG'ye", "Gözlemevi'ne"), allowed after a name.

    Turkish writes an apostrophe before the ending of a proper name: without it the word
    is another word ("çadır" is a tent, not Chad; "Suriyeli" a Syrian, not Syria)."""
    letters = pack(language).info.suffix_letters
    return rf"(?:['’][{letters}]{{1,5}})?" if letters else ""


@lang_cache
def _any_suffix() -> str:
    """Case endings of any language, after an acronym: "SDG'ye" is quoted everywhere."""
    letters = "".join(p.info.suffix_letters for p in packs().values())
    return rf"(?:'?[{letters}]{{1,5}})?" if letters else ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A source or place named in a text (offsets into the normalised text)."""

    start: int
    end: int
    name: str
    kind: MentionKind
    types: tuple[str, ...] = ()
    camp: bool = False


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("assistant.extract").joinpath("data", name).read_text("utf-8")
    )
    return data


@lru_cache(maxsize=1)
def _sources() -> dict[str, Any]:
    return _load("sources.json")


@lru_cache(maxsize=1)
def _places() -> dict[str, Any]:
    # places.json (recurring places, nested) first; every country in every pack language
    # after it, so "in Turkey" and "en Roumanie" resolve wherever the story is.
    places = list(_load("places.json")["places"])
    known = {p["name"] for p in places}
    places += [c for c in _load("countries.json")["places"] if c["name"] not in known]
    return {"places": places}


def _wrap(alt: str, language: str) -> str:
    pre = proclitics(language)
    suf = _suffix(language)
    return rf"(?<![\w]){pre}(?P<m>{alt}){suf}(?![\w])"


@lang_cache
def _source_patterns(
    language: str,
) -> tuple[
    re.Pattern[str], re.Pattern[str], dict[str, Mention], re.Pattern[str] | None, dict[str, Mention]
]:
    """Alternations for names, for generic heads ('the office'), and for acronyms."""
    data = _sources()
    names: dict[str, Mention] = {}
    acr: dict[str, Mention] = {}
    for org in data["organisations"]:
        m = Mention(0, 0, org["name"], "org", (org["type"],))
        for a in org["aliases"]:
            names[norm(a, language)] = m
        for a in org["acronyms"]:
            acr[a] = m
    for g in data["generic"]:
        m = Mention(0, 0, g["name"], "generic", (), bool(g.get("camp")))
        for a in g["aliases"]:
            names.setdefault(norm(a, language), m)
    for a in data["first_person"]:
        names.setdefault(norm(a, language), Mention(0, 0, "", "first_person"))
    heads: dict[str, list[str]] = {}
    for typ, words in data["heads"].items():
        for w in words:
            heads.setdefault(norm(w, language), []).append(typ)
    head_names = [w for w in heads if w not in names]
    for w in head_names:
        names[w] = Mention(0, 0, "", "head", tuple(heads[w]))
    alt = trie_pattern(k for k in names if k not in heads)
    head_alt = trie_pattern(head_names)
    acr_alt = "|".join(re.escape(k) for k in sorted(acr, key=len, reverse=True))
    acr_re = (
        re.compile(rf"(?<![\w.]){'(?P<m>' + acr_alt + ')'}{_any_suffix()}(?![\w])") if acr else None
    )
    return (
        re.compile(_wrap(alt, language)),
        re.compile(_wrap(head_alt, language)),
        names,
        acr_re,
        acr,
    )


def sole_organisation(types: tuple[str, ...]) -> str | None:
    """The only organisation of these types in the gazetteer, if there is exactly one."""
    names = {o["name"] for o in _sources()["organisations"] if o["type"] in types}
    return names.pop() if len(names) == 1 else None


def find_sources(nt: NormText, original: str, language: str) -> list[Mention]:
    """Organisations, generic sources, first-person and generic heads named in a text."""
    pat, head_pat, names, acr_re, acr = _source_patterns(language)
    out: list[Mention] = []
    for mt in pat.finditer(nt.text):
        base = names[mt.group("m")]
        out.append(Mention(mt.start("m"), mt.end("m"), base.name, base.kind, base.types, base.camp))
    # Generic heads only where no full name stands ("le ministère de la Santé").
    for mt in head_pat.finditer(nt.text):
        s, e = mt.start("m"), mt.end("m")
        if not any(o.start < e and s < o.end for o in out):
            base = names[mt.group("m")]
            out.append(Mention(s, e, base.name, base.kind, base.types))
    if acr_re is not None:
        for mt in acr_re.finditer(original):
            base = acr[mt.group("m")]
            s, e = nt.from_orig(mt.start("m")), nt.from_orig(mt.end("m"))
            if any(o.start < e and s < o.end for o in out):
                continue
            out.append(Mention(s, e, base.name, base.kind, base.types))
    out.sort(key=lambda m: m.start)
    return out


def _from_packs(key: str) -> list[str]:
    """One attribution.json list (or the words of a word map), from every pack in order: a
    wire quotes any language."""
    out: list[str] = []
    for p in packs().values():
        words = getattr(p.attribution, key, None) if p.attribution is not None else None
        out += [w for w in words or [] if w not in out]
    return out


def _alternation(key: str) -> str:
    """One attribution.json list of every pack as literal alternatives (none: no match)."""
    return "|".join(re.escape(w) for w in _from_packs(key)) or "(?!)"


@lang_cache
def _unknown_re() -> re.Pattern[str]:
    """Names the gazetteer does not know: acronyms ("AFAD") and runs of capitalised words
    ("Civil Protection Agency"), with the small words names contain."""
    joiners = _alternation("name_joiners")
    return re.compile(
        rf"(?<![\w'])(?:[A-Z][A-Z0-9]{{1,6}}(?![\w'])|[A-ZÀ-ÞÇŞİÖÜ][\w'’-]+(?:\s+(?:(?:{joiners})"
        r"\s+)?[A-ZÀ-ÞÇŞİÖÜ][\w'’-]+)+"
        # A service named with its number: "Rescue 1122".
        r"|[A-Z][a-z]+\s+\d{3,4}(?=\s*[,.]?\s+[a-z])(?![\d,.]\d))"
    )


@lang_cache
def _sentence_case_re() -> re.Pattern[str]:
    """Names written in sentence case: "Protection civile", "Agence nationale de gestion
    des catastrophes": a capitalised head noun of a pack's `name_nouns`, then lowercase (or
    capitalised) words of its nouns and adjectives, with the links and articles names
    contain. Title case ("Civil Protection Agency") is `_unknown_re`'s."""

    def alt(words: list[str]) -> str:
        ordered = sorted(words, key=len, reverse=True)
        return "|".join(re.escape(w) for w in ordered) or "(?!)"

    # Cased scripts only: a head is known by its capital.
    nouns = [w for w in _from_packs("name_nouns") if w[:1].lower() != w[:1].upper()]
    words = nouns + [w for w in _from_packs("name_adjectives") if w[:1].lower() != w[:1].upper()]
    heads = alt([w[:1].upper() + w[1:] for w in nouns])
    body = alt(words + [w[:1].upper() + w[1:] for w in words])
    links = alt([w for w in _from_packs("name_links") if not w.endswith(("'", "’"))])
    articles = alt([w for w in _from_packs("name_articles") if not w.endswith(("'", "’"))])
    step = rf"\s+(?:(?:{links})\s+)?(?:(?:{articles})\s+)?(?:[dlDL]['’])?"
    # After a space or an elided article ("L'Agence"), never inside a word.
    start = r"(?:(?<![\w'’])|(?<=(?<![\w])[LlDd]['’]))"
    return re.compile(rf"{start}(?:{heads})(?:{step}(?:{body}))+(?![\w'’-])")


@lang_cache
def _leading_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation('name_leading')})\s+")


@lang_cache
def _article_re() -> re.Pattern[str]:
    # "The ", "La ", and an elided "L'" glued to the name; never a capital of the name itself.
    words = _from_packs("name_leading")
    spaced = "|".join(re.escape(w) for w in words if not w.endswith(("'", "’"))) or "(?!)"
    glued = "|".join(re.escape(w) for w in words if w.endswith(("'", "’"))) or "(?!)"
    return re.compile(rf"^(?:(?:{spaced})\s+|(?:{glued})\s*)")


@lang_cache
def acronym_definitions() -> re.Pattern[str]:
    """ "Provincial Disaster Management Authority (PDMA)", "(Indeci)": a name, then the
    acronym the report will use for it."""
    joiners = _alternation("name_joiners")
    return re.compile(
        rf"([A-Z][\w'’-]+(?:\s+(?:{joiners})?\s*[A-Z][\w'’-]+)+)\s+\(([A-Z][A-Za-z]{{1,7}})\)"
    )


def strip_leading(name: str) -> str:
    """A name without the article it was written with ("The", "La", "L'")."""
    return _article_re().sub("", name)


@lang_cache
def possessive_re() -> re.Pattern[str]:
    """ "the NDMA's toll": a possessive clitic after a name, from every pack that has one
    (Arabic says it by idafa, with no clitic)."""
    alts = [
        p.attribution.possessive
        for p in packs().values()
        if p.attribution is not None and p.attribution.possessive
    ]
    return re.compile("|".join(f"(?:{a})" for a in alts) or "(?!)")


@lang_cache
def _not_names() -> frozenset[str]:
    return frozenset(_from_packs("not_names"))


@lang_cache
def _lowercase_names_re() -> re.Pattern[str]:
    alt = "|".join(_from_packs("lowercase_names")) or "(?!)"
    return re.compile(rf"(?<![\w])(?:{alt})", re.IGNORECASE)


# The dash that ends a dateline: "ANKARA (AA) — ", "CHILPANCINGO, 28 de septiembre
# (AIP).— " (after a space, a stop or a bracket).
DATELINE_DASH = re.compile(r"[\s).][—–-]{1,2}\s")


def find_unknown_sources(nt: NormText, original: str, known: list[Mention]) -> list[Mention]:
    """Capitalised names and acronyms not in the gazetteer, as sources of last resort.

    A generic head ("le ministère") gives way to the full name it begins.
    """
    # A generic word inside a capitalised name ("the Kabul Police Department") is the name's.
    known = [m for m in known if m.kind not in ("head", "generic")]
    out: list[Mention] = []
    places = _place_pattern("en")[1]
    calendar = _cased_calendar()
    # "EL FASHER (Sudan) —": a dateline names a place, not a source.
    # "CHILPANCINGO, 28 de septiembre (AIP).— ": the agency credited there is the outlet.
    dash = DATELINE_DASH.search(original[:120])
    dateline = dash.start() if dash else 0
    # "Selon la Protection civile", "La Direction nationale des secours": a capitalised run
    # that a sentence-case name runs past is only that name's start.
    cased = [(mt.start(), mt.end()) for mt in _sentence_case_re().finditer(original)]
    for mt in _unknown_re().finditer(original):
        text = mt.group(0)
        lead = _leading_re().match(text)
        start = mt.start() + (lead.end() if lead else 0)
        text = original[start : mt.end()]
        if not text or text in _not_names() or start < dateline:
            continue
        if any(a < mt.end() < b for a, b in cased):
            continue
        words = norm(text).split()
        # The body's first words are a name only when an organisation's noun is among them
        # ("The Ministry of Water Resources said"; not a headline run "Heavy Rains Kill").
        if mt.start() < 2 and not any(w in _org_heads() for w in words):
            continue
        if norm(text) in places or any(w in calendar for w in words):
            continue
        # A place in a name ("Sindh", "Punjab") makes it a place, unless an organisation's
        # noun heads it ("Sindh Health Department", "Punjab Police").
        if any(w in places for w in words) and not any(w in _org_heads() for w in words):
            continue
        # A capitalised word opening a sentence is not a name on its own.
        prev = original[max(0, start - 2) : start]
        if " " not in text and not text.isupper() and (start == 0 or prev.strip() in (".", "")):
            continue
        # "Artvin'in Arhavi ilçesinde": a name that an administrative noun with a case ending
        # follows is a place, not a speaker (bare, the noun may head a title: "Lakes state
        # minister of information").
        rest = original[mt.end() : mt.end() + 40].split()
        following = norm(rest[0]) if rest else ""
        if any(following.startswith(a) and len(following) > len(a) for a in _admin_nouns()):
            continue
        # "Quelque 430 personnes", "Some 300 people": a qualifier and its figure, not a name.
        if text[-1].isdigit() and norm(text.split()[0]) in _qualifier_words():
            continue
        s, e = nt.from_orig(start), nt.from_orig(mt.end())
        if any(o.start < e and s < o.end for o in known):
            continue
        out.append(Mention(s, e, text, "org", ("unknown",)))
    for mt in _sentence_case_re().finditer(original):
        s, e = nt.from_orig(mt.start()), nt.from_orig(mt.end())
        if mt.start() >= dateline and not any(o.start < e and s < o.end for o in known + out):
            out.append(Mention(s, e, mt.group(0), "org", ("unknown",)))
    for mt in _lowercase_names_re().finditer(original):
        s, e = nt.from_orig(mt.start()), nt.from_orig(mt.end())
        if not any(o.start < e and s < o.end for o in known + out):
            out.append(Mention(s, e, mt.group(0), "org", ("unknown",)))
    out.sort(key=lambda m: m.start)
    return out


@lang_cache
def _admin_nouns() -> tuple[str, ...]:
    """Administrative nouns of every pack's places ('district', 'ilçesi'), normalised."""
    return tuple(sorted(frozenset().union(*(admin_nouns(code) for code in packs()))))


@lang_cache
def _org_heads() -> frozenset[str]:
    """Nouns that head an organisation's name, in every language (normalised)."""
    return frozenset(norm(w) for w in [*_from_packs("org_heads"), *_from_packs("name_nouns")])


@lang_cache
def _qualifier_words() -> frozenset[str]:
    """One-word qualifiers written before a figure, in every language (some, quelque)."""
    return frozenset(
        norm(w)
        for p in packs().values()
        if p.lexicon and p.lexicon.qualifiers_before
        for words in p.lexicon.qualifiers_before.values()
        for w in words
        if " " not in w
    )


@lang_cache
def _cased_calendar() -> frozenset[str]:
    """Month and weekday names of every language written in capitals: not a source."""
    return frozenset(
        name
        for code in packs()
        if language_rules(code).cased and pack(code).calendar is not None
        for name in (*month_names(code), *weekday_names(code))
    )


@lang_cache
def _place_pattern(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for p in _places()["places"]:
        for a in p["aliases"]:
            names.setdefault(norm(a, language), p["name"])
    alt = trie_pattern(names)
    return re.compile(_wrap(alt, language)), names


def place_names(language: str) -> dict[str, str]:
    """Every normalised name of a gazetteer place, with the place's (English) name."""
    return _place_pattern(language)[1]


def find_places(nt: NormText, language: str) -> list[Mention]:
    """Places of the gazetteer named in a text."""
    pat, names = _place_pattern(language)
    return [
        Mention(mt.start("m"), mt.end("m"), names[mt.group("m")], "place")
        for mt in pat.finditer(nt.text)
    ]


@lru_cache(maxsize=1)
def _place_index() -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in _places()["places"]}


def place_kind(name: str) -> str | None:
    """The kind of a gazetteer place (camp, village, province...)."""
    p = _place_index().get(name)
    return p["kind"] if p else None


def place_ancestors(name: str) -> list[str]:
    """The place and every place it lies in, innermost first."""
    idx = _place_index()
    out: list[str] = []
    cur: str | None = name
    while cur and cur not in out:
        out.append(cur)
        cur = idx.get(cur, {}).get("parent")
    return out


def place_depth(name: str) -> int:
    """How deep a place nests: a country is 1, a village in a province in it 3 or more."""
    return len(place_ancestors(name))


@lang_cache
def _head_pattern(language: str) -> re.Pattern[str] | None:
    att = pack(language).attribution
    if att is None or not att.organisation_heads:
        return None
    heads = trie_pattern(norm(h, language) for h in att.organisation_heads)
    # A name ends at a stop word or at the verb that cites it ("نقابة أطباء السودان قالت").
    cue_words = [w for side in att.cues.values() for w in side if "\\" not in w]
    stops = (
        "|".join(re.escape(norm(w, language)) for w in [*att.organisation_stops, *cue_words])
        or "(?!)"
    )
    word = rf"(?!(?:{stops})(?![\w]))[^\s\d.,،:;()«»\"'“”-]{{2,}}"
    return re.compile(
        rf"(?<![\w]){pack(language).info.proclitics}(?P<m>(?:{heads})(?:\s+{word}){{0,4}})"
    )


def _agreeing_end(
    text: str,
    s: int,
    e: int,
    *,
    head_from: int,
    definite: tuple[str, ...],
    links: tuple[str, ...],
) -> int:
    """Where a name with a definite head ends: at the first word that neither agrees with
    it (definite too) nor carries it on (a preposition, after which anything may follow).

    s is where the match starts (its proclitics, the article among them), head_from where
    the head noun proper starts."""
    if not text[s:head_from].endswith(definite):
        return e
    words = list(re.finditer(r"\S+", text[s:e]))
    end = s + words[0].end()
    for w in words[1:]:
        if not w.group(0).startswith(definite):
            return e if w.group(0).startswith(links) else end
        end = s + w.end()
    return end


def find_headed_sources(
    nt: NormText, original: str, language: str, known: list[Mention]
) -> list[Mention]:
    """Organisations of a script without capitals, by the noun their name starts with.

    "نقابة أطباء السودان", "اللجنة الوطنية العليا لمواجهة الكوارث": the head noun and the
    words of its construct chain up to a stop word; a name the gazetteer knows wins.
    """
    pat = _head_pattern(language)
    if pat is None:
        return []
    att = pack(language).attribution
    assert att is not None  # a head pattern comes from the attribution file
    definite = definite_prefixes(language)
    links = tuple(norm(w, language) for w in att.definite_links)
    out: list[Mention] = []
    for mt in pat.finditer(nt.text):
        s, e = mt.start("m"), mt.end("m")
        if definite:
            # The article may be read as a proclitic, before the name proper.
            e = _agreeing_end(nt.text, mt.start(), e, head_from=s, definite=definite, links=links)
        if any(k.start < e and s < k.end for k in known if k.kind != "head"):
            continue
        if re.search(r"\d\s*$", nt.text[max(0, s - 8) : s]):
            continue  # "42 مركز إيواء": the noun a figure counts, not a speaker
        name = original[nt.to_orig(s) : nt.to_orig(e)].strip()
        if len(name.split()) < 2:
            continue  # a bare "الوزارة" is a generic head, resolved from context
        out.append(Mention(s, e, name, "org", ("unknown",)))
    return out
