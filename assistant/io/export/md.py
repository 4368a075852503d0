"""Markdown for a CMS or a chat channel; wire text escaped so it cannot become markup."""

from __future__ import annotations

import re
from typing import TextIO

from assistant.io.export import ExportOptions, exporter
from assistant.io.export.model import Export, ExportReview, safe_url
from assistant.io.output import fmt_value

# Markdown that can act anywhere in a line (emphasis, links, code, table cells), and
# < > & because most renderers pass HTML through; # + - ! only act at a line's start.
_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")
_LEADING = re.compile(r"^([#+!-])")


def md(text: object) -> str:
    """Wire text as literal Markdown on one line."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LEADING.sub(r"\\\1", _SPECIAL.sub(r"\\\1", flat))


def _when(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "—"


def _review(review: ExportReview | None) -> str:
    if review is None:
        return "not reviewed"
    note = f": {md(review.note)}" if review.note else ""
    return f"**{review.decision.value}** by {md(review.reviewer)}, {_when(review.at)}{note}"


@exporter("md", ".md", "Markdown: reports with claims, flags with every side, series")
def write_md(data: Export, out: TextIO, options: ExportOptions) -> None:
    """Flags first (what needs a human), then series, then every report's claims."""
    w = out.write
    w(f"# Tally export, {_when(data.generated_at)}\n\n")
    w(f"{len(data.reports)} reports, {len(data.flags)} flags.\n\n")
    if data.flags:
        w("## Flags\n\n")
    for f in data.flags:
        w(f"### {f.kind.value} `{f.id}` ({f.severity})\n\n{md(f.explanation)}\n\n")
        w("| claim | value | source | published | quote |\n| --- | --- | --- | --- | --- |\n")
        for c in f.claims:
            w(
                f"| {md(c.id)} | {md(c.qualifier.value)} {fmt_value(c.value)} | "
                f"{md(c.source or '—')} | {_when(c.published)} | {md(c.quote)} |\n"
            )
        w(f"\nReview: {_review(f.review)}\n\n")
    if data.series:
        w("## Flagged series\n\n")
    for s in data.series:
        where = f" in {md(s.location)}" if s.location else ""
        w(f"### {md(s.metric)} ({md(s.unit)}, {md(s.scope)}){where}\n\n")
        w("| published | value | source | claim | flagged |\n| --- | --- | --- | --- | --- |\n")
        for p in s.points:
            w(
                f"| {_when(p.published)} | {md(p.qualifier)} {fmt_value(p.value)} | "
                f"{md(p.source or '—')} | {md(p.claim)} | {'yes' if p.flagged else ''} |\n"
            )
        w("\n")
    w("## Reports\n\n")
    for r in data.reports:
        w(f"### {md(r.title or r.id)}\n\n")
        w(f"{md(r.id)} · {md(r.outlet or '—')} · {md(r.language)} · {_when(r.published)}")
        url = safe_url(r.url)
        w(f" · <{url}>\n\n" if url else "\n\n")
        if not r.claims:
            continue
        w("| claim | value | counts | period | source | quote | review |\n")
        w("| --- | --- | --- | --- | --- | --- | --- |\n")
        for item in r.claims:
            cl = item.claim
            w(
                f"| {md(cl.id)} | {md(cl.qualifier.value)} {fmt_value(cl.value)} | "
                f"{md(cl.counts)} | {md(cl.period)} | {md(cl.source or '—')} | {md(cl.quote)} | "
                f"{_review(item.review)} |\n"
            )
        w("\n")
