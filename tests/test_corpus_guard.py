"""Under CI a missing development corpus fails the corpus tests; on a desk it skips them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# One test per way a test reaches the corpus: the marker, and a conftest fixture.
TESTS = [
    "tests/test_language.py::test_corpus_bodies_match_their_language",
    "tests/test_readers.py::test_seed_wire_reads_as_text",
    "tests/test_seed_wire.py",
]


def _run(tmp_path: Path, ci: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["TALLY_CORPUS"] = str(tmp_path / "no-corpus-here")
    if ci:
        env["CI"] = "true"
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA", *TESTS]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return out.stdout


@pytest.mark.slow  # two pytest runs in subprocesses
@pytest.mark.parametrize("ci", [True, False])
def test_a_missing_corpus_fails_under_ci_and_skips_otherwise(tmp_path: Path, ci: bool) -> None:
    out = _run(tmp_path, ci)
    outcomes = [
        line.split()[0]
        for line in out.splitlines()
        if line.startswith(("PASSED", "FAILED", "SKIPPED", "ERROR"))
    ]
    if ci:
        # Failed in setup (ERROR) or in the test (FAILED): either fails the run, none skips.
        assert len(outcomes) == 4 and set(outcomes) <= {"FAILED", "ERROR"}, out
        assert "the development corpus is missing" in out
    else:
        assert set(outcomes) == {"SKIPPED"}, out
