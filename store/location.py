"""Where the store lives (a directory or a chroma server) and how to open it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.core.errors import StoreError
from assistant.core.settings import ENV_HOME, data_dir
from store.chroma import ClaimStore
from store.embeddings import UsemEmbeddingFunction
from store.local import open_folder
from store.server import CONNECT_TIMEOUT, DEFAULT_SERVER_PORT, connect_server
from store.server import os_reason as _reason

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

__all__ = [
    "CONNECT_TIMEOUT",
    "DEFAULT_SERVER_PORT",
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


def connect_path(path: Path) -> ClientAPI:
    """A client for a store directory, created if missing; a damaged one is refused (exit 4)."""
    try:
        return open_folder(path)
    except StoreError:
        raise
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
    return ClaimStore(connect(where), embedder, location=str(where), folder=where.path)
