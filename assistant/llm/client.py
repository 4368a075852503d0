"""One structured completion over an OpenAI-compatible endpoint, with retries and backoff."""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import openai
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import Runnable
from pydantic import SecretStr, ValidationError

from assistant.errors import LLMError
from assistant.llm.config import LLMSettings
from assistant.llm.schema import Answer, ClaimList, from_parsed, parse_answer
from assistant.llm.stats import Stats

Sleep = Callable[[float], None]


class EndpointError(LLMError):
    """The endpoint refuses every call (bad key, unknown model or URL): no wire can succeed."""


@dataclass(frozen=True)
class Completion:
    """The model's answer text, as parsed, and what it cost."""

    text: str
    answer: Answer
    tokens_in: int = 0
    tokens_out: int = 0


def chat_model(settings: LLMSettings, base_url: str | None = None) -> Any:
    """A langchain chat model for the settings: OpenAI-compatible or Azure OpenAI."""
    from langchain_openai import AzureChatOpenAI, ChatOpenAI

    common: dict[str, Any] = {
        "timeout": settings.timeout,
        "max_retries": 0,  # retries are ours: counted, capped, and Retry-After honoured
        "max_tokens": settings.max_tokens,
    }
    if settings.temperature is not None:  # reasoning models refuse any but their own
        common["temperature"] = settings.temperature
    if settings.azure_endpoint and base_url is None:
        return AzureChatOpenAI(
            azure_endpoint=settings.azure_endpoint,
            azure_deployment=settings.model,
            api_version=settings.api_version,
            api_key=SecretStr(settings.api_key) if settings.api_key else None,
            **common,
        )
    return ChatOpenAI(
        model=settings.model,
        base_url=base_url or settings.base_url,
        # Local servers (llama.cpp, Ollama, vLLM) accept any key; the client wants one.
        api_key=SecretStr(settings.api_key or "not-needed"),
        use_responses_api=False,  # chat completions is what every compatible server speaks
        **common,
    )


class Client:
    """Structured completions for one endpoint: ClaimList answers, retried on transient faults."""

    def __init__(
        self,
        settings: LLMSettings,
        stats: Stats,
        base_url: str | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.settings = settings
        self.stats = stats
        self.sleep = sleep
        llm = chat_model(settings, base_url)
        self.chain: Runnable[Any, Any] = llm.with_structured_output(
            ClaimList, method="json_schema", include_raw=True
        )

    def complete(self, messages: list[BaseMessage], what: str) -> Completion:
        """One answer, after as many tries as the settings allow; LLMError after the last."""
        tries = self.settings.max_retries + 1
        for attempt in range(tries):
            self.stats.add(calls=1)
            try:
                completion = self._once(messages)
            except (openai.APIStatusError, openai.APIConnectionError) as e:
                if isinstance(e, openai.APIStatusError) and e.status_code in (401, 403, 404):
                    raise EndpointError(f"{what}: {_describe(e)}") from e
                if not _transient(e):
                    raise LLMError(f"{what}: {_describe(e)}") from e
                if attempt + 1 == tries:
                    raise LLMError(
                        f"{what}: the LLM endpoint failed after {tries} tries: {_describe(e)}"
                    ) from e
                wait = self._wait(e, attempt)
                self.stats.waited(wait)
                self.sleep(wait)
                continue
            self.stats.add(tokens_in=completion.tokens_in, tokens_out=completion.tokens_out)
            return completion
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, messages: list[BaseMessage]) -> Completion:
        try:
            out = self.chain.invoke(messages)
        except (
            ValidationError,
            json.JSONDecodeError,
            openai.LengthFinishReasonError,
            openai.ContentFilterFinishReasonError,
        ) as e:
            # The client library rejects the whole answer when it does not parse; read the
            # HTTP response ourselves so one bad claim spoils only itself.
            return _from_failed_parse(e)
        raw: AIMessage = out["raw"]
        text = raw.content if isinstance(raw.content, str) else json.dumps(raw.content)
        usage: dict[str, Any] = dict(raw.usage_metadata or {})
        parsed = out.get("parsed")
        answer = from_parsed(parsed) if isinstance(parsed, ClaimList) else parse_answer(text)
        return Completion(
            text, answer, int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
        )

    def _wait(self, e: Exception, attempt: int) -> float:
        s = self.settings
        hinted = _retry_after(e)
        if hinted is not None:
            return min(hinted, s.max_wait)
        # Exponential backoff with jitter, so concurrent workers do not retry in lockstep.
        return min(s.backoff * (2**attempt) * random.uniform(0.5, 1.0), s.max_wait)


def _from_failed_parse(e: Exception) -> Completion:
    response = getattr(e, "response", None)
    completion = getattr(e, "completion", None)  # LengthFinishReasonError
    text, usage = "", cast(dict[str, Any], {})  # OpenAI usage names
    if response is not None and hasattr(response, "json"):
        try:
            body = response.json()
            text = body["choices"][0]["message"].get("content") or ""
            usage = body.get("usage") or {}
        except (ValueError, KeyError, IndexError, TypeError):
            text = response.text
    elif completion is not None:
        text = completion.choices[0].message.content or ""
        usage = completion.usage.model_dump() if completion.usage else {}
    answer = parse_answer(text)
    if isinstance(e, openai.LengthFinishReasonError) and answer.error is not None:
        answer.error = "cut off at the token limit: answer with fewer, shorter claims"
    return Completion(
        text, answer, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
    )


def _transient(e: Exception) -> bool:
    """Rate limits, server errors, timeouts and dropped connections are worth another try."""
    if isinstance(e, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(e, openai.APIStatusError):
        return e.status_code in (408, 409, 429) or e.status_code >= 500
    return False


def _retry_after(e: Exception) -> float | None:
    """The server's own wait: retry-after-ms, or Retry-After in seconds or as an HTTP date."""
    # The openai client's HTTP library (httpx or its successor): only headers are read.
    headers = getattr(getattr(e, "response", None), "headers", None)
    if headers is None:
        return None
    try:
        if "retry-after-ms" in headers:
            return max(0.0, float(headers["retry-after-ms"]) / 1000)
        if "retry-after" in headers:
            value = headers["retry-after"]
            try:
                return max(0.0, float(value))
            except ValueError:
                when = email.utils.parsedate_to_datetime(value)
                return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None
    return None


def _describe(e: Exception) -> str:
    if isinstance(e, openai.APITimeoutError):
        return "timed out"
    if isinstance(e, openai.APIStatusError):
        body = e.body if isinstance(e.body, dict) else {}
        return f"HTTP {e.status_code}: {body.get('message') or e.message}"
    if isinstance(e, openai.APIConnectionError):
        return f"cannot connect ({e.__cause__ or e})"
    return str(e)
