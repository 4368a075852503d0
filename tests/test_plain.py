"""The fixed-width flag table: inert wire text, lines within the width, aligned columns."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from rich.cells import cell_len

from assistant.core.models import Flag
from assistant.io.output import write_flags
from assistant.io.plain import table, wrap

ESC = "\x1b"
HOSTILE = f"rose to 40{ESC}]52;c;ZXZpbA=={ESC}\\ A\u202eevil [red]x[/red]\nnext line"


def _flag(quote: str, n: int = 2) -> Flag:
    return Flag.model_validate(
        {
            "id": "f-1",
            "kind": "cumulative_decrease",
            "severity": "error",
            "explanation": f"'{quote}' falls " + "and falls " * 30,
            "claims": [
                {
                    "report": f"w{i}",
                    "id": f"w{i}-c1",
                    "value": 40 + i,
                    "quote": quote + " word" * (12 * i),
                    "source": "UN OCHA" if i else None,
                    "published": datetime(2024, 3, i + 1, tzinfo=UTC),
                }
                for i in range(n)
            ],
        }
    )


def test_wrap_keeps_every_line_within_the_cells_and_every_word() -> None:
    text = "one two " + "x" * 50 + " 中文中文中文中文 three"
    lines = wrap(text, 12)
    assert all(cell_len(line) <= 12 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap("", 5) == [""]


def test_a_flag_table_is_inert_aligned_and_within_the_width() -> None:
    out = io.StringIO()
    write_flags(out, [_flag(HOSTILE, 3)], "table")
    text = out.getvalue()
    assert ESC not in text and "\u202e" not in text
    assert "[red]x[/red]" in text and "A\ufffdevil" in text
    lines = text.splitlines()
    assert all(cell_len(line) <= 160 for line in lines)
    header = next(line for line in lines if line.lstrip().startswith("claim"))
    at = header.index("quote")
    rows = [line for line in lines if line.startswith("  w")]
    assert len(rows) == 3 and all(r[at:].startswith("rose to 40") for r in rows)
    # A long quote continues in its own column.
    assert any(line.startswith(" " * at) and "word" in line for line in lines)


def test_colour_styles_only_the_mark_and_kind() -> None:
    out = io.StringIO()
    write_flags(out, [_flag("rose to 40")], "table", color=True)
    first, *rest = out.getvalue().splitlines()
    assert first.startswith("\x1b[31m✗\x1b[0m \x1b[1mcumulative_decrease\x1b[0m  'rose to 40'")
    assert ESC not in "".join(rest)
    plain = io.StringIO()
    write_flags(plain, [_flag("rose to 40")], "table")
    assert ESC not in plain.getvalue()


def test_a_table_folds_a_long_cell_in_a_narrow_column() -> None:
    lines = table(("a", "b"), [("x" * 60, "short")], 80)
    assert lines[0].startswith("a ") and set(lines[1]) <= {"─", " "}
    assert all(cell_len(line) <= 80 for line in lines)
    assert "".join(line.split()[0] for line in lines[2:]).startswith("x" * 60)


def _word_by_word(text: str, width: int) -> list[str]:
    """Greedy wrapping a word at a time, as `wrap` does for any text (the reference)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and cell_len(line) + 1 + cell_len(word) <= width:
            line = f"{line} {word}"
            continue
        if line or lines:
            lines.append(line)
        line = word
    lines.append(line)
    return lines


def test_the_one_search_a_line_wrap_lays_words_as_the_word_by_word_one() -> None:
    import random

    rnd = random.Random(7)
    # ASCII, narrow marks and typographic quotes (one cell each), and wide characters
    # (two cells: these take the word-by-word path).
    letters = "abcdefghij" * 5 + "’—✗“" + "宽字"
    checked = 0
    for _ in range(3000):
        words = [
            "".join(rnd.choice(letters) for _ in range(rnd.randint(1, 9)))
            for _ in range(rnd.randint(2, 25))
        ]
        text, width = " ".join(words), rnd.randint(10, 50)
        if max(cell_len(w) for w in words) > width:
            continue  # a folded word: wrap's own rule, tested above
        assert wrap(text, width) == _word_by_word(text, width), (text, width)
        checked += 1
    assert checked > 2000
