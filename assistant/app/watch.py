"""A watched inbox: verify each wire file as it lands, then move it to --done or mark it."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from assistant.core.errors import InputError, UsageError
from assistant.core.models import Flag, FlagKind, Report
from assistant.io.inputs import walk_folder
from assistant.text.safe import say

if TYPE_CHECKING:
    from assistant.extract.protocol import Extractor
    from store.chroma import ClaimStore

DONE_MARK = ".done"  # without --done, a verified file is renamed NAME.done
FAILED_MARK = ".failed"  # a file that could not be read (whole or in part)
FAILED_DIR = "failed"  # with --done DIR, such a file goes to DIR/failed/
# A file changed this recently may still be being written: wait for it to settle.
SETTLE_SECONDS = 0.5


@dataclass
class WatchState:
    """What the watch has done so far; its exit code is read from here."""

    files_done: int = 0
    files_failed: int = 0
    reports: int = 0
    flag_kinds: set[FlagKind] = field(default_factory=set)


def _target(path: Path, inbox: Path, done: Path | None, failed: bool) -> Path:
    if done is None:
        return path.with_name(path.name + (FAILED_MARK if failed else DONE_MARK))
    rel = path.relative_to(inbox)
    base = done / FAILED_DIR if failed else done
    target = base / rel
    n = 1
    while target.exists():  # never overwrite an earlier wire of the same name
        target = base / rel.with_name(f"{rel.stem}.{n}{rel.suffix}")
        n += 1
    return target


class Inbox:
    """One folder of incoming wires, a store, and where finished files go."""

    def __init__(
        self,
        inbox: Path,
        store: ClaimStore,
        extractor: Extractor,
        *,
        done: Path | None = None,
        read: Callable[[list[str]], tuple[list[Report], list[InputError]]],
        on_flags: Callable[[list[Flag]], None] = lambda _flags: None,
        log: str | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        if not inbox.is_dir():
            raise UsageError(f"{inbox}: not a folder")
        self.inbox = inbox.resolve()
        self.done = done.resolve() if done is not None else None
        if self.done is not None:
            try:
                self.done.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise UsageError(f"--done {done}: {e.strerror or e}") from e
        self.store = store
        self.extractor = extractor
        self.read = read
        self.on_flags = on_flags
        self.log_path = log
        self.err = stderr or sys.stderr
        self.state = WatchState()

    def pending(self) -> list[Path]:
        """Wire files waiting in the inbox (not in --done, settled for a moment)."""
        now = time.time()
        out = []
        for path in walk_folder(self.inbox):
            if self.done is not None and path.resolve().is_relative_to(self.done):
                continue
            try:
                if now - path.stat().st_mtime < SETTLE_SECONDS:
                    continue
            except OSError:
                continue  # gone already
            out.append(path)
        return out

    def process(self, paths: list[Path]) -> None:
        """Verify these files as one batch, then move or mark each one."""
        from assistant.app.batch import OutcomeLog, verify_batch
        from assistant.app.versions import reissue_note

        if not paths:
            return
        reports, errors = self.read([str(p) for p in paths])
        log = OutcomeLog(self.log_path)
        try:
            outcome, plan = verify_batch(reports, errors, self.store, self.extractor, log=log)
        finally:
            log.close()
        failed_files = {os.path.abspath(e.origin) for e in errors}
        for report, _ in plan.reissued:
            say(f"{report.origin}: {reissue_note(report)}", file=self.err)
        self.state.reports += len(outcome.reports)
        self.state.flag_kinds |= {f.kind for f in outcome.flags}
        if outcome.flags:
            self.on_flags(outcome.flags)
        for path in paths:
            failed = os.path.abspath(path) in failed_files
            target = _target(path, self.inbox, self.done, failed)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
            except OSError as e:
                say(f"{path}: cannot move to {target}: {e.strerror or e}", file=self.err)
                continue
            if failed:
                self.state.files_failed += 1
            else:
                self.state.files_done += 1
        print(
            f"tally: {len(paths)} files, {len(outcome.reports)} reports "
            f"({outcome.new_reports} new), {len(outcome.flags)} flags",
            file=self.err,
            flush=True,
        )

    def run(self, *, once: bool = False) -> WatchState:
        """Catch up on what arrived while down, then verify each new file until Ctrl-C."""
        import watchfiles

        self.process(self.pending())
        if once:
            return self.state
        print(f"tally: watching {self.inbox} (Ctrl-C to stop)", file=self.err, flush=True)

        def stop(_signum: int, _frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            # yield_on_timeout: wake every second, so a file that was still settling
            # at its last event is picked up without another event.
            for _changes in watchfiles.watch(
                self.inbox, rust_timeout=1000, yield_on_timeout=True, debounce=800
            ):
                self.process(self.pending())
        except KeyboardInterrupt:
            print("tally: watch stopped", file=self.err)
        finally:
            signal.signal(signal.SIGTERM, previous)
        return self.state
