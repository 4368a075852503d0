"""Places of claims: the finest place a figure's clause, sentence or story names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cached_property

from assistant.core.models import Metric, Scope
from assistant.extract import lexicon as lx
from assistant.extract.doc import PLACE_REACH_CHARS, Candidate, Document
from assistant.extract.gazetteer import (
    Mention,
    find_places,
    place_ancestors,
    place_depth,
    place_kind,
)
from assistant.extract.places import alone_re, national_speaker_re, nationwide_re, subset_re
from assistant.extract.places import find_places as find_shaped
from assistant.text.normalize import normalize

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
        here = self._said_place(c)
        if here is not None:
            c.location = self._place_list(here)
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
        free = [
            p for p in self._story_places if not self._owned(p, c) and not self._contrasted(p, c)
        ]
        # A place with its own count of the same thing ("Tessel province has recorded 33
        # deaths") is a part of the story's area: a count whose sentence names no place
        # is the whole's, a place the parts lie in, else the country.
        parts = self._parts_counted(c)
        if parts and any(p.name in parts for p in free):
            wholes = {a for part in parts for a in place_ancestors(part)} - parts
            free = [p for p in free if p.name in wholes]
            if not free:
                c.location = self._country(c)
                return
        titled = [p for p in free if p.name in self._title_places]
        if titled:
            # The headline says what the story is about: "Floods in Tessel" makes Tessel
            # the story's place even where a province beside it is named more often.
            free = titled
        elif (
            free and len(self._title_places) == 1 and place_kind(self._title_places[0]) == "country"
        ):
            # "Floods in Somalia: toll rises to 160", the body naming provinces: a figure
            # whose sentence names none is the country's. Taking the province named most
            # would compare a national toll with that province's own.
            c.location = self._title_places[0]
            return
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
        if any(here.name == main for _, here in self._smaller_counts(c)):
            # "The toll reached 160. Qaranfel province has recorded 51 deaths": the story's
            # place has its own, smaller count, so this one may be a wider area's.
            c.location_sure = False
        elif not titled:
            # No headline says which: a place first named after the figure's sentence (the
            # families who fled Zaytouna, after a national toll), or another place named as
            # often that is neither inside nor around this one, makes a guess not sure
            # enough to compare with another report's figure for it.
            named_later = free[first[main]].start >= c.sent.end
            c.location_sure = not named_later and not any(
                n != main
                and counts[n] >= counts[main]
                and place_kind(n) != "country"
                and n not in place_ancestors(main)
                and main not in place_ancestors(n)
                for n in counts
            )

    def _parts_counted(self, c: Candidate) -> set[str]:
        """Places the report counts one by one, each in its own sentence, with the same
        group, metric and period as this figure but fewer: this figure is their whole's
        ("110 dead" beside "Tessel has recorded 27 deaths" and "Korvin 31"). One place
        counted once is no breakdown: two figures for it may be two speakers' views of one
        scene ("nine civilians died in Sakoïra" against "at least 34 civilians killed"),
        unless the same named speaker gives both, who would not give one place two tolls."""
        if c.metric in (None, Metric.OTHER) or c.whole is not None:
            return set()
        smaller: set[str] = set()
        said: set[str] = set()
        for o, here in self._smaller_counts(c):
            smaller.add(here.name)
            if len(smaller) >= 2:
                return smaller
            if o.source is not None and o.source == c.source:
                said.add(here.name)
        return said

    def _smaller_counts(self, c: Candidate) -> Iterator[tuple[Candidate, Mention]]:
        """Counts of what this figure counts (metric, group and scope; a window of the same
        period), smaller than it, each with the place its own sentence names."""
        for o, here in self._placed_counts.get((c.metric, c.scope, c.unit), ()):
            # Windows of one place on two days are two counts, not two places.
            if o.value < c.value and (
                c.scope != Scope.WINDOW or (o.pstart, o.pend) == (c.pstart, c.pend)
            ):
                yield o, here

    @cached_property
    def _placed_counts(
        self,
    ) -> dict[tuple[Metric | None, Scope | None, str], list[tuple[Candidate, Mention]]]:
        """Whole figures (no part, not merged) whose own sentence names their place, by
        what they count: found once per report."""
        out: dict[tuple[Metric | None, Scope | None, str], list[tuple[Candidate, Mention]]] = {}
        for o in self._cands:
            if o.merged_into is not None or o.whole is not None:
                continue
            here = self._said_place(o)
            if here is not None:
                out.setdefault((o.metric, o.scope, o.unit), []).append((o, here))
        return out

    def _said_place(self, c: Candidate) -> Mention | None:
        """The finest place the figure's clause, else its sentence, names (cached)."""
        if id(c) in self._said:
            return self._said[id(c)]
        found: Mention | None = None
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
                found = max(counted, key=lambda p: (self._grain(p), -self._gap(p, c)))
                break
        else:
            if began:
                found = max(began, key=lambda p: (self._grain(p), -self._gap(p, c)))
        self._said[id(c)] = found
        return found

    @cached_property
    def _said(self) -> dict[int, Mention | None]:
        """Each figure's own place, by the figure's identity: asked once per figure by its
        own placing and again by every larger figure looking for parts."""
        return {}

    @cached_property
    def _title_places(self) -> list[str]:
        """The places the report's title names, gazetteer names and shaped ones."""
        title = self.report.title
        if not title:
            return []
        found = [m.name for m in find_places(normalize(title, self.lang), self.lang)]
        found += [p.name for p in find_shaped(title, self.lang)]
        return list(dict.fromkeys(found))

    @cached_property
    def _story_places(self) -> list[Mention]:
        """Places that may be the story's: not one its sentence singles out as alone."""
        alone = alone_re(self.lang)
        if alone is None:
            return self._whole_places
        return [p for p in self._whole_places if not alone.match(self.t, p.end)]

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
        s = c.sent
        # Only a figure of the sentence can own a place, and only one standing next to it.
        if p.end < s.start - PLACE_REACH_CHARS or p.start > s.end + PLACE_REACH_CHARS:
            return False
        mine = self._next_to(c, p)
        for o in self._by_sentence.get(s.index, ()):
            if o is c:
                continue
            theirs = self._next_to(o, p)
            if theirs is not None and (mine is None or theirs < mine):
                return True
        return False

    @cached_property
    def _by_sentence(self) -> dict[int, list[Candidate]]:
        out: dict[int, list[Candidate]] = {}
        for o in self._cands:
            out.setdefault(o.sent.index, []).append(o)
        return out

    def _contrasted(self, p: Mention, c: Candidate) -> bool:
        """A place in a contrast clause after the figure, beside another figure: that
        figure's ("the toll rose to 37, while 60 are still missing in Tessel and Korvin":
        the missing are in the two provinces, the toll is the country's). So is a place
        after a link to a larger total ("22 died on its side, bringing the toll in both
        countries to 33"). A place before
        the contrast is the scene both sides share ("31 dead off Kerkennah, while two are
        still missing")."""
        if not c.ne <= p.start < c.sent.end:
            return False
        contrast = lx.words_re(
            (*lx.table(self.lang, "contrast_words"), *lx.table(self.lang, "total_links")),
            self.lang,
        )
        cut = contrast.search(self.t, c.ne, p.start)
        return cut is not None and any(
            o is not c and o.sent is c.sent and cut.start() <= o.ns < c.sent.end
            for o in self._cands
        )

    def _grain(self, p: Mention) -> int:
        # A district named by its shape is finer than the country the gazetteer knows.
        return place_depth(p.name) if p in self.places else 2
