"""Shared fixtures: the development corpus and an isolated data directory."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from assistant.models import Report
from assistant.readers import read_inputs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("TALLY_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data directory and no LLM configuration."""
    monkeypatch.setenv("TALLY_HOME", str(tmp_path / "tally-home"))
    monkeypatch.delenv("TALLY_STORE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def _corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the development corpus is missing: {path}")
        pytest.skip(f"no development corpus at {CORPUS}")
    return path


@pytest.fixture(scope="session")
def corpus_reports() -> list[Report]:
    """The corpus wires as Reports."""
    items = list(read_inputs([str(_corpus_file("wires.jsonl"))]))
    reports = [r for r in items if isinstance(r, Report)]
    assert len(reports) == len(items)
    return reports


def _jsonl(name: str) -> list[dict[str, Any]]:
    text = _corpus_file(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_claims() -> list[dict[str, Any]]:
    """The annotated claims."""
    return _jsonl("claims.jsonl")


@pytest.fixture(scope="session")
def gold_flags() -> list[dict[str, Any]]:
    """The inconsistencies a checker must raise."""
    return _jsonl("flags.jsonl")


@pytest.fixture(scope="session")
def gold_negatives() -> list[dict[str, Any]]:
    """Look-alike pairs a checker must not flag."""
    return _jsonl("negatives.jsonl")


@pytest.fixture(scope="session")
def seed_wire() -> Path:
    """The original Arabic wire the product was specified from."""
    return _corpus_file("seed-wire.txt")
