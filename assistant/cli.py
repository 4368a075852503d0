"""The `tally` command line: stdout carries data, stderr diagnostics."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from assistant.errors import ExitCode, InputError, TallyError
from assistant.extractor import Extractor
from assistant.models import Claim, Report
from assistant.output import write_claims
from assistant.readers import read_inputs


def _published(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {text!r}") from e
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="wires: .txt .md .html .json .jsonl or -"
    )
    p.add_argument("--published", type=_published, help="publish time when a file has none")
    p.add_argument("--language", help="language when a file has none (default: detected)")
    p.add_argument(
        "--format", choices=("table", "json", "jsonl"), default="table", help="output format"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="tally",
        description="Extract numeric claims from wires and flag figures that cannot all be true.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract numeric claims from wires")
    _input_args(ex)
    sc = sub.add_parser("score", help="score extraction against an annotated corpus")
    sc.add_argument("wires", help="wires.jsonl of the corpus")
    sc.add_argument("gold", help="claims.jsonl of the corpus")
    sc.add_argument("--details", action="store_true", help="list misses and disagreements")
    return parser


def _extractor() -> Extractor:
    from assistant.rules import RulesExtractor

    return RulesExtractor()


def read_reports(
    files: Sequence[str], published: datetime | None, language: str | None
) -> tuple[list[Report], list[InputError]]:
    """Every readable report, and an error for each input that is not."""
    reports: list[Report] = []
    errors: list[InputError] = []
    for item in read_inputs(files, published=published, language=language, stdin=sys.stdin):
        if isinstance(item, InputError):
            print(f"tally: {item}", file=sys.stderr)
            errors.append(item)
        else:
            reports.append(item)
    return reports, errors


def cmd_extract(args: argparse.Namespace) -> int:
    """`tally extract`: claims of each input, in input order."""
    extractor = _extractor()
    reports, errors = read_reports(args.files, args.published, args.language)
    results: list[tuple[Report, list[Claim]]] = []
    for report in reports:
        results.append((report, extractor.extract(report)))
    write_claims(sys.stdout, results, args.format, color=sys.stdout.isatty())
    n = sum(len(c) for _, c in results)
    print(f"tally: {n} claims from {len(reports)} reports", file=sys.stderr)
    return ExitCode.INPUT if errors else ExitCode.OK


def cmd_score(args: argparse.Namespace) -> int:
    """`tally score`: precision, recall and attribute agreement against gold claims."""
    import json
    from pathlib import Path

    from assistant.scoring import load_gold, score

    reports, errors = read_reports([args.wires], None, None)
    extractor = _extractor()
    claims = [c for r in reports for c in extractor.extract(r)]
    result = score(
        claims,
        load_gold(Path(args.gold)),
        {r.id: r.body for r in reports},
        {r.id: r.language for r in reports},
    )
    print(json.dumps(result.summary(), indent=2))
    if args.details:
        for line in result.misses:
            print("MISS", line, file=sys.stderr)
        for line in result.extras:
            print("EXTRA", line, file=sys.stderr)
        for line in result.disagreements:
            print("DIFF", line, file=sys.stderr)
    return ExitCode.INPUT if errors else ExitCode.OK


COMMANDS = {"extract": cmd_extract, "score": cmd_score}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one sub-command and map failures to exit codes."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except TallyError as e:
        print(f"tally: {e}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("tally: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main())
