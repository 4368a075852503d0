"""Versioned prompt templates from prompts/, loaded by one function and rendered to messages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.core.errors import LLMError
from assistant.core.models import Report

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
EXTRACT = "extract_claims.v2"  # v1 is kept: a cache or a test may still name it
REASK = "reask.v1"

_SECTION = re.compile(r"^<!-- (system|user) -->$", re.MULTILINE)


@dataclass(frozen=True)
class Prompt:
    """One template file: its sections by role, and a digest of its text."""

    name: str
    sections: tuple[tuple[str, Template], ...]
    digest: str

    def render(self, **values: str) -> list[BaseMessage]:
        """The messages of this template with every $name filled in."""
        out: list[BaseMessage] = []
        for role, template in self.sections:
            text = template.substitute(values)
            out.append(SystemMessage(text) if role == "system" else HumanMessage(text))
        return out


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    """Read `<name>.md`: sections start at a `<!-- system -->` or `<!-- user -->` line."""
    path = directory / f"{name}.md"
    try:
        text = path.read_text("utf-8")
    except OSError as e:
        raise LLMError(f"cannot read the prompt template {path}: {e}") from e
    marks = list(_SECTION.finditer(text))
    if not marks:
        raise LLMError(f"{path}: no <!-- system --> or <!-- user --> section")
    sections = []
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        body = text[m.end() : nxt.start() if nxt else len(text)].strip("\n")
        sections.append((m.group(1), Template(body)))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Prompt(name, tuple(sections), digest)


def prompt_version() -> str:
    """What the cache keys on: template names and the digests of their text."""
    a, b = load_prompt(EXTRACT), load_prompt(REASK)
    return f"{a.name}@{a.digest}+{b.name}@{b.digest}"


def nonce(report: Report) -> str:
    """The wire's delimiter tag: from its own hash, so its text cannot forge the end mark."""
    return report.content_hash[:16]


def extract_messages(report: Report) -> list[BaseMessage]:
    """System rules, then the wire as delimited data."""
    language = (report.language or "und").split("-")[0].lower()
    return load_prompt(EXTRACT).render(nonce=nonce(report), language=language, body=report.body)


def reask_message(report: Report, failures: list[str]) -> list[BaseMessage]:
    """The follow-up turn that lists each failure of the previous answer."""
    return load_prompt(REASK).render(nonce=nonce(report), failures="\n".join(failures))
