"""Who said it: the speaker of each sentence, then of each figure."""

from __future__ import annotations

import bisect

from assistant.extract.attribution import Cue, find_cues
from assistant.extract.doc import TALLY_METRICS, Candidate, Document
from assistant.extract.gazetteer import Mention, place_kind, sole_organisation

# "the agency" names the organisation of its kind named before it, or within a sentence
# after it ("the agency ... Turkey's disaster agency AFAD said").
HEAD_AHEAD_CHARS = 200
# "X, SDF spokesman": a person speaks for the organisation named beside them.
AFFILIATION_CHARS = 70
# "director", "porte-parole" stand right around a person's name.
ROLE_CHARS = 30


class Attribution(Document):
    """Speakers: resolved cues per sentence, and the source of each candidate."""

    def _attribute(self) -> None:
        last: str | None = None
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
            for o in reversed([x for x in self.sources if x.start < at + HEAD_AHEAD_CHARS]):
                if o.kind == "org" and set(o.types) & set(m.types):
                    return o.name
            # "the Observatory" with no name before it: the one monitor the gazetteer knows.
            return sole_organisation(m.types)
        return None

    def _affiliation(self, person: Mention) -> str | None:
        """A person speaks for the organisation named beside them ('X, SDF spokesman')."""
        known = [o for o in self.sources if o.kind == "org" and o.types != ("unknown",)]
        near = [o for o in known if abs(o.start - person.start) <= AFFILIATION_CHARS]
        if near:
            return min(near, key=lambda o: abs(o.start - person.start)).name
        around = self.t[max(0, person.start - ROLE_CHARS) : person.end + ROLE_CHARS + 10]
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
