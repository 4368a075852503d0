"""A small desk written for the UI's snapshots: reports, claims and flags given by hand.

The snapshots show layout; built from the extractor and the checks, they would change
whenever extraction improves. These records change only when this file does. The wires
are invented for Tally (a flood in an invented province), in four languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.core.models import Claim, Flag, FlagClaim, FlagKind, Metric, Qualifier, Report, Scope
from store import ClaimStore, open_store

START = datetime.fromisoformat("2026-04-06T00:00:00+03:00")


@dataclass(frozen=True)
class _Figure:
    quote: str
    number: str
    value: float
    metric: Metric
    counts: str
    scope: Scope = Scope.CUMULATIVE
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = "people"
    source: str | None = "Civil Protection Agency"


_KILLED = "people killed in the floods (Sava province)"
_LEFT = "people who left their homes (Sava province)"

WIRES: list[tuple[str, str, str, str, str, str, list[_Figure]]] = [
    (
        "d1",
        "River Wire (sample)",
        "en",
        "2026-04-07T08:00:00+03:00",
        "Flood toll rises in Sava province",
        "SAVA — At least 120 people have died in the floods in Sava province since Monday, "
        "the Civil Protection Agency said on Tuesday.\n\nSome 8,000 people have left their "
        "homes, and 14 bridges are closed.",
        [
            _Figure(
                "At least 120 people have died",
                "120",
                120,
                Metric.KILLED,
                _KILLED,
                qualifier=Qualifier.AT_LEAST,
            ),
            _Figure(
                "Some 8,000 people have left their homes",
                "8,000",
                8000,
                Metric.DISPLACED,
                _LEFT,
                qualifier=Qualifier.APPROX,
            ),
            _Figure(
                "14 bridges",
                "14",
                14,
                Metric.OTHER,
                "bridges closed",
                scope=Scope.SNAPSHOT,
                unit="bridges",
                source=None,
            ),
        ],
    ),
    (
        "d2",
        "وكالة النهر للأنباء (sample)",
        "ar",
        "2026-04-07T14:00:00+03:00",
        "ارتفاع عدد ضحايا الفيضانات في سافا",
        "سافا - قال جهاز الحماية المدنية إن عدد ضحايا الفيضانات في محافظة سافا بلغ 95 قتيلاً "
        "منذ الاثنين.\n\nونزح نحو 9 آلاف شخص من منازلهم بحسب المصدر نفسه.",
        [
            _Figure("95 قتيلاً", "95", 95, Metric.KILLED, _KILLED),
            _Figure(
                "نحو 9 آلاف شخص",
                "9 آلاف",
                9000,
                Metric.DISPLACED,
                _LEFT,
                qualifier=Qualifier.APPROX,
            ),
        ],
    ),
    (
        "d3",
        "Dépêche du Fleuve (sample)",
        "fr",
        "2026-04-08T09:00:00+03:00",
        "Inondations : le bilan atteint 140 morts",
        "SAVA — Le bilan des inondations dans la province de Sava atteint 140 morts depuis "
        "lundi, selon la protection civile.\n\nPlus de 10 000 personnes ont quitté leur "
        "domicile.",
        [
            _Figure("140 morts", "140", 140, Metric.KILLED, _KILLED),
            _Figure(
                "Plus de 10 000 personnes ont quitté leur domicile",
                "10 000",
                10000,
                Metric.DISPLACED,
                _LEFT,
                qualifier=Qualifier.MORE_THAN,
            ),
        ],
    ),
    (
        "d4",
        "Gulf Wire (sample)",
        "en",
        "2026-04-08T18:00:00+03:00",
        "Red Crescent puts flood dead at 175",
        "SAVA — The Red Crescent said 175 people had been killed in the floods since Monday, "
        "more than the civil protection count, and 12,000 had fled their homes.",
        [
            _Figure(
                "175 people had been killed",
                "175",
                175,
                Metric.KILLED,
                _KILLED,
                source="Red Crescent",
            ),
            _Figure(
                "12,000 had fled their homes",
                "12,000",
                12000,
                Metric.DISPLACED,
                _LEFT,
                source="Red Crescent",
            ),
        ],
    ),
    (
        "d5",
        "Anadolu Masası (sample)",
        "tr",
        "2026-04-09T10:00:00+03:00",
        "Sava'da sel bilançosu 150'ye yükseldi",
        "SAVA — Sivil Koruma Ajansı, Sava eyaletindeki sellerde hayatını kaybedenlerin "
        "sayısının 150'ye yükseldiğini açıkladı.",
        [
            _Figure("150'ye yükseldiğini", "150", 150, Metric.KILLED, _KILLED),
        ],
    ),
]


def _claims(report: Report, figures: list[_Figure]) -> list[Claim]:
    out: list[Claim] = []
    for n, f in enumerate(figures, 1):
        at = report.body.index(f.quote)
        out.append(
            Claim(
                id=f"{report.id}-c{n}",
                report=report.id,
                quote=f.quote,
                span=(at, at + len(f.quote)),
                number_text=f.number,
                value=f.value,
                low=f.value,
                high=f.value,
                qualifier=f.qualifier,
                unit=f.unit,
                metric=f.metric,
                counts=f.counts,
                scope=f.scope,
                period="since Monday" if f.scope == Scope.CUMULATIVE else "as of publication",
                period_start=START if f.scope == Scope.CUMULATIVE else None,
                location="Sava province",
                source=f.source,
                extractor="rules",
            )
        )
    return out


def _side(claim: Claim, report: Report) -> FlagClaim:
    return FlagClaim(
        report=report.id,
        id=claim.id,
        value=claim.value,
        qualifier=claim.qualifier,
        quote=claim.quote,
        source=claim.source,
        published=report.published,
    )


def build(path: Path) -> ClaimStore:
    """A store at path holding the five wires, their claims and two flags."""
    store = open_store(str(path))
    items: dict[str, tuple[Report, list[Claim]]] = {}
    for rid, outlet, lang, published, title, body, figures in WIRES:
        report = Report(
            id=rid,
            outlet=outlet,
            published=datetime.fromisoformat(published),
            published_from="file",
            language=lang,
            title=title,
            body=body,
            origin="tests/tui_desk.py",
        )
        items[rid] = (report, _claims(report, figures))
    store.add_reports(items.values())

    def side(claim_id: str) -> FlagClaim:
        report, claims = items[claim_id.split("-")[0]]
        return _side(next(c for c in claims if c.id == claim_id), report)

    decrease = [side("d1-c1"), side("d2-c1")]
    disagree = [side("d3-c1"), side("d4-c1")]
    store.add_flags(
        [
            Flag(
                id=Flag.make_id(FlagKind.CUMULATIVE_DECREASE, [c.id for c in decrease]),
                kind=FlagKind.CUMULATIVE_DECREASE,
                claims=decrease,
                explanation="The running total of people killed in the floods since Monday "
                "falls from 120 ('At least 120 people have died', d1) to 95 ('95 قتيلاً', d2); "
                "a running total cannot go down.",
            ),
            Flag(
                id=Flag.make_id(FlagKind.SOURCE_DISAGREEMENT, [c.id for c in disagree]),
                kind=FlagKind.SOURCE_DISAGREEMENT,
                claims=disagree,
                explanation="The Civil Protection Agency (140, d3) and the Red Crescent "
                "(175, d4) give different tolls for the same day.",
                severity="info",
            ),
        ]
    )
    return store
