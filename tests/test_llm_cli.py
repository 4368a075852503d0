"""`tally extract` / `tally verify` with an LLM, through the CLI, against a loopback server."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_server import OpenAIServer, answer_from_claims, error_reply, wire_responder

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs

SAMPLES = Path(__file__).resolve().parent.parent / "assistant" / "app" / "samples" / "wires.jsonl"


def samples() -> list[Report]:
    return [r for r in read_inputs([str(SAMPLES)]) if isinstance(r, Report)]


def ideal(report: Report) -> list[dict[str, object]]:
    return answer_from_claims(RulesExtractor().extract(report))


@pytest.fixture(autouse=True)
def _no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TALLY_LLM", "TALLY_MODEL", "TALLY_MODEL_PATH", "AZURE_OPENAI_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIServer]:
    with OpenAIServer(wire_responder(samples(), ideal)) as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        yield s


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_with_an_llm_then_again_from_the_cache(
    server: OpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["extract", str(SAMPLES), "--llm", "openai", "--model", "m1", "--format", "jsonl"]
    code, out, err = run(argv, capsys)
    assert code == ExitCode.OK, err
    records = [json.loads(line) for line in out.splitlines()]
    rules = [c for r in samples() for c in RulesExtractor().extract(r)]
    assert [r["value"] for r in records] == [c.value for c in rules]
    assert {r["extractor"] for r in records} == {"llm:m1"}
    n = len(samples())
    assert server.count == n
    assert f"llm m1: {n} wires, {n} calls (0 reasks, 0 retries)" in err
    assert "0 cache hits" in err
    code, again, err = run(argv, capsys)
    assert code == ExitCode.OK and again == out
    assert server.count == n  # no HTTP call at all the second time
    assert "0 calls" in err and f"{n} cache hits" in err


def test_the_environment_alone_turns_the_llm_on_and_llm_none_turns_it_off(
    server: OpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["extract", str(SAMPLES), "--format", "jsonl"], capsys)
    assert code == ExitCode.OK
    assert {json.loads(line)["extractor"] for line in out.splitlines()} == {"llm:gpt-4o-mini"}
    calls = server.count
    code, out, err = run(["extract", str(SAMPLES), "--format", "jsonl", "--llm", "none"], capsys)
    assert code == ExitCode.OK
    assert {json.loads(line)["extractor"] for line in out.splitlines()} == {"rules"}
    assert server.count == calls and "llm" not in err


def test_the_config_file_in_the_data_directory_configures_the_llm(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with OpenAIServer(wire_responder(samples(), ideal)) as s:
        home = Path(os.environ["TALLY_HOME"])
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text(
            f'[llm]\nbase_url = "{s.base_url}"\nmodel = "from-config"\nconcurrency = 2\n',
            "utf-8",
        )
        code, out, _ = run(["extract", str(SAMPLES), "--format", "jsonl"], capsys)
        assert code == ExitCode.OK
        assert {json.loads(line)["extractor"] for line in out.splitlines()} == {"llm:from-config"}
        assert s.max_inflight <= 2


def test_a_failing_endpoint_falls_back_says_so_and_exits_5(
    server: OpenAIServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.responder = lambda _request: error_reply(500, "boom")
    home = Path(os.environ["TALLY_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    # The breaker out of reach: this test is about each wire's own fallback and message.
    (home / "config.toml").write_text(
        "[llm]\nmax_retries = 1\nbackoff = 0.001\nbreaker = 100\n", "utf-8"
    )
    code, out, err = run(["extract", str(SAMPLES), "--llm", "openai", "--format", "jsonl"], capsys)
    assert code == ExitCode.LLM
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len([c for r in samples() for c in RulesExtractor().extract(r)])
    assert {r["extractor"] for r in records} == {"rules-fallback:gpt-4o-mini"}
    assert "failed after 2 tries: HTTP 500" in err and "using the rules extractor for s01" in err
    assert f"{len(samples())} wires fell back to rules" in err
    assert "Traceback" not in err


def test_a_refused_key_is_a_clear_error(
    server: OpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.responder = lambda _request: error_reply(401, "Incorrect API key provided")
    code, out, err = run(["extract", str(SAMPLES), "--llm", "openai"], capsys)
    assert code == ExitCode.LLM
    assert out == ""
    assert "HTTP 401: Incorrect API key provided" in err and "Traceback" not in err


def test_llm_without_an_endpoint_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract", str(SAMPLES), "--llm", "openai"], capsys)
    assert code == ExitCode.CONFIG
    assert "needs OPENAI_API_KEY" in err
    code, _, err = run(["extract", str(SAMPLES), "--llm", "local"], capsys)
    assert code == ExitCode.CONFIG and "--model-path" in err


def test_verify_extracts_each_wire_once_with_the_llm(
    server: OpenAIServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    argv = ["verify", str(SAMPLES), "--llm", "openai", "--store", str(store), "--format", "jsonl"]
    code, out, err = run(argv, capsys)
    assert code == ExitCode.OK, err
    n = len(samples())
    assert server.count == n
    assert f"llm gpt-4o-mini: {n} wires, {n} calls" in err
    rules_out = run(
        ["verify", str(SAMPLES), "--store", str(tmp_path / "r"), "--format", "jsonl"], capsys
    )[1]
    assert sorted(json.loads(x)["kind"] for x in out.splitlines()) == sorted(
        json.loads(x)["kind"] for x in rules_out.splitlines()
    )
    # Stored reports are read back, not extracted again.
    code, _, err = run(argv, capsys)
    assert code == ExitCode.OK and server.count == n
    assert "0 calls" in err
