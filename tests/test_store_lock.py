"""One writer at a time on a local store: the lock, its timeout and what a second writer sees."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ConfigError, ExitCode, StoreError
from store import open_store
from store.lock import (
    DEFAULT_TIMEOUT,
    ENV_LOCK_TIMEOUT,
    LOCK_FILE,
    StoreLock,
    held_here,
    lock_timeout,
    writing,
)

WIRE = '{"id": "lk1", "language": "en", "published": "2021-05-03T08:00:00Z", "body": "%s"}\n'


def _wire(tmp_path: Path, body: str = "At least 40 people were killed, officials said.") -> str:
    path = tmp_path / "wire.jsonl"
    path.write_text(WIRE % body, "utf-8")
    return str(path)


def test_lock_timeout_comes_from_the_environment() -> None:
    assert lock_timeout({}) == DEFAULT_TIMEOUT
    assert lock_timeout({ENV_LOCK_TIMEOUT: " 2.5 "}) == 2.5
    assert lock_timeout({ENV_LOCK_TIMEOUT: "0"}) == 0
    for bad in ("soon", "-1", "nan", "inf"):
        with pytest.raises(ConfigError, match=ENV_LOCK_TIMEOUT):
            lock_timeout({ENV_LOCK_TIMEOUT: bad})


def test_a_second_writer_gives_up_naming_the_folder_and_the_holder(tmp_path: Path) -> None:
    first = StoreLock(tmp_path, who="tally verify")
    first.acquire()
    # A second open file of the same lock conflicts even within one process (flock).
    second = StoreLock(tmp_path, timeout=0.3, who="tally watch")
    start = time.monotonic()
    with pytest.raises(StoreError) as caught:
        second.acquire()
    assert time.monotonic() - start >= 0.3
    message = str(caught.value)
    assert str(tmp_path) in message and f"pid {os.getpid()} (tally verify, since " in message
    assert ENV_LOCK_TIMEOUT in message and "\n" not in message
    first.release()
    second.acquire()  # free again once the holder ends
    assert second.held and (tmp_path / LOCK_FILE).read_text().startswith(f"pid {os.getpid()} ")
    second.release()


def test_verify_on_a_store_being_written_exits_4_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    where = tmp_path / "store"
    open_store(str(where))
    monkeypatch.setenv(ENV_LOCK_TIMEOUT, "0.2")
    with StoreLock(where, who="tally watch"):
        code = main(["verify", _wire(tmp_path), "--store", str(where)])
    _, err = capsys.readouterr()
    assert code == ExitCode.STORE
    assert f"store at {where} is being written by pid {os.getpid()} (tally watch" in err
    assert "Traceback" not in err
    assert open_store(str(where)).counts()["reports"] == 0


def test_review_waits_for_the_lock_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    where = tmp_path / "store"
    open_store(str(where))
    monkeypatch.setenv(ENV_LOCK_TIMEOUT, "0")
    with StoreLock(where, who="tally ui"):
        code = main(["review", "f-0000", "--confirmed", "--store", str(where)])
    assert code == ExitCode.STORE
    assert "being written by" in capsys.readouterr().err


def test_a_waiting_writer_goes_on_when_the_holder_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = tmp_path / "store"
    open_store(str(where))
    holder = StoreLock(where, who="tally verify")
    holder.acquire()
    threading.Timer(0.5, holder.release).start()
    assert main(["verify", _wire(tmp_path), "--store", str(where)]) == ExitCode.OK
    err = capsys.readouterr().err
    assert f"waiting up to {DEFAULT_TIMEOUT:g} s for the store at {where}" in err
    assert open_store(str(where)).has_report("lk1")
    assert not held_here(where)  # released when the command ended


def test_sessions_in_one_process_share_the_lock(tmp_path: Path) -> None:
    with writing(str(tmp_path)):
        assert held_here(tmp_path)
        with writing(str(tmp_path)):  # a nested session must not wait on its own lock
            pass
        assert held_here(tmp_path)
        # Another process (here: another open file) still finds it taken.
        with pytest.raises(StoreError):
            StoreLock(tmp_path, timeout=0).acquire()
    assert not held_here(tmp_path)
    with StoreLock(tmp_path, timeout=0):
        pass
