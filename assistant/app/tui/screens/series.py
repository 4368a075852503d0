"""Series: one quantity over time, one mark per source, flagged points marked."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from assistant.app.tui.app import TallyApp
from assistant.app.tui.desk import Series, Status, source_name
from assistant.app.tui.render import STATUS_MARK, STATUS_STYLE, value_text, when
from assistant.app.tui.safe import clean, literal, short
from assistant.app.tui.widgets import reset, soft_fail

# Marks differ by shape, not only colour: the plot reads in monochrome too.
MARKERS = ("●", "■", "▲", "◆", "+", "o", "*", "#")
COLORS = ("cyan", "green", "orange", "blue", "magenta", "yellow", "white", "gray")
FLAGGED_MARKER = "✗"
# Fixed widths (see inbox.REPORT_COLUMNS); wire text is cut to them.
POINT_COLUMNS = (
    ("published", 16),
    ("source", 30),
    ("value", 10),
    ("flag", 4),
    ("report", 12),
    ("quote", 60),
)


class SeriesScreen(Screen[None]):
    """The plot of a quantity's figures and the table of them."""

    AUTO_FOCUS = "#points"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, claim_id: str) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.series: Series | None = None

    @property
    def tally(self) -> TallyApp:
        assert isinstance(self.app, TallyApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(Text(f"series of {clean(self.claim_id, one_line=True)}…"), id="series-title")
        yield PlotextPlot(id="plot")
        yield DataTable(id="points", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        reset(self.query_one("#points", DataTable), POINT_COLUMNS)
        self.query_one("#points", DataTable).focus()
        self._load()

    @work(thread=True, exclusive=True)
    @soft_fail
    def _load(self) -> None:
        claim = self.tally.desk.store.get_claim(self.claim_id)
        series = self.tally.desk.series(claim) if claim is not None else None
        self.app.call_from_thread(self._show, series)

    def _show(self, series: Series | None) -> None:
        title = self.query_one("#series-title", Static)
        if series is None:
            title.update(Text(f"no stored claim {clean(self.claim_id, one_line=True)}", "bold red"))
            return
        self.series = series
        head = Text(end="")
        head.append_text(literal(short(series.title, 100), "bold"))
        flagged = sum(p.flagged for p in series.points)
        head.append(f" · {len(series.points)} points · {len(series.sources)} sources")
        head.append(f" · {flagged} flagged")
        title.update(head)
        self._plot(series)
        table = self.query_one("#points", DataTable)
        reset(table, POINT_COLUMNS)
        for p in series.points:
            table.add_row(
                when(p.report.published),
                literal(short(source_name(p.claim), 30)),
                Text(value_text(p.claim), justify="right"),
                Text(STATUS_MARK[Status.FLAGGED], STATUS_STYLE[Status.FLAGGED])
                if p.flagged
                else Text(""),
                literal(short(p.report.id, 12)),
                literal(short(p.claim.quote, 60)),
                key=p.claim.id,
            )
        if self.claim_id in {p.claim.id for p in series.points}:
            table.move_cursor(row=table.get_row_index(self.claim_id), animate=False)

    def _plot(self, series: Series) -> None:
        plot = self.query_one("#plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        dated = [p for p in series.points if p.report.published is not None]
        if not dated:
            plt.title("no dated figures")
            plot.refresh()
            return
        first = min(_t(p.report.published) for p in dated)

        def day(moment: datetime | None) -> float:
            return (_t(moment) - first) / 86400

        for n, source in enumerate(series.sources):
            mine = [p for p in dated if source_name(p.claim) == source]
            if not mine:
                continue
            xs = [day(p.report.published) for p in mine]
            ys = [float(p.claim.value) for p in mine]
            # Labels are wire text: plotext draws them as plain characters, cut short.
            # A thin line for the trend, the source's own shape on each figure.
            color = COLORS[n % len(COLORS)]
            plt.plot(xs, ys, marker="braille", color=color)
            plt.scatter(
                xs, ys, marker=MARKERS[n % len(MARKERS)], color=color, label=short(source, 24)
            )
        bad = [p for p in dated if p.flagged]
        if bad:
            plt.scatter(
                [day(p.report.published) for p in bad],
                [float(p.claim.value) for p in bad],
                marker=FLAGGED_MARKER,
                color="red",
                label="flagged",
            )
        days = sorted({float(round(day(p.report.published))) for p in dated})
        step = max(1, len(days) // 6)
        ticks = days[::step]
        # Ticks in the wires' own offset: a desk reads the times the wires gave.
        zone = dated[0].report.published.tzinfo if dated[0].report.published else None
        labels = [
            datetime.fromtimestamp(first + d * 86400, tz=zone).strftime("%m-%d") for d in ticks
        ]
        plt.xticks(ticks, labels)
        plt.xlabel("published (month-day)")
        plot.refresh()

    @on(DataTable.RowSelected, "#points")
    def _open(self, event: DataTable.RowSelected) -> None:
        if self.series is None:
            return
        point = next((p for p in self.series.points if p.claim.id == event.row_key.value), None)
        if point is not None:
            self.tally.open_report(point.report.id, point.claim.id)


def _t(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0
