"""The seed wire the product was specified from gives exactly its six claims."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from assistant.core.models import Metric, Qualifier, Report, Scope
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs

PUBLISHED = datetime.fromisoformat("2019-01-22T20:00:00+03:00")


def _seed(path: Path) -> Report:
    (report,) = list(read_inputs([str(path)], published=PUBLISHED))
    assert isinstance(report, Report)
    return report


def test_seed_wire_gives_its_six_claims(seed_wire: Path) -> None:
    report = _seed(seed_wire)
    claims = RulesExtractor().extract(report)
    by_value = {c.value: c for c in claims}
    assert sorted(by_value) == [0.5, 10, 470, 1770, 4900, 26950]
    assert len(claims) == 6

    left = by_value[4900]
    assert left.qualifier == Qualifier.APPROX
    assert left.metric == Metric.DISPLACED
    assert left.scope == Scope.WINDOW and left.period == "last 24 hours"
    assert left.source == "Syrian Observatory for Human Rights"

    members = by_value[470]
    assert members.part_of == left.id and members.unit == "fighters"

    total = by_value[26950]
    assert total.scope == Scope.CUMULATIVE
    assert total.period_start is not None and total.period_start.date().isoformat() == "2018-12-01"

    detained = by_value[1770]
    assert detained.qualifier == Qualifier.APPROX
    assert detained.metric == Metric.DETAINED and detained.part_of == total.id

    area = by_value[10]
    assert area.unit == "km2" and area.metric == Metric.AREA_HELD
    assert area.qualifier == Qualifier.APPROX

    half = by_value[0.5]
    assert half.qualifier == Qualifier.APPROX and "نصف" in half.quote


def test_cookie_banner_yields_nothing(seed_wire: Path) -> None:
    report = _seed(seed_wire)
    banner = report.body.index("Bu web sitesinde")
    assert all(c.span[1] <= banner for c in RulesExtractor().extract(report))
