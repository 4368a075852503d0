"""Who said it: the speaker of each sentence, then of each figure."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from assistant.extract.attribution import Cue, ResolveFn, find_cues
from assistant.extract.doc import TALLY_METRICS, Candidate, Document
from assistant.extract.gazetteer import Mention, place_kind, possessive_re, sole_organisation
from assistant.extract.gloss import gloss, ministry_form

# "the agency" names the organisation of its kind named before it, or within a sentence
# after it ("the agency ... Turkey's disaster agency AFAD said").
HEAD_AHEAD_CHARS = 200
# "X, SDF spokesman": a person speaks for the organisation named beside them.
AFFILIATION_CHARS = 70
# "director", "porte-parole" stand right around a person's name.
ROLE_CHARS = 30
# "X, a senior director at the Fire Service": a title is a few words, no clause.
ROLE_TITLE_WORDS = 5
# A word that can tell one body's name from another's: four letters or more.
_WORD = re.compile(r"[^\W\d_]{4,}")


def _words(text: str) -> set[str]:
    """The telling words of a name or a title, case-folded."""
    return set(_WORD.findall(text.casefold()))


# What may stand before a clause's subject: the sentence start or a clause boundary.
CLAUSE_OPENERS = frozenset(',;:—–-("«“')


class Attribution(Document):
    """Speakers: resolved cues per sentence, and the source of each candidate."""

    def _attribute(self) -> None:
        last: str | None = None
        last_span: tuple[int, int] | None = None
        # Each sentence is handed only its own mentions, found in log time (issue 11: linear).
        order = sorted(range(len(self.sources)), key=lambda i: self.sources[i].start)
        starts = [self.sources[i].start for i in order]
        for s in self.sents:
            if self._in_boiler(s.start):
                continue

            def resolve(m: Mention, at: int = s.start) -> str | None:
                return self._resolve_mention(m, at)

            lo, hi = bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)
            own = [self.sources[i] for i in sorted(order[lo:hi])]
            cues = find_cues(self.t, s.start, s.end, self.lang, own, resolve)
            cues = sorted(cues + self._possessive_cues(own, resolve), key=lambda q: q.start)
            fixed = []
            for c in cues:
                if not c.resolved and not c.explicit_none:
                    found = self._speaking_country(c, s.start) or self._described_body(
                        c, s.start, s.end
                    )
                    if found is not None:
                        c = Cue(c.start, c.end, found[0], False, True, found[1])
                    else:
                        c = Cue(c.start, c.end, last, False, last is not None, last_span)
                fixed.append(c)
                if c.source:
                    last, last_span = c.source, c.name_span
            self.cues[s.index] = fixed
            named = [c for c in fixed if c.resolved]
            self.sent_source[s.index] = named[-1].source if named else None

    def _possessive_cues(self, own: list[Mention], resolve: ResolveFn) -> list[Cue]:
        """ "the NDMA's toll stood at 587": an organisation's possessive names whose figure
        follows, as a cue before it would."""
        out = []
        for m in own:
            if m.kind != "org" or self.sh.personlike.match(m.name):
                continue
            if possessive_re().match(self.t, m.end):
                src = resolve(m)
                if src is not None:
                    out.append(Cue(m.start, m.end + 2, src, False, True, (m.start, m.end)))
        return out

    def _speaking_country(self, cue: Cue, sent_start: int) -> tuple[str, tuple[int, int]] | None:
        """'Moldova said …', 'قالت تونس': a country that is itself the speaker.

        Only a country standing right against a cue that found no other speaker, and
        opening its clause, so "killed 12 in Romania, officials said" keeps its own voice.
        """
        # The country must touch the cue across white space only: found by position.
        before = len(self.t[sent_start : cue.start].rstrip()) + sent_start
        p = self._countries_by_edge[0].get(before)
        if p is not None and p.start >= sent_start:
            lead = self.t[sent_start : p.start].rstrip()
            if not lead or lead[-1] in CLAUSE_OPENERS:
                return p.name, (p.start, p.end)
        after = cue.end + (len(self.t[cue.end :]) - len(self.t[cue.end :].lstrip()))
        p = self._countries_by_edge[1].get(after)
        if p is not None:
            return p.name, (p.start, p.end)
        return None

    def _described_body(
        self, cue: Cue, sent_start: int, sent_end: int
    ) -> tuple[str, tuple[int, int]] | None:
        """'the national disaster agency said': a body described in lower case beside a cue
        that found no speaker is the organisation the report names whose name shares two
        of its words (the National Disaster Management Authority); otherwise no one."""
        for a, b in (
            (max(sent_start, cue.start - 60), cue.start),
            (cue.end, min(sent_end, cue.end + 60)),
        ):
            for mt in self.sh.organisation.finditer(self.t, a, b):
                lead = self.t[max(a, mt.start() - 40) : mt.start()]
                words = _WORD.findall(lead.casefold())[-3:]
                if len(words) < 2:
                    continue
                best: tuple[int, Mention] | None = None
                for o in self._bodies:
                    shared = len(set(words) & _words(o.name))
                    if shared >= 2 and (best is None or shared > best[0]):
                        best = (shared, o)
                if best is not None:
                    name = self._resolve_mention(best[1], cue.start)
                    if name is not None:
                        return name, (mt.start() - len(lead), mt.end())
        return None

    @cached_property
    def _bodies(self) -> list[Mention]:
        """The report's organisations: not a person, and a name with a word of letters."""
        return [
            o
            for o in self.sources
            if o.kind == "org"
            and not self.sh.personlike.match(o.name)
            and re.search(r"[^\W\d_]{2}", o.name)
        ]

    @cached_property
    def _countries_by_edge(self) -> tuple[dict[int, Mention], dict[int, Mention]]:
        """The report's country mentions by where they end and where they start."""
        countries = [p for p in self.places if place_kind(p.name) == "country"]
        return {p.end: p for p in countries}, {p.start: p for p in countries}

    def _resolve_mention(self, m: Mention, at: int) -> str | None:
        if m.kind == "org":
            name = self.acronyms.get(m.name, m.name)
            if m.types != ("unknown",):
                return name
            # A name the gazetteer does not know, in English if the pack can say it.
            english = gloss(name, self.lang)
            if english is None and self.sh.personlike.match(m.name):
                # A person ("Rize Valisi" reads like two names, but the vocabulary knows it
                # for a role: the Rize Governor, glossed above).
                return self._affiliation(m) or m.name
            return english or ministry_form(name)
        if m.kind == "generic":
            if m.camp:
                camp = self._last_place(at, kind="camp")
                return f"{camp} administration" if camp else m.name
            return m.name
        if m.kind == "head":
            for o in reversed([x for x in self.sources if x.start < at + HEAD_AHEAD_CHARS]):
                if o.kind == "org" and set(o.types) & set(m.types):
                    return o.name
            # "the Observatory" with no name before it: the one monitor the gazetteer knows.
            return sole_organisation(m.types)
        return None

    def _affiliation(self, person: Mention) -> str | None:
        """A person speaks for the organisation their title names ("ministry spokesman X"
        → the ministry named before), else the one named beside them ('X, SDF spokesman')."""
        # A person is no body: personlike names are not among them.
        bodies = self._bodies
        named = self._named_by_title(person, bodies)
        if named is not None:
            return self._resolve_mention(named, person.start)
        known = [o for o in bodies if o.types != ("unknown",)]
        near = [o for o in known if abs(o.start - person.start) <= AFFILIATION_CHARS]
        if near:
            return min(near, key=lambda o: abs(o.start - person.start)).name
        titled = self._titled_by(person)
        if titled is not None:
            return self._resolve_mention(titled, person.start)
        around = self.t[max(0, person.start - ROLE_CHARS) : person.end + ROLE_CHARS + 10]
        if self.sh.role.search(around):
            # A titled person whose title names no body: the last body named before them.
            earlier = [o for o in bodies if o.start < person.start]
            return self._resolve_mention(earlier[-1], person.start) if earlier else None
        return None

    def _named_by_title(self, person: Mention, bodies: list[Mention]) -> Mention | None:
        """The body whose name shares a word with the person's title: "ministry spokesman
        X" (the Ministry of Home Affairs named before), "el coordinador nacional de
        Protección Civil, X", "X, a spokesman for the relief agency"."""
        before = self.t[max(0, person.start - AFFILIATION_CHARS) : person.start]
        # The title's own comma ("El coordinador de Protección Civil, X") does not end it.
        before = re.split(r"[.;:!?،؛\n]|,\s", before.rstrip(" ,،"))[-1]
        after = re.split(r"[.;:!?،؛\n]", self.t[person.end : person.end + AFFILIATION_CHARS])[0]
        title = f"{before} {after}"
        if not self.sh.role.search(title):
            return None
        words = _words(title) - {w.casefold() for w in self.sh.role.findall(title)}
        sharing = [o for o in bodies if words & _words(o.name)]
        if not sharing:
            return None
        earlier = [o for o in sharing if o.start < person.start] or sharing
        return min(earlier, key=lambda o: abs(o.start - person.start))

    def _titled_by(self, person: Mention) -> Mention | None:
        """A name the gazetteer does not know, joined to a person by a role title alone:
        "PDMA spokesman X", "X, a director at the Fire Service"."""
        for o in self.sources:
            if o.kind != "org" or o is person or self.sh.personlike.match(o.name):
                continue
            if o.end <= person.start:
                gap = self.t[o.end : person.start]
            elif o.start >= person.end:
                gap = self.t[person.end : o.start]
            else:
                continue
            words = gap.split()
            if 0 < len(words) <= ROLE_TITLE_WORDS and self.sh.role.search(gap):
                return o
        return None

    def _last_place(self, at: int, kind: str | None = None) -> str | None:
        for p in reversed([p for p in self.places if p.start < at]):
            if kind is None or place_kind(p.name) == kind:
                return p.name
        return None

    def _source(self, c: Candidate, cands: list[Candidate]) -> None:
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
            # The speaker as written ("نقابة أطباء السودان"), or the bare cue ("it added").
            a, b = chosen.name_span or (chosen.start, chosen.end)
            c.source_text = self.body[self.nt.to_orig(a) : self.nt.to_orig(b)]
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
        if prev.paragraph == c.sent.paragraph:
            c.source = prev_src
        elif c.cue in TALLY_METRICS:
            # Across a paragraph break only a tally carries its speaker ("... said.\n\n47
            # more were killed"); whether it is one is settled once its metric is known.
            c.source, c.carried = prev_src, True

    def _settle_sources(self, cands: list[Candidate]) -> None:
        """Once parts and metrics are known: a part no cue attributes speaks with its whole's
        voice, and a speaker carried past a paragraph stays only with a tally."""
        for c in cands:
            if c.source_text is not None:
                continue
            if c.whole is not None and cands[c.whole].source:
                c.source, c.carried = cands[c.whole].source, False
            elif c.carried and c.metric is not None and c.metric.value not in TALLY_METRICS:
                c.source, c.carried = None, False
