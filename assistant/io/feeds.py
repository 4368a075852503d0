"""RSS and Atom feed files: one report per entry, read through feedparser."""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser

from assistant.core.errors import InputError
from assistant.core.models import MetaValue, Report
from assistant.io.source import Options, Problem, Source, build_report

_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template"})


class _Text(HTMLParser):
    """An HTML fragment's text, block elements as paragraph breaks (scripts dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by a blank line."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _text(detail: Any, fallback: str = "") -> str:
    """A feedparser text construct as plain text, whatever its declared type."""
    if not detail:
        return fallback
    value = str(detail.get("value", "") or "")
    kind = str(detail.get("type", "") or "")
    return html_text(value) if "html" in kind else " ".join(value.split("\n\n")).strip()


def _when(entry: Any) -> tuple[datetime | None, str]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            # feedparser normalises every date to a UTC struct_time.
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC), key.split("_")[0]
    return None, ""


def read_feed(text: str, source: Source, options: Options) -> Iterator[Report | InputError]:
    """Every entry of an RSS or Atom document; an entry without text is that entry's error."""
    # Bytes, not str: feedparser would fetch a string that looks like a URL. The text is
    # already decoded, so the header's charset overrides the XML declaration's.
    parsed = feedparser.parse(
        text.encode("utf-8"),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        resolve_relative_uris=False,
    )
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception") or "malformed XML").splitlines()[0]
            raise Problem(f"not a readable feed: {reason}")
        raise Problem("feed has no entries")
    feed = parsed.get("feed") or {}
    outlet = _text(feed.get("title_detail"), str(feed.get("title", ""))) or None
    feed_language = feed.get("language")
    for n, entry in enumerate(entries, start=1):
        origin = f"{source.origin}#{n}"
        contents = entry.get("content") or []
        body = ""
        language = feed_language
        for content in [*contents, entry.get("summary_detail")]:
            body = _text(content)
            if body:
                language = (content or {}).get("language") or language
                break
        if not body:
            yield InputError(source.origin, f"entry {n} has no text")
            continue
        published, published_kind = _when(entry)
        link = entry.get("link")
        entry_id = entry.get("id") or link
        meta: dict[str, MetaValue] = {"format": parsed.get("version") or "feed", "entry": n}
        if link:
            meta["url"] = str(link)
        if entry.get("author"):
            meta["author"] = str(entry["author"])
        if published_kind:
            meta["published_field"] = published_kind
        if not entry_id:
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]
            entry_id = f"{source.stem}-{digest}"
        try:
            yield build_report(
                source=source,
                options=options,
                body=body,
                title=_text(entry.get("title_detail"), str(entry.get("title", ""))),
                report_id=str(entry_id).strip(),
                outlet=outlet,
                published=published,
                language=str(language) if language else None,
                origin=origin,
                meta=meta,
            )
        except ValueError as e:  # one entry's bad field is that entry's error
            yield InputError(source.origin, f"entry {n}: {str(e).splitlines()[0]}")
