"""One writer at a time on a local store: an advisory lock file inside the store folder.

A batch reads the store (which reports are new, which flags it may withdraw) and then
writes what follows from it; two batches interleaving there leave stale or doubled flags.
So every write session holds `fcntl.flock` on `<store>/tally.lock`; the kernel drops it
when the process ends, kill -9 included, so a stale lock never outlives its holder.
Readers take no lock. A chroma server orders writes itself and has no folder to lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from assistant.core.errors import ConfigError, StoreError

__all__ = [
    "DEFAULT_TIMEOUT",
    "ENV_LOCK_TIMEOUT",
    "LOCK_FILE",
    "StoreLock",
    "held_here",
    "lock_timeout",
    "opening",
    "writing",
]

ENV_LOCK_TIMEOUT = "TALLY_STORE_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 60.0  # seconds a second writer waits before it gives up
LOCK_FILE = "tally.lock"
_POLL = 0.1
# Folders whose writer lock this process holds (resolved paths).
_HELD: set[Path] = set()


def held_here(folder: Path) -> bool:
    """Whether this process holds the writer lock of `folder`."""
    return folder.resolve() in _HELD


def lock_timeout(env: Mapping[str, str] | None = None) -> float:
    """Seconds to wait for the writer lock: $TALLY_STORE_LOCK_TIMEOUT, else 60; 0 = don't wait."""
    env = os.environ if env is None else env
    text = env.get(ENV_LOCK_TIMEOUT, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ConfigError(f"{ENV_LOCK_TIMEOUT}={text!r}: expected seconds, 0 or more")
    return value


def _reason(error: OSError) -> str:
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def _holder(handle: IO[str]) -> str:
    """What the current holder wrote into the lock file, or a plain phrase."""
    try:
        handle.seek(0)
        text = handle.read(200).strip()
    except OSError:
        text = ""
    return text.splitlines()[0] if text else "another process"


class StoreLock:
    """The writer lock of one store folder; `acquire` waits up to `timeout` seconds."""

    def __init__(self, folder: Path, *, timeout: float | None = None, who: str = "tally") -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        self.timeout = lock_timeout() if timeout is None else timeout
        self.who = who
        self._handle: IO[str] | None = None

    @property
    def held(self) -> bool:
        """Whether this process holds it through this object."""
        return self._handle is not None

    def acquire(self, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock, or raise StoreError naming the folder and the holder on timeout."""
        if self._handle is not None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Opened without truncating: the holder's line stays readable to waiters.
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115
        except OSError as e:
            raise StoreError(
                f"cannot write to store at {self.folder}: {_reason(e)} "
                "(reading commands still work on a read-only store)"
            ) from e
        deadline = time.monotonic() + self.timeout
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(handle)
                    handle.close()
                    raise StoreError(
                        f"store at {self.folder} is being written by {holder}; gave up after "
                        f"{self.timeout:g} s (set {ENV_LOCK_TIMEOUT} to wait longer)"
                    ) from None
                if not told and on_wait is not None:
                    on_wait(
                        f"waiting up to {self.timeout:g} s for the store at {self.folder}, "
                        f"being written by {_holder(handle)}"
                    )
                    told = True
                time.sleep(_POLL)
        # Who holds it, for the message a waiting writer shows; advisory only.
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} ({self.who}, since {stamp})\n")
            handle.flush()
        except OSError:
            pass  # the lock is held; only the courtesy line is missing
        self._handle = handle
        _HELD.add(self.folder.resolve())

    def release(self) -> None:
        """Let the next writer in (closing the file drops the flock)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            _HELD.discard(self.folder.resolve())
            handle.close()

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _command() -> str:
    """This process as a holder line names it: `tally verify`, `tally watch`, ..."""
    words = [a for a in sys.argv[1:3] if not a.startswith("-")][:1]
    return " ".join(["tally", *words])


def _local_folder(location: str) -> Path | None:
    """The folder of a local store's location; None for a chroma server or a bare client."""
    if location.lower().startswith(("http://", "https://")):
        return None
    folder = Path(location)
    return folder if folder.is_dir() else None


# The write sessions open in this process, by folder: the lock and how many hold it.
_SESSIONS: dict[Path, list[Any]] = {}
_SESSIONS_GUARD = threading.Lock()


@contextmanager
def writing(
    location: str, on_wait: Callable[[str], None] | None = None, *, who: str | None = None
) -> Iterator[None]:
    """Hold the writer lock of the store at `location` (a ClaimStore's) for a write session.

    Sessions overlapping in one process (two desk workers, a watch cycle inside a
    command) share one lock, released when the last of them ends.
    """
    folder = _local_folder(location)
    if folder is None:
        yield
        return
    key = folder.resolve()
    # Waiting for another process happens under the guard: this process's other
    # writers queue behind it rather than each waiting on its own.
    with _SESSIONS_GUARD:
        session = _SESSIONS.get(key)
        if session is None:
            lock = StoreLock(folder, who=who or _command())
            lock.acquire(on_wait)
            session = _SESSIONS[key] = [lock, 0]
        session[1] += 1
    try:
        yield
    finally:
        with _SESSIONS_GUARD:
            session[1] -= 1
            if session[1] == 0:
                del _SESSIONS[key]
                session[0].release()


@contextmanager
def opening(folder: Path, *, create: bool = False) -> Iterator[None]:
    """Held while a store folder is checked and opened; exclusive while a store is created.

    Processes opening one folder at once share it; one creating a store has it alone, so
    no other sees a half-made database (or runs chromadb's first migrations beside it).
    A flock on the folder itself, not on tally.lock: a reader must not wait for a whole
    writer session, and a writer already holding tally.lock takes this one too.
    """
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if create else fcntl.LOCK_SH)  # as long as an open
        yield
    finally:
        os.close(fd)
