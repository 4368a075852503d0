"""Plain-text and Markdown inputs: a title line, then the body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.core.errors import InputError
from assistant.core.models import Report
from assistant.io.source import Options, Problem, Source, build_report


def read_text(
    text: str, source: Source, options: Options, *, markdown: bool
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
        raise Problem("no body text after the title line")
    yield build_report(source=source, options=options, body=body, title=title)
