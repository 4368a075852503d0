"""The Tally desk: a Textual app over one store and one extractor, given by the caller."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen

from assistant.app.review import reviewer_name
from assistant.app.tui.desk import Clock, Desk
from assistant.app.tui.safe import clean, short
from assistant.app.tui.widgets import soft_fail
from assistant.core.models import Decision, Flag, Review
from assistant.extract.protocol import Extractor

if TYPE_CHECKING:
    from store.chroma import ClaimStore

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


class DeskChanged(Message):
    """Reports, flags or decisions changed: screens showing them refresh."""


class FlagsFound(Message):
    """An ingest step raised flags (posted from its worker, shown as they come)."""

    def __init__(self, flags: list[Flag]) -> None:
        super().__init__()
        self.flags = flags


class TallyApp(App[int]):
    """Inbox, reports, flags, series, search, review and ingest over one store."""

    TITLE = "Tally"
    SUB_TITLE = "wire desk"
    CSS_PATH = "styles.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        # F1 reaches help from inside a text box too, where '?' is typed.
        Binding("f1", "help", "Help", show=False),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("i", "ingest", "Ingest"),
    ]

    def __init__(
        self,
        store: ClaimStore,
        extractor: Extractor,
        *,
        reviewer: str | None = None,
        clock: Clock | None = None,
        offer_samples: bool = True,
    ) -> None:
        super().__init__()
        # Resolved once: a config error shows before the UI starts, not at the first review.
        self.reviewer = reviewer_name(reviewer)
        self.desk = Desk(store, extractor, reviewer=self.reviewer, clock=clock)
        self.offer_samples = offer_samples
        self.loaded = False

    def on_mount(self) -> None:
        from assistant.app.tui.screens.inbox import InboxScreen
        from assistant.app.tui.screens.ingest import IngestScreen

        # Installed, not pushed anew: leaving the ingest screen must not cancel its worker.
        self.install_screen(IngestScreen(), "ingest")
        self.push_screen(InboxScreen())
        self._load()

    @work(thread=True, exclusive=True, group="load")
    @soft_fail
    def _load(self) -> None:
        # First paint happens before this: the inbox shows "loading" until it lands.
        self.desk.load()
        self.call_from_thread(self._loaded)
        self.desk.warm_up()

    def _loaded(self) -> None:
        self.loaded = True
        self.announce()
        if self.desk.empty and self.offer_samples:
            from assistant.app.tui.screens.dialogs import SamplesScreen

            self.push_screen(SamplesScreen(), self._samples_answer)

    def _samples_answer(self, load: bool | None) -> None:
        if load:
            files = sorted(str(p) for p in SAMPLES.iterdir() if p.is_file())
            self.ingest_paths(files)

    def ingest_paths(self, paths: list[str]) -> None:
        """Show the ingest screen and verify these files and folders."""
        from assistant.app.tui.screens.ingest import IngestScreen

        self.action_ingest()
        screen = self.get_screen("ingest")
        assert isinstance(screen, IngestScreen)
        self.call_after_refresh(screen.run_paths, paths)

    def announce(self) -> None:
        """Tell every screen on the stack that what the desk knows has changed."""
        for screen in self.screen_stack:
            screen.post_message(DeskChanged())

    def on_flags_found(self, message: FlagsFound) -> None:
        self.announce()
        n = len(message.flags)
        self.notify(f"{n} flag{'s' if n != 1 else ''} on the new wires", title="Ingest")

    # ---------- actions every screen shares ----------

    def action_help(self) -> None:
        from assistant.app.tui.screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from assistant.app.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_ingest(self) -> None:
        from assistant.app.tui.screens.ingest import IngestScreen

        if not isinstance(self.screen, IngestScreen):
            self.push_screen("ingest")

    def open_report(self, report_id: str, claim_id: str | None = None) -> None:
        """Show a report, with one of its claims selected."""
        from assistant.app.tui.screens.report import ReportScreen

        self.push_screen(ReportScreen(report_id, claim_id))

    def open_flag(self, flag_id: str) -> None:
        """Show a flag's quotes side by side."""
        from assistant.app.tui.screens.flag import FlagScreen

        self.push_screen(FlagScreen(flag_id))

    def open_series(self, claim_id: str) -> None:
        """Plot the quantity a claim counts over time."""
        from assistant.app.tui.screens.series import SeriesScreen

        self.push_screen(SeriesScreen(claim_id))

    def ask_review(self, target: str, decision: Decision, what: str) -> None:
        """Ask for a note, then record the decision on a flag or claim."""
        from assistant.app.tui.screens.dialogs import ReviewScreen

        def answered(answer: tuple[Decision, str] | None) -> None:
            if answer is not None:
                self._save_review(target, answer[0], answer[1])

        self.push_screen(ReviewScreen(decision, what, self.reviewer), answered)

    @work(thread=True, group="review")
    @soft_fail
    def _save_review(self, target: str, decision: Decision, note: str) -> None:
        review = self.desk.review(target, decision, note)
        self.call_from_thread(self._reviewed, review)

    def _reviewed(self, review: Review) -> None:
        self.announce()
        self.notify(
            f"{review.decision.value}: {clean(review.target, one_line=True)}",
            title="Review saved",
            markup=False,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search the archive", "Semantic, any language", self.action_search)
        yield SystemCommand("Ingest wires", "Open files or paste a wire", self.action_ingest)
        yield SystemCommand("Help", "Keys of every screen", self.action_help)
        # The palette reads its strings as markup: wire text goes in escaped and cleaned.
        for flag in self.desk.flags()[:50]:
            reports = " / ".join(dict.fromkeys(c.report for c in flag.claims))
            yield SystemCommand(
                escape(short(f"Flag {flag.kind.value} {reports}", 60)),
                escape(short(flag.explanation, 120)),
                partial(self.open_flag, flag.id),
            )
