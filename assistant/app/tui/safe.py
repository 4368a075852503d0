"""Wire text made inert for the terminal: literal, one character for one character."""

from __future__ import annotations

from rich.text import Text

from assistant.text.safe import clean

__all__ = ["clean", "literal", "short"]


def literal(text: str | None, style: str = "", *, one_line: bool = True) -> Text:
    """A Rich Text that is never parsed as markup: brackets stay brackets."""
    return Text(clean(text, one_line=one_line), style=style, no_wrap=one_line, end="")


def short(text: str | None, limit: int) -> str:
    """Cleaned, on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(clean(text, one_line=True).split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)] + "…"
