"""Grounded model claims merged with the rules extractor's: periods, names, ids, part_of."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime

from assistant.check.tolerance import bounds
from assistant.core.models import Claim, Report, claim_id
from assistant.extract.gazetteer import find_places, find_sources
from assistant.extract.periods import Period
from assistant.llm.grounding import Grounded, Grounding, Wire, ground
from assistant.llm.schema import Answer
from assistant.text.normalize import normalize

Span = tuple[int, int]


@dataclass(frozen=True)
class Picked:
    """A grounded claim kept for the output, and where its whole's number is."""

    grounded: Grounded
    whole_number: Span | None


@dataclass(frozen=True)
class Picking:
    """The claims kept from a wire's answers, and how many failed the check."""

    picked: list[Picked]
    ungrounded: int  # claims that failed the check (sent back when a reask remained)
    dropped: int  # ... and did not come back fixed


def _picks(g: Grounding) -> list[Picked]:
    numbers = {x.index: x.number for x in g.grounded}
    out: list[Picked] = []
    for x in g.grounded:
        if any(_overlaps(x.number, p.grounded.number) for p in out):
            continue  # the same number listed twice is one claim
        out.append(Picked(x, numbers.get(x.part_of) if x.part_of is not None else None))
    return out


def pick(wire: Wire, answers: list[Answer]) -> Picking | None:
    """Grounded claims of the first answer and its reask (if any); None if neither is usable.

    The reask's claims win; a claim of the first answer that passed is kept when the reask
    left its number out, so a reask can fix claims but never lose good ones.
    """
    first = ground(wire, answers[0]) if answers[0].error is None else None
    second = None
    if len(answers) > 1 and answers[1].error is None:
        second = ground(wire, answers[1])
    if second is None:
        if first is None:
            return None
        return Picking(_picks(first), len(first.failures), len(first.failures))
    if first is None:
        return Picking(_picks(second), len(second.failures), len(second.failures))
    late = _picks(second)
    late_numbers = [q.grounded.number for q in late]
    early = [
        p for p in _picks(first) if not any(_overlaps(p.grounded.number, n) for n in late_numbers)
    ]
    fixed = sum(
        1 for q in second.grounded if not any(_overlaps(q.number, p.number) for p in first.grounded)
    )
    merged = sorted(early + late, key=lambda p: p.grounded.span[0])
    return Picking(merged, len(first.failures), max(0, len(first.failures) - fixed))


class PeriodResolver:
    """Period phrases of a wire resolved to dates by the deterministic resolver."""

    def __init__(self, wire: Wire) -> None:
        self.wire = wire

    def resolve(self, phrase: str, near: int) -> Period | None:
        """The period expression the phrase (as written in the wire) names, nearest `near`."""
        spans = self.wire.ws.find_all(phrase)
        if not spans:
            return None
        a, b = min(spans, key=lambda s: abs(s[0] - near))
        nt = self.wire.nt
        na, nb = nt.from_orig(a), nt.from_orig(b)
        hits = [(min(nb, p.end) - max(na, p.start), p) for p in self.wire.periods]
        best = max((h for h in hits if h[0] > 0), key=lambda h: h[0], default=None)
        return best[1] if best else None


def _canonical_source(name: str | None, language: str) -> str | None:
    if name is None or not name.strip():
        return None
    for lang in dict.fromkeys(("en", language)):
        orgs = [m for m in find_sources(normalize(name, lang), name, lang) if m.kind == "org"]
        if orgs:
            return orgs[0].name
    return name.strip()


# Words around a gazetteer name that do not make the place any finer: "the town of Baghouz"
# is Baghouz. Any other word does ("government-held areas of Aleppo", "western Nepal").
_PLACE_FILLER = frozenset(
    "the a an of in at town city village province governorate district region".split()
)
_WORD = re.compile(r"\w+")


