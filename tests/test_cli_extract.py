"""`tally extract` through its CLI entry point: formats, schema, bad input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.io.output import CLAIM_FIELDS

SAMPLES = Path(__file__).resolve().parent.parent / "assistant" / "app" / "samples"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_has_the_documented_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["extract", str(SAMPLES / "wires.jsonl"), "--format", "jsonl"], capsys)
    assert code == ExitCode.OK
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) > 10
    for r in records:
        assert tuple(r) == CLAIM_FIELDS
        assert r["published_from"] == "file"
    wires = (SAMPLES / "wires.jsonl").read_text("utf-8").splitlines()
    assert f"claims from {len(wires)} reports" in err


def test_every_documented_claim_field_is_in_the_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The README's claim table names every field a record carries, forecasts and guessed
    # places included; none may be dropped on the way out.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    table = readme.split("## Claim records", 1)[1].split("\n## ", 1)[0]
    documented = {
        name.strip("` ")
        for row in table.splitlines()
        if row.startswith("| `")
        for name in row.split("|")[1].split(",")
    }
    assert documented == set(CLAIM_FIELDS)
    wire = tmp_path / "w.txt"
    wire.write_text(
        "Floods\nThe toll reached 40 and could exceed 60. Roads to Wadi Sidr province were "
        "cut. Water covered Zaytouna province.\n",
        "utf-8",
    )
    code, out, _ = run(["extract", str(wire), "--format", "jsonl"], capsys)
    assert code == ExitCode.OK
    toll, forecast = (json.loads(line) for line in out.splitlines())
    assert (toll["projection"], forecast["projection"]) == (False, True)
    assert toll["location"] is not None and toll["location_sure"] is False


def test_json_is_one_array(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "extract",
            str(SAMPLES / "cyclone-update.txt"),
            "--format",
            "json",
            "--published",
            "2026-10-16T12:00:00+03:00",
        ],
        capsys,
    )
    assert code == ExitCode.OK
    data = json.loads(out)
    assert isinstance(data, list) and data
    assert {d["published_from"] for d in data} == {"option"}
    assert data[0]["published"] == "2026-10-16T12:00:00+03:00"


def test_table_names_each_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["extract", str(SAMPLES / "wires.jsonl")], capsys)
    assert code == ExitCode.OK
    assert "s01" in out and "s07" in out and "quote" in out


def test_mtime_is_the_fallback_publish_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wire = tmp_path / "wire.txt"
    wire.write_text("Title\n\nAbout 300 people fled the town on Monday.\n", "utf-8")
    code, out, _ = run(["extract", str(wire), "--format", "jsonl"], capsys)
    assert code == ExitCode.OK
    assert json.loads(out)["published_from"] == "mtime"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Flood\n\nSome 1,200 families were displaced.\n"))
    code, out, _ = run(["extract", "-", "--format", "jsonl"], capsys)
    assert code == ExitCode.OK
    assert json.loads(out)["value"] == 1200


def test_bad_inputs_are_reported_and_the_rest_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Titre\n\nQuelque 300 réfugiés".encode("latin-1"))
    lines = tmp_path / "wires.jsonl"
    lines.write_text(
        '{"id": "a", "body": "About 40 trucks left the camp."}\n{"id": "b", "body": \n',
        "utf-8",
    )
    missing = tmp_path / "nope.txt"
    code, out, err = run(
        [
            "extract",
            str(empty),
            str(binary),
            str(latin),
            str(lines),
            str(missing),
            "--format",
            "jsonl",
        ],
        capsys,
    )
    assert code == ExitCode.INPUT
    assert [json.loads(line)["report"] for line in out.splitlines()] == ["a"]
    errors = [line for line in err.splitlines() if line.startswith("tally: ") and ": " in line[7:]]
    named = {p.name for p in (empty, binary, latin, missing)} | {"wires.jsonl:2"}
    for name in named:
        assert any(name in line for line in errors), (name, err)
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "x.txt", "--format", "xml"],  # a value not among the choices
        ["extract", "x.txt", "--no-such-option"],  # an unknown option
        ["extract", "x.txt", "--published", "yesterday"],  # a bad date
        ["extract"],  # a missing argument
        ["no-such-command"],
        ["review", "s-c1", "--verified", "--disputed"],  # exclusive options together
    ],
)
def test_usage_errors_exit_3_as_the_readme_says(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # 2 means "an input could not be read": argparse's own 2 must not leak through.
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == ExitCode.USAGE == 3
    err = capsys.readouterr().err
    assert err.startswith("usage: tally") and "error:" in err


def test_help_still_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--help"])
    assert exc.value.code == 0
    assert "usage: tally extract" in capsys.readouterr().out
