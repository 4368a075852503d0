"""XML inputs: RSS and Atom feeds or NewsML-G2 items, told apart by their root element."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.core.errors import InputError
from assistant.core.models import Report
from assistant.io.source import Options, Problem, Source

# The first element after the prolog, comments, processing instructions and doctype.
_ROOT = re.compile(
    r"\A\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)", re.S
)
FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
NEWSML_ROOTS = frozenset({"newsItem", "newsMessage", "packageItem", "knowledgeItem"})


def root_name(text: str) -> str | None:
    """The local name of the document's root element, if it starts like XML."""
    match = _ROOT.match(text[:65536])
    return match.group(1).rsplit(":", 1)[-1] if match else None


def is_xml_wire(text: str) -> bool:
    """Whether '<'-led text is a feed or a NewsML-G2 document rather than a web page."""
    return root_name(text) in FEED_ROOTS | NEWSML_ROOTS


def read_xml(text: str, source: Source, options: Options) -> Iterator[Report | InputError]:
    """Reports of a feed or NewsML-G2 document; any other XML is a one-line error."""
    root = root_name(text)
    if root in FEED_ROOTS:
        from assistant.io.feeds import read_feed

        return read_feed(text, source, options)
    if root in NEWSML_ROOTS:
        from assistant.io.newsml import read_newsml

        return read_newsml(text, source, options)
    shown = f"<{root}>" if root else "no XML root element"
    raise Problem(f"unknown XML format ({shown}): expected RSS, Atom or NewsML-G2")
