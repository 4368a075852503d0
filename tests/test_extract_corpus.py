"""The rules extractor measured on the annotated corpus (FORMAT.md matching rule)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.extract.scoring import ATTRIBUTES, Score, score


@pytest.fixture(scope="module")
def result(corpus_reports: list[Report], gold_claims: list[dict[str, Any]]) -> Score:
    extractor = RulesExtractor()
    claims = [c for r in corpus_reports for c in extractor.extract(r)]
    return score(
        claims,
        gold_claims,
        {r.id: r.body for r in corpus_reports},
        {r.id: r.language for r in corpus_reports},
    )


def test_precision_and_recall_overall(result: Score) -> None:
    assert result.precision >= 0.9, result.extras
    assert result.recall >= 0.9, result.misses


@pytest.mark.parametrize("language", ["ar", "en", "fr", "tr"])
def test_precision_and_recall_per_language(result: Score, language: str) -> None:
    lang = result.by_lang[language]
    assert lang.tp > 0
    assert lang.precision >= 0.85, result.extras
    assert lang.recall >= 0.85, result.misses


# This corpus was annotated before groups became units of their own: its gold counts
# "civilians" and "women" as people, so unit agreement here is held to the lower bar.
# Location is measured against English place names the Arabic wires never spell.
FLOOR = {"metric": 0.9, "unit": 0.85, "location": 0.5}


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_attribute_agreement(result: Score, attribute: str) -> None:
    wrong = [d for d in result.disagreements if f" {attribute}:" in d]
    assert result.agreement(attribute) >= FLOOR.get(attribute, 0.85), wrong


def test_every_quote_is_an_exact_substring(corpus_reports: list[Report]) -> None:
    extractor = RulesExtractor()
    for report in corpus_reports:
        for claim in extractor.extract(report):
            a, b = claim.span
            assert report.body[a:b] == claim.quote
            assert claim.number_text in claim.quote or claim.number_text in report.body[a - 5 : b]


def test_claim_ids_follow_order_of_appearance(corpus_reports: list[Report]) -> None:
    extractor = RulesExtractor()
    for report in corpus_reports:
        claims = extractor.extract(report)
        assert [c.id for c in claims] == [f"{report.id}-c{i + 1}" for i in range(len(claims))]
        parts = {c.id for c in claims}
        assert all(c.part_of in parts for c in claims if c.part_of)
