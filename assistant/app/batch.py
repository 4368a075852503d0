"""Batch verification: many inputs, progress, parallel extraction, an outcome log, resumable."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

from assistant.app.versions import as_version, reissue_note, version_id
from assistant.core.errors import ExitCode, InputError, UsageError
from assistant.core.models import Claim, FlagKind, Report
from assistant.extract.protocol import ExtractorBase

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from assistant.app.pipeline import Outcome
    from assistant.extract.protocol import Extractor
    from store.chroma import ClaimStore

ANY = "any"


def parse_fail_on(text: str | None) -> frozenset[FlagKind]:
    """`--fail-on KIND[,KIND]|any` as the set of flag kinds that fail a batch."""
    if text is None:
        return frozenset()
    names = [n.strip() for n in text.split(",") if n.strip()]
    if ANY in names:
        return frozenset(FlagKind)
    kinds = {k.value: k for k in FlagKind}
    unknown = [n for n in names if n not in kinds]
    if unknown or not names:
        raise UsageError(
            f"--fail-on: unknown flag kind {unknown[0]!r}" if unknown else "--fail-on: no kind",
        )
    return frozenset(kinds[n] for n in names)


# ---------- progress ----------


@dataclass
class Progress:
    """Reports, claims, flags, errors, rate and ETA on stderr; one line redrawn on a terminal."""

    total: int
    enabled: bool
    stream: IO[str] = field(default_factory=lambda: sys.stderr)
    done: int = 0
    claims: int = 0
    errors: int = 0
    flags: int | None = None
    phase: str = "extracting"
    _start: float = field(default_factory=time.monotonic)
    _last: float = 0.0
    _drawn: bool = False

    @property
    def _tty(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, claims: int = 0, *, done: int = 1) -> None:
        """One more report handled."""
        self.done += done
        self.claims += claims
        self.draw()

    def draw(self, *, force: bool = False) -> None:
        """Redraw, at most 5 times a second on a terminal, every 2 s in a log."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < (0.2 if self._tty else 2.0):
            return
        self._last = now
        elapsed = max(now - self._start, 1e-6)
        rate = self.done / elapsed
        left = self.total - self.done
        eta = f"ETA {int(left / rate) // 60}:{int(left / rate) % 60:02d}" if rate and left else ""
        flags = f" · {self.flags} flags" if self.flags is not None else ""
        line = (
            f"tally: {self.phase} {self.done}/{self.total} reports · {self.claims} claims"
            f"{flags} · {self.errors} errors · {rate:.1f}/s {eta}".rstrip()
        )
        if self._tty:
            self.stream.write("\r\x1b[2K" + line)
            self._drawn = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def say(self, message: str) -> None:
        """A phase message from the pipeline: the checks starting relabel the line."""
        if message.startswith("checking"):
            self.phase = "checking"
            self.draw(force=True)

    def close(self) -> None:
        """End the redrawn line so later messages start on their own."""
        if self.enabled:
            self.draw(force=True)
            if self._drawn:
                self.stream.write("\n")
                self.stream.flush()
            self.enabled = False  # closed once, whoever closes it first


# ---------- outcome log ----------


class OutcomeLog:
    """JSON Lines, one per input: file, report id, status done/skipped/failed, why."""

    def __init__(self, path: str | None) -> None:
        self._out: IO[str] | None = None
        if path:
            try:
                # Appended: a rerun after an interruption adds its own lines after the first's.
                self._out = open(path, "a", encoding="utf-8")  # noqa: SIM115
            except OSError as e:
                raise UsageError(f"--log {path}: {e.strerror or e}") from e

    def write(
        self, file: str, report: str | None, status: str, why: str = "", **extra: Any
    ) -> None:
        """One line, flushed: a log cut by kill -9 still holds every finished line."""
        if self._out is None:
            return
        row = {"file": file, "report": report, "status": status, "why": why, **extra}
        row["at"] = datetime.now(UTC).isoformat(timespec="seconds")
        self._out.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._out.flush()

    def close(self) -> None:
        """Close the file."""
        if self._out is not None:
            self._out.close()


