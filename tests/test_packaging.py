"""Every package the application imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN = {"assistant", "store"}


def _imported(paths: list[Path]) -> set[str]:
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names - OWN - set(sys.stdlib_module_names) - {"__future__"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    specs = [*project["dependencies"], *project["optional-dependencies"]["local"]]
    return {re.split(r"[<>=!~\[; ]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def test_every_imported_package_is_a_declared_dependency() -> None:
    code = [p for folder in OWN for p in (ROOT / folder).rglob("*.py")]
    dists = packages_distributions()
    missing = {
        name: dists.get(name, [name])
        for name in _imported(code)
        if not {d.lower().replace("_", "-") for d in dists.get(name, [name])} & _declared()
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
