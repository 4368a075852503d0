"""Read wires and articles from text, Markdown, HTML, JSON and JSON-lines inputs."""

from __future__ import annotations

import codecs
import difflib
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final, TextIO

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from assistant.core.errors import InputError
from assistant.core.models import MetaValue, PublishedFrom, Report
from assistant.text.language import detect_language

STDIN = "-"
# Wires are kilobytes; anything this big is a mistake (or /dev/zero), not a wire.
MAX_BYTES = 64 * 1024 * 1024

_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# RSS, Atom and NewsML-G2 files (assistant/io/xmlwires.py tells them apart by root element).
XML_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".nml"})
# What a folder given as input is searched for.
WIRE_SUFFIXES = _TEXT_SUFFIXES | _HTML_SUFFIXES | XML_SUFFIXES | frozenset({".json", ".jsonl"})
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def _words(text: str) -> frozenset[str]:
    """A set of space-separated words, so long word lists stay readable."""
    return frozenset(text.split())


class _Problem(Exception):
    """Why one input (or one line of it) cannot be read; becomes an InputError."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _primary_language(tag: str | None) -> str | None:
    """The primary subtag of a language tag, lower-cased: "fr-FR" is "fr"."""
    # Later stages key their cue lists by primary code; "fr-FR" would fall back to English.
    if not tag or not tag.strip():
        return None
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


def _as_utc(value: datetime) -> datetime:
    """Make a datetime timezone-aware, taking a naive one as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _parse_datetime(value: str) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime, or None if it is not one."""
    try:
        return _as_utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def _quote(value: str, limit: int = 40) -> str:
    """A value quoted for a one-line message: escaped, and cut when long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class Wire(BaseModel):
    """One wire object as it appears in .json and .jsonl inputs."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    title: str | None = None
    body: str
    url: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _iso_datetime(cls, value: object) -> datetime | None:
        # Lax pydantic would take a bare number as a Unix time; wires say ISO 8601.
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"must be an ISO 8601 string, not {_json_type(value)}")
        parsed = _parse_datetime(value)
        if parsed is None:
            raise ValueError(f"is not an ISO 8601 date-time: {_quote(value)}")
        return parsed

    @field_validator("language")
    @classmethod
    def _language_tag(cls, value: str | None) -> str | None:
        if value is not None and not _LANGUAGE_TAG.fullmatch(value):
            raise ValueError(f"is not a BCP 47 language tag: {_quote(value)}")
        return value

    @field_validator("id", "body")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("is empty")
        return value

    @field_validator("id", "outlet", "title", "body", "url")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        # JSON may escape half a surrogate pair ("\ud800"), which no UTF-8 store accepts.
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("contains an unpaired surrogate escape") from None
        return value


def _validation_message(error: ValidationError, data: dict[str, Any]) -> str:
    """Every problem pydantic found in a wire object, on one line."""
    parts = []
    known = list(Wire.model_fields)
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "?"
        kind = item["type"]
        if kind == "missing":
            parts.append(f"missing field '{name}'")
        elif kind == "extra_forbidden":
            guess = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            parts.append(f"unknown field {_quote(name)}{hint}")
        elif kind == "string_type":
            parts.append(f"field '{name}' must be a string, not {_json_type(data.get(name))}")
        elif kind == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
            parts.append(f"field '{name}' {message}")
        else:
            parts.append(f"field '{name}': {item['msg']}")
    # A misspelt field explains the missing one, so it comes first.
    return "; ".join(sorted(parts, key=lambda part: not part.startswith("unknown")))


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object hook: a repeated key would silently drop one of two bodies."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Problem(f"duplicate field {_quote(key)}")
        seen[key] = value
    return seen


def _load_json(text: str, line: int | None = None) -> Any:
    """Decode JSON text, turning every failure into a one-line problem."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as e:
        where = line if line is not None else e.lineno
        raise _Problem(f"invalid JSON: {e.msg} (column {e.colno})", where) from None
    except RecursionError:
        raise _Problem("invalid JSON: nested too deeply", line) from None
    except _Problem as e:
        e.line = line
        raise