# ---------- parallel extraction ----------


def _extract_in_worker(report: Report) -> list[Claim]:
    from assistant.extract.rules import RulesExtractor

    return RulesExtractor().extract(report)


def _pool(jobs: int) -> Pool:
    # forkserver: workers fork from a clean server that never ran chromadb's threads
    # or loaded the embedding model, and share the rules' tables it imported once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["assistant.extract.rules"])
    return context.Pool(jobs)


class AheadExtractor(ExtractorBase):
    """Claims computed ahead in worker processes, handed out as the writer asks for them."""

    name = "rules"

    def __init__(self, reports: Sequence[Report], jobs: int) -> None:
        self._pool = _pool(jobs)
        # imap keeps input order, and verify() asks in the same (publish-time) order.
        self._results: Iterator[list[Claim]] = self._pool.imap(
            _extract_in_worker, reports, chunksize=4
        )
        self._order = iter(reports)
        self._ready: dict[tuple[str, str], list[Claim]] = {}

    def extract(self, report: Report) -> list[Claim]:
        """The claims of a report handed to the pool; extracted here if it was not."""
        key = (report.id, report.content_hash)
        while key not in self._ready:
            try:
                ahead = next(self._order)
            except StopIteration:
                from assistant.extract.rules import RulesExtractor

                return RulesExtractor().extract(report)
            self._ready[(ahead.id, ahead.content_hash)] = next(self._results)
        return self._ready.pop(key)

    def close(self) -> None:
        """Stop the workers."""
        self._pool.terminate()
        self._pool.join()


class CountingExtractor(ExtractorBase):
    """Counts each extraction on the progress line."""

    def __init__(self, inner: Extractor, progress: Progress) -> None:
        self.inner = inner
        self.name = inner.name
        self.progress = progress

    @property
    def label(self) -> str:
        """The inner extractor's."""
        return self.inner.label

    def extract(self, report: Report) -> list[Claim]:
        """The inner extractor's claims, counted."""
        claims = self.inner.extract(report)
        self.progress.step(len(claims))
        return claims


# ---------- the batch ----------


@dataclass
class Plan:
    """What a batch will do with each report it read."""

    todo: list[Report] = field(default_factory=list)  # to extract and store
    stored: list[Report] = field(default_factory=list)  # already stored, same content
    # Corrected re-issues among `todo`: the version as it will be stored, and the wire's id.
    reissued: list[tuple[Report, str]] = field(default_factory=list)


def _when(report: Report) -> tuple[datetime, str]:
    return (report.published or datetime.min.replace(tzinfo=UTC), report.id)


def plan(reports: Sequence[Report], store: ClaimStore) -> Plan:
    """Sort the batch: new, already stored, or a corrected re-issue stored as a new version.

    A wire whose id is taken by a different text (stored, or read earlier in this batch) is
    a corrected re-issue: it becomes the first free version `<id>~v2`, `~v3`, ... of that
    id, with its own claims and checks. A text already stored under the id or one of its
    versions is a re-send, and a no-op.
    """
    out = Plan()
    hashes: dict[str, str | None] = {}  # id -> the text's hash stored or planned, None: free

    def hash_of(rid: str) -> str | None:
        if rid not in hashes:
            hashes[rid] = store.content_hashes([rid]).get(rid)
        return hashes[rid]

    placed: set[str] = set()  # ids this batch already planned (a text read twice is one)
    for report in reports:
        version, target = 1, report.id
        while (held := hash_of(target)) is not None and held != report.content_hash:
            version += 1
            target = version_id(report.id, version)
        if target in placed:
            continue
        placed.add(target)
        wanted = report if version == 1 else as_version(report, target, version)
        if held is not None:
            out.stored.append(wanted)
            continue
        hashes[target] = report.content_hash
        out.todo.append(wanted)
        if version > 1:
            out.reissued.append((wanted, report.id))
    return out


