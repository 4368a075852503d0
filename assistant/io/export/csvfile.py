"""CSV: one row per claim, UTF-8 with a byte order mark so spreadsheets open Arabic."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from assistant.io.export import ExportOptions, exporter
from assistant.io.export.model import Export
from assistant.io.output import CLAIM_FIELDS, claim_record

EXTRA_FIELDS = (
    "outlet",
    "language",
    "title",
    "url",
    "decision",
    "decision_note",
    "reviewer",
    "reviewed_at",
    "flags",
)
COLUMNS = (*CLAIM_FIELDS, *EXTRA_FIELDS)
# A cell a spreadsheet would run as a formula; wire text is prefixed with ' (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC = frozenset({"value", "low", "high"})


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if name not in _NUMERIC and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo the formula guard: what a program reading the CSV back should apply."""
    return text[1:] if text.startswith("'") and text[1:2] in _FORMULA_START else text


@exporter("csv", ".csv", "one row per claim, UTF-8 with BOM")
def write_csv(data: Export, out: TextIO, options: ExportOptions) -> None:
    """Every exported claim with its report's outlet, title, URL and review."""
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for report in data.reports:
        for item in report.claims:
            row = claim_record(item.claim)
            row["published"] = report.published.isoformat() if report.published else None
            row["published_from"] = None
            review = item.review
            row |= {
                "outlet": report.outlet,
                "language": report.language,
                "title": report.title,
                "url": report.url,
                "decision": review.decision.value if review else None,
                "decision_note": review.note if review else None,
                "reviewer": review.reviewer if review else None,
                "reviewed_at": review.at.isoformat() if review else None,
                "flags": " ".join(item.flags),
            }
            writer.writerow({k: _cell(k, row.get(k)) for k in COLUMNS})
