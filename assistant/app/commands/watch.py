"""`tally watch DIR`: verify each wire file as it lands in a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.core.errors import ExitCode

if TYPE_CHECKING:
    from assistant.app.commands import Handler


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    """Add `watch` to the parser."""
    from assistant.app.cli import _format_arg, _published, _store_arg

    p = sub.add_parser("watch", help="verify each wire file as it lands in a folder")
    p.add_argument("inbox", metavar="DIR", help="the folder to watch (searched recursively)")
    p.add_argument(
        "--done",
        metavar="DIR",
        help="move verified files here (unreadable ones to DIR/failed/); "
        "default: rename them NAME.done or NAME.failed",
    )
    p.add_argument("--once", action="store_true", help="verify what is waiting, then exit")
    p.add_argument("--published", type=_published, help="publish time when a file has none")
    p.add_argument("--language", help="language when a file has none (default: detected)")
    p.add_argument(
        "--fail-on",
        metavar="KIND[,KIND]|any",
        help="exit 1 on stop when a flag of these kinds was raised or touched",
    )
    p.add_argument("--log", metavar="FILE", help="append one JSON line per input")
    _format_arg(p)
    _store_arg(p)
    return {"watch": cmd_watch}


def cmd_watch(args: argparse.Namespace) -> int:
    """Watch until Ctrl-C (or once); flags go to stdout as they are found."""
    from assistant.app.batch import parse_fail_on
    from assistant.app.cli import _extractor, _llm_done, _open_store, read_reports
    from assistant.app.watch import Inbox
    from assistant.core.models import Flag
    from assistant.io.output import write_flags

    fail_on = parse_fail_on(args.fail_on)
    store = _open_store(args)
    extractor = _extractor(args)

    def show(flags: list[Flag]) -> None:
        write_flags(sys.stdout, flags, args.format, color=sys.stdout.isatty())
        sys.stdout.flush()

    inbox = Inbox(
        Path(args.inbox),
        store,
        extractor,
        done=Path(args.done) if args.done else None,
        read=lambda files: read_reports(files, args.published, args.language),
        on_flags=show,
        log=args.log,
    )
    try:
        state = inbox.run(once=args.once)
    finally:
        _llm_done(extractor)
    print(
        f"tally: {state.files_done} files verified, {state.files_failed} failed, "
        f"{state.reports} reports",
        file=sys.stderr,
    )
    if state.files_failed:
        return ExitCode.INPUT
    if fail_on & state.flag_kinds:
        return ExitCode.FLAGGED
    return ExitCode.OK
