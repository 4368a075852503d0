"""`tally ui --serve`: the same desk served on loopback, loaded in headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import Chromium
from conftest import free_port

TALLY = Path(sys.executable).with_name("tally")
# The page draws the terminal on a canvas: record what the app sends over its
# websocket instead, before any script of the page runs.
RECORD_FRAMES = """(() => {
  const Original = window.WebSocket;
  window.__frames = "";
  function Recording(...args) {
    const ws = new Original(...args);
    ws.addEventListener("message", async (event) => {
      let data = event.data;
      if (data instanceof Blob) data = await data.arrayBuffer();
      if (data instanceof ArrayBuffer) data = new TextDecoder().decode(data);
      window.__frames += data;
    });
    return ws;
  }
  Recording.prototype = Original.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recording[k] = Original[k];
  window.WebSocket = Recording;
})();"""


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed")
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`tally ui --serve` on a free loopback port, over an empty store."""
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [str(TALLY), "ui", "--serve", "--port", str(port), "--store", str(tmp_path / "store")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"--serve did not start: {(tmp_path / 'serve.log').read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_served_desk_loads_in_headless_chromium(served: str) -> None:
    with Chromium(_chromium()) as browser:
        browser.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_FRAMES)
        page = browser.open(served)
        assert "Tally" in page["text"]  # the page names the app it serves
        # The samples offer, over the inbox with its counts and its footer of keys; they
        # arrive in several frames, as the store loads behind the first paint.
        expected = ("The store is empty", "Reports (0)", "Quit")
        deadline = time.monotonic() + 60
        frames = ""
        while not all(text in frames for text in expected):
            assert time.monotonic() < deadline, f"the desk never drew: {frames[-500:]!r}"
            time.sleep(0.5)
            frames = browser.evaluate("window.__frames") or ""
        assert not page["dialogs"]


def test_serve_listens_on_loopback_by_default() -> None:
    from assistant.app.cli import build_parser

    args = build_parser().parse_args(["ui", "--serve"])
    assert args.host == "127.0.0.1"
