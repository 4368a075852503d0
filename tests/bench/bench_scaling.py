"""Extraction time against body size and HTML nesting depth: it should grow linearly.

Run outside the test pass: `python tests/bench/bench_scaling.py [--sizes 100 200 400 800]
[--depths 25000 50000 100000 200000]`. Bodies are number-dense English wires (a figure
every 40 characters or so, sources and weekdays in every sentence), extracted in process
by the rules extractor; HTML files are one paragraph under N nested <div>s, read by the
.html reader and extracted. Each row gives the time and the time per unit (ms per KB, µs
per level): a flat last column is linear growth; a doubling one is quadratic.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.core.models import Report  # noqa: E402
from assistant.extract.rules import RulesExtractor  # noqa: E402
from assistant.io.readers import read_inputs  # noqa: E402

SENTENCES = (
    "On Friday {n} people were killed and {m} wounded in the town, officials said.",
    "The toll rose to {n} dead, up from {m} last week, according to the ministry.",
    "At least {n} houses were destroyed in 2023 and {m} in March, the agency said.",
)


def dense_body(size: int, seed: int = 1) -> str:
    """About `size` characters of figure-dense wire text."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        s = rng.choice(SENTENCES).format(n=rng.randint(2, 9000), m=rng.randint(2, 900))
        out.append(s)
        total += len(s) + 1
    return " ".join(out)


def time_body(kb: int) -> tuple[float, int]:
    """Seconds to extract a `kb` KB body, and its claims."""
    report = Report(
        id="bench",
        language="en",
        body=dense_body(kb * 1000),
        published=datetime(2024, 1, 5, tzinfo=UTC),
    )
    start = time.perf_counter()
    claims = RulesExtractor().extract(report)
    return time.perf_counter() - start, len(claims)


def time_depth(depth: int, folder: Path) -> tuple[float, int]:
    """Seconds to read and extract one paragraph under `depth` nested <div>s."""
    path = folder / f"nested-{depth}.html"
    para = "<p>At least 40 people were killed on Monday, officials said.</p>"
    path.write_text(
        f"<html><head><title>T</title></head><body>{'<div>' * depth}{para}"
        f"{'</div>' * depth}</body></html>",
        encoding="utf-8",
    )
    start = time.perf_counter()
    reports = [r for r in read_inputs([str(path)]) if isinstance(r, Report)]
    claims = sum(len(RulesExtractor().extract(r)) for r in reports)
    return time.perf_counter() - start, claims


def main() -> None:
    """Print one row per size and per depth."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800])
    parser.add_argument("--depths", type=int, nargs="+", default=[25000, 50000, 100000, 200000])
    args = parser.parse_args()
    RulesExtractor().extract(Report(id="warm", language="en", body=dense_body(2000)))
    print("body KB  seconds  claims  ms/KB")
    for kb in args.sizes:
        secs, n = time_body(kb)
        print(f"{kb:7d}  {secs:7.2f}  {n:6d}  {1000 * secs / kb:5.1f}", flush=True)
    print("depth    seconds  claims  µs/level")
    with tempfile.TemporaryDirectory() as tmp:
        for depth in args.depths:
            secs, n = time_depth(depth, Path(tmp))
            print(f"{depth:7d}  {secs:7.2f}  {n:6d}  {1e6 * secs / depth:5.1f}", flush=True)


if __name__ == "__main__":
    main()
