"""`tally watch`: files dropped into a folder are verified and moved, a bad one survives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from store import open_store

ROOT = Path(__file__).resolve().parents[1]


SAMPLES = ROOT / "assistant" / "app" / "samples" / "wires.jsonl"


def _wire(rid: str, body: str) -> str:
    return json.dumps(
        {"id": rid, "language": "en", "published": "2026-02-07T18:00:00+03:00", "body": body}
    )


def _until(test: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_watch_verifies_dropped_files_moves_them_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    inbox, done, where = tmp_path / "inbox", tmp_path / "done", str(tmp_path / "store")
    inbox.mkdir()
    # Arrived while the watcher was down: picked up at start.
    # The samples raise flags (tests/test_cli_store.py), whichever kinds the checks find.
    (inbox / "early.jsonl").write_text(SAMPLES.read_text("utf-8"), "utf-8")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "assistant.app.cli", "watch", str(inbox), "--done", str(done)),
            *("--store", where, "--format", "jsonl", "--fail-on", "any"),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _until(lambda: (done / "early.jsonl").exists())
        (inbox / "sub").mkdir()
        # Written under a partial name, then renamed: never read half-written.
        part = inbox / "sub" / "later.json.part"
        part.write_text(_wire("l1", "About 40 people fled the camp on Sunday."))
        part.rename(inbox / "sub" / "later.json")
        (inbox / "bad.json").write_text("{not json at all")
        (inbox / "notes.pdf").write_bytes(b"%PDF")  # not a wire: left alone
        _until(lambda: (done / "sub" / "later.json").exists())
        _until(lambda: (done / "failed" / "bad.json").exists())
        assert proc.poll() is None, "a malformed file must not stop the watcher"
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert "bad.json:1: invalid JSON" in err
    assert "watch stopped" in err
    # A bad file was seen (2) and beats --fail-on (1).
    assert proc.returncode == ExitCode.INPUT, err
    flags = [json.loads(line) for line in out.splitlines()]
    assert flags and all(f["kind"] and f["claims"] for f in flags)
    assert (inbox / "notes.pdf").exists()
    store = open_store(where)
    assert store.has_report("s03") and store.has_report("l1")


def test_watch_once_without_done_marks_files(tmp_path: Path) -> None:
    inbox, where = tmp_path / "inbox", str(tmp_path / "store")
    inbox.mkdir()
    (inbox / "a.json").write_text(_wire("a1", "About 40 people fled."))
    old = time.time() - 5
    os.utime(inbox / "a.json", (old, old))
    assert main(["watch", str(inbox), "--once", "--store", where]) == ExitCode.OK
    assert (inbox / "a.json.done").exists() and not (inbox / "a.json").exists()
    assert open_store(where).has_report("a1")
    assert main(["watch", str(tmp_path / "nope"), "--once", "--store", where]) == ExitCode.USAGE
