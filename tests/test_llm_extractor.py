"""The LLM extractor over real HTTP: grounding, reask, retries, fallback, cache, counts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openai_server import (
    OpenAIServer,
    Reply,
    answer_from_claims,
    chat_reply,
    claims_reply,
    error_reply,
    is_reask,
    user_text,
    wire_responder,
)

from assistant.core.errors import LLMError
from assistant.core.models import Claim, Report
from assistant.extract.rules import RulesExtractor
from assistant.llm.client import EndpointError
from assistant.llm.config import LLMSettings
from assistant.llm.extractor import LLMExtractor
from assistant.numbers import find_numbers, parse_number

BODY = (
    "At least 4,900 people fled Baghouz on Monday, among them 1,200 children, the Syrian "
    "Observatory for Human Rights said.\n\nAbout 300 fighters surrendered in the last 24 "
    "hours, an SDF commander said."
)
WIRE = Report(id="t1", language="en", body=BODY, published=datetime(2019, 3, 5, 12, tzinfo=UTC))


def good() -> list[dict[str, Any]]:
    """What a good model answers for WIRE."""
    return answer_from_claims(RulesExtractor().extract(WIRE))


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as s:
        yield s


@pytest.fixture
def warnings() -> list[str]:
    return []


def make(
    server: OpenAIServer, warnings: list[str], tmp_path: Path, **overrides: Any
) -> LLMExtractor:
    """An extractor aimed at the test server, with tiny waits."""
    values: dict[str, Any] = {
        "provider": "openai",
        "model": "test",
        "base_url": server.base_url,
        "backoff": 0.001,
        "max_wait": 0.05,
        "max_retries": 2,
        "timeout": 5.0,
        "cache_dir": tmp_path / "cache",
        **overrides,
    }
    return LLMExtractor(LLMSettings(**values), warn=warnings.append)


def assert_grounded(report: Report, claims: list[Claim]) -> None:
    """Every claim's quote is at its span and its number reads as its value."""
    for c in claims:
        assert report.body[c.span[0] : c.span[1]] == c.quote
        assert c.number_text in c.quote or c.number_text in report.body
        parsed = parse_number(c.number_text, report.language)
        assert parsed == c.value or any(
            n.value == c.value for n in find_numbers(c.quote, report.language)
        )
    assert [c.id for c in claims] == [f"{report.id}-c{i + 1}" for i in range(len(claims))]


