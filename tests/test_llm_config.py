"""LLM settings: flags over environment over config.toml over defaults; clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.errors import ConfigError, ExitCode, LLMError
from assistant.llm.config import config_path, data_dir, resolve_settings


@pytest.fixture(autouse=True)
def _no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own LLM variables must not leak into these tests."""
    for name in ("TALLY_LLM", "TALLY_MODEL", "TALLY_MODEL_PATH", "AZURE_OPENAI_ENDPOINT",
                 "AZURE_OPENAI_API_KEY", "OPENAI_API_VERSION"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def home() -> Path:
    path = Path(os.environ["TALLY_HOME"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_nothing_configured_means_the_offline_rules() -> None:
    assert resolve_settings().provider == "none"


def test_the_data_directory_is_tally_home_or_the_user_data_folder(home: Path) -> None:
    assert data_dir() == home
    assert config_path() == home / "config.toml"
    assert data_dir({}).name == "tally"
    assert resolve_settings().resolved_cache_dir() == home / "llm-cache"


def test_an_endpoint_in_the_environment_turns_the_llm_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    s = resolve_settings()
    assert (s.provider, s.base_url, s.model, s.label) == (
        "openai",
        "http://127.0.0.1:9/v1",
        "gpt-4o-mini",
        "gpt-4o-mini",
    )
    monkeypatch.setenv("TALLY_MODEL", "qwen2.5:7b")
    assert resolve_settings().label == "qwen2.5:7b"
    assert resolve_settings({"provider": "none"}).provider == "none"


def test_flags_beat_the_environment_which_beats_the_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "config.toml").write_text(
        '[llm]\nprovider = "openai"\nmodel = "from-file"\nbase_url = "http://127.0.0.1:1/v1"\n'
        "concurrency = 7\ntimeout = 9.5\nmax_retries = 5\n",
        "utf-8",
    )
    s = resolve_settings()
    assert (s.model, s.concurrency, s.timeout, s.max_retries) == ("from-file", 7, 9.5, 5)
    monkeypatch.setenv("TALLY_MODEL", "from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:2/v1")
    s = resolve_settings()
    assert (s.model, s.base_url, s.concurrency) == ("from-env", "http://127.0.0.1:2/v1", 7)
    assert resolve_settings({"model": "from-flag", "provider": None}).model == "from-flag"


def test_a_model_path_means_local(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gguf = home / "tiny-model.Q4.gguf"
    gguf.write_bytes(b"GGUF")
    s = resolve_settings({"model_path": str(gguf)})
    assert (s.provider, s.label) == ("local", "tiny-model.Q4")
    assert resolve_settings({"model_path": str(gguf), "model": "named"}).label == "named"
    monkeypatch.setenv("TALLY_MODEL_PATH", str(gguf))
    assert resolve_settings().provider == "local"


def test_misconfiguration_is_a_config_error_with_its_own_exit_code(home: Path) -> None:
    with pytest.raises(ConfigError, match="needs OPENAI_API_KEY"):
        resolve_settings({"provider": "openai"})
    with pytest.raises(ConfigError, match="needs --model-path"):
        resolve_settings({"provider": "local"})
    with pytest.raises(ConfigError, match="no such file"):
        resolve_settings({"provider": "local", "model_path": str(home / "missing.gguf")})
    (home / "config.toml").write_text("[llm]\nconcurency = 3\n", "utf-8")
    with pytest.raises(ConfigError, match="concurency: Extra inputs are not permitted"):
        resolve_settings()
    (home / "config.toml").write_text("[llm\n", "utf-8")
    with pytest.raises(ConfigError, match="cannot read the config file"):
        resolve_settings()
    # Not the LLM-failure code: a desk's script retries on 5, and must not on a typo.
    assert ConfigError.exit_code == ExitCode.CONFIG == 6
    assert not issubclass(ConfigError, LLMError) and LLMError.exit_code != ExitCode.CONFIG


def test_azure_needs_an_api_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://example.openai.azure.com")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "sk-secret-123")
    with pytest.raises(ConfigError, match="OPENAI_API_VERSION"):
        resolve_settings()
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    s = resolve_settings()
    assert (s.provider, s.api_key, s.api_version) == ("openai", "sk-secret-123", "2024-10-21")
    assert "sk-secret" not in repr(s)  # keys stay out of logs and tracebacks


def test_the_offline_path_loads_no_llm_client_and_nothing_loads_textual() -> None:
    code = (
        "import sys\n"
        "import assistant.app.cli, assistant.llm, assistant.llm.config\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'openai', 'langchain_openai',"
        " 'langchain_core', 'textual'}))\n"
        "import assistant.llm.extractor\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "False"]
