"""What befell the counted: metric cues, projections and the metric of each figure."""

from __future__ import annotations

import re

from assistant.core.models import Metric
from assistant.extract import lexicon as lx
from assistant.extract.doc import (
    COUNTED_UNITS,
    PERSON_UNITS,
    TALLY_METRICS,
    WEAK_CUES,
    Candidate,
    Document,
)
from assistant.extract.gazetteer import place_kind
from assistant.extract.units import AREA_UNITS, VEHICLE_UNITS
from assistant.text.segment import clause_of

# How far before a number a forecast cue may stand ("warned the toll could exceed 20,000"),
# and after it a fear ("60 people are feared dead"), in words: a verb phrase's length.
PROJECTION_REACH_WORDS = 8
# A lead-in this short before a figure names what it counts: "Of the dead, 68 ...".
LEAD_WORDS = 5
# What a count as a subject counts follows its head closely: "the number of people killed
# (when the ferry capsized) rose to 41".
COUNT_HEAD_REACH_CHARS = 40
# Cues that say what befell the counted people themselves.
BEFELL_CUES = ("died", "killed", "injured", "missing")
# "12 herders were killed", "18 farmers have been shot dead": the verb after the noun.
PASSIVE_GAP_CHARS = 16
# Coordinated figures stand this close: "5 men and 3 women", "امرأتان وطفلان".
GOVERN_GAP_CHARS = 12


