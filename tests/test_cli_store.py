"""The store commands through the CLI: reports, flags, related, search, bad stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode

SAMPLES = Path(__file__).resolve().parent.parent / "assistant" / "app" / "samples"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> str:
    where = str(tmp_path_factory.mktemp("cli") / "store")
    assert main(["verify", str(SAMPLES / "wires.jsonl"), "--store", where, "--format", "json"]) == 0
    return where


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_reports_lists_what_was_verified(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["reports", "--store", filled, "--format", "jsonl"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == ExitCode.OK
    assert [r["id"] for r in rows] == ["s01", "s02", "s03", "s04", "s05", "s06", "s07"]


def test_reports_table_pages_under_one_header(
    filled: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.chroma import ClaimStore

    paged = ClaimStore.iter_reports
    monkeypatch.setattr(ClaimStore, "iter_reports", lambda self: paged(self, page=2))
    code, out, _ = run(["reports", "--store", filled], capsys)
    assert code == ExitCode.OK
    lines = out.splitlines()
    assert lines[0].split() == ["id", "published", "lang", "outlet", "title"]
    assert sum(1 for line in lines if line.startswith("id ")) == 1
    rows = [line for line in lines[2:] if not line.startswith(" ")]  # not a title's next line
    assert [row.split()[0] for row in rows] == ["s01", "s02", "s03", "s04", "s05", "s06", "s07"]
    at = lines[0].index("published")
    assert all(row[at : at + 2] == "20" for row in rows)


def test_flags_are_kept_and_filtered_by_kind(
    filled: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["flags", "--store", filled, "--format", "jsonl"], capsys)
    flags = [json.loads(line) for line in out.splitlines()]
    assert code == ExitCode.OK
    # The samples hold two planted errors and nothing else a desk should be shown.
    raised = sorted((f["kind"], [c["report"] for c in f["claims"]]) for f in flags)
    assert raised == [
        ("cumulative_decrease", ["s02", "s04"]),
        ("part_exceeds_whole", ["s03", "s03"]),
    ]
    code, out, _ = run(
        ["flags", "--store", filled, "--kind", "cumulative_decrease", "--format", "jsonl"], capsys
    )
    only = [json.loads(line) for line in out.splitlines()]
    assert only and all(f["kind"] == "cumulative_decrease" for f in only)
    falling = only[0]["claims"]
    assert falling[0]["published"] < falling[1]["published"]
    assert falling[0]["value"] > falling[1]["value"]


def test_related_finds_the_same_toll_in_another_language(
    filled: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["related", "s02-c1", "--store", filled, "-k", "3", "--format", "jsonl"], capsys
    )
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == ExitCode.OK
    assert hits and all(h["report"] != "s02" for h in hits)
    assert all(h["metric"] == "killed" for h in hits)
    assert {"s01", "s04"} & {h["report"] for h in hits}


def test_search_in_one_language_finds_claims_in_others(
    filled: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["search", "cas de choléra", "--store", filled, "-k", "2", "--format", "jsonl"], capsys
    )
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == ExitCode.OK
    assert {h["report"] for h in hits} <= {"s06", "s07"} and len(hits) == 2


def test_unknown_claim_is_a_usage_error(filled: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["related", "nope-c1", "--store", filled], capsys)
    assert code == ExitCode.USAGE
    assert "nope-c1" in err and "Traceback" not in err


def test_unreachable_store_is_a_store_error(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import free_port

    code, _, err = run(["flags", "--store", f"http://127.0.0.1:{free_port()}"], capsys)
    assert code == ExitCode.STORE
    assert err.count("\n") == 1 and "cannot reach chroma server" in err
