"""The `tally` command line: stdout carries data, stderr diagnostics."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NoReturn

from assistant.core.errors import (
    ExitCode,
    InputError,
    StoreDamagedError,
    StoreError,
    TallyError,
    UsageError,
)
from assistant.core.models import Claim, Report
from assistant.extract.protocol import Extractor
from assistant.io.output import FORMATS, TABLE, write_claims, write_flags, write_hits, write_reports
from assistant.io.readers import EARLIEST, LATEST, published_in_range, read_inputs
from assistant.text.safe import clean, say

if TYPE_CHECKING:
    from store.chroma import ClaimStore


def _published(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {text!r}") from e
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    if not published_in_range(dt):
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the years {EARLIEST.year}-{LATEST.year - 1}"
        )
    return dt


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="PATH|URL",
        help="store folder, or http://HOST:PORT of a chroma server "
        "(default: $TALLY_STORE_URL, else $TALLY_HOME/store, else the user data folder)",
    )


def _format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default=TABLE, help="output format")


def _input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="wires: .txt .md .html .json .jsonl .rss .atom .xml (RSS, Atom, NewsML-G2), "
        "folders (searched recursively), globs, or -",
    )
    p.add_argument("--published", type=_published, help="publish time when a file has none")
    p.add_argument("--language", help="language when a file has none (default: detected)")
    p.add_argument("--format", choices=FORMATS, default=TABLE, help="output format")
    p.add_argument(
        "--llm",
        choices=("none", "openai", "local"),
        help="extract with an LLM: an OpenAI-compatible endpoint or a local GGUF model "
        "(default: openai when OPENAI_API_KEY, OPENAI_BASE_URL or config.toml name one, "
        "else none: the offline rules)",
    )
    p.add_argument("--model", help="model name (default: $TALLY_MODEL, config.toml, gpt-4o-mini)")
    p.add_argument("--model-path", metavar="FILE.gguf", help="GGUF model file for --llm local")


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors on the exit code the README promises (3, not 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = _Parser(
        prog="tally",
        description="Extract numeric claims from wires and flag figures that cannot all be true.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract numeric claims from wires")
    _input_args(ex)
    _store_arg(ex)
    ve = sub.add_parser("verify", help="store wires and flag figures that cannot all be true")
    _input_args(ve)
    _store_arg(ve)
    from assistant.app.commands.verify import add_batch_args

    add_batch_args(ve)
    fl = sub.add_parser("flags", help="list stored flags")
    _format_arg(fl)
    _store_arg(fl)
    fl.add_argument("--kind", help="only flags of this kind")
    rp = sub.add_parser("reports", help="list stored reports")
    _format_arg(rp)
    _store_arg(rp)
    rl = sub.add_parser("related", help="claims related to a stored claim, across languages")
    rl.add_argument("claim", metavar="CLAIM_ID")
    rl.add_argument("-k", type=int, default=10, help="how many (default 10)")
    rl.add_argument("--any-metric", action="store_true", help="do not keep to the same metric")
    _format_arg(rl)
    _store_arg(rl)
    se = sub.add_parser("search", help="claims nearest in meaning to a text, any language")
    se.add_argument("text")
    se.add_argument("-k", type=int, default=10, help="how many (default 10)")
    se.add_argument("--since", type=_published, help="published at or after")
    se.add_argument("--until", type=_published, help="published before")
    se.add_argument("--metric", help="only this metric (displaced, killed, ...)")
    se.add_argument("--source", help="only this canonical source")
    _format_arg(se)
    _store_arg(se)
    sc = sub.add_parser("score", help="score extraction against an annotated corpus")
    sc.add_argument("wires", help="wires.jsonl of the corpus")
    sc.add_argument("gold", help="claims.jsonl of the corpus")
    sc.add_argument("--details", action="store_true", help="list misses and disagreements")
    la = sub.add_parser("languages", help="list the language packs and what each covers")
    la.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    sc.add_argument(
        "--flags", metavar="FLAGS.jsonl", help="also check the wires and judge the flags raised"
    )
    sc.add_argument("--negatives", metavar="NEGATIVES.jsonl", help="look-alikes never to flag")
    from assistant.app.commands import groups

    for group in groups():
        for name, handler in group.register(sub).items():
            sub.choices[name].set_defaults(handler=handler)
    return parser


def _extractor(args: argparse.Namespace | None = None) -> Extractor:
    """The rules extractor, or the LLM one when flags, environment or config.toml ask."""
    from assistant.llm.config import resolve_settings

    flags = {
        "provider": getattr(args, "llm", None),
        "model": getattr(args, "model", None),
        "model_path": getattr(args, "model_path", None),
    }
    settings = resolve_settings(flags)
    if settings.provider == "none":
        from assistant.extract.rules import RulesExtractor

        return RulesExtractor()
    from assistant.llm.extractor import LLMExtractor

    return LLMExtractor(settings)


def _extract_all(extractor: Extractor, reports: Sequence[Report]) -> list[list[Claim]]:
    """Claims of each report, in one batch (concurrent for an LLM)."""
    return extractor.extract_many(reports)


def _extract_each(
    extractor: Extractor, reports: Sequence[Report]
) -> tuple[list[tuple[Report, list[Claim]]], list[InputError]]:
    """Claims of each report; a report whose extraction fails is that report's error alone."""
    try:
        return list(zip(reports, _extract_all(extractor, reports), strict=True)), []
    except (KeyboardInterrupt, TallyError):
        raise
    except Exception:
        pass
    results: list[tuple[Report, list[Claim]]] = []
    failed: list[InputError] = []
    for report in reports:
        try:
            results.append((report, extractor.extract(report)))
        except (KeyboardInterrupt, TallyError):
            raise
        except Exception as e:
            failed.append(InputError(report.origin, f"cannot extract: {type(e).__name__}: {e}"))
    return results, failed


