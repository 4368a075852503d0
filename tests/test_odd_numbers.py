"""Odd numbers and odd dates (issue 11): read sensibly or refused as that wire's error."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode, InputError
from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs, strip_escapes
from assistant.numbers.parse import MAX_VALUE, find_numbers, parse_number
from assistant.text.normalize import normalize


def _values(text: str) -> list[float]:
    return [n.value for n in find_numbers(text, "en")]


@pytest.mark.parametrize("zw", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_inside_a_number_are_read_past(zw: str) -> None:
    text = f"In all 1{zw}200 people were killed"
    [n] = find_numbers(text, "en")
    assert n.value == 1200
    assert text[n.start : n.end] == n.text == f"1{zw}200"  # offsets into the original
    assert parse_number(f"4{zw},{zw}500", "en") == 4500
    norm = normalize(text)
    assert zw not in norm.text and norm.text[norm.from_orig(7) :].startswith("1200")


def test_numbers_too_large_to_be_a_figure_are_no_figure() -> None:
    assert _values("9" * 400 + " dead and 3 hurt") == [3]
    assert _values("9" * 5000 + " dead") == []  # past Python's int() digit limit
    assert _values("1," + "000," * 2000 + "000 dead") == []
    assert _values("99999999999999999999999 killed") == []
    assert _values(f"{MAX_VALUE} killed") == [MAX_VALUE]
    assert _values("1.7976931348623157e+308 and 5 dead") == [5]  # not 308
    assert _values("2.5E3 and 7") == [7]
    [long_fraction] = _values("1." + "5" * 5000 + " dead")
    assert long_fraction == pytest.approx(1.5555555)


def test_escape_sequences_leave_bodies_as_they_are_read(tmp_path: Path) -> None:
    hostile = "a\x1b[0mb\x1b]52;c;ZXZpbA==\x07c\x1b]8;;http://x\x1b\\d\x9b2Je"
    assert strip_escapes(hostile) == "abcde"
    assert strip_escapes("caf\x1b") == "caf"
    assert strip_escapes("x \x1b]0;no end\nrest") == "x 0;no end\nrest"  # nothing eaten
    wire = {
        "id": "esc",
        "published": "2024-01-01T00:00:00Z",
        "language": "en",
        "title": "t\x1b[31m",
        "body": "Officials said \x1b[0m40 people were killed on Monday.\x1b[0m",
    }
    path = tmp_path / "esc.jsonl"
    path.write_text(json.dumps(wire) + "\n", encoding="utf-8")
    [report] = list(read_inputs([str(path)]))
    assert isinstance(report, Report)
    assert report.body == "Officials said 40 people were killed on Monday." and report.title == "t"
    claims = RulesExtractor().extract(report)
    assert [c.value for c in claims] == [40]  # never "0 people killed"


def test_zero_width_split_number_is_one_claim() -> None:
    body = "Officials said 1\u200b200 people were killed on Monday in the town."
    report = Report(id="zw", language="en", body=body, published=datetime(2024, 1, 1, tzinfo=UTC))
    claims = RulesExtractor().extract(report)
    assert [c.value for c in claims] == [1200]
    assert body[claims[0].span[0] : claims[0].span[1]] == claims[0].quote


def _wire(n: int, published: str, body: str) -> dict[str, str]:
    return {"id": f"o{n}", "published": published, "language": "en", "title": "t", "body": body}


def test_impossible_dates_and_numbers_are_that_wires_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    friday = "On Friday 12 people were killed in the town, officials said."
    rows = [
        _wire(1, "0001-01-01T00:00:00Z", friday),
        _wire(2, "9999-12-31T23:59:59Z", friday),
        _wire(3, "2024-01-05T00:00:00Z", "9" * 400 + " people and 1.7976931348623157e+308."),
        _wire(4, "2024-01-05T00:00:00Z", friday),
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    items = list(read_inputs([str(path)]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert [str(e) for e in errors] == [
        f"{path}:1: published 0001-01-01T00:00:00+00:00 is outside the years 1000-8999",
        f"{path}:2: published 9999-12-31T23:59:59+00:00 is outside the years 1000-8999",
    ]
    store = str(tmp_path / "store")
    code = main(["verify", str(path), "--store", store, "--format", "jsonl"])
    _, err = capsys.readouterr()
    assert code == ExitCode.INPUT and "Traceback" not in err
    assert main(["reports", "--store", store, "--format", "jsonl"]) == ExitCode.OK
    out, _ = capsys.readouterr()
    assert sorted(json.loads(line)["id"] for line in out.splitlines()) == ["o3", "o4"]


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59", "0001-01-01"])
def test_published_option_out_of_range_is_a_usage_error(
    when: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.txt"
    path.write_text("Title\nOn Friday 12 people were killed.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main(["extract", str(path), "--published", when])
    assert stop.value.code == ExitCode.USAGE
    assert "outside the years" in capsys.readouterr().err
    assert main(["extract", str(path), "--published", "2024-01-05", "--format", "jsonl"]) == 0
