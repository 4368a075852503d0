"""Bad input never crashes (issue 11, point 1, short version): a few hundred hostile files
through `tally extract` as a subprocess give claims or one-line `FILE[:LINE]: reason`
errors, exit 0 or 2, never a traceback. The long version: tests/soak/soak_fuzz.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_inputs import write_corpus, write_long_line

from assistant.core.errors import InputError
from assistant.core.models import Report
from assistant.io.readers import read_inputs

FILES = 260
# What stderr may say: an input error naming a file of the corpus, a warning, the summary.
_LINE = re.compile(
    r"tally: (warning: .+|(?P<file>\S+?)(:\d+|#\d+)?: .+|\d+ claims from \d+ reports)"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    write_corpus(folder, FILES, seed=11)
    write_long_line(folder / "long-line.txt", 1_000_000)
    return folder


def test_every_hostile_file_gives_claims_or_one_line_errors(corpus: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run(
        [sys.executable, "-m", "assistant.app.cli", "extract", str(corpus), "--format", "jsonl"],
        capture_output=True,
        env=env,
        timeout=300,
    )
    err = run.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert run.returncode in (0, 2), err[-2000:]
    for line in run.stdout.decode("utf-8").splitlines():
        json.loads(line)  # every claim a JSON record
    lines = err.splitlines()
    assert lines and re.fullmatch(r"tally: \d+ claims from \d+ reports", lines[-1])
    named = set()
    for line in lines:
        m = _LINE.fullmatch(line)
        assert m, f"not one clean line: {line!r}"
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line)
        if m.group("file"):
            named.add(Path(m.group("file")).name)
    assert named <= {p.name for p in corpus.iterdir()}
    assert run.returncode == (2 if named else 0)


def test_every_hostile_file_reads_as_reports_or_errors(corpus: Path) -> None:
    for path in sorted(corpus.iterdir()):
        items = list(read_inputs([str(path)]))
        assert items, path.name  # something: a report, or why not
        for item in items:
            assert isinstance(item, Report | InputError)
            if isinstance(item, InputError):
                assert "\n" not in str(item) and str(item).startswith(str(path))


def test_a_body_over_the_limit_is_that_wires_error() -> None:
    import io

    from assistant.io.readers import MAX_BODY_CHARS

    long = json.dumps({"id": "long", "title": "t", "body": "a " * (MAX_BODY_CHARS // 2 + 1)})
    short = json.dumps({"id": "short", "title": "t", "body": "12 people were killed."})
    items = list(read_inputs(["-"], stdin=io.StringIO(f"{long}\n{short}\n")))
    assert isinstance(items[0], InputError) and "body too long" in str(items[0])
    assert str(items[0]).startswith("-:1: ")
    assert isinstance(items[1], Report)


def test_a_sentence_without_stops_is_read_in_bounded_pieces() -> None:
    from assistant.text.segment import MAX_SENTENCE_CHARS, sentences

    text = ("word " * 999 + "12 ") * 20
    parts = sentences(text)
    assert len(parts) > 1 and all(s.end - s.start <= MAX_SENTENCE_CHARS for s in parts)
    assert all(text[s.start] != " " and text[s.end - 1] != " " for s in parts)
