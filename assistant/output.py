"""Render claims and flags for people (tables) and machines (JSON, JSON lines)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from assistant.models import Claim, Flag, Qualifier, Report

# The stable machine schema of a claim (README: "Claim records"); order is part of it.
CLAIM_FIELDS = (
    "id",
    "report",
    "quote",
    "span",
    "number_text",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "metric",
    "counts",
    "scope",
    "period",
    "period_start",
    "period_end",
    "location",
    "source",
    "source_text",
    "part_of",
    "complete_breakdown",
    "extractor",
    "published",
    "published_from",
)

_SIGN = {
    Qualifier.EXACT: "",
    Qualifier.APPROX: "~",
    Qualifier.AT_LEAST: "≥",
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_MOST: "≤",
    Qualifier.LESS_THAN: "<",
}


def claim_record(claim: Claim, report: Report | None = None) -> dict[str, Any]:
    """One claim as a JSON-ready dict in the documented field order."""
    data = claim.model_dump(mode="json")
    data["span"] = list(claim.span)
    data["published"] = report.published.isoformat() if report and report.published else None
    data["published_from"] = report.published_from if report else None
    return {k: data.get(k) for k in CLAIM_FIELDS}


def fmt_value(value: float) -> str:
    """4900 -> '4,900'; 0.5 -> '0.5'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"


def write_claims(
    out: TextIO, items: Iterable[tuple[Report, list[Claim]]], fmt: str, *, color: bool = False
) -> None:
    """Write claims of several reports in one format."""
    if fmt == "jsonl":
        for report, claims in items:
            for c in claims:
                out.write(json.dumps(claim_record(c, report), ensure_ascii=False) + "\n")
                out.flush()
        return
    if fmt == "json":
        records = [claim_record(c, r) for r, cs in items for c in cs]
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console(file=out, force_terminal=color, width=160, no_color=not color)
    for report, claims in items:
        when = report.published.isoformat() if report.published else "unknown"
        console.print(
            f"[bold]{report.id}[/bold]  {report.outlet or ''}  {report.language}  "
            f"published {when} (from {report.published_from})  {len(claims)} claims"
        )
        if not claims:
            continue
        table = Table(show_lines=False, expand=False)
        for col in (
            "id",
            "value",
            "unit",
            "metric",
            "scope",
            "period",
            "source",
            "part of",
            "quote",
        ):
            table.add_column(col, overflow="fold")
        for c in claims:
            table.add_row(
                c.id.rsplit("-", 1)[-1],
                _SIGN[c.qualifier] + fmt_value(c.value),
                c.unit,
                c.metric.value,
                c.scope.value,
                c.period,
                c.source or "—",
                (c.part_of or "").rsplit("-", 1)[-1],
                c.quote,
            )
        console.print(table)


def flag_record(flag: Flag) -> dict[str, Any]:
    """One flag as a JSON-ready dict (README: "Flag records")."""
    return flag.model_dump(mode="json")
