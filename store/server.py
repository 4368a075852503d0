"""Opening a `chroma run` server as a store: URL checks, reachability, plain errors."""

from __future__ import annotations

import re
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings

from assistant.core.errors import StoreError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

__all__ = ["CONNECT_TIMEOUT", "DEFAULT_SERVER_PORT", "connect_server", "os_reason"]

DEFAULT_SERVER_PORT = 8000  # what `chroma run` listens on
CONNECT_TIMEOUT = 5.0


def os_reason(error: OSError) -> str:
    """A socket or file error as a few lower-case words for a one-line message."""
    if isinstance(error, socket.gaierror):
        return "unknown host"
    if isinstance(error, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT:g} s"
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


# Chroma database names: letters, digits, '-' and '_' (empty = the default database).
_DATABASE = re.compile(r"[A-Za-z0-9_-]{0,63}")


def connect_server(url: str, *, timeout: float = CONNECT_TIMEOUT) -> ClientAPI:
    """A client for a chroma server at http(s)://host[:port][/database].

    A path names a database on the server, created when missing, so several desks (or
    test runs) can share one server without sharing their reports.
    """
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or port == -1
        or not _DATABASE.fullmatch(parts.path.strip("/"))
        or parts.query
        or parts.fragment
    ):
        raise StoreError(
            f"invalid chroma server URL {url!r}: expected http(s)://host[:port][/database]"
        )
    database = parts.path.strip("/") or chromadb.DEFAULT_DATABASE
    host = parts.hostname
    ssl = parts.scheme.lower() == "https"
    port = port or (443 if ssl else DEFAULT_SERVER_PORT)
    # chromadb's HTTP client has no timeout: probe the socket first so a dead or
    # filtered host fails in seconds with a plain reason, not minutes later.
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        raise StoreError(f"cannot reach chroma server at {url}: {os_reason(e)}") from e
    try:
        if database != chromadb.DEFAULT_DATABASE:
            admin = chromadb.AdminClient(
                Settings(
                    chroma_api_impl="chromadb.api.fastapi.FastAPI",
                    chroma_server_host=host,
                    chroma_server_http_port=port,
                    chroma_server_ssl_enabled=ssl,
                    anonymized_telemetry=False,
                )
            )
            try:
                admin.get_database(database)
            except Exception:
                admin.create_database(database)
        return chromadb.HttpClient(
            host=host,
            port=port,
            ssl=ssl,
            database=database,
            settings=Settings(anonymized_telemetry=False),
        )
    except Exception as e:
        # Anything listening there that is not chroma (or an incompatible version)
        # surfaces as assorted chromadb/httpx errors; all mean the same to a user.
        detail = (str(e).strip() or type(e).__name__).splitlines()[0]
        raise StoreError(f"cannot reach chroma server at {url}: {detail}") from e
