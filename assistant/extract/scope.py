"""Periods and scope: when each figure was counted, and whether it is a tally so far."""

from __future__ import annotations

import bisect
import re
from typing import get_args

from assistant.core.models import UNSTATED_PERIOD, Metric, Scope
from assistant.extract import lexicon as lx
from assistant.extract.doc import Candidate, Document
from assistant.extract.periods import Period
from assistant.extract.units import MEASURE_UNITS
from assistant.lang import lang_cache
from assistant.lang.schema import MetricCue
from assistant.text.segment import clause_of

CASUALTY_METRICS = (Metric.KILLED, Metric.INJURED, Metric.MISSING)
# Forecasts of a toll: of the dead, of the injured.
PROJECTED_TOLLS = (Metric.KILLED, Metric.INJURED)
# What an event does once, on its day: its toll grows after it (the missing are a state).
EVENT_DAY_METRICS = (Metric.KILLED, Metric.INJURED)
# Every cue says something happened except a state ("still", "remain").
EVENT_CUES = frozenset(get_args(MetricCue)) - {"state"}
# "9 more deaths", "8 جثث جديدة": counted since the report before, whenever that was.
INCREMENT_PERIOD = "since the previous report"


@lang_cache
def _increment_re(language: str) -> re.Pattern[str] | None:
    """A figure's increment word, matched from the figure's end: right after it ("9 more
    deaths") or after its noun ("2 kişi daha")."""
    nxt, noun = lx.table(language, "increment_next"), lx.table(language, "increment_after_noun")
    parts = [rf"\s+(?:{lx.alternation(nxt, language)})"] if nxt else []
    if noun:
        parts.append(rf"\s+[^\s\d.,;:،]+\s+(?:{lx.alternation(noun, language)})")
    return re.compile(rf"(?:{'|'.join(parts)})(?!\w)") if parts else None