def _canonical_place(name: str | None, language: str) -> str | None:
    # The gazetteer's spelling when the model named just a gazetteer place; else the finest
    # area the model read, as it wrote it: two tolls for different areas of one city are
    # different quantities, and folding them into the city would set them against each other.
    if name is None or not name.strip():
        return None
    for lang in dict.fromkeys(("en", language)):
        nt = normalize(name, lang)
        places = find_places(nt, lang)
        if len(places) == 1:
            m = places[0]
            rest = nt.text[: m.start] + " " + nt.text[m.end :]
            if all(w in _PLACE_FILLER for w in _WORD.findall(rest)):
                return m.name
            break
    return name.strip()


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def llm_claim(
    wire: Wire, p: Picked, periods: PeriodResolver, label: str
) -> tuple[Claim, Claim | None]:
    """One grounded model claim as a Claim (id and part_of set later), and its rules twin."""
    g, c = p.grounded, p.grounded.claim
    report: Report = wire.report
    twin = wire.rules_at(g.number, c.value)
    period_label, start, end = _period(c.period, g, twin, periods, report.published)
    value = _number(c.value)
    low, high = bounds(float(value), c.qualifier)
    source = _canonical_source(c.source, wire.language)
    same_source = twin is not None and (twin.source or "").lower() == (source or "").lower()
    claim = Claim(
        id=f"{report.id}-c0",
        report=report.id,
        quote=wire.body[g.span[0] : g.span[1]],
        span=g.span,
        number_text=wire.body[g.number[0] : g.number[1]],
        value=value,
        low=_number(low),
        high=None if math.isinf(high) else _number(high),
        qualifier=c.qualifier,
        unit=c.unit.strip() or "people",
        metric=c.metric,
        counts=c.counts.strip(),
        scope=c.scope,
        period=period_label,
        period_start=start,
        period_end=end,
        location=_canonical_place(c.location, wire.language),
        source=source,
        source_text=twin.source_text if twin is not None and same_source else None,
        part_of=None,
        complete_breakdown=c.complete_breakdown,
        projection=c.projection,  # grounded: a forecast cue is near the number
        extractor=f"llm:{label}",
    )
    return claim, twin


def _period(
    phrase: str | None,
    g: Grounded,
    twin: Claim | None,
    periods: PeriodResolver,
    published: datetime | None,
) -> tuple[str, datetime | None, datetime | None]:
    # The model names the period; the deterministic resolver dates it. When the model's
    # phrase is not one the resolver reads, the rules claim for the same number (resolved
    # with the whole report's context: statement times, wholes, earlier windows) serves.
    if phrase and phrase.strip():
        p = periods.resolve(phrase, g.number[0])
        if p is not None:
            return p.label, p.period_start, p.period_end
    if twin is not None:
        return twin.period, twin.period_start, twin.period_end
    if phrase and phrase.strip():
        return phrase.strip(), None, published
    return "as of publication", None, published


def merge(wire: Wire, picked: list[Picked], label: str) -> tuple[list[Claim], int]:
    """Model claims plus the rules claims they miss, in order, ids '<report>-c<n>'.

    Returns the claims and how many came from the rules extractor.
    """
    periods = PeriodResolver(wire)
    entries: list[tuple[Claim, Span, Span | None]] = []  # claim, its number, its whole's
    used: set[str] = set()
    for p in picked:
        claim, twin = llm_claim(wire, p, periods, label)
        if twin is not None:
            used.add(twin.id)
        entries.append((claim, p.grounded.number, p.whole_number))
    by_id = dict(zip((c.id for c in wire.rules), wire.rules_numbers, strict=True))
    added = 0
    for c, number in zip(wire.rules, wire.rules_numbers, strict=True):
        if c.id in used or any(_overlaps(number, e[1]) for e in entries):
            continue
        added += 1
        whole = by_id.get(c.part_of) if c.part_of else None
        entries.append((c.model_copy(update={"extractor": f"rules+llm:{label}"}), number, whole))
    entries.sort(key=lambda e: (e[0].span[0], e[1][0]))
    rid = wire.report.id
    ids = [claim_id(rid, i + 1) for i in range(len(entries))]
    out = []
    for i, (claim, _, whole) in enumerate(entries):
        part_of = None
        if whole is not None:
            part_of = next(
                (ids[j] for j, e in enumerate(entries) if j != i and _overlaps(e[1], whole)),
                None,
            )
        out.append(claim.model_copy(update={"id": ids[i], "part_of": part_of}))
    return out, added
