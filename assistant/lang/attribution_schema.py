"""attribution.json of a language pack: who speaks, and how organisations are named."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assistant.lang.base import PackFile, Regex, Words


class Attribution(PackFile):
    """attribution.json: cues by where their speaker stands, and citing words."""

    cues: dict[Literal["after", "before", "first"], Words]
    cite: list[Regex] = Field(default_factory=list, description="'quoting', 'citing' (any wire)")
    organisation_heads: Words = Field(
        default_factory=list,
        description="unicased scripts: nouns an organisation's name starts with (وزارة, نقابة); "
        "the words after it, up to a stop word, complete the name",
    )
    organisation_stops: Words = Field(
        default_factory=list, description="words that end an organisation's name"
    )
    definite_prefixes: Words = Field(
        default_factory=list,
        description="a definite article a word starts with (ال, لل): a head written with one "
        "takes no genitive, so its name goes on only through words that agree (المرصد السوري "
        "لحقوق الإنسان; not المرصد رامي, the observatory's director Rami)",
    )
    definite_links: Words = Field(
        default_factory=list,
        description="a preposition a word starts with (ل) that carries a definite head's name "
        "on, with no agreement after it (المكتب الإعلامي لحكومة الإقليم)",
    )
    # Names no gazetteer knows, found by their shape in cased scripts (extract/gazetteer.py).
    name_joiners: Words = Field(
        default_factory=list, description="small words inside a capitalised name (of, de, ve)"
    )
    name_leading: Words = Field(
        default_factory=list,
        description="capitalised words a name does not start with (The, Le, Bir); case kept",
    )
    not_names: Words = Field(
        default_factory=list, description="capitals that never name a speaker (UN-free: US, EI)"
    )
    lowercase_names: list[Regex] = Field(
        default_factory=list,
        description="organisations written in lower case ('interior ministry'); any case",
    )
    possessive: Regex | None = Field(
        None, description="the possessive clitic after a name ('s): 'the NDMA's toll'"
    )
    org_heads: Words = Field(
        default_factory=list,
        description="nouns that make a capitalised name an organisation even when it holds "
        "a place ('Sindh Health Department', 'Punjab Police'); name_nouns count too",
    )
    # The vocabulary of organisation names, to give a name written in this language its
    # English form (extract/gloss.py); a pack without it keeps names as written.
    name_nouns: dict[str, str] = Field(
        default_factory=dict, description="nouns of names -> English (وزارة: Ministry)"
    )
    name_adjectives: dict[str, str] = Field(
        default_factory=dict,
        description="adjectives written after their noun -> English (المدني: Civil)",
    )
    name_links: dict[str, str] = Field(
        default_factory=dict, description="words joining parts of a name (de: of, ve: and)"
    )
    name_glued: dict[str, str] = Field(
        default_factory=dict, description="prepositions glued to a word (لل: for, ب: in)"
    )
    name_articles: Words = Field(default_factory=list, description="articles dropped (ال, la)")
    name_case_endings: Words = Field(
        default_factory=list,
        description="case endings a name's last word takes in a sentence, stripped to find "
        "the word: Valiliğinden, Bakanlığının (-nden, -nın)",
    )
    name_wrappers: Words = Field(
        default_factory=list,
        description="glossed heads of an agency's formal label that desks drop when a name "
        "follows them: المديرية العامة للدفاع المدني is the Civil Defence ('General Directorate')",
    )
    name_order: Literal["as_written", "reversed"] = Field(
        "as_written",
        description="'reversed': a chain of nouns reads the other way in English "
        "(وزارة الصحة: Health Ministry)",
    )
