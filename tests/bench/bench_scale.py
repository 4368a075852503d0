"""A 20-wire `verify` into stores of growing size: wall time and peak memory (issue 12).

Run outside the test pass: `python tests/bench/bench_scale.py [--sizes 1000 10000 100000]`.
Each store is generated (store/generate.py: events, series, sources, places, planted
errors) and written straight through the store API, with the flags of the whole archive;
then a fresh process verifies the next 20 generated wires (their claims known beforehand,
so the figure is the store's and the checks' cost, not the extractor's) and reports its
wall time and peak RSS. Stores are kept under --dir to be measured again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BATCH = 20

_VERIFY = f"""
import json, resource, sys, time
t0 = time.perf_counter()
from assistant.check.checks import check
from assistant.extract.protocol import ExtractorBase
from assistant.app.pipeline import verify
from store import open_store
from store.generate import generate
n = int(sys.argv[2])
items = list(generate(n + {BATCH}, seed=12))[n:]
claims = {{r.id: c for r, c in items}}
class Fixed(ExtractorBase):
    def extract(self, report):
        return claims[report.id]
store = open_store(sys.argv[1])
t1 = time.perf_counter()
out = verify([r for r, _ in items], Fixed(), store)
t2 = time.perf_counter()
print(json.dumps({{
    "verify_s": round(t2 - t1, 2), "process_s": round(t2 - t0, 2),
    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "flags": len(out.flags), "new_flags": out.new_flags,
}}))
"""


def build(path: Path, n: int) -> dict[str, float]:
    """Write n generated reports and the flags of all of them; seconds taken."""
    from assistant.app.pipeline import facts_of
    from assistant.check.checks import check
    from store import open_store
    from store.generate import generate

    t0 = time.perf_counter()
    store = open_store(str(path))
    facts = []
    chunk: list = []
    for report, claims in generate(n + BATCH, seed=12):
        if report.id.endswith(f"{n:06d}"):
            break
        chunk.append((report, claims))
        facts += facts_of(report, claims)
        if len(chunk) == 500:
            store.add_reports(chunk)
            chunk = []
    if chunk:
        store.add_reports(chunk)
    t1 = time.perf_counter()
    flags = check(facts)
    store.add_flags(flags)
    return {"build_s": round(time.perf_counter() - t1 + (t1 - t0), 1), "stored_flags": len(flags)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/tally-bench-scale"))
    args = parser.parse_args()
    for n in args.sizes:
        path = args.dir / f"store-{n}"
        built: dict[str, float] = {}
        if not (path / "chroma.sqlite3").exists():
            built = build(path, n)
        runs = []
        for _ in range(2):
            copy = args.dir / f"run-{n}"
            subprocess.run(["rm", "-rf", str(copy)], check=True)
            subprocess.run(["cp", "-r", str(path), str(copy)], check=True)
            done = subprocess.run(
                [sys.executable, "-c", _VERIFY, str(copy), str(n)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        best = min(runs, key=lambda r: r["verify_s"])
        print(json.dumps({"reports": n, **built, **best}), flush=True)


if __name__ == "__main__":
    main()
