"""A 20-wire `verify` into stores of growing size, and the reads a desk makes (issue 12).

Run outside the test pass: `python tests/bench/bench_scale.py [--sizes 1000 10000 100000]`.
Each store is generated (store/generate.py: events, series, sources, places, planted
errors, 30 reports a day) and written straight through the store API, with the flags of the
whole archive (claims embedded by the model, each distinct text once: see _builder_embedder;
reports and flags carry their one-number record keys, as in any store). Then, on a copy, a
fresh process verifies the next 20 generated wires (their claims known beforehand, so the
figure is the store's and the checks' cost, not the extractor's) and reports its wall time
and peak RSS (best of --runs; `process_s` adds the process's start, which generates the n
stored reports to reach the batch's: a minute at 100,000, the generator's cost, not Tally's);
another times `related`
and `search` (p50 of 40 warm calls); `tally flags --kind source_disagreement --format
table` is timed as a command. Stores are kept under --dir to be measured again;
`--build-only` builds them (100,000 reports: about 40 minutes on a busy 2-core machine). A
store built before the side index (store/ledger.py) gets it first, timed as `index_build_s`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[2]
BATCH = 20

_VERIFY = f"""
import itertools, json, resource, sys, time
t0 = time.perf_counter()
from assistant.check.checks import check
from assistant.extract.protocol import ExtractorBase
from assistant.app.pipeline import verify
from store import open_store
from store.generate import generate
n = int(sys.argv[2])
# islice: the n stored reports are generated and dropped, never held (peak memory).
items = list(itertools.islice(generate(n + {BATCH}, seed=12), n, None))
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

# `related` (the CLI's re-ranked lookup) and `search`, timed warm in one process: the p50
# of 40 calls each, on claims picked across the archive and queries of the generated kinds.
_READS = """
import json, random, statistics, sys, time
from assistant.check.retrieval import related
from store import open_store
from store.generate import KINDS, PLACES
store, n = open_store(sys.argv[1]), int(sys.argv[2])
rng = random.Random(3)
picks = [store.get_claim(f"gen-12-{rng.randrange(n):06d}-c1") for _ in range(40)]
texts = [f"{counts} in {rng.choice(PLACES)}" for _, _, counts in KINDS for _ in range(7)][:40]
def p50(calls):
    calls[0]()  # warm: the model and the vector index load once per process
    times = []
    for call in calls:
        t = time.perf_counter(); call(); times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 1)
print(json.dumps({
    "related_p50_ms": p50([lambda c=c: related(store, c, 10) for c in picks if c]),
    "search_p50_ms": p50([lambda t=t: store.search(t, 10) for t in texts]),
}))
"""


def _flags_table(store: Path) -> dict[str, float]:
    """`tally flags --format table` over one kind and over every flag, wall time each."""
    out: dict[str, float] = {}
    for label, kind in (("table", "source_disagreement"), ("table_all", None)):
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "assistant.app.cli", "flags", "--store", str(store),
             *(["--kind", kind] if kind else []), "--format", "table"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        # A flag's first line names its kind; its quotes follow on lines of their own.
        shown = (
            sum(1 for line in done.stdout.splitlines() if line.split(" ")[1:2] == [kind or ""])
            if kind
            else _flag_lines(done.stdout)
        )
        out |= {f"{label}_flags": shown, f"{label}_s": round(time.perf_counter() - t0, 2)}
    return out


def _flag_lines(text: str) -> int:
    """How many flags a table shows: each starts with a mark and its kind."""
    from assistant.core.models import FlagKind

    kinds = {k.value for k in FlagKind}
    return sum(
        1 for line in text.splitlines() if line.split(" ")[1:2] and line.split(" ")[1] in kinds
    )


