"""Opening a `chroma run` server as a store: URL checks, a token, timeouts, plain errors.

chromadb's HTTP client waits forever (httpx with `timeout=None`) and reports whatever the
far end sent, an HTML page included. Here every call gets a deadline, a connection that
fails is tried again with backoff (a restarted server comes back within a few seconds), and
each way a server can fail becomes one line naming the URL: down, silent, not chroma, or
refusing the client's token.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urlsplit

import chromadb
import httpx
from chromadb.config import Settings
from chromadb.errors import ChromaError, NotFoundError

from assistant.core.errors import ConfigError, StoreError
from assistant.llm.safety import register_secret, without_secrets

if TYPE_CHECKING:
    from chromadb.api import AdminAPI, ClientAPI

__all__ = [
    "CALL_TIMEOUT",
    "CONNECT_RETRIES",
    "CONNECT_TIMEOUT",
    "DEFAULT_SERVER_PORT",
    "ENV_STORE_TIMEOUT",
    "ENV_STORE_TOKEN",
    "call_timeout",
    "connect_server",
    "os_reason",
    "store_token",
]

ENV_STORE_TOKEN = "TALLY_STORE_TOKEN"
ENV_STORE_TIMEOUT = "TALLY_STORE_TIMEOUT"
DEFAULT_SERVER_PORT = 8000  # what `chroma run` listens on
CONNECT_TIMEOUT = 5.0
# The longest one call may go unanswered. The largest call Tally makes (a few thousand
# claims written at once) takes about a second on a loopback server; a paused or wedged
# server must not hold a desk for minutes.
CALL_TIMEOUT = 20.0
# A refused connection mid-batch is tried again after 0, 0.5, 1, 2 and 4 s (httpcore's
# backoff): `chroma run` restarts in one or two seconds, so a restart costs a pause, not the
# batch. A call that was sent and then lost is never repeated here: it may have been applied.
CONNECT_RETRIES = 5
TOKEN_PROVIDER = "chromadb.auth.token_authn.TokenAuthClientProvider"
_TOKEN_CHARS = re.compile(r"[!-~]+")  # what chromadb's token provider accepts

# Chroma database names: letters, digits, '-' and '_' (empty = the default database).
_DATABASE = re.compile(r"[A-Za-z0-9_-]{0,63}")


def os_reason(error: OSError) -> str:
    """A socket or file error as a few lower-case words for a one-line message."""
    if isinstance(error, socket.gaierror):
        return "unknown host"
    if isinstance(error, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT:g} s"
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def call_timeout(env: Mapping[str, str] | None = None) -> float:
    """Seconds one call to the server may take: $TALLY_STORE_TIMEOUT, else CALL_TIMEOUT."""
    env = os.environ if env is None else env
    raw = env.get(ENV_STORE_TIMEOUT, "").strip()
    if not raw:
        return CALL_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise ConfigError(f"{ENV_STORE_TIMEOUT}={raw!r}: expected seconds between 0 and 3600")
    return seconds


def store_token(env: Mapping[str, str] | None = None) -> str | None:
    """The server's token from $TALLY_STORE_TOKEN, registered for masking; None if unset."""
    env = os.environ if env is None else env
    token = env.get(ENV_STORE_TOKEN, "").strip()
    if not token:
        return None
    register_secret(token)
    if not _TOKEN_CHARS.fullmatch(token):
        # Never echo the value: it may be a real token with one stray character.
        raise ConfigError(f"{ENV_STORE_TOKEN} may hold only ASCII letters, digits and punctuation")
    return token


def _cause(error: BaseException) -> OSError | None:
    """The socket error under an httpx/httpcore error, if there is one."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _transport_reason(error: httpx.HTTPError, timeout: float) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"no answer within {timeout:g} s"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the server closed the connection without answering"
    cause = _cause(error)
    if cause is not None:
        return os_reason(cause)
    return (str(error).strip() or type(error).__name__).splitlines()[0]


class _PlainTransport(httpx.HTTPTransport):
    """httpx's transport with connect retries and errors that read as a reason."""

    def __init__(self, timeout: float, limits: httpx.Limits) -> None:
        super().__init__(retries=CONNECT_RETRIES, limits=limits)
        self._timeout = timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return super().handle_request(request)
        except httpx.TimeoutException as e:
            raise type(e)(_transport_reason(e, self._timeout), request=request) from e
        except httpx.ConnectError as e:
            reason = _transport_reason(e, self._timeout)
            tries = CONNECT_RETRIES + 1
            raise httpx.ConnectError(
                f"{reason} (tried {tries} time{'s' if tries > 1 else ''})", request=request
            ) from e
        except httpx.TransportError as e:
            raise type(e)(_transport_reason(e, self._timeout), request=request) from e


def _with_deadline(client: ClientAPI | AdminAPI, timeout: float) -> None:
    """Give a chromadb HTTP client a deadline on every call and connect retries.

    chromadb builds its httpx session with `timeout=None` and offers no setting for it, so
    the session is replaced by one with the same headers (the token among them).
    """
    server: Any = getattr(client, "_server", None)
    old = getattr(server, "_session", None)
    if not isinstance(old, httpx.Client):
        raise StoreError(f"chromadb {chromadb.__version__}: cannot set a timeout on its client")
    server._session = httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)),
        headers=old.headers,
        transport=_PlainTransport(timeout, server.http_limits),
    )
    old.close()


