"""`tally` in a real terminal (tmux): from a fresh TALLY_HOME the inbox appears, q exits 0."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TALLY = Path(sys.executable).with_name("tally")


@pytest.fixture
def tmux() -> Iterator[Callable[..., str]]:
    """Run tmux commands on a server of this test's own, killed afterwards."""
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing (.ci/run installs it)")
        pytest.skip("tmux is not installed (apt-get install tmux)")
    socket = f"tally-test-{uuid.uuid4().hex[:8]}"

    def run(*args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", socket, *args], capture_output=True, text=True, check=True, timeout=10
        )
        return done.stdout

    try:
        yield run
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)


def _wait(
    what: str,
    probe: Callable[[], bool],
    timeout: float = 60,
    shown: Callable[[], str] | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            # The screen says where the app was stuck; without it a timeout explains nothing.
            screen = f"; the screen:\n{shown()}" if shown else ""
            raise AssertionError(f"timed out waiting for {what}{screen}")
        time.sleep(0.2)


def test_bare_tally_opens_the_inbox_and_q_exits_0(tmux: Callable[..., str], tmp_path: Path) -> None:
    home = Path(os.environ["TALLY_HOME"])  # fresh: set per test by conftest
    assert not home.exists()
    status = tmp_path / "exit-status"
    command = f"{TALLY}; echo $? > {status}"
    tmux("new-session", "-d", "-s", "desk", "-x", "100", "-y", "30", command)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "desk")

    # An empty store first offers the samples, over the inbox.
    _wait("the samples offer", lambda: "The store is empty" in screen())
    tmux("send-keys", "-t", "desk", "n")
    # The inbox shows behind the dialog too: wait for the dialog to be gone.
    _wait(
        "the inbox",
        lambda: "the store is empty: press i" in (s := screen()) and "Load samples" not in s,
        shown=screen,
    )
    # The footer's bindings may be drawn a frame after the inbox on a loaded machine.
    _wait("the footer", lambda: "Quit" in screen() and "Help" in screen(), shown=screen)
    shown = screen()
    assert "Reports (0)" in shown and "Flags (0)" in shown
    tmux("send-keys", "-t", "desk", "q")
    _wait("tally to exit", status.exists, timeout=30, shown=screen)
    assert status.read_text().strip() == "0"
    assert (home / "store").is_dir()  # the store was created where TALLY_HOME says


def test_ui_on_a_store_it_cannot_open_exits_4_before_taking_the_screen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from conftest import free_port

    from assistant.app.cli import main

    # A port nobody listens on: the store fails to open, and the UI never starts.
    code = main(["ui", "--store", f"http://127.0.0.1:{free_port()}"])
    assert code == 4
    err = capsys.readouterr().err
    assert err.startswith("tally: cannot reach chroma server") and "Traceback" not in err
