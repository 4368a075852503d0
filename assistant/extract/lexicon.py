"""Cue words of the rules extractor, compiled from the language packs' lexicon.json.

Packs write entries as read; they are normalised at compile time (lower case, Arabic
letter variants folded, diacritics dropped), so they match `text.normalize.normalize`
output. The packs keep the words; this module keeps how they are matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.lang import default, lang_cache, pack, packs, scripts
from assistant.text.normalize import norm
from assistant.text.trie import trie_pattern

__all__ = ["norm"]


@lang_cache
def proclitics(language: str) -> str:
    """Regex of the clitics that glue onto a cue word (Arabic: and, so, with, for, the)."""
    return pack(language).info.proclitics


def _lexicon_value(language: str, key: str) -> Any:
    """A lexicon.json key of a language, or the default language's when it has none."""
    lex = pack(language).lexicon
    value = getattr(lex, key) if lex is not None else None
    if value is None:
        fallback = default().lexicon
        value = getattr(fallback, key) if fallback is not None else None
    return value


@lang_cache
def table(language: str, key: str) -> tuple[str, ...]:
    """One language's word list (the default language's when it has none)."""
    return tuple(_lexicon_value(language, key) or ())


@lang_cache
def mapping(language: str, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """One language's table of word lists by category, in the pack's order."""
    value: dict[str, list[str]] = _lexicon_value(language, key) or {}
    return tuple((k, tuple(v)) for k, v in value.items())


@lang_cache
def own(language: str, key: str) -> Any:
    """A lexicon.json key of the language's own pack, without falling back."""
    lex = pack(language).lexicon if language in packs() else None
    return getattr(lex, key) if lex is not None else None


def norm_cue(word: str, language: str) -> str:
    """Normalise a cue entry as regex source: plain text is escaped, `\\S` kept as is."""
    if word.startswith("re:"):
        return word[3:]
    pieces = re.split(r"(\\\w[+*?]?)", word)
    return "".join(x if x.startswith("\\") else re.escape(norm(x, language)) for x in pieces if x)


def alternation(words: list[str] | tuple[str, ...], language: str) -> str:
    """Regex source matching any of the cue words (normalised), for a larger pattern."""
    # Plain words go into a trie (a fast scan); the few regex entries follow it.
    plain = {norm(w, language) for w in words if w and not w.startswith("re:") and "\\" not in w}
    regex = sorted(
        {norm_cue(w, language) for w in words if w.startswith("re:") or "\\" in w},
        key=len,
        reverse=True,
    )
    return "|".join(([trie_pattern(plain)] if plain else []) + regex)


def _anchored(language: str, key: str, template: str) -> list[tuple[str, re.Pattern[str]]]:
    """Per category of a table, its words as one alternation in place of `{alt}` (replaced,
    not formatted: a pack's regex may hold braces of its own)."""
    out = []
    for category, words in mapping(language, key):
        if words:
            pattern = template.replace("{alt}", alternation(words, language))
            out.append((category, re.compile(pattern)))
    return out


@lang_cache
def qual_before_re(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Qualifier cues anchored at the end of the text before a number."""
    pre = proclitics(language)
    return _anchored(language, "qualifiers_before", rf"(?:^|[\s(«\"'،,]){pre}(?:{{alt}})[\s:]*$")


@lang_cache
def qual_after_re(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Qualifier cues anchored at the start of the text after a number (or its noun)."""
    return _anchored(language, "qualifiers_after", r"^[\s,،]*(?:{alt})(?:$|[\s.,،;:)'\"»])")


@lang_cache
def measure_before_re(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Per unit, words ending right before a figure that make it a measure."""
    return _anchored(language, "measure_before", r"(?:^|(?<=[^\w]))(?:{alt})[\s:]*$")


@lang_cache
def calendar_words(language: str) -> frozenset[str]:
    """Month and weekday names of a language, lower case ("March 12", "Sunday 5")."""
    cal = pack(language).calendar or default().calendar
    if cal is None:
        return frozenset()
    return frozenset(
        norm(w, language).rstrip(".") for ws in (*cal.months, *cal.weekdays) for w in ws
    )


@lang_cache
def place_suffixes(language: str) -> frozenset[str]:
    """Case endings glued to a place name before a figure ("Rize'de 6")."""
    places = pack(language).places
    return frozenset(places.suffixes) if places is not None else frozenset()


@lang_cache
def place_prepositions(language: str) -> frozenset[str]:
    """Words that open a place phrase ("in", "near", "à"), normalised."""
    places = pack(language).places
    words = places.prepositions if places is not None else []
    return frozenset(norm(w, language) for w in words)


@lang_cache
def definite_prefixes(language: str) -> tuple[str, ...]:
    """The article a language glues to its words ("ال"), normalised; none for most."""
    att = pack(language).attribution
    return tuple(norm(w, language) for w in att.definite_prefixes) if att else ()


@lang_cache
def admin_nouns(language: str) -> frozenset[str]:
    """Nouns of an administrative area, normalised ("province", "محافظة")."""
    places = pack(language).places
    words = places.admin_nouns if places is not None else []
    return frozenset(norm(w, language) for w in words)


@lang_cache
def govern_fillers(language: str) -> frozenset[str]:
    """Words that may stand between a verb and the figure it governs."""
    return frozenset(norm(w, language) for w in table(language, "govern_fillers"))


@lang_cache
def projection_before_re(language: str) -> re.Pattern[str]:
    """A forecast cue anywhere in the words before a number."""
    words = table(language, "projection_before")
    if not words:
        return re.compile("(?!)")
    return re.compile(
        rf"(?:^|(?<=[^\w])){proclitics(language)}(?:{alternation(words, language)})(?![\w])"
    )


@lang_cache
def projection_after_re(language: str) -> re.Pattern[str]:
    """A fear right after a number or its noun ('are feared dead')."""
    words = table(language, "projection_after")
    if not words:
        return re.compile("(?!)")
    return re.compile(rf"^[\s,،]*(?:\S+\s+){{0,2}}?(?:{alternation(words, language)})(?![\w])")


@lang_cache
def words_end_re(words: tuple[str, ...], language: str) -> re.Pattern[str]:
    """Any of the words at the very end of a text (before white space)."""
    pre = proclitics(language)
    return re.compile(rf"(?:^|(?<=[^\w])){pre}(?:{alternation(list(words), language)})\s*$")


@lang_cache
def words_re(words: tuple[str, ...], language: str, *, prefix: bool = True) -> re.Pattern[str]:
    """Any of the words, at a word start (Arabic proclitics allowed), anywhere in a text;
    no words match nothing (an empty alternation would match everywhere)."""
    pre = proclitics(language)
    alt = alternation(list(words), language) or "(?!)"
    start = r"(?:^|(?<=[^\w]))" if prefix else ""
    return re.compile(rf"{start}{pre}(?:{alt})")


@lang_cache
def metric_cue_re(language: str) -> re.Pattern[str]:
    """All metric cues of a language in one pattern; the group name is the category."""
    pre = proclitics(language)
    parts = [
        f"(?P<{cat}>{alternation(_with_variants(words, language), language)})"
        for cat, words in mapping(language, "metrics")
    ]
    return re.compile(rf"(?:^|(?<=[^\w])){pre}(?:{'|'.join(parts)})")


# A shorter word's ending is too often no verb's ("fled" -> "fling", "freed" -> "freing").
VARIANT_MIN_LETTERS = 6


def _with_variants(words: tuple[str, ...], language: str) -> list[str]:
    """The words and the other forms of their verbs the pack's endings give ('arrested':
    'arresting'), so a verb listed in one form is read in the others a desk writes."""
    variants: dict[str, list[str]] = _lexicon_value(language, "participle_variants") or {}
    out = list(words)
    for w in words:
        if " " in w or len(w) < VARIANT_MIN_LETTERS:
            continue
        for ending, others in variants.items():
            if w.endswith(ending):
                stem = w[: -len(ending)]
                out += [stem + o for o in others if stem + o not in out]
    return out


def _shadow_order(groups: list[tuple[str, tuple[str, ...]]], language: str) -> list[int]:
    """Group order so that no stem is tried after a shorter stem it starts with.

    An alternation takes the first group that matches, not the longest: Turkish "ev"
    (houses) would swallow "evsiz" (homeless), English "men" would never let "members"
    through. A group holding a longer stem goes before the group whose stem prefixes it.
    """
    stems = [{norm(w, language) for w in ws if not w.startswith("re:")} for _, ws in groups]
    n = len(groups)
    before: dict[int, set[int]] = {i: set() for i in range(n)}  # i after every j in it
    for i in range(n):
        for j in range(n):
            if i != j and any(
                long != short and long.startswith(short) for short in stems[i] for long in stems[j]
            ):
                before[i].add(j)
    order: list[int] = []
    placed: set[int] = set()
    while len(order) < n:
        ready = [i for i in range(n) if i not in placed and before[i] <= placed]
        # A cycle (each prefixes the other somewhere): keep the pack's order for the rest.
        pick = ready[0] if ready else min(i for i in range(n) if i not in placed)
        order.append(pick)
        placed.add(pick)
    return order


@lang_cache
def _units(language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    groups = list(mapping(language, "units"))
    return tuple(groups[i] for i in _shadow_order(groups, language))


@lang_cache
def unit_any_re(language: str) -> re.Pattern[str]:
    """Every counted-noun stem in one pattern at a word start; `unit_of` names the unit."""
    pre = proclitics(language)
    parts = [f"(?P<u{i}>{alternation(w, language)})" for i, (_, w) in enumerate(_units(language))]
    return re.compile(rf"(?<![\w]){pre}(?:{'|'.join(parts)})")


def unit_of(language: str, match: re.Match[str]) -> str:
    """The unit a match of `unit_any_re` names ("people" when it names none)."""
    group = match.lastgroup
    if not group:
        return "people"
    return _units(language)[int(group[1:])][0]


def _any(key: str) -> str:
    """The alternatives every pack gives for a cross-language key, as one alternation."""
    alts: list[str] = []
    for p in packs().values():
        if p.lexicon is not None:
            alts += [a for a in getattr(p.lexicon, key) if a not in alts]
    return "|".join(alts) or "(?!)"


@dataclass(frozen=True)
class Shared:
    """Patterns built from every pack: a wire quotes context in any language."""

    vague: re.Pattern[str]
    name_before: re.Pattern[str]
    name_after: re.Pattern[str]
    personlike: re.Pattern[str]
    organisation: re.Pattern[str]
    role: re.Pattern[str]
    partitive: re.Pattern[str]
    of_another: re.Pattern[str]
    trailing: re.Pattern[str]
    conj: re.Pattern[str]
    range_mid: re.Pattern[str]
    range_before: re.Pattern[str]
    qualifier_conj: re.Pattern[str]
    unit_tail: re.Pattern[str]
    statement_gap: re.Pattern[str]
    fraction_articles: frozenset[str]


@lang_cache
def shared() -> Shared:
    """The cross-language patterns of the rules extractor."""
    articles = frozenset(
        w for p in packs().values() if p.lexicon for w in p.lexicon.fraction_articles
    )
    return Shared(
        vague=re.compile(rf"(?<![\w])(?:{_any('vague')})(?![\w])"),
        # A whole word before the figure: "that 500" does not end in the Turkish "hat" (line).
        # (Arabic glues its prepositions and conjunctions to the word: "بالخط الساخن").
        # Any case: "Resolution 2254", "Flight 302", "Report No. 13" open headlines.
        name_before=re.compile(
            rf"(?:(?<![\w])|(?<=[وفبلك]))(?:{_any('name_before')})\s*$", re.IGNORECASE
        ),
        name_after=re.compile(rf"^\s*(?:{_any('name_after')})"),
        # Two or three capitalised words with no word of an organisation's name: a person.
        personlike=re.compile(
            rf"^(?!.*\b(?:{_any('organisation_words')})\b)"
            r"[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,3}$"
        ),
        # A word of an organisation's name, in any case ("Moldova's emergency inspectorate").
        organisation=re.compile(rf"(?<![\w])(?:{_any('organisation_words')})", re.IGNORECASE),
        role=re.compile(rf"(?:{_any('role')})", re.IGNORECASE),
        partitive=re.compile(rf"\s*(?:{_any('partitive')})(?:\s+(?:{_any('partitive_verbs')}))?"),
        # "12 of the territory's 36 hospitals": the first figure counts what the second does.
        of_another=re.compile(
            rf"^\s+(?:{_any('of_another')})\s+(?:{_any('of_another_articles')})?"
            r"(?:[\w'’]+\s+){0,2}$"
        ),
        # Small words a quote should not end on.
        trailing=re.compile(rf"(?:\s+(?:{_any('trailing')}))+$"),
        conj=re.compile(rf"(?:^|[\s,،])(?:{_any('conjunctions')})\s*$|^[\s,،]*$"),
        range_mid=re.compile(rf"^\s*(?:-|–|{_any('range_words')})\s*$"),
        range_before=re.compile(rf"(?:{_any('range_before')})\s*$"),
        qualifier_conj=re.compile(rf"\s+(?:{_any('qualifier_conjunctions')})\S+"),
        # Keep "square kilometres" and "كيلومترات مربعة" whole in the quote.
        unit_tail=re.compile(rf"\s+(?:{_any('unit_tails')})"),
        # Between a speech verb and a time: only the speaker, a pronoun, punctuation, "on".
        statement_gap=re.compile(
            rf"[\s,،]*(?:(?:{_any('statement_pronouns')})\s+)?"
            rf"(?:(?:{_any('statement_auxiliaries')})\s+)?"
            rf"(?:(?:{_any('statement_prepositions')})\s+)?[\s,،]*"
        ),
        fraction_articles=articles,
    )


@dataclass(frozen=True)
class LanguageRules:
    """The per-language switches of the rules extractor, from pack.json and lexicon.json."""

    cased: bool
    head_stop: frozenset[str] | None  # None: no head-noun guessing in this language
    not_a_noun: re.Pattern[str] | None
    head_noun_last: bool
    numeral_follows_noun: bool
    present_perfect: re.Pattern[str] | None
    ending: re.Pattern[str] | None  # a case ending glued to a number ("240'ı", "binden")
    glued: re.Pattern[str] | None  # the same, at least one letter long


@lang_cache
def language_rules(language: str) -> LanguageRules:
    """How the rules extractor reads one language."""
    info = pack(language).info
    stop = own(language, "head_stop")
    not_a_noun = own(language, "not_a_noun")
    perfect = own(language, "present_perfect")
    letters = info.suffix_letters
    return LanguageRules(
        # No capitalised run can be a name in a script without capitals (scripts.json).
        cased=scripts()[info.script].cased if info.script in scripts() else True,
        head_stop=frozenset(stop) if stop is not None else None,
        not_a_noun=re.compile(not_a_noun) if not_a_noun else None,
        head_noun_last=bool(own(language, "head_noun_last")),
        numeral_follows_noun=bool(own(language, "numeral_follows_noun")),
        present_perfect=re.compile(perfect) if perfect else None,
        ending=re.compile(rf"['’]?[{letters}]{{0,4}}(?=\s)") if letters else None,
        glued=re.compile(rf"['’]?[{letters}]{{1,4}}(?=\s)") if letters else None,
    )