def _built_within(timeout: float, build: Callable[[], ClientAPI]) -> ClientAPI | None:
    """The client `build` returns, or None if it is not built within `timeout`.

    chromadb's client calls the server while it is being built (identity, tenant,
    database), before a deadline can be given to it: a server that stops answering just
    then would hold the desk for good. The build runs in a daemon thread instead; one that
    never returns is left blocked on its socket and dies with the process.
    """
    built: list[ClientAPI] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            built.append(build())
        except BaseException as e:  # handed to the caller's thread below
            failed.append(e)

    worker = threading.Thread(target=run, name="chroma-connect", daemon=True)
    worker.start()
    worker.join(timeout)
    if failed:
        raise failed[0]
    return built[0] if built else None


def _parse(url: str) -> tuple[SplitResult, str, int, bool, str]:
    parts = urlsplit(url)
    register_secret(parts.password)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or port == -1
        or parts.username is not None
        or not _DATABASE.fullmatch(parts.path.strip("/"))
        or parts.query
        or parts.fragment
    ):
        raise StoreError(
            f"invalid chroma server URL {without_secrets(repr(url))}: expected "
            f"http(s)://host[:port][/database] (a token goes in {ENV_STORE_TOKEN})"
        )
    ssl = parts.scheme.lower() == "https"
    database = parts.path.strip("/") or chromadb.DEFAULT_DATABASE
    return parts, parts.hostname, port or (443 if ssl else DEFAULT_SERVER_PORT), ssl, database


def _probe(base: str, url: str, token: str | None, timeout: float) -> None:
    """Ask the heartbeat and the caller's identity, with deadlines, before chromadb does.

    A server that accepts and never answers, a web server that is not chroma, and a chroma
    that wants a token each fail here with their own reason.
    """
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    fail = f"cannot reach chroma server at {url}"
    with httpx.Client(timeout=timeout, headers=headers) as http:
        try:
            beat = http.get(f"{base}/api/v2/heartbeat")
            body = _json(beat) if beat.status_code == 200 else None
            if not (isinstance(body, dict) and "nanosecond heartbeat" in body):
                raise StoreError(
                    f"{fail}: not a chroma server (HTTP {beat.status_code} for /api/v2/heartbeat)"
                )
            who = http.get(f"{base}/api/v2/auth/identity")
        except httpx.HTTPError as e:
            raise StoreError(f"{fail}: {_transport_reason(e, timeout)}") from e
    if who.status_code in (401, 403):
        if token is None:
            raise StoreError(
                f"chroma server at {url} refused a client without a token: "
                f"set {ENV_STORE_TOKEN} to the server's token"
            )
        raise StoreError(f"chroma server at {url} refused the token in {ENV_STORE_TOKEN}")
    if who.status_code != 200:
        raise StoreError(f"{fail}: HTTP {who.status_code} for /api/v2/auth/identity")


def _json(response: httpx.Response) -> object:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _ensure_database(admin: AdminAPI, database: str) -> None:
    """Create the database if missing; another desk creating it at the same time is fine."""
    try:
        admin.get_database(database)
        return
    except NotFoundError:
        pass
    try:
        admin.create_database(database)
    except ChromaError as e:
        # Another desk created it between our look and our create ("already exists", a
        # plain ChromaError from the server): just as good, if it is there now.
        try:
            admin.get_database(database)
        except ChromaError:
            raise e from None


def connect_server(
    url: str,
    *,
    timeout: float | None = None,
    token: str | None = None,
    env: Mapping[str, str] | None = None,
) -> ClientAPI:
    """A client for a chroma server at http(s)://host[:port][/database].

    A path names a database on the server, created when missing, so several desks (or
    test runs) can share one server without sharing their reports. The token and the
    timeout come from the arguments, else from $TALLY_STORE_TOKEN and $TALLY_STORE_TIMEOUT.
    """
    token = token if token is not None else store_token(env)
    if token is not None:
        register_secret(token)
    timeout = timeout if timeout is not None else call_timeout(env)
    _, host, port, ssl, database = _parse(url)
    # Probe the socket first so a dead or filtered host fails in seconds with a plain
    # reason (refused, unknown host, unreachable) before any HTTP is tried.
    try:
        socket.create_connection((host, port), timeout=min(CONNECT_TIMEOUT, timeout)).close()
    except OSError as e:
        raise StoreError(f"cannot reach chroma server at {url}: {os_reason(e)}") from e
    netloc = f"[{host}]" if ":" in host else host
    _probe(f"{'https' if ssl else 'http'}://{netloc}:{port}", url, token, timeout)
    auth: dict[str, Any] = (
        {"chroma_client_auth_provider": TOKEN_PROVIDER, "chroma_client_auth_credentials": token}
        if token
        else {}
    )
    try:
        if database != chromadb.DEFAULT_DATABASE:
            admin = chromadb.AdminClient(
                Settings(
                    chroma_api_impl="chromadb.api.fastapi.FastAPI",
                    chroma_server_host=host,
                    chroma_server_http_port=port,
                    chroma_server_ssl_enabled=ssl,
                    anonymized_telemetry=False,
                    **auth,
                )
            )
            _with_deadline(admin, timeout)
            _ensure_database(admin, database)
        client = _built_within(
            timeout,
            lambda: chromadb.HttpClient(
                host=host,
                port=port,
                ssl=ssl,
                database=database,
                settings=Settings(anonymized_telemetry=False, **auth),
            ),
        )
        if client is None:
            raise StoreError(f"cannot reach chroma server at {url}: no answer within {timeout:g} s")
        _with_deadline(client, timeout)
        return client
    except StoreError:
        raise
    except Exception as e:
        # What is left (an incompatible chroma version, a server failing between the probe
        # and here) surfaces as assorted chromadb/httpx errors. One line, never a page.
        detail = (str(e).strip() or type(e).__name__).splitlines()[0][:200]
        raise StoreError(f"cannot reach chroma server at {url}: {without_secrets(detail)}") from e