def test_good_answers_become_claims_with_one_call(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.push(claims_reply(good(), prompt_tokens=321, completion_tokens=45))
    ex = make(server, warnings, tmp_path)
    claims = ex.extract(WIRE)
    assert server.count == 1
    assert [c.value for c in claims] == [4900, 1200, 300]
    assert {c.extractor for c in claims} == {"llm:test"}
    assert claims[1].part_of == claims[0].id
    assert claims[2].period == "last 24 hours"
    assert claims[2].period_start == datetime(2019, 3, 4, 12, tzinfo=UTC)
    assert_grounded(WIRE, claims)
    s = ex.stats
    assert (s.calls, s.reasks, s.tokens_in, s.tokens_out, s.cache_hits) == (1, 0, 321, 45, 0)
    assert not warnings
    request = server.requests[0]
    assert request["model"] == "test"
    assert request["response_format"]["type"] == "json_schema"
    schema = request["response_format"]["json_schema"]["schema"]
    assert schema["additionalProperties"] is False


def test_ungrounded_numbers_are_reasked_once_then_dropped_and_counted(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    bad = good()
    bad[2] = {**bad[2], "value": 3000}  # the quote holds 300
    bad.append({**bad[0], "quote": "7,000 people were killed", "number_text": "7,000"})
    bad.append({**bad[1], "number_text": "200", "value": 200, "part_of": None})
    server.push(claims_reply(bad), claims_reply(bad))
    ex = make(server, warnings, tmp_path)
    claims = ex.extract(WIRE)
    assert server.count == 2
    reask = server.requests[1]
    assert is_reask(reask)
    text = user_text(reask)
    assert "claim 2 (quote 'About 300 fighters'): number_text '300' reads as 300, not 3000" in text
    assert "claim 3 (quote '7,000 people were killed'): the quote is not an exact" in text
    assert "claim 4 (quote '1,200 children'): number_text '200' is part of the number" in text
    assert "claim 0" not in text and "claim 1" not in text
    # Nothing the model made up survives; the rules extractor restores what it lost.
    assert [c.value for c in claims] == [4900, 1200, 300]
    assert [c.extractor for c in claims] == ["llm:test", "llm:test", "rules+llm:test"]
    assert claims[1].part_of == claims[0].id
    assert_grounded(WIRE, claims)
    s = ex.stats
    assert (s.calls, s.reasks, s.ungrounded, s.dropped, s.added_from_rules) == (2, 1, 3, 3, 1)


def test_a_part_needs_a_grounded_larger_whole(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    bad = good()
    bad[0] = {**bad[0], "value": 5900}
    bad[2] = {**bad[2], "part_of": 1}  # 300 fighters are no part of 1,200 children...
    bad[1] = {**bad[1], "value": 1200}
    bad[2] = {**bad[2], "part_of": 2}  # ... nor of themselves
    server.push(claims_reply(bad), claims_reply(bad))
    ex = make(server, warnings, tmp_path)
    claims = ex.extract(WIRE)
    text = user_text(server.requests[1])
    assert "claim 1 (quote '1,200 children'): part_of points to claim 0, which failed" in text
    assert "claim 2 (quote 'About 300 fighters'): part_of 2 is not the index of another" in text
    assert {c.extractor for c in claims} == {"rules+llm:test"}
    assert claims[1].part_of == claims[0].id


def test_a_reask_can_fix_claims_and_never_loses_good_ones(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    bad = good()
    bad[2] = {**bad[2], "value": 3000}
    fixed = [good()[2]]  # the model answers with the fixed claim alone
    server.push(claims_reply(bad), claims_reply(fixed))
    ex = make(server, warnings, tmp_path)
    claims = ex.extract(WIRE)
    assert [c.value for c in claims] == [4900, 1200, 300]
    assert {c.extractor for c in claims} == {"llm:test"}
    assert claims[1].part_of == claims[0].id
    assert (ex.stats.ungrounded, ex.stats.dropped, ex.stats.added_from_rules) == (1, 0, 0)


def test_malformed_json_is_reasked(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.push(chat_reply('{"claims": [{"quote": "At least'), claims_reply(good()))
    ex = make(server, warnings, tmp_path)
    claims = ex.extract(WIRE)
    assert server.count == 2
    assert "not valid JSON" in user_text(server.requests[1])
    assert {c.extractor for c in claims} == {"llm:test"}
    assert (ex.stats.malformed, ex.stats.reasks, ex.stats.fallbacks) == (1, 1, 0)


def test_one_claim_off_the_schema_spoils_only_itself(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    answer = good()
    answer[2] = {**answer[2], "value": "about three hundred"}
    server.push(claims_reply(answer), claims_reply(answer))
    ex = make(server, warnings, tmp_path)
    claims = ex.extract(WIRE)
    assert "claim 2" in user_text(server.requests[1])
    assert [c.extractor for c in claims] == ["llm:test", "llm:test", "rules+llm:test"]


def test_malformed_twice_falls_back_to_the_rules_and_says_so(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.push(chat_reply("Sure! Here are the claims:"), chat_reply("not json either"))
    ex = make(server, warnings, tmp_path)
    claims = ex.extract(WIRE)
    assert server.count == 2
    assert {c.extractor for c in claims} == {"rules-fallback:test"}
    assert [c.model_dump(exclude={"extractor"}) for c in claims] == [
        c.model_dump(exclude={"extractor"}) for c in RulesExtractor().extract(WIRE)
    ]
    assert ex.stats.fallbacks == 1
    assert any("t1: the model gave no usable answer" in w for w in warnings), warnings
    # The same model would answer the same: its answers are cached, the fallback replayed.
    again = make(server, [], tmp_path)
    assert again.extract(WIRE) == claims
    assert server.count == 2 and again.stats.fallbacks == 1


def test_429_is_retried_after_the_server_s_retry_after(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.push(
        error_reply(429, "slow down", {"retry-after-ms": "20", "Retry-After": "1"}),
        error_reply(429, "slow down", {"Retry-After": "0.03"}),
        error_reply(429, "slow down", {"Retry-After": "3600"}),
        claims_reply(good()),
    )
    ex = make(server, warnings, tmp_path, max_retries=3, max_wait=0.04)
    started = time.monotonic()
    claims = ex.extract(WIRE)
    assert time.monotonic() - started < 2
    assert {c.extractor for c in claims} == {"llm:test"}
    assert server.count == 4
    # retry-after-ms wins over Retry-After; seconds are honoured; max_wait caps an hour.
    assert ex.stats.waits == [0.02, 0.03, 0.04]
    assert (ex.stats.retries, ex.stats.calls) == (3, 4)


def test_server_errors_back_off_then_fail_clearly_and_fall_back(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.responder = lambda _request: error_reply(503, "overloaded")
    ex = make(server, warnings, tmp_path, max_retries=2, backoff=0.001, max_wait=0.01)
    claims = ex.extract(WIRE)
    assert server.count == 3
    assert len(ex.stats.waits) == 2 and all(0 < w <= 0.01 for w in ex.stats.waits)
    assert {c.extractor for c in claims} == {"rules-fallback:test"}
    assert any("failed after 3 tries: HTTP 503" in w for w in warnings), warnings
    # A call that failed is not cached: the next run asks again.
    server.responder = wire_responder([WIRE], lambda _r: good())
    assert {c.extractor for c in make(server, [], tmp_path).extract(WIRE)} == {"llm:test"}


def test_a_timeout_is_retried(server: OpenAIServer, warnings: list[str], tmp_path: Path) -> None:
    slow = claims_reply(good(), delay=1.0)
    server.push(slow, claims_reply(good()))
    ex = make(server, warnings, tmp_path, timeout=0.1)
    started = time.monotonic()
    claims = ex.extract(WIRE)
    assert time.monotonic() - started < 0.9  # the client gave up on the slow answer
    assert {c.extractor for c in claims} == {"llm:test"}
    assert (ex.stats.retries, ex.stats.calls) == (1, 2)


def test_timeouts_to_the_last_try_fall_back(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.responder = lambda _request: claims_reply(good(), delay=0.3)
    ex = make(server, warnings, tmp_path, timeout=0.05, max_retries=1)
    claims = ex.extract(WIRE)
    assert {c.extractor for c in claims} == {"rules-fallback:test"}
    assert any("failed after 2 tries: timed out" in w for w in warnings), warnings


def test_a_refused_key_stops_the_run(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.responder = lambda _request: error_reply(401, "bad key")
    ex = make(server, warnings, tmp_path)
    with pytest.raises(EndpointError, match="HTTP 401"):
        ex.extract_many([WIRE, WIRE.model_copy(update={"id": "t2"})])
    assert isinstance(EndpointError("x"), LLMError)


def test_the_same_wires_again_make_no_call(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.responder = wire_responder([WIRE], lambda _r: good())
    first = make(server, warnings, tmp_path).extract(WIRE)
    assert server.count == 1
    again = make(server, warnings, tmp_path)  # a new process would start like this
    assert again.extract(WIRE) == first
    assert server.count == 1
    assert (again.stats.calls, again.stats.cache_hits) == (0, 1)
    # The key is the wire's content, the model and the prompt: any change asks again.
    make(server, warnings, tmp_path, model="other").extract(WIRE)
    assert server.count == 2
    edited = WIRE.model_copy(update={"body": BODY.replace("Monday", "Tuesday")})
    server.responder = wire_responder([edited], lambda _r: good())
    make(server, warnings, tmp_path).extract(edited)
    assert server.count == 3


def test_a_reask_is_cached_with_its_answer(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    bad = good()
    bad[0] = {**bad[0], "value": 5900}
    server.push(claims_reply(bad), claims_reply(good()))
    first = make(server, warnings, tmp_path).extract(WIRE)
    again = make(server, warnings, tmp_path)
    assert again.extract(WIRE) == first
    assert server.count == 2
    # Claim 0 failed, and claim 1 with it (its whole): both came back fixed.
    assert (again.stats.ungrounded, again.stats.dropped, again.stats.calls) == (2, 0, 0)


def test_batches_run_concurrently_up_to_the_setting(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    wires = [WIRE.model_copy(update={"id": f"t{i}", "body": f"{BODY} ({i})"}) for i in range(8)]

    def respond(request: dict[str, Any]) -> Reply:
        return claims_reply(good(), delay=0.05)

    server.responder = respond
    ex = make(server, warnings, tmp_path, concurrency=3)
    results = ex.extract_many(wires)
    assert [cs[0].report for cs in results] == [w.id for w in wires]
    assert 2 <= server.max_inflight <= 3
    assert ex.stats.calls == 8 and ex.stats.wires == 8
    # extract() after a batch reads the batch's result: verify() works this way.
    assert ex.extract(wires[3]) == results[3]
    assert server.count == 8


def test_azure_openai_is_reached_through_its_deployment_path(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.push(claims_reply(good()))
    root = server.base_url.removesuffix("/v1")
    ex = make(
        server,
        warnings,
        tmp_path,
        base_url=None,
        azure_endpoint=root,
        api_version="2024-10-21",
        api_key="k",
        model="my-deployment",
    )
    assert {c.extractor for c in ex.extract(WIRE)} == {"llm:my-deployment"}
    assert server.paths[0].startswith("/openai/deployments/my-deployment/chat/completions")
    assert "api-version=2024-10-21" in server.paths[0]


def test_an_unreadable_cache_entry_is_a_miss(
    server: OpenAIServer, warnings: list[str], tmp_path: Path
) -> None:
    server.responder = wire_responder([WIRE], lambda _r: good())
    make(server, warnings, tmp_path).extract(WIRE)
    (entry,) = (tmp_path / "cache").glob("*/*.json")
    entry.write_text('{"answers": [', "utf-8")
    again = make(server, warnings, tmp_path)
    assert {c.extractor for c in again.extract(WIRE)} == {"llm:test"}
    assert server.count == 2 and again.stats.cache_hits == 0
    assert '"answers"' in entry.read_text("utf-8") and entry.read_text("utf-8").endswith("}")
