"""`tally verify` on the corpus: the planted flags, none of the look-alikes, any order."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.app.cli import main
from assistant.app.pipeline import verify
from assistant.check.retrieval import related
from assistant.core.errors import ExitCode
from assistant.core.models import Claim, Flag, Report
from assistant.extract.rules import RulesExtractor
from store import open_store


def gold_map(reports: list[Report], claims: list[Claim], gold: list[dict[str, Any]]) -> dict:
    """Predicted claim id -> gold claim id, by the FORMAT.md matching rule."""
    bodies = {r.id: r.body for r in reports}
    out: dict[str, str] = {}
    used: set[str] = set()
    for c in claims:
        for g in gold:
            if g["wire"] != c.report or g["id"] in used or float(g["value"]) != float(c.value):
                continue
            a = bodies[c.report].find(g["quote"])
            if c.span[0] < a + len(g["quote"]) and a < c.span[1]:
                out[c.id] = g["id"]
                used.add(g["id"])
                break
    return out


def judge(
    flags: list[Flag],
    mapping: dict[str, str],
    gold_flags: list[dict[str, Any]],
    negatives: list[dict[str, Any]],
) -> tuple[set[str], list[str], list[str]]:
    """Which gold flags were raised, which flags are extra, which look-alikes were flagged."""
    raised: set[str] = set()
    extra: list[str] = []
    wrong: list[str] = []
    for f in flags:
        ids = {mapping.get(c.id, c.id) for c in f.claims}
        hits = [
            g["id"] for g in gold_flags if g["kind"] == f.kind.value and set(g["claims"]) <= ids
        ]
        raised |= set(hits)
        if not hits:
            extra.append(f"{f.kind.value} {sorted(ids)}: {f.explanation}")
        for n in negatives:
            if len(set(n["claims"]) & ids) >= 2:
                wrong.append(f"{f.kind.value} {sorted(ids)} flags look-alike {n['claims']}")
    return raised, extra, wrong


@pytest.fixture
def corpus_file(corpus_reports: list[Report]) -> Path:
    from conftest import CORPUS

    return CORPUS / "wires.jsonl"


def test_verify_raises_the_planted_flags_and_no_look_alike(
    store_location: str,
    corpus_file: Path,
    corpus_reports: list[Report],
    gold_claims: list[dict[str, Any]],
    gold_flags: list[dict[str, Any]],
    gold_negatives: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    store_dir = store_location
    code = main(["verify", str(corpus_file), "--store", str(store_dir), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    rows = [json.loads(line) for line in out.splitlines()]
    # A flag row carries its review decision beside the flag's own fields.
    flags = [
        Flag.model_validate({k: v for k, v in r.items() if k in Flag.model_fields}) for r in rows
    ]
    for f in flags:
        record = json.loads(f.model_dump_json())
        assert set(record) >= {"kind", "claims", "explanation", "severity"}
        for c in record["claims"]:
            assert set(c) >= {"report", "id", "value", "quote", "source", "published"}
    extractor = RulesExtractor()
    claims = [c for r in corpus_reports for c in extractor.extract(r)]
    raised, extra, wrong = judge(
        flags, gold_map(corpus_reports, claims, gold_claims), gold_flags, gold_negatives
    )
    assert raised == {g["id"] for g in gold_flags}
    assert wrong == []
    assert extra == []
    assert {f.kind.value for f in flags if f.severity == "info"} <= {"source_disagreement"}


def _split(reports: list[Report], folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for r in reports:
        p = folder / f"{r.id}.json"
        p.write_text(
            json.dumps(
                {
                    "id": r.id,
                    "outlet": r.outlet,
                    "published": r.published.isoformat() if r.published else None,
                    "language": r.language,
                    "title": r.title,
                    "body": r.body,
                },
                ensure_ascii=False,
            ),
            "utf-8",
        )
        paths.append(p)
    return paths


def test_flags_do_not_depend_on_arrival_order(
    store_location: str, corpus_reports: list[Report]
) -> None:
    extractor = RulesExtractor()
    in_order = sorted(corpus_reports, key=lambda r: (r.published, r.id))
    shuffled = list(corpus_reports)
    random.Random(7).shuffle(shuffled)
    results = []
    for name, sequence in (("ordered", in_order), ("shuffled", shuffled)):
        store = open_store(f"{store_location}-{name}")
        for report in sequence:  # one wire at a time, as a desk receives them
            verify([report], extractor, store)
        results.append({f.id for f in store.flags()})
    whole = open_store(f"{store_location}-batch")
    verify(corpus_reports, extractor, whole)
    assert results[0] == results[1] == {f.id for f in whole.flags()}
    assert len(results[0]) >= 9


def test_a_second_process_sees_the_same_store_and_reverify_adds_nothing(
    store_location: str, corpus_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_dir = store_location
    assert main(["verify", str(corpus_file), "--store", store_dir, "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    probe = (
        "import json, sys\n"
        "from store import open_store\n"
        "s = open_store(sys.argv[1])\n"
        "print(json.dumps([len(s.reports()), len(s.claims()), sorted(f.id for f in s.flags())]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, store_dir], capture_output=True, text=True, check=True
    )
    reports, claims, flag_ids = json.loads(out.stdout)
    assert reports == 26 and claims >= 120
    assert flag_ids == sorted(f["id"] for f in first)
    before = open_store(store_dir).counts()
    assert main(["verify", str(corpus_file), "--store", store_dir, "--format", "json"]) == 0
    _, err = capsys.readouterr()
    assert "(0 new)" in err
    assert open_store(store_dir).counts() == before


def test_arabic_seed_claims_are_related_to_their_english_rewrite(
    store_location: str, seed_wire: Path, corpus_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_dir = store_location
    assert (
        main(
            [
                "verify",
                str(seed_wire),
                "--published",
                "2019-01-22T20:00:00+03:00",
                "--store",
                store_dir,
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert main(["verify", str(corpus_file), "--store", store_dir, "--format", "json"]) == 0
    capsys.readouterr()
    store = open_store(store_dir)
    seed = [c for c in store.claims() if c.report.startswith("seed-wire")]
    english = store.claims(report="w05")
    assert len(seed) == 6 and len(english) == 6
    for claim in english:
        twin = next(s for s in seed if s.value == claim.value)
        top = [hit.claim.id for hit in related(store, claim, 3)]
        assert twin.id in top, (claim.quote, twin.quote, top)


def test_a_running_total_that_rises_within_hours_is_not_a_conflict(tmp_path: Path) -> None:
    from datetime import datetime

    from assistant.app.pipeline import facts_of
    from assistant.check.checks import check

    morning, evening = (
        Report(
            id=rid,
            language="en",
            published=datetime.fromisoformat(t),
            published_from="file",
            origin="",
            body=body,
        )
        for rid, t, body in (
            (
                "am",
                "2026-10-13T09:30:00+03:00",
                "The death toll from the cyclone in Velmora has risen to 212, the agency said.",
            ),
            (
                "pm",
                "2026-10-13T18:10:00+03:00",
                "The death toll from the cyclone in Velmora has risen to 264, the agency said.",
            ),
        )
    )
    extractor = RulesExtractor()
    facts = [f for r in (morning, evening) for f in facts_of(r, extractor.extract(r))]
    assert check(facts) == []
    lower = evening.model_copy(
        update={
            "id": "late",
            "body": evening.body.replace("264", "190"),
            "published": datetime.fromisoformat("2026-10-13T21:00:00+03:00"),
        }
    )
    facts += facts_of(lower, extractor.extract(lower))
    (fall,) = check(facts)
    assert fall.kind.value == "cumulative_decrease"
    assert [c.report for c in fall.claims] == ["pm", "late"]