def _llm_done(extractor: Extractor) -> bool:
    """Print the LLM's spend on stderr, stop any local server; True if a wire fell back."""
    extractor.close()
    stats = extractor.stats
    if stats is None:
        return False
    print(f"tally: {stats.summary(extractor.label)}", file=sys.stderr)
    return bool(stats.fallbacks)


def read_reports(
    files: Sequence[str], published: datetime | None, language: str | None
) -> tuple[list[Report], list[InputError]]:
    """Every readable report, and an error for each input that is not."""
    reports: list[Report] = []
    errors: list[InputError] = []

    def warn(message: str) -> None:
        say(f"warning: {message}")

    items = read_inputs(files, published=published, language=language, stdin=sys.stdin, warn=warn)
    for item in items:
        if isinstance(item, InputError):
            say(item)
            errors.append(item)
        else:
            reports.append(item)
    return reports, errors


def cmd_extract(args: argparse.Namespace) -> int:
    """`tally extract`: claims of each input, in input order."""
    extractor = _extractor(args)
    reports, errors = read_reports(args.files, args.published, args.language)
    try:
        results, failed = _extract_each(extractor, reports)
    finally:
        fell_back = _llm_done(extractor)
    for error in failed:
        say(error)
    errors += failed
    write_claims(sys.stdout, results, args.format, color=sys.stdout.isatty())
    n = sum(len(c) for _, c in results)
    print(f"tally: {n} claims from {len(reports)} reports", file=sys.stderr)
    if errors:
        return ExitCode.INPUT
    return ExitCode.LLM if fell_back else ExitCode.OK


def cmd_score(args: argparse.Namespace) -> int:
    """`tally score`: precision, recall and attribute agreement against gold claims."""
    import json
    from pathlib import Path

    from assistant.app.pipeline import facts_of
    from assistant.check.checks import check
    from assistant.extract.scoring import judge_flags, load_gold, score

    reports, errors = read_reports([args.wires], None, None)
    extractor = _extractor()
    by_report = {r.id: extractor.extract(r) for r in reports}
    claims = [c for r in reports for c in by_report[r.id]]
    result = score(
        claims,
        load_gold(Path(args.gold)),
        {r.id: r.body for r in reports},
        {r.id: r.language for r in reports},
    )
    summary = result.summary()
    judged = None
    if args.flags:
        # The checks over the corpus alone, in memory: what `verify` would raise on it.
        flags = check(f for r in reports for f in facts_of(r, by_report[r.id]))
        negatives = load_gold(Path(args.negatives)) if args.negatives else []
        judged = judge_flags(flags, result.mapping, load_gold(Path(args.flags)), negatives)
        summary.update(judged.summary())
    print(json.dumps(summary, indent=2))
    if judged is not None and args.details:
        for line in judged.missed:
            print("FLAG MISSED", clean(line, one_line=True), file=sys.stderr)
        for line in judged.extra:
            print("FLAG EXTRA", clean(line, one_line=True), file=sys.stderr)
        for line in judged.wrong:
            print("FLAG LOOK-ALIKE", clean(line, one_line=True), file=sys.stderr)
    if args.details:
        for line in result.misses:
            print("MISS", clean(line, one_line=True), file=sys.stderr)
        for line in result.extras:
            print("EXTRA", clean(line, one_line=True), file=sys.stderr)
        for line in result.disagreements:
            print("DIFF", clean(line, one_line=True), file=sys.stderr)
    return ExitCode.INPUT if errors else ExitCode.OK


