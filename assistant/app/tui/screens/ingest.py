"""Ingest: open a file or folder, or paste a wire; verification runs in a worker."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, ProgressBar, Static, TextArea

from assistant.app.tui.app import FlagsFound, TallyApp
from assistant.app.tui.render import value_text
from assistant.app.tui.safe import literal, short
from assistant.core.errors import InputError, TallyError
from assistant.core.models import Flag, Report
from assistant.io.readers import read_inputs

SUFFIXES = {".txt", ".md", ".html", ".htm", ".json", ".jsonl"}


class IngestScreen(Screen[None]):
    """Read wires, verify them against the store, show each new flag as it is found."""

    AUTO_FOCUS = "#path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "verify_paste", "Verify pasted wire"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.running = False
        self.found: list[Flag] = []

    @property
    def tally(self) -> TallyApp:
        assert isinstance(self.app, TallyApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(classes="row"):
            yield Input(placeholder="file or folder to verify, enter to open", id="path")
            yield Button("Open", id="open", compact=True)
        with Horizontal(classes="row"):
            yield Input(placeholder="title", id="title", compact=True)
            yield Input(placeholder="outlet", id="outlet", compact=True)
            yield Input(placeholder="published ISO", id="published", compact=True)
            yield Input(placeholder="lang", id="language", compact=True)
        yield TextArea(id="paste", soft_wrap=True, show_line_numbers=False)
        with Horizontal(classes="row", id="progress-row"):
            yield Button("Verify pasted wire (ctrl+s)", id="verify", compact=True)
            yield ProgressBar(id="progress", show_eta=False)
        yield Static(Text("paste a wire's body above, or name a file or folder"), id="ingest-log")
        yield DataTable(id="new-flags", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new-flags", DataTable).add_columns("kind", "values", "explanation")
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#open")
    def _open(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if path:
            self.run_paths([path])

    @on(Button.Pressed, "#verify")
    def _verify_pressed(self) -> None:
        self.action_verify_paste()

    def action_verify_paste(self) -> None:
        body = self.query_one("#paste", TextArea).text
        if not body.strip():
            self._log("nothing pasted", "bold red")
            return
        wire: dict[str, str] = {"body": body}
        wire["id"] = "paste-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]
        for name in ("title", "outlet", "published", "language"):
            value = self.query_one(f"#{name}", Input).value.strip()
            if value:
                wire[name] = value
        self._run(["-"], json.dumps(wire, ensure_ascii=False))

    def run_paths(self, paths: list[str]) -> None:
        """Verify every wire in these files and folders."""
        files: list[str] = []
        for p in paths:
            path = Path(p).expanduser()
            if path.is_dir():
                files += sorted(
                    str(f) for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                )
            else:
                files.append(str(path))
        self._run(files, None)

    def _run(self, files: list[str], stdin: str | None) -> None:
        if self.running:
            self._log("a verification is already running", "bold yellow")
            return
        self.running = True
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self._log(f"reading {len(files)} input{'s' if len(files) != 1 else ''}…")
        self._verify(files, stdin)

    @work(thread=True, exclusive=True, group="ingest")
    def _verify(self, files: list[str], stdin: str | None) -> None:
        reports: list[Report] = []
        errors: list[str] = []
        stream = io.StringIO(stdin) if stdin is not None else None
        for item in read_inputs(files, stdin=stream):
            if isinstance(item, InputError):
                errors.append(str(item))
            else:
                reports.append(item)
        if not reports:
            self.app.call_from_thread(self._finished, 0, 0, errors)
            return

        def progress(done: int, total: int, message: str) -> None:
            self.app.call_from_thread(self._progress, done, total, message)

        def on_flags(flags: list[Flag]) -> None:
            self.app.call_from_thread(self._flags, flags)

        try:
            out = self.tally.desk.ingest(reports, progress=progress, on_flags=on_flags)
        except TallyError as e:
            self.app.call_from_thread(self._finished, 0, 0, [*errors, str(e)])
            return
        self.app.call_from_thread(self._finished, len(out.reports), len(out.flags), errors)

    def _log(self, message: str, style: str = "") -> None:
        self.query_one("#ingest-log", Static).update(literal(message, style, one_line=False))

    def _progress(self, done: int, total: int, message: str) -> None:
        self.query_one("#progress", ProgressBar).update(total=total, progress=done)
        self._log(f"{done}/{total} · {message}")

    def _flags(self, flags: list[Flag]) -> None:
        table = self.query_one("#new-flags", DataTable)
        for f in flags:
            if f.id in {x.id for x in self.found}:
                continue
            self.found.append(f)
            table.add_row(
                Text(f.kind.value, "bold red" if f.severity == "error" else "cyan"),
                Text(" vs ".join(value_text(c) for c in f.claims)),
                literal(short(f.explanation, 100)),
                key=f.id,
            )
        self.app.post_message(FlagsFound(flags))

    def _finished(self, reports: int, flags: int, errors: list[str]) -> None:
        self.running = False
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(reports, 1), progress=max(reports, 1))
        lines = [f"done: {reports} reports verified, {flags} flags touch them"]
        lines += errors[:5]
        self._log("\n".join(lines), "bold red" if errors and not reports else "")
        self.tally.announce()

    @on(DataTable.RowSelected, "#new-flags")
    def _open_flag(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.tally.open_flag(event.row_key.value)
