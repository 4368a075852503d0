"""The LLM extractor: one call per wire (plus one reask), grounded, merged with the rules."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from langchain_core.messages import AIMessage

from assistant.errors import LLMError
from assistant.extract.rules import RulesExtractor
from assistant.llm.cache import AnswerCache, cache_key
from assistant.llm.client import Client, EndpointError, Sleep
from assistant.llm.config import LLMSettings
from assistant.llm.grounding import Wire, failure_lines, ground
from assistant.llm.local import LocalServer
from assistant.llm.merge import merge, pick
from assistant.llm.prompts import extract_messages, prompt_version, reask_message
from assistant.llm.schema import Answer, parse_answer
from assistant.llm.stats import Stats
from assistant.models import Claim, Report

Warn = Callable[[str], None]


def _stderr(message: str) -> None:
    print(f"tally: {message}", file=sys.stderr, flush=True)


def _memo_key(report: Report) -> tuple[str, str, str]:
    # The publish time dates the periods, so it is part of what a result depends on.
    return report.id, report.content_hash, str(report.published)


class LLMExtractor:
    """Claims from any OpenAI-compatible model, every number checked against the wire."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        warn: Warn = _stderr,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.settings = settings
        self.label = settings.label
        self.name = f"llm:{self.label}"
        self.stats = Stats()
        self.warn = warn
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
            workers = min(self.settings.concurrency, len(todo))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tally-llm") as pool:
                futures = {pool.submit(self._one, reports[i]): i for i in todo}
                try:
                    for future in futures:
                        results[futures[future]] = future.result()
                except BaseException:
                    # A refused key or ^C: start no more calls; running ones end on their own.
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
        out: list[list[Claim]] = []
        for report, claims in zip(reports, results, strict=True):
            assert claims is not None
            self._memo[_memo_key(report)] = claims
            out.append(claims)
        return out

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
    def _one(self, report: Report) -> list[Claim]:
        wire = Wire(report)
        key = cache_key(report, self.label, prompt_version())
        entry = self.cache.get(key) if self.cache else None
        texts = entry.get("answers") if entry else None
        if isinstance(texts, list) and texts and all(isinstance(t, str) for t in texts):
            self.stats.add(cache_hits=1)
            answers = [parse_answer(t) for t in texts]
            complete = False  # already stored
        else:
            try:
                answers, texts, complete = self._ask(report, wire)
            except EndpointError:
                raise
            except LLMError as e:
                return self._fallback(report, e)
        picking = pick(wire, answers)
        # Answers are cached even when unusable: the same model and prompt would give them
        # again. Calls that failed (HTTP, timeouts) are not: a re-run may go through.
        if complete and self.cache is not None:
            self.cache.put(key, {"answers": texts, "model": self.label, "wire": report.id})
        if picking is None:
            why = answers[-1].error
            return self._fallback(
                report, LLMError(f"{report.id}: the model gave no usable answer ({why})")
            )
        claims, added = merge(wire, picking.picked, self.label)
        self.stats.add(
            wires=1,
            ungrounded=picking.ungrounded,
            dropped=picking.dropped,
            added_from_rules=added,
        )
        return claims

    def _ask(self, report: Report, wire: Wire) -> tuple[list[Answer], list[str], bool]:
        """The model's answers (a first one, and a reask if it needs one)."""
        client = self._get_client()
        messages = extract_messages(report)
        first = client.complete(messages, report.id)
        if first.answer.error is not None:
            self.stats.add(malformed=1)
            failures = [f"- the answer as a whole is {first.answer.error}"]
        else:
            failures = failure_lines(ground(wire, first.answer))
        if not failures:
            return [first.answer], [first.text], True
        self.stats.add(reasks=1)
        follow = [*messages, AIMessage(first.text), *reask_message(report, failures)]
        try:
            second = client.complete(follow, f"{report.id} (reask)")
        except EndpointError:
            raise
        except LLMError as e:
            if first.answer.error is not None:
                raise
            self.warn(f"{e}; keeping the claims of {report.id} that passed the check")
            return [first.answer], [first.text], False  # not cached: a re-run may do better
        if second.answer.error is not None:
            self.stats.add(malformed=1)
        return [first.answer, second.answer], [first.text, second.text], True

    def _fallback(self, report: Report, error: LLMError) -> list[Claim]:
        self.stats.add(wires=1, fallbacks=1)
        self.warn(f"{error}; using the rules extractor for {report.id}")
        tag = f"rules-fallback:{self.label}"
        return [c.model_copy(update={"extractor": tag}) for c in RulesExtractor().extract(report)]

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
