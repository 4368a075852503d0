"""What the input arguments stand for: files, folders searched recursively, and globs."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from assistant.core.errors import InputError

STDIN = "-"
# Files a desk's tools leave while still writing: never read half a wire.
_PARTIAL_SUFFIXES = frozenset({".part", ".tmp", ".partial", ".crdownload", ".swp"})


def wire_suffixes() -> frozenset[str]:
    """Extensions a folder is searched for."""
    from assistant.io.readers import WIRE_SUFFIXES

    return WIRE_SUFFIXES


def is_wire_file(path: Path) -> bool:
    """Whether a file found in a folder is a wire to read (not hidden, not half-written)."""
    name = path.name
    if name.startswith(".") or name.endswith("~"):
        return False
    suffix = path.suffix.lower()
    return suffix in wire_suffixes() and suffix not in _PARTIAL_SUFFIXES


def walk_folder(folder: Path) -> list[Path]:
    """Wire files under a folder, recursively, sorted; hidden files and folders skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root, f) for f in sorted(files) if is_wire_file(Path(root, f))]
    return found


def _has_magic(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | InputError]:
    """Each input as the files it stands for, or an error naming what matched nothing."""
    for item in paths:
        path = os.fspath(item)
        if path == STDIN or os.path.isfile(path):
            yield path
        elif os.path.isdir(path):
            files = walk_folder(Path(path))
            if not files:
                kinds = " ".join(sorted(wire_suffixes()))
                yield InputError(path, f"no wire files in this folder ({kinds})")
            yield from (str(f) for f in files)
        elif _has_magic(path) and not os.path.lexists(path):
            matches = sorted(m for m in glob.glob(path, recursive=True) if os.path.isfile(m))
            if not matches:
                yield InputError(path, "no file matches this pattern")
            yield from matches
        else:
            # Missing, unreadable, a device: the reader names the problem.
            yield path