def _meta_value(value: Any) -> MetaValue:
    # Scalars as they are; a nested object or array as its JSON text, so it survives.
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _wire(data: Any) -> tuple[Wire, dict[str, MetaValue]]:
    """Validate one decoded JSON value as a wire; fields it does not know become metadata."""
    if not isinstance(data, dict):
        raise _Problem(f"expected a wire object, got a JSON {_json_type(data)}")
    known = {k: v for k, v in data.items() if k in Wire.model_fields}
    extras = {k: _meta_value(v) for k, v in data.items() if k not in Wire.model_fields}
    try:
        return Wire.model_validate(known), extras
    except ValidationError:
        pass
    # Invalid anyway: validate everything, so a misspelt field ("bodyy") is named
    # beside the field it was meant to be.
    try:
        Wire.model_validate(data)
    except ValidationError as e:
        raise _Problem(_validation_message(e, data)) from None
    raise _Problem("invalid wire object")  # unreachable: extras cannot fix a bad wire


def _normalise_text(text: str) -> str:
    """Drop a leading BOM and unify line endings; nothing else is touched."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (BOM optional) or UTF-16/32 with a BOM, else a problem."""
    if not data:
        raise _Problem("empty file")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                name = codec.upper()
                raise _Problem(
                    f"not {name} text despite its byte order mark ({e.reason})"
                ) from None
            break
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise _Problem(f"binary file (NUL byte at offset {nul})")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            offset = e.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
            raise _Problem(
                f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
            ) from None
    if "\x00" in text:
        raise _Problem("binary file (NUL character)")
    text = _normalise_text(text)
    if not text.strip():
        raise _Problem("empty file (only whitespace)")
    return text


def _short_hash(body: str) -> str:
    """The first 8 hex digits of the body's SHA-256, for ids of wires that have none."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]


@dataclass
class _Source:
    """What one input says about itself, before the caller's defaults apply."""

    origin: str
    stem: str
    fallback_time: datetime
    fallback_from: PublishedFrom


@dataclass
class _Options:
    """The caller's defaults for publish time and language."""

    published: datetime | None
    language: str | None
    # Where warnings go (fields kept as metadata); None drops them.
    warn: Callable[[str], None] | None = None

    def warning(self, message: str) -> None:
        """Pass a warning on to whoever asked for them."""
        if self.warn is not None:
            self.warn(message)


