"""One input being read: why it fails, the caller's defaults, and the Report built from it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.core.models import MetaValue, PublishedFrom, Report
from assistant.io.ids import check_id
from assistant.text.language import detect_language

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


class Problem(Exception):
    """Why one input (or one line of it) cannot be read; becomes an InputError."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def primary_language(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower-cased: "fr-FR" is "fr"."""
    # Later stages key their cue lists by primary code; "fr-FR" would fall back to English.
    if not tag or not tag.strip():
        return None
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


def as_utc(value: datetime) -> datetime:
    """Make a datetime timezone-aware, taking a naive one as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def parse_datetime(value: str) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime, or None if it is not one."""
    try:
        return as_utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def quote(value: str, limit: int = 40) -> str:
    """A value quoted for a one-line message: escaped, and cut when long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def normalise_text(text: str) -> str:
    """Drop a leading BOM and unify line endings; nothing else is touched."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _short_hash(body: str) -> str:
    """The first 8 hex digits of the body's SHA-256, for ids of wires that have none."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]


@dataclass
class Source:
    """What one input says about itself, before the caller's defaults apply."""

    origin: str
    stem: str
    fallback_time: datetime
    fallback_from: PublishedFrom


@dataclass
class Options:
    """The caller's defaults for publish time and language."""

    published: datetime | None
    language: str | None
    # Where warnings go (fields kept as metadata); None drops them.
    warn: Callable[[str], None] | None = None

    def warning(self, message: str) -> None:
        """Pass a warning on to whoever asked for them."""
        if self.warn is not None:
            self.warn(message)


def build_report(
    *,
    source: Source,
    options: Options,
    body: str,
    title: str = "",
    report_id: str | None = None,
    outlet: str | None = None,
    published: datetime | None = None,
    language: str | None = None,
    origin: str | None = None,
    meta: dict[str, MetaValue] | None = None,
) -> Report:
    """Build a Report, filling publish time and language from file, option or fallback."""
    when: datetime
    when_from: PublishedFrom
    if published is not None:
        when, when_from = published, "file"
    elif options.published is not None:
        when, when_from = options.published, "option"
    else:
        when, when_from = source.fallback_time, source.fallback_from
    detected = False
    language = primary_language(language) or options.language
    if not language:
        language = detect_language(f"{title}\n{body}")
        detected = True
    return Report(
        # Ids from feeds, NewsML and file names pass the same check as a JSON wire's own.
        id=check_id(report_id or f"{source.stem}-{_short_hash(body)}"),
        outlet=outlet,
        published=when,
        published_from=when_from,
        language=language,
        language_detected=detected,
        title=title,
        body=body,
        origin=origin or source.origin,
        meta=meta or {},
    )