def file_of(origin: str) -> str:
    """The file of an origin."""
    # "path:12" (a JSON Lines line) or "path#3" (a feed entry) -> path
    base = origin.split("#", 1)[0]
    head, _, tail = base.rpartition(":")
    return head if head and tail.isdigit() else base


def verify_batch(
    reports: Sequence[Report],
    errors: Sequence[InputError],
    store: ClaimStore,
    extractor: Extractor,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    log: OutcomeLog | None = None,
) -> tuple[Outcome, Plan]:
    """Verify a batch: extract (in `jobs` processes for the rules), store by one writer, check.

    Re-running the same batch, after an interruption or not, ends with the same store:
    stored reports are read back, never extracted or written again (pipeline.verify).
    """
    from assistant.text.safe import say
    from store.lock import writing

    # One writer at a time on a local store, from the plan to the last flag: a second
    # batch reading the store mid-write would withdraw or duplicate flags.
    with writing(store.location, on_wait=lambda m: say(m, flush=True)):
        return _verify_batch(reports, errors, store, extractor, jobs, progress, log)


def _verify_batch(
    reports: Sequence[Report],
    errors: Sequence[InputError],
    store: ClaimStore,
    extractor: Extractor,
    jobs: int,
    progress: Progress | None,
    log: OutcomeLog | None,
) -> tuple[Outcome, Plan]:
    from assistant.app.pipeline import verify

    log = log or OutcomeLog(None)
    progress = progress or Progress(total=len(reports), enabled=False)
    progress.errors = len(errors)
    for error in errors:
        log.write(error.origin, None, "failed", error.message, line=error.line)
    the_plan = plan(reports, store)
    progress.step(0, done=len(the_plan.stored))
    # Extract in the order verify() will ask: publish time, then id.
    todo = sorted(the_plan.todo, key=_when)
    ahead: AheadExtractor | None = None
    inner = extractor
    if jobs > 1 and extractor.name == "rules" and len(todo) > 1:
        ahead = AheadExtractor(todo, jobs)
        inner = ahead
    try:
        outcome = verify(
            [*the_plan.stored, *todo],
            CountingExtractor(inner, progress),
            store,
            progress=progress.say,
        )
    finally:
        if ahead is not None:
            ahead.close()
    progress.flags = len(outcome.flags)
    progress.close()
    new = {r.id for r in todo}
    for report in outcome.reports:
        claims = len(outcome.claims.get(report.id, []))
        status, why = ("done", "") if report.id in new else ("skipped", "already stored")
        if status == "done" and "version_of" in report.meta:
            why = reissue_note(report)
        log.write(
            file_of(report.origin), report.id, status, why, origin=report.origin, claims=claims
        )
    return outcome, the_plan


def exit_code(
    outcome: Outcome, errors: int, fell_back: bool, fail_on: frozenset[FlagKind]
) -> ExitCode:
    """Inputs that could not be read (2) first, then an LLM fallback (5), then --fail-on (1)."""
    if errors:
        return ExitCode.INPUT
    if fell_back:
        return ExitCode.LLM
    if fail_on and any(f.kind in fail_on for f in outcome.flags):
        return ExitCode.FLAGGED
    return ExitCode.OK


def jobs_arg(text: str) -> int:
    """--jobs N, N >= 1; 0 means one per core."""
    try:
        n = int(text)
    except ValueError:
        raise UsageError(f"--jobs: not a number: {text!r}") from None
    if n < 0:
        raise UsageError("--jobs: must be 0 (one per core) or more")
    return n or (os.cpu_count() or 1)


def progress_wanted(flag: bool | None, stream: IO[str] | None = None) -> bool:
    """--progress / --no-progress, else only when stderr is a terminal."""
    if flag is not None:
        return flag
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())