class Scoping(Document):
    """Times a statement was made, then the period and scope of each candidate."""

    def _periods_in(self, a: int, b: int) -> list[Period]:
        return [
            p
            for p in self._periods_from(a, b)
            if p not in self.said_when and p.start >= self.dateline_start
        ]

    def _statement_times(self) -> set[Period]:
        """'said on Tuesday', 'On Monday night he had said': when it was said, not counted."""
        out: set[Period] = set()
        # The mentions by start, and the longest: those blanked in a gap are found in log time.
        self._m_sorted = sorted(self.sources, key=lambda m: m.start)
        self._m_starts = [m.start for m in self._m_sorted]
        self._m_longest = max((m.end - m.start for m in self._m_sorted), default=0)
        for s in self.sents:
            cues = self.cues.get(s.index, [])
            for p in self._periods_from(s.start, s.end):
                # Only a time can be when something was said; "rose to", "since" cannot.
                # Only a day can be when something was said ("said on Tuesday"); "recorded
                # in the previous 24 hours" is what was counted.
                if not (p.point or p.kind == "date"):
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
        # Only a mention starting within the longest mention's length before a can reach it.
        lo = bisect.bisect_left(self._m_starts, a - self._m_longest)
        hi = bisect.bisect_left(self._m_starts, b)
        for m in self._m_sorted[lo:hi]:
            # A prefix glued to the name is the name's word (the Arabic article: الـ).
            start = m.start
            while start > a and not self.t[start - 1].isspace() and self.t[start - 1].isalpha():
                start -= 1
            for i in range(max(start, a), min(m.end, b)):
                text[i - a] = " "
        # A speaker's title is the speaker ("أفاد الناطق باسم الحرس، اليوم الجمعة").
        for mt in self.sh.role.finditer("".join(text)):
            for i in range(mt.start(), mt.end()):
                text[i] = " "
        return "".join(text)

    def _scope(self, i: int, c: Candidate, cands: list[Candidate]) -> None:
        def take(p: Period) -> None:
            kind = p.kind
            c.period, c.pstart, c.pend, c.period_explicit = (
                p.label,
                p.period_start,
                p.period_end,
                True,
            )
            if self._event_day(p, c):
                # "An earthquake struck on Monday, killing 96" in Tuesday's wire: Monday
                # dates the event, and its dead are a toll since then, not Monday's alone
                # (a later "toll rises to 128" grows it; it does not conflict with it).
                c.scope, c.pend = Scope.CUMULATIVE, self.pub
                c.period = "since " + p.label.removeprefix("on ")
                return
            if kind in ("window", "rate", "date"):
                c.scope = Scope.WINDOW
            elif kind in ("cumulative", "total"):
                c.scope = Scope.CUMULATIVE
            else:
                c.scope = Scope.SNAPSHOT

        if c.unit in MEASURE_UNITS and c.unit_found and c.metric in (None, Metric.OTHER):
            # "a magnitude 6.3 quake on Monday", "$5 million on Friday": a measure holds as
            # said; the day dates the saying, not a tally over it.
            c.scope, c.period, c.pend = Scope.SNAPSHOT, "as of publication", self.pub
            return
        if c.range_of is not None:
            lo = cands[c.range_of]
            c.scope, c.period, c.pstart, c.pend = lo.scope, lo.period, lo.pstart, lo.pend
            return
        same = lx.words_re(lx.table(self.lang, "same_period"), self.lang)
        if i and same.search(self.t, c.sent.start, c.sent.end):
            # "12,400 people had fled their homes over the same period": the period of the
            # figure before it that states one.
            earlier = next(
                (o for o in reversed(cands[:i]) if o.period_explicit and o.scope is not None),
                None,
            )
            if earlier is not None and earlier.sent.index >= c.sent.index - 1:
                c.scope, c.period = earlier.scope, earlier.period
                c.pstart, c.pend = earlier.pstart, earlier.pend
                c.period_explicit = True
                return
        if c.earlier_of is not None:
            # "14 morts, contre neuf mardi soir": what the figure before was at some earlier
            # time, which the rules do not date; never a value of the series as published.
            c.scope, c.period = cands[c.earlier_of].scope, UNSTATED_PERIOD
            return
        a, b = c.clause
        near = sorted(self._periods_in(a, b), key=lambda p: self._dist(p, c))
        sent = sorted(self._periods_in(c.sent.start, c.sent.end), key=lambda p: self._dist(p, c))
        if c.projection and c.metric in PROJECTED_TOLLS:
            # "The toll could exceed 200": a forecast of the running total. The checks never
            # put a projection in a series; its scope says what it forecasts.
            c.scope, c.period, c.pend = Scope.CUMULATIVE, "as of publication", self.pub
            return
        if c.projection or (
            c.metric == Metric.MISSING and not any(p.kind in ("window", "rate") for p in near)
        ):
            # A forecast, and the people still missing, are states as of publication: neither
            # counts what happened over a period.
            c.scope, c.period, c.pend = Scope.SNAPSHOT, "as of publication", self.pub
            return
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
        stated = {p.kind for p in near}
        spans = {p.kind for p in near if not p.point}  # "in the past 24 hours", not "on Friday"
        if (
            c.metric != Metric.OTHER
            and not spans & {"window", "rate", "cumulative"}
            and (
                (
                    (increment := _increment_re(self.lang)) is not None
                    and increment.match(self.t, c.ne) is not None
                )
                # A figure a tally verb of its own governs ("raised the toll in the south
                # to 15, bringing the national toll to 19") is a total, not what is new.
                or (not stated - {"year"} and self._raises_total(i, c, cands))
            )
        ):
            # "The toll rose to 220 on Monday after 9 more deaths", "21 injured, bringing the
            # total to 800": the 9 and the 21 are new since the report before, not running
            # totals (a day named beside them dates the report, not the start of a toll).
            c.scope, c.period, c.pend = Scope.WINDOW, INCREMENT_PERIOD, self.pub
            return
        # A rate elsewhere in the sentence ("its daily report") is not this figure's when
        # its own clause states a period ("injured since the start of the monsoon").
        # A part with no period of its own takes its whole's, further down.
        own_period = any(p.kind != "year" for p in near)
        elsewhere = c.cue in EVENT_CUES and not own_period and c.whole is None
        for ps in (near, sent):
            rate = [p for p in ps if p.kind == "rate"]
            if rate and (ps is near or elsewhere):
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
            counting = lx.words_re(lx.table(self.lang, "count_verbs"), self.lang)
            if (
                self.lr.present_perfect is not None and self.lr.present_perfect.search(clause)
            ) or counting.search(self.t, *c.clause):
                # "have been displaced", "has killed 112", "OCHA counted 157 dead": a
                # tally so far.
                c.scope, c.period, c.pend = Scope.CUMULATIVE, "so far", self.pub
                return
            if c.metric in CASUALTY_METRICS or c.cue == "damaged":
                # Dead, injured, missing or houses destroyed with no period stated: a tally
                # so far, but the checks keep it out of running totals (an attack's dead
                # are not a toll).
                c.scope, c.period, c.pend = Scope.CUMULATIVE, UNSTATED_PERIOD, self.pub
                return
            condition = lx.words_re(lx.table(self.lang, "condition_words"), self.lang)
            if condition.search(self.t, c.clause[0], c.clause[1]):
                # "23,500 people were left homeless", "64,000 are sheltering": people in a
                # condition are counted as they stand, not as a batch that moved.
                c.scope, c.period, c.pend = Scope.SNAPSHOT, "as of publication", self.pub
                return
            # People on the move with no period stated: the latest batch.
            c.scope, c.period, c.pend = Scope.WINDOW, "latest reported period", self.pub
            return
        c.scope, c.period, c.pend = Scope.SNAPSHOT, "as of publication", self.pub

    def _raises_total(self, i: int, c: Candidate, cands: list[Candidate]) -> bool:
        """The figure is followed in its sentence by a link and a larger total of the same
        kind it raises ("21 others, bringing the number of wounded to 800")."""
        links = lx.table(self.lang, "total_links")
        if not links or c.whole is not None:
            return False
        for d in cands[i + 1 :]:
            if d.sent is not c.sent:
                return False
            if d.range_of is not None:
                continue
            if d.value <= c.value or (d.metric is not None and d.metric != c.metric):
                return False
            return bool(lx.words_re(links, self.lang).search(self.t, c.ne, d.ns))
        return False

    def _event_day(self, p: Period, c: Candidate) -> bool:
        """A single past day (or month), before the day of publication, dating an event that
        happens once (not strikes that recur daily) in the figure's sentence."""
        if not (p.point or p.kind == "date") or p.kind not in ("window", "date"):
            return False
        if c.metric not in EVENT_DAY_METRICS or c.cue not in EVENT_CUES:
            return False
        # A month dates one as well ("In April 2015, an earthquake killed nearly 9,000"):
        # its toll is the event's, not a count over the month.
        if self.pub is None:
            return False
        # The day of publication may date the event too ("a fire on Tuesday killed 23" in
        # Tuesday's wire): its toll grows after it all the same.
        day = self.pub.replace(hour=0, minute=0, second=0, microsecond=0)
        if p.period_start is None or p.period_start > day:
            return False
        once = lx.words_re(lx.table(self.lang, "one_off_events"), self.lang)
        return once.search(self.t, c.sent.start, c.sent.end) is not None

    def _owned_by_other(self, p: Period, c: Candidate, cands: list[Candidate]) -> bool:
        bounds = self.bounds[c.sent.index]
        clause = clause_of(bounds, c.sent.start, c.sent.end, p.start)
        return clause != c.clause and any(
            o is not c and o.sent is c.sent and clause[0] <= o.ns < clause[1] for o in cands
        )

    @staticmethod
    def _dist(p: Period, c: Candidate) -> int:
        return c.ns - p.end if p.end <= c.ns else max(0, p.start - c.ne)
