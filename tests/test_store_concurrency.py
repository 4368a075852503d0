"""One local store, many processes: writers started at once, new stores opened at once, and
writers killed with SIGKILL mid-batch, every time ending as one uninterrupted run would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "soak"))

from soak_kill import slices, snapshot, soak, tally_env, verify_args, write_wires  # noqa: E402

pytestmark = pytest.mark.slow  # every test here runs several `tally` processes


def test_writers_started_at_once_on_overlapping_inputs_store_everything_once(
    tmp_path: Path,
) -> None:
    files = write_wires(tmp_path / "inbox", 30, seed=3)
    reference = tmp_path / "reference"
    subprocess.run(verify_args(files, reference), env=tally_env(), capture_output=True, check=True)
    expected = snapshot(reference)
    assert expected["flags"], "no flags to lose or duplicate: a weaker test"
    where = tmp_path / "store"
    procs = [
        subprocess.Popen(
            verify_args(part, where), env=tally_env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True,
        )
        for part in slices(files, 3)
    ]  # fmt: skip
    for proc in procs:
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert snapshot(where) == expected


def test_processes_opening_one_new_store_at_once_make_one_store(tmp_path: Path) -> None:
    files = write_wires(tmp_path / "inbox", 3, seed=5)
    where = tmp_path / "new" / "store"
    commands = [
        verify_args(files, where),
        verify_args(files[:1], where),
        [sys.executable, "-m", "assistant.app.cli", "reports", "--store", str(where)],
    ]
    procs = [
        subprocess.Popen(c, env=tally_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for c in commands
    ]
    for proc in procs:
        _, err = proc.communicate()
        assert proc.returncode == 0, err.decode()
    assert len(snapshot(where)["reports"]) == 3


def test_writers_killed_at_seeded_moments_leave_the_store_of_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    lines: list[str] = []
    result = soak(tmp_path, wires=30, kills=3, writers=2, seed=8, say=lines.append)
    assert result.failures == [], lines
    assert result.survived == result.rounds >= 3
    assert result.passes >= 1 and result.equal == result.passes
