"""The layout holds: the core never imports the terminal UI nor the app on top of it, the
package stays a few folders, and no module grows past a size a reader takes in at once."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ASSISTANT = Path(__file__).resolve().parents[1] / "assistant"
# The packages below the app (assistant/app: CLI, TUI, batch, watch), plus the store.
CORE_PACKAGES = ("core", "text", "numbers", "lang", "extract", "check", "llm", "io")
STORE = ASSISTANT.parent / "store"
MAX_LINES = 600
# Modules allowed past MAX_LINES because they are pure data (tables, word lists): none yet.
PURE_DATA: frozenset[str] = frozenset()

CORE = [
    "assistant.core.models",
    "assistant.io.readers",
    "assistant.extract.rules",
    "assistant.numbers.parse",
    "assistant.numbers.render",
    "assistant.extract.periods",
    "assistant.extract.scoring",
    "assistant.text.normalize",
    "assistant.text.segment",
    "assistant.text.language",
    "assistant.text.boilerplate",
    "assistant.numbers",
    "assistant.numbers.calendar",
    "assistant.extract.attribution",
    "assistant.extract.gazetteer",
    "assistant.check.checks",
    "assistant.check.quantity",
    "assistant.check.retrieval",
    "assistant.app.pipeline",
    "assistant.io.output",
    "assistant.app.cli",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_core_never_imports_the_app() -> None:
    files = [p for pkg in CORE_PACKAGES for p in sorted((ASSISTANT / pkg).rglob("*.py"))]
    files += sorted(STORE.rglob("*.py"))
    assert len(files) > 50, "the core packages were not found"
    bad = {
        str(p.relative_to(ASSISTANT.parent)): sorted(
            m for m in _imports(p) if m == "assistant.app" or m.startswith("assistant.app.")
        )
        for p in files
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_package_is_a_few_folders() -> None:
    entries = [p.name for p in ASSISTANT.iterdir() if not p.name.startswith((".", "__pycache__"))]
    assert "__init__.py" in entries and "app" in entries
    assert len(entries) <= 10, sorted(entries)


def test_no_module_is_longer_than_a_reader_takes_in() -> None:
    sizes = {
        str(p.relative_to(ASSISTANT.parent)): len(p.read_text("utf-8").splitlines())
        for p in [*ASSISTANT.rglob("*.py"), *STORE.glob("*.py")]
    }
    assert len(sizes) > 100 and "store/chroma.py" in sizes
    too_long = {k: n for k, n in sizes.items() if n > MAX_LINES and k not in PURE_DATA}
    assert too_long == {}
