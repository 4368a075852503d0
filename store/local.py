"""A store folder on this machine: checked before chromadb opens it, created by one process.

chromadb opens whatever it finds: a `chroma.sqlite3` truncated to zero, or missing beside its
index folders, reads as an empty store, and the next write builds a new one over the old
files. Here such a folder is refused (exit 4) before chromadb sees it. A folder the user may
not write (an archive, a backup mount) is read through a temporary copy, since chromadb's
local client cannot open a database it is not allowed to write.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import chromadb
from chromadb.config import Settings

from assistant.core.errors import StoreDamagedError, StoreError
from store.lock import LOCK_FILE, held_here, opening

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

__all__ = ["DATABASE", "check_folder", "open_folder"]

DATABASE = "chroma.sqlite3"
_HEADER = b"SQLite format 3\x00"
# chromadb's own tables; a database without them is not a store, whatever else it holds.
_TABLES = frozenset({"collections", "segments", "embeddings", "embedding_metadata"})
_ADVICE = "restore the folder from a backup, or move it away to start a new store"


def _corrupt(folder: Path, what: str) -> StoreDamagedError:
    return StoreDamagedError(f"store at {folder} is damaged: {what}; {_ADVICE}")


def _store_files(folder: Path) -> list[str]:
    """What the folder holds besides the lock file."""
    return sorted(p.name for p in folder.iterdir() if p.name != LOCK_FILE)


# What a crash while chromadb creates a store leaves: its database file (and journals),
# with no table yet or only the migrations it had begun.
_JOURNALS = frozenset({f"{DATABASE}-journal", f"{DATABASE}-wal", f"{DATABASE}-shm"})


def _unfinished(others: list[str], tables: set[str]) -> bool:
    """A store whose creation was killed: nothing but its database, which holds no
    collection (no data can be in it) and no table but chromadb's own migration steps."""
    only_database = set(others) <= {DATABASE} | _JOURNALS
    return only_database and "collections" not in tables and (not tables or "migrations" in tables)


def _tables(database: Path) -> set[str] | None:
    """The database's table names, or None when a crashed writer's journal must be rolled
    back first and this process may not write (a read-only store)."""
    uri = f"{database.resolve().as_uri()}?mode=ro"
    try:
        # Read-only: checking a sound store never changes it.
        with sqlite3.connect(uri, uri=True) as db:
            return {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.OperationalError as e:
        if "readonly" not in str(e):
            raise
    # kill -9 mid-write leaves a hot journal, which only a writable open rolls back (as
    # chromadb's own open would): SQLite's crash recovery, not damage.
    try:
        with sqlite3.connect(database) as db:
            return {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.OperationalError as e:
        if "readonly" in str(e):
            return None
        raise


def damage(folder: Path) -> StoreDamagedError | None:
    """After a store call failed: the damage SQLite finds in the folder's database (a
    quick check of every page, read-only), or None when it is sound or unreadable.

    chromadb's own words for a corrupt page ("Error sending backfill request to compactor",
    a panic in its Rust core) do not say the store is damaged, nor what to do."""
    database = folder / DATABASE
    if not database.is_file():
        return None
    try:
        with sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True) as db:
            found = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as e:
        return _corrupt(folder, f"SQLite cannot read it ({str(e).splitlines()[0]})")
    if found == ["ok"]:
        return None
    # The report is several lines ("*** in database main ***", then page errors): the
    # first page error says enough in one line.
    lines = [x for x in "\n".join(found).splitlines() if x.strip() and not x.startswith("***")]
    return _corrupt(
        folder, f"SQLite finds {lines[0].strip()!r}" if lines else "SQLite finds it unsound"
    )


def check_folder(folder: Path, *, finish_creation: bool = False) -> bool:
    """Whether `folder` holds a store (False: empty or new); StoreError if it is damaged.

    A store killed while it was being created (a database with no collection table and
    nothing beside it) is new, not damaged: with `finish_creation` (the caller holds the
    folder alone) its remains are removed so chromadb can create it afresh.

    An OSError (a file in the way, no permission) is left to the caller to word.

    Cheap by design (a header and the table names, not an integrity scan): it runs on
    every open. Damage deeper in the file surfaces on the read that meets it, as exit 4.
    """
    database = folder / DATABASE
    try:
        others = _store_files(folder)
    except FileNotFoundError:
        return False
    if DATABASE not in others:
        if others:
            shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            raise _corrupt(folder, f"{DATABASE} is missing beside {shown}")
        return False
    with database.open("rb") as f:
        header = f.read(len(_HEADER))
    if not header:
        raise _corrupt(folder, f"{DATABASE} is empty (truncated to zero bytes)")
    if header != _HEADER:
        raise _corrupt(folder, f"{DATABASE} is not an SQLite database")
    try:
        tables = _tables(database)
    except sqlite3.DatabaseError as e:
        raise _corrupt(folder, f"{DATABASE}: {e}") from e
    if tables is None:
        return True  # a crashed writer's journal no one may roll back here: chromadb will
    missing = sorted(_TABLES - tables)
    if missing and _unfinished(others, tables):
        if finish_creation:
            for name in others:
                (folder / name).unlink(missing_ok=True)
        return False
    if missing:
        raise _corrupt(folder, f"{DATABASE} has no table {', '.join(missing)}")
    return True


def _settings() -> Settings:
    return Settings(anonymized_telemetry=False)


def _read_only(error: Exception) -> bool:
    return "readonly database" in str(error) or "read-only" in str(error).lower()


def _copy_for_reading(folder: Path) -> Path:
    """A private copy of a store this process may not write, removed at exit."""
    scratch = Path(tempfile.mkdtemp(prefix="tally-readonly-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    copy = scratch / "store"
    shutil.copytree(
        folder, copy, ignore=shutil.ignore_patterns(LOCK_FILE), copy_function=shutil.copyfile
    )
    # copytree keeps the folders' read-only modes; the copy must be writable to open.
    for sub in [copy, *(p for p in copy.rglob("*") if p.is_dir())]:
        sub.chmod(0o700)
    return copy


def open_folder(folder: Path) -> ClientAPI:
    """A chromadb client for a checked store folder (created when new, copied when read-only)."""
    folder.mkdir(parents=True, exist_ok=True)
    with opening(folder):
        exists = check_folder(folder)
    if not exists:
        # Three processes opening one new folder at once must not each run chromadb's
        # first migrations ("table collections already exists"): one creates, the others
        # wait and then open what it made.
        with opening(folder, create=True):
            if not check_folder(folder, finish_creation=True):
                return chromadb.PersistentClient(path=str(folder), settings=_settings())
    try:
        with opening(folder):
            return chromadb.PersistentClient(path=str(folder), settings=_settings())
    except Exception as e:
        if not _read_only(e):
            raise
        if held_here(folder):
            # A writer must never write into a throwaway copy.
            raise StoreError(f"cannot write to store at {folder}: it is read-only") from e
    return chromadb.PersistentClient(path=str(_copy_for_reading(folder)), settings=_settings())
