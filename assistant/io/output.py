"""Render claims and flags for people (tables) and machines (JSON, JSON lines)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.core.models import Claim, Flag, Qualifier, Report, Review, parse_claim_id
from assistant.io.plain import styled, table, wrap
from assistant.text.safe import clean, literal

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
    # Added later, so last: a field never moves (README "Claim records").
    "projection",
    "location_sure",
)

_SIGN = {
    Qualifier.EXACT: "",
    Qualifier.APPROX: "~",
    Qualifier.AT_LEAST: "≥",
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_MOST: "≤",
    Qualifier.LESS_THAN: "<",
}


_MARKS = {"error": ("✗", "red"), "warning": ("!", "yellow"), "info": ("i", "cyan")}
# Tables are laid out for this many terminal cells, whatever the terminal.
_WIDTH = 160

RowWriter = Callable[[TextIO, list[dict[str, Any]]], None]


def _json(out: TextIO, rows: list[dict[str, Any]]) -> None:
    """One array."""
    out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def _jsonl(out: TextIO, rows: list[dict[str, Any]]) -> None:
    """One object a line, flushed so a pipe sees it at once."""
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()


# The formats of every listing (extract, verify, watch, flags, reports, related, search):
# `table` for people, then the machine formats, each a writer of the records. A new one is
# one entry here: the commands offer whatever FORMATS holds.
MACHINE_FORMATS: dict[str, RowWriter] = {"json": _json, "jsonl": _jsonl}
TABLE = "table"
FORMATS: tuple[str, ...] = (TABLE, *MACHINE_FORMATS)


def _write_rows(out: TextIO, rows: list[dict[str, Any]], fmt: str) -> None:
    MACHINE_FORMATS[fmt](out, rows)


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
    if fmt in MACHINE_FORMATS:
        _write_rows(out, [claim_record(c, r) for r, cs in items for c in cs], fmt)
        return
    console = Console(file=out, force_terminal=color, width=160, no_color=not color)
    for report, claims in items:
        when = report.published.isoformat() if report.published else "unknown"
        # Wire text goes in as Text (literal, controls made visible), never as markup.
        head = Text.assemble(
            literal(report.id, "bold", one_line=True),
            "  ",
            literal(report.outlet, one_line=True),
            "  ",
            literal(report.language, one_line=True),
            f"  published {when} (from ",
            literal(report.published_from, one_line=True),
            f")  {len(claims)} claims",
        )
        console.print(head, highlight=False)
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
                literal(f"c{parse_claim_id(c.id)[1]}"),
                literal(_SIGN[c.qualifier] + fmt_value(c.value)),
                literal(c.unit),
                literal(c.metric.value),
                literal(c.scope.value),
                literal(c.period),
                literal(c.source or "—"),
                literal(f"c{parse_claim_id(c.part_of)[1]}" if c.part_of else ""),
                literal(c.quote),
            )
        console.print(table)


def flag_record(
    flag: Flag, review: Review | None = None, *, with_review: bool = False
) -> dict[str, Any]:
    """One flag as a JSON-ready dict (README: "Flag records"), with its latest decision."""
    data = flag.model_dump(mode="json")
    if not with_review and review is None:
        return data
    data["decision"] = review.decision.value if review else None
    data["decision_note"] = review.note if review else None
    data["reviewer"] = review.reviewer if review else None
    data["reviewed_at"] = review.at.isoformat() if review else None
    return data


def write_flags(
    out: TextIO,
    flags: list[Flag],
    fmt: str,
    *,
    color: bool = False,
    reviews: Mapping[str, Review] | None = None,
) -> None:
    """Write flags in one format; a table shows the quotes side by side."""
    # With `reviews` (tally flags), every record has the decision fields, null when none;
    # without (verify, watch), records are exactly the Flag model.
    with_review = reviews is not None
    reviews = reviews or {}
    if fmt in MACHINE_FORMATS:
        rows = [flag_record(f, reviews.get(f.id), with_review=with_review) for f in flags]
        _write_rows(out, rows, fmt)
        return
    # Plain fixed-width text, not Rich tables: `tally flags` prints thousands (plain.py).
    if not flags:
        out.write("no flags\n")
        return
    lines: list[str] = []
    for f in flags:
        mark, style = _MARKS.get(f.severity, ("?", ""))
        # The explanation quotes wire text: cleaned, then wrapped; styles only on our own text.
        kind = clean(f.kind.value, one_line=True)
        head = wrap(f"{mark} {kind}  {clean(f.explanation, one_line=True)}", _WIDTH)
        if head[0].startswith(f"{mark} {kind}"):
            rest = head[0][len(mark) + 1 + len(kind) :]
            head[0] = f"{styled(mark, style, color)} {styled(kind, 'bold', color)}{rest}"
        lines.append(head[0])
        lines += head[1:]
        review = reviews.get(f.id)
        if review is not None:
            lines.append(clean(_decision_line(f.id, review), one_line=True))
        if not f.claims:
            continue
        lines += table(
            ("claim", "value", "source", "published", "quote"),
            [
                (
                    c.id,
                    _SIGN[c.qualifier] + fmt_value(c.value),
                    c.source or "—",
                    c.published.isoformat() if c.published else "—",
                    c.quote,
                )
                for c in f.claims
            ],
            _WIDTH,
            indent="  ",
        )
    out.write("\n".join(lines) + "\n")


def _decision_line(flag_id: str, review: Review) -> str:
    note = f": {review.note}" if review.note else ""
    when = f"{review.at:%Y-%m-%d %H:%M}"
    return f"  {flag_id} {review.decision.value} by {review.reviewer}, {when}{note}"


def write_hits(out: TextIO, hits: list[Any], fmt: str) -> None:
    """Related or searched claims with their similarity and report."""
    if fmt in MACHINE_FORMATS:
        rows = [{"score": round(h.score, 4), **claim_record(h.claim, h.report)} for h in hits]
        _write_rows(out, rows, fmt)
        return
    console = Console(file=out, width=160, no_color=True)
    table = Table()
    for col in ("score", "claim", "value", "metric", "source", "published", "quote"):
        table.add_column(col, overflow="fold")
    for h in hits:
        c = h.claim
        table.add_row(
            literal(f"{h.score:.2f}"),
            literal(c.id),
            literal(_SIGN[c.qualifier] + fmt_value(c.value)),
            literal(c.metric.value),
            literal(c.source or "—"),
            literal(h.report.published.isoformat() if h.report.published else "—"),
            literal(c.quote),
        )
    console.print(table)


def write_reports(out: TextIO, reports: list[Report], fmt: str, *, header: bool = True) -> None:
    """Stored reports: id, outlet, time, language, title (`header`: a page after the first)."""
    if fmt in MACHINE_FORMATS:
        rows = [
            {
                "id": r.id,
                "outlet": r.outlet,
                "published": r.published.isoformat() if r.published else None,
                "language": r.language,
                "title": r.title,
                "origin": r.origin,
            }
            for r in reports
        ]
        _write_rows(out, rows, fmt)
        return
    # Plain fixed-width text (plain.py): Rich took minutes over 100,000 rows.
    lines = table(
        ("id", "published", "lang", "outlet", "title"),
        [
            (
                r.id,
                r.published.isoformat() if r.published else "—",
                r.language,
                r.outlet or "—",
                r.title,
            )
            for r in reports
        ],
        _WIDTH,
        # Fixed columns: every page lines up under the first page's header.
        fixed=(32, 25, 4, 16),
    )
    out.write("\n".join(lines if header else lines[2:]) + "\n")
