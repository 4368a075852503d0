"""Reviews from the command line or the UI: who the reviewer is, and one checked decision."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant.core.errors import ConfigError, UsageError
from assistant.core.models import DECISIONS, Decision, Review, target_kind_of
from assistant.core.settings import config_path, load_config

if TYPE_CHECKING:
    from store.chroma import ClaimStore


def reviewer_name(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Who decides: --reviewer, else `[review] name` in config.toml, else $USER, else the login."""
    if explicit is not None and explicit.strip():
        return explicit.strip()
    env = os.environ if env is None else env
    try:
        table = load_config(config_path(env)).get("review", {})
    except ConfigError as e:
        raise UsageError(str(e)) from e
    name = table.get("name") if isinstance(table, dict) else None
    if isinstance(name, str) and name.strip():
        return name.strip()
    for var in ("USER", "LOGNAME", "USERNAME"):
        if env.get(var, "").strip():
            return env[var].strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        # No login name at all (a container with an unnamed uid): still record something.
        return "unknown"


def make_review(
    target: str,
    decision: Decision | str,
    *,
    note: str = "",
    reviewer: str | None = None,
    at: datetime | None = None,
) -> Review:
    """A validated review of a flag or a claim; a mismatched decision is a UsageError."""
    kind = target_kind_of(target)
    try:
        return Review(
            target=target,
            target_kind=kind,
            decision=Decision(decision),
            note=note,
            reviewer=reviewer_name(reviewer),
            at=at or datetime.now(UTC),
        )
    except (ValidationError, ValueError) as e:
        reason = e.errors()[0]["msg"] if isinstance(e, ValidationError) else str(e)
        allowed = "/".join(f"--{d.value}" for d in DECISIONS[kind])
        raise UsageError(f"{target}: {reason.removeprefix('Value error, ')} ({allowed})") from e


def record_review(store: ClaimStore, review: Review) -> None:
    """Store a decision on a flag or claim that the store holds."""
    from store.lock import writing

    with writing(store.location):
        _record(store, review)


def _record(store: ClaimStore, review: Review) -> None:
    exists = (
        store.get_flag(review.target) is not None
        if review.target_kind == "flag"
        else store.get_claim(review.target) is not None
    )
    if not exists:
        where = "tally flags" if review.target_kind == "flag" else "tally reports, tally search"
        raise UsageError(f"no stored {review.target_kind} {review.target!r} (see {where})")
    store.add_review(review)
