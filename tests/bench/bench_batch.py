"""`tally verify FOLDER --jobs N` of 1,000 generated wires, one per file: wall time, wires/s.

Run outside the test pass: `python tests/bench/bench_batch.py [--wires 1000] [--jobs 1 2]`.
Wires are made as in bench_verify.py (corpus copies with new ids, shifted dates, scaled
figures), written one per .json file; each run is a `tally verify` subprocess on an empty
store, so start-up, reading, extraction, embedding, storing and checks all count.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_verify import ROOT, _base, _vary


def main() -> None:
    """Write the wires, verify them once per --jobs value, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--wires", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rng = random.Random(1)
    base = _base()
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for i in range(args.wires):
            report = _vary(base[i % len(base)], i, rng)
            wire = {
                "id": report.id,
                "outlet": report.outlet,
                "published": report.published.isoformat() if report.published else None,
                "language": report.language,
                "title": report.title,
                "body": report.body,
            }
            (inbox / f"{report.id}.json").write_text(json.dumps(wire, ensure_ascii=False))
        for jobs in args.jobs:
            store = Path(tmp) / f"store-{jobs}"
            start = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "assistant.app.cli",
                    "verify",
                    str(inbox),
                    "--store",
                    str(store),
                    "--jobs",
                    str(jobs),
                    "--format",
                    "jsonl",
                    "--no-progress",
                ],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(f"--jobs {jobs}: exit {done.returncode}: {done.stderr[-2000:]}")
            summary = done.stderr.strip().splitlines()[-1]
            print(
                f"--jobs {jobs}: {args.wires} wires in {wall:.1f} s, "
                f"{args.wires / wall:.1f} wires/s ({summary.removeprefix('tally: ')})"
            )


if __name__ == "__main__":
    main()
