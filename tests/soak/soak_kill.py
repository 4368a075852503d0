"""Kill -9 soak (issue 11, points 3 and 4, long version): writers killed at random points of a
1,000-wire batch, 20 times, and the store still ends as one uninterrupted run leaves it.

Each round starts `--writers` `tally verify` processes at once on overlapping slices of the
batch (one store, so they queue on the writer lock) and kills each with SIGKILL at its own
seeded random moment within one uninterrupted run's time. After every round the store must
open undamaged, every stored report must hold all its claims and every flag must point at
stored claims. A round whose writers all finish ends a pass: the store must then equal the
reference (reports, claims, flags), and the next round starts on a new store. After the
last kill the writers run to the end once more and the store is compared again.

Run outside the test pass: `python tests/soak/soak_kill.py [--wires 1000] [--kills 20]
[--writers 2] [--seed 4]`. Prints rounds survived, kills landed, passes compared and wall
time; exits 1 when any check fails. The short version runs in the normal pass (slow mark):
tests/test_store_concurrency.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bench"))
sys.path.insert(0, str(ROOT))

from bench_verify import _base, _vary  # noqa: E402

from store import open_store  # noqa: E402
from store.local import check_folder  # noqa: E402

TALLY = [sys.executable, "-m", "assistant.app.cli"]


def write_wires(folder: Path, n: int, seed: int) -> list[Path]:
    """`n` distinct wires, one per .json file (corpus copies: new ids, dates, figures)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    base = _base()
    files = []
    for i in range(n):
        report = _vary(base[i % len(base)], i, rng)
        wire = {
            "id": report.id,
            "outlet": report.outlet,
            "published": report.published.isoformat() if report.published else None,
            "language": report.language,
            "title": report.title,
            "body": report.body,
        }
        path = folder / f"{report.id}.json"
        path.write_text(json.dumps(wire, ensure_ascii=False), "utf-8")
        files.append(path)
    return files


def slices(files: list[Path], writers: int) -> list[list[Path]]:
    """One slice per writer, each overlapping its neighbours by a fifth of a slice."""
    size = len(files) / writers
    over = int(size / 5)
    return [
        files[max(0, int(k * size) - over) : min(len(files), int((k + 1) * size) + over)]
        for k in range(writers)
    ]


def snapshot(where: Path) -> dict[str, Any]:
    """Everything a store holds, comparable across runs."""
    store = open_store(str(where))
    return {
        "reports": sorted((r.id, r.content_hash) for r in store.reports()),
        "claims": sorted(c.model_dump_json() for c in store.claims()),
        "flags": sorted(f.model_dump_json() for f in store.flags()),
    }


def _difference(got: dict[str, Any], expected: dict[str, Any]) -> str:
    """Which records a store has too many or too few of, the first of each."""
    parts = []
    for kind in expected:
        extra = sorted(set(map(str, got[kind])) - set(map(str, expected[kind])))
        lost = sorted(set(map(str, expected[kind])) - set(map(str, got[kind])))
        if extra or lost:
            parts.append(f"{kind} +{len(extra)} -{len(lost)} (+{extra[:1]} -{lost[:1]})")
    return "; ".join(parts)


def damage(where: Path) -> str | None:
    """What is wrong with a store left by killed writers, or None."""
    if not check_folder(where):
        return None  # killed before the store was made: nothing to check
    store = open_store(str(where))
    per_report = Counter(c.report for c in store.claims())
    for report, n in store.reports_with_counts():
        if per_report[report.id] != n:
            return f"report {report.id} stored with {per_report[report.id]} of its {n} claims"
    stored = {c.id for c in store.claims()}
    for flag in store.flags():
        missing = [c.id for c in flag.claims if c.id not in stored]
        if missing:
            return f"flag {flag.id} points at unstored claim {missing[0]}"
    return None


def tally_env() -> dict[str, str]:
    # Writers queue on the lock for as long as a whole batch takes.
    return {**os.environ, "PYTHONPATH": str(ROOT), "TALLY_STORE_LOCK_TIMEOUT": "3600"}


def verify_args(files: list[Path], where: Path) -> list[str]:
    """`tally verify` of these files into this store."""
    return [*TALLY, "verify", *map(str, files), "--store", str(where), "--format", "jsonl"]


