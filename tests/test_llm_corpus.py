"""The annotated corpus through `tally extract --llm openai`: ideal and tampered answers."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from openai_server import OpenAIServer, answer_from_gold, wire_responder

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.core.models import Claim, Report
from assistant.extract.rules import RulesExtractor
from assistant.extract.scoring import ATTRIBUTES, Score, score
from assistant.numbers import find_numbers

Answers = Callable[[Report], list[dict[str, Any]]]


@pytest.fixture(autouse=True)
def _no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TALLY_LLM", "TALLY_MODEL", "TALLY_MODEL_PATH", "AZURE_OPENAI_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def by_wire(gold_claims: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold_claims:
        out[g["wire"]].append(g)
    return out


def extract(
    reports: list[Report],
    first: Answers,
    reask: Answers | None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[list[Claim], str, OpenAIServer]:
    """Run `tally extract --llm openai` on the corpus against scripted answers."""
    with OpenAIServer(wire_responder(reports, first, reask)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        wires = reports[0].origin.rsplit(":", 1)[0]  # the corpus file the fixture read
        code = main(["extract", wires, "--llm", "openai", "--model", "ideal", "--format", "jsonl"])
        out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    drop = {"published", "published_from"}
    claims = [
        Claim.model_validate({k: v for k, v in json.loads(line).items() if k not in drop})
        for line in out.splitlines()
    ]
    return claims, err, server


def scored(claims: list[Claim], gold: list[dict[str, Any]], reports: list[Report]) -> Score:
    return score(claims, gold, {r.id: r.body for r in reports}, {r.id: r.language for r in reports})


@pytest.fixture(scope="module")
def rules_score(corpus_reports: list[Report], gold_claims: list[dict[str, Any]]) -> Score:
    claims = [c for r in corpus_reports for c in RulesExtractor().extract(r)]
    return scored(claims, gold_claims, corpus_reports)


def test_ideal_answers_reproduce_the_annotated_claims(
    corpus_reports: list[Report],
    gold_claims: list[dict[str, Any]],
    by_wire: dict[str, list[dict[str, Any]]],
    rules_score: Score,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    claims, err, server = extract(
        corpus_reports, lambda r: answer_from_gold(by_wire[r.id]), None, monkeypatch, capsys
    )
    result = scored(claims, gold_claims, corpus_reports)
    assert result.precision >= rules_score.precision, result.extras
    assert result.recall >= rules_score.recall, result.misses
    assert result.precision == 1.0 and result.recall == 1.0
    for attr in ATTRIBUTES:
        assert result.agreement(attr) == 1.0, [d for d in result.disagreements if attr in d]
    assert {c.extractor for c in claims} == {"llm:ideal"}
    assert server.count == len(corpus_reports)  # one call a wire, no reask
    assert f"{len(corpus_reports)} calls (0 reasks" in err
    # The planted part-larger-than-whole (f01) survives grounding, for the checks to flag.
    w04 = {c.id: c for c in claims if c.report == "w04"}
    assert w04["w04-c2"].part_of == "w04-c1" and w04["w04-c2"].value > w04["w04-c1"].value


def tamper(gold: list[dict[str, Any]], i: int) -> dict[str, Any]:
    """A claim whose number the model got wrong, three ways in turn."""
    g = dict(gold[i])
    wrong = g["value"] * 7 + 13
    if i % 3 == 0:
        g["value"] = wrong  # the quote holds another number
    elif i % 3 == 1:
        g["number_text"], g["value"] = f"{wrong:,}", wrong  # a number not in the quote
    else:
        g["quote"] = g["quote"].replace(g["number_text"], f"{wrong:,}")  # an invented quote
        g["number_text"], g["value"] = f"{wrong:,}", wrong
    return g


def test_tampered_numbers_never_survive_and_recall_holds(
    corpus_reports: list[Report],
    gold_claims: list[dict[str, Any]],
    by_wire: dict[str, list[dict[str, Any]]],
    rules_score: Score,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tampered: dict[str, list[dict[str, Any]]] = {}
    altered: list[tuple[str, dict[str, Any]]] = []
    n = 0
    for wire, gold in by_wire.items():
        answer = answer_from_gold(gold)
        for i in range(len(answer)):
            if n % 3 == 0:
                answer[i] = {
                    **answer[i],
                    **{k: tamper(gold, i)[k] for k in ("quote", "number_text", "value")},
                }
                altered.append((wire, answer[i]))
            n += 1
        tampered[wire] = answer
    assert len(altered) >= len(gold_claims) // 3

    def first(report: Report) -> list[dict[str, Any]]:
        return tampered.get(report.id, [])

    # The model repeats its mistakes when asked again: every altered claim is dropped.
    claims, err, server = extract(corpus_reports, first, first, monkeypatch, capsys)
    bodies = {r.id: r for r in corpus_reports}
    for wire, bad in altered:
        assert not any(c.report == wire and c.value == bad["value"] for c in claims), bad
    for c in claims:
        numbers = {s.value for s in find_numbers(bodies[c.report].body, bodies[c.report].language)}
        assert c.value in numbers
        assert bodies[c.report].body[c.span[0] : c.span[1]] == c.quote
    result = scored(claims, gold_claims, corpus_reports)
    assert result.recall >= rules_score.recall, result.misses
    assert result.precision >= rules_score.precision, result.extras
    wires_with_errors = {wire for wire, _ in altered}
    assert server.count == len(corpus_reports) + len(wires_with_errors)
    assert f"{len(wires_with_errors)} reasks" in err
    restored = [c for c in claims if c.extractor == "rules+llm:ideal"]
    assert len(restored) >= len(altered)
