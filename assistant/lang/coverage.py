"""What each language pack covers: `tally languages`."""

from __future__ import annotations

import json
from typing import Any, TextIO

from pydantic import BaseModel

from assistant.lang import Pack, packs
from assistant.lang.schema import FILES, Numbers

# The files a language's coverage is counted over (pack.json holds no word lists).
_COUNTED = [name for name in FILES if name != "pack.json"]


def _entries(value: Any) -> int:
    """Words (or patterns) in a value: list items, mapping entries, recursively."""
    if isinstance(value, Numbers):  # one [category, value, flags] entry per word
        return len(value.words) + _entries(value.model_dump(exclude={"words"}))
    if isinstance(value, BaseModel):
        return sum(_entries(getattr(value, f)) for f in type(value).model_fields)
    if isinstance(value, dict):
        if value and all(isinstance(v, list | dict) for v in value.values()):
            return sum(_entries(v) for v in value.values())
        return len(value)
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, list) for v in value):
            return sum(_entries(v) for v in value)
        return len(value)
    return 0


def coverage(found: dict[str, Pack] | None = None) -> list[dict[str, Any]]:
    """One row per pack: code, name, script, folder, entries per file (None: absent)."""
    rows = []
    for code, p in sorted((found if found is not None else packs()).items()):
        files = {}
        for name in _COUNTED:
            model = getattr(p, name.removesuffix(".json"))
            files[name] = None if model is None else _entries(model)
        rows.append(
            {
                "code": code,
                "name": p.info.name,
                "script": p.info.script,
                "folder": str(p.folder),
                "files": files,
            }
        )
    return rows


def write_coverage(out: TextIO, rows: list[dict[str, Any]], fmt: str) -> None:
    """Write the coverage rows as a table or as one JSON array."""
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    heads = ["code", "name", "script", *(n.removesuffix(".json") for n in _COUNTED)]
    table = [
        [
            r["code"],
            r["name"],
            r["script"],
            *("-" if r["files"][n] is None else str(r["files"][n]) for n in _COUNTED),
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(heads)]
    for row in [heads, *table]:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
