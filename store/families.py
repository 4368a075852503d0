"""One kind of record (reports, claims' records, flags) in collections of bounded size.

chromadb's local core loads a collection's whole index into the process on its first call,
whatever the call, a write included: at 100,000 reports a batch writing 20 reports, 51 claims
and 39 flags loaded 280 MB of record indexes it never searched. So a family keeps its records
in collections of at most FAMILY_SIZE: the first under the family's name (`claim_records`,
as every store since the records moved there), later ones `<name>_0002`, ...; a write goes to
the newest, which is the only one a batch touches. A full collection is sealed (a mark in
its metadata) so that no later writer counts it again.

Reads by metadata ask every member; reads by id ask the members the side index
(store/ledger.py) names, or every member on a store without one (a chroma server's).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

# Records per collection: ~550 bytes a record once loaded, so a batch's write loads at most
# ~14 MB of each family's index.
FAMILY_SIZE = 25_000
# Collection metadata: this member is full, write to a later one.
SEALED = "sealed"
# How long a listing of a store's collections (a family's members, the meaning partitions)
# is trusted (seconds): another writer may start one.
FRESH_S = 5.0


def member_name(family: str, serial: int) -> str:
    return family if serial == 1 else f"{family}_{serial:04d}"


def serial_of(family: str, name: str) -> int | None:
    """The member number of a collection name in this family, None if not a member."""
    if name == family:
        return 1
    tail = name.removeprefix(f"{family}_")
    return int(tail) if tail != name and tail.isdigit() and len(tail) == 4 else None


def _sealed(member: Collection) -> bool:
    return bool((member.metadata or {}).get(SEALED))


def _seal(member: Collection) -> None:
    if not _sealed(member):
        member.modify(metadata={**(member.metadata or {}), SEALED: 1})


def _held(member: Collection) -> int:
    """How many records a member holds, as far as a writer must know: a sealed one is
    full (not counted, which would load it)."""
    return FAMILY_SIZE if _sealed(member) else member.count()


class Family:
    """The members of one record family, oldest first, and the one to write to."""

    def __init__(
        self,
        first: Collection,
        open_member: Callable[[str], Collection],
        list_names: Callable[[], set[str]],
        names: set[str],
        *,
        grows: bool = True,
    ) -> None:
        self.first = first
        # An older store's collection (512 floats a record) takes every write until a
        # writer moves it to its records (upgrade): no members are started beside it.
        self.grows = grows
        self._open = open_member
        self._list = list_names
        self._lock = threading.Lock()
        self._opened: dict[str, Collection] = {first.name: first}
        self._listed = (time.monotonic(), self._members_in(names))
        # The member written to and how many records it holds, once known.
        self._current: tuple[str, int] | None = None

    @property
    def name(self) -> str:
        return self.first.name

    def _members_in(self, names: set[str]) -> list[str]:
        found = sorted(
            (serial, n) for n in names if (serial := serial_of(self.first.name, n)) is not None
        )
        return [self.first.name] + [n for serial, n in found if serial > 1]

    def members(self) -> list[Collection]:
        """Every member, oldest first (listed again after FRESH_S)."""
        now = time.monotonic()
        with self._lock:
            if now - self._listed[0] > FRESH_S:
                self._listed = (now, self._members_in(self._list()))
            names = list(self._listed[1])
        return [self.member(n) for n in names]

    def member(self, name: str) -> Collection:
        with self._lock:
            if name not in self._opened:
                self._opened[name] = self._open(name)
                if name not in self._listed[1]:
                    self._listed = (self._listed[0], [*self._listed[1], name])
            return self._opened[name]

    def target(self, n: int) -> Collection:
        """The member n new records go to: the newest, or the next when they would
        overfill it (a batch is never split). Counting the newest loads it, as the write
        that follows would."""
        if not self.grows:
            return self.first
        if self._current is None:
            newest = self.members()[-1]
            self._current = (newest.name, _held(newest))
        name, held = self._current
        while held and held + n > FAMILY_SIZE:
            _seal(self.member(name))
            name = member_name(self.first.name, (serial_of(self.first.name, name) or 1) + 1)
            # Another writer may have started it already (and filled it).
            held = _held(self.member(name))
        self._current = (name, held)
        return self.member(name)

    def seal_full(self, counts: dict[str, int]) -> None:
        """Seal the members these counts say are full (a store written before families
        holds one large first member): no writer then loads one to count it."""
        if not self.grows:
            return
        for member in self.members():
            if counts.get(member.name, 0) >= FAMILY_SIZE:
                _seal(member)

    def wrote(self, name: str, n: int) -> None:
        """n records went to this member."""
        if self._current is not None and self._current[0] == name:
            self._current = (name, self._current[1] + n)
