"""The offline extractor: deterministic multilingual rules, no network, no model."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from assistant.check.tolerance import bounds
from assistant.extract import lexicon as lx
from assistant.extract.attribution import Cue, find_cues
from assistant.extract.gazetteer import (
    Mention,
    find_headed_sources,
    find_places,
    find_sources,
    find_unknown_sources,
    place_depth,
    place_kind,
    sole_organisation,
)
from assistant.extract.periods import Period, find_periods
from assistant.extract.places import find_places as find_fine_places
from assistant.extract.units import AREA_UNITS, PERSON_GROUPS, VEHICLE_UNITS, may_contain
from assistant.lang import lang_cache
from assistant.models import UNSTATED_PERIOD, Claim, Metric, Qualifier, Report, Scope
from assistant.numbers.parse import NumberSpan, find_numbers
from assistant.text.boilerplate import boilerplate_spans
from assistant.text.normalize import NormText, normalize
from assistant.text.segment import Sentence, clause_bounds, clause_of, sentences

PERSON_UNITS = PERSON_GROUPS
# Units a metric may be read for: people of any group, and the families they form.
COUNTED_UNITS = PERSON_GROUPS | {"families"}
CASUALTY_METRICS = (Metric.KILLED, Metric.INJURED, Metric.MISSING)
# What a cue says befell people, where a lead-in names what a list breaks down.
CUE_METRIC = {
    "killed": "killed",
    "died": "killed",
    "injured": "injured",
    "missing": "missing",
    "displaced": "displaced",
    "detained": "detained",
    "surrendered": "surrendered",
}
# Groups a generic count ("1,251 dead") may be refined to, from the words just before it.
NAMED_GROUPS = PERSON_GROUPS - {"people", "bodies"}
GROUP_REACH_WORDS = 6
# The packs' unit for "others", "آخرين", "autres": never a unit of its own.
ECHO_UNIT = "others"
# Cues that say a state holds or a thing was done, not what befell the people counted: any
# other cue in reach says more ("45 people remain unaccounted for", "2 children and the
# shelling").
WEAK_CUES = ("state", "action")
TALLY_METRICS = {"displaced", "detained", "surrendered", "killed", "injured", "missing"}
# How far before a number a forecast cue may stand ("warned the toll could exceed 20,000"),
# and after it a fear ("60 people are feared dead"), in words: a verb phrase's length.
PROJECTION_REACH_WORDS = 8
# A part cue this close after a figure ("..., of which 32") points at that figure.
PART_ADJACENT_CHARS = 30
# A lead-in this short before a figure names what it counts: "Of the dead, 68 ...".
LEAD_WORDS = 5
# Words making a figure a measure stand right before it: "magnitude 6.4", "US$ 3,500".
MEASURE_REACH_CHARS = 14
# A place this close to a figure with no noun is what the figure is broken down by.
PLACE_REACH_CHARS = 16
# Places listed together stand this close: "Rize, Artvin ve Trabzon", "سقطرى والمهرة".
PLACE_LIST_GAP_CHARS = 6
# A breakdown by place follows its total in the same sentence or the next two
# ("... toll rose to 17. Eight were found today. By province: Rize 10, Artvin 4, ...").
BREAKDOWN_REACH_SENTENCES = 2
# Coordinated figures stand this close: "5 men and 3 women", "امرأتان وطفلان".
GOVERN_GAP_CHARS = 12
EVENT_CUES = {
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
}


@lang_cache
def _part_patterns(language: str) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Part-of cue patterns for one language, in the order they are tried."""
    pre = lx.proclitics(language)

    def ends(words: tuple[str, ...]) -> re.Pattern[str]:
        alt = "|".join(
            re.escape(lx.norm(w, language)) for w in sorted(words, key=len, reverse=True)
        )
        return re.compile(rf"(?:^|[\s(«\"',،]){pre}(?:{alt})$")

    before: list[tuple[str, re.Pattern[str]]] = []
    for kind, key in (("complete", "complete_before"), ("sibling", "sibling_before")):
        words = lx.table(language, key)
        if words:
            before.append((kind, ends(words)))
    # "among the displaced": the number after it is the whole of the one before.
    own_whole = lx.own(language, "whole_before_patterns") or ()
    before += [("whole_of_prev", re.compile(p)) for p in own_whole]
    before.append(("anaphor", ends(lx.table(language, "part_before"))))
    before += [("anaphor", re.compile(p)) for p in lx.own(language, "anaphor_patterns") or ()]
    whole = {lx.norm(w, language) for w in lx.own(language, "part_after_whole") or ()}
    after = []
    for w in lx.table(language, "part_after"):
        wn = lx.norm(w, language)
        kind = "whole_of_prev" if wn in whole else "anaphor"
        after.append((kind, re.compile(rf"(?<![\w]){re.escape(wn)}(?![\w])")))
    return {"before": before, "after": after}


@dataclass
class _Cand:
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
    scope: Scope | None = None
    period: str = ""
    pstart: datetime | None = None
    pend: datetime | None = None
    period_explicit: bool = False
    source: str | None = None
    source_text: str | None = None
    location: str | None = None
    merged_into: int | None = None
    projection: bool = False
    echo: str | None = None  # the unit of the figure before, for "others"
    cue_how: str | None = None  # own (the noun) | govern (the verb before) | near | coord
    cue_at: int | None = None  # where the cue stands
    extra: dict[str, str] = field(default_factory=dict)


class RulesExtractor:
    """Deterministic claim extraction in Arabic, English, French, Turkish and beyond."""

    name = "rules"

    def extract(self, report: Report) -> list[Claim]:
        """Claims of one report, in order of appearance."""
        return _Run(report).claims()


