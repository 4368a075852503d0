"""A local GGUF model behind llama.cpp's OpenAI-compatible server (xllamacpp), on loopback.

The server runs in a child process: llama.cpp logs freely and holds native threads, and a
child is stopped for sure (stdin closed, then terminate, then kill). The child exits by
itself when its parent dies, because its stdin closes. Nothing is ever downloaded.
"""

from __future__ import annotations

import argparse
import atexit
import importlib.util
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

from assistant.core.errors import LLMError
from assistant.core.settings import data_dir
from assistant.llm.config import LLMSettings

READY = "READY "
START_TIMEOUT = 120.0  # loading a large GGUF from a slow disk takes a while


def xllamacpp_available() -> bool:
    """Whether the optional `local` extra is installed."""
    return importlib.util.find_spec("xllamacpp") is not None


def default_threads() -> int:
    """Leave a core for the HTTP side: llama.cpp threads spin and starve on a full machine."""
    return max(1, (os.cpu_count() or 2) - 1)


class LocalServer:
    """xllamacpp's server in a child process on 127.0.0.1, a free port."""

    def __init__(self, settings: LLMSettings, log: Path | None = None) -> None:
        if settings.model_path is None:
            raise LLMError("--llm local needs --model-path FILE.gguf")
        self.settings = settings
        self.model_path = settings.model_path
        self.log = log or data_dir() / "llm-local.log"
        self.proc: subprocess.Popen[str] | None = None
        self.base_url: str | None = None

    def start(self) -> str:
        """Start the server; return its OpenAI base URL (http://127.0.0.1:PORT/v1)."""
        if self.base_url is not None:
            return self.base_url
        if not xllamacpp_available():
            raise LLMError(
                "--llm local needs xllamacpp: pip install '.[local]' (or pip install xllamacpp)"
            )
        s = self.settings
        argv = [
            sys.executable,
            "-m",
            "assistant.llm.local",
            "--model",
            str(self.model_path),
            "--parallel",
            str(s.concurrency),
            "--ctx",
            str(s.local_ctx),
            "--threads",
            str(s.local_threads or default_threads()),
            "--n-predict",
            str(s.max_tokens),
        ]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        atexit.register(self.stop)
        line = _first_line(self.proc.stdout, START_TIMEOUT)
        if line is None or not line.startswith(READY):
            self.stop()
            raise LLMError(
                f"the local model server did not start ({self.model_path}); see {self.log}"
                + (f": {_tail(self.log)}" if _tail(self.log) else "")
            )
        self.base_url = line[len(READY) :].strip().rstrip("/") + "/v1"
        return self.base_url

    def stop(self) -> None:
        """Stop the child: close its stdin, then terminate, then kill."""
        proc, self.proc = self.proc, None
        self.base_url = None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        finally:
            if proc.stdout:
                proc.stdout.close()


def _first_line(stream: IO[str] | None, timeout: float) -> str | None:
    if stream is None:
        return None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout) or None
    except queue.Empty:
        return None


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def serve(model: str, parallel: int, ctx: int, threads: int, n_predict: int) -> None:
    """Run the server in this process until stdin closes (the child side)."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = model
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # a free port, chosen by the OS
    params.n_parallel = parallel
    params.n_ctx = ctx * parallel  # the context is shared among the parallel slots
    params.n_predict = n_predict
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    server = xlc.Server(params)
    print(READY + server.listening_address, flush=True)
    for _ in sys.stdin:  # block until the parent closes our stdin or dies
        pass
    del server


def main(argv: list[str] | None = None) -> None:
    """Entry point of the child process."""
    p = argparse.ArgumentParser(prog="python -m assistant.llm.local")
    p.add_argument("--model", required=True)
    p.add_argument("--parallel", type=int, default=1)
    p.add_argument("--ctx", type=int, default=8192)
    p.add_argument("--threads", type=int, default=default_threads())
    p.add_argument("--n-predict", type=int, default=4096)
    a = p.parse_args(argv)
    serve(a.model, a.parallel, a.ctx, a.threads, a.n_predict)


if __name__ == "__main__":
    main()
