"""`tally verify` of N generated wires into an empty store: wall time and peak RSS.

Run outside the test pass: `python tests/bench/bench_verify.py [--wires 1000]`. Wires are
made from the development corpus (../shared/corpus) when present, else the shipped
samples: each copy gets new ids, shifted dates and figures scaled by a random factor,
so the store sees 1,000 distinct reports.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.app.pipeline import verify
from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs
from assistant.numbers import find_numbers
from store import open_store

ROOT = Path(__file__).resolve().parents[2]


def _base() -> list[Report]:
    corpus = ROOT.parent / "shared" / "corpus" / "wires.jsonl"
    path = corpus if corpus.exists() else ROOT / "assistant" / "app" / "samples" / "wires.jsonl"
    return [r for r in read_inputs([str(path)]) if isinstance(r, Report)]


def _vary(report: Report, i: int, rng: random.Random) -> Report:
    body = report.body
    factor = rng.uniform(0.7, 1.4)
    for n in reversed(find_numbers(body, report.language)):
        if n.kind == "number" and not n.words and n.value >= 10 and n.text.isascii():
            v = max(1, round(n.value * factor))
            text = f"{v:,}" if "," in n.text else str(v)
            body = body[: n.start] + text + body[n.end :]
    shift = timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
    return report.model_copy(
        update={
            "id": f"g{i:05d}",
            "body": body,
            "published": (report.published or datetime(2019, 1, 1, tzinfo=UTC)) + shift,
        }
    )


def main() -> None:
    """Generate wires, verify them into an empty store, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--wires", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(1)
    base = _base()
    wires = [_vary(base[i % len(base)], i, rng) for i in range(args.wires)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wires.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for w in wires:
                f.write(
                    json.dumps(
                        {
                            "id": w.id,
                            "outlet": w.outlet,
                            "language": w.language,
                            "published": w.published.isoformat() if w.published else None,
                            "title": w.title,
                            "body": w.body,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        start = time.perf_counter()
        reports = [r for r in read_inputs([str(path)]) if isinstance(r, Report)]
        store = open_store(str(Path(tmp) / "store"))
        outcome = verify(reports, RulesExtractor(), store)
        took = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    claims = sum(len(c) for c in outcome.claims.values())
    print(
        f"verify {len(reports)} wires, {claims} claims, {len(outcome.flags)} flags: "
        f"{took:.1f} s wall, peak RSS {rss:.0f} MB",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
