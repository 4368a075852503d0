"""Modal dialogs: load the samples, help, a reviewer's decision with a note."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from assistant.app.tui.app import TallyApp
from assistant.app.tui.safe import clean, literal
from assistant.core.models import Decision

HELP = """\
Everywhere
  ?          this help               ctrl+p     command palette
  /          search the archive      i          ingest: open a file or folder, paste a wire
  escape     back                    q          quit
Inbox
  enter      open the report or flag under the cursor
  r / g      reports / flags tab     f          flagged reports only
  ctrl+f     filter by title, outlet or id; pick a language in the list
Report
  up / down  choose a claim: its related claims (any language) show below
  enter      on a related claim: open its report
  s          series of the claim     f          its flag (or the report's first)
  v / x      verify / dispute the claim, with a note
Flag
  1 … 9      open the report of that side
  c / d      confirm / dismiss the flag, with a note
Series
  enter      open the report of the point under the cursor
Search
  enter      search (in any language); enter on a result opens its report
Ingest
  enter      in the path box: open that file or folder
  ctrl+s     verify the pasted wire
Numbers in a report are marked by status: reverse = flagged, underline = consistent
with related reports, italic = nothing related stored; boilerplate is dimmed.
"""


class HelpScreen(ModalScreen[None]):
    """Every key of every screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(Text("Tally keys", "bold"))
            yield Static(Text(HELP))
            app = self.app
            assert isinstance(app, TallyApp)
            where = clean(app.desk.store.location, one_line=True)
            yield Static(Text(f"store: {where}", "dim"), id="help-store")


class SamplesScreen(ModalScreen[bool]):
    """The store is empty: offer the bundled sample wires."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Load samples"),
        Binding("n,escape", "answer(False)", "Not now"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="samples", classes="dialog"):
            yield Static(Text("The store is empty.", "bold"))
            yield Static(
                Text(
                    "Load the sample wires that ship with Tally (a few reports in Turkish, "
                    "English and Arabic) to see how it works?"
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Load samples (y)", id="yes", variant="primary")
                yield Button("Not now (n)", id="no")

    def action_answer(self, load: bool) -> None:
        self.dismiss(load)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ReviewScreen(ModalScreen[tuple[Decision, str] | None]):
    """A decision on a flag or claim, with an optional note."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, decision: Decision, what: str, reviewer: str) -> None:
        super().__init__()
        self.decision = decision
        self.what = what
        self.reviewer = reviewer

    def compose(self) -> ComposeResult:
        with Vertical(id="review", classes="dialog"):
            title = Text(f"{self.decision.value.capitalize()}: ", "bold")
            title.append_text(literal(self.what))
            yield Static(title)
            yield Input(placeholder="note (optional), enter to save", id="note")
            who = Text("reviewer: ", "dim")
            who.append_text(literal(self.reviewer))
            yield Static(who)
            with Horizontal(classes="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        self.dismiss((self.decision, self.query_one("#note", Input).value))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.dismiss((self.decision, self.query_one("#note", Input).value))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
