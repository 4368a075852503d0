"""Batch verification: folders, --jobs, the outcome log, --fail-on, resuming after kill -9."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.core.models import Report
from store import open_store

ROOT = Path(__file__).resolve().parents[1]
TALLY = [sys.executable, "-m", "assistant.app.cli"]


def write_corpus(folder: Path, corpus_file: Path) -> int:
    """The corpus wires one per file, read at test time (never copied into the repo)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [ln for ln in corpus_file.read_text("utf-8").splitlines() if ln.strip()]
    for n, line in enumerate(lines):
        (folder / f"w{n:03d}.json").write_text(line, "utf-8")
    return len(lines)


def snapshot(where: str) -> dict[str, Any]:
    """Everything a store holds, comparable across runs."""
    store = open_store(where)
    return {
        "reports": sorted((r.id, r.content_hash) for r in store.reports()),
        "claims": sorted(c.model_dump_json() for c in store.claims()),
        "flags": sorted(f.model_dump_json() for f in store.flags()),
        "counts": store.counts(),
    }


@pytest.fixture(scope="module")
def corpus_file(corpus_reports: list[Report]) -> Path:
    """The corpus wires file (the fixture skips, or fails under CI, when it is missing)."""
    return CORPUS / "wires.jsonl"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory, corpus_file: Path) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "inbox"
    write_corpus(folder, corpus_file)
    return folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, inbox: Path) -> dict[str, Any]:
    where = str(tmp_path_factory.mktemp("clean") / "store")
    assert main(["verify", str(inbox), "--store", where, "--format", "json"]) == 0
    return snapshot(where)


def _log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_jobs_two_gives_the_same_store_and_a_rerun_skips_everything(
    inbox: Path, clean: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where, log = str(tmp_path / "store"), tmp_path / "log.jsonl"
    argv = ["verify", str(inbox), "--store", where, "--log", str(log), "--format", "jsonl"]
    assert main([*argv, "--jobs", "2", "--progress"]) == ExitCode.OK
    _, err = capsys.readouterr()
    assert "reports ·" in err and "claims ·" in err and "flags ·" in err
    assert snapshot(where) == clean
    first = _log(log)
    assert len(first) == len(list(inbox.iterdir()))
    assert {row["status"] for row in first} == {"done"}
    assert all(row["file"].startswith(str(inbox)) and row["report"] for row in first)
    assert main(argv) == ExitCode.OK
    _, err = capsys.readouterr()
    assert "reports ·" not in err  # no progress in a pipe without --progress
    second = _log(log)[len(first) :]
    assert {row["status"] for row in second} == {"skipped"}
    assert snapshot(where) == clean


def test_fail_on_exit_codes(
    inbox: Path, tmp_path: Path, clean: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    kinds = {json.loads(f)["kind"] for f in clean["flags"]}
    where = str(tmp_path / "store")
    base = ["verify", str(inbox), "--store", where, "--format", "jsonl"]
    assert main(base) == ExitCode.OK  # flags alone never change the exit code
    assert main([*base, "--fail-on", "any"]) == ExitCode.FLAGGED
    assert main([*base, "--fail-on", sorted(kinds)[0]]) == ExitCode.FLAGGED
    absent = sorted({"conflict", "sum_mismatch", "delta_mismatch"} - kinds) or []
    if absent:
        assert main([*base, "--fail-on", ",".join(absent)]) == ExitCode.OK
    assert main([*base, "--fail-on", "typo"]) == ExitCode.USAGE
    _, err = capsys.readouterr()
    assert "--fail-on: unknown flag kind 'typo'" in err


def test_a_reissued_id_is_stored_as_a_version_and_the_others_are_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    wire = {"id": "a1", "language": "en", "published": "2019-02-01T10:00:00Z"}
    (folder / "1.json").write_text(json.dumps({**wire, "body": "About 40 people died."}))
    where, log = str(tmp_path / "store"), tmp_path / "log.jsonl"
    assert main(["verify", str(folder), "--store", where]) == ExitCode.OK
    (folder / "2.json").write_text(json.dumps({**wire, "body": "About 50 people died."}))
    (folder / "3.json").write_text(json.dumps({**wire, "id": "b2", "body": "Some 9 fled."}))
    (folder / "4.json").write_text("{not json")
    code = main(["verify", str(folder), "--store", where, "--log", str(log)])
    _, err = capsys.readouterr()
    assert code == ExitCode.INPUT  # 4.json alone: a re-issue is no error
    assert "2.json: id 'a1' is already stored with a different text: a corrected re-issue, " in err
    assert "Traceback" not in err
    store = open_store(where)
    assert store.has_report("b2")
    assert [c.value for c in store.claims(report="a1~v2")] == [50]
    status = {Path(row["file"]).name: row["status"] for row in _log(log)}
    assert status == {"1.json": "skipped", "2.json": "done", "3.json": "done", "4.json": "failed"}


@pytest.mark.slow
def test_kill_9_mid_batch_then_rerun_matches_an_uninterrupted_run(
    inbox: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    where = str(tmp_path / "store")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [*TALLY, "verify", str(inbox), "--store", where, "--format", "jsonl"]
    rng = random.Random(10)
    kills = 0
    # How long an uninterrupted run takes on this machine, so the kills land inside a run
    # however fast or loaded the machine is.
    t0 = time.monotonic()
    timed = [*TALLY, "verify", str(inbox), "--store", str(tmp_path / "timed"), "--format", "jsonl"]
    subprocess.run(timed, env=env, capture_output=True, cwd=tmp_path, check=True)
    full = time.monotonic() - t0
    # Kill at growing shares of it: during start-up, extraction, the store writes, the checks.
    for share in (0.2, 0.35, 0.5, 0.65, 0.8 + 0.1 * rng.random()):
        delay = share * full
        proc = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path
        )
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 2, "the batch finished before any kill; raise the corpus size"
    done = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert snapshot(where) == clean
