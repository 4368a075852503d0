"""The claim vocabulary of issue 8 on the LLM path: projection, missing, groups, finer places.

The schema and prompt carry the words; grounding keeps a projection only where the wire
states a forecast; merging carries it into the claim record. Sentences written for these
tests, in the languages Tally reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer, claims_reply

from assistant.core.models import Metric, Report
from assistant.lang import packs
from assistant.llm.config import LLMSettings
from assistant.llm.cues import forecast_cue
from assistant.llm.extractor import LLMExtractor
from assistant.llm.grounding import Wire, ground
from assistant.llm.merge import merge, pick
from assistant.llm.schema import SCHEMA_VERSION, Answer, ClaimList, LLMClaim

PUB = datetime(2026, 8, 20, 9, tzinfo=UTC)


def wire(body: str, language: str = "en") -> Wire:
    return Wire(Report(id="v", language=language, body=body, published=PUB))


def claim(quote: str, number_text: str, value: float, **kw: Any) -> LLMClaim:
    base: dict[str, Any] = {
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
    return LLMClaim(quote=quote, number_text=number_text, value=value, **{**base, **kw})


def grounded_projection(w: Wire, c: LLMClaim) -> tuple[bool, dict[int, str]]:
    g = ground(w, Answer(claims=[c]))
    assert not g.failures, g.failures  # a projection question never fails a claim
    (only,) = g.grounded
    return only.claim.projection, g.corrected


# --- the schema the model reads ------------------------------------------------------------


def test_the_schema_names_projection_missing_and_the_groups() -> None:
    schema = ClaimList.model_json_schema()
    props = schema["$defs"]["LLMClaim"]["properties"]
    assert "projection" in schema["$defs"]["LLMClaim"]["required"]
    assert props["projection"]["type"] == "boolean"
    assert "could exceed" in props["projection"]["description"]
    assert "missing" in schema["$defs"]["LLMClaim"]["properties"]["metric"]["description"]
    metrics = json.dumps(schema["$defs"])
    assert '"missing"' in metrics  # the enum the endpoint enforces
    for group in ("women", "children", "civilians", "medics", "houses"):
        assert group in props["unit"]["description"]
    assert "government-held areas of Aleppo" in props["location"]["description"]
    # A new schema version: answers cached under the old contract are not reused.
    assert SCHEMA_VERSION == "2"


# --- projection: kept only where the wire states a forecast --------------------------------

FORECASTS = [
    ("en", "Officials warned that the national toll could exceed 600 by the end of August.",
     "could exceed 600", "600", 600),
    ("en", "As many as 12 more workers were feared dead under the collapsed floor.",
     "12 more workers", "12", 12),
    ("en", "The number of displaced is expected to rise to 40,000 next week.",
     "rise to 40,000", "40,000", 40000),
    ("ar", "وحذرت الأمم المتحدة من أن عدد النازحين قد يتخطى 50 ألفاً خلال أيام.",
     "قد يتخطى 50 ألفاً", "50 ألفاً", 50000),
    ("ar", "ويخشى مسؤولون أن يرتفع عدد الضحايا إلى 70 مع وصول فرق الإنقاذ.",
     "إلى 70", "70", 70),
    ("fr", "Selon la préfecture, le bilan pourrait dépasser 90 morts dans la vallée.",
     "dépasser 90 morts", "90", 90),
    ("fr", "Les secours redoutent que le bilan ne dépasse 35 morts.",
     "dépasse 35 morts", "35", 35),
    ("tr", "Yetkililer can kaybının 48'e çıkabileceğini açıkladı.",
     "can kaybının 48'e çıkabileceğini", "48", 48),
    ("es", "Protección Civil advirtió que la cifra de muertos podría superar los 300.",
     "podría superar los 300", "300", 300),
]  # fmt: skip


@pytest.mark.parametrize(("language", "body", "quote", "number", "value"), FORECASTS)
def test_a_forecast_in_the_wire_keeps_the_model_s_projection(
    language: str, body: str, quote: str, number: str, value: float
) -> None:
    w = wire(body, language)
    projection, corrected = grounded_projection(w, claim(quote, number, value, projection=True))
    assert projection is True and corrected == {}


COUNTS = [
    ("en", "The toll rose to 600 on Tuesday, the ministry said.", "600", "600", 600),
    ("ar", "وارتفعت حصيلة القتلى إلى 70 شخصاً.", "70 شخصاً", "70", 70),
    ("ar", "وقد قُتل 40 شخصاً في القصف.", "40 شخصاً", "40", 40),  # قد + past: "already"
    ("fr", "Le bilan s'élève à 90 morts, selon la préfecture.", "90 morts", "90", 90),
    ("tr", "Selde 48 kişi hayatını kaybetti.", "48 kişi", "48", 48),
    ("es", "Al menos 300 personas murieron en el sismo.", "300 personas", "300", 300),
]  # fmt: skip


@pytest.mark.parametrize(("language", "body", "quote", "number", "value"), COUNTS)
def test_a_count_the_model_called_a_projection_is_set_back(
    language: str, body: str, quote: str, number: str, value: float
) -> None:
    w = wire(body, language)
    projection, corrected = grounded_projection(w, claim(quote, number, value, projection=True))
    assert projection is False
    assert list(corrected) == [0] and "forecast" in corrected[0]


def test_a_forecast_in_another_sentence_does_not_make_a_count_a_projection() -> None:
    body = "Forecasters said more rain could come. The toll stands at 214, the ministry said."
    projection, corrected = grounded_projection(
        wire(body), claim("214", "214", 214, projection=True)
    )
    assert projection is False and corrected


def test_the_forecast_words_live_in_every_pack() -> None:
    having = {code for code, p in packs().items() if p.lexicon and p.lexicon.forecast_words}
    assert having >= {"en", "fr", "es", "tr", "ar"}
    assert forecast_cue("the toll COULD exceed 600") == "could"
    assert forecast_cue("the toll rose to 600") is None


def test_projection_false_is_never_turned_on() -> None:
    # The model's "not a forecast" stands: grounding removes a projection, never adds one.
    w = wire("The toll could exceed 600, officials feared.")
    projection, corrected = grounded_projection(w, claim("600", "600", 600))
    assert projection is False and corrected == {}


# --- missing is not dead, and not second-guessed --------------------------------------------


def test_missing_and_killed_are_the_model_s_reading() -> None:
    body = "Rescuers recovered 31 bodies; 45 people remained unaccounted for in the valley."
    w = wire(body)
    answer = Answer(
        claims=[
            claim("31 bodies", "31", 31, unit="bodies", metric="killed"),
            claim("45 people remained unaccounted for", "45", 45, metric="missing"),
        ]
    )
    picking = pick(w, [answer])
    assert picking is not None and picking.ungrounded == 0
    claims, _ = merge(w, picking.picked, "m")
    assert [(c.value, c.metric, c.unit) for c in claims] == [
        (31, Metric.KILLED, "bodies"),
        (45, Metric.MISSING, "people"),
    ]


# --- merge: projection and finer places reach the claim record ------------------------------


def test_merge_carries_projection_and_groups_into_claims() -> None:
    body = (
        "Among the dead were 78 children and 41 women, the ministry said. Officials fear "
        "the toll could exceed 600 once rescuers reach the upper valleys."
    )
    w = wire(body)
    answer = Answer(
        claims=[
            claim("78 children", "78", 78, unit="children"),
            claim("41 women", "41", 41, unit="women"),
            claim("could exceed 600", "600", 600, projection=True, scope="cumulative"),
        ]
    )
    picking = pick(w, [answer])
    assert picking is not None
    claims, _ = merge(w, picking.picked, "m")
    by_value = {c.value: c for c in claims}
    assert (by_value[78].unit, by_value[41].unit) == ("children", "women")
    assert by_value[600].projection is True
    assert not by_value[78].projection and not by_value[41].projection
    assert json.loads(by_value[600].model_dump_json())["projection"] is True


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("government-held areas of Aleppo", "government-held areas of Aleppo"),
        ("both countries", "both countries"),
        ("outside the city", "outside the city"),
        ("the town of Baghouz", "Baghouz"),  # no finer: the gazetteer's name
        ("Baghouz", "Baghouz"),
        ("Deir ez-Zor province", "Deir ez-Zor province"),
    ],
)
def test_a_location_is_the_finest_area_stated(given: str, stored: str) -> None:
    body = f"At least 120 people were killed in {given}, monitors said."
    w = wire(body)
    picking = pick(w, [Answer(claims=[claim("120 people", "120", 120, location=given)])])
    assert picking is not None
    claims, _ = merge(w, picking.picked, "m")
    assert claims[0].location == stored


# --- end to end over HTTP --------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as s:
        yield s


def test_projection_reaches_the_claims_and_the_cache_over_http(
    server: OpenAIServer, tmp_path: Path
) -> None:
    report = Report(
        id="p",
        language="en",
        published=PUB,
        body="Some 14,000 homes were damaged, and the number could exceed 20,000 once a "
        "house-by-house census is complete.",
    )
    answer = [
        claim("14,000 homes", "14,000", 14000, unit="houses", metric="other", qualifier="approx"),
        claim("could exceed 20,000", "20,000", 20000, unit="houses", metric="other",
              projection=True),
    ]  # fmt: skip
    server.push(claims_reply([c.model_dump() for c in answer]))
    settings = LLMSettings(
        provider="openai", model="m", base_url=server.base_url, cache_dir=tmp_path / "c"
    )
    first = LLMExtractor(settings, warn=lambda _m: None).extract(report)
    assert [(c.value, c.projection) for c in first] == [(14000, False), (20000, True)]
    again = LLMExtractor(settings, warn=lambda _m: None).extract(report)
    assert again == first and server.count == 1
