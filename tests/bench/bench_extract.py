"""Extraction throughput of the rules extractor: wires per second on one core.

Run outside the test pass: `python tests/bench/bench_extract.py [--wires N]`. It reads the
development corpus when present (../shared/corpus) and the shipped samples, trims or pads
each body to about 150 words, and extracts them all in one process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs

ROOT = Path(__file__).resolve().parents[2]


def _wires() -> list[Report]:
    paths = [ROOT / "assistant" / "app" / "samples" / "wires.jsonl"]
    corpus = ROOT.parent / "shared" / "corpus" / "wires.jsonl"
    if corpus.exists():
        paths.append(corpus)
    return [r for r in read_inputs([str(p) for p in paths]) if isinstance(r, Report)]


def _about_150_words(report: Report) -> Report:
    words = report.body.split(" ")
    while len(words) < 150:
        words += words
    return report.model_copy(update={"body": " ".join(words[:150])})


def main() -> None:
    """Print wires/s, claims/s and peak RSS."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--wires", type=int, default=2000)
    args = parser.parse_args()
    base = [_about_150_words(r) for r in _wires()]
    batch = [base[i % len(base)].model_copy(update={"id": f"b{i}"}) for i in range(args.wires)]
    extractor = RulesExtractor()
    extractor.extract(batch[0])  # compile the per-language patterns once
    start = time.perf_counter()
    claims = sum(len(extractor.extract(r)) for r in batch)
    took = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(batch)} wires of ~150 words in {took:.2f} s: {len(batch) / took:.0f} wires/s, "
        f"{claims / took:.0f} claims/s, peak RSS {rss:.0f} MB",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
