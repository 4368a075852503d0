"""HTML: one self-contained page (no network, no script), a chart per flagged series."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import TextIO

from assistant.io.export import ExportOptions, exporter
from assistant.io.export.model import RTL_LANGUAGES, Export, ExportReview, ExportSeries, safe_url
from assistant.io.output import fmt_value

# No script may run, whatever a wire holds: the page has none, and the policy forbids any.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_CSS = """
body{font:15px/1.45 system-ui,"Noto Sans","Noto Sans Arabic",sans-serif;margin:2em auto;
 max-width:70em;padding:0 1em;color:#111}
h1{font-size:1.5em}h2{border-bottom:2px solid #333;margin-top:2em}h3{margin-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:start}
th{background:#eee}.quote{unicode-bidi:plaintext}
.flag{border-inline-start:5px solid #c00;padding-inline-start:.8em;margin:1.2em 0}
.flag.info{border-color:#07a}.review{font-weight:600}.muted{color:#555}
.confirmed,.disputed{color:#a00}.dismissed,.verified{color:#070}
svg{max-width:100%;height:auto}section{break-inside:avoid-page}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-before:page}
 a{color:inherit;text-decoration:none}.flag,table,svg{break-inside:avoid}}
"""
_PALETTE = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")


def e(text: object) -> str:
    """Wire text as HTML text: every markup character escaped, quotes too."""
    return escape(str(text), quote=True)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _dir(language: str) -> str:
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "auto"


def _review(review: ExportReview | None) -> str:
    if review is None:
        return '<span class="muted">not reviewed</span>'
    note = f': <span dir="auto">{e(review.note)}</span>' if review.note else ""
    return (
        f'<span class="review {e(review.decision.value)}">{e(review.decision.value)}</span> '
        f"by {e(review.reviewer)}, {_when(review.at)}{note}"
    )


def chart(series: ExportSeries, width: int = 640, height: int = 220) -> str:
    """An inline SVG of the series: one colour per source, flagged points ringed in red."""
    points = [p for p in series.points if p.published is not None]
    if not points:
        return ""
    pad_l, pad_r, pad_t, pad_b = 70, 20, 15, 35
    times = [p.published.timestamp() for p in points if p.published]
    values = [float(p.value) for p in points]
    t0, t1 = min(times), max(times)
    v0, v1 = min(0.0, min(values)), max(values)
    t1 = t1 if t1 > t0 else t0 + 1
    v1 = v1 if v1 > v0 else v0 + 1

    def x(t: float) -> float:
        return pad_l + (t - t0) / (t1 - t0) * (width - pad_l - pad_r)

    def y(v: float) -> float:
        return height - pad_b - (v - v0) / (v1 - v0) * (height - pad_t - pad_b)

    sources = list(dict.fromkeys(p.source or "outlet" for p in points))
    colour = {s: _PALETTE[i % len(_PALETTE)] for i, s in enumerate(sources)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{e(series.metric)} over time">',
        f'<line x1="{pad_l}" y1="{y(v0):.1f}" x2="{width - pad_r}" y2="{y(v0):.1f}" '
        'stroke="#333"/>',
        f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{height - pad_b}" stroke="#333"/>',
        f'<text x="{pad_l - 6}" y="{y(v1) + 4:.1f}" text-anchor="end" font-size="11">'
        f"{fmt_value(v1)}</text>",
        f'<text x="{pad_l - 6}" y="{y(v0) + 4:.1f}" text-anchor="end" font-size="11">'
        f"{fmt_value(v0)}</text>",
        f'<text x="{pad_l}" y="{height - 12}" font-size="11">'
        f"{_when(datetime.fromtimestamp(t0, UTC))}</text>",
        f'<text x="{width - pad_r}" y="{height - 12}" text-anchor="end" font-size="11">'
        f"{_when(datetime.fromtimestamp(max(times), UTC))}</text>",
    ]
    for source in sources:
        mine = [
            (t, p) for t, p in zip(times, points, strict=True) if (p.source or "outlet") == source
        ]
        path = " ".join(f"{x(t):.1f},{y(float(p.value)):.1f}" for t, p in mine)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour[source]}" stroke-width="1.5"/>'
        )
        for t, p in mine:
            cx, cy = x(t), y(float(p.value))
            if p.flagged:
                parts.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="7" fill="none" stroke="#d00" '
                    'stroke-width="2"/>'
                )
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour[source]}">'
                f"<title>{e(p.claim)}: {fmt_value(p.value)} ({e(source)})</title></circle>"
            )
    for i, source in enumerate(sources):
        parts.append(
            f'<text x="{width - pad_r}" y="{pad_t + 12 + 14 * i}" font-size="11" '
            'text-anchor="end" '
            f'fill="{colour[source]}">● {e(source)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@exporter("html", ".html", "one self-contained HTML page with a chart per flagged series")
def write_html(data: Export, out: TextIO, options: ExportOptions) -> None:
    """Flags with every side, the flagged series as charts, then every report's claims."""
    w = out.write
    w('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">')
    w(f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w(f"<title>Tally export {_when(data.generated_at)}</title><style>{_CSS}</style></head><body>")
    w(f"<h1>Tally export, {_when(data.generated_at)} UTC</h1>")
    w(f'<p class="muted">{len(data.reports)} reports, {len(data.flags)} flags.</p>')
    if data.flags:
        w("<h2>Flags</h2>")
    for f in data.flags:
        w(f'<section class="flag {e(f.severity)}" id="{e(f.id)}">')
        w(f"<h3>{e(f.kind.value)} <code>{e(f.id)}</code></h3>")
        w(f'<p dir="ltr">{e(f.explanation)}</p>')
        w("<table><tr><th>claim</th><th>value</th><th>source</th><th>published</th>")
        w("<th>quote</th></tr>")
        for c in f.claims:
            w(
                f"<tr><td>{e(c.id)}</td><td>{e(c.qualifier.value)} {fmt_value(c.value)}</td>"
                f'<td dir="auto">{e(c.source or "—")}</td><td>{_when(c.published)}</td>'
                f'<td class="quote" dir="auto">{e(c.quote)}</td></tr>'
            )
        w(f"</table><p>Review: {_review(f.review)}</p>")
        if len(f.history) > 1:
            w("<details><summary>decision history</summary><ul>")
            w("".join(f"<li>{_review(h)}</li>" for h in f.history))
            w("</ul></details>")
        w("</section>")
    if data.series:
        w("<h2>Flagged series</h2>")
    for s in data.series:
        where = f" in {e(s.location)}" if s.location else ""
        w(f"<section><h3>{e(s.metric)} ({e(s.unit)}, {e(s.scope)}){where}</h3>{chart(s)}")
        w("<table><tr><th>published</th><th>value</th><th>source</th><th>claim</th>")
        w("<th>quote</th></tr>")
        for p in s.points:
            mark = " ⚑" if p.flagged else ""
            w(
                f"<tr><td>{_when(p.published)}</td><td>{e(p.qualifier)} {fmt_value(p.value)}"
                f'{mark}</td><td dir="auto">{e(p.source or "—")}</td><td>{e(p.claim)}</td>'
                f'<td class="quote" dir="auto">{e(p.quote)}</td></tr>'
            )
        w("</table></section>")
    w("<h2>Reports</h2>")
    for r in data.reports:
        lang, direction = e(r.language), _dir(r.language)
        url = safe_url(r.url)
        link = f' · <a href="{e(url)}">{e(url)}</a>' if url else ""
        w(f'<section id="{e(r.id)}"><h3 lang="{lang}" dir="{direction}">{e(r.title or r.id)}</h3>')
        w(
            f'<p class="muted">{e(r.id)} · <span dir="auto">{e(r.outlet or "—")}</span> · '
            f"{lang} · {_when(r.published)}{link}</p>"
        )
        if r.claims:
            w("<table><tr><th>claim</th><th>value</th><th>counts</th><th>period</th>")
            w("<th>source</th><th>quote</th><th>review</th></tr>")
            for item in r.claims:
                cl = item.claim
                w(
                    f"<tr><td>{e(cl.id)}</td><td>{e(cl.qualifier.value)} {fmt_value(cl.value)}</td>"
                    f"<td>{e(cl.counts)}</td><td>{e(cl.period)}</td>"
                    f'<td dir="auto">{e(cl.source or "—")}</td>'
                    f'<td class="quote" lang="{lang}" dir="{direction}">{e(cl.quote)}</td>'
                    f"<td>{_review(item.review)}</td></tr>"
                )
            w("</table>")
        w("</section>")
    w("</body></html>\n")
