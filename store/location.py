"""Where the store lives (a directory or a chroma server) and how to open it."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings

from assistant.core.errors import StoreError
from assistant.core.settings import ENV_HOME, data_dir
from store.chroma import ClaimStore
from store.embeddings import UsemEmbeddingFunction

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

__all__ = [
    "ENV_HOME",
    "ENV_STORE_URL",
    "StoreLocation",
    "connect",
    "connect_path",
    "connect_server",
    "open_store",
    "resolve_location",
]

ENV_STORE_URL = "TALLY_STORE_URL"
STORE_DIR = "store"
DEFAULT_SERVER_PORT = 8000  # what `chroma run` listens on
CONNECT_TIMEOUT = 5.0


@dataclass(frozen=True)
class StoreLocation:
    """Either a local directory or the URL of a `chroma run` server."""

    path: Path | None = None
    url: str | None = None

    def __str__(self) -> str:
        return self.url if self.url is not None else str(self.path)


def _is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def resolve_location(
    location: str | None = None, env: Mapping[str, str] | None = None
) -> StoreLocation:
    """An explicit location wins; then $TALLY_STORE_URL, $TALLY_HOME/store, the data dir."""
    env = os.environ if env is None else env
    if location is None or not location.strip():
        url = env.get(ENV_STORE_URL, "").strip()
        if url:
            return StoreLocation(url=url)
        return StoreLocation(path=data_dir(env) / STORE_DIR)
    location = location.strip()
    if _is_url(location):
        return StoreLocation(url=location)
    return StoreLocation(path=Path(location).expanduser())


def _settings() -> Settings:
    return Settings(anonymized_telemetry=False)


def _reason(error: OSError) -> str:
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
        raise StoreError(f"cannot reach chroma server at {url}: {_reason(e)}") from e
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
            host=host, port=port, ssl=ssl, database=database, settings=_settings()
        )
    except Exception as e:
        # Anything listening there that is not chroma (or an incompatible version)
        # surfaces as assorted chromadb/httpx errors; all mean the same to a user.
        detail = (str(e).strip() or type(e).__name__).splitlines()[0]
        raise StoreError(f"cannot reach chroma server at {url}: {detail}") from e


def connect_path(path: Path) -> ClientAPI:
    """A client for a store directory, created if missing."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=_settings())
    except OSError as e:
        raise StoreError(f"cannot open store at {path}: {_reason(e)}") from e
    except Exception as e:
        detail = (str(e).strip() or type(e).__name__).splitlines()[0]
        raise StoreError(f"cannot open store at {path}: {detail}") from e


def connect(location: StoreLocation) -> ClientAPI:
    """A chromadb client for a resolved location."""
    if location.url is not None:
        return connect_server(location.url)
    assert location.path is not None
    return connect_path(location.path)


def open_store(
    location: str | None = None, *, embedder: UsemEmbeddingFunction | None = None
) -> ClaimStore:
    """Open (creating if needed) the store at a path or URL, or the default one."""
    where = resolve_location(location)
    return ClaimStore(connect(where), embedder, location=str(where))
