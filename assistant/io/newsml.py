"""NewsML-G2 news items (IPTC): headline, body, language, times and provider of each item."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from assistant.core.errors import InputError
from assistant.core.models import MetaValue, Report
from assistant.io.source import (
    Options,
    Problem,
    Source,
    build_report,
    parse_datetime,
    primary_language,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote pre td dd dt".split())


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(node: Element | None, *path: str) -> Element | None:
    """The first descendant along local names, whatever the namespace."""
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _text(node: Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def _xhtml_body(node: Element) -> str:
    """The paragraphs of an inline XHTML body, innermost block elements only."""
    paragraphs = []
    for el in node.iter():
        if _local(el.tag) in _PARAGRAPHS and not any(
            _local(d.tag) in _PARAGRAPHS for d in el.iter() if d is not el
        ):
            text = _text(el)
            if text:
                paragraphs.append(text)
    return "\n\n".join(paragraphs) or _text(node)


def _body(item: Element) -> str:
    content = _child(item, "contentSet")
    if content is None:
        return ""
    for part in content:
        kind = _local(part.tag)
        if kind == "inlineXML":
            return _xhtml_body(part)
        if kind == "inlineData":
            text = "".join(part.itertext()).strip()
            if "html" in (part.get("contenttype") or ""):
                from assistant.io.feeds import html_text

                return html_text(text)
            return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())
    return ""


def _attr(node: Element | None, name: str) -> str:
    # Never `node or ...`: an element without children is falsy.
    return (node.get(name) or "") if node is not None else ""


def _time(text: str) -> datetime | None:
    return parse_datetime(text.strip()) if text.strip() else None


def _provider(meta: Element | None) -> str | None:
    provider = _child(meta, "provider")
    if provider is None:
        return None
    name = _text(_child(provider, "name")) or provider.get("literal") or provider.get("qcode")
    return name or None


def parse_items(text: str) -> list[Element]:
    """The newsItems of a newsItem or newsMessage document (entities and DTDs refused)."""
    try:
        root = fromstring(text)
    except DefusedXmlException as e:
        raise Problem(f"refused XML: {type(e).__name__} (entities or DTD)") from None
    except ParseError as e:
        raise Problem(f"invalid XML: {str(e).splitlines()[0]}") from None
    if _local(root.tag) == "newsItem":
        return [root]
    items = [el for el in root.iter() if _local(el.tag) == "newsItem"]
    if not items:
        raise Problem(f"no newsItem in this NewsML-G2 <{_local(root.tag)}>")
    return items


def read_newsml(text: str, source: Source, options: Options) -> Iterator[Report | InputError]:
    """One report per news item; an item without text or guid is that item's error."""
    items = parse_items(text)
    for n, item in enumerate(items, start=1):
        where = f"item {n}" if len(items) > 1 else "newsItem"
        guid = (item.get("guid") or "").strip()
        body = _body(item)
        if not guid:
            yield InputError(source.origin, f"{where} has no guid")
            continue
        if not body:
            yield InputError(source.origin, f"{where} ({guid}) has no inline text")
            continue
        item_meta = _child(item, "itemMeta")
        content_meta = _child(item, "contentMeta")
        first = _text(_child(item_meta, "firstCreated"))
        version_created = _text(_child(item_meta, "versionCreated"))
        version = (item.get("version") or "").strip()
        language_node = _child(content_meta, "language")
        language = (
            (language_node.get("tag") if language_node is not None else None)
            or item.get(XML_LANG)
            or None
        )
        meta: dict[str, MetaValue] = {"format": "newsml-g2", "guid": guid}
        for key, value in (
            ("first_created", first),
            ("version_created", version_created),
            ("version", version),
            ("provider_qcode", _attr(_child(item_meta, "provider"), "qcode")),
        ):
            if value:
                meta[key] = value
        # A corrected version of an item says something new: it is a report of its own.
        report_id = guid if version in ("", "1") else f"{guid}.v{version}"
        try:
            yield build_report(
                source=source,
                options=options,
                body=body,
                title=_text(_child(content_meta, "headline")),
                report_id=report_id,
                outlet=_provider(item_meta),
                # The text as it stands was written at versionCreated; firstCreated is kept.
                published=_time(version_created) or _time(first),
                language=primary_language(language),
                origin=f"{source.origin}#{n}" if len(items) > 1 else source.origin,
                meta=meta,
            )
        except ValueError as e:
            yield InputError(source.origin, f"{where}: {str(e).splitlines()[0]}")
