"""Read the inputs named: files, folders, globs or stdin, each by its format's reader, every
wire held to the same limits (size, body length, publish time) and stripped of escapes."""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, TextIO

from assistant.core.errors import InputError
from assistant.core.models import Report
from assistant.io.htmlpages import read_html
from assistant.io.ids import BadId
from assistant.io.jsonwires import looks_like_json_lines, read_json, read_jsonl
from assistant.io.source import Options, Problem, Source, as_utc, normalise_text, primary_language
from assistant.io.textwires import read_text

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


def _decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (BOM optional) or UTF-16/32 with a BOM, else a problem."""
    if not data:
        raise Problem("empty file")
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
                raise Problem(f"not {name} text despite its byte order mark ({e.reason})") from None
            break
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise Problem(f"binary file (NUL byte at offset {nul})")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            offset = e.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
            raise Problem(
                f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
            ) from None
    if "\x00" in text:
        raise Problem("binary file (NUL character)")
    text = normalise_text(text)
    if not text.strip():
        raise Problem("empty file (only whitespace)")
    return text


# --- inputs -----------------------------------------------------------------------


def _read_bytes(path: str) -> bytes:
    """A file's bytes, with OS failures as one-line problems."""
    if os.path.isdir(path):
        raise Problem("is a directory")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise Problem("no such file") from None
    except PermissionError:
        raise Problem("permission denied") from None
    except IsADirectoryError:
        raise Problem("is a directory") from None
    except OSError as e:
        raise Problem(f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise Problem(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
    return data


def _read_stdin(stream: TextIO) -> str:
    """Standard input as text, decoded like a file when its bytes are reachable."""
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        data = raw.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise Problem(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
        return _decode(data)
    try:
        text = stream.read(MAX_BYTES + 1)
    except UnicodeDecodeError as e:
        raise Problem(f"not UTF-8 text ({e.reason})") from None
    if len(text) > MAX_BYTES:
        raise Problem(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
    if not text:
        raise Problem("empty file")
    if "\x00" in text:
        raise Problem("binary file (NUL character)")
    text = normalise_text(text)
    if not text.strip():
        raise Problem("empty file (only whitespace)")
    return text


def _sniffed_reader(text: str, source: Source, options: Options) -> Iterator[Report | InputError]:
    """Choose a reader by the first non-space character: '{' JSON, '<' HTML, else text."""
    first = text.lstrip()[:1]
    if first == "{":
        if looks_like_json_lines(text):
            return read_jsonl(text, source, options)
        return read_json(text, source, options)
    if first == "<":
        from assistant.io.xmlwires import is_xml_wire, read_xml

        if is_xml_wire(text):
            return read_xml(text, source, options)
        return read_html(text, source, options)
    return read_text(text, source, options, markdown=False)


def _read_one(path: str, options: Options, stdin: TextIO | None) -> Iterator[Report | InputError]:
    """Every Report (or error) from one input path, '-' being standard input."""
    if path == STDIN:
        text = _read_stdin(stdin if stdin is not None else sys.stdin)
        now = datetime.now(UTC)
        source = Source(STDIN, "stdin", now, "now")
        yield from _sniffed_reader(text, source, options)
        return
    data = _read_bytes(path)
    text = _decode(data)
    try:
        mtime = datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC)
    except (OSError, OverflowError, ValueError):
        mtime = datetime.now(UTC)
    source = Source(path, Path(path).stem or "input", mtime, "mtime")
    suffix = Path(path).suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        yield from read_text(text, source, options, markdown=suffix in _MARKDOWN_SUFFIXES)
    elif suffix in _HTML_SUFFIXES:
        yield from read_html(text, source, options)
    elif suffix == ".json":
        yield from read_json(text, source, options)
    elif suffix == ".jsonl":
        yield from read_jsonl(text, source, options)
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
    return EARLIEST <= as_utc(when) < LATEST


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
    options = Options(
        as_utc(published) if published is not None else None, primary_language(language), warn
    )
    for path in expand_paths(paths):
        if isinstance(path, InputError):
            yield path
            continue
        origin = os.fspath(path)
        try:
            for item in _read_one(origin, options, stdin):
                yield item if isinstance(item, InputError) else _settled(item)
        except Problem as e:
            yield InputError(origin, e.message, line=e.line)
        except BadId as e:  # an id made from the file's name
            yield InputError(origin, str(e))
        except Exception as e:  # no input may end the run with a traceback
            yield InputError(origin, f"unexpected error: {type(e).__name__}: {e}")
