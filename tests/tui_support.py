"""Shared by the terminal UI tests: a store loaded with the corpus, the app, waiting helpers."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import chromadb
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerState

from assistant.app.pipeline import verify
from assistant.app.tui.app import TallyApp
from assistant.core.models import Claim, Report
from assistant.extract.protocol import Extractor, ExtractorBase
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs
from store import ClaimStore, open_store

# The seed wire carries no time of its own; this is when it was published.
SEED_PUBLISHED = datetime.fromisoformat("2019-01-22T20:00:00+03:00")
FIXED_NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
REVIEWER = "desk-tester"


def corpus_store_dir(
    factory: pytest.TempPathFactory, reports: list[Report], seed_wire: Path
) -> Path:
    """A store holding the corpus and the seed wire, built once per test session."""
    path = factory.getbasetemp() / "tui-corpus-store"
    done = path / ".complete"
    if not done.exists():
        shutil.rmtree(path, ignore_errors=True)
        seed = [r for r in read_inputs([str(seed_wire)], published=SEED_PUBLISHED)]
        assert all(isinstance(r, Report) for r in seed)
        store = open_store(str(path))
        verify([*reports, *(r for r in seed if isinstance(r, Report))], RulesExtractor(), store)
        done.touch()
    return path


def copy_store(source: Path, target: Path) -> ClaimStore:
    """A store of one's own, copied from the session's (tests that write change only theirs)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".complete"))
    return open_store(str(target))


def restart_store(path: Path) -> ClaimStore:
    """The store at path as a new process would open it: chromadb's shared client dropped."""
    chromadb.api.client.SharedSystemClient.clear_system_cache()
    return open_store(str(path))


def make_app(store: ClaimStore, extractor: Extractor | None = None) -> TallyApp:
    """The app as `tally ui` builds it, with a fixed reviewer and clock."""
    return TallyApp(
        store,
        extractor or RulesExtractor(),
        reviewer=REVIEWER,
        clock=lambda: FIXED_NOW,
    )


async def settle(pilot: Pilot[Any], until: Callable[[], bool] | None = None) -> None:
    """Let workers finish and messages land (and, if given, until a condition holds)."""
    # A screen starts its workers when mounted, a moment after it is pushed: idle means
    # no worker running on two looks in a row, with the message queue drained between.
    deadline = time.monotonic() + 30
    idle = 0
    while True:
        await pilot.pause()
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)
        if busy:
            idle = 0
            await pilot.app.workers.wait_for_complete()
        else:
            idle += 1
        if idle >= 2 and (until is None or until()):
            return
        if time.monotonic() > deadline:
            raise AssertionError("the UI did not reach the expected state within 30 s")
        await pilot.pause(0.02)


def no_blink(app: TallyApp) -> None:
    """Cursors that never blink: a snapshot must not depend on when it is taken."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False


class GatedExtractor(ExtractorBase):
    """The rules extractor held at a gate: the test decides when extraction may go on."""

    name = "rules"

    def __init__(self) -> None:
        self.inner = RulesExtractor()
        self.gate = threading.Event()
        self.entered = threading.Event()

    def extract(self, report: Report) -> list[Claim]:
        self.entered.set()
        if not self.gate.wait(30):
            raise TimeoutError("the test never opened the gate")
        return self.inner.extract(report)
