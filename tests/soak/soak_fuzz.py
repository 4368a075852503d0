"""Fuzz soak (issue 11, point 1, long version): 1,000+ hostile files, a 50 MB file and a 5 MB
line through `tally extract` as a subprocess; every input gives claims or one-line
`FILE[:LINE]: reason` errors, never a traceback.

Run outside the test pass: `python tests/soak/soak_fuzz.py [--files 1300] [--seed 11]
[--big-mb 50] [--line-mb 5]`. Prints the files fuzzed, tracebacks, exit code, claims,
errors, wall time and the child's peak memory; exits 1 when any check fails. The short
version runs in the normal pass: tests/test_fuzz.py.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_inputs import write_big_jsonl, write_corpus, write_long_line  # noqa: E402

_LINE = re.compile(
    r"tally: (warning: .+|(?P<file>\S+?)(:\d+|#\d+)?: .+|\d+ claims from \d+ reports)"
)


def main() -> int:
    """Write the corpus, extract it once, check and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--line-mb", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "inbox"
        write_corpus(folder, args.files, seed=args.seed)
        write_long_line(folder / "line-5mb.txt", args.line_mb * 1_000_000)
        write_long_line(folder / "line-1900kb.txt", 1_900_000)  # just under the body limit
        write_big_jsonl(folder / "big-50mb.jsonl", args.big_mb * 1_000_000)
        write_long_line(folder / "big-50mb.txt", args.big_mb * 1_000_000)
        files = sorted(folder.iterdir())
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        start = time.monotonic()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "assistant.app.cli",
                "extract",
                str(folder),
                "--format",
                "jsonl",
            ],
            capture_output=True,
            cwd=ROOT,
        )
        wall = time.monotonic() - start
    err = run.stderr.decode("utf-8", "replace")
    lines = err.splitlines()
    tracebacks = err.count("Traceback")
    bad = [line for line in lines if not _LINE.fullmatch(line)]
    named = {
        Path(m.group("file")).name
        for line in lines
        if (m := _LINE.fullmatch(line)) and m.group("file")
    }
    claims = run.stdout.count(b"\n")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"files fuzzed: {len(files)} ({size_mb:.0f} MB)")
    print(f"tracebacks: {tracebacks}")
    print(f"exit code: {run.returncode} (2 expected: some inputs cannot be read)")
    print(f"claims: {claims}; error lines: {len(lines) - 1}; files named in errors: {len(named)}")
    print(f"lines not of the form FILE[:LINE]: reason: {len(bad)}")
    for line in bad[:5]:
        print("   ", line[:200])
    print(f"wall time: {wall:.1f} s; peak memory: {peak:.0f} MB")
    print(f"summary: {lines[-1] if lines else '(none)'}")
    ok = tracebacks == 0 and not bad and run.returncode == 2 and named <= {f.name for f in files}
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
