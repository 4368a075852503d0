"""A corrected re-issue (a stored id, a different text) is stored as a new version, checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from store import open_store

WHEN = "2019-02-01T10:00:00Z"
TEXT = "Shelling killed {n} people in the town of Velmora on Friday, the regional governor said."


def wire(rid: str, n: int, when: str = WHEN) -> dict[str, Any]:
    """An invented wire giving the day's toll of n (shelling recurs: a window, not a running
    total since an event)."""
    return {"id": rid, "language": "en", "published": when, "body": TEXT.format(n=n)}


def write(path: Path, *wires: dict[str, Any]) -> str:
    path.write_text("".join(json.dumps(w) + "\n" for w in wires), "utf-8")
    return str(path)


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    where = str(tmp_path / "store")

    def go(*wires: dict[str, Any]) -> tuple[int, list[dict[str, Any]], str]:
        name = f"in{len(list(tmp_path.glob('in*.jsonl')))}.jsonl"
        code = main(
            ["verify", write(tmp_path / name, *wires), "--store", where, "--format", "jsonl"]
        )
        out, err = capsys.readouterr()
        return code, [json.loads(line) for line in out.splitlines()], err

    go.where = where  # type: ignore[attr-defined]
    return go


def test_a_correction_is_a_new_version_with_its_own_claims_and_checks(run: Any) -> None:
    # A second outlet agrees with the first text of x/1.
    code, flags, _ = run(wire("x/1", 40), wire("other", 40, "2019-02-01T12:00:00Z"))
    assert code == ExitCode.OK and flags == []
    code, flags, err = run(wire("x/1", 46))
    assert code == ExitCode.OK  # a re-issue is no error: the batch goes on
    assert "id 'x/1' is already stored with a different text: a corrected re-issue, " in err
    assert "stored as 'x/1~v2'" in err
    store = open_store(run.where)
    v2 = store.get_report("x/1~v2")
    assert v2 is not None and v2.meta == {"version_of": "x/1", "version": 2}
    assert [c.value for c in store.claims(report="x/1")] == [40]  # the first text stays
    assert [c.value for c in store.claims(report="x/1~v2")] == [46]
    # The checks ran for the correction: it conflicts with the other outlet, and is not
    # flagged against the text it corrects.
    assert [sorted(c["report"] for c in f["claims"]) for f in flags] == [["other", "x/1~v2"]]
    assert flags[0]["kind"] == "conflict"


def test_an_identical_resend_is_a_no_op_and_a_second_correction_is_v3(run: Any) -> None:
    run(wire("a", 40))
    run(wire("a", 46))
    before = open_store(run.where).counts()
    for text in (40, 46):  # the first text and the correction, sent again
        code, _, err = run(wire("a", text))
        assert code == ExitCode.OK and "re-issue" not in err
        assert "(0 new)" in err.splitlines()[-1].split("reports")[1]
    assert open_store(run.where).counts() == before
    code, _, err = run(wire("a", 52))
    assert code == ExitCode.OK and "stored as 'a~v3'" in err
    ids = sorted(r.id for r in open_store(run.where).reports())
    assert ids == ["a", "a~v2", "a~v3"]


def test_a_text_and_its_correction_in_one_batch(run: Any) -> None:
    code, flags, err = run(wire("b", 40), wire("b", 46), wire("b", 40))
    assert code == ExitCode.OK and flags == []
    assert err.count("re-issue") == 1
    store = open_store(run.where)
    assert {r.id: [c.value for c in store.claims(report=r.id)] for r in store.reports()} == {
        "b": [40],
        "b~v2": [46],
    }


def test_a_correction_withdraws_the_flags_of_the_text_it_corrects(run: Any) -> None:
    # The first text conflicts with a second outlet; the correction agrees with it.
    code, flags, _ = run(wire("y", 40), wire("other", 46, "2019-02-01T12:00:00Z"))
    assert [sorted(c["report"] for c in f["claims"]) for f in flags] == [["other", "y"]]
    code, flags, err = run(wire("y", 46))
    assert code == ExitCode.OK and "stored as 'y~v2'" in err
    assert flags == []
    assert open_store(run.where).flags() == []
    # A later wire on the same toll is checked against the correction, not the old text.
    code, flags, _ = run(wire("late", 46, "2019-02-01T13:00:00Z"))
    assert code == ExitCode.OK and flags == []
    assert open_store(run.where).flags() == []
