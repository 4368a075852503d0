"""One exception root and the map from failures to exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; every failure maps to one of these."""

    OK = 0
    FLAGGED = 1  # --fail-on: this batch raised or touched a flag of the named kinds
    INPUT = 2  # one or more inputs could not be read; the others were processed
    USAGE = 3
    STORE = 4
    LLM = 5
    CONFIG = 6  # a setting that cannot work: nothing was tried
    INTERRUPTED = 130


class TallyError(Exception):
    """Root of every error Tally raises on purpose."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(TallyError):
    """The command was asked for something that does not exist or cannot be done."""

    exit_code = ExitCode.USAGE


class InputError(TallyError):
    """An input that cannot be read: names the file (and line) and what is wrong."""

    exit_code = ExitCode.INPUT

    def __init__(self, origin: str, message: str, line: int | None = None) -> None:
        self.origin = origin
        self.line = line
        self.message = message
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {message}")


class StoreError(TallyError):
    """The store cannot be opened, read or written."""

    exit_code = ExitCode.STORE


class StoreDamagedError(StoreError):
    """The store's folder is damaged, and the message says how and what to do."""


class LLMError(TallyError):
    """The LLM endpoint failed after every retry, or refused the key, model or URL."""

    exit_code = ExitCode.LLM


class ConfigError(TallyError):
    """A configuration that cannot work (flags, environment, config.toml): fix it, run again."""

    exit_code = ExitCode.CONFIG