class _Run:
    """State of one extraction: the report and everything found in it."""

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
        self.boiler = [
            (self.nt.from_orig(a), self.nt.from_orig(b))
            for a, b in boilerplate_spans(self.body, self.lang)
        ]
        # One scan of the whole text; a match may not run across two sentences.
        self.periods: list[Period] = [
            p
            for p in find_periods(self.t, self.lang, self.pub)
            if (s := self._sentence(p.start)) is not None and p.end <= s.end
        ]
        # "ANKARA (AA) —": the dateline names the outlet's own bureau, not a source.
        dash = re.search(r"\s[—–-]\s", self.t[:80])
        dateline = dash.start() if dash else 0
        self.dateline = dash.end() if dash else 0
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
                if m.kind != "head" or not any(u.start < m.end and m.start < u.end for u in unknown)
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
        # "Provincial Disaster Management Authority (PDMA)": the report's own acronyms name
        # the same speaker as the full name.
        self.acronyms: dict[str, str] = {}
        for mt in re.finditer(
            r"([A-Z][\w'’-]+(?:\s+(?:of|for|and|the|de|du|des|la)?\s*[A-Z][\w'’-]+)+)\s+\(([A-Z]{2,8})\)",
            self.body,
        ):
            full, acr = re.sub(r"^(?:The|La|Le|Les|El|Los|Las|L')\s*", "", mt.group(1)), mt.group(2)
            initials = "".join(w[0] for w in full.split() if w[0].isupper())
            if acr[0] == initials[:1] and set(acr) <= set(initials.upper()):
                known = next(
                    (m.name for m in self.sources if m.kind == "org" and full.endswith(m.name)),
                    full,
                )
                self.acronyms[acr] = known
        self.cues: dict[int, list[Cue]] = {}
        self.sent_source: dict[int, str | None] = {}
        self.said_when: set[Period] = set()
        self._attribute()
        self.said_when = self._statement_times()

    # --- sources ---------------------------------------------------------------------
    def _attribute(self) -> None:
        last: str | None = None
        for s in self.sents:
            if self._in_boiler(s.start):
                continue

            def resolve(m: Mention, at: int = s.start) -> str | None:
                return self._resolve_mention(m, at)

            cues = find_cues(self.t, s.start, s.end, self.lang, self.sources, resolve)
            fixed = []
            for c in cues:
                if not c.resolved and not c.explicit_none:
                    c = Cue(c.start, c.end, last, False, last is not None)
                fixed.append(c)
                if c.source:
                    last = c.source
            self.cues[s.index] = fixed
            named = [c for c in fixed if c.resolved]
            self.sent_source[s.index] = named[-1].source if named else None

    def _resolve_mention(self, m: Mention, at: int) -> str | None:
        if m.kind == "org" and m.types == ("unknown",) and self.sh.personlike.match(m.name):
            return self._affiliation(m) or m.name
        if m.kind == "org":
            return self.acronyms.get(m.name, m.name)
        if m.kind == "generic":
            if m.camp:
                camp = self._last_place(at, kind="camp")
                return f"{camp} administration" if camp else m.name
            return m.name
        if m.kind == "head":
            for o in reversed([x for x in self.sources if x.start < at + 200]):
                if o.kind == "org" and set(o.types) & set(m.types):
                    return o.name
            # "the Observatory" with no name before it: the one monitor the gazetteer knows.
            return sole_organisation(m.types)
        return None

    def _affiliation(self, person: Mention) -> str | None:
        """A person speaks for the organisation named beside them ('X, SDF spokesman')."""
        known = [o for o in self.sources if o.kind == "org" and o.types != ("unknown",)]
        near = [o for o in known if abs(o.start - person.start) <= 70]
        if near:
            return min(near, key=lambda o: abs(o.start - person.start)).name
        around = self.t[max(0, person.start - 30) : person.end + 40]
        if self.sh.role.search(around):
            earlier = [o for o in known if o.start < person.start]
            if earlier:
                return earlier[-1].name
        return None

    def _last_place(self, at: int, kind: str | None = None) -> str | None:
        for p in reversed([p for p in self.places if p.start < at]):
            if kind is None or place_kind(p.name) == kind:
                return p.name
        return None

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
        return any(p.start <= a and b <= p.end for p in self.periods)

    # --- candidates ------------------------------------------------------------------
    def claims(self) -> list[Claim]:
        cands = self._candidates()
        self._ranges(cands)
        self._n_of_m(cands)
        for i, c in enumerate(cands):
            self._qualify(c)
            self._metric_cue(c)
            prev = cands[i - 1] if i else None
            if (
                (c.cue is None or c.cue in WEAK_CUES)
                and prev is not None
                and prev.cue not in (None, *WEAK_CUES)
                and self._coordinated(prev, c)
            ):
                # "قتلت امرأتان وطفلان", "killed 5 men and 3 women": one verb for both.
                c.cue, c.cue_in_clause, c.cue_how = prev.cue, prev.cue_in_clause, "coord"
            c.projection = self._projection(c, cands[i - 1] if i else None)
        self._parts(cands)
        self._cands = cands
        for i, c in enumerate(cands):
            self._metric(c, cands)
            self._scope(i, c, cands)
            self._source(c, cands)
            self._location(c)
        self._merge(cands)
        return self._emit(cands)

    def _candidates(self) -> list[_Cand]:
        out: list[_Cand] = []
        for n in find_numbers(self.body, self.lang):
            if n.kind not in ("number", "fraction", "percent"):
                continue
            ns, ne = self.nt.from_orig(n.start), self.nt.from_orig(n.end)
            if self._in_boiler(ns) or self._in_period(ns, ne):
                continue
            sent = self._sentence(ns)
            if sent is None:
                continue
            if not self._counts_something(n, ns, ne, sent):
                continue
            clause = clause_of(self.bounds[sent.index], sent.start, sent.end, ns)
            c = _Cand(n, ns, ne, sent, clause, n.value, q_start=ns, q_end=ne)
            if out and out[-1].unit_found and out[-1].sent.index >= sent.index - 1:
                c.echo = out[-1].unit
            if n.approx:  # "une dizaine", "un millier"
                c.qualifier = Qualifier.APPROX
            if n.kind == "percent":
                c.unit, c.unit_found = "percent", True
            elif n.kind == "fraction":
                c.unit = "fraction"
            self._unit(c)
            out.append(c)
        return out

    def _counts_something(self, n: NumberSpan, ns: int, ne: int, sent: Sentence) -> bool:
        t = self.t
        after = t[ne : ne + 30]
        before = t[max(sent.start, ns - 30) : ns]
        first = after.lstrip(" '’-")
        # "24 hours", "three months", "a 40-day siege": periods and durations.
        time_re = lx.words_re(lx.table(self.lang, "time_units"), self.lang)
        if time_re.match(first):
            return False
        if self.lr.numeral_follows_noun and n.value in (1, 2) and n.words:
            prev = before.rstrip().rsplit(" ", 1)[-1] if before.strip() else ""
            if prev and time_re.match(prev):
                return False
        if n.kind == "fraction":
            tail = first.split(" ", 1)
            rest = tail[1] if len(tail) > 1 else ""
            if tail[0] in self.sh.fraction_articles and time_re.match(rest):
                return False
        # Ages.
        if any(after.startswith(w.lower()) for w in lx.table(self.lang, "age_after")):
            return False
        if any(before.rstrip().endswith(w.lower()) for w in lx.table(self.lang, "age_before")):
            return False
        # Numbers inside names: "Resolution 2254", "6698 sayılı", "Rescue 1122 said".
        if self.sh.name_before.search(before) or self.sh.name_after.match(after):
            return False
        if self._in_name(n, ns):
            return False
        # A bare four-digit figure in year range is a year unless a noun says it counts.
        raw = n.text.strip()
        if n.kind == "number" and raw.isdigit() and len(raw) == 4 and 1900 <= n.value <= 2100:
            return self._noun_after(ne) is not None
        return True

    def _in_name(self, n: NumberSpan, ns: int) -> bool:
        """A bare number right after a capitalised word inside a sentence names something
        ("Rescue 1122", "Flight 302", "Route 66"): only cased scripts can tell."""
        if not self.lr.cased or n.kind != "number" or not n.text.isdigit():
            return False
        orig = self.nt.to_orig(ns)
        prev = re.search(r"([A-ZÀ-Þ][a-zà-ÿ]+)\s+$", self.body[max(0, orig - 30) : orig])
        if prev is None:
            return False
        end = orig + len(n.text)
        if self._noun_after(self.nt.from_orig(end)) is not None:
            return False  # "Another 50 people": a count of what follows
        word_start = orig - len(prev.group(0))
        opens = not self.body[max(0, word_start - 3) : word_start].strip(" \n\t\"“'") or re.search(
            r"[.!?:]\s*$", self.body[max(0, word_start - 3) : word_start]
        )
        if opens and self.body[end : end + 1] != ",":
            return False  # "Only 12 survived": a sentence opening with a figure
        word = prev.group(1).lower()
        return not (
            lx.qual_before_re(self.lang)
            and any(p.search(word) for _, p in lx.qual_before_re(self.lang))
        ) and word not in lx.calendar_words(self.lang)

    def _noun_after(self, ne: int, skip: int = 3) -> tuple[str, int] | None:
        """The counted noun after a number: (unit, end offset), skipping a few words."""
        t = self.t
        pos = ne
        # Turkish case endings and Arabic tanween sit right after the number.
        m = self.lr.ending.match(t[pos : pos + 6]) if self.lr.ending else None
        if m:
            pos += m.end()
        for _ in range(skip + 1):
            ws = re.match(r"[\s\-]*", t[pos:])
            pos += ws.end() if ws else 0
            rest = t[pos : pos + 40]
            if not rest or rest[0] in '.,،;:!?()"«»':
                return None
            mt = lx.unit_any_re(self.lang).match(rest)
            if mt:
                w = re.match(r"\S*", rest[mt.end() :])
                return lx.unit_of(self.lang, mt), pos + mt.end() + (w.end() if w else 0)
            w = re.match(r"\S+", rest)
            if not w or any(ch.isdigit() for ch in w.group(0)) or w.group(0)[-1] in ".;:!?":
                # Another figure, or the sentence ends: what follows is not this one's noun.
                return None
            pos += w.end()
        return None

    def _unit(self, c: _Cand) -> None:
        before = self.t[max(c.sent.start, c.q_start - MEASURE_REACH_CHARS) : c.q_start]
        for unit, pat in lx.measure_before_re(self.lang):
            mt = pat.search(before)
            if mt:
                # "magnitude 6.4", "$3,500", "بقوة 6.1": a measure, never people.
                c.unit, c.unit_found = unit, True
                c.q_start -= len(before) - mt.start()
                return
        if c.span.words:
            # An Arabic dual is its own noun: "امرأتان" is two women, "طفلان" two children.
            own = lx.unit_any_re(self.lang).search(self.t, max(c.sent.start, c.ns - 2), c.ne)
            if own and own.start() <= c.ns and own.end() >= c.ne - 2:
                c.unit, c.unit_found = lx.unit_of(self.lang, own), True
                return
        found = self._noun_after(c.ne)
        partitive = self.sh.partitive.match(self.t[c.ne : c.ne + 40])
        if found is None and partitive:
            # "500 of them were jihadists": the noun after the partitive says who.
            found = self._noun_after(c.ne + partitive.end(), skip=0)
        if found:
            unit, end = found
            if unit == "people":
                # "عدد القتلى المدنيين ... إلى 1251 قتيلاً", "civilian deaths rose to 80":
                # the group named just before a figure counted by a generic noun.
                unit = self._group_before(c) or unit
            if unit == ECHO_UNIT:
                # "injuring 17 others", "21 autres blessés": the group the last figure named.
                unit = c.echo or "people"
            if c.span.kind == "fraction" and unit not in AREA_UNITS:
                c.q_end = max(c.q_end, end)
                return
            if c.span.kind != "percent":
                c.unit, c.unit_found = unit, True
            c.q_end = max(c.q_end, self._unit_phrase_end(end))
            return
        if c.span.kind != "number":
            c.q_end = self._word_end(c.ne)
            return
        head = self._head_noun(c.ne)
        if head:
            # A guessed head noun: good enough to show, too weak to block an antecedent.
            c.unit, c.q_end = head[0], head[1]
            return
        # "the number of people ... at 8,300", "Arrivals ... now exceed 55,000".
        a, _ = c.clause
        seg = self.t[a : c.ns]
        best: tuple[int, str] | None = None
        for mt in lx.unit_any_re(self.lang).finditer(seg):
            best = (mt.start(), lx.unit_of(self.lang, mt))
        if best and best[1] in PERSON_UNITS:
            c.unit = best[1]
            if c.ns - (a + best[0]) <= 90:
                c.d_start = a + best[0]
        if c.d_start is None:
            starts = [a + m.start() for m in lx.metric_cue_re(self.lang).finditer(seg)]
            near = [x for x in starts if c.ns - x <= 60]
            if near:
                c.d_start = min(near)

    def _group_before(self, c: _Cand) -> str | None:
        """A group named in the few words before a figure, with no other figure between."""
        start = self._words_back(c.ns, GROUP_REACH_WORDS, max(c.clause[0], c.sent.start))
        seg = self.t[start : c.q_start]
        if any(ch.isdigit() for ch in seg):
            return None
        groups = [
            lx.unit_of(self.lang, mt)
            for mt in lx.unit_any_re(self.lang).finditer(seg)
            if lx.unit_of(self.lang, mt) in NAMED_GROUPS
        ]
        return groups[-1] if len(set(groups)) == 1 else None

    def _head_noun(self, ne: int) -> tuple[str, int] | None:
        """A counted noun the lexicon lacks ("300 sniffer dogs"): the noun phrase's head."""
        stop, not_a_noun = self.lr.head_stop, self.lr.not_a_noun
        if stop is None:
            return None
        if self.lr.glued is not None:
            # "240 binden fazla": the case ending is glued to the number, not a noun.
            glued = self.lr.glued.match(self.t[ne : ne + 6])
            if glued and glued.group(0)[:1] in "'’":
                # "sayısı 100'ü aşabilir": a figure with its own case ending heads its phrase;
                # what it counts stands before it.
                return None
            ne += glued.end() if glued else 0
        words: list[tuple[str, int]] = []
        for mt in re.finditer(r"\s*([^\W\d_][\w'’-]*)", self.t[ne : ne + 50]):
            w = mt.group(1)
            if (
                mt.start() != (words[-1][1] - ne if words else 0)
                or w in stop
                or (not_a_noun is not None and not_a_noun.search(w))
            ):
                break
            words.append((w, ne + mt.end()))
            if len(words) == 3:
                break
        if not words:
            return None
        w, end = words[-1] if self.lr.head_noun_last else words[0]
        return w, end

    def _unit_phrase_end(self, end: int) -> int:
        # Keep "square kilometres" and "كيلومترات مربعة" whole in the quote.
        nxt = self.sh.unit_tail.match(self.t[end : end + 20])
        return end + nxt.end() if nxt else end

    def _word_end(self, pos: int) -> int:
        m = re.match(r"\s*\S+", self.t[pos : pos + 30])
        if m and not re.match(r"\s*[.,،;:]", self.t[pos : pos + 2]):
            return pos + m.end()
        return pos

    def _n_of_m(self, cands: list[_Cand]) -> None:
        """'12 of the 36 hospitals': the 12 are hospitals too, and part of the 36."""
        for a, b in pairwise(cands):
            if (
                a.sent is b.sent
                and not a.unit_found
                and self.sh.of_another.match(self.t[a.ne : b.ns])
            ):
                a.unit, a.unit_found, a.q_end = b.unit, b.unit_found, max(a.q_end, b.q_end)
                a.extra["of"] = "next"

    # --- ranges and qualifiers -------------------------------------------------------
    def _ranges(self, cands: list[_Cand]) -> None:
        for i in range(len(cands) - 1):
            a, b = cands[i], cands[i + 1]
            if a.sent.index != b.sent.index or a.range_of is not None:
                continue
            mid = self.t[a.ne : b.ns]
            if not self.sh.range_mid.match(mid) or a.value >= b.value:
                continue
            before = self.t[max(a.sent.start, a.ns - 20) : a.ns]
            hyphen = mid.strip() in ("-", "–")
            if not hyphen and not self.sh.range_before.search(before):
                continue
            if hyphen and not (b.unit_found or a.unit_found):
                continue
            b.range_of = i
            a.unit = b.unit
            a.unit_found = b.unit_found
            a.q_end = b.q_end
            a.qualifier = Qualifier.AT_LEAST
            b.qualifier = Qualifier.AT_MOST
            q0 = self.sh.range_before.search(before)
            start = a.ns - (len(before) - q0.start()) if q0 else a.ns
            a.q_start = b.q_start = start
            b.q_end = a.q_end

    def _qualify(self, c: _Cand) -> None:
        if c.range_of is not None or (c.qualifier is not Qualifier.EXACT and not c.span.approx):
            return
        before = self.t[max(c.sent.start, c.ns - 60) : c.ns]
        for qual, pat in lx.qual_before_re(self.lang):
            mt = pat.search(before)
            if mt:
                c.qualifier = Qualifier(qual)
                c.q_start = (
                    c.ns
                    - (len(before) - mt.start())
                    + (1 if before[mt.start()] in " ،,(«\"'" else 0)
                )
                return
        conj = self.sh.qualifier_conj.match(self.t[c.q_end : c.q_end + 30])
        positions = [c.ne, c.q_end] + ([c.q_end + conj.end()] if conj else [])
        for pos in positions:
            after = self.t[pos : pos + 40]
            for qual, pat in lx.qual_after_re(self.lang):
                mt = pat.match(after)
                if mt:
                    c.qualifier = Qualifier(qual)
                    c.q_end = max(c.q_end, pos + len(mt.group(0).rstrip(" .,،;:)'\"»")))
                    return

    # --- metrics ---------------------------------------------------------------------
    def _metric_cue(self, c: _Cand) -> None:
        # The counted noun itself ("newcomers", "النازحين") says who, not what happened.
        own = (c.ns, max(c.ne, c.q_end) if c.unit_found else c.ne)
        own_cue: str | None = None
        c.cue_in_clause = True
        for step, (a, b, reach) in enumerate(((*c.clause, 10**6), (c.sent.start, c.sent.end, 80))):
            if step == 1:
                # Past the clause only for people, and only a verb that follows them
                # ("84 people, most of them children, died").
                if c.unit not in PERSON_UNITS:
                    break
                a = c.clause[1]
                c.cue_in_clause = False
            best: tuple[int, str, int] | None = None
            weak: tuple[int, str, int] | None = None
            found = [
                (mt.lastgroup or "", mt.start(), mt.end())
                for mt in lx.metric_cue_re(self.lang).finditer(self.t, a, b)
            ]
            for cat, s, _ in found:
                if own[0] <= s < own[1] and cat in ("died", "killed", "injured", "missing"):
                    # The noun says what befell them: "leaving 6 dead", "22 bodies".
                    c.cue, c.cue_how = cat, "own"
                    return
            for cat, s, e in found:
                if own[0] <= s < own[1]:
                    # "35,000 homeless" says what happened only when nothing else does.
                    if cat == "displaced" and own_cue is None:
                        own_cue = cat
                    continue
                if s < c.ns and cat not in WEAK_CUES and self._governs(e, c.q_start):
                    # The verb right before a figure governs it: "killing at least 41 people
                    # and injuring 17 others" — 41 were killed, however near "injuring" is.
                    c.cue, c.cue_how = cat, "govern"
                    return
                dist = c.ns - e if s < c.ns else s - own[1]
                if dist > reach:
                    continue
                # "still", "remain" say a state holds; a stronger cue in reach says what it is
                # ("45 people remain unaccounted for", "9 are still missing").
                if cat in WEAK_CUES:
                    if weak is None or dist < weak[0]:
                        weak = (dist, cat, s)
                elif best is None or dist < best[0]:
                    best = (dist, cat, s)
            best = best or weak
            if best:
                c.cue, c.cue_how, c.cue_at = best[1], "near", best[2]
                return
        # "Of the dead, 68 were in Shangla": a short lead-in before the figure names it.
        lead = self.t[c.sent.start : c.q_start]
        if len(lead.split()) <= LEAD_WORDS:
            for mt in lx.metric_cue_re(self.lang).finditer(lead):
                if mt.lastgroup not in WEAK_CUES:
                    c.cue, c.cue_how, c.cue_at = mt.lastgroup, "near", c.sent.start + mt.start()
        if c.cue is None:
            c.cue = own_cue

    def _projection(self, c: _Cand, prev: _Cand | None) -> bool:
        """A forecast or a fear: 'could exceed 20,000', '60 people are feared dead'."""
        start = self._words_back(c.ns, PROJECTION_REACH_WORDS, c.sent.start)
        if prev is not None and prev.sent is c.sent:
            # A cue before another figure is that figure's ("could exceed 200, while 50 ...").
            start = max(start, prev.q_end, prev.ne)
        before = self.t[start : c.ns]
        if lx.projection_before_re(self.lang).search(before):
            return True
        end = max(c.q_end, c.ne)
        after = self.t[end : self._words_forward(end, 4, c.sent.end)]
        return bool(lx.projection_after_re(self.lang).match(after))

    def _words_back(self, pos: int, n: int, floor: int) -> int:
        """Where the n-th word before pos starts, not before floor."""
        starts = [m.start() for m in re.finditer(r"\S+", self.t[floor:pos])]
        return floor + starts[-n] if len(starts) >= n else floor

    def _words_forward(self, pos: int, n: int, ceiling: int) -> int:
        """Where the n-th word after pos ends, not past ceiling."""
        ends = [m.end() for m in re.finditer(r"\S+", self.t[pos:ceiling])]
        return pos + ends[n - 1] if len(ends) >= n else ceiling

    def _cue_of_another(self, c: _Cand, cands: list[_Cand]) -> bool:
        """The cue nearest c stands nearer another figure ("219 children and 3,688 injured")."""
        at = c.cue_at
        if at is None:
            return False
        mine = min(abs(at - c.q_end), abs(c.q_start - at))
        return any(
            o is not c
            and o.sent is c.sent
            and (
                o.q_start <= at < max(o.q_end, o.ne)
                or min(abs(at - o.q_end), abs(o.q_start - at)) < mine
            )
            for o in cands
        )

    def _coordinated(self, a: _Cand, b: _Cand) -> bool:
        """b follows a with only a conjunction between their quotes ("5 men and 3 women")."""
        if a.sent is not b.sent:
            return False
        between = self.t[max(a.q_end, a.ne) : b.q_start]
        return len(between) <= GOVERN_GAP_CHARS and bool(self.sh.conj.search(between))

    def _governs(self, cue_end: int, number_start: int) -> bool:
        """A verb right before a figure and its qualifier ("killing at least 41", "مقتل 11",
        "rose to 57"): nothing but one of the language's fillers between them."""
        words = self.t[cue_end:number_start].split()
        return not words or (len(words) == 1 and words[0] in lx.govern_fillers(self.lang))

    def _camp_near(self, c: _Cand, whole_sentence: bool) -> bool:
        a, b = (c.sent.start, c.sent.end) if whole_sentence else c.clause
        seg = self.t[a:b]
        if lx.words_re(lx.table(self.lang, "camp_words"), self.lang).search(seg):
            return True
        return any(a <= p.start < b and place_kind(p.name) == "camp" for p in self.places)

    def _metric(self, c: _Cand, cands: list[_Cand]) -> None:
        if c.unit in VEHICLE_UNITS:
            c.metric = Metric.VEHICLES
            return
        if c.unit in AREA_UNITS:
            c.metric = Metric.AREA_HELD
            return
        if c.unit not in COUNTED_UNITS:
            c.metric = Metric.OTHER
            return
        if (
            c.whole is not None
            and c.part in ("anaphor", "complete", "coord", "sibling", "elided")
            and c.cue_how not in ("own", "govern")
            and (c.cue is None or self._cue_of_another(c, cands))
            and cands[c.whole].metric not in (None, Metric.OTHER)
        ):
            # "1,251 killed, among them 219 children": the children were killed, whatever
            # verb stands nearer ("... and 3,688 injured").
            c.metric = cands[c.whole].metric
            return
        a, b = c.clause
        pop = lx.words_re(lx.table(self.lang, "population_cues"), self.lang)
        clause_cue = c.cue if c.cue_in_clause else None
        if (
            c.unit in PERSON_UNITS
            and self._camp_near(c, False)
            and pop.search(self.t[a:b])
            and clause_cue not in ("arrived", "died", "displaced", "killed")
        ):
            c.metric = Metric.CAMP_POPULATION
            return
        if (
            c.unit in PERSON_UNITS
            and pop.search(self.t[a:b])
            and self._camp_near(c, True)
            and clause_cue is None
        ):
            c.metric = Metric.CAMP_POPULATION
            return
        cue = c.cue
        if cue in TALLY_METRICS:
            c.metric = Metric(cue)
        elif cue == "arrived":
            camp_known = (
                self._camp_near(c, True)
                or any(place_kind(p.name) == "camp" for p in self.places if p.start < c.ns)
                or lx.words_re(lx.table(self.lang, "camp_words"), self.lang).search(
                    self.t[: c.sent.end]
                )
            )
            c.metric = Metric.OTHER if camp_known else Metric.DISPLACED
        elif cue == "died":
            # Deaths are the toll, but deaths on the road to a camp or in it are counted apart
            # from the dead of the fighting or the disaster.
            c.metric = Metric.OTHER if self._camp_near(c, True) else Metric.KILLED
        elif cue in ("freed", "state", "action"):
            c.metric = Metric.OTHER
        elif c.whole is not None and cands[c.whole].metric is not None:
            c.metric = cands[c.whole].metric
        elif c.range_of is not None:
            c.metric = cands[c.range_of].metric
        else:
            c.metric = Metric.OTHER

    # --- parts and wholes ------------------------------------------------------------
    def _part_cue(self, c: _Cand) -> str | None:
        before = self.t[max(c.sent.start, c.q_start - 40) : c.q_start].rstrip(" ،,:")
        pats = _part_patterns(self.lang)
        for kind, pat in pats["before"]:
            if pat.search(before):
                return kind
        head = self.t[c.ne : c.ne + 60]
        if re.match(r"\s*[,،]", head):
            return None
        for kind, pat in pats["after"]:
            mt = pat.search(head)
            if mt and not re.search(r"[,،.;]", head[: mt.start()]):
                return kind
        return None
        for w in lx.table(self.lang, "part_after"):
            wn = lx.norm(w, self.lang)
            mt = re.search(rf"(?<![\w]){re.escape(wn)}(?![\w])", head)
            if mt and not re.search(r"[,،.;]", head[: mt.start()]):
                if wn in (lx.own(self.lang, "part_after_whole") or ()):
                    return "whole_of_prev"
                return "anaphor"
        return None

    def _compatible(self, part: _Cand, whole: _Cand) -> bool:
        if part.unit == whole.unit:
            return True
        return may_contain(whole.unit, part.unit)

    def _parts(self, cands: list[_Cand]) -> None:
        # Sources first: a part and its whole come from the same speaker.
        for c in cands:
            self._source(c, cands)
        for i, c in enumerate(cands):
            if c.range_of is not None:
                continue
            if c.extra.get("of") == "next":
                c.part, c.whole = "of", i + 1
                continue
            kind = self._part_cue(c)
            if kind is None and i > 0:
                prev = cands[i - 1]
                between = self.t[prev.q_end : c.q_start]
                if (
                    prev.part in ("anaphor", "complete", "coord", "sibling")
                    and prev.sent.index == c.sent.index
                    and len(between) < 60
                    and self.sh.conj.search(between)
                    and prev.whole is not None
                ):
                    c.part, c.whole, c.complete = "coord", prev.whole, prev.complete
                    continue
            if kind is None and not c.unit_found and c.cue_how != "govern":
                whole = self._elided_whole(i, c, cands)
                if whole is not None:
                    # "killed 112 people: 68 in Shangla, 31 in Swat": each counts what the
                    # whole counts, in its own place; "as follows" makes the list complete.
                    c.part, c.whole = "elided", whole
                    c.unit, c.unit_found = cands[whole].unit, True
                    total = cands[whole]
                    c.complete = bool(
                        lx.words_re(lx.table(self.lang, "breakdown_markers"), self.lang).search(
                            self.t, max(total.q_end, total.ne), c.q_start
                        )
                    )
                    continue
            if kind is None:
                continue
            c.part = kind
            if kind == "sibling":
                for j in range(i - 1, -1, -1):
                    w = cands[j].whole
                    if w is not None and cands[w].value >= c.value:
                        c.whole = w
                        break
            elif kind == "whole_of_prev":
                for j in range(i - 1, max(-1, i - 3), -1):
                    p = cands[j]
                    if p.whole is None and self._compatible(p, c) and p.source == c.source:
                        p.whole, p.part = i, "cataphor"
                        break
                c.part = None
            else:
                c.whole = self._antecedent(i, c, cands)
                c.complete = kind == "complete"
                if c.whole is None:
                    c.part = None

    def _elided_whole(self, i: int, c: _Cand, cands: list[_Cand]) -> int | None:
        """The whole of a figure with no noun that names a place ("31 in Swat", "Rize'de 6",
        "محافظة النبطية (14)"): the last figure before it, in its sentence or the one before,
        that names what it counts and is not smaller."""
        if not self._names_place(c):
            return None
        # "وتوزع الشهداء على النحو الآتي: 19 في ...", "Of the dead, 68 in ...": the lead-in
        # names what the list breaks down, and the whole must count that.
        lead = self.t[max(c.sent.start, cands[i - 1].ne if i else 0) : c.ns]
        named = {
            CUE_METRIC.get(mt.lastgroup or "")
            for mt in lx.metric_cue_re(self.lang).finditer(lead)
            if mt.lastgroup not in WEAK_CUES
        } - {None}
        for j in range(i - 1, -1, -1):
            w = cands[j]
            if c.sent.index - w.sent.index > BREAKDOWN_REACH_SENTENCES:
                return None
            if w.whole is not None and w.part is not None:
                # A sibling in the breakdown: the same whole.
                return w.whole if cands[w.whole].value >= c.value else None
            if (
                w.range_of is None
                and w.unit in COUNTED_UNITS
                and w.cue is not None
                and w.value >= c.value
                and w.source == c.source
                and not w.projection
                and (not named or CUE_METRIC.get(w.cue) in named)
            ):
                return j
        return None

    def _names_place(self, c: _Cand) -> bool:
        """A place stands right before the figure, or right after it behind a preposition."""
        return any(self._next_to(c, p) is not None for p in self.all_places)

    def _next_to(self, c: _Cand, p: Mention) -> int | None:
        """How far a place stands from a figure it qualifies ("31 in Swat", "Rize'de 6",
        "(14)" after a province), or None when it does not qualify it."""
        if c.ne <= p.start <= c.ne + PLACE_REACH_CHARS:
            gap = self.t[c.ne : p.start]
            if len(gap.split()) <= 1 and not re.search(r"[.,،;:]", gap):
                return p.start - c.ne
        if c.ns - PLACE_REACH_CHARS <= p.end <= c.ns and c.ns - p.end <= PLACE_REACH_CHARS:
            gap = self.t[p.end : c.ns]
            letters = re.sub(r"[\s'’(:]", "", gap)
            if not letters or letters in lx.place_suffixes(self.lang):
                return c.ns - p.end
        return None

    def _antecedent(self, i: int, c: _Cand, cands: list[_Cand]) -> int | None:
        """The whole an anaphoric part points at, nearest first.

        A nearer figure smaller than the part ("355 dead, after 43 killed this week; among
        the dead 81 children") gives way to a larger one in reach: a part larger than its
        whole is flagged only when no whole that could hold it is in sight.
        """
        prev = cands[i - 1] if i else None
        if (
            prev is not None
            and prev.sent is c.sent
            and prev.range_of is None
            and prev.source == c.source
            and len(self.t[max(prev.q_end, prev.ne) : c.q_start]) <= PART_ADJACENT_CHARS
            and (not c.unit_found or self._compatible(c, prev))
        ):
            # "23 in Guerrero, of which 32 in Acapulco": the figure the relative follows is
            # its whole, even when the part outgrows it (that is what the checks flag).
            if not c.unit_found:
                c.unit = prev.unit
            return i - 1
        first = self._antecedent_from(i, c, cands, i - 1)
        if first is None or cands[first].sent is c.sent:
            # "نحو 90 شخصاً ..., بينهم 120 طفلاً": a part right after its whole is its part.
            return first
        found: int | None = first
        while found is not None and cands[found].value < c.value and c.unit_found:
            found = self._antecedent_from(i, c, cands, found - 1)
            if found is not None and cands[found].sent is not cands[first].sent:
                found = None
        return found if found is not None else first

    def _antecedent_from(self, i: int, c: _Cand, cands: list[_Cand], start: int) -> int | None:
        for j in range(start, -1, -1):
            w = cands[j]
            if c.sent.index - w.sent.index > 3 or c.sent.paragraph - w.sent.paragraph > 1:
                return None
            if w.range_of is not None:
                continue
            if (self.sh.vague.search(self.t[w.ne : c.ns]) and w.sent.index == c.sent.index) or (
                self.sh.vague.search(self.t[c.sent.start : c.ns]) and w.sent.index != c.sent.index
            ):
                return None
            if c.part == "complete" and w.sent.index != c.sent.index:
                return None
            # "400 of them" takes the unit of whatever "them" is, and cannot outnumber it.
            if (c.unit_found and not self._compatible(c, w)) or w.source != c.source:
                continue
            if (
                not c.unit_found
                and c.value > w.value
                and w.qualifier not in (Qualifier.APPROX, Qualifier.MORE_THAN, Qualifier.AT_LEAST)
            ):
                continue
            if not c.unit_found and c.value > w.value * 1.5:
                continue
            if not c.unit_found:
                c.unit = w.unit
            # A same-population slice ("34,200 of them after 19 December") is not what a
            # later "among them" points at; its whole is.
            if (
                w.whole is not None
                and w.unit == cands[w.whole].unit
                and (w.cue == cands[w.whole].cue or w.cue is None)
            ):
                return w.whole
            return j
        return None

    # --- periods ---------------------------------------------------------------------
    def _periods_in(self, a: int, b: int) -> list[Period]:
        return [p for p in self.periods if a <= p.start < b and p not in self.said_when]

    def _statement_times(self) -> set[Period]:
        """'said on Tuesday', 'On Monday night he had said': when it was said, not counted."""
        out: set[Period] = set()
        for s in self.sents:
            cues = self.cues.get(s.index, [])
            for p in self.periods:
                # Only a time can be when something was said; "rose to", "since" cannot.
                # Only a day can be when something was said ("said on Tuesday"); "recorded
                # in the previous 24 hours" is what was counted.
                if not s.start <= p.start < s.end or not (p.point or p.kind == "date"):
                    continue
                for q in cues:
                    if q.end <= p.start:
                        gap = self._strip_mentions(q.end, p.start)
                    elif p.end <= q.start:
                        gap = self._strip_mentions(p.end, q.start)
                    else:
                        continue
                    if self.sh.statement_gap.fullmatch(gap):
                        out.add(p)
        return out

    def _strip_mentions(self, a: int, b: int) -> str:
        text = list(self.t[a:b])
        for m in self.sources:
            for i in range(max(m.start, a), min(m.end, b)):
                text[i - a] = " "
        return "".join(text)

    def _scope(self, i: int, c: _Cand, cands: list[_Cand]) -> None:
        def take(p: Period) -> None:
            kind = p.kind
            c.period, c.pstart, c.pend, c.period_explicit = (
                p.label,
                p.period_start,
                p.period_end,
                True,
            )
            if kind in ("window", "rate", "date"):
                c.scope = Scope.WINDOW
            elif kind in ("cumulative", "total"):
                c.scope = Scope.CUMULATIVE
            else:
                c.scope = Scope.SNAPSHOT

        if c.range_of is not None:
            lo = cands[c.range_of]
            c.scope, c.period, c.pstart, c.pend = lo.scope, lo.period, lo.pstart, lo.pend
            return
        a, b = c.clause
        near = sorted(self._periods_in(a, b), key=lambda p: self._dist(p, c))
        sent = sorted(self._periods_in(c.sent.start, c.sent.end), key=lambda p: self._dist(p, c))
        if c.metric in (Metric.CAMP_POPULATION, Metric.AREA_HELD) or c.unit == "fraction":
            # A state holds at publication, unless the sentence dates it ("in 2015").
            dated = [p for p in sent if p.kind in ("year", "date")]
            if dated:
                c.period, c.pstart, c.pend = dated[0].label, None, dated[0].period_end
                c.period_explicit = True
            else:
                c.period, c.pend = "as of publication", self.pub
            c.scope = Scope.SNAPSHOT
            return
        for ps in (near, sent):
            rate = [p for p in ps if p.kind == "rate"]
            if rate and (ps is near or c.cue in EVENT_CUES):
                take(rate[0])
                return
        if c.cue == "state":
            c.scope, c.period, c.pend = Scope.SNAPSHOT, "as of publication", self.pub
            return
        # "since 1 December" beats everything; a stated window ("during the day") beats a
        # bare tally word ("reached", "بلغ") standing in the same clause.
        perfect = self.lr.present_perfect
        tally = [p for p in near if p.kind == "total"] or (
            perfect is not None and perfect.search(self.t[c.clause[0] : c.clause[1]])
        )
        for kinds in (("cumulative",), ("window", "rate", "date", "snapshot"), ("total",)):
            found = [
                p for p in near if p.kind in kinds and not (tally and (p.point or p.kind == "date"))
            ]
            if found:
                take(found[0])
                return
        useful = [p for p in near if p.kind != "year"]
        if useful:
            take(useful[0])
            return
        if c.whole is not None and cands[c.whole].scope is not None:
            w = cands[c.whole]
            c.scope, c.period, c.pstart, c.pend = w.scope, w.period, w.pstart, w.pend
            return
        event = c.cue in EVENT_CUES
        if event:
            # A window in the clause of another figure is that figure's, not this one's;
            # a toll's running total is shared by the figures listed with it.
            own = [
                p
                for p in sent
                if p.kind in ("cumulative", "total") or not self._owned_by_other(p, c, cands)
            ]
            cum = [p for p in own if p.kind in ("cumulative", "total")]
            useful = cum or [p for p in own if p.kind not in ("year",)]
            if useful:
                take(useful[0])
                return
            # Its clause and what follows it: the verb may come after an apposition.
            clause = self.t[c.clause[0] : c.sent.end]
            if self.lr.present_perfect is not None and self.lr.present_perfect.search(clause):
                # "have been displaced", "has killed 112": a tally so far.
                c.scope, c.period, c.pend = Scope.CUMULATIVE, "so far", self.pub
                return
            if c.metric in CASUALTY_METRICS:
                # Dead, injured or missing with no period stated: a tally so far, but the
                # checks keep it out of running totals (an attack's dead are not a toll).
                c.scope, c.period, c.pend = Scope.CUMULATIVE, UNSTATED_PERIOD, self.pub
                return
            # People on the move with no period stated: the latest batch.
            c.scope, c.period, c.pend = Scope.WINDOW, "latest reported period", self.pub
            return
        c.scope, c.period, c.pend = Scope.SNAPSHOT, "as of publication", self.pub

    def _owned_by_other(self, p: Period, c: _Cand, cands: list[_Cand]) -> bool:
        bounds = self.bounds[c.sent.index]
        clause = clause_of(bounds, c.sent.start, c.sent.end, p.start)
        return clause != c.clause and any(
            o is not c and o.sent is c.sent and clause[0] <= o.ns < clause[1] for o in cands
        )

    @staticmethod
    def _dist(p: Period, c: _Cand) -> int:
        return c.ns - p.end if p.end <= c.ns else max(0, p.start - c.ne)

    # --- sources ---------------------------------------------------------------------
    def _source(self, c: _Cand, cands: list[_Cand]) -> None:
        cues = self.cues.get(c.sent.index, [])
        chosen: Cue | None = None
        before = [q for q in cues if q.end <= c.ns and (q.resolved or q.explicit_none)]
        after = [q for q in cues if q.start >= c.ne and (q.resolved or q.explicit_none)]
        if before:
            chosen = before[-1]
        elif after:
            chosen = after[0]
        if chosen is not None:
            c.source = chosen.source
            c.source_text = self.body[self.nt.to_orig(chosen.start) : self.nt.to_orig(chosen.end)]
            return
        c.source = None
        if c.whole is not None and c.whole < len(cands) and cands[c.whole].source:
            c.source = cands[c.whole].source
            return
        idx = c.sent.index
        if idx == 0:
            return
        prev = self.sents[idx - 1]
        prev_src = self.sent_source.get(prev.index)
        if prev_src is None:
            return
        if prev.paragraph == c.sent.paragraph or (
            (c.metric is None or c.metric.value in TALLY_METRICS) and c.cue in TALLY_METRICS
        ):
            c.source = prev_src

    # --- places ----------------------------------------------------------------------
    def _location(self, c: _Cand) -> None:
        """The finest place the clause (else the sentence, else the story so far) names."""
        for a, b in (c.clause, (c.sent.start, c.sent.end)):
            local = [p for p in self.all_places if a <= p.start < b and not self._owned(p, c)]
            if local:
                best = max(local, key=lambda p: (self._grain(p), -self._gap(p, c)))
                c.location = self._place_list(best)
                return
        # No place in its sentence: the story's place, the one the report names most (a
        # town before its country; the earlier on a tie). A dateline may name the bureau.
        free = [p for p in self.all_places if not self._owned(p, c)]
        if not free:
            c.location = None
            return
        counts = Counter(p.name for p in free)
        first = {p.name: i for i, p in reversed(list(enumerate(free)))}
        main = max(
            counts,
            key=lambda n: (place_kind(n) != "country", counts[n], -first[n]),
        )
        c.location = self._place_list(free[first[main]])

    @staticmethod
    def _gap(p: Mention, c: _Cand) -> int:
        """Characters between a place and a figure, edge to edge."""
        return max(0, p.start - c.ne) if p.start >= c.ne else max(0, c.ns - p.end)

    def _possessive_of_name(self, p: Mention) -> bool:
        orig = self.nt.to_orig(p.end)
        return bool(self.lr.cased and re.match(r"['’]s\s+[A-Z]", self.body[orig : orig + 5]))

    def _place_list(self, p: Mention) -> str:
        """A place and those listed with it ("in Rize, Artvin and Trabzon", "في سقطرى
        والمهرة"): a toll for several places is a quantity of its own, named by all."""
        places = self.all_places
        i = places.index(p)
        lo = hi = i
        while lo > 0 and self._joined(places[lo - 1], places[lo]):
            lo -= 1
        while hi + 1 < len(places) and self._joined(places[hi], places[hi + 1]):
            hi += 1
        names = list(dict.fromkeys(q.name for q in places[lo : hi + 1]))
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]

    def _joined(self, a: Mention, b: Mention) -> bool:
        between = self.t[a.end : b.start]
        has_conj = bool(re.search(r"\w", between)) and bool(self.sh.conj.search(between))
        if place_kind(b.name) == "country" and not has_conj:
            # "BAGHOUZ, Syria", "Antakya, Turkey": a place and its country, not a list.
            return False
        letters = re.sub(r"[\s'’,،]", "", between)
        return len(between) <= PLACE_LIST_GAP_CHARS and (
            not letters or has_conj or letters in lx.place_suffixes(self.lang)
        )

    def _owned(self, p: Mention, c: _Cand) -> bool:
        """A place that qualifies another figure of the sentence is that figure's ("112
        people: 68 in Shangla" — Shangla is where the 68 died, not the 112)."""
        mine = self._next_to(c, p)
        for o in self._cands:
            if o is c or o.sent is not c.sent:
                continue
            theirs = self._next_to(o, p)
            if theirs is not None and (mine is None or theirs < mine):
                return True
        return False

    def _grain(self, p: Mention) -> int:
        # A district named by its shape is finer than the country the gazetteer knows.
        return place_depth(p.name) if p in self.places else 2

    # --- output ----------------------------------------------------------------------
    def _merge(self, cands: list[_Cand]) -> None:
        """A figure repeated in one report is one claim; the later mention may add its period."""
        for j, c in enumerate(cands):
            for i in range(j):
                k = cands[i]
                if k.merged_into is not None or k.range_of is not None or c.range_of is not None:
                    continue
                if (
                    k.value == c.value
                    and k.unit == c.unit
                    and k.metric == c.metric
                    and (c.whole != i and k.whole != j)
                ):
                    c.merged_into = i
                    if not k.period_explicit and c.period_explicit:
                        k.scope, k.period, k.pstart, k.pend = c.scope, c.period, c.pstart, c.pend
                        k.period_explicit = True
                    if k.source is None:
                        k.source = c.source
                    break
        for c in cands:
            if c.whole is not None and cands[c.whole].merged_into is not None:
                c.whole = cands[c.whole].merged_into

    def _emit(self, cands: list[_Cand]) -> list[Claim]:
        ids: dict[int, str] = {}
        out: list[Claim] = []
        rid = self.report.id
        for i, c in enumerate(cands):
            if c.merged_into is not None:
                continue
            ids[i] = f"{rid}-c{len(out) + 1}"
            out.append(self._claim(ids[i], c, cands))
        fixed: list[Claim] = []
        for i, c in enumerate(cands):
            if i not in ids:
                continue
            claim = out[len(fixed)]
            if c.whole is not None and c.whole in ids:
                claim = claim.model_copy(update={"part_of": ids[c.whole]})
            fixed.append(claim)
        return fixed

    def _claim(self, cid: str, c: _Cand, cands: list[_Cand]) -> Claim:
        start = min(c.q_start, c.ns, c.d_start if c.d_start is not None else c.ns)
        qs = self.nt.to_orig(max(start, c.sent.start))
        qe = self.nt.to_orig(min(max(c.q_end, c.ne), c.sent.end))
        quote = self.body[qs:qe].strip().rstrip(".,،;:!?\"'»”")
        quote = self.sh.trailing.sub("", quote) or quote
        qs = self.body.index(quote, qs) if quote else qs
        qe = qs + len(quote)
        value: int | float = int(c.value) if float(c.value).is_integer() else c.value
        low, high = bounds(float(value), c.qualifier)
        metric = c.metric or Metric.OTHER
        return Claim(
            id=cid,
            report=self.report.id,
            quote=quote,
            span=(qs, qe),
            number_text=c.span.text,
            value=value,
            low=low,
            high=None if high == float("inf") else high,
            qualifier=c.qualifier,
            unit=c.unit,
            metric=metric,
            counts=_counts(c, metric, cands),
            scope=c.scope or Scope.SNAPSHOT,
            period=c.period or "as of publication",
            period_start=c.pstart,
            period_end=c.pend,
            location=c.location,
            source=c.source,
            source_text=c.source_text,
            part_of=None,
            complete_breakdown=c.complete,
            projection=c.projection,
            extractor="rules",
        )


