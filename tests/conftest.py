"""Shared fixtures: the development corpus and an isolated data directory."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.core.models import Claim, Report
from assistant.extract.protocol import ExtractorBase
from assistant.io.readers import read_inputs

ROOT = Path(__file__).resolve().parent.parent
CHROMA = Path(sys.executable).with_name("chroma")
CORPUS = Path(os.environ.get("TALLY_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data directory and no LLM configuration."""
    monkeypatch.setenv("TALLY_HOME", str(tmp_path / "tally-home"))
    monkeypatch.delenv("TALLY_STORE_URL", raising=False)
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_API_VERSION",
        "TALLY_LLM",
        "TALLY_MODEL",
        "TALLY_MODEL_PATH",
        "AZURE_OPENAI_ENDPOINT",
        "AZURE_OPENAI_API_KEY",
    ):
        monkeypatch.delenv(name, raising=False)


def _corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the development corpus is missing: {path}")
        pytest.skip(f"no development corpus at {CORPUS}")
    return path


# Long integration tests, left out of the fast pass (`pytest -m "not slow"`), never out of
# CI: whole modules (lint, a real terminal, a browser, snapshots), single tests by id, and
# every test that starts a chroma server or a local model.
SLOW_MODULES = {
    "test_lint.py",
    "test_tui_terminal.py",
    "test_tui_serve.py",
    "test_tui_snapshots.py",
}
SLOW_TESTS = {
    "test_export.py::test_html_in_headless_chromium_runs_nothing_and_shows_the_text",
    "test_verify.py::test_flags_do_not_depend_on_arrival_order",
    # Processes, signals and worker pools: what each shows in-process stays in the fast pass
    # beside it (every hostile file read, `watch --once`, a rerun that skips, one store seen
    # from a second process in test_store.py, hanging calls that cost one timeout).
    "test_fuzz.py::test_every_hostile_file_gives_claims_or_one_line_errors",
    "test_watch.py::test_watch_verifies_dropped_files_moves_them_and_stops_on_ctrl_c",
    "test_batch.py::test_jobs_two_gives_the_same_store_and_a_rerun_skips_everything",
    "test_verify.py::test_a_second_process_sees_the_same_store_and_reverify_adds_nothing",
    "test_store.py::test_second_process_sees_the_same_store[local]",
    "test_llm_faults.py::test_ctrl_c_exits_130_within_a_second_while_calls_hang",
    # Scale: the corpus case of the batched scan stays in the fast pass.
    "test_verify_scale.py::test_a_generated_store_over_months_keeps_every_planted_flag",
    "test_verify_scale.py::test_batched_verify_stores_the_flags_of_a_full_scan[desk]",
    "test_verify_scale.py::test_batched_verify_stores_the_flags_of_a_full_scan[own-dev]",
    # The desk's longer walks through the app; the inbox, a report and the safety tests
    # (test_tui_safety.py) keep the pilot in the fast pass, and the store, checks and
    # reviews these screens show are tested without the UI.
    "test_tui.py::test_search_in_english_finds_the_arabic_seed_claims",
    "test_tui.py::test_search_filters_by_metric_and_date",
    "test_tui.py::test_verified_claim_shows_in_the_claims_table",
    "test_tui.py::test_dismissed_flag_shows_its_decision_after_a_restart",
    "test_tui.py::test_series_plots_every_figure_of_a_running_total",
    "test_tui.py::test_pasted_wire_raises_a_flag_while_the_ui_keeps_answering",
    "test_tui.py::test_flag_shows_every_quote_and_follows_to_the_other_report",
}
SLOW_MARKS = {"server", "local_llm"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the long tests `slow`."""
    for item in items:
        test_id = f"{item.path.name}::{getattr(item, 'originalname', item.name)}"
        if (
            item.path.name in SLOW_MODULES
            or test_id in SLOW_TESTS
            or f"{item.path.name}::{item.name}" in SLOW_TESTS  # one case of a parametrized test
            or any(item.get_closest_marker(m) for m in SLOW_MARKS)
        ):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`@pytest.mark.corpus(NAME, ...)`: the test reads these corpus files (skip, or fail in CI)."""
    for mark in item.iter_markers("corpus"):
        for name in mark.args:
            _corpus_file(name)


@pytest.fixture(scope="session")
def corpus_reports() -> list[Report]:
    """The corpus wires as Reports."""
    items = list(read_inputs([str(_corpus_file("wires.jsonl"))]))
    reports = [r for r in items if isinstance(r, Report)]
    assert len(reports) == len(items)
    return reports


def _jsonl(name: str) -> list[dict[str, Any]]:
    text = _corpus_file(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_claims() -> list[dict[str, Any]]:
    """The annotated claims."""
    return _jsonl("claims.jsonl")


@pytest.fixture(scope="session")
def gold_flags() -> list[dict[str, Any]]:
    """The inconsistencies a checker must raise."""
    return _jsonl("flags.jsonl")


@pytest.fixture(scope="session")
def gold_negatives() -> list[dict[str, Any]]:
    """Look-alike pairs a checker must not flag."""
    return _jsonl("negatives.jsonl")


@pytest.fixture(scope="session")
def seed_wire() -> Path:
    """The original Arabic wire the product was specified from."""
    return _corpus_file("seed-wire.txt")


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on loopback for the session; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("chroma-log") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(CHROMA),
                "run",
                "--path",
                str(tmp_path_factory.mktemp("chroma-server")),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(params=["local", pytest.param("server", marks=pytest.mark.server)])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's fresh store lives: a folder, or its own database on the server."""
    if request.param == "local":
        return str(tmp_path / "store")
    url: str = request.getfixturevalue("chroma_server")
    return f"{url}/t{uuid.uuid4().hex}"


class Fixed(ExtractorBase):
    """Claims known beforehand (a generated store's), as if extracted."""

    def __init__(self, claims: dict[str, list[Claim]]) -> None:
        self.claims = claims

    def extract(self, report: Report) -> list[Claim]:
        return self.claims[report.id]
