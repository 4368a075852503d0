"""Verification: extract a batch, remember it, and check it against everything known."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from assistant.app.versions import between_versions, next_version_id
from assistant.check.candidates import candidates
from assistant.check.checks import check
from assistant.check.quantity import Fact
from assistant.core.models import Claim, Flag, Report, parse_claim_id
from assistant.extract.protocol import Extractor

Progress = Callable[[str], None]


class VerifyStore(Protocol):
    """The store as verify() uses it: reports with their claims, and flags (ClaimStore is one)."""

    def content_hashes(self, report_ids: Iterable[str]) -> dict[str, str | None]:
        """The content hash of each of these reports that is stored."""
        ...

    def reports(self) -> list[Report]: ...

    def claims(self, report: str | None = None, metric: str | None = None) -> list[Claim]: ...

    def find_claims(self, where: dict[str, Any]) -> list[tuple[Claim, datetime | None]]:
        """Stored claims matching a chromadb-style `where`, with their reports' publish times."""
        ...

    def indexed(self) -> bool:
        """Whether find_claims answers any clause through an index, at the cost of what it
        returns (no pooling of reads needed)."""
        ...

    def add_reports(self, items: Iterable[tuple[Report, Sequence[Claim]]]) -> int: ...

    def flags_on(self, claim_ids: Iterable[str]) -> list[Flag]:
        """Stored flags whose first claim is one of these."""
        ...

    def add_flags(self, flags: Iterable[Flag]) -> int: ...

    def delete_flags(self, ids: Iterable[str]) -> int: ...

    def stored_ids(self, report_ids: Iterable[str]) -> set[str]:
        """Which of these report ids are stored."""
        ...

    def upgrade(self, progress: Callable[[str], None] | None = None) -> int:
        """Move an older store's reports and flags to their cheaper index (once)."""
        ...


@dataclass
class Outcome:
    """What one verification run did."""

    reports: list[Report] = field(default_factory=list)
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    new_reports: int = 0
    flags: list[Flag] = field(default_factory=list)
    new_flags: int = 0


def _when(report: Report) -> datetime:
    # A report with no time at all sorts first; readers always give one in practice.
    return report.published or datetime.min.replace(tzinfo=UTC)


def _when_unknown() -> datetime:
    return datetime.min.replace(tzinfo=UTC)


def facts_of(report: Report, claims: Sequence[Claim]) -> list[Fact]:
    """The checkable facts of one report."""
    return [Fact(c, _when(report), i) for i, c in enumerate(claims)]


def verify(
    reports: Sequence[Report],
    extractor: Extractor,
    store: VerifyStore,
    progress: Progress | None = None,
    chunk: int = 200,
) -> Outcome:
    """Extract, store and check a batch in publish-time order; flags are stored once.

    Reports already in the store are read back rather than extracted again, and still
    checked, so an interrupted run picks up where it stopped without duplicates.
    """
    say = progress or (lambda _msg: None)
    store.upgrade(say)
    out = Outcome(reports=sorted(reports, key=lambda r: (_when(r), r.id)))
    batch: list[tuple[Report, list[Claim]]] = []
    stored = store.content_hashes(r.id for r in out.reports)
    for i, report in enumerate(out.reports, 1):
        if stored.get(report.id) == report.content_hash:
            claims = store.claims(report=report.id)
        else:
            claims = extractor.extract(report)
            batch.append((report, claims))
        out.claims[report.id] = claims
        if i % 50 == 0 or i == len(out.reports):
            say(f"extracted {i}/{len(out.reports)} reports")
        if len(batch) >= chunk:
            out.new_reports += store.add_reports(batch)
            batch = []
    if batch:
        out.new_reports += store.add_reports(batch)
    say(f"stored {out.new_reports} new reports")

    new_facts = [f for r in out.reports for f in facts_of(r, out.claims[r.id])]
    batch_ids = {r.id for r in out.reports}

    def find(where: dict[str, Any]) -> list[Fact]:
        return [
            Fact(c, when or _when_unknown(), parse_claim_id(c.id)[1])
            for c, when in store.find_claims(where)
            if c.report not in batch_ids
        ]

    known = candidates(new_facts, find, indexed=store.indexed())
    say(f"checking {len(new_facts)} claims against {len(known)} stored ones")
    # A text a corrected re-issue supersedes is checked no more: its flags are withdrawn
    # below with every flag that no longer holds, and the correction is checked instead.
    old = superseded({f.claim.report for f in [*known, *new_facts]}, store)
    known = [f for f in known if f.claim.report not in old]
    checked = [f for f in new_facts if f.claim.report not in old]

    # Flags are a function of all the facts: recompute them over every group the batch
    # touches, keep what still holds and drop what no longer does (a later wire can
    # resolve an earlier flag), so the store ends the same whatever the arrival order.
    # A flag within one stored report outside the batch (a part and its whole) depends on
    # that report alone, of which the candidates may hold only some claims: it stays as stored.
    def ours(flag: Flag) -> bool:
        reports = {c.report for c in flag.claims}
        return len(reports) > 1 or bool(reports & batch_ids)

    # Two versions of one wire (a text and its corrected re-issue) are never checked against
    # each other: that would flag every figure the correction changed.
    every = [f for f in check([*known, *checked]) if ours(f) and not between_versions(f)]
    touched = {f.claim.id for f in known} | {f.claim.id for f in new_facts}
    touched |= set(old_claims(old, store))
    fresh = {f.id for f in every}
    stale = [
        f.id
        for f in store.flags_on(touched)
        if f.id not in fresh and ours(f) and all(c.id in touched for c in f.claims)
    ]
    store.delete_flags(stale)
    out.new_flags = store.add_flags(every)
    mine = {f.claim.id for f in new_facts}
    out.flags = [f for f in every if any(c.id in mine for c in f.claims)]
    say(f"{len(out.flags)} flags on this batch, {out.new_flags} new, {len(stale)} withdrawn")
    return out


def superseded(report_ids: set[str], store: VerifyStore) -> set[str]:
    """Those of these reports a stored corrected re-issue replaces (`a` by `a~v2`, `a~v2`
    by `a~v3`; versions are numbered without gaps, so the next one tells): one read."""
    following = {next_version_id(r): r for r in report_ids}
    return {following[n] for n in store.stored_ids(following)}


def old_claims(reports: set[str], store: VerifyStore) -> list[str]:
    """The claim ids of superseded texts, whose flags are withdrawn."""
    return [c.id for r in sorted(reports) for c in store.claims(report=r)]


def stderr_progress(message: str) -> None:
    """Progress lines for people, on stderr."""
    print(f"tally: {message}", file=sys.stderr, flush=True)