class Metrics(Document):
    """The cue nearest each figure, whether it is a forecast, and the metric it reports."""

    def _metric_cue(self, c: Candidate) -> None:
        # The counted noun itself ("newcomers", "النازحين") says who, not what happened.
        own = (c.ns, max(c.ne, c.q_end) if c.unit_found else c.ne)
        own_cue: str | None = None
        c.cue_in_clause = True
        mixed = lx.table(self.lang, "mixed_nouns")
        # The noun itself, or the one right after the group it names ("905 civilian
        # casualties").
        tail = own[1] + len(self.t[own[1] : own[1] + 2]) - len(self.t[own[1] : own[1] + 2].lstrip())
        mixed_re = lx.words_re(mixed, self.lang) if mixed else None
        if mixed_re is not None and (mixed_re.search(self.t, *own) or mixed_re.match(self.t, tail)):
            # "905 civilian casualties, including 287 killed and 618 injured": the killed
            # and the injured together, no one metric.
            c.extra["mixed"] = "noun"
            return
        if c.unit_found:
            # "left 19 civilians dead", "8 aid workers missing": the word after the noun says
            # what befell them, whatever verb governs the figure.
            gap = re.match(r"[ \t]*", self.t[own[1] : own[1] + 3])
            after = own[1] + (gap.end() if gap else 0)
            mt = lx.metric_cue_re(self.lang).match(self.t, after)
            # Not a word glued to a conjunction ("شخصاً وإصابة 192": and the injured...).
            if (
                mt is not None
                and mt.lastgroup in BEFELL_CUES
                and after > own[1]
                and mt.start(mt.lastgroup or 0) == after
            ):
                c.cue, c.cue_how, c.cue_at = mt.lastgroup, "own", mt.start()
                return
            # "leaving 27 people feared dead": the fear names the fate it fears.
            fear = lx.projection_after_re(self.lang).match(self.t[after : after + 40])
            if fear is not None and after > own[1]:
                for mt in lx.metric_cue_re(self.lang).finditer(self.t, after, after + fear.end()):
                    if mt.lastgroup in BEFELL_CUES:
                        c.cue, c.cue_how, c.cue_at = mt.lastgroup, "own", mt.start()
                        return
        if not c.unit_found:
            # "The number of people injured after the stands collapsed has reached 140": the
            # subject the figure completes says what it counts, whatever verb stands nearer.
            self._subject_cue(c, self.t[c.sent.start : c.q_start])
            if c.cue is not None or "mixed" in c.extra:
                return
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
            # A cue before the figure across a conjunction is the coordinated clause's
            # ("Deux civils ont trouvé la mort et six autres ont été blessés"): a cue after
            # the figure, within reach, is its own verb.
            verb_after = any(
                s >= own[1] and s - own[1] <= reach and cat not in WEAK_CUES for cat, s, _ in found
            )
            for cat, s, _ in found:
                if own[0] <= s < own[1] and cat in BEFELL_CUES:
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
                if s < c.ns and verb_after and self.sh.conj.search(self.t[e : c.q_start]):
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

    def _subject_cue(self, c: Candidate, lead: str) -> None:
        """A figure that completes its sentence's subject counts what the subject names:
        "The number of people killed when the ferry capsized rose to 41"."""
        verbs, heads = lx.table(self.lang, "total_verbs"), lx.table(self.lang, "count_heads")
        if not verbs or not heads or not lx.words_end_re(verbs, self.lang).search(lead):
            return
        found = list(lx.words_re(heads, self.lang).finditer(lead))
        if not found:
            return
        head = found[-1]
        base = c.sent.start
        # The subject ends with its clause: "killed | when the ferry capsized".
        clause_end = clause_of(
            self.bounds[c.sent.index], c.sent.start, c.sent.end, base + head.end()
        )[1]
        end = min(len(lead), head.end() + COUNT_HEAD_REACH_CHARS, clause_end - base)
        cue_re = lx.metric_cue_re(self.lang)
        named = [
            mt
            for mt in cue_re.finditer(self.t, base + head.end(), base + end)
            if mt.lastgroup not in WEAK_CUES
        ]
        if len({mt.lastgroup for mt in named}) > 1:
            # "migrants who drowned or went missing": two fates in one count, no one metric.
            c.extra["mixed"] = "subject"
            return
        own = [
            mt
            for mt in cue_re.finditer(self.t, base + head.start(), base + head.end())
            if mt.lastgroup not in WEAK_CUES
        ]
        for mt in named + own:
            c.cue, c.cue_how, c.cue_at = mt.lastgroup, "near", mt.start()
            return

    def _projection(self, c: Candidate, prev: Candidate | None) -> bool:
        """A forecast or a fear: 'could exceed 20,000', '60 people are feared dead'."""
        start = self._words_back(c.ns, PROJECTION_REACH_WORDS, c.sent.start)
        if prev is not None and prev.sent is c.sent:
            # A cue before another figure is that figure's ("could exceed 200, while 50 ...").
            start = max(start, prev.q_end, prev.ne)
        before = self.t[start : c.ns]
        if lx.projection_before_re(self.lang).search(before):
            return True
        after_re = lx.projection_after_re(self.lang)
        # After the quote ("60 people are feared dead"), or right after the number when the
        # quote took the fear's own noun ("Up to 200 feared dead").
        return any(
            after_re.match(self.t[end : self._words_forward(end, 4, c.sent.end)])
            for end in {max(c.q_end, c.ne), c.ne}
        )

    def _cue_of_another(self, c: Candidate, cands: list[Candidate]) -> bool:
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

    def _coordinated(self, a: Candidate, b: Candidate) -> bool:
        """b follows a with only a conjunction between their quotes ("5 men and 3 women")."""
        if a.sent is not b.sent:
            return False
        between = self.t[max(a.q_end, a.ne) : b.q_start]
        return len(between) <= GOVERN_GAP_CHARS and bool(self.sh.conj.search(between))

    def _people_by_fate(self, c: Candidate) -> bool:
        """A noun the packs do not know, counted by what befell it ("killed 13 worshippers",
        "18 farmers were shot dead"): people, unless the pack says it is no person
        (livestock, animals)."""
        if c.unit_found or c.cue not in BEFELL_CUES:
            return False
        if c.cue_how not in ("govern", "own"):
            # "12 herders were killed": the verb right after the noun, nothing else between.
            gap = self.t[c.q_end : c.cue_at] if c.cue_at is not None else "."
            if c.cue_how != "near" or len(gap) > PASSIVE_GAP_CHARS or re.search(r"[\d.,;:،]", gap):
                return False
        not_people = lx.table(self.lang, "non_person_nouns") + tuple(lx.admin_nouns(self.lang))
        return not lx.words_re(not_people, self.lang).match(c.unit)

    def _governs(self, cue_end: int, number_start: int) -> bool:
        """A verb right before a figure and its qualifier ("killing at least 41", "مقتل 11",
        "rose to 57"): nothing but one of the language's fillers between them."""
        words = self.t[cue_end:number_start].split()
        return not words or (len(words) == 1 and words[0] in lx.govern_fillers(self.lang))

    def _camp_near(self, c: Candidate, whole_sentence: bool) -> bool:
        a, b = (c.sent.start, c.sent.end) if whole_sentence else c.clause
        seg = self.t[a:b]
        if lx.words_re(lx.table(self.lang, "camp_words"), self.lang).search(seg):
            return True
        return any(a <= p.start < b and place_kind(p.name) == "camp" for p in self.places)

    def _metric(self, c: Candidate, cands: list[Candidate]) -> None:
        if c.earlier_of is not None and cands[c.earlier_of].metric is not None:
            c.metric = cands[c.earlier_of].metric
            return
        if c.same_as is not None and c.cue is None and cands[c.same_as].metric is not None:
            c.metric = cands[c.same_as].metric
            return
        if c.unit in VEHICLE_UNITS:
            c.metric = Metric.VEHICLES
            return
        if c.unit in AREA_UNITS:
            c.metric = Metric.AREA_HELD
            return
        if (
            c.unit == "cases"
            and c.cue in ("died", "killed")
            and c.cue_at is not None
            and c.cue_at < c.ns
            # Not another figure's noun: "3 deaths and 40 cases" counts cases.
            and not any(o is not c and o.q_start <= c.cue_at < o.q_end for o in cands)
        ):
            # "ارتفع عدد الوفيات إلى 40 حالة", "deaths rose to 40 cases": cases of death are
            # the dead.
            c.unit = "people"
        if (c.unit not in COUNTED_UNITS and not self._people_by_fate(c)) or "mixed" in c.extra:
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
        elif cue in ("freed", "state", "action", "damaged"):
            c.metric = Metric.OTHER
        elif c.whole is not None and cands[c.whole].metric is not None:
            c.metric = cands[c.whole].metric
        elif c.range_of is not None:
            c.metric = cands[c.range_of].metric
        else:
            c.metric = Metric.OTHER
