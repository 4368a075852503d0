"""Exports of stored reports, claims, flags and reviews: one module per format, by registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from assistant.io.export.model import Export

Writer = Callable[[Export, TextIO, "ExportOptions"], None]


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
# Format modules: each registers itself on import; a new format is one new module here.
_MODULES = ("md", "html", "csvfile", "jsonfile", "claimreview")


def exporter(name: str, suffix: str, description: str) -> Callable[[Writer], Writer]:
    """Register a writer under a format name."""

    def register(write: Writer) -> Writer:
        _REGISTRY[name] = Exporter(name, suffix, write, description)
        return write

    return register


def exporters() -> dict[str, Exporter]:
    """Every format, by name."""
    for module in _MODULES:
        importlib.import_module(f"assistant.io.export.{module}")
    return dict(_REGISTRY)
