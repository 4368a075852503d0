"""Report: the text with its numbers marked, its claims, and what relates to each claim."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from assistant.app.tui.app import DeskChanged, TallyApp
from assistant.app.tui.desk import ReportView, Status
from assistant.app.tui.render import (
    decision_text,
    report_body,
    status_cell,
    status_legend,
    value_text,
    when,
)
from assistant.app.tui.safe import clean, literal, short
from assistant.app.tui.widgets import current_key, reset, restore, soft_fail
from assistant.core.models import Claim, Decision

if TYPE_CHECKING:
    from store.chroma import RelatedClaim

# Below this width the text sits above the tables instead of beside them.
WIDE = 120
# Fixed widths (see inbox.REPORT_COLUMNS); wire text is cut to them.
CLAIM_COLUMNS = (
    ("status", 12),
    ("value", 10),
    ("what", 34),
    ("period", 26),
    ("place", 18),
    ("source", 24),
    ("by", 8),
    ("review", 24),
)
RELATED_COLUMNS = (
    ("score", 5),
    ("value", 10),
    ("lang", 4),
    ("source", 22),
    ("published", 16),
    ("report", 12),
    ("quote", 60),
)


class ReportScreen(Screen[None]):
    """One report: text, claims table, related claims of the selected claim."""

    AUTO_FOCUS = "#claims"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("s", "series", "Series"),
        Binding("f", "flag", "Flag"),
        Binding("v", "review('verified')", "Verify"),
        Binding("x", "review('disputed')", "Dispute"),
    ]

    def __init__(self, report_id: str, claim_id: str | None = None) -> None:
        super().__init__()
        self.report_id = report_id
        self.selected = claim_id
        self.view: ReportView | None = None
        self.related: dict[str, list[RelatedClaim]] = {}
        self._decisions: dict[str, str] = {}

    @property
    def tally(self) -> TallyApp:
        assert isinstance(self.app, TallyApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(Text(f"opening {clean(self.report_id, one_line=True)}…"), id="report-meta")
        with Horizontal(id="report-main"):
            with VerticalScroll(id="body-pane"):
                yield Static(id="report-body")
                yield Static(status_legend(), id="legend")
            with Vertical(id="report-side"):
                yield DataTable(id="claims", cursor_type="row")
                yield Static("Related claims", id="related-title")
                yield DataTable(id="related", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        claims = self.query_one("#claims", DataTable)
        reset(claims, CLAIM_COLUMNS)
        reset(self.query_one("#related", DataTable), RELATED_COLUMNS)
        claims.focus()
        self._open()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < WIDE, "narrow")

    @work(thread=True, exclusive=True, group="open")
    @soft_fail
    def _open(self) -> None:
        view = self.tally.desk.report_view(self.report_id)
        self.app.call_from_thread(self._show, view)
        if view is None:
            return
        # Neighbours of each claim, one at a time: statuses settle as they come.
        desk = self.tally.desk
        for claim in self._ordered(view.claims):
            hits = desk.related(claim)
            status = desk.status_from(claim, hits)
            self.app.call_from_thread(self._related_found, claim, hits, status)

    def _ordered(self, claims: list[Claim]) -> list[Claim]:
        # The selected claim first, so its panel fills before the others.
        return sorted(claims, key=lambda c: c.id != self.selected)

    def _show(self, view: ReportView | None) -> None:
        if view is None:
            self.query_one("#report-meta", Static).update(
                Text(f"no stored report {clean(self.report_id, one_line=True)}", "bold red")
            )
            return
        self.view = view
        r = view.report
        meta = Text(end="")
        meta.append_text(literal(short(r.title, 200), "bold"))
        meta.append("\n")
        meta.append_text(literal(f"{r.outlet or 'unknown outlet'}"))
        meta.append(f" · {r.language} · {when(r.published)} · ")
        meta.append_text(literal(r.id))
        meta.append(f" · {len(view.claims)} claims · {len(view.flags)} flags")
        self.query_one("#report-meta", Static).update(meta)
        if self.selected is None and view.claims:
            self.selected = view.claims[0].id
        self._decisions = self._current_decisions()
        self._fill_claims()
        self._draw_body()
        self._fill_related()

    def _fill_claims(self) -> None:
        if self.view is None:
            return
        desk = self.tally.desk
        table = self.query_one("#claims", DataTable)
        reset(table, CLAIM_COLUMNS)
        for c in self.view.claims:
            table.add_row(
                status_cell(self.view.status[c.id]),
                Text(value_text(c), justify="right"),
                literal(short(c.counts or c.unit, 34)),
                literal(short(c.period, 26)),
                literal(short(c.location, 18)),
                literal(short(c.source, 24)),
                literal(short(c.extractor.split(":")[0], 8)),
                decision_text(desk.decision(c.id)),
                key=c.id,
            )
        restore(table, self.selected)

    def _draw_body(self) -> None:
        if self.view is None:
            return
        v = self.view
        body = report_body(v.report.body, v.claims, v.status, v.boilerplate, self.selected)
        self.query_one("#report-body", Static).update(body)

    def _related_found(self, claim: Claim, hits: list[RelatedClaim], status: Status) -> None:
        if self.view is None:
            return
        self.related[claim.id] = hits
        if self.view.status.get(claim.id) != status:
            self.view.status[claim.id] = status
            table = self.query_one("#claims", DataTable)
            table.update_cell(claim.id, table.ordered_columns[0].key, status_cell(status))
            self._draw_body()
        if claim.id == self.selected:
            self._fill_related()

    def _fill_related(self) -> None:
        table = self.query_one("#related", DataTable)
        title = self.query_one("#related-title", Static)
        reset(table, RELATED_COLUMNS)
        if self.selected is None:
            title.update(Text("Related claims: this report has no claims"))
            return
        hits = self.related.get(self.selected)
        if hits is None:
            title.update(Text(f"Related to {clean(self.selected, one_line=True)}: looking…"))
            return
        which = clean(self.selected, one_line=True)
        label = Text(f"Related to {which}: {len(hits)} claims of other reports")
        title.update(label)
        for h in hits:
            table.add_row(
                f"{h.score:.2f}",
                Text(value_text(h.claim), justify="right"),
                literal(h.report.language),
                literal(short(h.claim.source, 22)),
                when(h.report.published),
                literal(short(h.report.id, 12)),
                literal(short(h.claim.quote, 60)),
                key=h.claim.id,
            )

    @on(DataTable.RowHighlighted, "#claims")
    def _claim_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is None or key == self.selected:
            return
        self.selected = key
        self._draw_body()
        self._fill_related()
        if self.view is not None:
            claim = next(c for c in self.view.claims if c.id == key)
            pane = self.query_one("#body-pane", VerticalScroll)
            share = claim.span[0] / max(len(self.view.report.body), 1)
            pane.scroll_to(y=int(pane.max_scroll_y * share), animate=False)

    @on(DataTable.RowSelected, "#related")
    def _open_related(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        hits = self.related.get(self.selected or "", [])
        hit = next((h for h in hits if h.claim.id == key), None)
        if hit is not None:
            self.tally.open_report(hit.report.id, hit.claim.id)

    @on(DataTable.RowSelected, "#claims")
    def _claim_selected(self) -> None:
        self.query_one("#related", DataTable).focus()

    def on_desk_changed(self, _message: DeskChanged) -> None:
        if self.view is None:
            return
        desk = self.tally.desk
        before = (dict(self.view.status), self._decisions)
        # Decisions and flags may have changed: flagged status follows them.
        for c in self.view.claims:
            if c.id not in self.related and self.view.status[c.id] == Status.PENDING:
                continue  # its lookup is still running and will set it
            if desk.flagged(c.id):
                self.view.status[c.id] = Status.FLAGGED
            elif self.view.status[c.id] == Status.FLAGGED:
                self.view.status[c.id] = desk.status_from(c, self.related.get(c.id, []))
        self._decisions = self._current_decisions()
        if (self.view.status, self._decisions) == before:
            return  # nothing shown here changed: leave the tables as they are
        keep = current_key(self.query_one("#claims", DataTable))
        self._fill_claims()
        restore(self.query_one("#claims", DataTable), keep)
        self._draw_body()

    def _current_decisions(self) -> dict[str, str]:
        if self.view is None:
            return {}
        desk = self.tally.desk
        return {
            c.id: review.decision.value
            for c in self.view.claims
            if (review := desk.decision(c.id)) is not None
        }

    def _claim(self) -> Claim | None:
        if self.view is None or self.selected is None:
            return None
        return next((c for c in self.view.claims if c.id == self.selected), None)

    def action_series(self) -> None:
        claim = self._claim()
        if claim is not None:
            self.tally.open_series(claim.id)

    def action_flag(self) -> None:
        if self.view is None:
            return
        claim = self._claim()
        mine = self.tally.desk.flags_of_claim(claim.id) if claim is not None else []
        chosen = mine or self.view.flags
        if chosen:
            self.tally.open_flag(chosen[0].id)
        else:
            self.notify("no flag holds this report", markup=False)

    def action_review(self, decision: str) -> None:
        claim = self._claim()
        if claim is not None:
            what = f"{claim.id} {value_text(claim)} {short(claim.quote, 40)}"
            self.tally.ask_review(claim.id, Decision(decision), what)
