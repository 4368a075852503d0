"""One structured completion over an OpenAI-compatible endpoint, with retries and backoff.

Time is bounded three ways: each HTTP call has a timeout (connecting has a shorter one),
each wire a number of tries, and the batch a circuit breaker: after `breaker` consecutive
failed calls, from any wire, no call is started again and every wire left goes to the rules.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import openai
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import Runnable
from pydantic import SecretStr, ValidationError

from assistant.core.errors import LLMError
from assistant.llm.config import LLMSettings
from assistant.llm.safety import register_secret, safe_line, without_secrets
from assistant.llm.schema import Answer, ClaimList, parse_answer
from assistant.llm.stats import Stats

Sleep = Callable[[float], object]


class EndpointError(LLMError):
    """The endpoint refuses every call (bad key, unknown model or URL): no wire can succeed."""


class BreakerOpen(LLMError):
    """The circuit breaker is open: this wire was not sent (or not retried)."""


class Cancelled(LLMError):
    """The batch was interrupted: no new call is started."""


class BadResponse(Exception):
    """HTTP 200 whose body is no chat completion (a proxy's page, a cut-off body)."""


class Breaker:
    """Consecutive failed calls across every worker; once open it stays open for its batch."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.failures = 0
        self.last: str | None = None  # what the call that opened it said
        self._open = False
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        """True once `limit` calls failed in a row."""
        with self._lock:
            return self._open

    def success(self) -> None:
        """A call went through: the run of failures ends."""
        with self._lock:
            self.failures = 0

    def failure(self, why: str) -> bool:
        """Count a failed call; True when this one opened the breaker."""
        with self._lock:
            self.failures += 1
            self.last = why
            if self._open or self.failures < self.limit:
                return False
            self._open = True
            return True


@dataclass
class Batch:
    """What the calls of one batch share: a breaker, and a stop signal for ^C or a bad key."""

    breaker: Breaker
    stop: threading.Event = field(default_factory=threading.Event)
    # Set with stop, or when the breaker opens: ends every retry wait at once (a wait may be
    # a server's Retry-After of a minute).
    wake: threading.Event = field(default_factory=threading.Event)
    said: bool = False  # the breaker's opening was reported

    def halt(self) -> None:
        """Start nothing more: ^C, or a refused key elsewhere in the batch."""
        self.stop.set()
        self.wake.set()


@dataclass(frozen=True)
class Completion:
    """The model's answer text, as parsed, and what it cost."""

    text: str
    answer: Answer
    tokens_in: int = 0
    tokens_out: int = 0
    refusal: str | None = None  # the model declined; its reason, made safe to show


def response_format() -> dict[str, Any]:
    """The answer's JSON schema as OpenAI's strict `response_format`, built as the openai
    client builds it from a pydantic class; vLLM and llama.cpp read it as a grammar.

    Sent as a dict, so the client library does not validate the answer whole: parse_answer
    reads it claim by claim, and one bad claim spoils only itself.
    """
    from openai.lib._pydantic import to_strict_json_schema

    return {
        "type": "json_schema",
        "json_schema": {
            "name": ClaimList.__name__,
            "schema": to_strict_json_schema(ClaimList),
            "strict": True,
        },
    }


def chat_model(settings: LLMSettings, base_url: str | None = None) -> Any:
    """A langchain chat model for the settings: OpenAI-compatible or Azure OpenAI."""
    from langchain_openai import AzureChatOpenAI, ChatOpenAI

    seconds = settings.call_timeout
    common: dict[str, Any] = {
        # A refused or unroutable host fails fast; a slow model still gets the full timeout.
        "timeout": openai.Timeout(seconds, connect=min(settings.connect_timeout, seconds)),
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
        sleep: Sleep | None = None,
    ) -> None:
        self.settings = settings
        self.stats = stats
        self.sleep = sleep  # None: wait on the batch's stop signal, so ^C ends a wait
        register_secret(settings.api_key)  # masked in every message, whatever its shape
        # The model bound to the answer's JSON schema, called directly: langchain's
        # with_structured_output(include_raw=True) runs a RunnableParallel, whose pool
        # threads are joined at exit, so a hung call would hold the process after ^C.
        self.llm: Runnable[Any, Any] = chat_model(settings, base_url).bind(
            response_format=response_format()
        )

    def complete(
        self, messages: list[BaseMessage], what: str, batch: Batch | None = None
    ) -> Completion:
        """One answer, after as many tries as the settings allow; LLMError after the last."""
        batch = batch or Batch(Breaker(self.settings.breaker))
        tries = self.settings.max_retries + 1
        for attempt in range(tries):
            _may_call(batch, what)
            self.stats.add(calls=1)
            try:
                completion = self._once(messages)
            except (openai.APIStatusError, openai.APIConnectionError, BadResponse) as e:
                if isinstance(e, openai.APIStatusError) and e.status_code in (401, 403, 404):
                    raise EndpointError(f"{what}: {_describe(e)}") from e
                if not _transient(e):
                    # The wire's own fault (a 400: too long, refused content): the endpoint
                    # works, so the run of failures is not the endpoint's.
                    raise LLMError(f"{what}: {_describe(e)}") from e
                if batch.breaker.failure(_describe(e)):
                    batch.wake.set()
                    raise BreakerOpen(f"{what}: {_describe(e)}") from e
                if attempt + 1 == tries:
                    raise LLMError(
                        f"{what}: the LLM endpoint failed after {tries} tries: {_describe(e)}"
                    ) from e
                wait = self._wait(e, attempt)
                self.stats.waited(wait)
                if self.sleep is not None:
                    self.sleep(wait)
                else:
                    batch.wake.wait(wait)
                continue
            batch.breaker.success()
            self.stats.add(tokens_in=completion.tokens_in, tokens_out=completion.tokens_out)
            return completion
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, messages: list[BaseMessage]) -> Completion:
        try:
            raw = self.llm.invoke(messages)
        except (
            ValidationError,
            json.JSONDecodeError,
            openai.LengthFinishReasonError,
            openai.ContentFilterFinishReasonError,
        ) as e:
            # The client library rejects the whole answer when it does not parse; read the
            # HTTP response ourselves so one bad claim spoils only itself.
            return _from_failed_parse(e)
        except (AttributeError, TypeError, KeyError) as e:
            # The client library reading a body that is no chat completion (text/plain,
            # HTML from a proxy): a failed call, retried, never an answer to cache.
            raise BadResponse(f"the endpoint's answer is not a chat completion ({e})") from e
        if not isinstance(raw, AIMessage):
            raise BadResponse(f"the endpoint's answer is not a chat message ({type(raw)})")
        usage: dict[str, Any] = dict(raw.usage_metadata or {})
        refusal = raw.additional_kwargs.get("refusal")
        if refusal:
            answer = Answer(error=f"a refusal: {safe_line(refusal, 200)}", refused=True)
            return Completion(
                "",
                answer,
                int(usage.get("input_tokens", 0)),
                int(usage.get("output_tokens", 0)),
                refusal=safe_line(refusal, 200),
            )
        text = raw.content if isinstance(raw.content, str) else json.dumps(raw.content)
        # The configured key masked in what the model said, before anything reads it: a
        # claim's words reach stdout and the store, the text the cache; all stay alike.
        text = without_secrets(text)
        return Completion(
            text,
            parse_answer(text),
            int(usage.get("input_tokens", 0)),
            int(usage.get("output_tokens", 0)),
        )

    def _wait(self, e: Exception, attempt: int) -> float:
        s = self.settings
        hinted = _retry_after(e)
        if hinted is not None:
            return min(hinted, s.max_wait)
        # Exponential backoff with jitter, so concurrent workers do not retry in lockstep.
        return min(s.backoff * (2**attempt) * random.uniform(0.5, 1.0), s.max_wait)


