"""Claim assembly: repeated figures merged, candidates emitted as claims with their
`counts` phrase and part-of links."""

from __future__ import annotations

from assistant.check.tolerance import bounds
from assistant.core.models import Claim, Metric, Scope, claim_id
from assistant.extract.currency import MONEY, currency
from assistant.extract.doc import Candidate, Document
from assistant.extract.gazetteer import place_ancestors, place_kind

# A headline is a line of a few words: longer, it is a paragraph with no full stop.
HEADLINE_WORDS = 20


class Assembly(Document):
    """Candidates to claims."""

    def _headline_end(self) -> int:
        """Where the headline line ends in the normalised text, or 0 when the body does not
        open with one: its title repeated, or (with no title given) a short first line
        with no closing stop and a blank line after it."""
        body = self.body.lstrip()
        first, newline, rest = body.partition("\n")
        line = " ".join(first.split())
        title = " ".join(self.report.title.split())
        if title:
            is_head = line.casefold() == title.casefold()
        else:
            is_head = (
                bool(newline)
                and rest.startswith("\n")
                and 0 < len(line.split()) <= HEADLINE_WORDS
                and line[-1] not in ".!?؟。"
            )
        if not is_head:
            return 0
        return self.nt.from_orig(self.body.index(first) + len(first))

    def _quoted(self, pos: int) -> bool:
        """Whether a position stands inside a direct quotation of its paragraph."""
        start = self.t.rfind("\n", 0, pos) + 1
        before = self.t[start:pos]
        return (
            before.count('"') % 2 == 1
            or before.count("“") > before.count("”")
            or before.count("«") > before.count("»")
        )

    def _merge(self, cands: list[Candidate]) -> None:
        """Mentions of one figure that are one statement become one claim.

        A headline the body repeats is anchored in the body (where its quote has a sentence
        around it); a speaker's own words that repeat the reporter's paraphrase ("about 4,900
        left, the observatory said" … "'4,900 left in the last 24 hours'") add their period
        to it. Other mentions in the body each stay a claim: "rose to 128" and "the 128 dead
        comprise …" are two statements to check.
        """
        head = self._headline_end()
        # The first body mention of each figure, by what it counts (linear, issue 11).
        first_in_body: dict[tuple[object, ...], int] = {}
        for j, c in enumerate(cands):
            if c.range_of is not None:
                continue
            key = (c.value, c.unit, c.metric)
            i = first_in_body.get(key)
            if c.ns < head:
                continue
            if i is None:
                first_in_body[key] = j
                continue
            k = cands[i]
            same_voice = k.source is None or c.source is None or k.source == c.source
            if same_voice and self._quoted(c.ns) and not self._quoted(k.ns):
                self._fold(cands, c, k, j, i)
        for i, k in enumerate(cands):
            if k.ns >= head:
                break
            j = first_in_body.get((k.value, k.unit, k.metric), -1)
            if j >= 0 and k.range_of is None:
                self._fold(cands, k, cands[j], i, j)
        for c in cands:
            if c.whole is not None and cands[c.whole].merged_into is not None:
                c.whole = cands[c.whole].merged_into

    @staticmethod
    def _fold(cands: list[Candidate], gone: Candidate, kept: Candidate, g: int, k: int) -> None:
        """One mention (gone, at g) merged into another (kept, at k)."""
        if cands[k].whole == g or gone.whole == k:
            return
        gone.merged_into = k
        # The period a mention states, if the kept one states none.
        if not kept.period_explicit and gone.period_explicit:
            kept.scope, kept.period, kept.pstart, kept.pend = (
                gone.scope,
                gone.period,
                gone.pstart,
                gone.pend,
            )
            kept.period_explicit = True
        if kept.source is None:
            kept.source, kept.source_text = gone.source, gone.source_text

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
            location_sure=c.location_sure,
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
