"""`tally export`: stored reports, claims, flags and reviews in any format of the registry in
assistant/io/export (md, html, csv, json, jsonl, claimreview...)."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assistant.core.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from assistant.app.commands import Handler


class _Formats:
    """The export formats as argparse choices, read from the registry (assistant/io/export)
    only when an export is parsed or help is shown: the parser is built on every run, and
    importing every writer then would slow each command."""

    def __contains__(self, name: object) -> bool:
        from assistant.io.export import exporters

        return name in exporters()

    def __iter__(self) -> Iterator[str]:
        from assistant.io.export import exporters

        return iter(exporters())


FORMATS = _Formats()


class _FormatHelp(argparse.HelpFormatter):
    """Help for `tally export` that says what each format holds, from the registry."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if action.dest != "format":
            return text
        from assistant.io.export import exporters

        return "\n".join(
            [f"{text}:", *(f"{e.name} - {e.description}" for e in exporters().values())]
        )

    def _split_lines(self, text: str, width: int) -> list[str]:
        # One line a format, each wrapped on its own.
        split = super()._split_lines  # not in the comprehension: it has no zero-argument super
        return [line for part in text.splitlines() for line in split(part, width)]


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    """Add `export` to the parser."""
    from assistant.app.cli import _published, _store_arg

    p = sub.add_parser(
        "export",
        help="export reports, claims, flags and reviews to publish",
        formatter_class=_FormatHelp,
    )
    # A metavar, so adding the argument does not list the choices (that would load them).
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="md",
        metavar="FORMAT",
        help="output format (default md)",
    )
    p.add_argument("--since", type=_published, help="reports published at or after")
    p.add_argument("--until", type=_published, help="reports published before")
    p.add_argument(
        "--report", action="append", default=[], metavar="ID", help="only this report (repeat)"
    )
    p.add_argument("--flagged-only", action="store_true", help="only flagged claims and flags")
    p.add_argument("--reviewed-only", action="store_true", help="only reviewed claims and flags")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument(
        "--base-url", default="", help="address the fact-checks are published at (claimreview)"
    )
    p.add_argument("--org", default="Tally", help="publishing organisation (claimreview)")
    _store_arg(p)
    return {"export": cmd_export}


def cmd_export(args: argparse.Namespace) -> int:
    """Write the selection in one format, to stdout or a file."""
    from assistant.app.cli import _open_store
    from assistant.io.export import ExportOptions, exporters
    from assistant.io.export.model import Filters, gather

    if args.since and args.until and args.until <= args.since:
        raise UsageError("--until must be after --since")
    filters = Filters(
        since=args.since,
        until=args.until,
        reports=args.report,
        flagged_only=args.flagged_only,
        reviewed_only=args.reviewed_only,
    )
    data = gather(_open_store(args), filters)
    writer = exporters()[args.format]
    # Rendered whole before anything is written: a failure never leaves half a file.
    buffer = io.StringIO(newline="")
    writer.write(data, buffer, ExportOptions(base_url=args.base_url, organisation=args.org))
    text = buffer.getvalue()
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        except OSError as e:
            raise UsageError(f"-o {args.output}: {e.strerror or e}") from e
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    claims = sum(len(r.claims) for r in data.reports)
    print(
        f"tally: exported {len(data.reports)} reports, {claims} claims, {len(data.flags)} flags "
        f"as {args.format}" + (f" to {args.output}" if args.output else ""),
        file=sys.stderr,
    )
    return ExitCode.OK
