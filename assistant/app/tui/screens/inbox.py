"""Inbox: reports newest first and every flag, with filters."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import (
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from assistant.app.tui.app import DeskChanged, TallyApp
from assistant.app.tui.render import decision_text, value_text, when
from assistant.app.tui.safe import literal, short
from assistant.app.tui.widgets import current_key, reset, restore

TITLE_WIDTH = 60
# A table row costs ~0.7 ms to add and measure: 10,000 would hold the inbox back for
# seven seconds, and nobody scrolls that far; the filters reach every report.
MAX_ROWS = 300
# Fixed widths: DataTable sizes auto-width columns lazily, once rows have landed, so a
# table could be caught half-measured; wire text is cut to these widths anyway.
REPORT_COLUMNS = (
    ("published", 16),
    ("lang", 4),
    ("claims", 6),
    ("flags", 5),
    ("title", TITLE_WIDTH),
    ("outlet", 28),
)
FLAG_COLUMNS = (
    ("kind", 19),
    ("reports", 24),
    ("values", 20),
    ("decision", 24),
    ("explanation", 90),
)


class InboxScreen(Screen[None]):
    """Every stored report and flag; enter opens one."""

    AUTO_FOCUS = "#report-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "toggle_flagged", "Flagged only"),
        Binding("ctrl+f", "focus_filter", "Filter"),
        Binding("r", "show_tab('reports')", "Reports"),
        Binding("g", "show_tab('flags')", "Flags"),
    ]

    @property
    def tally(self) -> TallyApp:
        assert isinstance(self.app, TallyApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="filters"):
            yield Input(placeholder="filter: title, outlet, id (ctrl+f)", id="filter", compact=True)
            yield Select[str]([], prompt="language", id="language", compact=True)
            yield Checkbox("flagged only", id="flagged", compact=True)
        with TabbedContent(id="tabs", initial="reports"):
            with TabPane("Reports", id="reports"):
                yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Flags", id="flags"):
                yield DataTable(id="flag-table", cursor_type="row", zebra_stripes=True)
        yield Static("loading the store…", id="inbox-status")
        yield Footer()

    def __init__(self) -> None:
        super().__init__()
        self._languages: list[str] = []

    def on_mount(self) -> None:
        reports = self.query_one("#report-table", DataTable)
        reset(reports, REPORT_COLUMNS)
        reset(self.query_one("#flag-table", DataTable), FLAG_COLUMNS)
        reports.focus()
        if self.tally.loaded:
            self.refill()

    def on_desk_changed(self, _message: DeskChanged) -> None:
        self.refill()

    def refill(self) -> None:
        """Rebuild both tables from the desk, keeping the cursor on the same row."""
        desk = self.tally.desk
        language: Select[str] = self.query_one("#language", Select)
        langs = desk.languages()
        if langs != self._languages:
            self._languages = langs
            language.set_options((lang, lang) for lang in langs)
        text = self.query_one("#filter", Input).value
        chosen = language.value if isinstance(language.value, str) else None
        flagged_only = self.query_one("#flagged", Checkbox).value
        rows = desk.inbox(text, language=chosen, flagged_only=flagged_only)

        table = self.query_one("#report-table", DataTable)
        keep = current_key(table)
        reset(table, REPORT_COLUMNS)
        for row in rows[:MAX_ROWS]:
            r = row.report
            table.add_row(
                when(r.published),
                literal(r.language),
                Text("…" if row.claims is None else str(row.claims), justify="right"),
                Text(str(row.flags) if row.flags else "", "bold red", justify="right"),
                literal(short(r.title, TITLE_WIDTH)),
                literal(short(r.outlet, 28)),
                key=r.id,
            )
        restore(table, keep)

        flag_table = self.query_one("#flag-table", DataTable)
        keep = current_key(flag_table)
        reset(flag_table, FLAG_COLUMNS)
        n_flags = 0
        shown = {row.report.id for row in rows}
        filtered = bool(text or chosen or flagged_only)
        for f in desk.flags():
            # Filters narrow the flags too: those touching a report still listed.
            if filtered and not {c.report for c in f.claims} & shown:
                continue
            n_flags += 1
            if n_flags > MAX_ROWS:
                continue  # counted, not listed
            kind = Text(f.kind.value, "bold red" if f.severity == "error" else "cyan")
            flag_table.add_row(
                kind,
                literal(short(" / ".join(dict.fromkeys(c.report for c in f.claims)), 24)),
                Text(" vs ".join(value_text(c) for c in f.claims)),
                decision_text(desk.decision(f.id)),
                literal(short(f.explanation, 90)),
                key=f.id,
            )
        restore(flag_table, keep)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("reports").label = f"Reports ({len(rows)})"
        tabs.get_tab("flags").label = f"Flags ({n_flags})"
        total = desk.report_count
        listed = f"{len(rows)} of {total} reports" if len(rows) != total else f"{total} reports"
        status = f"{listed}, {len(desk.flags())} flags"
        if len(rows) > MAX_ROWS:
            status += f"; the newest {MAX_ROWS} shown, filter to narrow"
        if not self.tally.loaded:
            status = "loading the store…"
        elif not total:
            status = "the store is empty: press i to ingest wires"
        self.query_one("#inbox-status", Static).update(Text(status))

    @on(Input.Changed, "#filter")
    @on(Select.Changed, "#language")
    @on(Checkbox.Changed, "#flagged")
    def _filters_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#report-table", DataTable).focus()

    @on(DataTable.RowSelected, "#report-table")
    def _open_report(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.tally.open_report(event.row_key.value)

    @on(DataTable.RowSelected, "#flag-table")
    def _open_flag(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.tally.open_flag(event.row_key.value)

    def action_toggle_flagged(self) -> None:
        box = self.query_one("#flagged", Checkbox)
        box.value = not box.value

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one("#report-table" if tab == "reports" else "#flag-table", DataTable).focus()
