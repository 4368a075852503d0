"""A damaged store is reported (exit 4), never read as empty or replaced; a read-only one reads."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode, StoreError
from store import open_store
from store.local import DATABASE, check_folder
from store.lock import LOCK_FILE

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "assistant" / "app" / "samples" / "wires.jsonl"
TALLY = [sys.executable, "-m", "assistant.app.cli"]
WIRE = {"language": "en", "published": "2021-05-03T08:00:00Z", "body": "At least 12 died."}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample wires, made once; tests work on copies."""
    where = tmp_path_factory.mktemp("filled") / "store"
    assert main(["verify", str(SAMPLES), "--store", str(where), "--format", "jsonl"]) == 0
    return where


def _copy(filled: Path, tmp_path: Path) -> Path:
    where = tmp_path / "store"
    shutil.copytree(filled, where)
    return where


def _listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*"))}


def _zero(db: Path) -> None:
    db.write_bytes(b"")


def _half(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2)


def _garbage(db: Path) -> None:
    with db.open("r+b") as f:
        f.write(bytes(range(256)) * 16)


def _missing(db: Path) -> None:
    db.unlink()


def _foreign(db: Path) -> None:
    db.unlink()
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE notes (text TEXT)")


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "zero": (_zero, f"{DATABASE} is empty (truncated to zero bytes)"),
    "half": (_half, f"{DATABASE}: database disk image is malformed"),
    "garbage": (_garbage, f"{DATABASE} is not an SQLite database"),
    "missing": (_missing, f"{DATABASE} is missing beside "),
    "foreign": (_foreign, f"{DATABASE} has no table collections, embedding_metadata"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_store_exits_4_and_is_never_replaced(
    kind: str, filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = _copy(filled, tmp_path)
    damage, what = DAMAGE[kind]
    damage(where / DATABASE)
    before = _listing(where)
    wire = tmp_path / "wire.json"
    wire.write_text(json.dumps({**WIRE, "id": "d1"}))
    for argv in (["flags"], ["reports"], ["verify", str(wire)], ["review", "f-1", "--dismissed"]):
        code = main([*argv, "--store", str(where)])
        out, err = capsys.readouterr()
        assert code == ExitCode.STORE, (argv, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, (argv, err)
        assert lines[0].startswith(f"tally: store at {where} is damaged: {what}"), argv
        assert lines[0].endswith(
            "; restore the folder from a backup, or move it away to start a new store"
        )
        assert out == "" and "Traceback" not in err
    assert _listing(where) == before  # nothing created beside or over the old files


def test_a_folder_holding_only_the_lock_file_is_a_new_store(tmp_path: Path) -> None:
    (tmp_path / LOCK_FILE).write_text("pid 1 (tally verify, since then)\n")
    assert not check_folder(tmp_path)
    assert open_store(str(tmp_path)).counts() == {"reports": 0, "claims": 0, "flags": 0}
    assert check_folder(tmp_path)


@pytest.mark.parametrize("begun", [False, True], ids=["no-table", "migrations-begun"])
def test_a_store_killed_while_being_created_is_created_afresh(tmp_path: Path, begun: bool) -> None:
    # kill -9 in chromadb's first open leaves its database with no collection table yet.
    with sqlite3.connect(tmp_path / DATABASE) as db:
        if begun:
            db.execute("CREATE TABLE migrations (dir TEXT, version INTEGER)")
        else:
            db.execute("PRAGMA user_version = 1")  # a valid, table-less database file
    assert not check_folder(tmp_path)  # new, not damaged: nothing can be in it
    store = open_store(str(tmp_path))
    assert store.counts() == {"reports": 0, "claims": 0, "flags": 0}
    assert check_folder(tmp_path)


def test_a_foreign_database_alone_is_still_damage(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / DATABASE) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StoreError, match="has no table collections"):
        check_folder(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [DATABASE]


def test_a_sound_store_passes_the_check_unchanged(filled: Path, tmp_path: Path) -> None:
    where = _copy(filled, tmp_path)
    before = (where / DATABASE).read_bytes()
    assert check_folder(where)
    assert (where / DATABASE).read_bytes() == before
    with pytest.raises(StoreError, match="is damaged"):
        _half(where / DATABASE)
        check_folder(where)


# Root reads and writes any file: without these capabilities it obeys file modes like anyone.
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3
_PR_CAPBSET_DROP = 24


def _as_plain_user() -> None:
    """Run in the child before exec: drop root's power to ignore file modes."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


@pytest.mark.slow
def test_a_read_only_store_serves_reads_and_refuses_writes(filled: Path, tmp_path: Path) -> None:
    where = _copy(filled, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TALLY_HOME": str(tmp_path / "home")}

    def tally(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*TALLY, *argv, "--store", str(where)],
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=_as_plain_user,
        )

    writable = {cmd: tally(cmd, "--format", "jsonl").stdout for cmd in ("flags", "reports")}
    assert writable["flags"].strip() and writable["reports"].strip()
    _read_only(where)
    before = _listing(where)
    try:
        for cmd in ("flags", "reports"):
            done = tally(cmd, "--format", "jsonl")
            assert done.returncode == 0, done.stderr
            assert done.stdout == writable[cmd]
        wire = tmp_path / "wire.json"
        wire.write_text(json.dumps({**WIRE, "id": "ro1"}))
        done = tally("verify", str(wire))
        assert done.returncode == ExitCode.STORE
        assert done.stderr.strip().splitlines()[-1] == (
            f"tally: cannot write to store at {where}: permission denied "
            "(reading commands still work on a read-only store)"
        )
        assert _listing(where) == before
    finally:
        for path in [where, *where.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_writer_killed_mid_write_leaves_a_store_sqlite_recovers(
    filled: Path, tmp_path: Path
) -> None:
    # kill -9 inside a write leaves a hot rollback journal; a read-only look cannot roll it
    # back, and that is crash recovery to let happen, not damage to refuse.
    where = _copy(filled, tmp_path)
    code = (
        "import os, signal, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA journal_mode=DELETE')\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute('CREATE TABLE half_written (x)')\n"
        "for _ in range(300):\n"
        "    db.execute('INSERT INTO half_written VALUES (zeroblob(10000))')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(where / DATABASE)], check=False)
    assert (where / f"{DATABASE}-journal").exists()
    assert check_folder(where)
    assert not (where / f"{DATABASE}-journal").exists()  # rolled back
    store = open_store(str(where))
    assert store.counts()["reports"] == open_store(str(filled)).counts()["reports"]


def _pages(db: Path) -> None:
    """Damage inside the database: the schema is sound, every page of its second half has
    a torn middle (what a disk or a copy gone wrong leaves), so it opens and then fails."""
    size = db.stat().st_size
    with db.open("r+b") as f:
        for page in range(size // 2 // 4096 * 4096, size, 4096):
            f.seek(page + 1024)
            f.write(bytes((page // 4096 * 7 + i) % 256 for i in range(1024)))


def test_damage_inside_the_database_is_named_not_chromadbs_words(
    filled: Path, tmp_path: Path
) -> None:
    where = _copy(filled, tmp_path)
    _pages(where / DATABASE)
    for argv in (["flags"], ["search", "floods"], ["reports"]):
        done = subprocess.run(
            [*TALLY, *argv, "--store", str(where)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == ExitCode.STORE, (argv, done.stderr)
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith(f"tally: store at {where} is damaged: SQLite "), last
        assert "Traceback" not in done.stderr and "stack backtrace" not in done.stderr
        assert done.stdout == ""
