"""Wire text never acts on the terminal: no control sequence, no console markup, no bidi
reordering in any table or message of `tally` (issue 11, terminal safety)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.text.safe import clean, literal

ESC = "\x1b"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
LINK = "[link=https://evil.example/]Reuters[/link]"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def _wire(n: int, toll: int, day: int) -> dict[str, str]:
    return {
        "id": f"w{n}{OSC52}\u202e",
        "outlet": LINK,
        "published": f"2024-03-{day:02d}T10:00:00Z",
        "language": "en",
        "title": f"A\u202eevil {ESC}[31mred{ESC}[0m [bold]x[/bold]",
        "body": (
            f"The death toll in Aleppo rose to {toll} people killed [/red], officials said "
            f"on Monday.{ESC}[2J{OSC52} [link=https://evil.example/]click[/link]\u2066 "
            "Witnesses\u0085said\u2028more\x9b31m."
        ),
    }


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.jsonl"
    rows = [_wire(1, 40, 1), _wire(2, 30, 3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _inert(text: str) -> None:
    assert ESC not in text
    assert "\x07" not in text and "\x9b" not in text
    assert not any(ch in text for ch in BIDI), "a bidi control reached the terminal"
    assert "\u2028" not in text and "\x85" not in text
    assert "evil.example/]Reuters" in text or "evil.example" not in text


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_every_table_and_message_shows_wire_text_literally(
    hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "store")
    code, out, err = _run(["extract", str(hostile)], capsys)
    assert code == ExitCode.OK, err
    _inert(out + err)
    assert "[link=https://evil.example/]Reuters[/link]" in out  # shown as the text it is
    code, out, err = _run(["verify", str(hostile), "--store", store], capsys)
    assert code == ExitCode.OK, err
    _inert(out + err)
    assert "Traceback" not in err
    assert "cumulative_decrease" in out  # the flag table was drawn, quotes and all
    for argv in (["flags"], ["reports"], ["search", "people killed in Aleppo"]):
        code, out, err = _run([*argv, "--store", store], capsys)
        assert code == ExitCode.OK, (argv, err)
        _inert(out + err)
        assert out.strip()
    code, out, _ = _run(["reports", "--store", store], capsys)
    assert "A\ufffdevil" in out  # the override is neutralised, not obeyed
    assert "A\ufffdevil red" in out and "[31m" not in out  # escape sequences dropped as read


def test_json_output_stays_exact_data(hostile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["extract", str(hostile), "--format", "jsonl"], capsys)
    assert code == ExitCode.OK
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and ESC not in out  # JSON escapes controls ...
    assert any(r["report"].startswith("w1" + OSC52) for r in rows)  # ... and keeps them exact


def test_input_errors_and_warnings_are_one_clean_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / f"bad{ESC}]0;owned{ESC}\\\u202e.jsonl"
    bad.write_text('{"id": 1}\n{not json\n', encoding="utf-8")
    code, _, err = _run(["extract", str(bad)], capsys)
    assert code == ExitCode.INPUT
    _inert(err)
    assert all(line.startswith("tally: ") for line in err.splitlines())


def test_clean_keeps_length_and_literal_is_never_markup() -> None:
    raw = f"A\u202eevil{OSC52}[bold]b[/bold]\u2028"
    assert len(clean(raw)) == len(raw)
    text = literal(raw, one_line=True)
    assert "[bold]b[/bold]" in text.plain and not text.spans
    assert ESC not in text.plain and "\u202e" not in text.plain and "\u2028" not in text.plain


def test_markup_in_a_flag_explanation_is_shown_not_parsed() -> None:
    import io

    from assistant.core.models import Flag
    from assistant.io.output import write_flags

    flag = Flag.model_validate(
        {
            "id": "f1",
            "kind": "cumulative_decrease",
            "severity": "error",
            "explanation": f"falls in '[/red] 40 [link=https://evil.example/]x[/link]'{OSC52}",
            "claims": [],
        }
    )
    out = io.StringIO()
    write_flags(out, [flag], "table", color=True)
    text = out.getvalue()
    assert "[/red] 40 [link=https://evil.example/]x[/link]" in text
    assert "\x1b]8;" not in text and "\x1b]52" not in text
