"""Wire text never acts on the terminal: literal in every widget, controls made visible."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Static
from tui_support import make_app, settle

from assistant.app.tui.desk import Status
from assistant.app.tui.render import STATUS_STYLE
from assistant.app.tui.safe import clean, literal
from assistant.app.tui.screens.report import ReportScreen
from assistant.core.models import Claim, Report
from store import ClaimStore, open_store

pytestmark = pytest.mark.anyio

HOSTILE_OUTLET = "[link=https://evil.example/]Reuters[/link]"
HOSTILE_TITLE = "Toll \x1b]52;c;aGVsbG8=\x07rises \x1b[31mred[/red] A\u202eevil"
HOSTILE_BODY = "At least 12 people [/red] were killed \x1b[2J in the blast.\u2066"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_clean_keeps_length_and_leaves_no_control_or_bidi_character() -> None:
    text = "a\x1b[31mb\x00c\x9bd\u202ee\u2067f\tg\r\nh"
    out = clean(text)
    assert len(out) == len(text)  # claim spans over a body still line up
    assert "\n" in out
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in out)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in out)
    assert not set(out) & {"\u202e", "\u2067", "\u200e", "\u200f"}
    assert "␛[31m" in out  # the escape shows as text instead of acting


def test_literal_is_never_markup() -> None:
    console = Console(width=200, record=True, color_system=None)
    console.print(literal(HOSTILE_OUTLET))
    assert console.export_text().strip() == HOSTILE_OUTLET


def test_statuses_differ_without_colour() -> None:
    # NO_COLOR drops colours; what is left (bold, reverse, underline, italic) still tells
    # a flagged number from a consistent one and from one with nothing related.
    def attributes(style: str) -> frozenset[str]:
        return frozenset(style.split()) & {"bold", "reverse", "underline", "italic"}

    shown = [Status.FLAGGED, Status.CONSISTENT, Status.ALONE]
    assert len({attributes(STATUS_STYLE[s]) for s in shown}) == len(shown)


def _hostile_store(path: Path) -> ClaimStore:
    store = open_store(str(path))
    report = Report(
        id="evil\x1b[1m",
        outlet=HOSTILE_OUTLET,
        published=datetime(2026, 1, 5, 12, tzinfo=UTC),
        language="en",
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
    )
    quote = "12 people [/red] were killed"
    at = HOSTILE_BODY.index(quote)
    claim = Claim(
        id=f"{report.id}-c1",
        report=report.id,
        quote=quote,
        span=(at, at + len(quote)),
        number_text="12",
        value=12,
        counts="people killed [bold]",
        source="[red]Ministry",
    )
    store.add_report(report, [claim])
    return store


async def test_hostile_wire_shows_literally_in_inbox_and_report(tmp_path: Path) -> None:
    store = _hostile_store(tmp_path / "store")
    app = make_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        table = app.screen.query_one("#report-table", DataTable)
        row = table.get_row_at(0)
        cells = [c.plain if isinstance(c, Text) else str(c) for c in row]
        # Brackets kept as text (cut to the column): no live hyperlink.
        assert any(c.startswith("[link=https://evil.example/") for c in cells)
        title = next(c for c in cells if c.startswith("Toll"))
        assert "\x1b" not in title and "\u202e" not in title and "[/red]" in title
        app.open_report("evil\x1b[1m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        body = screen.query_one("#report-body", Static).content
        assert isinstance(body, Text)
        assert "[/red]" in body.plain and "\x1b" not in body.plain and "\u2066" not in body.plain
        # The number is still marked where it stands, since cleaning kept every offset.
        at = body.plain.index("12 people")
        assert any(s.start == at and s.end == at + 2 for s in body.spans)
        claims = screen.query_one("#claims", DataTable)
        shown = [c.plain if isinstance(c, Text) else str(c) for c in claims.get_row_at(0)]
        assert "[red]Ministry" in shown and "people killed [bold]" in shown
        # What reaches the terminal holds no escape character from the wire.
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\u202e" not in svg
