"""Sub-commands beyond the core ones, one module per command group, registered by cli.py."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Protocol

Handler = Callable[[argparse.Namespace], int]


class CommandGroup(Protocol):
    """A module that adds its sub-commands to the parser and names their handlers."""

    def register(self, sub: argparse._SubParsersAction) -> dict[str, Handler]: ...  # type: ignore[type-arg]


def groups() -> list[CommandGroup]:
    """Every command group, in the order their commands appear in `tally --help`."""
    from assistant.app.commands import export, review, ui, watch

    return [review, watch, export, ui]
