"""Language packs: one folder per language holding its words as JSON, validated on load.

Packs ship in this folder (`assistant/lang/<code>/`); `TALLY_LANG_PATH` (os.pathsep
separated) names more folders, each a pack or a folder of packs, so a desk can add or
override a language without touching code. A language without a pack, or a pack
without some file or table, reads with the default language's (English), as spaCy's
languages fall back to shared defaults.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from pydantic import ValidationError

from assistant.core.errors import TallyError
from assistant.lang.schema import (
    FILES,
    Attribution,
    Boilerplate,
    Calendar,
    Instructions,
    Lexicon,
    Numbers,
    PackInfo,
    Periods,
    Places,
    Script,
)

SHIPPED = Path(__file__).resolve().parent
ENV = "TALLY_LANG_PATH"
DEFAULT = "en"


class LangPackError(TallyError):
    """A language pack that cannot be loaded: names the file and the key."""

    def __init__(self, path: Path, key: str | None, message: str) -> None:
        self.path, self.key = path, key
        where = f"{path}: key {key!r}" if key else str(path)
        super().__init__(f"bad language pack: {where}: {message}")


@dataclass(frozen=True)
class Pack:
    """One language's pack: its pack.json and whichever other files it has."""

    info: PackInfo
    folder: Path
    lexicon: Lexicon | None = None
    numbers: Numbers | None = None
    calendar: Calendar | None = None
    periods: Periods | None = None
    attribution: Attribution | None = None
    boilerplate: Boilerplate | None = None
    places: Places | None = None
    instructions: Instructions | None = None

    @property
    def code(self) -> str:
        """The language code."""
        return self.info.code

    def files(self) -> list[str]:
        """Names of the files present, pack.json first."""
        return [name for name in FILES if name == "pack.json" or self._file(name) is not None]

    def _file(self, name: str) -> Any:
        return self.info if name == "pack.json" else getattr(self, name.removesuffix(".json"))


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise LangPackError(path, None, str(e)) from e
    except json.JSONDecodeError as e:
        raise LangPackError(path, None, f"not JSON: {e.msg} (line {e.lineno})") from e


def _validate(path: Path, model: type[Any]) -> Any:
    data = _read(path)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or None
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise LangPackError(path, key, err["msg"] + more) from e


def load_pack(folder: Path) -> Pack:
    """Read and validate every file of one pack folder."""
    unknown = sorted(p.name for p in folder.glob("*.json") if p.name not in FILES)
    if unknown:
        raise LangPackError(folder / unknown[0], None, f"unknown pack file (known: {list(FILES)})")
    info: PackInfo = _validate(folder / "pack.json", PackInfo)
    if info.code != folder.name:
        raise LangPackError(
            folder / "pack.json", "code", f"is {info.code!r}, folder {folder.name!r}"
        )
    files = {
        name.removesuffix(".json"): _validate(folder / name, model)
        for name, model in FILES.items()
        if name != "pack.json" and (folder / name).is_file()
    }
    return Pack(info, folder, **files)


def _pack_folders(root: Path) -> Iterator[Path]:
    if (root / "pack.json").is_file():
        yield root
        return
    if root.is_dir():
        yield from sorted(p.parent for p in root.glob("*/pack.json"))


def search_path() -> list[Path]:
    """Where packs are looked for: the shipped folder, then TALLY_LANG_PATH's folders."""
    extra = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]
    return [SHIPPED, *extra]


_loaded: dict[str, Any] = {"key": None, "packs": {}}
_caches: list[Callable[[], None]] = []


def packs() -> dict[str, Pack]:
    """Every pack found, by code; a later folder's pack replaces an earlier one's."""
    key = os.environ.get(ENV, "")
    if _loaded["key"] != key:
        found: dict[str, Pack] = {}
        for root in search_path():
            for folder in _pack_folders(root):
                p = load_pack(folder)
                found[p.code] = p
        if DEFAULT not in found:
            raise LangPackError(SHIPPED / DEFAULT, None, "the default language has no pack")
        _loaded["packs"], _loaded["key"] = found, key
        for clear in _caches:
            clear()
    packs_: dict[str, Pack] = _loaded["packs"]
    return packs_


def pack(language: str) -> Pack:
    """The pack of a language (primary subtag), or the default language's."""
    found = packs()
    return found.get(language) or found[DEFAULT]


def default() -> Pack:
    """The default language's pack: the shared defaults."""
    return packs()[DEFAULT]


@functools.cache
def scripts() -> dict[str, Script]:
    """scripts.json: per script, whether it is cased, and its spelling fold."""
    path = SHIPPED / "scripts.json"
    data = _read(path)
    if not isinstance(data, dict):
        raise LangPackError(path, None, "not an object of scripts")
    out = {}
    for name, entry in data.items():
        try:
            out[name] = Script.model_validate(entry)
        except ValidationError as e:
            err = e.errors()[0]
            key = ".".join(str(p) for p in (name, *err["loc"]))
            raise LangPackError(path, key, err["msg"]) from e
    return out


def marks() -> str:
    """Every script's dropped marks, as the inside of a regex character class."""
    return "".join(m for s in scripts().values() for m in s.marks)


def mark_chars() -> frozenset[str]:
    """Every script's dropped marks, one char each."""
    out: set[str] = set()
    for s in scripts().values():
        for m in s.marks:
            a, _, b = m.partition("-")
            out |= {chr(c) for c in range(ord(a), ord(b or a) + 1)}
    return frozenset(out)


def folds(*, strict: bool = False) -> dict[str, str]:
    """Every script's letter fold, one map: the one spelling fold Tally uses everywhere.

    strict leaves out the loose part (hamza seats), for reading number words.
    """
    return {
        k: v
        for s in scripts().values()
        for k, v in (s.fold if strict else {**s.fold, **s.loose_fold}).items()
    }


def fold(text: str) -> str:
    """Fold letter variants (not marks) of every script: for words written into patterns."""
    return text.translate(_fold_table())


@functools.cache
def _fold_table() -> dict[int, str]:
    return str.maketrans(folds())


P = ParamSpec("P")
R = TypeVar("R")


def lang_cache(fn: Callable[P, R]) -> Callable[P, R]:
    """functools.cache for what is built from packs, emptied when the packs change."""
    cached = functools.cache(fn)
    _caches.append(cached.cache_clear)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _loaded["key"] != os.environ.get(ENV, ""):
            packs()
        return cached(*args, **kwargs)  # type: ignore[arg-type]  # keys are hashable

    return wrapper


__all__ = [
    "DEFAULT",
    "ENV",
    "SHIPPED",
    "Attribution",
    "Boilerplate",
    "Calendar",
    "LangPackError",
    "Lexicon",
    "Numbers",
    "Pack",
    "PackInfo",
    "Periods",
    "Places",
    "Script",
    "default",
    "fold",
    "folds",
    "lang_cache",
    "load_pack",
    "mark_chars",
    "marks",
    "pack",
    "packs",
    "scripts",
    "search_path",
]
