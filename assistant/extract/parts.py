"""Parts and wholes: part cues, antecedents and breakdowns whose noun is elided."""

from __future__ import annotations

import re

from assistant.core.models import Qualifier
from assistant.extract import lexicon as lx
from assistant.extract.doc import COUNTED_UNITS, WEAK_CUES, Candidate, Document
from assistant.extract.units import may_contain
from assistant.lang import lang_cache

# A part cue right before a figure ("among them", "من بينهم", "dont") is a few words long.
PART_CUE_BEFORE_CHARS = 40
# After a figure: its noun, then the cue ("12 children among the dead", "arasında"); two
# coordinated parts stand as close ("78 children and 41 women").
PART_CUE_AFTER_CHARS = 60

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
# A part cue this close after a figure ("..., of which 32") points at that figure.
PART_ADJACENT_CHARS = 30
# A breakdown by place follows its total in the same sentence or the next two
# ("... toll rose to 17. Eight were found today. By province: Rize 10, Artvin 4, ...").
BREAKDOWN_REACH_SENTENCES = 2


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


class Parts(Document):
    """Which figure each figure is a part of, and whether the parts are complete."""

    def _part_cue(self, c: Candidate) -> str | None:
        before = self.t[max(c.sent.start, c.q_start - PART_CUE_BEFORE_CHARS) : c.q_start].rstrip(
            " ،,:"
        )
        pats = _part_patterns(self.lang)
        for kind, pat in pats["before"]:
            if mt := pat.search(before):
                # "among the dead", "ومن بين القتلى": the cue's own words name the whole's
                # kind (a verb before it is the part's: "detained, from among these, 3,370").
                c.extra["part_words"] = mt.group()
                return kind
        head = self.t[c.ne : c.ne + PART_CUE_AFTER_CHARS]
        if re.match(r"\s*[,،]", head):
            return None
        for kind, pat in pats["after"]:
            mt = pat.search(head)
            if mt and not re.search(r"[,،.;]", head[: mt.start()]):
                # "… were among the dead": the noun the cue ends on names the whole's kind
                # (not a predicate further on: "500 of them were jihadists who gave
                # themselves up" does not say the whole surrendered).
                tail = re.split(r"[,،.;]", head[mt.end() :], maxsplit=1)[0]
                c.extra["part_words"] = " ".join(tail.split()[:2])
                return kind
        return None

    def _compatible(self, part: Candidate, whole: Candidate) -> bool:
        if part.unit == whole.unit:
            return True
        return may_contain(whole.unit, part.unit)

    def _parts(self, cands: list[Candidate]) -> None:
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
                    and len(between) < PART_CUE_AFTER_CHARS
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

    @staticmethod
    def _kinds(w: Candidate) -> set[str]:
        """What befell the people a figure counts, as far as its cue or its part cue says."""
        kinds = set(w.extra.get("named", "").split()) - {""}
        kind = CUE_METRIC.get(w.cue or "")
        return kinds | {kind} if kind else kinds

    def _lead_metrics(self, i: int, c: Candidate, cands: list[Candidate]) -> set[str]:
        """What befell the people of the total a part belongs to: as its part cue's words
        say, or with no cue, the words before it since the figure before."""
        # A part cue's words name it ("among the wounded"); with no cue, the lead-in.
        lead = c.extra.get("part_words")
        if lead is None:
            lead = self.t[max(c.sent.start, cands[i - 1].ne if i else 0) : c.ns]
        return {
            m
            for mt in lx.metric_cue_re(self.lang).finditer(lead)
            if mt.lastgroup not in WEAK_CUES
            and (m := CUE_METRIC.get(mt.lastgroup or "")) is not None
        }

    def _elided_whole(self, i: int, c: Candidate, cands: list[Candidate]) -> int | None:
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
                # A list item with no speaker of its own is its whole's to speak for.
                and (w.source == c.source or c.source is None)
                and not w.projection
                and (not named or CUE_METRIC.get(w.cue) in named)
            ):
                return j
        return None

    def _names_place(self, c: Candidate) -> bool:
        """A place stands right before the figure, or right after it behind a preposition."""
        return any(self._next_to(c, p) is not None for p in self.all_places)

    def _antecedent(self, i: int, c: Candidate, cands: list[Candidate]) -> int | None:
        """The whole an anaphoric part points at, nearest first.

        A nearer figure smaller than the part ("355 dead, after 43 killed this week; among
        the dead 81 children") gives way to a larger one in reach. A part larger than its
        whole is kept (and flagged) only within one sentence; across sentences, with no
        whole in reach that could hold it, the part has none.
        """
        prev = cands[i - 1] if i else None
        named = self._lead_metrics(i, c, cands)
        c.extra["named"] = " ".join(sorted(named))
        if (
            prev is not None
            and prev.sent is c.sent
            and prev.range_of is None
            and prev.source == c.source
            and len(self.t[max(prev.q_end, prev.ne) : c.q_start]) <= PART_ADJACENT_CHARS
            and (not c.unit_found or self._compatible(c, prev))
            # "45 children were among the dead, and 62 children among the wounded": a cue
            # that names another total is not about the figure just before.
            and not (named and not self._kinds(prev) & named)
        ):
            # "23 in Guerrero, of which 32 in Acapulco": the figure the relative follows is
            # its whole, even when the part outgrows it (that is what the checks flag).
            if not c.unit_found:
                c.unit = prev.unit
            return i - 1
        first = self._antecedent_from(i, c, cands, i - 1)
        if named:
            # "ومن بين القتلى 12 امرأة", "among the dead, 31 children": the lead-in says
            # which total the group is part of; the nearer injured total is not it.
            j = first
            while j is not None and not self._kinds(cands[j]) & named:
                j = self._antecedent_from(i, c, cands, j - 1)
            # None in reach counts what the cue names: a figure that says nothing of what
            # befell its people may still be the total; one that names another is not.
            if j is not None or (first is not None and self._kinds(cands[first])):
                first = j
        if first is None or cands[first].sent is c.sent:
            # "نحو 90 شخصاً ..., بينهم 120 طفلاً": a part right after its whole is its part.
            return first
        if cands[first].value >= c.value or not c.unit_found:
            return first
        # A group counted sentences after a smaller figure ("6 bodies were recovered
        # overnight. Among the dead are 75 children") belongs to a total that can hold it,
        # further back; with none in reach it is left without a whole: across sentences a
        # part larger than the nearest figure says more about the reading than the wire.
        found = self._antecedent_from(i, c, cands, first - 1)
        while found is not None and (
            cands[found].value < c.value or (named and not self._kinds(cands[found]) & named)
        ):
            found = self._antecedent_from(i, c, cands, found - 1)
        return found

    def _antecedent_from(
        self, i: int, c: Candidate, cands: list[Candidate], start: int
    ) -> int | None:
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
            if c.unit_found and w.unit == c.unit != "people" and w.value == c.value:
                # "Children account for 67 of the dead ... among them 67 children": the same
                # group told twice is not its own whole.
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
