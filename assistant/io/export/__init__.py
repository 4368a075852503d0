"""Exports of stored reports, claims, flags and reviews: one module per format, by registry."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from assistant.io.export.model import Export

Writer = Callable[["Export", TextIO, "ExportOptions"], None]


@dataclass(frozen=True)
class ExportOptions:
    """What a format may need beyond the data: where the fact-checks are published."""

    base_url: str = ""
    organisation: str = "Tally"


@dataclass(frozen=True)
class Exporter:
    """One output format."""

    name: str
    suffix: str
    write: Writer
    description: str


_REGISTRY: dict[str, Exporter] = {}
# Modules of this package that hold no format.
_NOT_FORMATS = frozenset({"model"})


def exporter(name: str, suffix: str, description: str) -> Callable[[Writer], Writer]:
    """Register a writer under a format name."""

    def register(write: Writer) -> Writer:
        _REGISTRY[name] = Exporter(name, suffix, write, description)
        return write

    return register


def exporters() -> dict[str, Exporter]:
    """Every format, by name: each module of this package registers its own on import, so a
    new format is one new module here, and `tally export` offers it."""
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _NOT_FORMATS and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(_REGISTRY.items()))
