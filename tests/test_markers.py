"""Plain `pytest` (README, .ci/run) runs every test; `-m "not slow"` is the fast pass."""

from __future__ import annotations

import shlex
import tomllib
from pathlib import Path

from conftest import SLOW_MODULES, SLOW_TESTS

ROOT = Path(__file__).resolve().parent.parent


def test_plain_pytest_deselects_nothing() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]
    addopts = shlex.split(options["ini_options"]["addopts"])
    assert "-m" not in addopts and not any(a.startswith("-m") for a in addopts)
    assert any(m.startswith("slow:") for m in options["ini_options"]["markers"])


def test_ci_runs_the_plain_suite() -> None:
    runs = [line for line in (ROOT / ".ci/run").read_text("utf-8").splitlines() if "pytest" in line]
    commands = [c.strip() for line in runs if not line.lstrip().startswith("#")
                for c in line.split("&&") if "pytest" in c]  # fmt: skip
    assert commands == [".venv/bin/python -m pytest"]


def test_every_slow_module_and_test_exists() -> None:
    for name in SLOW_MODULES:
        assert (ROOT / "tests" / name).is_file(), name
    for test_id in SLOW_TESTS:
        module, test = test_id.split("::")
        test = test.split("[")[0]  # a case of a parametrized test
        assert f"def {test}(" in (ROOT / "tests" / module).read_text("utf-8"), test_id
