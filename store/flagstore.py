"""Flags in their own collection: stored once, paged, looked up by the claims they name."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from assistant.core.models import Flag
from store.records import (
    FLAG_FIRST_CLAIM,
    FLAG_INDEXED,
    Metadata,
    Where,
    flag_document,
    flag_metadata,
)

if TYPE_CHECKING:
    pass

from store.base import (
    _IN_PAGE,
    _PAGE,
    FLAGS_ALL_INDEXED,
    StoreBase,
    _failures,
    _int,
    _parse,
)
from store.ledger import FLAG


class FlagStore(StoreBase):
    """add_flags(), flags(), iter_flags(), flags_on() and the flag index."""

    # ---------- flags ----------

    def add_flags(self, flags: Iterable[Flag]) -> int:
        """Store flags not stored yet (same id = same flag); returns how many were new."""
        batch = {flag.id: flag for flag in flags}
        if not batch:
            return 0
        # A store's first flags mark it as indexed from birth: otherwise its first reader
        # would read every flag id to learn that all of them carry `claim0`.
        self._index_flags()
        with _failures(f"read flags from {self.location}"):
            stored = self._holders(self._flags, FLAG, list(batch))
        for some in stored.values():
            for fid in some:
                del batch[fid]
        if not batch:
            return 0
        new = list(batch.values())
        with _failures("embed flags"):
            vectors = self._flag_vectors.embed([flag_document(f) for f in new])
        # Nanosecond stamps keep flags() in insertion order across processes.
        base = time.time_ns()
        metadatas = [flag_metadata(f, base + n) for n, f in enumerate(new)]
        if self._ledger is not None:
            with _failures(f"index {self.location}"):
                self._ledger.enter(FLAG, [f.id for f in new])
        with _failures(f"write to {self.location}"):
            ids = [f.id for f in new]
            part = self._write(
                self._flags, ids, [flag_document(f) for f in new], metadatas, vectors
            )
        if self._ledger is not None:
            with _failures(f"index {self.location}"):
                self._copy_flags(
                    self._ledger,
                    ((part, (f.id, m, None)) for f, m in zip(new, metadatas, strict=True)),
                )
        return len(new)

    def flags(self) -> list[Flag]:
        """Every stored flag, oldest first."""
        if self._index() is not None:
            return [f for page in self.iter_flags(page=_PAGE) for f in page]
        with _failures(f"read flags from {self.location}"):
            rows = sorted(
                self._fetch(self._flags), key=lambda row: (_int(row[1].get("seq")), row[0])
            )
            return [_parse(Flag, meta, f"flag {fid}") for fid, meta, _ in rows]

    def iter_flags(self, kind: str | None = None, page: int = 1_000) -> Iterator[list[Flag]]:
        """Stored flags (of one kind), a page at a time, in the order they were stored."""
        index = self._index()
        if index is not None:
            after: tuple[int, str] | None = None
            while True:
                with _failures(f"read flags from {self.location}"):
                    rows = index.flags_page(kind or None, after, page)
                    flags = [Flag.model_validate_json(j) for _, _, j in rows]
                if flags:
                    yield flags
                if len(rows) < page:
                    return
                after = rows[-1][:2]
        where: Where | None = {"kind": kind} if kind else None
        for member in self._flags.members():
            offset = 0
            while True:
                with _failures(f"read flags from {self.location}"):
                    found = member.get(
                        where=where, include=["metadatas"], limit=page, offset=offset
                    )
                    metas = found["metadatas"] or []
                    ordered = sorted(
                        zip(found["ids"], metas, strict=True),
                        key=lambda row: (_int(row[1].get("seq")), row[0]),
                    )
                    flags = [_parse(Flag, meta, f"flag {fid}") for fid, meta in ordered]
                if flags:
                    yield flags
                if len(found["ids"]) < page:
                    break
                offset += page

    def flags_on(self, claim_ids: Iterable[str]) -> list[Flag]:
        """Stored flags whose first claim is one of these (all flags over them), oldest first."""
        self._index_flags()
        wanted = sorted(set(claim_ids))
        index = self._index()
        if index is not None:
            with _failures(f"read flags from {self.location}"):
                found = sorted(index.flags_on(wanted), key=lambda row: (row[1], row[0]))
                return [Flag.model_validate_json(j) for _, _, j in found]
        rows: list[tuple[str, Mapping[str, Any], Any]] = []
        with _failures(f"read flags from {self.location}"):
            for start in range(0, len(wanted), _IN_PAGE):
                page = wanted[start : start + _IN_PAGE]
                rows += self._fetch(self._flags, where={FLAG_FIRST_CLAIM: {"$in": page}})
            rows.sort(key=lambda row: (_int(row[1].get("seq")), row[0]))
            return [_parse(Flag, meta, f"flag {fid}") for fid, meta, _ in rows]

    def _index_flags(self) -> None:
        """Give flags stored before `claim0` existed that field, once per store."""
        if self._flags_indexed:
            return
        with _failures(f"read flags from {self.location}"):
            # Once every flag has the field, the collection says so: checking again would
            # read every flag id (24,000 at 10,000 reports: 1 s and 75 MB) in each verify.
            # Only the first member can hold such flags: later ones were started after.
            first = self._flags.first
            if (first.metadata or {}).get(FLAGS_ALL_INDEXED):
                self._flags_indexed = True
                return
            total = first.count()
            indexed = len(self._fetch(first, where={FLAG_INDEXED: 1}, metadatas=False))
            if indexed < total:
                missing = [
                    (fid, meta)
                    for fid, meta, _ in self._fetch(first)
                    if meta.get(FLAG_INDEXED) != 1
                ]
                for start in range(0, len(missing), _PAGE):
                    page = missing[start : start + _PAGE]
                    metas: list[Metadata] = []
                    for fid, meta in page:
                        flag = _parse(Flag, meta, f"flag {fid}")
                        claim0 = flag.claims[0].id if flag.claims else ""
                        metas.append(
                            {**cast(Metadata, meta), FLAG_FIRST_CLAIM: claim0, FLAG_INDEXED: 1}
                        )
                    with _failures(f"write to {self.location}"):
                        first.update(
                            ids=[fid for fid, _ in page],
                            metadatas=cast(Any, metas),
                        )
        with _failures(f"write to {self.location}"):
            first.modify(metadata={**(first.metadata or {}), FLAGS_ALL_INDEXED: 1})
        self._flags_indexed = True

    def get_flag(self, flag_id: str) -> Flag | None:
        """The stored flag with this id, if any."""
        with _failures(f"read flags from {self.location}"):
            found = self._by_id(self._flags, FLAG, [flag_id])
            return _parse(Flag, found[0][1], f"flag {flag_id}") if found else None

    def delete_flags(self, ids: Iterable[str]) -> int:
        """Withdraw flags that no longer hold; returns how many were stored."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return 0
        with _failures(f"read flags from {self.location}"):
            held = self._holders(self._flags, FLAG, wanted)
        present = sorted(fid for some in held.values() for fid in some)
        if present:
            if self._ledger is not None:
                with _failures(f"index {self.location}"):
                    self._ledger.enter(FLAG, present)
            with _failures(f"write to {self.location}"):
                for part, some in held.items():
                    self._flags.member(part).delete(ids=some)
            if self._ledger is not None:
                with _failures(f"index {self.location}"):
                    self._ledger.drop_flags(present)
        return len(present)
