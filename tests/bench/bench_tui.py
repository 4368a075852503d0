"""Terminal UI benchmark: first paint, opening a report and search at 10k reports / 50k claims.

Run as a script (pytest does not collect it), when the machine is quiet:
    python tests/bench/bench_tui.py [--wires 10000] [--store DIR] [--runs 5]
The store is built once in DIR (default: a folder under the system temp dir) and reused.
Targets (issue 9): first paint <= 1.5 s, opening a report <= 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import wires
from textual.widgets import DataTable

from assistant.app.tui.app import TallyApp
from assistant.app.tui.screens.report import ReportScreen
from assistant.core.models import Claim, Flag, FlagClaim, FlagKind, Report
from assistant.extract.rules import RulesExtractor
from store import ClaimStore, open_store

QUERIES = [
    "people killed in air strikes",
    "نزوح آلاف الأشخاص من المدينة",
    "combattants qui se sont rendus",
    "kampta kalan kişi sayısı",
    "armoured vehicles destroyed",
    "how many were detained",
]


def build(path: Path, n_wires: int) -> ClaimStore:
    """The benchmark store: n synthetic wires (~5 claims each) and a flag every 20 wires."""
    done = path / ".complete"
    store = open_store(str(path))
    if done.exists():
        return store
    start = time.perf_counter()
    chunk: list[tuple[Report, list[Claim]]] = []
    flags: list[Flag] = []
    previous: tuple[Report, Claim] | None = None
    for i, (report, claims) in enumerate(wires(n_wires, seed=11)):
        chunk.append((report, claims))
        # A conflict between consecutive wires on the same metric: the inbox and the
        # report screen have flags to count and mark, as a real desk would.
        if previous is not None and i % 20 == 0 and claims:
            other_report, other = previous
            mine = next((c for c in claims if c.metric == other.metric), None)
            if mine is not None:
                sides = [_side(other, other_report), _side(mine, report)]
                flags.append(
                    Flag(
                        id=Flag.make_id(FlagKind.CONFLICT, [other.id, mine.id]),
                        kind=FlagKind.CONFLICT,
                        claims=sides,
                        explanation=f"{other.value} and {mine.value} cannot both hold.",
                    )
                )
        if claims:
            previous = (report, claims[0])
        if len(chunk) == 1000:
            store.add_reports(chunk)
            chunk = []
            print(f"  stored {i + 1} wires ({time.perf_counter() - start:.0f} s)", flush=True)
    if chunk:
        store.add_reports(chunk)
    store.add_flags(flags)
    done.touch()
    counts = store.counts()
    print(
        f"built {counts['reports']} reports / {counts['claims']} claims / {counts['flags']} "
        f"flags in {time.perf_counter() - start:.0f} s"
    )
    return store


def _side(claim: Claim, report: Report) -> FlagClaim:
    return FlagClaim(
        report=report.id,
        id=claim.id,
        value=claim.value,
        quote=claim.quote,
        source=claim.source,
        published=report.published,
    )


async def _until(condition: Callable[[], bool], timeout: float = 120) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the UI did not get there")
        await asyncio.sleep(0.002)


def _shown(app: TallyApp) -> bool:
    screen = app.screen
    if not isinstance(screen, ReportScreen) or screen.view is None:
        return False
    return screen.query_one("#claims", DataTable).row_count == len(screen.view.claims)


async def one_session(path: Path, report_ids: list[str]) -> dict[str, float]:
    """Open the store and the app, time what a user waits for."""
    t0 = time.perf_counter()
    store = open_store(str(path))
    t_store = time.perf_counter() - t0
    app = TallyApp(store, RulesExtractor(), reviewer="bench")
    out: dict[str, float] = {"open store": t_store}
    async with app.run_test(size=(160, 48)) as pilot:
        # run_test returns once the first screen is composed and drawn.
        out["first paint (inbox frame)"] = time.perf_counter() - t0
        table = app.screen.query_one("#report-table")
        await _until(lambda: app.loaded and getattr(table, "row_count", 0) > 0)
        out["inbox rows shown"] = time.perf_counter() - t0
        await pilot.pause()

        opens, settles = [], []
        for rid in report_ids:
            start = time.perf_counter()
            app.open_report(rid)
            # Opened: the text is drawn and the claims table holds every claim.
            await _until(lambda: _shown(app))
            opens.append(time.perf_counter() - start)
            screen = app.screen
            assert isinstance(screen, ReportScreen) and screen.view is not None
            view = screen.view
            # Settled: every claim's related lookup is back and its status known.
            await _until(lambda v=view, s=screen: len(s.related) == len(v.claims))  # type: ignore[misc]
            settles.append(time.perf_counter() - start)
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
        out["open report (median)"] = statistics.median(opens)
        out["open report (max)"] = max(opens)
        out["report statuses settled (median)"] = statistics.median(settles)

        searches = []
        for query in QUERIES:
            start = time.perf_counter()
            hits = app.desk.search(query)
            searches.append(time.perf_counter() - start)
            assert hits
        out["search (median)"] = statistics.median(searches)
        out["search (max)"] = max(searches)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wires", type=int, default=10_000)
    parser.add_argument(
        "--store", type=Path, default=Path(tempfile.gettempdir()) / "tally-bench-tui"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--session", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.session is not None:
        # One cold start, in a process of its own: nothing cached from the build.
        print(json.dumps(asyncio.run(one_session(args.store, args.session))))
        return
    store = build(args.store, args.wires)
    counts = store.counts()
    print(f"store: {counts['reports']} reports, {counts['claims']} claims, {counts['flags']} flags")
    ids = [r.id for r in random.Random(5).sample(store.reports(), 10)]
    runs = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, __file__, "--store", str(args.store), "--session", *ids],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for key in runs[0]:
        values = [r[key] for r in runs]
        shown = ", ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{key:36s} {statistics.median(values) * 1000:8.0f} ms  (runs: {shown})")


if __name__ == "__main__":
    main()
