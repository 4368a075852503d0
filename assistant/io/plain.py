"""Fixed-width text for long listings: lines wrapped and tables padded by terminal cells.

A Rich table measures and lays out every cell of every table it draws: ten thousand flags,
one small table each, took 45 s to print against 6 s for their JSON lines. These tables are
laid out once per table from cell widths alone. Every cell is wire text made inert first
(`assistant.text.safe.clean`), so what reaches the terminal is the same literal text Rich
showed; styles are plain SGR codes around text this module wrote, never around wire text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len, chop_cells

from assistant.text.safe import clean

_GAP = "  "
# A column other than the last never takes more than this; longer cells are folded.
_MAX_COLUMN = 40
# The last column (a quote) keeps at least this much of the line.
_MIN_LAST = 24
_SGR = {"bold": "1", "red": "31", "yellow": "33", "cyan": "36"}


def styled(text: str, style: str, color: bool) -> str:
    """Text this module wrote (never wire text) in one SGR style, or as it is."""
    code = _SGR.get(style)
    return f"\x1b[{code}m{text}\x1b[0m" if color and code else text


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def _cells(text: str) -> int:
    # ASCII is one cell a character; rich's measure costs a Python call per character, so
    # it measures only the rest (a flag's line holds a mark and typographic quotes among
    # hundreds of ASCII characters: 10,000 flags spent a second in it).
    if text.isascii():
        return len(text)
    rest = _ASCII_RUN.sub("", text)
    return len(text) - len(rest) + cell_len(rest)


def wrap(text: str, width: int) -> list[str]:
    """Words laid into lines of at most `width` cells; a longer word is folded."""
    # Measured once for the whole text: an ASCII text's words are all one cell a character
    # (a flag listing wraps a million words; a check per word was a fifth of its time).
    ascii_only = text.isascii()
    if (len(text) if ascii_only else _cells(text)) <= width:
        return [text]
    narrow = ascii_only or all(cell_len(ch) == 1 for ch in set(_ASCII_RUN.sub("", text)))
    if narrow and "  " not in text and text[0] != " " and text[-1] != " ":
        fast = _wrap_narrow(text, width)
        if fast is not None:
            return fast
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = len(word) if ascii_only or word.isascii() else cell_len(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line or lines:
            lines.append(line)
        pieces = chop_cells(word, width) if size > width else [word]
        lines += pieces[:-1]
        line, used = pieces[-1], _cells(pieces[-1])
    lines.append(line)
    return lines


def _wrap_narrow(text: str, width: int) -> list[str] | None:
    """`wrap` for single-spaced text of one cell a character (ASCII, a mark, typographic
    quotes and dashes): each line is the longest run of words that fits,
    found by one search a line instead of a step a word (a flag listing wraps hundreds of
    thousands of cells). None when a word is wider than a line (wrap folds it)."""
    lines: list[str] = []
    start, end = 0, len(text)
    while end - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut < start:
            return None
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _cells(text))


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    width: int,
    indent: str = "",
    fixed: Sequence[int] = (),
) -> list[str]:
    """A header, a rule and the rows, cells cleaned to one line, the last column wrapped.

    `fixed`: the widths of the columns before the last, so that pages of one listing line up.
    """
    cells = [[clean(v, one_line=True) for v in row] for row in rows]
    n = len(headers)
    widths = list(fixed) or [
        min(
            _MAX_COLUMN,
            max([_cells(headers[i])] + [_cells(r[i]) for r in cells]),
        )
        for i in range(n - 1)
    ]
    room = width - len(indent) - sum(widths) - len(_GAP) * (n - 1)
    longest = max([_cells(headers[-1])] + [_cells(r[-1]) for r in cells])
    widths.append(max(_MIN_LAST, room if fixed else min(room, longest)))
    out = [
        indent + _GAP.join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        indent + _GAP.join("─" * w for w in widths),
    ]
    for row in cells:
        columns = [wrap(v, w) for v, w in zip(row, widths, strict=True)]
        for k in range(max(len(c) for c in columns)):
            parts = [
                _pad(c[k] if k < len(c) else "", w) for c, w in zip(columns, widths, strict=True)
            ]
            out.append((indent + _GAP.join(parts)).rstrip())
    return out
