"""Small helpers shared by the screens' tables."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist


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
