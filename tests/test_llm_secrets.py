"""API keys never leave the process: not on stderr, stdout, in the cache or the store.

Distinctive fake keys are set, servers echo them back in errors and answers (as real ones
do: "Incorrect API key provided: Bearer sk-..."), and everything Tally wrote is searched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer, Reply, answer_from_claims, claims_reply, error_reply

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.llm.safety import one_line, redact, safe_line

KEY = "sk-tallyleak-Q7W3E9R1T5Y0U2I8O4P6zz"
AZURE_KEY = "f00dfeedc0ffee00deadbeef12345678"
BODY = "At least 4,900 people fled Baghouz on Monday, among them 1,200 children."
WIRE = Report(id="k1", language="en", body=BODY)


def written(*roots: Path) -> Iterator[tuple[Path, bytes]]:
    for root in roots:
        for path in root.rglob("*"):
            # config.toml is the user's own file, written by the test, never by Tally.
            if path.is_file() and path.name != "config.toml":
                yield path, path.read_bytes()


def assert_no_key(text: str, *roots: Path) -> None:
    for key in (KEY, AZURE_KEY, KEY[3:], KEY[-12:]):
        assert key not in text
        for path, data in written(*roots):
            assert key.encode() not in data, path


@pytest.fixture
def wires(tmp_path: Path) -> Path:
    path = tmp_path / "wires.jsonl"
    path.write_text(json.dumps({"id": "k1", "language": "en", "body": BODY}) + "\n", "utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out + err


def test_an_echoed_key_is_masked_and_no_key_is_written_anywhere(
    wires: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = Path(os.environ["TALLY_HOME"])
    store = tmp_path / "store"
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    seen: list[str] = []

    # 1. The key refused, and echoed in the refusal with the header's own words.
    with OpenAIServer(
        lambda _r: error_reply(401, f"Incorrect API key provided: Bearer {KEY}. See docs.")
    ) as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        code, text = run(["extract", str(wires), "--llm", "openai"], capsys)
        assert s.headers[0]["authorization"] == f"Bearer {KEY}"  # it was sent, and echoed
    assert code == ExitCode.LLM
    assert "Incorrect API key provided: Bearer ***" in text
    seen.append(text)

    # 2. Server errors that echo the key in a JSON field, with escapes and new lines.
    echo = f'upstream said {{"api_key": "{KEY}"}}\n\x1b[2J\x1b]52;c;ZXZpbA==\x07again {KEY}'
    with OpenAIServer(lambda _r: error_reply(500, echo)) as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text("[llm]\nmax_retries = 1\nbackoff = 0.01\n", "utf-8")
        code, text = run(["extract", str(wires), "--llm", "openai"], capsys)
    assert code == ExitCode.LLM
    (line,) = [x for x in text.splitlines() if "HTTP 500" in x]
    assert "\x1b" not in text and "\x07" not in text and "again ***" in line
    seen.append(text)

    # 3. A model that writes the key into its answer; the answer is cached and stored.
    def leaky(_request: dict[str, Any]) -> Reply:
        claims = answer_from_claims(RulesExtractor().extract(WIRE))
        claims[0]["counts"] = f"people who fled (token {KEY})"
        return claims_reply(claims)

    with OpenAIServer(leaky) as s:
        monkeypatch.setenv("OPENAI_BASE_URL", s.base_url)
        argv = ["verify", str(wires), "--llm", "openai", "--store", str(store)]
        code, text = run([*argv, "--format", "jsonl"], capsys)
        assert code == ExitCode.OK, text
        seen.append(text)
        code, text = run(["extract", str(wires), "--llm", "openai", "--format", "json"], capsys)
        seen.append(text)
    assert list((home / "llm-cache").rglob("*.json")), "the answer was cached"

    # 4. Azure: its key travels in an api-key header; a 403 echoes it.
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", AZURE_KEY)
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    with OpenAIServer(lambda _r: error_reply(403, f"api-key {AZURE_KEY} is not allowed")) as s:
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", s.base_url.removesuffix("/v1"))
        azure = ["extract", str(wires), "--llm", "openai", "--model", "my-deployment"]
        code, text = run(azure, capsys)
        assert s.headers and s.headers[0]["api-key"] == AZURE_KEY, text
    assert code == ExitCode.LLM and "HTTP 403" in text
    seen.append(text)

    assert_no_key("\n".join(seen), home, store)


def test_a_config_file_with_a_key_and_a_typo_is_a_config_error_without_the_key(
    wires: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = Path(os.environ["TALLY_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f'[llm]\napi_key = "{KEY}"\nconcurrency = "lots"\napi_kye = "{KEY}"\n', "utf-8"
    )
    code, text = run(["extract", str(wires)], capsys)
    assert code == ExitCode.CONFIG
    assert "concurrency" in text and "api_kye" in text
    assert_no_key(text, home)


def test_key_like_strings_are_masked_whatever_wrote_them() -> None:
    assert redact("Bearer abc.def-ghi") == "Bearer ***"
    assert redact(f"key {KEY}!") == "key ***!"
    assert redact(f"Azure key {AZURE_KEY}") == "Azure key ***"
    assert redact('"x-api-key": "opaque-value"') == '"x-api-key": "***"'
    assert redact("password=hunter2") == "password=***"
    # Words, numbers, URLs and ids stay readable.
    for plain in (
        "HTTP 500: overloaded, try again in 20 s",
        "http://127.0.0.1:8080/openai/deployments/my-deployment/chat/completions",
        "w00 (reask): timed out",
        "a task-force of 300",
    ):
        assert redact(plain) == plain


def test_foreign_text_becomes_one_safe_line() -> None:
    hostile = "boom\r\n\x1b[31mred\x1b[0m \x1b]0;title\x07\x9b2J A\u202eevil\u2066 \x00end"
    line = one_line(hostile)
    assert line == "boom red A evil end"
    assert len(safe_line("x" * 5000)) == 300
    assert safe_line(f"Bearer {KEY[:20]}\x1b[0m{KEY[20:]}") == "Bearer ***"
