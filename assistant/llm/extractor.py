"""The LLM extractor: one call per wire (plus one reask), grounded, merged with the rules.

A batch runs on daemon threads, so an interrupted run exits at once: no worker blocked in
an HTTP read holds the process (a ThreadPoolExecutor's workers are joined at exit). The
main thread waits in short slices, prints progress, and on ^C or a refused key tells the
workers to start nothing more.
"""

from __future__ import annotations

import gc
import queue
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import AIMessage

from assistant.core.errors import LLMError
from assistant.core.models import Claim, Report
from assistant.llm.cache import AnswerCache, cache_key
from assistant.llm.client import (
    Batch,
    Breaker,
    BreakerOpen,
    Cancelled,
    Client,
    EndpointError,
    Sleep,
)
from assistant.llm.config import LLMSettings
from assistant.llm.grounding import Wire, failure_lines, ground
from assistant.llm.local import LocalServer
from assistant.llm.merge import merge, pick
from assistant.llm.prompts import extract_messages, prompt_version, reask_message
from assistant.llm.safety import safe_line
from assistant.llm.schema import Answer, parse_answer
from assistant.llm.stats import Stats

Warn = Callable[[str], None]

_POLL = 0.2  # seconds the main thread waits at a time: ^C is seen within this


def _stderr(message: str) -> None:
    print(f"tally: {message}", file=sys.stderr, flush=True)


def _memo_key(report: Report) -> tuple[str, str, str]:
    # The publish time dates the periods, so it is part of what a result depends on.
    return report.id, report.content_hash, str(report.published)


class _Asked:
    """What the endpoint said for one wire: the answers used, and how it went."""

    def __init__(self, answers: list[Answer], texts: list[str], **notes: Any) -> None:
        self.answers = answers
        self.texts = texts
        self.notes = notes  # refused, reask_failed: kept in the cache entry