@dataclass
class Result:
    """What a soak did and what it found."""

    rounds: int = 0
    survived: int = 0
    kills: int = 0  # writer processes killed
    passes: int = 0  # stores compared with the reference
    equal: int = 0
    failures: list[str] = field(default_factory=list)
    reference_s: float = 0.0

    @property
    def ok(self) -> bool:
        """Every round survived and every compared store equal to the reference."""
        return not self.failures and self.survived == self.rounds and self.equal == self.passes


def _round(
    parts: list[list[Path]], where: Path, rng: random.Random, full: float
) -> tuple[int, list[str]]:
    """Start the writers at once, kill each at its moment; (kills, failures)."""
    procs = [
        subprocess.Popen(
            verify_args(part, where),
            env=tally_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in parts
    ]
    start = time.monotonic()
    moments = sorted((rng.uniform(0.05, 1.3) * full, n) for n in range(len(procs)))
    killed: set[int] = set()
    for moment, n in moments:
        # Wait for the moment, or for the writer to finish first (no idle sleeping).
        while time.monotonic() < start + moment and procs[n].poll() is None:
            time.sleep(0.05)
        if procs[n].poll() is None:
            procs[n].send_signal(signal.SIGKILL)
            killed.add(n)
    failures = []
    for n, proc in enumerate(procs):
        _, err = proc.communicate()
        if n not in killed and proc.returncode != 0:
            failures.append(f"writer {n} exit {proc.returncode}: {err.strip()[-300:]}")
    return len(killed), failures


def soak(tmp: Path, *, wires: int, kills: int, writers: int, seed: int, say: Any = print) -> Result:
    """Run the soak in `tmp`: rounds until `kills` rounds have killed a writer."""
    files = write_wires(tmp / "inbox", wires, seed)
    parts = slices(files, writers)
    result = Result()
    t0 = time.monotonic()
    reference = tmp / "reference"
    done = subprocess.run(verify_args(files, reference), env=tally_env(), capture_output=True)
    if done.returncode != 0:
        result.failures.append(f"reference run exit {done.returncode}")
        return result
    result.reference_s = time.monotonic() - t0
    expected = snapshot(reference)
    rng = random.Random(seed)
    stores = 0
    where = tmp / "store-0"

    def compare(what: str) -> None:
        nonlocal stores, where
        result.passes += 1
        got = snapshot(where)
        if got == expected:
            result.equal += 1
        else:
            result.failures.append(f"{what}: {where} differs: {_difference(got, expected)}")
        stores += 1
        where = tmp / f"store-{stores}"

    landed = 0
    while landed < kills:
        result.rounds += 1
        n_killed, failures = _round(parts, where, rng, result.reference_s)
        result.kills += n_killed
        wrong = damage(where)
        if wrong is not None:
            failures.append(wrong)
        result.failures += failures
        result.survived += not failures
        say(
            f"round {result.rounds}: {n_killed}/{writers} writers killed, "
            + ("store sound" if not failures else "; ".join(failures))
        )
        if n_killed:
            landed += 1
        else:
            compare(f"round {result.rounds}")
    # The last store: the writers run to the end, one after the other.
    for n, part in enumerate(parts):
        done = subprocess.run(verify_args(part, where), env=tally_env(), capture_output=True)
        if done.returncode != 0:
            result.failures.append(f"last run of writer {n}: exit {done.returncode}")
    compare("after the last kill")
    return result


def main() -> int:
    """Run the soak and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--wires", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20, help="rounds in which a writer dies")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        result = soak(
            Path(tmp), wires=args.wires, kills=args.kills, writers=args.writers, seed=args.seed
        )
    print(
        f"{args.wires} wires, {args.writers} writers: rounds survived "
        f"{result.survived}/{result.rounds} ({args.kills} with kills, {result.kills} writers "
        f"killed), stores equal to the uninterrupted run {result.equal}/{result.passes}, "
        f"uninterrupted run {result.reference_s:.0f} s, wall {time.monotonic() - start:.0f} s"
    )
    for failure in result.failures:
        print("FAIL", failure)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
