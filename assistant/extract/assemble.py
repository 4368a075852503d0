"""Claim assembly: repeated figures merged, candidates emitted as claims with their
`counts` phrase and part-of links."""

from __future__ import annotations

from assistant.check.tolerance import bounds
from assistant.core.models import Claim, Metric, Scope, claim_id
from assistant.extract.currency import MONEY, currency
from assistant.extract.doc import Candidate, Document
from assistant.extract.gazetteer import place_ancestors, place_kind


class Assembly(Document):
    """Candidates to claims."""

    def _merge(self, cands: list[Candidate]) -> None:
        """A figure repeated in one report is one claim; the later mention may add its period."""
        # Earlier candidates that may take a repeat, by what they count: the first that
        # matches wins, as a scan of every earlier candidate would find (issue 11: linear).
        open_to: dict[tuple[object, ...], list[int]] = {}
        for j, c in enumerate(cands):
            key = (c.value, c.unit, c.metric)
            for i in open_to.get(key, []) if c.range_of is None else []:
                k = cands[i]
                if c.whole != i and k.whole != j:
                    c.merged_into = i
                    # The later mention's period if the first had none, or if it dates the
                    # start the first left open ("toll climbs to 478" in a headline, "since
                    # June 26 to 478" in the body).
                    dated = k.pstart is None and c.pstart is not None and c.scope == k.scope
                    if (not k.period_explicit and c.period_explicit) or dated:
                        k.scope, k.period, k.pstart, k.pend = c.scope, c.period, c.pstart, c.pend
                        k.period_explicit = True
                    if k.source is None:
                        k.source = c.source
                    break
            if c.merged_into is None and c.range_of is None:
                open_to.setdefault(key, []).append(j)
        for c in cands:
            if c.whole is not None and cands[c.whole].merged_into is not None:
                c.whole = cands[c.whole].merged_into

    def _emit(self, cands: list[Candidate]) -> list[Claim]:
        ids: dict[int, str] = {}
        out: list[Claim] = []
        rid = self.report.id
        for i, c in enumerate(cands):
            if c.merged_into is not None:
                continue
            ids[i] = claim_id(rid, len(out) + 1)
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

    def _countries(self, c: Candidate) -> list[str]:
        """The countries a figure may be counted in: its place's, then the report's, the
        most named first."""
        out = [p for p in place_ancestors(c.location or "") if place_kind(p) == "country"]
        named: dict[str, int] = {}
        for m in self.all_places:
            for p in place_ancestors(m.name):
                if place_kind(p) == "country":
                    named[p] = named.get(p, 0) + 1
        return out + sorted(named, key=lambda p: -named[p])

    def _claim(self, cid: str, c: Candidate, cands: list[Candidate]) -> Claim:
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
            unit=currency(c.money, self._countries(c)) if c.unit == MONEY and c.money else c.unit,
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


def _counts(c: Candidate, metric: Metric, cands: list[Candidate]) -> str:
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
