"""Model answers on disk, keyed by wire content, model and prompt: a re-run makes no call."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from assistant.core.models import Report
from assistant.llm.schema import SCHEMA_VERSION


def cache_key(report: Report, model: str, prompt: str) -> str:
    """A hash of what decides the answer: the wire's text, its language, model, prompt."""
    parts = {
        "wire": report.content_hash,
        # The language is rendered into the prompt, so it decides the answer too.
        "language": report.language,
        "model": model,
        "prompt": prompt,
        "schema": SCHEMA_VERSION,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


class AnswerCache:
    """One JSON file per key under a folder; writes are atomic, unreadable files are misses."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry, or None."""
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store an entry; a cache that cannot be written costs calls, never a result."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f, ensure_ascii=False)
            os.replace(tmp, path)  # readers see the old file or the new one, never half
        except OSError:
            Path(tmp).unlink(missing_ok=True)