def _open_store(args: argparse.Namespace) -> ClaimStore:
    from store import open_store

    return open_store(args.store)


def cmd_verify(args: argparse.Namespace) -> int:
    """`tally verify`: store the wires, check them against everything known, print flags."""
    from assistant.app.commands.verify import run_verify

    return run_verify(args)


def cmd_flags(args: argparse.Namespace) -> int:
    """`tally flags`: flags stored so far."""
    store = _open_store(args)
    color = sys.stdout.isatty()
    if args.format == "json":
        # One JSON document: read whole.
        flags = store.flags()
        if args.kind:
            flags = [f for f in flags if f.kind.value == args.kind]
        reviews = store.reviews(f.id for f in flags) if flags else {}
        write_flags(sys.stdout, flags, args.format, color=color, reviews=reviews)
        return ExitCode.OK
    # A page at a time: memory follows the page, not the store.
    shown = False
    for page in store.iter_flags(kind=args.kind):
        write_flags(
            sys.stdout, page, args.format, color=color, reviews=store.reviews(f.id for f in page)
        )
        shown = True
    if not shown:
        write_flags(sys.stdout, [], args.format, color=color, reviews={})
    return ExitCode.OK


def cmd_reports(args: argparse.Namespace) -> int:
    """`tally reports`: reports stored so far, oldest first."""
    store = _open_store(args)
    if args.format == "json":
        # One JSON document: read whole.
        write_reports(sys.stdout, store.reports(), args.format)
        return ExitCode.OK
    # A page at a time: an archive of 100,000 reports prints as it is read.
    shown = False
    for page in store.iter_reports():
        write_reports(sys.stdout, page, args.format, header=not shown)
        shown = True
    if not shown:
        write_reports(sys.stdout, [], args.format)
    return ExitCode.OK


def cmd_related(args: argparse.Namespace) -> int:
    """`tally related`: the claims nearest a stored claim, in any language."""
    store = _open_store(args)
    claim = store.get_claim(args.claim)
    if claim is None:
        raise UsageError(f"no stored claim {args.claim!r} (see `tally reports`, `tally search`)")
    from assistant.check.retrieval import related

    hits = related(store, claim, args.k, same_metric=not args.any_metric)
    write_hits(sys.stdout, hits, args.format)
    return ExitCode.OK


def cmd_search(args: argparse.Namespace) -> int:
    """`tally search`: stored claims nearest in meaning to a text."""
    hits = _open_store(args).search(
        args.text,
        args.k,
        since=args.since,
        until=args.until,
        metric=args.metric,
        source=args.source,
    )
    write_hits(sys.stdout, hits, args.format)
    return ExitCode.OK


def cmd_languages(args: argparse.Namespace) -> int:
    """`tally languages`: the language packs found, and how many entries each file holds."""
    from assistant.lang.coverage import coverage, write_coverage

    write_coverage(sys.stdout, coverage(), args.format)
    return ExitCode.OK


COMMANDS = {
    "extract": cmd_extract,
    "verify": cmd_verify,
    "flags": cmd_flags,
    "reports": cmd_reports,
    "related": cmd_related,
    "search": cmd_search,
    "score": cmd_score,
    "languages": cmd_languages,
}


def _diagnosed(error: StoreError, args: argparse.Namespace) -> StoreError:
    """A failed store call on a local folder: the folder's damage, if SQLite finds any,
    said plainly (exit 4 all the same)."""
    from store.local import damage
    from store.location import resolve_location

    where = getattr(args, "store", None)
    try:
        location = resolve_location(where)
    except TallyError:
        return error
    if location.path is None or isinstance(error, StoreDamagedError):
        return error  # a server's store, or damage the opening check already named
    return damage(location.path) or error


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run one sub-command and map failures to exit codes."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    # A panic in chromadb's Rust core (a corrupt database) is reported as one line; its
    # backtrace tells a desk nothing and would bury that line.
    os.environ["RUST_BACKTRACE"] = "0"
    # Bare `tally` opens the desk, as `tally ui` does.
    args = parser.parse_args(argv or ["ui"])
    try:
        handler = COMMANDS.get(args.command) or args.handler
        return int(handler(args))
    except TallyError as e:
        if isinstance(e, StoreError):
            e = _diagnosed(e, args)
        say(e)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("tally: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)


if __name__ == "__main__":
    sys.exit(main())
