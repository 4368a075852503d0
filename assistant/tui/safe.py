"""Wire text made inert for the terminal: literal, one character for one character."""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls (tab and newline are handled apart). Each becomes a visible
# stand-in of the same length, so claim spans over a body still line up with what
# is shown, and an escape sequence shows as text instead of acting on the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides, isolates and marks: a quote must not reorder its row
# ("A\u202eevil" showing as "Alive"). Arabic needs none of them to show in logical order.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_STAND_IN = "\ufffd"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"
    return _STAND_IN


def clean(text: str | None, *, one_line: bool = False) -> str:
    """Text with every control and bidi character replaced, same length as given."""
    if not text:
        return ""
    out = _BIDI.sub(_STAND_IN, _CONTROL.sub(_picture, text.replace("\t", " ")))
    if one_line:
        out = out.replace("\n", " ")
    return out


def literal(text: str | None, style: str = "", *, one_line: bool = True) -> Text:
    """A Rich Text that is never parsed as markup: brackets stay brackets."""
    return Text(clean(text, one_line=one_line), style=style, no_wrap=one_line, end="")


def short(text: str | None, limit: int) -> str:
    """Cleaned, on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(clean(text, one_line=True).split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)] + "…"
