"""Endpoint faults on the real loopback server: bounded time, nothing lost, the same re-run.

Refused connections, a server that never answers, 429 storms, 5xx, cut-off and malformed
bodies, refusals and a context overflow on the reask (issue 11, point 6). Every test is
bounded in time: the faults are real, the timeouts small.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_server import (
    OpenAIServer,
    Reply,
    answer_from_claims,
    chat_reply,
    claims_reply,
    context_overflow_reply,
    error_reply,
    hang_reply,
    is_reask,
    refusal_reply,
    refused_base_url,
    truncated_reply,
    wire_of,
)

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.core.models import Claim, Report
from assistant.extract.rules import RulesExtractor
from assistant.llm.config import LLMSettings
from assistant.llm.extractor import LLMExtractor

ROOT = Path(__file__).resolve().parent.parent
BODY = (
    "At least 4,900 people fled Baghouz on Monday, among them 1,200 children, the Syrian "
    "Observatory for Human Rights said.\n\nAbout 300 fighters surrendered in the last 24 "
    "hours, an SDF commander said."
)


def tag(i: int) -> str:
    # A word, not a number: the rules would read a digit as one more claim.
    return "".join(chr(ord("a") + int(d)) for d in f"{i:02d}")


def wires(n: int) -> list[Report]:
    return [Report(id=f"w{i:02d}", language="en", body=f"{BODY} Desk {tag(i)}.") for i in range(n)]


def good(report: Report) -> list[dict[str, Any]]:
    return answer_from_claims(RulesExtractor().extract(report))


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as s:
        yield s


def make(
    base_url: str, tmp_path: Path, said: list[str] | None = None, **overrides: Any
) -> LLMExtractor:
    values: dict[str, Any] = {
        "provider": "openai",
        "model": "m",
        "base_url": base_url,
        "backoff": 0.01,
        "max_wait": 0.05,
        "max_retries": 3,
        "timeout": 5.0,
        "connect_timeout": 1.0,
        "concurrency": 4,
        "breaker": 4,
        "progress": 0,
        "cache_dir": tmp_path / "cache",
        **overrides,
    }
    return LLMExtractor(LLMSettings(**values), warn=(said if said is not None else []).append)


def labels(results: list[list[Claim]]) -> set[str]:
    return {c.extractor for cs in results for c in cs}


def as_rules(report: Report, claims: list[Claim]) -> list[dict[str, Any]]:
    return [c.model_dump(exclude={"extractor"}) for c in claims]


# --- the circuit breaker bounds a dead endpoint --------------------------------------------


def test_a_refused_endpoint_costs_a_few_calls_not_four_per_wire(tmp_path: Path) -> None:
    said: list[str] = []
    ex = make(refused_base_url(), tmp_path, said)
    batch = wires(20)
    started = time.monotonic()
    results = ex.extract_many(batch)
    assert time.monotonic() - started < 10
    # The breaker opens after 4 failed calls; at most the calls already started follow.
    assert ex.stats.calls <= 4 + 3, ex.stats.calls
    assert labels(results) == {"rules-fallback:m"}
    for report, claims in zip(batch, results, strict=True):
        assert as_rules(report, claims) == as_rules(report, RulesExtractor().extract(report))
    assert ex.stats.fallbacks == 20
    gave_up = [s for s in said if "the rest of this batch goes to the rules" in s]
    assert len(gave_up) == 1, said  # said once, not once per wire
    assert "Connection refused" in gave_up[0]
    assert len(said) <= 1 + 3  # and the few wires that failed on their own


def test_a_server_that_never_answers_costs_about_one_timeout(
    server: OpenAIServer, tmp_path: Path
) -> None:
    server.responder = lambda _request: hang_reply()
    said: list[str] = []
    ex = make(server.base_url, tmp_path, said, timeout=0.5)
    started = time.monotonic()
    results = ex.extract_many(wires(12))
    elapsed = time.monotonic() - started
    # Four calls hang at once, time out together and open the breaker (was 4 x 120 s a wire).
    assert elapsed < 3.0, elapsed
    assert server.count <= 4 + 3
    assert labels(results) == {"rules-fallback:m"}
    assert sum("timed out" in s for s in said) >= 1
    assert sum("the rest of this batch" in s for s in said) == 1


def test_a_429_storm_opens_the_breaker_and_retry_after_is_honoured(
    server: OpenAIServer, tmp_path: Path
) -> None:
    server.responder = lambda _request: error_reply(429, "rate limited", {"Retry-After": "0.02"})
    said: list[str] = []
    ex = make(server.base_url, tmp_path, said, concurrency=1, max_wait=1.0)
    started = time.monotonic()
    results = ex.extract_many(wires(10))
    assert time.monotonic() - started < 3
    assert server.count == 4  # one worker: exactly the breaker's count
    assert ex.stats.waits == [0.02, 0.02, 0.02]
    assert labels(results) == {"rules-fallback:m"}
    assert [s for s in said if "HTTP 429: rate limited" in s]


def test_a_storm_that_passes_loses_nothing(server: OpenAIServer, tmp_path: Path) -> None:
    batch = wires(6)
    server.push(*[error_reply(503, "overloaded") for _ in range(3)])
    server.responder = lambda request: claims_reply(good(wire_of(request, batch)))
    ex = make(server.base_url, tmp_path, concurrency=1)
    results = ex.extract_many(batch)
    # Three failures in a row stay under the breaker; a success resets the run.
    assert labels(results) == {"llm:m"} and ex.stats.fallbacks == 0
    assert ex.stats.retries == 3


def test_a_later_batch_tries_the_endpoint_again(server: OpenAIServer, tmp_path: Path) -> None:
    batch = wires(8)
    server.responder = lambda _request: error_reply(500, "down")
    ex = make(server.base_url, tmp_path)
    assert labels(ex.extract_many(batch[:4])) == {"rules-fallback:m"}
    server.responder = lambda request: claims_reply(good(wire_of(request, batch)))
    assert labels(ex.extract_many(batch[4:])) == {"llm:m"}


# --- bodies that are not answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        truncated_reply(),  # the connection drops mid-body
        Reply(status=200, body="<html><body>Gateway says hello</body></html>"),
        Reply(status=200, body='{"choices": [{"message": ', content_type="application/json"),
    ],
    ids=["cut-off", "html", "broken-json"],
)
def test_a_broken_http_body_is_a_failed_call_retried_and_never_cached(
    server: OpenAIServer, tmp_path: Path, broken: Reply
) -> None:
    (report,) = wires(1)
    server.push(broken, claims_reply(good(report)))
    ex = make(server.base_url, tmp_path)
    claims = ex.extract(report)
    assert {c.extractor for c in claims} == {"llm:m"}
    assert (server.count, ex.stats.retries, ex.stats.malformed) == (2, 1, 0)
    (entry,) = (tmp_path / "cache").glob("*/*.json")
    assert "Gateway" not in entry.read_text("utf-8") and "choices" not in entry.read_text("utf-8")


def test_a_refusal_is_not_reasked_falls_back_and_is_cached(
    server: OpenAIServer, tmp_path: Path
) -> None:
    (report,) = wires(1)
    server.push(refusal_reply("I can't help with\x1b[31m that.\nSorry."))
    said: list[str] = []
    ex = make(server.base_url, tmp_path, said)
    claims = ex.extract(report)
    assert server.count == 1  # no reask: a second refusal would cost a call for nothing
    assert {c.extractor for c in claims} == {"rules-fallback:m"}
    (line,) = [s for s in said if "refusal" in s]
    assert "I can't help with that. Sorry." in line and "\x1b" not in line
    again = make(refused_base_url(), tmp_path)
    assert again.extract(report) == claims and again.stats.calls == 0


def test_a_reask_lost_to_a_context_overflow_keeps_and_caches_the_first_answer(
    server: OpenAIServer, tmp_path: Path
) -> None:
    (report,) = wires(1)
    first = good(report)
    first.append({**first[0], "quote": "9,999 people", "number_text": "9,999", "value": 9999})
    server.push(claims_reply(first), context_overflow_reply())
    said: list[str] = []
    ex = make(server.base_url, tmp_path, said)
    claims = ex.extract(report)
    assert server.count == 2 and is_reask(server.requests[1])
    assert {c.extractor for c in claims} == {"llm:m"}
    assert 9999 not in {c.value for c in claims}
    assert any("HTTP 400: This model's maximum context length" in s for s in said), said
    # The endpoint is gone; the re-run is the first run, claim for claim, label for label.
    again = make(refused_base_url(), tmp_path)
    assert again.extract(report) == claims
    assert (again.stats.calls, again.stats.cache_hits, again.stats.fallbacks) == (0, 1, 0)


def test_truncated_json_content_keeps_the_whole_claims_before_the_cut(
    server: OpenAIServer, tmp_path: Path
) -> None:
    (report,) = wires(1)
    whole = json.dumps({"claims": good(report)})
    cut = whole[: whole.index('"quote"', whole.index('"quote"') + 1) + 12]  # mid claim 2
    server.push(chat_reply(cut))
    ex = make(server.base_url, tmp_path)
    claims = ex.extract(report)
    # The claim before the cut is the model's; the rules supply the numbers after it.
    assert [(c.value, c.extractor) for c in claims] == [
        (4900, "llm:m"),
        (1200, "rules+llm:m"),
        (300, "rules+llm:m"),
    ]
    assert server.count == 1


# --- progress ------------------------------------------------------------------------------


def test_progress_is_shown_while_a_batch_runs(server: OpenAIServer, tmp_path: Path) -> None:
    batch = wires(6)
    server.responder = lambda request: claims_reply(good(wire_of(request, batch)), delay=0.15)
    said: list[str] = []
    ex = make(server.base_url, tmp_path, said, concurrency=1, progress=0.2)
    ex.extract_many(batch)
    lines = [s for s in said if "wires done" in s]
    assert lines, said
    assert all(line.startswith("llm m: ") and "/6 wires done" in line for line in lines)
    done = [int(line.split(": ")[1].split("/")[0]) for line in lines]
    assert done == sorted(done) and max(done) < 6


# --- the CLI: exit codes, a re-run with the endpoint down, ^C -------------------------------


def write_wires(path: Path, batch: list[Report]) -> Path:
    path.write_text(
        "".join(
            json.dumps(r.model_dump(mode="json", include={"id", "language", "body"})) + "\n"
            for r in batch
        ),
        "utf-8",
    )
    return path


def test_a_rerun_with_the_endpoint_down_reproduces_the_first_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = wires(5)
    path = write_wires(tmp_path / "w.jsonl", batch)
    ids = [r.id for r in batch]

    def respond(request: dict[str, Any]) -> Reply:
        report = wire_of(request, batch)
        i = ids.index(report.id)
        if i == 1:  # refuses
            return refusal_reply()
        if i == 2:  # needs a reask, and the reask overflows the context
            if is_reask(request):
                return context_overflow_reply()
            bad = good(report)
            bad[2] = {**bad[2], "value": 3000}
            return claims_reply(bad)
        if i == 3:  # malformed twice
            return chat_reply("Sure! Here you go.")
        if i == 4:  # the server fails this one for good
            return error_reply(500, "internal error")
        return claims_reply(good(report))

    home = Path(os.environ["TALLY_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        "[llm]\nmax_retries = 1\nbackoff = 0.01\nconcurrency = 1\nbreaker = 10\n", "utf-8"
    )
    argv = ["extract", str(path), "--llm", "openai", "--model", "m", "--format", "jsonl"]
    with OpenAIServer(respond) as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        code = main(argv)
        first, err = capsys.readouterr()
    assert code == ExitCode.LLM, err
    by_wire: dict[str, set[str]] = {}
    for line in first.splitlines():
        record = json.loads(line)
        by_wire.setdefault(record["report"], set()).add(record["extractor"])
    assert by_wire["w00"] == {"llm:m"}
    assert by_wire["w01"] == {"rules-fallback:m"}
    assert by_wire["w02"] <= {"llm:m", "rules+llm:m"} and "llm:m" in by_wire["w02"]
    assert by_wire["w03"] == {"rules-fallback:m"} and by_wire["w04"] == {"rules-fallback:m"}
    monkeypatch.setenv("OPENAI_BASE_URL", refused_base_url())
    code, (again, err) = main(argv), capsys.readouterr()
    # Only the wire whose call failed calls again (and fails again); the rest is the cache.
    assert again == first and code == ExitCode.LLM
    assert "4 cache hits" in err


def test_ctrl_c_exits_130_within_a_second_while_calls_hang(
    server: OpenAIServer, tmp_path: Path
) -> None:
    server.responder = lambda _request: hang_reply()
    path = write_wires(tmp_path / "w.jsonl", wires(8))
    env = {
        **os.environ,
        "OPENAI_BASE_URL": server.base_url,
        "TALLY_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.app.cli", "extract", str(path), "--llm", "openai"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while server.hanging < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.hanging == 4, "the calls never started"
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=5)
        took = time.monotonic() - sent
    finally:
        proc.kill()
        _, err = proc.communicate()
    assert code == ExitCode.INTERRUPTED, err
    assert took < 1.0, took
    assert "Traceback" not in err and "interrupted" in err
