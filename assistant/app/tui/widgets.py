"""Small helpers shared by the screens' tables."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any, ParamSpec

from textual.dom import DOMNode
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from assistant.app.tui.safe import clean
from assistant.core.errors import TallyError


def current_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, if any."""
    if not table.row_count:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except CellDoesNotExist:
        return None


def restore(table: DataTable[Any], key: str | None) -> None:
    """Put the cursor back on a row after a refill, when the row is still there."""
    if key is None:
        return
    # A row filtered out since: the cursor stays at the top.
    with suppress(RowDoesNotExist):
        table.move_cursor(row=table.get_row_index(key), animate=False)


Column = str | tuple[str, int]


def reset(table: DataTable[Any], columns: Sequence[Column]) -> None:
    """Empty a table, columns included, and add them again.

    A plain clear() keeps each column as wide as the widest cell it ever held, so what a
    table looks like would depend on what it showed before; refilled from scratch, the
    widths depend only on what it shows now.
    """
    table.clear(columns=True)
    for column in columns:
        if isinstance(column, tuple):
            table.add_column(column[0], width=column[1], key=column[0])
        else:
            table.add_column(column, key=column)


_P = ParamSpec("_P")


def soft_fail(method: Callable[_P, None]) -> Callable[_P, None]:
    """A worker body whose store or input failure becomes a notice instead of a crash.

    The store can go away under the UI (a server restarts, a folder is removed); the
    desk says so and stays open, so what is on screen can still be read.
    """

    @functools.wraps(method)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            method(*args, **kwargs)
        except TallyError as e:
            node = args[0]
            assert isinstance(node, DOMNode)
            app = node.app
            message = clean(str(e), one_line=True)
            app.call_from_thread(app.notify, message, title="Tally", severity="error", markup=False)

    return guarded
