"""A wire id is data, never a path: hostile ids are stored as written or refused by line.

End to end through `tally verify` (a file, then a folder as a batch with --log and an LLM
whose answers are cached), a corrected re-issue, and `tally export` in every format, in a
temporary data folder: the files created are exactly the ones asked for.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai_server import OpenAIServer, answer_from_claims, wire_responder

from assistant.app.cli import main
from assistant.app.commands.export import FORMATS
from assistant.core.errors import ExitCode
from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.io.ids import MAX_ID_CHARS
from assistant.io.readers import read_inputs
from store import open_store

# Stored as written: each would be a path outside the data folder if it became a file name.
KEPT = [
    "../../../escape-1",
    "a/b/c",
    "..",
    "/tmp/escape-2",
    "~/escape-3",
    "C:\\escape\\4",
    "x" * MAX_ID_CHARS,
    "%2e%2e%2fescape-5",
    "\u202eescape-6",
    "two\nlines\x1b[31m",
]
# Refused, each with a one-line error naming the file and line.
REFUSED = {
    "nul\x00id": "field 'id' contains a NUL character (U+0000)",
    "y" * 10_000: f"field 'id' is 10000 characters long (at most {MAX_ID_CHARS})",
    " \t ": "field 'id' is empty",
    "a1~v2": "field 'id' ends in '~v<n>', which Tally keeps for the versions of corrected",
}
WHEN = "2019-02-01T10:00:00Z"


def wire(rid: str, n: int) -> dict[str, Any]:
    body = f"Floods in the town of Velmora killed {n} people on Friday, the governor said."
    return {"id": rid, "language": "en", "published": WHEN, "title": rid[:50], "body": body}


def ideal(report: Report) -> list[dict[str, Any]]:
    """A model that answers as the rules read the wire."""
    return answer_from_claims(RulesExtractor().extract(report))


def tree(root: Path) -> set[str]:
    """Every file under root, relative."""
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working directory of its own: a file written relative to it would show up."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.mark.slow
def test_hostile_ids_are_stored_as_data_or_refused_and_no_file_lands_elsewhere(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Path(os.environ["TALLY_HOME"])
    inbox = work / "inbox"
    inbox.mkdir()
    lines = [wire(rid, 10 + i) for i, rid in enumerate(KEPT)]
    lines += [wire(rid, 50 + i) for i, rid in enumerate(REFUSED)]
    (inbox / "w.jsonl").write_text("".join(json.dumps(w) + "\n" for w in lines), "utf-8")
    before = tree(work)

    assert main(["verify", str(inbox / "w.jsonl"), "--format", "jsonl"]) == ExitCode.INPUT
    _, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if "w.jsonl:" in line]
    assert len(errors) == len(REFUSED)
    for n, why in enumerate(REFUSED.values(), start=len(KEPT) + 1):
        assert any(f"w.jsonl:{n}: {why}" in line for line in errors), (n, why)
    store = open_store(str(home / "store"))
    assert sorted(r.id for r in store.reports()) == sorted(KEPT)
    assert all(store.claims(report=rid) for rid in KEPT)

    # A batch of corrected re-issues of the same ids, by an LLM whose answers are cached,
    # with an outcome log: versions and cache entries, never paths.
    reissues = [wire(rid, 90 + i) for i, rid in enumerate(KEPT)]
    (inbox / "w.jsonl").write_text("".join(json.dumps(w) + "\n" for w in reissues), "utf-8")
    log = work / "out" / "log.jsonl"
    log.parent.mkdir()
    read = [r for r in read_inputs([str(inbox)]) if isinstance(r, Report)]
    with OpenAIServer(wire_responder(read, ideal)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        argv = ["verify", str(inbox), "--log", str(log), "--llm", "openai", "--model", "m"]
        code = main([*argv, "--format", "jsonl"])
    _, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    assert server.count == len(KEPT)
    assert sorted(r.id for r in store.reports()) == sorted([*KEPT, *(f"{r}~v2" for r in KEPT)])
    rows = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert sorted(row["report"] for row in rows) == sorted(f"{r}~v2" for r in KEPT)

    for fmt in FORMATS:
        assert main(["export", "--format", fmt, "-o", str(work / "out" / f"e.{fmt}")]) == 0
    capsys.readouterr()

    made = tree(work) - before
    home_rel = str(home.relative_to(work))
    asked = {"out/log.jsonl", *(f"out/e.{fmt}" for fmt in FORMATS)}
    # The outputs asked for, and the rest in the data folder: the store and the LLM cache,
    # whose files are named by hashes. Not one file named after an id, here or anywhere.
    assert {p for p in made if not p.startswith(home_rel + "/")} == asked
    inside = {p.removeprefix(home_rel + "/") for p in made if p.startswith(home_rel + "/")}
    assert {p.split("/")[0] for p in inside} == {"store", "llm-cache"}
    cached = [Path(p).name for p in inside if p.startswith("llm-cache/")]
    assert cached and all(re.fullmatch(r"[0-9a-f]{64}\.json", name) for name in cached)
    assert not any("escape" in p for p in made)
    assert not list(Path("/tmp").glob("escape-2*"))
    # The ids are kept as data in what Tally writes.
    exported = (work / "out" / "e.json").read_text("utf-8")
    assert json.dumps(KEPT[0]) in exported and json.dumps(f"{KEPT[0]}~v2") in exported


def test_a_feed_entry_id_is_checked_like_a_wires_own(tmp_path: Path) -> None:
    body = "Floods killed 12 people in Velmora, officials said on Friday."
    items = "".join(
        f"<item><guid>{guid}</guid><title>Velmora</title><description>{body}</description>"
        "<pubDate>Fri, 05 Mar 2021 10:00:00 GMT</pubDate></item>"
        for guid in ("g" * 1200, "../../escape-7")
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(f"<rss version='2.0'><channel><title>F</title>{items}</channel></rss>")
    read = list(read_inputs([str(feed)]))
    errors = [r for r in read if not isinstance(r, Report)]
    assert [e.message for e in errors] == ["entry 1: id is 1200 characters long (at most 1000)"]
    assert [r.id for r in read if isinstance(r, Report)] == ["../../escape-7"]
