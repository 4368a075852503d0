"""Search: one box over the archive, in any language, with filters."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from assistant.app.tui.app import TallyApp
from assistant.app.tui.render import decision_text, value_text, when
from assistant.app.tui.safe import literal, short
from assistant.app.tui.widgets import reset
from assistant.core.errors import TallyError
from assistant.core.models import Metric

if TYPE_CHECKING:
    from store.chroma import RelatedClaim


# Fixed widths (see inbox.REPORT_COLUMNS); wire text is cut to them.
HIT_COLUMNS = (
    ("score", 5),
    ("value", 10),
    ("metric", 15),
    ("lang", 4),
    ("source", 22),
    ("place", 16),
    ("published", 16),
    ("review", 24),
    ("quote", 70),
)


class SearchScreen(Screen[None]):
    """Claims nearest in meaning to a query; enter on a result opens its report."""

    AUTO_FOCUS = "#query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+f", "focus_query", "Query"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.hits: list[RelatedClaim] = []
        self.last_seconds = 0.0

    @property
    def tally(self) -> TallyApp:
        assert isinstance(self.app, TallyApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(
            self.query_text,
            placeholder="search the archive in any language, enter to run",
            id="query",
        )
        with Horizontal(id="search-filters"):
            yield Select[str](
                [(m.value, m.value) for m in Metric], prompt="metric", id="metric", compact=True
            )
            yield Input(placeholder="place", id="place", compact=True)
            yield Input(placeholder="source", id="source", compact=True)
            yield Input(placeholder="since YYYY-MM-DD", id="since", compact=True)
            yield Input(placeholder="until YYYY-MM-DD", id="until", compact=True)
        yield DataTable(id="hits", cursor_type="row", zebra_stripes=True)
        yield Static(Text("type a question, e.g. people who left Baghouz"), id="search-status")
        yield Footer()

    def on_mount(self) -> None:
        reset(self.query_one("#hits", DataTable), HIT_COLUMNS)
        self.query_one("#query", Input).focus()
        if self.query_text:
            self.run_search()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.run_search()

    @on(Select.Changed, "#metric")
    def _metric_changed(self) -> None:
        if self.query_one("#query", Input).value.strip():
            self.run_search()

    def run_search(self) -> None:
        """Search with what the boxes say (in a worker: embedding takes a moment)."""
        text = self.query_one("#query", Input).value.strip()
        status = self.query_one("#search-status", Static)
        if not text:
            status.update(Text("type something to search for"))
            return
        try:
            since = _day(self.query_one("#since", Input).value)
            until = _day(self.query_one("#until", Input).value)
        except ValueError as e:
            status.update(Text(str(e), "bold red"))
            return
        metric = self.query_one("#metric", Select).value
        status.update(Text("searching…"))
        self._search(
            text,
            since,
            until,
            metric if isinstance(metric, str) else None,
            self.query_one("#source", Input).value.strip() or None,
            self.query_one("#place", Input).value.strip() or None,
        )

    @work(thread=True, exclusive=True, group="search")
    def _search(
        self,
        text: str,
        since: datetime | None,
        until: datetime | None,
        metric: str | None,
        source: str | None,
        place: str | None,
    ) -> None:
        start = time.perf_counter()
        try:
            hits = self.tally.desk.search(
                text, since=since, until=until, metric=metric, source=source, place=place
            )
        except TallyError as e:
            self.app.call_from_thread(self._failed, str(e))
            return
        self.app.call_from_thread(self._show, hits, time.perf_counter() - start)

    def _failed(self, message: str) -> None:
        self.query_one("#search-status", Static).update(literal(message, "bold red"))

    def _show(self, hits: list[RelatedClaim], seconds: float) -> None:
        self.hits = hits
        desk = self.tally.desk
        table = self.query_one("#hits", DataTable)
        reset(table, HIT_COLUMNS)
        for h in hits:
            c = h.claim
            table.add_row(
                f"{h.score:.2f}",
                Text(value_text(c), justify="right"),
                c.metric.value,
                literal(h.report.language),
                literal(short(c.source, 22)),
                literal(short(c.location, 16)),
                when(h.report.published),
                decision_text(desk.decision(c.id)),
                literal(short(c.quote, 70)),
                key=c.id,
            )
        self.last_seconds = seconds  # kept for the benchmark, not shown: snapshots stay stable
        self.query_one("#search-status", Static).update(
            Text(f"{len(hits)} claims · enter opens the report")
        )
        if hits:
            table.focus()

    @on(DataTable.RowSelected, "#hits")
    def _open(self, event: DataTable.RowSelected) -> None:
        hit = next((h for h in self.hits if h.claim.id == event.row_key.value), None)
        if hit is not None:
            self.tally.open_report(hit.report.id, hit.claim.id)


def _day(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (YYYY-MM-DD)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