class LLMExtractor:
    """Claims from any OpenAI-compatible model, every number checked against the wire."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        warn: Warn = _stderr,
        sleep: Sleep | None = None,
    ) -> None:
        self.settings = settings
        self.label = settings.label
        self.name = f"llm:{self.label}"
        self.stats = Stats()
        # Every line goes out as one line, controls stripped, secrets masked: the lines
        # carry server text and wire ids, both foreign.
        self.warn: Warn = lambda message: warn(safe_line(message, 600))
        self.cache = AnswerCache(settings.resolved_cache_dir()) if settings.cache else None
        self._sleep = sleep
        self._lock = threading.Lock()
        self._client: Client | None = None
        self._server: LocalServer | None = None
        # Results of this run by report, so verify() can read back what a batch extracted.
        self._memo: dict[tuple[str, str, str], list[Claim]] = {}

    # --- the Extractor interface --------------------------------------------------------
    def extract(self, report: Report) -> list[Claim]:
        """Claims of one report, in order of appearance, ids '<report>-c<n>'."""
        return self.extract_many([report])[0]

    def extract_many(self, reports: Sequence[Report]) -> list[list[Claim]]:
        """Claims of each report, in input order; calls run `concurrency` at a time."""
        results: list[list[Claim] | None] = [self._memo.get(_memo_key(r)) for r in reports]
        todo = [i for i, r in enumerate(results) if r is None]
        if todo:
            self._run(reports, todo, results)
        out: list[list[Claim]] = []
        for report, claims in zip(reports, results, strict=True):
            assert claims is not None
            self._memo[_memo_key(report)] = claims
            out.append(claims)
        return out

    def _run(
        self, reports: Sequence[Report], todo: list[int], results: list[list[Claim] | None]
    ) -> None:
        batch = self._new_batch()
        jobs: queue.SimpleQueue[int] = queue.SimpleQueue()
        for i in todo:
            jobs.put(i)
        done: queue.SimpleQueue[tuple[int, list[Claim] | BaseException]] = queue.SimpleQueue()

        def work() -> None:
            while not batch.stop.is_set():
                try:
                    i = jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    done.put((i, self._one(reports[i], batch)))
                except BaseException as e:  # handed to the main thread, raised there
                    done.put((i, e))

        workers = min(self.settings.concurrency, len(todo))
        for n in range(workers):
            threading.Thread(target=work, name=f"tally-llm-{n}", daemon=True).start()
        progress = _Progress(self, len(todo))
        try:
            left = len(todo)
            while left:
                try:
                    i, result = done.get(timeout=_POLL)
                except queue.Empty:
                    progress.tick()
                    continue
                left -= 1
                if isinstance(result, BaseException):
                    raise result
                results[i] = result
                progress.tick(finished=1)
        except BaseException as e:
            # ^C, a refused key: no new wire, no new try. Calls in flight end with their
            # timeout on daemon threads that never hold the process.
            batch.halt()
            if isinstance(e, KeyboardInterrupt):
                # ^C ends the process. Without this the interpreter's last collections
                # walk the whole heap (langchain, pydantic, the language packs) at exit:
                # over a second on a busy machine after the user asked to stop.
                gc.freeze()
            raise

    @property
    def local_server(self) -> LocalServer | None:
        """The local model server, while one runs."""
        return self._server

    def close(self) -> None:
        """Stop the local model server, if one was started."""
        with self._lock:
            server, self._server = self._server, None
            self._client = None
        if server is not None:
            server.stop()

    # --- one wire -----------------------------------------------------------------------
    def _one(self, report: Report, batch: Batch) -> list[Claim]:
        wire = Wire(report)
        key = cache_key(report, self.label, prompt_version())
        asked = self._cached(key)
        if asked is not None:
            self.stats.add(cache_hits=1)
        elif batch.breaker.open:
            return self._fallback(wire, None)  # said once, when the breaker opened
        else:
            try:
                asked = self._ask(report, wire, batch)
            except (EndpointError, Cancelled):
                raise
            except BreakerOpen:
                self._gave_up(batch)
                return self._fallback(wire, None)
            except LLMError as e:
                return self._fallback(wire, e)
            # Every answer used is cached, unusable ones and a first answer whose reask
            # failed included: a re-run, even with the endpoint down, gives the same claims.
            # Calls that failed are not: nothing was said, and a re-run may go through.
            self._store(key, report, asked)
        picking = pick(wire, asked.answers)
        if picking is None:
            why = asked.answers[-1].error
            return self._fallback(
                wire, LLMError(f"{report.id}: the model gave no usable answer ({why})")
            )
        claims, added = merge(wire, picking.picked, self.label)
        self.stats.add(
            wires=1,
            ungrounded=picking.ungrounded,
            dropped=picking.dropped,
            added_from_rules=added,
        )
        return claims

    def _cached(self, key: str) -> _Asked | None:
        entry = self.cache.get(key) if self.cache else None
        texts = entry.get("answers") if entry else None
        if not (isinstance(texts, list) and texts and all(isinstance(t, str) for t in texts)):
            return None
        assert entry is not None
        refused = entry.get("refused")
        if isinstance(refused, str):
            return _Asked([Answer(error=f"a refusal: {refused}", refused=True)], texts)
        return _Asked([parse_answer(t) for t in texts], texts)

    def _store(self, key: str, report: Report, asked: _Asked) -> None:
        if self.cache is None:
            return
        entry: dict[str, Any] = {
            "answers": asked.texts,  # the configured key already masked by the client
            "model": self.label,
            "wire": report.id,
            **asked.notes,
        }
        self.cache.put(key, entry)

    def _ask(self, report: Report, wire: Wire, batch: Batch) -> _Asked:
        """The model's answers (a first one, and a reask if it needs one)."""
        client = self._get_client()
        messages = extract_messages(report)
        first = client.complete(messages, report.id, batch)
        if first.refusal is not None:
            # Asking again with "your answer failed" would only buy a second refusal.
            return _Asked([first.answer], [first.text], refused=first.refusal)
        if first.answer.error is not None:
            self.stats.add(malformed=1)
            failures = [f"- the answer as a whole is {first.answer.error}"]
        else:
            failures = failure_lines(ground(wire, first.answer))
        if not failures:
            return _Asked([first.answer], [first.text])
        self.stats.add(reasks=1)
        follow = [*messages, AIMessage(first.text), *reask_message(report, failures)]
        try:
            second = client.complete(follow, f"{report.id} (reask)", batch)
        except (EndpointError, Cancelled):
            raise
        except LLMError as e:
            if first.answer.error is not None:
                if isinstance(e, BreakerOpen):
                    raise
                raise LLMError(f"{e} (and the first answer was {first.answer.error})") from e
            if isinstance(e, BreakerOpen):
                self._gave_up(batch)
            else:
                self.warn(f"{e}; keeping the claims of {report.id} that passed the check")
            return _Asked([first.answer], [first.text], reask_failed=True)
        if second.answer.error is not None:
            self.stats.add(malformed=1)
        return _Asked([first.answer, second.answer], [first.text, second.text])

    def _gave_up(self, batch: Batch) -> None:
        """Say once per batch that the endpoint is given up on."""
        with self._lock:
            if batch.said:
                return
            batch.said = True
        self.warn(
            f"the LLM endpoint failed {batch.breaker.limit} calls in a row (last: "
            f"{batch.breaker.last}); the rest of this batch goes to the rules extractor"
        )

    def _fallback(self, wire: Wire, error: LLMError | None) -> list[Claim]:
        self.stats.add(wires=1, fallbacks=1)
        if error is not None:
            self.warn(f"{error}; using the rules extractor for {wire.report.id}")
        tag = f"rules-fallback:{self.label}"
        return [c.model_copy(update={"extractor": tag}) for c in wire.rules]

    def _new_batch(self) -> Batch:
        # The breaker lives in the batch: a later batch tries the endpoint again.
        return Batch(Breaker(self.settings.breaker))

    def _get_client(self) -> Client:
        # Built on first need, so a run served wholly from the cache starts no local server.
        with self._lock:
            if self._client is None:
                base_url = None
                if self.settings.provider == "local":
                    server = LocalServer(self.settings)
                    base_url = server.start()
                    self._server = server
                self._client = Client(self.settings, self.stats, base_url, self._sleep)
            return self._client


class _Progress:
    """A line on stderr every `settings.progress` seconds while a batch runs."""

    def __init__(self, extractor: LLMExtractor, total: int) -> None:
        self.extractor = extractor
        self.total = total
        self.finished = 0
        self.every = extractor.settings.progress
        self.started = time.monotonic()
        self.last = self.started
        self.fallbacks = extractor.stats.fallbacks

    def tick(self, finished: int = 0) -> None:
        """Count finished wires; print when the interval has passed and work remains."""
        self.finished += finished
        now = time.monotonic()
        if not self.every or now - self.last < self.every or self.finished >= self.total:
            return
        self.last = now
        fell = self.extractor.stats.fallbacks - self.fallbacks
        self.extractor.warn(
            f"llm {self.extractor.label}: {self.finished}/{self.total} wires done"
            + (f" ({fell} fell back to rules)" if fell else "")
            + f", {now - self.started:.0f} s"
        )
