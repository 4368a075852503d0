"""Web pages: the article text, title, publish time and language of an HTML page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from assistant.core.errors import InputError
from assistant.core.models import Report
from assistant.io.source import LANGUAGE_TAG, Options, Problem, Source, build_report, parse_datetime


def _words(text: str) -> frozenset[str]:
    """A set of space-separated words, so long word lists stay readable."""
    return frozenset(text.split())


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
        parsed = parse_datetime(value) if value else None
        if parsed is not None:
            return parsed
    for scope in (container, root):
        for node in _elements(scope):
            if node.tag == "time" and node.attrs.get("datetime"):
                parsed = parse_datetime(node.attrs["datetime"])
                if parsed is not None:
                    return parsed
    return None


def _html_language(root: _Node, metas: dict[tuple[str, str], str]) -> str | None:
    """The language the page declares on <html lang> (or its Content-Language)."""
    for node in _elements(root):
        if node.tag == "html":
            for attr in ("lang", "xml:lang"):
                value = node.attrs.get(attr, "").strip()
                if LANGUAGE_TAG.fullmatch(value):
                    return value
            break
    value = metas.get(("http-equiv", "content-language"), "").split(",")[0].strip()
    return value if LANGUAGE_TAG.fullmatch(value) else None


def read_html(text: str, source: Source, options: Options) -> Iterator[Report | InputError]:
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
        raise Problem("no article text found")
    yield build_report(
        source=source,
        options=options,
        body=body,
        title=title,
        outlet=metas.get(("property", "og:site_name")) or None,
        published=_html_published(root, container, metas),
        language=_html_language(root, metas),
    )
