"""LLM settings: command-line flags, then the environment, then config.toml, then defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.core.errors import ConfigError
from assistant.core.settings import config_path, data_dir, read_table

__all__ = ["LLMSettings", "config_path", "data_dir", "read_config", "resolve_settings"]

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"

Provider = Literal["none", "openai", "local"]

# Environment variable -> setting. OPENAI_* are the names every OpenAI-compatible tool reads.
ENV_KEYS: dict[str, str] = {
    "TALLY_LLM": "provider",
    "TALLY_MODEL": "model",
    "TALLY_MODEL_PATH": "model_path",
    "OPENAI_API_KEY": "api_key",
    "OPENAI_BASE_URL": "base_url",
    "AZURE_OPENAI_ENDPOINT": "azure_endpoint",
    "OPENAI_API_VERSION": "api_version",
}
# Settings whose presence alone means "an endpoint is configured": the LLM then serves.
_ENDPOINT_KEYS = ("api_key", "base_url", "azure_endpoint")


class LLMSettings(BaseModel):
    """Everything the LLM extractor needs to reach a model, and how hard to try."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Provider = "none"
    model: str = DEFAULT_OPENAI_MODEL
    base_url: str | None = None
    api_key: str | None = Field(None, repr=False)
    azure_endpoint: str | None = None
    api_version: str | None = None
    model_path: Path | None = Field(None, description="A GGUF file for provider 'local'.")
    concurrency: int = Field(4, ge=1, le=64, description="Wires in flight at once.")
    timeout: float | None = Field(
        None,
        gt=0,
        description="Seconds for one HTTP call. Default: 60 for an endpoint, 300 for a local "
        "model (a CPU answers slowly, and its calls queue for the server's slots).",
    )
    connect_timeout: float = Field(
        10.0, gt=0, description="Seconds to open a connection (a refused or dead host)."
    )
    max_retries: int = Field(3, ge=0, description="Retries after the first try.")
    breaker: int = Field(
        4,
        ge=1,
        description="Consecutive failed calls (any wire) after which the rest of the batch "
        "goes straight to the rules extractor.",
    )
    progress: float = Field(
        5.0, ge=0, description="Seconds between progress lines on stderr (0: none)."
    )
    backoff: float = Field(1.0, ge=0, description="First wait before a retry, doubled after.")
    max_wait: float = Field(60.0, ge=0, description="Longest single wait, Retry-After too.")
    max_tokens: int = Field(4096, ge=16, description="Completion tokens per call.")
    temperature: float | None = Field(0.0, description="None: the model's default (o-series).")
    cache: bool = True
    cache_dir: Path | None = Field(None, description="Default: <data dir>/llm-cache.")
    local_threads: int | None = Field(None, ge=1, description="llama.cpp threads (local).")
    local_ctx: int = Field(8192, ge=512, description="Context per parallel slot (local).")

    @property
    def label(self) -> str:
        """The model name claims carry in their `extractor` field."""
        if self.provider == "local" and self.model_path is not None and not self._model_named:
            return self.model_path.stem
        return self.model

    @property
    def call_timeout(self) -> float:
        """Seconds one HTTP call may take before it counts as failed."""
        if self.timeout is not None:
            return self.timeout
        return 300.0 if self.provider == "local" else 60.0

    @property
    def _model_named(self) -> bool:
        return "model" in self.model_fields_set

    def resolved_cache_dir(self) -> Path:
        """Where answers are cached."""
        return self.cache_dir if self.cache_dir is not None else data_dir() / "llm-cache"


def read_config(path: Path) -> dict[str, Any]:
    """The [llm] table of a config file, {} when there is none."""
    return read_table("llm", path)


def resolve_settings(
    flags: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> LLMSettings:
    """Settings from flags (None = not given), the environment, config.toml and defaults."""
    env = os.environ if env is None else env
    path = config_path(env)
    merged: dict[str, Any] = dict(read_config(path))
    merged.update({key: env[name] for name, key in ENV_KEYS.items() if env.get(name, "").strip()})
    if "api_key" not in merged and env.get("AZURE_OPENAI_API_KEY", "").strip():
        merged["api_key"] = env["AZURE_OPENAI_API_KEY"]
    merged.update({k: v for k, v in (flags or {}).items() if v is not None})
    if "provider" not in merged:
        merged["provider"] = _infer_provider(merged)
    try:
        settings = LLMSettings.model_validate(merged)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise ConfigError(f"LLM settings ({path} and environment): {problems}") from e
    _check(settings)
    return settings


def _infer_provider(merged: Mapping[str, Any]) -> Provider:
    # Nothing configured: the rules extractor serves, offline.
    if merged.get("model_path"):
        return "local"
    if any(merged.get(k) for k in _ENDPOINT_KEYS):
        return "openai"
    return "none"


def _check(s: LLMSettings) -> None:
    if s.provider == "openai" and not (s.api_key or s.base_url or s.azure_endpoint):
        raise ConfigError(
            "--llm openai needs OPENAI_API_KEY, or OPENAI_BASE_URL for a compatible server "
            f"(vLLM, Ollama, llama.cpp), or an [llm] table in {config_path()}"
        )
    if s.azure_endpoint and not s.api_version:
        raise ConfigError("Azure OpenAI needs OPENAI_API_VERSION (or api_version in config.toml)")
    if s.provider == "local":
        if s.model_path is None:
            raise ConfigError("--llm local needs --model-path FILE.gguf (or TALLY_MODEL_PATH)")
        if not s.model_path.is_file():
            raise ConfigError(f"--model-path: no such file: {s.model_path}")
