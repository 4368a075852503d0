"""A chroma server the test owns: started, paused, killed and restarted on one folder and port.

The session's shared server (conftest.chroma_server) must never be paused or killed; the
fault tests start their own. `chroma run` (the Rust server) has no authentication, so the
token test runs chroma's Python server (store.chroma_app under uvicorn) with chroma's own
token provider instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import CHROMA, free_port

TOKEN_SERVER_PROVIDER = "chromadb.auth.token_authn.TokenAuthenticationServerProvider"


class ChromaProcess:
    """One chroma server process on loopback, restartable on the same data and port."""

    def __init__(self, path: Path, log: Path, *, token: str | None = None) -> None:
        self.path = path
        self.log = log
        self.token = token
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def _command(self) -> tuple[list[str], dict[str, str]]:
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        if self.token is None:
            argv = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1"]
            return [*argv, "--port", str(self.port)], env
        env.update(
            IS_PERSISTENT="TRUE",
            PERSIST_DIRECTORY=str(self.path),
            CHROMA_SERVER_AUTHN_PROVIDER=TOKEN_SERVER_PROVIDER,
            CHROMA_SERVER_AUTHN_CREDENTIALS=self.token,
        )
        argv = [sys.executable, "-m", "uvicorn", "store.chroma_app:app", "--host", "127.0.0.1"]
        return [*argv, "--port", str(self.port), "--log-level", "warning"], env

    def start(self, timeout: float = 60) -> None:
        """Start (or restart) the server and wait for its heartbeat."""
        argv, env = self._command()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"chroma server did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)

    def signal(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def kill(self) -> None:
        """SIGKILL: the server dies mid-whatever, as on a crash or an OOM kill."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGCONT)  # a paused server cannot act on SIGTERM
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
