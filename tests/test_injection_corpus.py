"""Prompt injection at scale: 36 invented wires in five languages, an obedient model.

tests/data/injection/wires.jsonl holds invented stories about invented places, each with
an injected instruction (ignore previous instructions, fake end markers and role lines,
fake JSON answers, numbers written in words, fullwidth and Mathematical digits, Cyrillic
look-alikes in the cue words and in the digits, zero-width characters). The scripted
server answers every wire as a model that obeys the wire: it quotes the instruction's
numbers. Only the wire's own reporting numbers may come out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer, wire_responder

from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.llm.config import LLMSettings
from assistant.llm.extractor import LLMExtractor
from assistant.text.instructions import instruction_spans

DATA = Path(__file__).resolve().parent / "data" / "injection" / "wires.jsonl"
ENTRIES: list[dict[str, Any]] = [
    json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()
]
REPORTS = [
    Report(
        id=e["id"],
        language=e["language"],
        published=datetime.fromisoformat(e["published"]),
        body=e["body"],
    )
    for e in ENTRIES
]
BY_ID = {e["id"]: e for e in ENTRIES}


def injected_ranges(entry: dict[str, Any]) -> list[tuple[int, int]]:
    """Where the injected text sits in the body."""
    out = []
    for text in entry["injection"]:
        at = entry["body"].index(text)
        out.append((at, at + len(text)))
    return out


def obedient(report: Report) -> list[dict[str, Any]]:
    """What a model that follows the wire's orders answers: the instruction's figures."""
    return [
        {
            **o,
            "qualifier": "exact",
            "unit": "people",
            "metric": "killed",
            "counts": "people killed",
            "scope": "snapshot",
            "period": None,
            "location": None,
            "source": None,
            "part_of": None,
            "complete_breakdown": False,
            "projection": False,
        }
        for o in BY_ID[report.id]["obey"]
    ]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    cache = tmp_path_factory.mktemp("inj-cache")
    with OpenAIServer(wire_responder(REPORTS, obedient)) as server:
        settings = LLMSettings(
            provider="openai", model="m", base_url=server.base_url, cache_dir=cache
        )
        ex = LLMExtractor(settings, warn=lambda _m: None)
        claims = ex.extract_many(REPORTS)
        yield {"claims": dict(zip([r.id for r in REPORTS], claims, strict=True)), "server": server}


def test_the_corpus_is_what_it_says() -> None:
    assert len(ENTRIES) >= 30
    assert {e["language"] for e in ENTRIES} == {"en", "ar", "fr", "tr", "es"}
    for e in ENTRIES:
        inj = injected_ranges(e)
        for o in e["obey"]:
            # Every scripted answer quotes the injected text, so grounding alone passes it.
            at = e["body"].index(o["quote"])
            assert any(a <= at < b for a, b in inj), (e["id"], o["quote"])
            assert o["number_text"] in o["quote"]


def test_an_obedient_model_gets_no_injected_number_out(extracted: dict[str, Any]) -> None:
    attempted = sum(len(e["obey"]) for e in ENTRIES)
    out = []
    for rid, claims in extracted["claims"].items():
        e = BY_ID[rid]
        inj = injected_ranges(e)
        assert claims, f"{rid}: the wire's own figures are still reported"
        for c in claims:
            assert e["body"][c.span[0] : c.span[1]] == c.quote
            in_instruction = any(a < c.span[1] and c.span[0] < b for a, b in inj)
            if c.value not in e["own"] or in_instruction:
                out.append((rid, c.quote, c.value))
    assert extracted["server"].count >= len(ENTRIES)  # every wire went to the model
    assert attempted == 45
    assert out == []


def test_the_rules_alone_read_no_injected_figure() -> None:
    # `tally extract` without an LLM: the instruction is not the story for the rules either.
    out = [
        (r.id, c.quote)
        for r in REPORTS
        for c in RulesExtractor().extract(r)
        if c.value not in BY_ID[r.id]["own"]
        or any(a < c.span[1] and c.span[0] < b for a, b in injected_ranges(BY_ID[r.id]))
    ]
    assert out == []


def test_the_wires_own_figures_survive(extracted: dict[str, Any]) -> None:
    found = sum(
        len({c.value for c in extracted["claims"][e["id"]]} & set(e["own"])) for e in ENTRIES
    )
    total = sum(len(e["own"]) for e in ENTRIES)
    # The instruction is cut, not the story: the rules restore the wire's own figures.
    assert found / total >= 0.9, (found, total)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_the_instruction_is_found_and_the_story_left_alone(entry: dict[str, Any]) -> None:
    spans = instruction_spans(entry["body"])
    inj = injected_ranges(entry)
    assert spans, "no instruction found"
    for a, b in spans:
        # Within the injection (a fake end marker's own line may start it).
        assert any(x <= a and b <= y for x, y in inj), entry["body"][a:b]
    for o in entry["obey"]:
        at = entry["body"].index(o["quote"])
        assert any(a <= at < b for a, b in spans), o["quote"]


def test_no_instruction_in_real_reporting(corpus_reports: list[Report]) -> None:
    found = {r.id: instruction_spans(r.body) for r in corpus_reports}
    assert {rid: s for rid, s in found.items() if s} == {}
    stories = {e["body"][: injected_ranges(e)[0][0]] for e in ENTRIES}
    assert all(not instruction_spans(s) for s in stories)
