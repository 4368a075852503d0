"""`tally review`: a reviewer's decision on a flag or a claim."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from assistant.core.errors import ExitCode
from assistant.core.models import Decision

if TYPE_CHECKING:
    from assistant.app.commands import Handler


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:  # type: ignore[type-arg]
    """Add `review` to the parser."""
    from assistant.app.cli import _store_arg

    p = sub.add_parser(
        "review",
        help="record a decision on a flag (confirmed/dismissed) or a claim (verified/disputed)",
    )
    p.add_argument("target", metavar="ID", help="a flag id (f-...) or a claim id (<report>-c<n>)")
    decision = p.add_mutually_exclusive_group(required=True)
    for d in Decision:
        decision.add_argument(
            f"--{d.value}", dest="decision", action="store_const", const=d, help=f"{d.value}"
        )
    p.add_argument("--note", default="", help="why, in a sentence")
    p.add_argument(
        "--reviewer", help="who decides (default: [review] name in config.toml, else $USER)"
    )
    _store_arg(p)
    return {"review": cmd_review}


def cmd_review(args: argparse.Namespace) -> int:
    """`tally review`: store one decision, print it as JSON on stdout."""
    from assistant.app.cli import _open_store
    from assistant.app.review import make_review, record_review

    review = make_review(args.target, args.decision, note=args.note, reviewer=args.reviewer)
    record_review(_open_store(args), review)
    sys.stdout.write(review.model_dump_json() + "\n")
    print(
        f"tally: {review.target_kind} {review.target} {review.decision.value} by {review.reviewer}",
        file=sys.stderr,
    )
    return ExitCode.OK
