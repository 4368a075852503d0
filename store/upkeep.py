"""A writer's upkeep of the store, before its first write: older collections moved to their
records (once), and the side index (store/ledger.py) built when missing or settled after a
killed writer. `verify` runs it first; readers never do."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from store.base import (
    _IN_PAGE,
    _PAGE,
    CLAIM_RECORDS,
    FLAG_RECORDS,
    JSON_KEY,
    RECORDS_COMPLETE,
    REPORT_RECORDS,
    StoreBase,
    _failures,
)
from store.embeddings import RecordKeyFunction
from store.ledger import FLAG, REPORT, Ledger
from store.records import Where

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection


def _report_row(
    rid: str, meta: Mapping[str, Any], part: str
) -> tuple[str, str | None, str | None, str]:
    """A report's row in the side index: id, content hash, publish time as JSON text, and
    the collection holding it."""
    text = meta.get(JSON_KEY)
    published = json.loads(text).get("published") if isinstance(text, str) else None
    content_hash = meta.get("content_hash")
    return (
        rid,
        content_hash if isinstance(content_hash, str) else None,
        None if published is None else str(published),
        part,
    )


class Upkeep(StoreBase):
    """upgrade(): what a writer does once before writing."""

    def upgrade(self, progress: Callable[[str], None] | None = None) -> int:
        """Move an older store's reports and flags to their records (once; a writer's job):
        every later first touch of them is then a few bytes a record, not 512 floats.
        Returns how many records were moved."""
        moved = 0
        names = self._collection_names()
        if self._reports.name != REPORT_RECORDS:
            records, n = self._move(self._reports.first, REPORT_RECORDS, "reports", progress)
            self._reports, self._report_vectors = self._family(records, names), RecordKeyFunction()
            moved += n
        if self._flags.name != FLAG_RECORDS:
            records, n = self._move(self._flags.first, FLAG_RECORDS, "flags", progress)
            self._flags, self._flag_vectors = self._family(records, names), RecordKeyFunction()
            moved += n
        if self._claims.name != CLAIM_RECORDS:
            # The old collection stays: it is the partition of the old claims' vectors.
            records, n = self._move(
                self._claims.first, CLAIM_RECORDS, "claims", progress, keep=True
            )
            self._claims, moved = self._family(records, names), moved + n
        self._sync_ledger(progress)
        return moved

    def _sync_ledger(self, progress: Callable[[str], None] | None = None) -> None:
        """Build the side index when missing, or settle the writes a killed writer left
        pending: a writer's first step, so its reads come from the index."""
        ledger = self._ledger
        if ledger is None:
            return
        with _failures(f"index {self.location}"):
            if not ledger.complete:
                self._build_ledger(ledger, progress)
                return
            pending = ledger.pending()
            reports = pending.get(REPORT, [])
            if reports:
                self._copy_reports(ledger, reports)
            flags = pending.get(FLAG, [])
            if flags:
                found = self._member_rows(self._flags, ids=flags)
                self._copy_flags(ledger, found)
                kept = {row[0] for _, row in found}
                ledger.drop_flags([fid for fid in flags if fid not in kept])

    def _copy_reports(self, ledger: Ledger, ids: list[str]) -> None:
        """Index these reports as chromadb holds them, with their claims; the claims of
        those it does not hold (a write killed before its commit marker) are removed."""
        for start in range(0, len(ids), _IN_PAGE):
            page = ids[start : start + _IN_PAGE]
            found = self._member_rows(self._reports, ids=page)
            held = [row[0] for _, row in found]
            where: Where = {"report": {"$in": held}}
            claims = self._member_rows(self._claims, where=where) if held else []
            ledger.put_reports(
                [_report_row(rid, meta, part) for part, (rid, meta, _) in found],
                [
                    (cid, meta, part)
                    for part, (cid, meta, _) in claims
                    if isinstance(meta.get(JSON_KEY), str)
                ],
            )
            missing = [rid for rid in page if rid not in set(held)]
            if missing:
                self._drop_orphans(ledger, missing)
                ledger.settle(REPORT, missing)

    def _drop_orphans(self, ledger: Ledger, reports: list[str]) -> None:
        """Remove the claims (records and vectors) of reports that were never stored: what
        a write killed between its claims and its report leaves. Rare: every member is read."""
        where: Where = {"report": {"$in": reports}}
        for member in [*self._claims.members(), *self._partitions()]:
            member.delete(where=where)
        ledger.drop_claims_of(reports)

    def _build_ledger(self, ledger: Ledger, progress: Callable[[str], None] | None) -> None:
        """Index every record chromadb holds (once per store; a killed build starts over)."""
        say = progress or (lambda _m: None)
        for what, family in (("reports", self._reports), ("claims", self._claims)):
            done = 0
            for member in family.members():
                offset = 0
                while True:
                    page = member.get(include=["metadatas"], limit=_PAGE, offset=offset)
                    rows = list(zip(page["ids"], page["metadatas"] or [], strict=True))
                    if what == "reports":
                        ledger.put_reports(
                            [_report_row(rid, meta, member.name) for rid, meta in rows], []
                        )
                    else:
                        ledger.put_reports(
                            [],
                            [
                                (cid, m, member.name)
                                for cid, m in rows
                                if isinstance(m.get(JSON_KEY), str)
                            ],
                        )
                    offset += len(rows)
                    done += len(rows)
                    say(f"indexing {what} (once): {done}")
                    if len(rows) < _PAGE:
                        break
        self._copy_flags(ledger, self._member_rows(self._flags))
        orphans = ledger.orphans()
        if orphans:
            self._drop_orphans(ledger, orphans)
        counts = ledger.part_counts()
        for family in (self._reports, self._claims, self._flags):
            family.seal_full(counts)
        ledger.settle_all()
        ledger.mark_complete()

    def _move(
        self,
        old: Collection,
        name: str,
        what: str,
        progress: Callable[[str], None] | None,
        *,
        keep: bool = False,
    ) -> tuple[Collection, int]:
        """Copy a collection's records to `name` page by page under the same ids (a killed
        move is simply made again: copying a record twice leaves one); only when all are
        copied is the new collection marked complete and the old one dropped (unless kept)."""
        keys = RecordKeyFunction()
        # No marks yet: what the old collection says of its records is copied at the end.
        records = self._collection(name, keys)
        total = old.count()
        moved = 0
        with _failures(f"upgrade the {what} of {self.location}"):
            while True:
                page = old.get(include=["metadatas", "documents"], limit=_PAGE, offset=moved)
                ids = page["ids"]
                if not ids:
                    break
                docs = [d or "" for d in page["documents"] or []]
                records.upsert(
                    ids=ids,
                    documents=docs,
                    metadatas=page["metadatas"],  # type: ignore[arg-type]
                    embeddings=keys.embed(docs),
                )
                moved += len(ids)
                if progress is not None:
                    progress(f"moving {what} to their new index (once): {moved}/{total}")
            meta = {**(old.metadata or {}), **(records.metadata or {})}
            records.modify(metadata={**meta, RECORDS_COMPLETE: 1})
            if not keep:
                self._client.delete_collection(old.name)
        return records, moved
