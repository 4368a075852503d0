"""SVG snapshots of the desk's main screens at 80x24 and 160x48: layout, not behaviour.

Update after a deliberate change of layout with `pytest tests/test_tui_snapshots.py
--snapshot-update`, and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import tui_desk
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from tui_support import make_app, no_blink, settle

from assistant.app.tui.app import TallyApp
from store import ClaimStore

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
Snap = Callable[..., bool]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture
def store(tmp_path: Path) -> ClaimStore:
    return tui_desk.build(tmp_path / "store")


def _app(pilot: Pilot[Any]) -> TallyApp:
    assert isinstance(pilot.app, TallyApp)
    return pilot.app


def _then(steps: Steps) -> Steps:
    """Wait for the inbox, take the steps, wait for every worker, stop every cursor blinking."""

    async def run(pilot: Pilot[Any]) -> None:
        app = _app(pilot)
        await settle(pilot, lambda: app.loaded)
        await steps(pilot)
        await settle(pilot)
        no_blink(app)
        await pilot.pause()

    return run


async def _inbox(pilot: Pilot[Any]) -> None:
    return None


async def _report(pilot: Pilot[Any]) -> None:
    _app(pilot).open_report("d1")


async def _report_arabic(pilot: Pilot[Any]) -> None:
    _app(pilot).open_report("d2")


async def _flag(pilot: Pilot[Any]) -> None:
    app = _app(pilot)
    decrease = next(f for f in app.desk.flags() if f.kind == "cumulative_decrease")
    app.open_flag(decrease.id)


async def _series(pilot: Pilot[Any]) -> None:
    _app(pilot).open_series("d1-c1")


async def _search(pilot: Pilot[Any]) -> None:
    app = _app(pilot)
    app.action_search()
    await pilot.pause()
    app.screen.query_one("#query", Input).value = "how many died in the floods"
    await pilot.press("enter")


async def _flags_tab(pilot: Pilot[Any]) -> None:
    await pilot.press("g")
    await pilot.pause()
    assert _app(pilot).screen.query_one("#flag-table", DataTable).row_count


SCREENS = {
    "inbox": _inbox,
    "flags": _flags_tab,
    "report": _report,
    "report-ar": _report_arabic,
    "flag": _flag,
    "series": _series,
    "search": _search,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_layout(
    snap_compare: Snap, store: ClaimStore, screen: str, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=_then(SCREENS[screen]))
