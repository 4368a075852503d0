"""Places of claims: the finest place a figure's clause, sentence or story names."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from assistant.extract import lexicon as lx
from assistant.extract.doc import Candidate, Document
from assistant.extract.gazetteer import Mention, place_ancestors, place_depth, place_kind
from assistant.extract.places import alone_re, national_speaker_re, nationwide_re, subset_re

# Places listed together stand this close: "Rize, Artvin ve Trabzon", "سقطرى والمهرة".
PLACE_LIST_GAP_CHARS = 6


class Location(Document):
    """Where each candidate was counted."""

    def _location(self, c: Candidate) -> None:
        """The finest place the clause (else the sentence, else the story so far) names."""
        nationwide = nationwide_re(self.lang)
        if nationwide is not None and nationwide.search(self.t, c.sent.start, c.clause[1]):
            # "Nationally, the toll stood at 587": the country's, not the province the
            # story is about; unsaid if the report names no country.
            c.location = self._country(c)
            return
        began: list[Mention] = []
        for a, b in (c.clause, (c.sent.start, c.sent.end)):
            local = [
                p
                for p in self._whole_places
                if a <= p.start < b and not self._owned(p, c) and not self._contrasted(p, c)
            ]
            # "Moldova said 22 died since a dam burst upstream in Romania": a place inside
            # the period names where it began, not where the count was made.
            counted = [p for p in local if not self._in_period(p.start, p.end)]
            began = began or local
            if counted:
                best = max(counted, key=lambda p: (self._grain(p), -self._gap(p, c)))
                c.location = self._place_list(best)
                return
        if began:
            best = max(began, key=lambda p: (self._grain(p), -self._gap(p, c)))
            c.location = self._place_list(best)
            return
        if self._national_speaker(c):
            # "The national disaster agency said 53 people died": with no place in its
            # sentence, the country's toll, not that of the province the story names most.
            c.location = self._country(c)
            return
        # No place in its sentence: the story's place, the one the report names most (a
        # town before its country; the earlier on a tie). A dateline may name the bureau.
        # A place its sentence singles out ("In Tessel province alone, ...") is a part of
        # the story's area, not the story's place.
        alone = alone_re(self.lang)
        free = [
            p
            for p in self._whole_places
            if not self._owned(p, c)
            and not self._contrasted(p, c)
            and not (alone is not None and alone.match(self.t, p.end))
        ]
        if not free:
            # "Sudan's doctors' union said ...", and no other place in the report: a place
            # the gazetteer knows in the speaker's name is its remit, the best there is.
            free = [p for p in self.places if self._in_source_name(p)]
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

    @cached_property
    def _whole_places(self) -> list[Mention]:
        """The places a figure may be counted in: not one where only some of the counted
        were ("31 died, most of them in Punjab and Sindh"), found once per report."""
        subset = subset_re(self.lang)
        if subset is None:
            return self.all_places
        return [
            p for p in self.all_places if not subset.search(self.t, max(0, p.start - 40), p.start)
        ]

    def _country(self, c: Candidate) -> str | None:
        """The country a figure's sentence names, else the one the report names most."""
        counts: Counter[str] = Counter()
        # Every mention counts here, one inside a name too: "Pakistan Meteorological
        # Department" counts nothing in Pakistan, but says which country the story is in.
        for p in self.places:
            for name in place_ancestors(p.name):
                if place_kind(name) == "country":
                    if c.sent.start <= p.start < c.sent.end:
                        return name
                    counts[name] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _national_speaker(self, c: Candidate) -> bool:
        """Whether an organisation named in the figure's sentence is a national body."""
        national = national_speaker_re(self.lang)
        return national is not None and any(
            s.kind == "org"
            and c.sent.start <= s.start < c.sent.end
            and national.search(self.t, s.start, s.end) is not None
            for s in self.sources
        )

    def _in_source_name(self, p: Mention) -> bool:
        return any(s.kind == "org" and s.start <= p.start and p.end <= s.end for s in self.sources)

    @staticmethod
    def _gap(p: Mention, c: Candidate) -> int:
        """Characters between a place and a figure, edge to edge."""
        return max(0, p.start - c.ne) if p.start >= c.ne else max(0, c.ns - p.end)

    def _place_list(self, p: Mention) -> str:
        """A place and those listed with it ("in Rize, Artvin and Trabzon", "في سقطرى
        والمهرة"): a toll for several places is a quantity of its own, named by all."""
        places = self.all_places
        if p not in places:
            return p.name
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
            # "BAGHOUZ, Syria", "Mosul, Iraq": a place and its country, not a list.
            return False
        letters = re.sub(r"[\s'’,،]", "", between)
        return len(between) <= PLACE_LIST_GAP_CHARS and (
            not letters or has_conj or letters in lx.place_suffixes(self.lang)
        )

    def _owned(self, p: Mention, c: Candidate) -> bool:
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

    def _contrasted(self, p: Mention, c: Candidate) -> bool:
        """A place in a contrast clause after the figure, beside another figure: that
        figure's ("the toll rose to 37, while 60 are still missing in Tessel and Korvin":
        the missing are in the two provinces, the toll is the country's). A place before
        the contrast is the scene both sides share ("31 dead off Kerkennah, while two are
        still missing")."""
        if not c.ne <= p.start < c.sent.end:
            return False
        contrast = lx.words_re(lx.table(self.lang, "contrast_words"), self.lang)
        cut = contrast.search(self.t, c.ne, p.start)
        return cut is not None and any(
            o is not c and o.sent is c.sent and cut.start() <= o.ns < c.sent.end
            for o in self._cands
        )

    def _grain(self, p: Mention) -> int:
        # A district named by its shape is finer than the country the gazetteer knows.
        return place_depth(p.name) if p in self.places else 2
