"""`tally verify` as a batch: folders, feeds, progress, --jobs, --log, --fail-on."""

from __future__ import annotations

import argparse
import sys

from assistant.core.errors import ExitCode
from assistant.core.models import FlagKind
from assistant.text.safe import say


def add_batch_args(p: argparse.ArgumentParser) -> None:
    """The options verify and watch share."""
    p.add_argument(
        "--fail-on",
        metavar="KIND[,KIND]|any",
        help="exit 1 when this batch raised or touched a flag of these kinds "
        f"({', '.join(k.value for k in FlagKind)}) or any",
    )
    p.add_argument(
        "--jobs",
        "-j",
        default="1",
        metavar="N",
        help="extract in N processes (rules extractor; 0 = one per core; default 1)",
    )
    p.add_argument(
        "--log", metavar="FILE", help="append one JSON line per input: file, report, status, why"
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on stderr (default: only when stderr is a terminal)",
    )


def run_verify(args: argparse.Namespace) -> int:
    """Store the wires, check them against everything known, print the flags."""
    from assistant.app.batch import (
        OutcomeLog,
        Progress,
        exit_code,
        jobs_arg,
        parse_fail_on,
        plan,
        progress_wanted,
        verify_batch,
    )
    from assistant.app.cli import _extract_all, _extractor, _llm_done, _open_store, read_reports
    from assistant.app.versions import reissue_note
    from assistant.io.output import write_flags

    fail_on = parse_fail_on(args.fail_on)
    jobs = jobs_arg(args.jobs)
    reports, errors = read_reports(args.files, args.published, args.language)
    store = _open_store(args)
    extractor = _extractor(args)
    log = OutcomeLog(args.log)
    progress = Progress(total=len(reports), enabled=progress_wanted(args.progress))
    try:
        if extractor.name != "rules":
            # An LLM extracts what verify() will ask for in one concurrent batch and reads
            # the results back one by one (the rules go to worker processes instead, in
            # verify_batch). Reports already stored are not extracted again.
            # Under the ids they will be stored with (a corrected re-issue as a version).
            _extract_all(extractor, plan(reports, store).todo)
        outcome, the_plan = verify_batch(
            reports, errors, store, extractor, jobs=jobs, progress=progress, log=log
        )
    finally:
        progress.close()
        log.close()
        fell_back = _llm_done(extractor)
    for report, _ in the_plan.reissued:
        say(f"{report.origin}: {reissue_note(report)}")
    # Plain flag records (the Flag model): decisions are `tally flags`' business.
    write_flags(sys.stdout, outcome.flags, args.format, color=sys.stdout.isatty())
    n = sum(len(c) for c in outcome.claims.values())
    print(
        f"tally: {len(outcome.reports)} reports ({outcome.new_reports} new), {n} claims, "
        f"{len(outcome.flags)} flags ({outcome.new_flags} new) in {store.location}",
        file=sys.stderr,
    )
    code = exit_code(outcome, len(errors), fell_back, fail_on)
    if code == ExitCode.FLAGGED:
        kinds = sorted({f.kind.value for f in outcome.flags if f.kind in fail_on})
        print(f"tally: --fail-on: flags of kind {', '.join(kinds)}", file=sys.stderr)
    return code
