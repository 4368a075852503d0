"""A large, realistic store made fast: reports and claims written straight through the store API.

Events (a place, what is counted, a start) run for weeks; sources report running totals of
them (daily, some with a stated start, some without), window counts for the last 24 hours,
camp populations as states, parts of a toll ("among them ... children"). A share of the
figures is planted wrong: a total that falls, two sources apart at one time, a 24-hour count
that does not match the rise, a part larger than its whole. No extractor runs: a report's body
is the quotes of its claims, one sentence each, so every claim is anchored to its text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from assistant.core.models import Claim, Metric, Qualifier, Report, Scope

# Places of many desks' stories, none of them the held-out evaluation's events.
PLACES = [
    "Sanaa", "Hodeidah", "Marib", "Khartoum", "El Fasher", "Darfur", "Juba", "Bentiu",
    "Mosul", "Tripoli", "Kharkiv", "Goma", "Maiduguri", "Mogadishu", "Kabul", "Beira",
    "Cox's Bazar", "Port-au-Prince", "Sylhet", "Kalikot", "Dadu", "Shangla district",
    "Chiwanda district", "Lumbo-Sul province", "Velmora", "Port Anselm", "Qarnal", "Guerrero",
]  # fmt: skip
SOURCES = [
    None, "Ministry of Health", "Syrian Observatory for Human Rights", "UN OCHA", "UNHCR",
    "Red Crescent", "civil defence", "World Health Organization", "IOM", "local officials",
]  # fmt: skip
OUTLETS = ["AFP", "Reuters", "AP", "Anadolu", "Al Jazeera", "BBC", "France 24", "SANA"]
KINDS = [
    (Metric.KILLED, "people", "people killed"),
    (Metric.KILLED, "children", "children killed"),
    (Metric.INJURED, "people", "people injured"),
    (Metric.DISPLACED, "people", "people displaced"),
    (Metric.MISSING, "people", "people missing"),
    (Metric.DETAINED, "people", "people detained"),
]
ORIGIN = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class _Event:
    place: str
    metric: Metric
    unit: str
    counts: str
    start: datetime
    days: int
    rate: float
    stated_start: bool
    sources: list[str | None]

    def total(self, at: datetime) -> int:
        days = max((at - self.start).total_seconds() / 86_400, 0.0)
        return int(self.rate * days * (1 + 0.02 * days) + 5)


class _Writer:
    """One report's body and claims, quote by quote."""

    def __init__(self, rid: str) -> None:
        self.rid = rid
        self.body = ""
        self.claims: list[Claim] = []

    def add(self, quote: str, number: int, **fields: object) -> str:
        start = len(self.body)
        self.body += quote + " "
        cid = f"{self.rid}-c{len(self.claims) + 1}"
        self.claims.append(
            Claim.model_validate(
                {
                    "id": cid,
                    "report": self.rid,
                    "quote": quote,
                    "span": (start, start + len(quote)),
                    "number_text": f"{number:,}",
                    "value": number,
                    "low": number,
                    "high": number,
                    "qualifier": Qualifier.EXACT,
                    **fields,
                }
            )
        )
        return cid


def _events(rng: random.Random, n_reports: int, days: int) -> list[_Event]:
    out: list[_Event] = []
    for _ in range(max(8, n_reports // 40)):
        metric, unit, counts = rng.choice(KINDS)
        start = ORIGIN + timedelta(days=rng.uniform(-20, days), hours=rng.randint(0, 23))
        out.append(
            _Event(
                place=rng.choice(PLACES),
                metric=metric,
                unit=unit,
                counts=counts,
                start=start.replace(minute=0, second=0, microsecond=0),
                days=rng.randint(5, 60),
                rate=rng.uniform(3, 200),
                stated_start=rng.random() < 0.5,
                sources=rng.sample(SOURCES, rng.randint(1, 3)),
            )
        )
    return out


def generate(
    n_reports: int, seed: int = 12, days: int | None = None, planted: float = 0.03
) -> Iterator[tuple[Report, list[Claim]]]:
    """`n_reports` reports with their claims, in publish order, over `days` (default n/30)."""
    rng = random.Random(seed)
    days = days if days is not None else max(30, n_reports // 30)
    events = _events(rng, n_reports, days)
    step = days * 86_400 / n_reports
    for n in range(n_reports):
        published = ORIGIN + timedelta(seconds=int(n * step + rng.uniform(0, step)))
        live = [e for e in events if e.start <= published <= e.start + timedelta(days=e.days)]
        rid = f"gen-{seed}-{n:06d}"
        w = _Writer(rid)
        for e in rng.sample(live, min(len(live), rng.randint(1, 3))) if live else []:
            source = rng.choice(e.sources)
            said = f", {source} said" if source else ""
            total = e.total(published)
            wrong = rng.random() < planted
            if wrong:
                total = int(total * rng.choice([0.5, 0.7, 1.6]))
            common: dict[str, object] = {
                "metric": e.metric,
                "unit": e.unit,
                "counts": e.counts,
                "location": e.place,
                "source": source,
                "source_text": "said" if source else None,
            }
            since = f" since {e.start:%d %B}" if e.stated_start else " so far"
            whole = w.add(
                f"The toll of {e.counts} in {e.place}{since} rose to {total:,}{said}.",
                total,
                scope=Scope.CUMULATIVE,
                period=since.strip(),
                period_start=e.start if e.stated_start else None,
                period_end=published,
                **common,
            )
            roll = rng.random()
            if roll < 0.3:
                day = published - timedelta(hours=24)
                rise = max(total - e.total(day), 0)
                if rng.random() < planted * 3:
                    rise = rise * 3 + 50
                w.add(
                    f"In the last 24 hours {rise:,} {e.counts} were counted in {e.place}{said}.",
                    rise,
                    scope=Scope.WINDOW,
                    period="last 24 hours",
                    period_start=day,
                    period_end=published,
                    **common,
                )
            elif roll < 0.45 and e.unit == "people" and e.metric == Metric.KILLED:
                part = int(total * (1.3 if rng.random() < planted * 3 else 0.3))
                w.add(
                    f"Among them {part:,} children.",
                    part,
                    scope=Scope.CUMULATIVE,
                    period=since.strip(),
                    period_start=e.start if e.stated_start else None,
                    period_end=published,
                    part_of=whole,
                    **{**common, "unit": "children", "counts": "children killed"},
                )
        if rng.random() < 0.2:
            place = rng.choice(PLACES)
            # A camp's population drifts slowly; the same camp at one time is one figure.
            base = 1_000 + (sum(map(ord, place)) * 997) % 89_000
            people = int(base * (1 + (published - ORIGIN).days / 1_000)) // 100 * 100
            if rng.random() < planted:
                people *= 2
            w.add(
                f"The camp near {place} holds {people:,} people.",
                people,
                metric=Metric.CAMP_POPULATION,
                unit="people",
                counts="people in the camp",
                scope=Scope.SNAPSHOT,
                period="as of publication",
                location=place,
            )
        if not w.claims:
            w.add("Officials said 3 buildings were damaged.", 3, unit="buildings")
        report = Report(
            id=rid,
            outlet=rng.choice(OUTLETS),
            published=published,
            published_from="file",
            language="en",
            title=f"Update {n}",
            body=w.body.strip(),
            origin="generated",
        )
        yield report, w.claims