def _builder_embedder() -> Any:
    """The store's embedder for claims, each distinct text once; stand-ins for the rest."""
    import hashlib

    import numpy as np

    from store.embeddings import DIMENSIONS, UsemEmbeddingFunction

    class Builder(UsemEmbeddingFunction):
        # Same name and config as the store's own, so the collections accept it. Claims get
        # the model's vectors (related and search rank them); generated wires repeat their
        # sentences with other figures, masked before embedding, so few are distinct.
        # Any other text gets a unit vector seeded by it (stores built before reports had
        # their record keys gave reports these; embedding 100,000 leads would take hours).
        claims: ClassVar[set[str]] = set()
        seen: ClassVar[dict[str, Any]] = {}

        def embed(self, texts: Sequence[str]) -> Any:
            keys = [self.prepare(t) for t in texts]
            todo = list(dict.fromkeys(k for k in keys if k in self.claims and k not in self.seen))
            if todo:
                self.seen.update(zip(todo, super().embed(todo), strict=True))
            out = np.empty((len(keys), DIMENSIONS), dtype=np.float32)
            for i, key in enumerate(keys):
                if key in self.claims:
                    out[i] = self.seen[key]
                else:
                    seed = int.from_bytes(hashlib.blake2b(key.encode()).digest()[:8], "big")
                    v = np.random.default_rng(seed).standard_normal(DIMENSIONS)
                    out[i] = v / np.linalg.norm(v)
            return out

    return Builder()


def build(path: Path, n: int) -> dict[str, float]:
    """Write n generated reports and the flags of all of them; seconds taken."""
    from assistant.app.pipeline import facts_of
    from assistant.check.checks import check
    from store import open_store
    from store.generate import generate
    from store.records import claim_document

    t0 = time.perf_counter()
    embedder = _builder_embedder()
    store = open_store(str(path), embedder=embedder)
    facts = []
    chunk: list = []
    for report, claims in generate(n + BATCH, seed=12):
        if report.id.endswith(f"{n:06d}"):
            break
        chunk.append((report, claims))
        embedder.claims.update(embedder.prepare(claim_document(c)) for c in claims)
        facts += facts_of(report, claims)
        if len(chunk) == 500:
            store.add_reports(chunk)
            chunk = []
            done = int(report.id.rsplit("-", 1)[1]) + 1
            if done % 10_000 == 0:
                print(f"{done} reports: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if chunk:
        store.add_reports(chunk)
    t1 = time.perf_counter()
    flags = check(facts)
    store.add_flags(flags)
    return {"build_s": round(time.perf_counter() - t1 + (t1 - t0), 1), "stored_flags": len(flags)}


_INDEX = """
import json, sys, time
from store import open_store
store = open_store(sys.argv[1])
t0 = time.perf_counter()
if store._index() is None:
    store.upgrade()
    print(json.dumps({"index_build_s": round(time.perf_counter() - t0, 1)}))
else:
    print("{}")
"""


def _indexed(path: Path) -> dict[str, float]:
    """Build the side index of a store made before it (once, as its first writer would);
    the seconds it took, if it was built here. In a process of its own: a chromadb client
    left open here would still hold the store while it is copied and measured."""
    done = subprocess.run(
        [sys.executable, "-c", _INDEX, str(path)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    loaded: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/tally-bench-scale"))
    parser.add_argument("--build-only", action="store_true", help="build missing stores, no runs")
    parser.add_argument("--runs", type=int, default=2, help="verify runs a size (the best is kept)")
    args = parser.parse_args()
    for n in args.sizes:
        path = args.dir / f"store-{n}"
        built: dict[str, float] = {}
        if not path.exists():
            # Built aside and renamed when whole: an interrupted build is never measured.
            partial = args.dir / f"store-{n}.partial"
            subprocess.run(["rm", "-rf", str(partial)], check=True)
            built = build(partial, n)
            partial.rename(path)
        built |= _indexed(path)
        if args.build_only:
            print(json.dumps({"reports": n, **built}), flush=True)
            continue
        runs = []
        for _ in range(args.runs):
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
        reads = subprocess.run(
            [sys.executable, "-c", _READS, str(copy), str(n)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        best |= json.loads(reads.stdout.strip().splitlines()[-1]) | _flags_table(copy)
        print(json.dumps({"reports": n, **built, **best}), flush=True)


if __name__ == "__main__":
    main()