def _may_call(batch: Batch, what: str) -> None:
    # Checked before every try, retries included: a wire waiting out a Retry-After learns
    # here that the batch was stopped or the endpoint given up on.
    if batch.stop.is_set():
        raise Cancelled(f"{what}: interrupted")
    if batch.breaker.open:
        raise BreakerOpen(f"{what}: the LLM endpoint is given up on for this batch")


def _from_failed_parse(e: Exception) -> Completion:
    response = getattr(e, "response", None)
    completion = getattr(e, "completion", None)  # LengthFinishReasonError
    text, usage = "", cast(dict[str, Any], {})  # OpenAI usage names
    if response is not None and hasattr(response, "json"):
        try:
            body = response.json()
            text = body["choices"][0]["message"].get("content") or ""
            usage = body.get("usage") or {}
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as err:
            # The HTTP body itself is broken: the call failed, the model said nothing.
            raise BadResponse(f"the endpoint's answer is not a chat completion ({err})") from e
    elif completion is not None:
        text = completion.choices[0].message.content or ""
        usage = completion.usage.model_dump() if completion.usage else {}
    text = without_secrets(text)
    answer = parse_answer(text)
    if isinstance(e, openai.LengthFinishReasonError) and answer.error is not None:
        answer.error = "cut off at the token limit: answer with fewer, shorter claims"
    return Completion(
        text, answer, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
    )


def _transient(e: Exception) -> bool:
    """Rate limits, server errors, timeouts, dropped connections, broken bodies: try again."""
    if isinstance(e, openai.APIConnectionError | BadResponse):  # incl. APITimeoutError
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
    """One safe line: the server's words are foreign text (controls, echoed keys)."""
    if isinstance(e, openai.APITimeoutError):
        return "timed out"
    if isinstance(e, openai.APIStatusError):
        body = e.body if isinstance(e.body, dict) else {}
        return f"HTTP {e.status_code}: {safe_line(body.get('message') or e.message)}"
    if isinstance(e, openai.APIConnectionError):
        # The client says "Connection error." for a refused port and a body cut off alike;
        # the innermost cause tells them apart.
        root: BaseException = e
        for _ in range(10):  # bounded: a chain could loop
            nxt = root.__cause__ or root.__context__
            if nxt is None:
                break
            root = nxt
        return f"connection failed ({safe_line(root)})"
    return safe_line(e)