def _report(
    *,
    source: _Source,
    options: _Options,
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
    language = _primary_language(language) or options.language
    if not language:
        language = detect_language(f"{title}\n{body}")
        detected = True
    return Report(
        id=report_id or f"{source.stem}-{_short_hash(body)}",
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


def _wire_report(
    wire: Wire,
    source: _Source,
    options: _Options,
    line: int | None = None,
    extras: dict[str, MetaValue] | None = None,
) -> Report:
    """A Report from a validated wire (line given for JSON-lines inputs)."""
    meta = dict(extras or {})
    if wire.url:
        meta["url"] = wire.url
    body = _normalise_text(wire.body)
    default_id = f"{source.stem}-L{line}" if line is not None else None
    return _report(
        source=source,
        options=options,
        body=body,
        title=_normalise_text(wire.title or "").strip(),
        report_id=wire.id or default_id,
        outlet=wire.outlet,
        published=wire.published,
        language=wire.language,
        origin=f"{source.origin}:{line}" if line is not None else source.origin,
        meta=meta,
    )


def _warn_extras(names: Sequence[str], source: _Source, options: _Options) -> None:
    if names:
        shown = ", ".join(_quote(n) for n in names[:8]) + (", ..." if len(names) > 8 else "")
        options.warning(f"{source.origin}: unknown fields kept as metadata: {shown}")


def _read_json(text: str, source: _Source, options: _Options) -> Iterator[Report | InputError]:
    """One wire object per file."""
    wire, extras = _wire(_load_json(text))
    _warn_extras(list(extras), source, options)
    yield _wire_report(wire, source, options, extras=extras)


def _read_jsonl(text: str, source: _Source, options: _Options) -> Iterator[Report | InputError]:
    """One wire object per line; a bad line is reported and the rest still read."""
    found = False
    # Extra fields are usually the same on every line of a feed: one warning a file.
    extra_names: dict[str, None] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        item: Report | InputError
        try:
            wire, extras = _wire(_load_json(line, number))
            extra_names.update(dict.fromkeys(extras))
            item = _wire_report(wire, source, options, number, extras)
        except _Problem as e:
            item = InputError(source.origin, e.message, line=number)
        except Exception as e:  # a line must never take the others down with it
            item = InputError(source.origin, f"unexpected error: {type(e).__name__}: {e}", number)
        yield item
    _warn_extras(list(extra_names), source, options)
    if not found:
        yield InputError(source.origin, "empty file (only whitespace)")


def _looks_like_json_lines(text: str) -> bool:
    """Whether '{'-led text is JSON lines rather than one (pretty-printed) JSON document."""
    first = next(line.strip() for line in text.split("\n") if line.strip())
    if first.startswith("{") and first.endswith("}"):
        return True
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def _read_text(
    text: str, source: _Source, options: _Options, *, markdown: bool
) -> Iterator[Report | InputError]:
    """First non-empty line is the title; the rest, verbatim, is the body."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    title = lines[first].strip()
    if markdown:
        title = title.lstrip("#").rstrip("#").strip()
    rest = "\n".join(lines[first + 1 :])
    # Only the blank lines between title and body and the trailing whitespace go:
    # offsets into the body are taken from the Report, not from the file.
    body = re.sub(r"\A(?:[ \t]*\n)+", "", rest).rstrip()
    if not body:
        raise _Problem("no body text after the title line")
    yield _report(source=source, options=options, body=body, title=title)


# --- HTML -------------------------------------------------------------------------

_VOID_TAGS = _words("area base br col embed hr img input link meta param source track wbr")
_BLOCK_TAGS = _words(
    "address article aside blockquote body caption center dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li "
    "main menu nav ol p pre section summary table tbody td tfoot th thead tr ul"
)
_DROP_TAGS = _words(
    "script style nav header footer aside form noscript figcaption figure template svg "
    "iframe button select textarea dialog object embed canvas video audio picture map "
    "menu label head title"
)
# A header inside the article usually holds its headline and date.
_TITLE_SEARCH_ALLOWED = frozenset({"header"})
_DROP_WORD_PREFIXES = (
    "cookie",
    "consent",
    "banner",
    "nav",
    "menu",
    "footer",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscri",
    "related",
    "advert",
    "promo",
    "sponsor",
    "gdpr",
    "caption",
    "breadcrumb",
    "sidebar",
    "popup",
    "paywall",
)
_DROP_WORDS = frozenset({"ad", "ads", "adv", "dfp"})
_DROP_ROLES = _words(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar"
)
_CLOSES_P = _BLOCK_TAGS - {"body", "html"}
_INLINE_TAGS = _words(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark q s samp small span strong "
    "sub sup time u var"
)
# Page structure is never furniture, whatever its classes say ("nav-open" on <body>).
_STRUCTURAL_TAGS = frozenset({"#root", "html", "body", "main", "article"})
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("name", "date"),
    ("itemprop", "datepublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "dc.date.issued"),
    ("property", "og:published_time"),
)


@dataclass
class _Node:
    """An element of the parsed page."""

    tag: str
    attrs: dict[str, str]
    parent: _Node | None = None
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving HTML tree builder: unclosed and stray tags do not derail it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack: list[_Node] = [self.root]
        # How many of each tag are open: a stray end tag is ignored at once, not after a walk
        # down a stack 200,000 deep (issue 11: time linear in nesting depth).
        self.open_tags: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._implicit_close(tag)
        node = _Node(tag, {k.lower(): v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID_TAGS:
            self.stack.append(node)
            self.open_tags[tag] = self.open_tags.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags.get(tag):
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                for closed in self.stack[depth:]:
                    self.open_tags[closed.tag] -= 1
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _implicit_close(self, tag: str) -> None:
        """Close what HTML closes implicitly: <p> before a block, <li> before <li>."""
        if tag in _CLOSES_P and self.open_tags.get("p"):
            for i in range(len(self.stack) - 1, 0, -1):
                node = self.stack[i]
                if node.tag == "p":
                    self.handle_endtag("p")
                    break
                if node.tag not in _INLINE_TAGS:
                    break
        siblings = {"li": ("ul", "ol"), "dt": ("dl",), "dd": ("dl",), "tr": ("table",)}
        siblings |= {"td": ("tr",), "th": ("tr",), "option": ("select",)}
        if tag in siblings and any(self.open_tags.get(t) for t in (tag, "dt", "dd")):
            for i in range(len(self.stack) - 1, 0, -1):
                node = self.stack[i]
                if node.tag in siblings[tag]:
                    break
                if node.tag == tag or (tag in ("dt", "dd") and node.tag in ("dt", "dd")):
                    self.handle_endtag(node.tag)
                    break


def _elements(root: _Node) -> Iterator[_Node]:
    """Every element under root, in document order, without recursion."""
    stack: list[_Node] = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))


def _class_words(node: _Node) -> list[str]:
    """The words of an element's class and id, camelCase split."""
    value = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}"
    value = re.sub(r"([a-z])([A-Z])", r"\1 \2", value).lower()
    return [w for w in re.split(r"[^a-z0-9]+", value) if w]


def _is_dropped(node: _Node, *, for_title: bool = False) -> bool:
    """Whether an element is page furniture rather than article text."""
    if node.tag in _DROP_TAGS and not (for_title and node.tag in _TITLE_SEARCH_ALLOWED):
        return True
    if node.tag in _STRUCTURAL_TAGS:
        return False
    attrs = node.attrs
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", attrs.get("style", ""), re.I):
        return True
    if attrs.get("role", "").lower() in _DROP_ROLES:
        return True
    return any(w in _DROP_WORDS or w.startswith(_DROP_WORD_PREFIXES) for w in _class_words(node))


def _kept(root: _Node, *, for_title: bool = False) -> Iterator[_Node]:
    """Elements under root that are not inside dropped furniture (root itself is kept)."""
    stack: list[_Node] = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(
            c
            for c in reversed(node.children)
            if isinstance(c, _Node) and not _is_dropped(c, for_title=for_title)
        )


def _paragraphs(root: _Node, skip: _Node | None = None) -> list[str]:
    """Article text as paragraphs: blocks split it, <br> breaks a line, whitespace collapses."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(buffer).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
        buffer.clear()

    stack: list[tuple[_Node | str, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, str):
            # Newlines in the source are layout; only <br> makes a line break.
            buffer.append(node.replace("\n", " "))
            continue
        if closing:
            if node.tag in _BLOCK_TAGS:
                flush()
            continue
        if node is skip or (node is not root and _is_dropped(node)):
            continue
        if node.tag == "br":
            buffer.append("\n")
            continue
        if node.tag in _BLOCK_TAGS:
            flush()
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.children))
    flush()
    return paragraphs


def _text_of(node: _Node) -> str:
    """All text under an element, whitespace collapsed."""
    parts = []
    stack: list[_Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        else:
            stack.extend(reversed(item.children))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _meta(root: _Node) -> dict[tuple[str, str], str]:
    """The page's <meta> tags, keyed by (attribute, lower-cased name)."""
    metas: dict[tuple[str, str], str] = {}
    for node in _elements(root):
        if node.tag != "meta" or "content" not in node.attrs:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            if attr in node.attrs:
                metas.setdefault((attr, node.attrs[attr].lower()), node.attrs["content"])
    return metas


def _container(root: _Node) -> _Node:
    """The element holding the article: the richest <article>, else <main>, else <body>."""
    for tag in ("article", "main", "body"):
        candidates = [n for n in _kept(root) if n.tag == tag]
        scored = [(sum(len(p) for p in _paragraphs(n)), n) for n in candidates]
        scored = [(size, n) for size, n in scored if size]
        if scored:
            return max(scored, key=lambda pair: pair[0])[1]
    return root


def _html_published(
    root: _Node, container: _Node, metas: dict[tuple[str, str], str]
) -> datetime | None:
    """The publish time the page declares, by meta tag, then <time datetime>."""
    for key in _PUBLISHED_META:
        value = metas.get(key)
        parsed = _parse_datetime(value) if value else None
        if parsed is not None:
            return parsed
    for scope in (container, root):
        for node in _elements(scope):
            if node.tag == "time" and node.attrs.get("datetime"):
                parsed = _parse_datetime(node.attrs["datetime"])
                if parsed is not None:
                    return parsed
    return None


def _html_language(root: _Node, metas: dict[tuple[str, str], str]) -> str | None:
    """The language the page declares on <html lang> (or its Content-Language)."""
    for node in _elements(root):
        if node.tag == "html":
            for attr in ("lang", "xml:lang"):
                value = node.attrs.get(attr, "").strip()
                if _LANGUAGE_TAG.fullmatch(value):
                    return value
            break
    value = metas.get(("http-equiv", "content-language"), "").split(",")[0].strip()
    return value if _LANGUAGE_TAG.fullmatch(value) else None


def _read_html(text: str, source: _Source, options: _Options) -> Iterator[Report | InputError]:
    """The article text of a web page, with its title, publish time and language."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    root = builder.root
    metas = _meta(root)
    container = _container(root)
    heading = next(
        (n for n in _kept(container, for_title=True) if n.tag == "h1" and _text_of(n)), None
    )
    if heading is not None:
        title = _text_of(heading)
    else:
        in_svg = {id(n) for s in _elements(root) if s.tag == "svg" for n in _elements(s)}
        title_node = next(
            (n for n in _elements(root) if n.tag == "title" and id(n) not in in_svg), None
        )
        title = _text_of(title_node) if title_node is not None else ""
    body = "\n\n".join(_paragraphs(container, skip=heading))
    if not body:
        raise _Problem("no article text found")
    yield _report(
        source=source,
        options=options,
        body=body,
        title=title,
        outlet=metas.get(("property", "og:site_name")) or None,
        published=_html_published(root, container, metas),
        language=_html_language(root, metas),
    )


# --- inputs -----------------------------------------------------------------------


def _read_bytes(path: str) -> bytes:
    """A file's bytes, with OS failures as one-line problems."""
    if os.path.isdir(path):
        raise _Problem("is a directory")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _Problem("no such file") from None
    except PermissionError:
        raise _Problem("permission denied") from None
    except IsADirectoryError:
        raise _Problem("is a directory") from None
    except OSError as e:
        raise _Problem(f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise _Problem(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
    return data


def _read_stdin(stream: TextIO) -> str:
    """Standard input as text, decoded like a file when its bytes are reachable."""
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        data = raw.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise _Problem(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
        return _decode(data)
    try:
        text = stream.read(MAX_BYTES + 1)
    except UnicodeDecodeError as e:
        raise _Problem(f"not UTF-8 text ({e.reason})") from None
    if len(text) > MAX_BYTES:
        raise _Problem(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
    if not text:
        raise _Problem("empty file")
    if "\x00" in text:
        raise _Problem("binary file (NUL character)")
    text = _normalise_text(text)
    if not text.strip():
        raise _Problem("empty file (only whitespace)")
    return text


def _sniffed_reader(text: str, source: _Source, options: _Options) -> Iterator[Report | InputError]:
    """Choose a reader by the first non-space character: '{' JSON, '<' HTML, else text."""
    first = text.lstrip()[:1]
    if first == "{":
        if _looks_like_json_lines(text):
            return _read_jsonl(text, source, options)
        return _read_json(text, source, options)
    if first == "<":
        from assistant.io.xmlwires import is_xml_wire, read_xml

        if is_xml_wire(text):
            return read_xml(text, source, options)
        return _read_html(text, source, options)
    return _read_text(text, source, options, markdown=False)


def _read_one(path: str, options: _Options, stdin: TextIO | None) -> Iterator[Report | InputError]:
    """Every Report (or error) from one input path, '-' being standard input."""
    if path == STDIN:
        text = _read_stdin(stdin if stdin is not None else sys.stdin)
        now = datetime.now(UTC)
        source = _Source(STDIN, "stdin", now, "now")
        yield from _sniffed_reader(text, source, options)
        return
    data = _read_bytes(path)
    text = _decode(data)
    try:
        mtime = datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC)
    except (OSError, OverflowError, ValueError):
        mtime = datetime.now(UTC)
    source = _Source(path, Path(path).stem or "input", mtime, "mtime")
    suffix = Path(path).suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        yield from _read_text(text, source, options, markdown=suffix in _MARKDOWN_SUFFIXES)
    elif suffix in _HTML_SUFFIXES:
        yield from _read_html(text, source, options)
    elif suffix == ".json":
        yield from _read_json(text, source, options)
    elif suffix == ".jsonl":
        yield from _read_jsonl(text, source, options)
    elif suffix in XML_SUFFIXES:
        from assistant.io.xmlwires import read_xml

        yield from read_xml(text, source, options)
    else:
        yield from _sniffed_reader(text, source, options)


# Terminal escape sequences in wire text are no part of what a wire says, and their digits
# are no figures ("\x1b[0m" is not "0 people"): CSI (ESC [ or 0x9B ... final byte), OSC and
# the other string sequences (ESC ] P X ^ _ or 0x9D ... BEL or ST), and two-byte ESC
# sequences are removed from titles, outlets and bodies as they are read; the rest of the
# text is kept as it is. What is left of a control is shown inert (assistant/text/safe.py).
_ESCAPES: Final = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?"
)
# The publish times a wire may have (README "Operating Tally": limits): outside them the
# calendar arithmetic of periods ("on Friday", "last year") has no room, and no wire is
# that old or that far ahead. A wire outside them is that wire's error.
EARLIEST: Final = datetime(1000, 1, 1, tzinfo=UTC)
LATEST: Final = datetime(9000, 1, 1, tzinfo=UTC)


# The longest body a wire may have, in characters (README "Operating Tally": limits):
# extraction is linear, about 10 ms a KB of figure-dense text, so this bounds one wire to
# about 20 s. A longer one is that wire's error; the file may be up to MAX_BYTES.
MAX_BODY_CHARS: Final = 2_000_000


def published_in_range(when: datetime) -> bool:
    """True when a publish time is within EARLIEST and LATEST."""
    return EARLIEST <= _as_utc(when) < LATEST


def strip_escapes(text: str) -> str:
    """Text without terminal escape sequences, the rest kept."""
    if "\x1b" not in text and not any("\x90" <= ch <= "\x9f" for ch in text):
        return text
    return _ESCAPES.sub("", text)


def _settled(report: Report) -> Report | InputError:
    """A report as read, without escape sequences; an error if its time is out of range."""
    if len(report.body) > MAX_BODY_CHARS:
        return InputError(
            report.origin,
            f"body too long ({len(report.body):,} characters; the limit is {MAX_BODY_CHARS:,})",
        )
    if report.published is not None and not published_in_range(report.published):
        return InputError(
            report.origin,
            f"published {report.published.isoformat()} is outside the years "
            f"{EARLIEST.year}-{LATEST.year - 1}",
        )
    update = {
        name: clean
        for name, value in (
            ("title", report.title),
            ("body", report.body),
            ("outlet", report.outlet),
        )
        if value and (clean := strip_escapes(value)) != value
    }
    return report.model_copy(update=update) if update else report


def read_inputs(
    paths: Sequence[str],
    *,
    published: datetime | None = None,
    language: str | None = None,
    stdin: TextIO | None = None,
    warn: Callable[[str], None] | None = None,
) -> Iterator[Report | InputError]:
    """Yield a Report per wire read, or an InputError per input or line that fails, in order.

    A folder stands for every wire file under it, a glob for the files it matches
    (assistant/io/inputs.py); `warn` receives warnings that are not errors.
    """
    from assistant.io.inputs import expand_paths

    if isinstance(paths, str):
        paths = [paths]
    options = _Options(
        _as_utc(published) if published is not None else None, _primary_language(language), warn
    )
    for path in expand_paths(paths):
        if isinstance(path, InputError):
            yield path
            continue
        origin = os.fspath(path)
        try:
            for item in _read_one(origin, options, stdin):
                yield item if isinstance(item, InputError) else _settled(item)
        except _Problem as e:
            yield InputError(origin, e.message, line=e.line)
        except Exception as e:  # no input may end the run with a traceback
            yield InputError(origin, f"unexpected error: {type(e).__name__}: {e}")
