"""The files of a language pack, as pydantic models: what each key holds, checked on load."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Literal

from pydantic import Field, field_validator

from assistant.lang.attribution_schema import Attribution
from assistant.lang.base import PackFile, Regex, Words, compiles

Qualifier = Literal["approx", "more_than", "at_least", "at_most", "less_than"]
MetricCue = Literal[
    "displaced",
    "killed",
    "injured",
    "missing",
    "detained",
    "surrendered",
    "arrived",
    "died",
    "freed",
    "action",
    "damaged",
    "state",
]
NumberCategory = Literal[
    "atom",
    "hundred",
    "hundreds",
    "scale",
    "scale2",
    "art",
    "conn",
    "de",
    "frac",
    "halfadd",
    "approx",
    "dozen",
    "dual",
    "month",
    "year_before",
    "year_after",
    "vague",
    "ordinal",
    "det",
    "pct_prefix",
    "link",
]
NumberFlag = Literal[
    "alone", "plural", "artlike", "teenonly", "mult", "needs_de", "capital", "ar_plural", "abbr"
]
PeriodHandler = Literal[
    "rate",
    "since_month_start",
    "since_date",
    "since_month",
    "window_n",
    "ago",
    "recent",
    "since_weekday",
    "weekday",
    "date",
    "year",
    "today",
    "daytime",
    "yesterday",
    "overnight",
    "total",
    "since_event",
]
TimeUnit = Literal["hour", "day", "week", "month", "year"]


class PackInfo(PackFile):
    """pack.json: who the pack is for, and the few affixes its matching needs."""

    code: str = Field(pattern=r"^[a-z]{2,3}$", description="ISO 639 code, the folder's name")
    name: str = Field(min_length=1, description="English name of the language")
    script: str = Field(pattern=r"^[A-Z][a-z]{3}$", description="ISO 15924 script: Latn, Arab")
    proclitics: Regex = Field("", description="Clitics glued before a cue word (Arabic و ب ل ال)")
    conjunction_prefix: Regex = Field("", description="A conjunction glued to a verb (و ف)")
    suffix_letters: str = Field(
        "", description="Letters of case endings glued to numbers and names (Turkish)"
    )
    lowercase: dict[str, str] = Field(
        default_factory=dict, description="Case pairs that differ from Unicode's (Turkish I ı)"
    )

    @field_validator("proclitics", "conjunction_prefix")
    @classmethod
    def _regex(cls, v: str) -> str:
        return compiles(v)


class Lexicon(PackFile):
    """lexicon.json: cue words of the rules extractor.

    A table left out falls back to the default language's. Cue entries are written as
    read (normalised on load); an entry starting `re:` is a regex, and `\\S` inside an
    entry stands for any one word. Keys in the second group are regex alternatives,
    written in normalised form (lower case, Arabic folded), and apply to every wire
    whatever its language, as a figure's context is often quoted in another one.
    """

    qualifiers_before: dict[Qualifier, Words] | None = None
    qualifiers_after: dict[Qualifier, Words] | None = None
    units: dict[str, Words] | None = Field(None, description="unit -> noun stems")
    time_units: Words | None = None
    age_before: Words | None = None
    age_after: Words | None = None
    metrics: dict[MetricCue, Words] | None = Field(None, description="in priority order")
    projection_before: Words | None = Field(
        None, description="before a number: a forecast or fear ('could exceed', 'may reach')"
    )
    projection_after: Words | None = Field(
        None, description="after a number or its noun: a fear ('feared dead')"
    )
    measure_before: dict[str, Words] | None = Field(
        None,
        description="unit -> words right before a figure that make it a measure "
        "('magnitude 6.4', '$3,500', 'بقوة 6.1')",
    )
    count_verbs: Words | None = Field(
        None,
        description="a speaker counting the dead or hurt ('counted', 'recorded', 'a recensé'): "
        "with no period stated, its figure is a tally so far, not an incident's count",
    )
    earlier_links: Words | None = Field(
        None,
        description="words that set a figure against an earlier value of the one before it "
        "('14 dead, up from 9', 'contre neuf mardi', 'frente a los cinco', 'مقابل 3'): the "
        "figure counts what that one counts",
    )
    same_period: Words | None = Field(
        None,
        description="'over the same period', 'sur la même période', 'خلال الفترة نفسها': the "
        "figure's period is that of the figure before it",
    )
    figure_word_links: Words | None = Field(
        None,
        description="words after a figure word that say what it counts ('la cifra de "
        "heridos', 'the figure of'): then it takes up no figure before it",
    )
    mixed_nouns: Words | None = Field(
        None,
        description="nouns that count more than one fate ('casualties': the killed and the "
        "injured): a figure they count has no one metric",
    )
    figure_anaphors: Words | None = Field(
        None,
        description="words that take up a figure already given ('the figure', 'la cifra', "
        "'le chiffre', 'الرقم'): a figure they govern counts what that one counts",
    )
    contrast_words: Words | None = Field(
        None,
        description="a conjunction that sets two statements side by side ('while', "
        "'whereas', 'فيما', 'tandis que'): a place on the far side of one, beside another "
        "figure, is that figure's",
    )
    condition_words: Words | None = Field(
        None,
        description="a condition people are left in (homeless, sheltering, without power, "
        "stranded): with no period stated, a count of them is a state as of publication",
    )
    increment_next: Words | None = Field(
        None,
        description="right after a figure: it is an increment since the last report ('9 more "
        "deaths', 'deux nouveaux corps', '5 nuevos casos'), not a running total",
    )
    increment_after_noun: Words | None = Field(
        None,
        description="after a figure's noun: the same ('8 جثث جديدة', '2 kişi daha', "
        "'5 muertos más')",
    )
    non_person_nouns: Words | None = Field(
        None,
        description="nouns a death or injury verb may count that are no people (livestock, "
        "animals): any other noun it counts is a group of people",
    )
    total_links: Words | None = Field(
        None,
        description="between a figure and the larger running total it raises ('bringing', "
        "'ليصل', 'portant'): the figure before is an increment",
    )
    participle_variants: dict[str, list[str]] | None = Field(
        None,
        description="ending -> other endings of the same verb, for single-word metric cues of "
        "six letters or more ('ed': ['ing']: 'arrested' also reads 'arresting', 'captured' "
        "'capturing')",
    )
    one_off_events: Words | None = Field(
        None,
        description="what happens once (an earthquake, a fire, an attack; not strikes that "
        "recur): a past day that dates one dates the start of its toll",
    )
    breakdown_markers: Words | None = Field(
        None, description="before a list of figures: it is complete ('as follows', 'şöyle')"
    )
    govern_fillers: Words | None = Field(
        None, description="the only words between a verb and the figure it governs ('to')"
    )
    count_heads: Words | None = Field(
        None,
        description="a count as the subject of a sentence ('the number of', 'the toll', "
        "'le nombre de'): what follows it is what is counted",
    )
    total_verbs: Words | None = Field(
        None,
        description="right before a figure: it completes its subject ('rose to', 'stood at', "
        "'est passé à')",
    )
    camp_words: Words | None = None
    population_cues: Words | None = None
    part_before: Words | None = None
    part_after: Words | None = None
    part_after_whole: Words = Field(
        default_factory=list, description="entries of part_after that name the whole"
    )
    sibling_before: Words | None = None
    complete_before: Words | None = None
    whole_before_patterns: list[Regex] = Field(
        default_factory=list, description="before a number: it is the whole of the last one"
    )
    anaphor_patterns: list[Regex] = Field(
        default_factory=list, description="before a number: it is a part of an earlier one"
    )
    clause_words: Words | None = Field(None, description="words that open a new clause")
    clause_words_run_on: bool = Field(
        False, description="a clause word ending in an apostrophe runs on into the next (qu'il)"
    )
    head_stop: Words | None = Field(None, description="words that end a noun phrase")
    not_a_noun: Regex | None = Field(None, description="endings of verbs and adverbs")
    head_noun_last: bool = Field(False, description="the head is the last noun of a phrase")
    numeral_follows_noun: bool = Field(False, description="'day one': one and two follow")
    present_perfect: Regex | None = Field(None, description="a tally so far ('have fled')")
    # Across languages.
    vague: list[Regex] = Field(default_factory=list, description="'hundreds', 'thousands'")
    forecast_words: list[Regex] = Field(
        default_factory=list,
        description="any word of a forecast near a figure ('could', 'feared', قد يـ): the check "
        "an LLM's projection must pass, over case-folded text",
    )
    name_before: list[Regex] = Field(default_factory=list, description="'Resolution 2254'")
    name_after: list[Regex] = Field(default_factory=list, description="'6698 sayılı'")
    role: list[Regex] = Field(default_factory=list, description="'spokesman', 'director'")
    organisation_words: list[Regex] = Field(
        default_factory=list, description="words of an organisation's name, as written"
    )
    partitive: list[Regex] = Field(default_factory=list, description="'of them'")
    partitive_verbs: list[Regex] = Field(default_factory=list, description="'of them were'")
    of_another: list[Regex] = Field(default_factory=list, description="'12 of the 36'")
    of_another_articles: list[Regex] = Field(default_factory=list)
    trailing: list[Regex] = Field(default_factory=list, description="small words a quote drops")
    conjunctions: list[Regex] = Field(default_factory=list, description="'X and Y of them'")
    range_words: list[Regex] = Field(default_factory=list, description="'5 to 10'")
    range_before: list[Regex] = Field(default_factory=list, description="'between 5 and 10'")
    qualifier_conjunctions: list[Regex] = Field(
        default_factory=list, description="'10 men and women at least'"
    )
    fraction_articles: Words = Field(default_factory=list, description="'a third of a day'")
    unit_tails: list[Regex] = Field(default_factory=list, description="'square kilometres'")
    statement_pronouns: list[Regex] = Field(default_factory=list)
    statement_auxiliaries: list[Regex] = Field(default_factory=list)
    statement_prepositions: list[Regex] = Field(default_factory=list)

    @field_validator(
        "whole_before_patterns",
        "anaphor_patterns",
        "vague",
        "forecast_words",
        "name_before",
        "name_after",
        "role",
        "organisation_words",
        "partitive",
        "partitive_verbs",
        "of_another",
        "of_another_articles",
        "trailing",
        "conjunctions",
        "range_words",
        "range_before",
        "qualifier_conjunctions",
        "unit_tails",
        "statement_pronouns",
        "statement_auxiliaries",
        "statement_prepositions",
    )
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return [compiles(x) for x in v]

    @field_validator("not_a_noun", "present_perfect")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        return None if v is None else compiles(v)


NumberWord = tuple[NumberCategory, int | str] | tuple[NumberCategory, int | str, list[NumberFlag]]


class Numbers(PackFile):
    """numbers.json: number words, each [category, value, flags]; a value may be "1/2"."""

    words: dict[str, NumberWord]
    scale_suffixes: dict[str, Words] = Field(
        default_factory=dict,
        description="scale word -> the case endings it takes inside a figure, in its own "
        "vowel harmony ('bin' -> 'binden', never 'bina': that is a building)",
    )
    glued: bool = Field(False, description="compounds may be written as one word")
    bare_after_scale: bool = Field(
        False,
        description="digits or a hundreds word follow a scale word without 'and' "
        "('4 mil 200', 'dos mil quinientos')",
    )
    scale_of_scales: bool = Field(
        False,
        description="a figure below a larger scale multiplies it ('mil millones', "
        "'2 mil 500 millones' is 2,500 million)",
    )
    tens_conjunction: bool = Field(
        False, description="a unit joins a ten with the conjunction ('treinta y uno')"
    )
    percent_after: Words = Field(
        default_factory=list,
        description="words after a number that make it a percentage ('por ciento'); "
        "none: the reader's built-in ones",
    )
    percent_patterns: list[Regex] | None = Field(
        None,
        description="regexes after a number (and a space) that make it a percentage; "
        "unset: the default pack's; [] for none (Turkish writes 'yüzde' before)",
    )
    clock_h: bool = Field(False, description="times written with an h: '6 h', '18h30'")
    year_endings: Words = Field(
        default_factory=list,
        description="endings after an apostrophe that make a bare figure a year ('2015'te')",
    )
    dual_stems: dict[str, bool] = Field(
        default_factory=dict,
        description="nouns whose dual means two; true when the -ين dual is safe too",
    )
    weekday_stems: Words = Field(
        default_factory=list, description="definite forms that are a weekday, not a count"
    )

    @field_validator("words")
    @classmethod
    def _values(cls, v: dict[str, NumberWord]) -> dict[str, NumberWord]:
        for word, entry in v.items():
            if isinstance(entry[1], str):
                try:
                    Fraction(entry[1])
                except ValueError as e:
                    raise ValueError(f"{word}: value {entry[1]!r} is not a fraction") from e
        return v


class Calendar(PackFile):
    """calendar.json: month names (twelve lists) and weekday names (seven, Monday first)."""

    months: list[Words] = Field(min_length=12, max_length=12)
    weekdays: list[Words] = Field(min_length=7, max_length=7)


class Periods(PackFile):
    """periods.json: period patterns and the words they resolve with.

    Patterns are tried most specific first; `{month}`, `{weekday}`, `{day}`, `{year}` and
    `{ordinal}` stand for the pack's names and the shared day and year forms. A pack
    without patterns uses the default language's.
    """

    patterns: list[tuple[PeriodHandler, Regex]] | None = None
    unit_stems: dict[TimeUnit, Words] = Field(default_factory=dict)
    dual_units: Words = Field(default_factory=list, description="'the last two days' in a word")
    day_ordinals: dict[str, int] = Field(default_factory=dict, description="'the fourth of'")
    year_words: Words = Field(default_factory=list, description="'since the start of the year'")
    previous_words: Words = Field(default_factory=list, description="'of last month'")
    quote_event: bool = Field(False, description="'since <event>' is quoted in the label")
    event_stops: Words = Field(default_factory=list, description="where a quoted event ends")
    ago: Regex | None = Field(None, description="'two months ago' inside a 'since' event")

    @field_validator("patterns")
    @classmethod
    def _regexes(
        cls, v: list[tuple[PeriodHandler, str]] | None
    ) -> list[tuple[PeriodHandler, str]] | None:
        for _, p in v or []:
            compiles(re.sub(r"\{(?:month|weekday|day|year|ordinal)\}", "x", p))
        return v


class Signal(PackFile):
    """A boilerplate signal: a pattern over normalised lines and what it adds."""

    pattern: Regex
    weight: float
    banner: bool = Field(False, description="a multi-paragraph notice may continue it")

    @field_validator("pattern")
    @classmethod
    def _regex(cls, v: str) -> str:
        return compiles(v)


class Boilerplate(PackFile):
    """boilerplate.json: markers of banners, follow-us and copyright lines (any wire)."""

    order: int = Field(
        100,
        description="where this pack's signal weights enter a line's sum: float sums near "
        "the threshold depend on the order of adding, so it is fixed, not the folder order",
    )
    signals: list[Signal] = Field(default_factory=list)
    news: list[Regex] = Field(default_factory=list, description="reporting verbs: news, not ads")
    platforms: Words = Field(default_factory=list)
    stopwords: Words = Field(default_factory=list)
    proclitics: Words = Field(default_factory=list, description="stripped before stemming")


class Places(PackFile):
    """places.json: how a language names places the gazetteer does not know.

    `areas` are regexes for areas that are not on a map ("government-held areas", "both
    countries"); the others are words: locative prepositions before a capitalised name,
    administrative nouns around it ("Shangla district", "محافظة النبطية"), locative case
    endings glued to a name ("Rize'de"), and for unicased scripts the clitics allowed before
    an administrative noun and the words that end a name.
    """

    cased: bool = True
    prepositions: Words = Field(default_factory=list)
    admin_nouns: Words = Field(default_factory=list)
    areas: list[Regex] = Field(default_factory=list)
    suffixes: Words = Field(default_factory=list)
    list_joiners: Words = Field(default_factory=list, description="'and' inside a place list")
    proclitics: Words = Field(default_factory=list)
    stop_words: Words = Field(default_factory=list)
    anaphors: Words = Field(
        default_factory=list,
        description="a place named by its kind alone ('in the district', 'في المدينة', "
        "'ilde'): the place of that kind named last before it, a country never",
    )
    anaphor_noun_strip: list[Regex] = Field(
        default_factory=list,
        description="what to drop from an anaphor's noun before looking for it beside a named "
        "place: an article, a feminine ending ('المحافظة' is the محافظة of 'محافظة الزيتونة' "
        "and the محافظ of 'محافظ القرنفل')",
    )
    admin_after: Words = Field(
        default_factory=list,
        description="administrative nouns that name a place after a capitalised name with no "
        "preposition before it ('Tessel province has recorded 33 deaths'); nouns that also "
        "close names of other things ('Islamic State', 'Gaza City') are left out",
    )
    nationwide: Words = Field(
        default_factory=list,
        description="'nationally', 'across the country': the figure is the whole country's",
    )
    subset_before: Words = Field(
        default_factory=list,
        description="right before a place: it is where some of the counted were, not all "
        "('most of them in', 'la plupart dans', 'معظمهم في')",
    )
    alone_after: Words = Field(
        default_factory=list,
        description="right after a place: its sentence singles out a part of the story's area "
        "('in Tessel province alone', 'وفي إقليم تيسل وحده'), so it is not the story's place",
    )
    national_speakers: Words = Field(
        default_factory=list,
        description="in a speaker's name: a national body ('national disaster agency', "
        "'الهيئة الوطنية'), whose figure, when its sentence names no place, is the country's "
        "and not a province's the story names",
    )

    @field_validator("areas")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return [compiles(x) for x in v]


class Instructions(PackFile):
    """instructions.json: text addressed to a model inside a wire (prompt injection).

    Regexes over the folded body (lower case, NFKC, look-alikes made Latin, zero-width
    characters dropped); every pack's cues apply to every wire, since an instruction may be
    written in another language than the story.
    """

    cues: list[Regex] = Field(default_factory=list)

    @field_validator("cues")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return [compiles(x) for x in v]


class Script(PackFile):
    """One script's entry in scripts.json: its spelling fold, defined once for every use."""

    cased: bool = Field(True, description="has capitals, so a capitalised run may be a name")
    marks: list[str] = Field(
        default_factory=list, description="vowel marks and fillers dropped (chars or ranges a-b)"
    )
    fold: dict[str, str] = Field(
        default_factory=dict, description="letter variants spelt inconsistently -> one form"
    )
    loose_fold: dict[str, str] = Field(
        default_factory=dict,
        description="folded when matching words, kept when reading number words: "
        "مئتا (two hundred) is not ميتا (dead)",
    )


FILES: dict[str, type[PackFile]] = {
    "pack.json": PackInfo,
    "lexicon.json": Lexicon,
    "numbers.json": Numbers,
    "calendar.json": Calendar,
    "periods.json": Periods,
    "attribution.json": Attribution,
    "boilerplate.json": Boilerplate,
    "places.json": Places,
    "instructions.json": Instructions,
}
