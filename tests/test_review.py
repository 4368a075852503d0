"""Reviews: decisions on flags and claims, through the store API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.app.cli import main
from assistant.app.review import make_review, reviewer_name
from assistant.core.errors import ExitCode, UsageError
from assistant.core.models import Decision, Review
from store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "assistant" / "app" / "samples" / "wires.jsonl"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _review(
    target: str, decision: Decision, at: datetime, note: str = "", who: str = "ana"
) -> Review:
    kind = "flag" if target.startswith("f-") else "claim"
    return Review(
        target=target, target_kind=kind, decision=decision, note=note, reviewer=who, at=at
    )


def test_a_decision_must_fit_its_target() -> None:
    with pytest.raises(ValidationError, match="confirmed or dismissed"):
        _review("f-0123", Decision.VERIFIED, T0)
    with pytest.raises(ValidationError, match="verified or disputed"):
        _review("w01-c3", Decision.DISMISSED, T0)
    with pytest.raises(ValidationError, match="timezone"):
        _review("w01-c3", Decision.VERIFIED, T0.replace(tzinfo=None))
    with pytest.raises(ValidationError, match="extra"):
        Review.model_validate({**_review("w01-c3", Decision.VERIFIED, T0).model_dump(), "score": 1})
    with pytest.raises(UsageError, match="--confirmed/--dismissed"):
        make_review("f-0123", Decision.DISPUTED, reviewer="ana")


def test_latest_decision_wins_and_history_is_kept(store_location: str) -> None:
    store = open_store(store_location)
    assert store.reviews() == {}
    assert store.review_history("f-aa") == []
    first = _review("f-aa", Decision.CONFIRMED, T0, "two tolls for one day")
    second = _review("f-aa", Decision.DISMISSED, T0 + timedelta(minutes=5), "different days", "bo")
    # Same second, microseconds apart: still ordered.
    third = _review("w01-c3", Decision.VERIFIED, T0 + timedelta(microseconds=1))
    fourth = _review("w01-c3", Decision.DISPUTED, T0 + timedelta(microseconds=2))
    for review in (second, first, fourth, third):  # arrival order must not matter
        store.add_review(review)
    store.add_review(first)  # the same record again: still one
    latest = store.reviews()
    assert latest == {"f-aa": second, "w01-c3": fourth}
    assert store.reviews(["f-aa", "nope"]) == {"f-aa": second}
    assert store.reviews([]) == {}
    assert store.review_history("f-aa") == [first, second]
    assert store.review_history("w01-c3") == [third, fourth]
    # Another process (a new client) sees the same decisions: they survive restarts.
    again = open_store(store_location)
    assert again.reviews(["w01-c3"]) == {"w01-c3": fourth}
    assert again.review_history("f-aa") == [first, second]


def test_reviews_never_load_the_embedding_model(tmp_path: Path) -> None:
    # A review is recorded by target: `tally review` must stay instant.
    code = (
        "from datetime import UTC, datetime\n"
        "from assistant.core.models import Decision, Review\n"
        "from store import open_store\n"
        "from store.embeddings import model_loaded\n"
        f"s = open_store({str(tmp_path / 'store')!r})\n"
        "s.add_review(Review(target='w-c1', target_kind='claim', decision=Decision.VERIFIED,"
        " reviewer='x', at=datetime.now(UTC)))\n"
        "assert len(s.reviews()) == 1\n"
        "assert not model_loaded()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_reviewer_from_flag_config_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    env = {"TALLY_HOME": str(home), "USER": "desk7"}
    assert reviewer_name(None, env) == "desk7"
    assert reviewer_name("  Ana  ", env) == "Ana"
    home.mkdir()
    (home / "config.toml").write_text('[review]\nname = "Ana Ruiz"\n', "utf-8")
    assert reviewer_name(None, env) == "Ana Ruiz"
    (home / "config.toml").write_text("[review\n", "utf-8")
    with pytest.raises(UsageError, match=r"config\.toml"):
        reviewer_name(None, env)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> str:
    where = str(tmp_path_factory.mktemp("review") / "store")
    assert main(["verify", str(SAMPLES), "--store", where, "--format", "json"]) == 0
    return where


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_review_a_flag_through_the_cli_and_see_it_in_flags(
    filled: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "desk7")
    code, out, _ = _run(["flags", "--store", filled, "--format", "jsonl"], capsys)
    flags = [json.loads(line) for line in out.splitlines()]
    assert code == ExitCode.OK and flags
    assert all(f["decision"] is None for f in flags)
    fid = flags[0]["id"]
    code, out, err = _run(
        ["review", fid, "--dismissed", "--note", "two different camps", "--store", filled], capsys
    )
    assert code == ExitCode.OK, err
    recorded = Review.model_validate_json(out)
    assert (recorded.decision, recorded.reviewer, recorded.target_kind) == (
        Decision.DISMISSED,
        "desk7",
        "flag",
    )
    code, out, _ = _run(
        ["review", fid, "--confirmed", "--reviewer", "Bo", "--store", filled], capsys
    )
    assert code == ExitCode.OK
    code, out, _ = _run(["flags", "--store", filled, "--format", "json"], capsys)
    row = next(f for f in json.loads(out) if f["id"] == fid)
    assert (row["decision"], row["reviewer"], row["decision_note"]) == ("confirmed", "Bo", "")
    assert datetime.fromisoformat(row["reviewed_at"]).tzinfo is not None
    code, out, _ = _run(["flags", "--store", filled], capsys)
    assert f"{fid} confirmed by Bo" in out
    assert [r.decision for r in open_store(filled).review_history(fid)] == [
        Decision.DISMISSED,
        Decision.CONFIRMED,
    ]


def test_review_a_claim_and_refuse_what_does_not_fit(
    filled: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        ["review", "s02-c1", "--disputed", "--note", "[red]x[/red] <b>", "--store", filled], capsys
    )
    assert code == ExitCode.OK, err
    assert open_store(filled).reviews(["s02-c1"])["s02-c1"].note == "[red]x[/red] <b>"
    code, _, err = _run(["review", "s02-c1", "--confirmed", "--store", filled], capsys)
    assert code == ExitCode.USAGE
    assert "s02-c1: a claim is verified or disputed" in err and "Traceback" not in err
    code, _, err = _run(["review", "s99-c1", "--verified", "--store", filled], capsys)
    assert code == ExitCode.USAGE and "no stored claim 's99-c1'" in err
    code, _, err = _run(["review", "f-0000", "--dismissed", "--store", filled], capsys)
    assert code == ExitCode.USAGE and "no stored flag 'f-0000'" in err
    with pytest.raises(SystemExit):
        main(["review", "s02-c1", "--verified", "--disputed", "--store", filled])
