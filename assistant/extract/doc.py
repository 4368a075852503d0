"""The document one rules extraction reads: the report's text and what is found in it
before any figure is read (sentences, clauses, boilerplate, periods, speakers, places), the
candidate each figure becomes, and the helpers every annotator shares.

The annotators (candidates, metrics, parts, scope, attribute, location, assemble) are
mixins over this one class; rules.py composes them and runs them in order.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import datetime

from assistant.core.models import Metric, Qualifier, Report, Scope
from assistant.extract import lexicon as lx
from assistant.extract.attribution import Cue
from assistant.extract.gazetteer import (
    DATELINE_DASH,
    Mention,
    acronym_definitions,
    find_headed_sources,
    find_places,
    find_sources,
    find_unknown_sources,
    place_kind,
    strip_leading,
)
from assistant.extract.periods import Period, find_periods
from assistant.extract.places import anaphor_noun, anaphor_re, area_re
from assistant.extract.places import find_places as find_fine_places
from assistant.extract.units import PERSON_GROUPS
from assistant.numbers.parse import NumberSpan
from assistant.text.boilerplate import boilerplate_spans
from assistant.text.instructions import instruction_spans
from assistant.text.normalize import NormText, normalize
from assistant.text.segment import Sentence, clause_bounds, sentences

PERSON_UNITS = PERSON_GROUPS
# Units a metric may be read for: people of any group, and the families they form.
COUNTED_UNITS = PERSON_GROUPS | {"families"}
# Cues that say a state holds or a thing was done, not what befell the people counted: any
# other cue in reach says more ("45 people remain unaccounted for", "2 children and the
# shelling").
WEAK_CUES = ("state", "action")
TALLY_METRICS = {"displaced", "detained", "surrendered", "killed", "injured", "missing"}
# A place this close to a figure with no noun is what the figure is broken down by.
PLACE_REACH_CHARS = 16


# "ANKARA (AA) —", "الدمازين (السودان) -": a dateline ends within the body's first line.
DATELINE_CHARS = 80


# An acronym in brackets right after a name: "(IGSU)", "(Senapred)".
_BRACKETED = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")


@dataclass
class Candidate:
    """A number on its way to becoming a claim."""

    span: NumberSpan
    ns: int  # normalised offsets of the number
    ne: int
    sent: Sentence
    clause: tuple[int, int]
    value: float
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = "people"
    unit_found: bool = False
    money: str | None = None  # the sign or word of a sum ("$", "rupees"), for its currency
    q_start: int = 0  # quote range, normalised
    q_end: int = 0
    d_start: int | None = None  # where the shown quote starts when the noun comes first
    cue: str | None = None  # metric cue category nearest the number
    cue_in_clause: bool = True
    metric: Metric | None = None
    part: str | None = None  # anaphor | complete | coord | sibling | whole_of_prev
    whole: int | None = None  # index of the whole among candidates
    complete: bool = False
    range_of: int | None = None  # index of the low end, for the high end of a range
    # The figure this one is an earlier value of: "14 morts, contre neuf mardi soir".
    earlier_of: int | None = None
    # The figure this one takes up: "31 dead ... the figure could exceed 50".
    same_as: int | None = None
    scope: Scope | None = None
    period: str = ""
    pstart: datetime | None = None
    pend: datetime | None = None
    period_explicit: bool = False
    source: str | None = None
    source_text: str | None = None
    carried: bool = False  # the speaker came from a sentence across a paragraph break
    location: str | None = None
    location_sure: bool = True  # False: the story's place guessed among several
    merged_into: int | None = None
    projection: bool = False
    echo: str | None = None  # the unit of the figure before, for "others"
    echo_end: int | None = None  # where that figure's quote ends
    echo_leads: bool = False  # that figure is the first of its sentence
    cue_how: str | None = None  # own (the noun) | govern (the verb before) | near | coord
    cue_at: int | None = None  # where the cue stands
    extra: dict[str, str] = field(default_factory=dict)


class Document:
    """State of one extraction: the report and everything found in it."""

    # Every candidate of the report, once the parts are known (places ask about the others).
    _cands: list[Candidate]

    def __init__(self, report: Report) -> None:
        self.report = report
        self.lang = (report.language or "en").split("-")[0].lower()
        self.lr = lx.language_rules(self.lang)
        self.sh = lx.shared()
        self.body = report.body
        self.nt: NormText = normalize(self.body, self.lang)
        self.t = self.nt.text
        self.pub = report.published
        self.sents = sentences(self.t)
        self.sent_starts = [s.start for s in self.sents]
        self.bounds = {
            s.index: clause_bounds(self.t, s.start, s.end, self.lang) for s in self.sents
        }
        # Boilerplate and text addressed to a model (prompt injection) are not the story:
        # no figure is read in either.
        self.boiler = [
            (self.nt.from_orig(a), self.nt.from_orig(b))
            for a, b in [*boilerplate_spans(self.body, self.lang), *instruction_spans(self.body)]
        ]
        # One scan of the whole text; a match may not run across two sentences.
        self.periods: list[Period] = [
            p
            for p in find_periods(self.t, self.lang, self.pub)
            if (s := self._sentence(p.start)) is not None and p.end <= s.end
        ]
        # Periods by start, with the furthest end so far: lookups by position in log time
        # (a number-dense body has thousands of periods and figures; issue 11).
        self._p_order = sorted(range(len(self.periods)), key=lambda i: self.periods[i].start)
        self._p_starts = [self.periods[i].start for i in self._p_order]
        self._p_reach: list[int] = []
        for i in self._p_order:
            end = self.periods[i].end
            self._p_reach.append(max(self._p_reach[-1], end) if self._p_reach else end)
        # "ANKARA (AA) —": the dateline names the outlet's own bureau, not a source.
        dash = DATELINE_DASH.search(self.t[:DATELINE_CHARS])
        dateline = dash.start() if dash else 0
        self.dateline = dash.end() if dash else 0
        # The dateline's date is when the wire was filed, not a period of any figure.
        self.dateline_start = dateline
        self.sources = [
            m for m in find_sources(self.nt, self.body, self.lang) if m.start >= dateline
        ]
        # Places named by their shape ("in Swat River", "in Hyderabad's Latifabad") are not
        # speakers, however capitalised.
        shaped_places = find_fine_places(self.body, self.lang)
        shaped = [(self.nt.from_orig(p.start), self.nt.from_orig(p.end)) for p in shaped_places]
        if self.lr.cased:
            unknown = [
                u
                for u in find_unknown_sources(self.nt, self.body, self.sources)
                if not any(a < u.end and u.start < b for a, b in shaped)
            ]
            kept = [
                m
                for m in self.sources
                if m.kind not in ("head", "generic")
                or not any(u.start < m.end and m.start < u.end for u in unknown)
            ]
            self.sources = sorted(kept + unknown, key=lambda m: m.start)
        else:
            headed = [
                m
                for m in find_headed_sources(self.nt, self.body, self.lang, self.sources)
                if m.start >= dateline
            ]
            kept = [
                m
                for m in self.sources
                if m.kind != "head" or not any(u.start < m.end and m.start < u.end for u in headed)
            ]
            self.sources = sorted(kept + headed, key=lambda m: m.start)
        self.places = find_places(self.nt, self.lang)
        # Places by their shape ("68 in Shangla district"), where the gazetteer names none.
        fine = [
            Mention(self.nt.from_orig(p.start), self.nt.from_orig(p.end), p.name, "place")
            for p in shaped_places
        ]
        self.fine = [
            f for f in fine if not any(g.start < f.end and f.start < g.end for g in self.places)
        ]
        # "Sudan Doctors' Union", "Nepal Red Cross Society", "Romania’s Department for
        # Emergency Situations": a place inside a name is not where anything is counted.
        self.all_places = sorted(
            (
                p
                for p in self.places + self.fine
                if not any(
                    s.kind == "org" and s.start <= p.start and p.end <= s.end and s.name
                    for s in self.sources
                )
                and not self._possessive_of_name(p)
            ),
            key=lambda m: m.start,
        )
        self.all_places = sorted(self.all_places + self._anaphors(), key=lambda m: m.start)
        # "Provincial Disaster Management Authority (PDMA)": the report's own acronyms name
        # the same speaker as the full name.
        self.acronyms: dict[str, str] = {}
        for mt in acronym_definitions().finditer(self.body):
            full, acr = strip_leading(mt.group(1)), mt.group(2)
            initials = "".join(w[0] for w in full.split() if w[0].isupper())
            # "(PDMA)", and names said as words: "(Indeci)", "(Senapred)".
            capitals = {ch for ch in acr if ch.isupper()}
            if acr[0] == initials[:1] and capitals <= set(initials.upper()):
                known = next(
                    (m.name for m in self.sources if m.kind == "org" and full.endswith(m.name)),
                    full,
                )
                self.acronyms[acr] = known
        for m in self.sources:
            # An organisation found as a name, then an acronym in capitals, whatever its
            # letters: "l’Inspection générale des situations d’urgence (IGSU)", "General
            # Inspectorate for Emergency Situations (IGSU)" (Romanian initials). A person's
            # bracket ("X (PTI)") is a party, not a name.
            bracket = _BRACKETED.match(self.body, self.nt.to_orig(m.end))
            if (
                bracket is not None
                # "(IGSU)", not "(Pakistan)": a word in brackets may be where, not who.
                and bracket.group(1).isupper()
                and m.kind == "org"
                and " " in m.name
                and not self.sh.personlike.match(m.name)
            ):
                self.acronyms.setdefault(bracket.group(1), m.name)
        self._acronyms_by_initials()
        self._mention_worded_acronyms()
        self.cues: dict[int, list[Cue]] = {}
        self.sent_source: dict[int, str | None] = {}
        self.said_when: set[Period] = set()

    def _acronyms_by_initials(self) -> None:
        """ "the Provincial Disaster Management Authority said ... the PDMA said": an
        acronym whose letters are the initials of a name in the same report is that name,
        though the report never wrote it in brackets."""
        names = {
            m.name
            for m in self.sources
            if m.kind == "org" and " " in m.name and not self.sh.personlike.match(m.name)
        }
        by_initials: dict[str, set[str]] = {}
        for name in names:
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            if len(initials) >= 2:
                by_initials.setdefault(initials, set()).add(name)
        for m in self.sources:
            acr = m.name
            if m.kind != "org" or not acr.isupper() or acr in self.acronyms:
                continue
            found = by_initials.get(acr, set())
            if len(found) == 1:  # two names with those initials: unsure, left as written
                self.acronyms[acr] = found.pop()

    def _mention_worded_acronyms(self) -> None:
        """'informó el Indeci': an acronym said as a word, defined earlier in the report,
        names its speaker wherever it recurs (all-capital ones are found as names)."""
        worded = [a for a in self.acronyms if not a.isupper()]
        if not worded:
            return
        found = []
        said = "|".join(map(re.escape, worded))
        for mt in re.finditer(rf"(?<![\w])(?:{said})(?![\w])", self.body):
            s, e = self.nt.from_orig(mt.start()), self.nt.from_orig(mt.end())
            if not any(m.start < e and s < m.end for m in self.sources):
                found.append(Mention(s, e, mt.group(0), "org", ("unknown",)))
        self.sources = sorted(self.sources + found, key=lambda m: m.start)

    # --- helpers ---------------------------------------------------------------------
    def _in_boiler(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.boiler)

    def _sentence(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return None
        s = self.sents[i]
        return s if pos < s.end else None

    def _in_period(self, a: int, b: int) -> bool:
        """Whether a period covers a..b (one starting at or before a, ending at or after b)."""
        k = bisect.bisect_right(self._p_starts, a)
        return k > 0 and self._p_reach[k - 1] >= b

    def _periods_from(self, a: int, b: int) -> list[Period]:
        """The periods starting in a..b (b excluded), in the order of self.periods."""
        lo = bisect.bisect_left(self._p_starts, a)
        hi = bisect.bisect_left(self._p_starts, b)
        return [self.periods[i] for i in sorted(self._p_order[lo:hi])]

    def _words_back(self, pos: int, n: int, floor: int) -> int:
        """Where the n-th word before pos starts, not before floor."""
        starts = [m.start() for m in re.finditer(r"\S+", self.t[floor:pos])]
        return floor + starts[-n] if len(starts) >= n else floor

    def _words_forward(self, pos: int, n: int, ceiling: int) -> int:
        """Where the n-th word after pos ends, not past ceiling."""
        ends = [m.end() for m in re.finditer(r"\S+", self.t[pos:ceiling])]
        return pos + ends[n - 1] if len(ends) >= n else ceiling

    def _next_to(self, c: Candidate, p: Mention) -> int | None:
        """How far a place stands from a figure it qualifies ("31 in Swat", "Rize'de 6",
        "(14)" after a province), or None when it does not qualify it."""
        if c.ne <= p.start <= c.ne + PLACE_REACH_CHARS:
            gap = self.t[c.ne : p.start]
            # "19 في محافظة النبطية": the area's noun belongs to the place.
            words = [w for w in gap.split() if w not in lx.admin_nouns(self.lang)]
            if len(words) <= 1 and not re.search(r"[.,،;:]", gap):
                return p.start - c.ne
        if c.ns - PLACE_REACH_CHARS <= p.end <= c.ns and c.ns - p.end <= PLACE_REACH_CHARS:
            gap = self.t[p.end : c.ns]
            letters = re.sub(r"[\s'’(:]", "", gap)
            if not letters or letters in lx.place_suffixes(self.lang):
                return c.ns - p.end
        return None

    def _anaphors(self) -> list[Mention]:
        """'94 bodies in the district', 'في المدينة': the place named last before it, one
        named with the same noun first ('مدينة الدمازين' for 'في المدينة'), never a country
        or an area off the map; not right after a speaker's name, where it is the speaker's
        remit ('وزارة الصحة في الولاية')."""
        anaphor = anaphor_re(self.lang)
        if anaphor is None:
            return []
        # A place inside a speaker's title counts ("محافظ القرنفل ... في المحافظة"): it is
        # the remit the speaker talks of. An area off the map ("both countries") does not.
        areas = area_re(self.lang)
        named = sorted(
            (p for p in self.places + self.fine if areas is None or not areas.fullmatch(p.name)),
            key=lambda m: m.start,
        )
        out = []
        for mt in anaphor.finditer(self.t):
            a, b = mt.span("a")
            if any(p.start < b and a < p.end for p in self.all_places) or any(
                0 <= mt.start() - s.end <= 1 for s in self.sources
            ):
                continue
            before = [
                p
                for p in named
                if p.end <= a and p.start >= self.dateline and place_kind(p.name) != "country"
            ]
            # The noun as it stands beside a name: "المحافظة" is the governorate of
            # "محافظة الزيتونة" and the one "محافظ القرنفل" (its governor) speaks for.
            noun = anaphor_noun(self.lang, self.t[a:b])
            same = [p for p in before if noun in self.t[max(0, p.start - 12) : p.end + 12]]
            if same or before:
                out.append(Mention(a, b, (same or before)[-1].name, "place"))
        return out

    def _possessive_of_name(self, p: Mention) -> bool:
        """A place whose possessive names an organisation or an official ("Romania's
        Department for ...", "Moldova's emergency inspectorate", "Nepal's home minister"):
        it says whose body speaks, not where anything was counted."""
        orig = self.nt.to_orig(p.end)
        if not self.lr.cased:
            return False
        after = self.body[orig : orig + 40]
        if re.match(r"['’]s\s+[A-Z]", after):
            return True
        owned = re.match(r"['’]s\s+((?:[\w-]+\s+){0,2}[\w-]+)", after)
        return bool(
            owned
            and (self.sh.organisation.search(owned.group(1)) or self.sh.role.search(owned.group(1)))
        )

    # --- implemented by an annotator, called by another ---------------------------------
    def _source(self, c: Candidate, cands: list[Candidate]) -> None:
        """Who said c: attribute.Attribution._source."""
        raise NotImplementedError