_WHO = {
    "people": "people",
    "children": "children",
    "fighters": "fighters",
    "families": "families",
}
_DOING = {
    Metric.DISPLACED: "who left",
    Metric.KILLED: "killed",
    Metric.INJURED: "injured",
    Metric.DETAINED: "detained",
    Metric.SURRENDERED: "who surrendered",
    Metric.CAMP_POPULATION: "living in the camp",
    Metric.AREA_HELD: "of territory held",
    Metric.VEHICLES: "on the move",
}
_CUE_DOING = {
    "arrived": "who arrived",
    "died": "who died",
    "freed": "freed or handed over",
    "state": "still in place",
}


def _counts(c: _Cand, metric: Metric, cands: list[_Cand]) -> str:
    """A short English phrase for what is counted, built from unit, metric and place."""
    who = _WHO.get(c.unit, c.unit)
    doing = _DOING.get(metric) or _CUE_DOING.get(c.cue or "", "")
    phrase = f"{who} {doing}".strip()
    if c.location and metric in (Metric.DISPLACED, Metric.CAMP_POPULATION, Metric.AREA_HELD):
        phrase += f" ({c.location})"
    if c.whole is not None:
        w = cands[c.whole]
        phrase += f", among {_WHO.get(w.unit, w.unit)}"
    return phrase
