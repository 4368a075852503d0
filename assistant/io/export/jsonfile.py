"""JSON (one document, the Export model) and JSON Lines (one record a line)."""

from __future__ import annotations

import json
from typing import TextIO

from assistant.io.export import ExportOptions, exporter
from assistant.io.export.model import Export, record_rows


@exporter("json", ".json", "one JSON document: reports with claims, flags, series")
def write_json(data: Export, out: TextIO, options: ExportOptions) -> None:
    """The Export model as JSON."""
    out.write(data.model_dump_json(indent=2) + "\n")


@exporter("jsonl", ".jsonl", "one JSON object a line; `record` is report, flag or series")
def write_jsonl(data: Export, out: TextIO, options: ExportOptions) -> None:
    """One record a line."""
    for row in record_rows(data):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
