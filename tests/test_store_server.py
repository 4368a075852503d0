"""A chroma server that fails: down, silent, not chroma, paused, killed, restarted, or wanting
a token. Each ends in one line naming the URL and exit 4 within the store timeout, and a
re-run after the server is back stores everything an uninterrupted run would have."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from chroma_process import ChromaProcess
from conftest import free_port

from assistant.app.cli import main
from assistant.core.errors import ConfigError, ExitCode, StoreError
from store import open_store
from store.server import ENV_STORE_TIMEOUT, ENV_STORE_TOKEN, connect_server

TALLY = [sys.executable, "-m", "assistant.app.cli"]
# A hang must fail the test, not hold the suite: far above any timeout under test.
HANG = 120


def tally(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TALLY, *argv],
        capture_output=True,
        text=True,
        timeout=HANG,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, **env: str
) -> tuple[int, str]:
    """`tally ARGV` in this process (the fast tests): exit code and stderr."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(argv)
    return code, capsys.readouterr().err


def one_line(err: str) -> str:
    """The one diagnostic line a store failure must end in, and nothing like a traceback."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no diagnostic"
    assert "Traceback" not in err and "<html" not in err.lower(), err
    return lines[-1]


# ---------- servers that are not (or no longer) chroma: no chroma needed ----------


class FakeServer:
    """A TCP listener that answers the first `answered` requests as chroma would, then
    reads every request and never answers (a wedged server, a stuck proxy)."""

    def __init__(self, answered: int = 0, page: bytes | None = None) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.answered = answered
        self.page = page
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _reply(self, path: str) -> bytes:
        if self.page is not None:
            body, kind = self.page, b"text/html"
        elif "heartbeat" in path:
            body, kind = b'{"nanosecond heartbeat": 1}', b"application/json"
        else:
            body = b'{"user_id": "", "tenant": "default_tenant", "databases": ["*"]}'
            kind = b"application/json"
        head = b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n" % (kind, len(body))
        return head + b"Connection: close\r\n\r\n" + body

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            request = conn.recv(65536).decode("latin-1")
            if self.page is not None or self.answered > 0:
                self.answered -= 1
                conn.sendall(self._reply(request.split(" ")[1] if " " in request else ""))
                conn.close()
            else:
                self.held.append(conn)  # read, never answered, never closed

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def fake() -> Iterator[Callable[..., FakeServer]]:
    made: list[FakeServer] = []

    def make(answered: int = 0, page: bytes | None = None) -> FakeServer:
        server = FakeServer(answered, page)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


def test_a_server_that_accepts_and_never_answers_fails_within_the_timeout(
    fake: Callable[..., FakeServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    silent = fake()
    code, err = run(
        ["flags", "--store", silent.url], capsys, monkeypatch, **{ENV_STORE_TIMEOUT: "1"}
    )
    assert code == ExitCode.STORE
    assert one_line(err) == (
        f"tally: cannot reach chroma server at {silent.url}: no answer within 1 s"
    )


def test_a_server_that_goes_silent_after_the_heartbeat_fails_within_the_timeout(
    fake: Callable[..., FakeServer],
) -> None:
    # The heartbeat and the identity are answered; chromadb's own calls while it builds its
    # client are not: the deadline must hold there too, not only on the first connect.
    wedged = fake(answered=2)
    with pytest.raises(StoreError) as caught:
        connect_server(wedged.url, timeout=1)
    assert str(caught.value) == (
        f"cannot reach chroma server at {wedged.url}: no answer within 1 s"
    )


def test_a_web_server_that_is_not_chroma_is_named_as_such_not_quoted(
    fake: Callable[..., FakeServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = b"<html><head><title>Welcome</title></head><body><h1>It works</h1></body></html>"
    web = fake(page=page)
    code, err = run(["flags", "--store", f"{web.url}/desk"], capsys, monkeypatch)
    assert code == ExitCode.STORE
    assert one_line(err) == (
        f"tally: cannot reach chroma server at {web.url}/desk: "
        "not a chroma server (HTTP 200 for /api/v2/heartbeat)"
    )


def test_a_refused_port_fails_at_once_with_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}/desk"
    done = tally("verify", "-", "--store", url)
    assert done.returncode == ExitCode.STORE
    assert (
        one_line(done.stderr) == f"tally: cannot reach chroma server at {url}: connection refused"
    )


@pytest.mark.parametrize("value", ["soon", "0", "-3", "99999"])
def test_a_timeout_that_cannot_work_is_a_config_error(
    value: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["flags", "--store", "http://127.0.0.1:9/x"]
    code, err = run(argv, capsys, monkeypatch, **{ENV_STORE_TIMEOUT: value})
    assert code == ExitCode.CONFIG
    assert ENV_STORE_TIMEOUT in one_line(err)


def test_a_token_that_chroma_cannot_send_is_refused_without_showing_it() -> None:
    secret = "tok\u00e9n-with-an-accent-4521"
    with pytest.raises(ConfigError) as caught:
        connect_server("http://127.0.0.1:9", env={ENV_STORE_TOKEN: secret})
    assert ENV_STORE_TOKEN in str(caught.value) and secret not in str(caught.value)


def test_a_token_in_the_url_is_refused_and_never_shown() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("http://desk:hunter2-secret@127.0.0.1:8000/db")
    assert "hunter2-secret" not in str(caught.value)
    assert ENV_STORE_TOKEN in str(caught.value)


# ---------- a real chroma server that the test pauses, kills and restarts ----------

VILLAGES = ["Carrow", "Bellmere", "Ostwick", "Fennly", "Dunmarsh", "Harlow Cross", "Quillbeck"]


def write_wires(path: Path, n: int) -> Path:
    """Invented landslide updates in an invented district: a rising toll with a few falls
    planted (every 17th), so a batch stores reports, claims and flags."""
    start = datetime(2026, 3, 2, 6, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            killed = 10 + 2 * i - (9 if i % 17 == 5 else 0)
            wire = {
                "id": f"mh{i:04d}",
                "outlet": "Invented Wire",
                "published": (start + timedelta(hours=3 * i)).isoformat(),
                "language": "en",
                "title": f"Landslides in {VILLAGES[i % len(VILLAGES)]}: toll rises",
                "body": (
                    f"MARROW HILLS — The death toll from the landslides in Marrow Hills rose to "
                    f"{killed}, the district emergency office said on update {i}, after "
                    f"rescuers reached {VILLAGES[i % len(VILLAGES)]}. At least {2 * killed + 5} "
                    "people have been injured since the slopes gave way."
                ),
            }
            out.write(json.dumps(wire) + "\n")
    return path


def contents(url: str) -> tuple[list[str], list[str], list[str]]:
    """Every report, claim and flag id in the store at `url`."""
    store = open_store(url)
    claims = [c.id for c in store.claims()]
    return (
        sorted(r.id for r in store.reports()),
        sorted(claims),
        sorted(f.id for f in store.flags()),
    )


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ChromaProcess]:
    server = ChromaProcess(tmp_path / "chroma-data", tmp_path / "chroma.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.server
def test_a_paused_server_fails_every_call_within_the_timeout_then_serves_again(
    own_server: ChromaProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_STORE_TIMEOUT, "2")
    url = f"{own_server.url}/desk"
    wires = write_wires(tmp_path / "wires.jsonl", 20)
    assert tally("verify", str(wires), "--store", url).returncode in (ExitCode.OK, 1)
    store = open_store(url)  # opened while the server answers: later calls must time out
    own_server.signal(signal.SIGSTOP)
    try:
        with pytest.raises(StoreError) as caught:
            store.flags()
        assert str(caught.value).endswith(f"{url}: no answer within 2 s")
        done = tally("flags", "--store", url)
        assert done.returncode == ExitCode.STORE
        assert one_line(done.stderr) == (
            f"tally: cannot reach chroma server at {url}: no answer within 2 s"
        )
    finally:
        own_server.signal(signal.SIGCONT)
    assert len(store.reports()) == 20  # the same client works again once the server does


@pytest.mark.slow
@pytest.mark.server
def test_desks_creating_one_database_at_once_all_get_it(own_server: ChromaProcess) -> None:
    for n in range(3):
        url = f"{own_server.url}/shared{n}"
        failures: list[BaseException] = []

        def desk(url: str = url, failures: list[BaseException] = failures) -> None:
            try:
                open_store(url)
            except BaseException as e:
                failures.append(e)

        desks = [threading.Thread(target=desk) for _ in range(6)]
        for t in desks:
            t.start()
        for t in desks:
            t.join(HANG)
        assert failures == []


def _claims_once_stored(url: str, proc: subprocess.Popen[str]) -> None:
    """Wait until the batch has written its first claims (mid-batch), or has ended."""
    deadline = time.monotonic() + HANG
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if open_store(url).counts()["claims"] > 0:
                return
        except StoreError:
            pass  # the database is created by the batch itself
        time.sleep(0.2)
    raise AssertionError("the batch ended before it wrote anything")


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.parametrize("restart_after", [None, 1.0], ids=["killed", "restarted"])
def test_a_server_lost_mid_batch_loses_nothing_once_the_batch_is_run_again(
    own_server: ChromaProcess, tmp_path: Path, restart_after: float | None
) -> None:
    # Three of verify's 200-wire chunks: the first claims land with two chunks still to
    # go, so the server is lost mid-batch however fast the machine is.
    wires = write_wires(tmp_path / "wires.jsonl", 500)
    reference = f"{own_server.url}/reference"
    first = tally("verify", str(wires), "--store", reference, "--format", "jsonl")
    assert first.returncode in (ExitCode.OK, 1), first.stderr
    expected = contents(reference)
    assert len(expected[0]) == 500 and expected[2], "the wires must raise flags"

    url = f"{own_server.url}/desk"
    batch = subprocess.Popen(
        [*TALLY, "verify", str(wires), "--store", url, "--format", "jsonl"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        _claims_once_stored(url, batch)
        own_server.kill()
        if restart_after is not None:
            time.sleep(restart_after)
            own_server.start()
        _, err = batch.communicate(timeout=HANG)
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.wait()
    if restart_after is None:
        # Nothing to come back to: the batch stops with one line, after its retries.
        assert batch.returncode == ExitCode.STORE
        line = one_line(err)
        assert line.startswith("tally: cannot ") and url in line, line
        own_server.start()
    else:
        # Back within the retries (then the batch completes), or lost mid-call (then it
        # stops with one line): never a traceback, never a hang.
        assert batch.returncode in (ExitCode.OK, 1, ExitCode.STORE), err
        if batch.returncode == ExitCode.STORE:
            assert url in one_line(err)
    again = tally("verify", str(wires), "--store", url, "--format", "jsonl")
    assert again.returncode in (ExitCode.OK, 1), again.stderr
    assert contents(url) == expected


# ---------- a server that wants a token ----------


@pytest.fixture
def token_server(tmp_path: Path) -> Iterator[ChromaProcess]:
    """chroma's Python server with chroma's token provider (`chroma run` has no auth)."""
    server = ChromaProcess(
        tmp_path / "chroma-data", tmp_path / "chroma.log", token=f"desk-{os.getpid()}-Zq7!x"
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.server
def test_a_server_with_a_token_refuses_clients_without_it_and_serves_those_with_it(
    token_server: ChromaProcess, tmp_path: Path
) -> None:
    token = token_server.token
    assert token is not None
    url = f"{token_server.url}/desk"
    wires = write_wires(tmp_path / "wires.jsonl", 20)

    without = tally("verify", str(wires), "--store", url)
    assert without.returncode == ExitCode.STORE
    assert one_line(without.stderr) == (
        f"tally: chroma server at {url} refused a client without a token: "
        f"set {ENV_STORE_TOKEN} to the server's token"
    )

    wrong = tally("flags", "--store", url, env={ENV_STORE_TOKEN: token + "-old"})
    assert wrong.returncode == ExitCode.STORE
    assert one_line(wrong.stderr) == (
        f"tally: chroma server at {url} refused the token in {ENV_STORE_TOKEN}"
    )
    assert token not in wrong.stderr + wrong.stdout

    given = {ENV_STORE_TOKEN: token}
    stored = tally("verify", str(wires), "--store", url, "--format", "jsonl", env=given)
    assert stored.returncode in (ExitCode.OK, 1), stored.stderr
    listed = tally("reports", "--store", url, "--format", "jsonl", env=given)
    assert listed.returncode == ExitCode.OK
    assert len(listed.stdout.splitlines()) == 20
    for done in (stored, listed):
        assert token not in done.stdout + done.stderr


@pytest.mark.slow
@pytest.mark.server
def test_a_server_restarted_between_calls_costs_a_pause_not_an_error(
    own_server: ChromaProcess,
) -> None:
    url = f"{own_server.url}/desk"
    store = open_store(url)
    own_server.kill()
    # Restarted while the next call is already being refused: the retries bridge it.
    restart = threading.Thread(target=own_server.start)
    restart.start()
    try:
        assert store.counts() == {"reports": 0, "claims": 0, "flags": 0}
    finally:
        restart.join(HANG)
