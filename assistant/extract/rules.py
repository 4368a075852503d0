"""The offline extractor: deterministic multilingual rules, no network, no model.

One extraction is an ordered list of small annotators over one document (doc.py): each
concern is a mixin in its own module, and `_Run.claims` runs them in order, then assembles
the claims.
"""

from __future__ import annotations

from assistant.core.models import Claim, Report
from assistant.extract.assemble import Assembly
from assistant.extract.attribute import Attribution
from assistant.extract.candidates import Candidates
from assistant.extract.doc import WEAK_CUES
from assistant.extract.location import Location
from assistant.extract.metrics import Metrics
from assistant.extract.parts import Parts
from assistant.extract.protocol import ExtractorBase
from assistant.extract.scope import Scoping


class RulesExtractor(ExtractorBase):
    """Deterministic claim extraction in Arabic, English, French, Turkish and beyond."""

    name = "rules"

    def extract(self, report: Report) -> list[Claim]:
        """Claims of one report, in order of appearance."""
        return _Run(report).claims()


class _Run(Candidates, Metrics, Parts, Scoping, Attribution, Location, Assembly):
    """One extraction over one report: the annotators, in order, then the claims."""

    def claims(self) -> list[Claim]:
        # Who speaks in each sentence, and which times say when something was said.
        self._attribute()
        self.said_when = self._statement_times()
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
        self._settle_sources(cands)
        # Places once every metric and speaker is known: a larger count beside places
        # counted one by one is their whole's (location.py).
        for c in cands:
            self._location(c)
        self._merge(cands)
        return self._emit(cands)
