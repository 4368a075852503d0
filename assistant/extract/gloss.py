"""An organisation named in another language, given its English name.

`Claim.source` is the canonical English name (the words as written stay in `source_text`):
the same ministry quoted by an Arabic and an English wire must be one speaker, or its
running totals split in two and its disagreements with others go unseen. Names the
gazetteer knows already have an English name; this glosses the others word by word from
the pack's name vocabulary (attribution.json), and gives up rather than guess:

- only the longest run of known words from the start is glossed ("وزارة الداخلية إحباط"
  is the Interior Ministry; the verb glued to it by the extractor is not part of a name),
  and it must hold a head noun and one more word;
- a word the vocabulary does not know ends the name, unless it is a place the gazetteer
  knows (its English name) or, in a cased script, a capitalised proper name before the
  head ("Rize Valiliği");
- "reversed" packs (Arabic) write a chain of nouns the other way round from English:
  وزارة الصحة العامة is the Public Health Ministry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.extract.gazetteer import place_names
from assistant.extract.lexicon import language_rules
from assistant.lang import lang_cache, pack
from assistant.text.normalize import norm


@dataclass(frozen=True)
class _Vocabulary:
    nouns: dict[str, str]
    adjectives: dict[str, str]
    links: dict[str, str]
    glued: list[tuple[str, str]]
    articles: tuple[str, ...]
    reversed: bool
    cased: bool
    wrappers: frozenset[str]
    endings: tuple[str, ...]


@lang_cache
def _vocabulary(language: str) -> _Vocabulary | None:
    att = pack(language).attribution if language else None
    if att is None or not att.name_nouns:
        return None

    def fold(table: dict[str, str]) -> dict[str, str]:
        return {norm(k, language): v for k, v in table.items()}

    return _Vocabulary(
        nouns=fold(att.name_nouns),
        adjectives=fold(att.name_adjectives),
        links=fold(att.name_links),
        # Longest prefix first: لل before ل.
        glued=sorted(fold(att.name_glued).items(), key=lambda kv: -len(kv[0])),
        articles=tuple(sorted((norm(a, language) for a in att.name_articles), key=len)[::-1]),
        reversed=att.name_order == "reversed",
        cased=language_rules(language).cased,
        wrappers=frozenset(att.name_wrappers),
        endings=tuple(sorted((norm(e, language) for e in att.name_case_endings), key=len)[::-1]),
    )


_TOKEN = re.compile(r"[^\s]+")
_ELISION = re.compile(r"^([dl][’'])(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class _Word:
    english: str
    kind: str  # "noun", "adjective", "link", "name"


def _strip_article(word: str, v: _Vocabulary) -> str:
    for a in v.articles:
        if word.startswith(a) and len(word) > len(a) + 1:
            return word[len(a) :]
    return word


def _lookup(raw: str, language: str, v: _Vocabulary) -> list[_Word] | None:
    """One written word as glossed words, or None when the vocabulary does not know it."""
    word = norm(raw, language).strip(',.;:()«»"“”')
    if not word:
        return None
    if word in v.links:
        return [_Word(v.links[word], "link")]
    if word in v.articles:
        return []
    elided = _ELISION.match(word)
    if elided:
        head = elided.group(1)
        rest = _lookup(elided.group(2), language, v)
        link = v.links.get(head)
        if rest is None:
            return None
        return ([_Word(link, "link")] if link else []) + rest
    places = place_names(language)
    for w in (word, _strip_article(word, v)):
        if w in v.nouns:
            return [_Word(v.nouns[w], "noun")]
        if w in v.adjectives:
            return [_Word(v.adjectives[w], "adjective")]
        if w in places:
            return [_Word(places[w], "name")]
    # "Valiliğinden", "Bakanlığının": the name's word with a case ending after it.
    for ending in v.endings:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) > 2 and stem in v.nouns:
            return [_Word(v.nouns[stem], "noun")]
    # للهجرة, بصفاقس: a preposition glued to the word (unicased scripts).
    for prefix, link in v.glued:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            inner = _lookup(word[len(prefix) :], language, v)
            if inner and inner[0].kind != "link":
                return [_Word(link, "link"), *inner]
    return None


def _pair(two: list[str], language: str, v: _Vocabulary) -> str | None:
    if len(two) < 2:
        return None
    key = " ".join(_strip_article(norm(t, language), v) for t in two)
    return v.nouns.get(key)


def _render(segment: list[_Word], v: _Vocabulary) -> str:
    """Nouns with the adjectives after them, in English order."""
    groups: list[list[str]] = []
    for w in segment:
        if w.kind == "adjective" and groups:
            # اللجنة الوطنية العليا, protection civile nationale: the last adjective first.
            groups[-1].insert(0, w.english)
        else:
            groups.append([w.english])
    if v.reversed:
        groups.reverse()
    return " ".join(" ".join(g) for g in groups)


_SMALL = frozenset({"of", "and", "for", "the"})
_X_MINISTRY = re.compile(r"^(?:the\s+)?(?P<field>\w[\w\s'-]*?)\s+ministry$", re.IGNORECASE)
_MINISTRY_OF = re.compile(r"^(?:the\s+)?ministry\s+of\s+(?P<field>.+)$", re.IGNORECASE)


def ministry_form(name: str, *, glossed: bool = False) -> str:
    """One written form for a ministry whatever the wire's order and case: "Interior
    Ministry", "interior ministry" and "ministry of interior" are all the Ministry of
    Interior (sources.json names ministries so), or one speaker would be three. A name as
    the body writes it changes only when it is described (lower case) or its field is one
    word: "Lebanese Health Ministry" stays."""
    m = _X_MINISTRY.match(name) or _MINISTRY_OF.match(name)
    if m is None:
        return name
    words = m["field"].split()
    if not glossed and name[:1].isupper() and len(words) > 1:
        return name
    field = [w if w in _SMALL or w[:1].isupper() else w.capitalize() for w in words]
    return "Ministry of " + " ".join(field)


def gloss(name: str, language: str) -> str | None:
    """The English name of an organisation written in `language`, or None if unsure."""
    v = _vocabulary(language)
    if v is None:
        return None
    segments: list[tuple[str | None, list[_Word]]] = [(None, [])]
    heads = known = 0
    tokens = _TOKEN.findall(name)
    i = 0
    while i < len(tokens):
        raw = tokens[i]
        # "الصحة العامة" is Public Health, though العامة alone is General.
        pair = _pair(tokens[i : i + 2], language, v)
        words: list[_Word] | None
        if pair is not None:
            words, i = [_Word(pair, "noun")], i + 2
        else:
            words, i = _lookup(raw, language, v), i + 1
        if words is None:
            if v.cased and raw[:1].isupper() and heads == 0:
                words = [_Word(raw, "name")]  # "Rize Valiliği": a proper name before the head
            else:
                break
        for w in words:
            if w.kind == "link":
                segments.append((w.english, []))
            else:
                segments[-1][1].append(w)
                heads += w.kind == "noun"
        known += 1
    while segments and not segments[-1][1]:
        segments.pop()  # a name does not end on "of"
    if heads == 0 or known < 2 or not segments:
        return None
    if len(segments) > 1 and _render(segments[0][1], v) in v.wrappers:
        # "General Directorate for Civil Defence" is the Civil Defence, as desks name it.
        segments = [(None, segments[1][1]), *segments[2:]]
    parts = []
    for link, seg in segments:
        text = _render(seg, v)
        parts.append(f"{link} {text}" if link else text)
    english = " ".join(parts)
    # Every word from the vocabulary: the order is the pack's, not the body's own.
    named = any(w.kind == "name" for _, seg in segments for w in seg)
    return english if named else ministry_form(english, glossed=True)
