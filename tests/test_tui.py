"""The terminal UI driven through Textual's pilot on a store loaded with the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Static, TextArea
from tui_support import (
    REVIEWER,
    GatedExtractor,
    copy_store,
    corpus_store_dir,
    make_app,
    restart_store,
    settle,
)

from assistant.app.tui.desk import Status
from assistant.app.tui.render import BOILERPLATE, STATUS_STYLE, number_span
from assistant.app.tui.screens.dialogs import HelpScreen
from assistant.app.tui.screens.flag import FlagScreen
from assistant.app.tui.screens.inbox import InboxScreen
from assistant.app.tui.screens.ingest import IngestScreen
from assistant.app.tui.screens.report import ReportScreen
from assistant.app.tui.screens.search import SearchScreen
from assistant.app.tui.screens.series import SeriesScreen
from assistant.core.models import Decision, FlagKind, Report
from store import ClaimStore

# anyio's pytest plugin runs the async tests (it comes with httpx); asyncio is what Textual uses.
pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def corpus_dir(
    tmp_path_factory: pytest.TempPathFactory, corpus_reports: list[Report], seed_wire: Path
) -> Path:
    return corpus_store_dir(tmp_path_factory, corpus_reports, seed_wire)


@pytest.fixture
def store(corpus_dir: Path, tmp_path: Path) -> ClaimStore:
    return copy_store(corpus_dir, tmp_path / "store")


def _styles_at(text: Text, start: int, end: int) -> set[str]:
    """Every style applied over the whole of [start, end)."""
    return {str(s.style) for s in text.spans if s.start <= start and end <= s.end}


def _row_keys(table: DataTable[object]) -> list[str]:
    return [str(k.value) for k in table.rows]


async def test_inbox_lists_reports_newest_first_and_filters(store: ClaimStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        table = app.screen.query_one("#report-table", DataTable)
        keys = _row_keys(table)
        assert len(keys) == 27 and keys[0] == "w26"  # 26 wires and the seed, newest first
        claims_column = table.ordered_columns[2].key
        for key in ("w26", "w17", "w01"):
            shown = table.get_cell(key, claims_column)
            assert isinstance(shown, Text)
            assert shown.plain == str(len(store.claims(report=key)))
        await pilot.press("ctrl+f", *"Baghouz", "enter")
        await settle(pilot)
        filtered = _row_keys(table)
        assert 0 < len(filtered) < len(keys)
        assert all("baghouz" in (store.get_report(k).title.casefold()) for k in filtered)  # type: ignore[union-attr]
        await pilot.press("ctrl+f", *["backspace"] * 7, "enter", "f")
        await settle(pilot)
        flagged = set(_row_keys(table))
        assert flagged == {c.report for f in store.flags() for c in f.claims}


async def test_report_shows_claims_and_marks_numbers_by_status(store: ClaimStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: app.loaded)
        app.open_report("w17")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.view is not None
        claims = store.claims(report="w17")
        assert _row_keys(screen.query_one("#claims", DataTable)) == [c.id for c in claims]
        body = screen.query_one("#report-body", Static).content
        assert isinstance(body, Text) and body.plain == screen.view.report.body
        flagged = {c.id for f in store.flags() for c in f.claims}
        seen = set()
        for claim in claims:
            status = screen.view.status[claim.id]
            seen.add(status)
            assert (status == Status.FLAGGED) == (claim.id in flagged)
            start, end = number_span(body.plain, claim)
            assert body.plain[start:end] == claim.number_text
            assert STATUS_STYLE[status] in _styles_at(body, start, end)
        # Every lookup finished: no claim is left pending, and both kinds show here.
        assert Status.PENDING not in seen
        assert {Status.FLAGGED, Status.CONSISTENT} <= seen
        # The selected claim's related claims come from other reports, Arabic among them.
        related = screen.related[screen.selected or ""]
        assert related and all(h.report.id != "w17" for h in related)
        assert "ar" in {h.report.language for h in related}


async def test_report_dims_the_cookie_banner_of_the_seed_wire(store: ClaimStore) -> None:
    seed = next(r for r in store.reports() if r.id.startswith("seed-wire"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        app.open_report(seed.id)
        await settle(pilot)
        body = app.screen.query_one("#report-body", Static).content
        assert isinstance(body, Text)
        banner = body.plain.index("Bu web sitesinde")
        assert BOILERPLATE in _styles_at(body, banner, banner + 10)
        # The Arabic text is kept in logical order, as stored: no reordering for display.
        assert body.plain == seed.body


async def test_flag_shows_every_quote_and_follows_to_the_other_report(store: ClaimStore) -> None:
    conflict = next(
        f
        for f in store.flags()
        if f.kind == FlagKind.CONFLICT and {c.report for c in f.claims} == {"w13", "w14"}
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        await pilot.press("g")
        table = app.screen.query_one("#flag-table", DataTable)
        table.move_cursor(row=table.get_row_index(conflict.id))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FlagScreen)
        sides = [s.content for s in screen.query(".side Static").results(Static)]
        assert len(sides) == 2
        for side, fc in zip(sides, conflict.claims, strict=True):
            assert isinstance(side, Text)
            assert fc.quote in side.plain and fc.report in side.plain
        await pilot.press("2")
        await settle(pilot)
        other = app.screen
        assert isinstance(other, ReportScreen)
        assert other.report_id == conflict.claims[1].report
        assert other.selected == conflict.claims[1].id
        await pilot.press("escape", "1")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.report_id == conflict.claims[0].report


async def test_search_in_english_finds_the_arabic_seed_claims(store: ClaimStore) -> None:
    seed_ids = {c.id for c in store.claims() if c.report.startswith("seed-wire")}
    assert seed_ids
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"suspected fighters detained among those who left", "enter")
        await settle(pilot, lambda: bool(app.screen.hits))  # type: ignore[attr-defined]
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        top = screen.hits[:10]
        assert any(h.claim.id in seed_ids and h.report.language == "ar" for h in top)
        seed_hit = next(h for h in screen.hits if h.claim.id in seed_ids)
        table = screen.query_one("#hits", DataTable)
        table.move_cursor(row=table.get_row_index(seed_hit.claim.id))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.selected == seed_hit.claim.id


async def test_search_filters_by_metric_and_date(store: ClaimStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        app.action_search()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_one("#since", Input).value = "2019-03-01"
        screen.query_one("#query", Input).value = "killed in Baghouz"
        screen.run_search()
        await settle(pilot, lambda: bool(screen.hits))
        assert all(
            h.report.published is not None and h.report.published.date().isoformat() >= "2019-03-01"
            for h in screen.hits
        )


async def test_series_plots_every_figure_of_a_running_total(store: ClaimStore) -> None:
    claim = next(c for c in store.claims(report="w16") if c.value == 49050)
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: app.loaded)
        app.open_report("w16", claim.id)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SeriesScreen) and screen.series is not None
        points = screen.series.points
        assert claim.id in {p.claim.id for p in points}
        assert len({p.report.id for p in points}) >= 5
        assert len(screen.series.sources) >= 2
        assert any(p.flagged for p in points)
        times = [p.report.published for p in points]
        assert times == sorted(times)  # type: ignore[type-var]
        rows = _row_keys(screen.query_one("#points", DataTable))
        assert rows == [p.claim.id for p in points]
        # Enter on a point opens its report with the claim selected.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)


async def test_dismissed_flag_shows_its_decision_after_a_restart(
    store: ClaimStore, tmp_path: Path
) -> None:
    flag = store.flags()[0]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        app.open_flag(flag.id)
        await settle(pilot)
        await pilot.press("d")
        await pilot.press(*"same figure, two counting methods", "enter")
        await settle(pilot, lambda: app.desk.decision(flag.id) is not None)

    again = make_app(restart_store(tmp_path / "store"))
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: again.loaded)
        await pilot.press("g")
        table = again.screen.query_one("#flag-table", DataTable)
        decision = table.get_cell(flag.id, table.ordered_columns[3].key)
        assert isinstance(decision, Text)
        assert decision.plain == f"dismissed by {REVIEWER}"
        again.open_flag(flag.id)
        await settle(pilot)
        shown = again.screen.query_one("#flag-decision", Static).content
        assert isinstance(shown, Text)
        assert "dismissed by desk-tester" in shown.plain
        assert "same figure, two counting methods" in shown.plain
        review = again.desk.decision(flag.id)
        assert review is not None and review.decision == Decision.DISMISSED
        # A dismissed flag no longer marks its claims as flagged, unless another holds them.
        for c in flag.claims:
            others = [f for f in again.desk.flags_of_claim(c.id) if f.id != flag.id]
            assert again.desk.flagged(c.id) == bool(others)


async def test_verified_claim_shows_in_the_claims_table(store: ClaimStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, lambda: app.loaded)
        app.open_report("w20")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        target = screen.selected
        assert target is not None
        await pilot.press("v", *"checked against the SDF statement", "enter")
        await settle(pilot, lambda: app.desk.decision(target) is not None)
        table = screen.query_one("#claims", DataTable)
        cell = table.get_cell(target, table.ordered_columns[-1].key)
        assert isinstance(cell, Text) and cell.plain == f"verified by {REVIEWER}"
        assert store.reviews([target])[target].note == "checked against the SDF statement"


PASTED = (
    "BAGHOUZ, Syria — More than 4,000 people left Baghouz on Friday, the Syrian "
    "Observatory for Human Rights said, as buses and lorries queued at the edge of the enclave."
)


async def test_pasted_wire_raises_a_flag_while_the_ui_keeps_answering(
    store: ClaimStore,
) -> None:
    extractor = GatedExtractor()
    before = {f.id for f in store.flags()}
    app = make_app(store, extractor)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.loaded)
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, IngestScreen)
        screen.query_one("#title", Input).value = "Thousands leave Baghouz"
        screen.query_one("#outlet", Input).value = "Desk Test Wire"
        screen.query_one("#published", Input).value = "2019-02-22T23:00:00+03:00"
        screen.query_one("#language", Input).value = "en"
        screen.query_one("#paste", TextArea).text = PASTED
        await pilot.press("ctrl+s")
        # The worker is now held inside extraction: the UI must still handle keys.
        await pilot.pause()
        assert extractor.entered.wait(10)
        assert screen.running
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, InboxScreen) and screen.running
        await pilot.press("i")
        assert app.screen is screen and screen.running
        extractor.gate.set()
        await settle(pilot, lambda: not screen.running)
        new = [f for f in screen.found if f.id not in before]
        assert new, "the pasted wire raised no new flag"
        pasted_ids = {c.report for f in new for c in f.claims if c.report.startswith("paste-")}
        assert len(pasted_ids) == 1
        table = screen.query_one("#new-flags", DataTable)
        assert {f.id for f in new} <= set(_row_keys(table))
        # The inbox behind it knows the new report and its flags.
        await pilot.press("escape")
        assert isinstance(app.screen, InboxScreen)
        assert pasted_ids <= set(_row_keys(app.screen.query_one("#report-table", DataTable)))
        assert {f.id for f in new} <= set(_row_keys(app.screen.query_one("#flag-table", DataTable)))
