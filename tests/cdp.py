"""Debian's headless Chromium driven over the DevTools protocol (websocket-client), for tests."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

import websocket

# What Chromium needs here: no sandbox as root, no GPU, and none of the background
# connections this machine's closed network refuses.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1200,900",
    "about:blank",
)


class Chromium:
    """One browser, one page; records every JavaScript dialog the page tries to open."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self._profile = Path(tempfile.mkdtemp(prefix="tally-chromium-"))
        self._proc: subprocess.Popen[bytes] | None = None
        self._ws: websocket.WebSocket | None = None
        self._id = 0
        self.dialogs: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        self._proc = subprocess.Popen(
            [self.binary, f"--user-data-dir={self._profile}", *FLAGS],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
            pages = [t for t in json.load(r) if t["type"] == "page"]
        self._ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=20)
        self.call("Page.enable")
        self.call("Runtime.enable")
        return self

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer, keeping the events that arrive first."""
        assert self._ws is not None
        self._id += 1
        self._ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("method") == "Page.javascriptDialogOpening":
                self.dialogs.append(message["params"])
                # Dismiss it, or the page would block every later call.
                self._ws.send(
                    json.dumps(
                        {
                            "id": 10_000 + len(self.dialogs),
                            "method": "Page.handleJavaScriptDialog",
                            "params": {"accept": False},
                        }
                    )
                )
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools runs it, not the page)."""
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)[
            "result"
        ].get("value")

    def open(self, url: str) -> dict[str, Any]:
        """Load a page and report what it did: dialogs, title, text, loaded images."""
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 20
        while self.evaluate("document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise RuntimeError("page did not load")
            time.sleep(0.1)
        time.sleep(0.5)  # an onerror handler fires after load
        self.call("Runtime.evaluate", expression="1")  # drain events that came meanwhile
        return {
            "dialogs": list(self.dialogs),
            "title": self.evaluate("document.title"),
            "text": self.evaluate("document.body.innerText"),
            "images": self.evaluate("document.images.length"),
        }

    def screenshot(self, max_height: int = 4000) -> bytes:
        """A PNG of the whole page as laid out (up to max_height CSS pixels)."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        clip = {
            "x": 0,
            "y": 0,
            "width": size["width"],
            "height": min(size["height"], max_height),
            "scale": 1,
        }
        data = self.call(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )["data"]
        return base64.b64decode(data)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._ws is not None:
            self._ws.close()
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._profile, ignore_errors=True)
