"""Flag: every quote of one inconsistency side by side, with keys to each report."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from assistant.app.tui.app import DeskChanged, TallyApp
from assistant.app.tui.desk import Status
from assistant.app.tui.render import DECISION_STYLE, STATUS_STYLE, decision_text, value_text, when
from assistant.app.tui.safe import clean, literal
from assistant.app.tui.widgets import soft_fail
from assistant.core.models import Claim, Decision, Flag


class FlagScreen(Screen[None]):
    """One flag: its explanation, every side with value, source, time and quote."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("1", "side(1)", "Report 1"),
        Binding("2", "side(2)", "Report 2"),
        *(Binding(str(n), f"side({n})", show=False) for n in range(3, 10)),
        Binding("c", "review('confirmed')", "Confirm"),
        Binding("d", "review('dismissed')", "Dismiss"),
    ]

    def __init__(self, flag_id: str) -> None:
        super().__init__()
        self.flag_id = flag_id
        self.flag: Flag | None = None
        self.claims: dict[str, Claim] = {}

    @property
    def tally(self) -> TallyApp:
        assert isinstance(self.app, TallyApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="flag-pane"):
            yield Static(id="flag-head")
            yield HorizontalScroll(id="sides")
            yield Static(id="flag-explanation")
            yield Static(id="flag-decision")
        yield Footer()

    def on_mount(self) -> None:
        self.flag = self.tally.desk.flag(self.flag_id)
        self._load()

    @work(thread=True, exclusive=True)
    @soft_fail
    def _load(self) -> None:
        # The full claims give the number's place in each quote, to mark it.
        if self.flag is None:
            self.app.call_from_thread(self._show)
            return
        store = self.tally.desk.store
        claims = {c.id: claim for c in self.flag.claims if (claim := store.get_claim(c.id))}
        self.app.call_from_thread(self._show, claims)

    def _show(self, claims: dict[str, Claim] | None = None) -> None:
        head = self.query_one("#flag-head", Static)
        if self.flag is None:
            head.update(Text(f"no stored flag {clean(self.flag_id, one_line=True)}", "bold red"))
            return
        self.claims = claims or {}
        f = self.flag
        style = "bold red" if f.severity == "error" else "bold cyan"
        title = Text(f.kind.value.replace("_", " "), style)
        title.append(f"  {f.severity} · {len(f.claims)} claims · {f.id}", "not bold")
        head.update(title)
        sides = self.query_one("#sides", HorizontalScroll)
        sides.remove_children()
        desk = self.tally.desk
        for n, fc in enumerate(f.claims, 1):
            report = desk.get_report(fc.report)
            text = Text(end="")
            text.append(f"[{n}] ", "bold reverse")
            text.append_text(literal(fc.report, "bold"))
            text.append("\n")
            text.append_text(literal(report.outlet if report else "", "italic"))
            text.append(f"\n{when(fc.published)}\n")
            text.append(value_text(fc), STATUS_STYLE[Status.FLAGGED])
            text.append("  ")
            text.append_text(literal(fc.source or "outlet's own voice"))
            text.append("\n\n")
            text.append_text(self._quote(fc.id, fc.quote))
            review = desk.decision(fc.id)
            if review is not None:
                text.append("\n")
                text.append_text(decision_text(review))
            sides.mount(Vertical(Static(text), classes="side"))
        explanation = Text("Why: ", "bold")
        explanation.append_text(literal(f.explanation, one_line=False))
        self.query_one("#flag-explanation", Static).update(explanation)
        self._show_decision()

    def _quote(self, claim_id: str, quote: str) -> Text:
        text = Text(clean(quote, one_line=True), end="")
        claim = self.claims.get(claim_id)
        if claim is not None:
            at = quote.find(claim.number_text)
            if at >= 0:
                text.stylize("bold underline", at, at + len(claim.number_text))
        return text

    def _show_decision(self) -> None:
        box = self.query_one("#flag-decision", Static)
        review = self.tally.desk.decision(self.flag_id)
        if review is None:
            box.update(Text("Not reviewed: c to confirm, d to dismiss.", "dim"))
            return
        out = Text("Review: ", "bold")
        out.append(review.decision.value, DECISION_STYLE[review.decision])
        out.append(" by ")
        out.append_text(literal(review.reviewer))
        out.append(f" at {when(review.at)}")
        if review.note:
            out.append("\nNote: ")
            out.append_text(literal(review.note, one_line=False))
        box.update(out)

    def on_desk_changed(self, _message: DeskChanged) -> None:
        if self.flag is not None:
            self._show_decision()

    def action_side(self, n: int) -> None:
        if self.flag is not None and 0 < n <= len(self.flag.claims):
            fc = self.flag.claims[n - 1]
            self.tally.open_report(fc.report, fc.id)

    def action_review(self, decision: str) -> None:
        if self.flag is not None:
            what = f"{self.flag.kind.value} " + " / ".join(c.id for c in self.flag.claims)
            self.tally.ask_review(self.flag.id, Decision(decision), what)
