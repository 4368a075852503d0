"""Wire text made inert for a terminal: literal, one character for one character.

Every table and message of `tally` and the desk show wire text (titles, bodies, outlets,
ids, quotes, sources, explanations) and server messages through this module: C0 and C1
controls become visible stand-ins (so an ANSI or OSC sequence, OSC 52 included, shows as
text instead of acting on the terminal), bidi embeddings, overrides, isolates and marks
become a stand-in (so "A\u202eevil" cannot reorder its row), and Rich renders the result
as a `Text`, never as console markup. JSON output needs none of it: JSON escapes controls.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

from rich.text import Text

# C0 and C1 controls (tab and newline are handled apart). Each becomes a visible
# stand-in of the same length, so claim spans over a body still line up with what
# is shown, and an escape sequence shows as text instead of acting on the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides, isolates and marks: a quote must not reorder its row
# ("A\u202eevil" showing as "Alive"). Arabic needs none of them to show in logical order.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Line and paragraph separators end a line in some terminals: one line means one line.
_BREAKS = re.compile("[\n\u2028\u2029\u0085]")
_STAND_IN = "\ufffd"
# Any of the above (tab and newline are C0): most text has none, and is returned as given.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"
    return _STAND_IN


def clean(text: object, *, one_line: bool = False) -> str:
    """Text with every control and bidi character replaced, same length as given."""
    if text is None or text == "":
        return ""
    raw = text if isinstance(text, str) else str(text)
    if _UNSAFE.search(raw) is None:
        return raw
    out = _BIDI.sub(_STAND_IN, _CONTROL.sub(_picture, raw.replace("\t", " ")))
    if one_line:
        out = _BREAKS.sub(" ", out)
    return out


def literal(text: object, style: str = "", *, one_line: bool = False) -> Text:
    """A Rich Text that is never parsed as markup: brackets stay brackets."""
    return Text(clean(text, one_line=one_line), style=style, end="")


def say(message: object, *, file: TextIO | None = None, flush: bool = False) -> None:
    """One diagnostic line on stderr, `tally: ` first, cleaned: a message may quote wire
    text, a file name or a server's answer."""
    print(f"tally: {clean(message, one_line=True)}", file=file or sys.stderr, flush=flush)
