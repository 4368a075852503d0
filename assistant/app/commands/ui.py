"""`tally ui` (and bare `tally`): the terminal desk, or the same app served to a browser."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import TYPE_CHECKING

from assistant.core.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from assistant.app.commands import Handler

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    """Add `ui` to the parser."""
    from assistant.app.cli import _store_arg

    p = sub.add_parser(
        "ui", help="the terminal desk: inbox, reports, flags, series, search, review, ingest"
    )
    _store_arg(p)
    p.add_argument(
        "--llm",
        choices=("none", "openai", "local"),
        help="extractor for wires ingested from the UI (as for `tally verify`)",
    )
    p.add_argument("--model", help="model name (default: $TALLY_MODEL, config.toml, gpt-4o-mini)")
    p.add_argument("--model-path", metavar="FILE.gguf", help="GGUF model file for --llm local")
    p.add_argument(
        "--reviewer", help="who decides (default: [review] name in config.toml, else $USER)"
    )
    p.add_argument(
        "--serve", action="store_true", help="serve the app to a browser (textual-serve)"
    )
    p.add_argument("--host", default=LOOPBACK, help=f"--serve: address (default {LOOPBACK})")
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"--serve: port (default {DEFAULT_PORT})"
    )
    return {"ui": cmd_ui}


def cmd_ui(args: argparse.Namespace) -> int:
    """Run the desk on this terminal until the user quits."""
    if args.serve:
        return _serve(args)
    from assistant.app.cli import _extractor, _llm_done, _open_store

    # The store and extractor are opened here, before the UI takes the screen, so a
    # store that cannot be opened is a one-line error and exit 4 like any command.
    store = _open_store(args)
    extractor = _extractor(args)
    from assistant.app.tui.app import TallyApp

    app = TallyApp(store, extractor, reviewer=args.reviewer)
    try:
        result = app.run()
    finally:
        _llm_done(extractor)
    return int(result or ExitCode.OK)


def _child_command(args: argparse.Namespace) -> str:
    """The command each browser session runs: the same desk, without --serve."""
    parts = [sys.executable, "-m", "assistant.app.cli", "ui"]
    for flag in ("store", "llm", "model", "model_path", "reviewer"):
        value = getattr(args, flag, None)
        if value:
            parts += [f"--{flag.replace('_', '-')}", str(value)]
    return shlex.join(parts)


def _serve(args: argparse.Namespace) -> int:
    """Serve the desk with textual-serve: one app process per browser tab."""
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be 1-65535, not {args.port}")
    from textual_serve.server import Server

    if args.host not in (LOOPBACK, "localhost", "::1"):
        print(
            f"tally: warning: serving on {args.host}: anyone who reaches it can read and "
            "review this store",
            file=sys.stderr,
        )
    print(f"tally: serving the desk on http://{args.host}:{args.port}", file=sys.stderr)
    Server(_child_command(args), host=args.host, port=args.port, title="Tally").serve()
    return ExitCode.OK
