"""Tests for reading wires from files and standard input."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.errors import InputError
from assistant.core.models import Report
from assistant.io import readers
from assistant.io.readers import read_inputs, strip_escapes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MTIME = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def _hash8(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]


def _read(*paths: str | Path, **kwargs: object) -> list[Report | InputError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def _one_report(*paths: str | Path, **kwargs: object) -> Report:
    items = _read(*paths, **kwargs)
    assert len(items) == 1
    assert isinstance(items[0], Report), items[0]
    return items[0]


def _one_error(*paths: str | Path, **kwargs: object) -> InputError:
    items = _read(*paths, **kwargs)
    assert len(items) == 1
    assert isinstance(items[0], InputError), items[0]
    return items[0]


def _write(directory: Path, name: str, data: bytes | str, *, mtime: datetime = MTIME) -> Path:
    path = directory / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


# --- text and Markdown ------------------------------------------------------------


def test_text_file_title_body_and_defaults(tmp_path: Path) -> None:
    source = (FIXTURES / "report-ar.txt").read_text("utf-8")
    path = _write(tmp_path, "report-ar.txt", source)
    report = _one_report(path)
    title, _, rest = source.partition("\n")
    body = rest.strip("\n")
    assert report.title == title
    assert report.body == body  # verbatim: single newlines and blank-line paragraphs kept
    assert "\n\n" in report.body and "حتفهم.\n\n" in report.body
    assert report.id == f"report-ar-{_hash8(body)}"
    assert report.origin == str(path)
    assert report.published == MTIME and report.published_from == "mtime"
    assert report.language == "ar" and report.language_detected
    assert report.outlet is None


def test_markdown_title_loses_its_hashes() -> None:
    report = _one_report(FIXTURES / "report-en.md")
    assert report.title == "Quake toll rises to 112 in the highlands"
    assert report.body.startswith("The death toll from Sunday's earthquake")
    assert report.body.endswith("*Follow us on Telegram*")
    assert report.language == "en"


def test_line_endings_and_bom_are_normalised(tmp_path: Path) -> None:
    path = _write(tmp_path, "crlf.txt", b"\xef\xbb\xbfTitle\r\n\r\nOne line.\r\nTwo line.\r\n")
    report = _one_report(path)
    assert report.title == "Title"
    assert report.body == "One line.\nTwo line."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path: Path, encoding: str) -> None:
    text = "Başlık\n\nSelde 6 kişi öldü."
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    report = _one_report(_write(tmp_path, "wide.txt", data))
    assert (report.title, report.body) == ("Başlık", "Selde 6 kişi öldü.")


def test_title_only_text_is_an_error(tmp_path: Path) -> None:
    error = _one_error(_write(tmp_path, "t.txt", "Just a headline\n\n"))
    assert error.message == "no body text after the title line"


# --- HTML -------------------------------------------------------------------------


def test_html_article_text_and_metadata() -> None:
    report = _one_report(FIXTURES / "article-fr.html")
    assert report.title == "Crue de la rivière : 1 800 personnes évacuées"
    assert report.body == (
        "Quelque 1 800 personnes ont été évacuées dans la nuit de mercredi à jeudi, "
        "selon la préfecture.\n\n"
        "Les pompiers ont mené 240 interventions.\nDeux personnes sont portées disparues.\n\n"
        "La décrue n'est pas attendue avant samedi & les écoles restent fermées."
    )
    assert report.published == datetime(2024, 10, 17, 6, 30, tzinfo=timezone(timedelta(hours=2)))
    assert report.published_from == "file"
    assert report.language == "fr" and not report.language_detected
    assert report.outlet == "Le Courrier du Sud (exemple)"


def test_html_falls_back_to_main_body_title_and_time(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Storm  kills 9</title></head><body>"
        "<div class='menu'>Home | World</div>"
        "<p>A storm killed 9 people and cut power to 20,000 homes, officials said.</p>"
        "<p>Ferries were <b>suspended</b> for 2 days.</p>"
        "<time datetime='2024-09-01T12:00:00'>Sunday</time>"
        "<div class='social-links'>Share on X</div></body></html>"
    )
    report = _one_report(_write(tmp_path, "storm.htm", page))
    assert report.title == "Storm kills 9"
    assert report.body == (
        "A storm killed 9 people and cut power to 20,000 homes, officials said.\n\n"
        "Ferries were suspended for 2 days.\n\nSunday"
    )
    assert report.published == datetime(2024, 9, 1, 12, tzinfo=UTC)
    assert report.published_from == "file"
    assert report.language == "en" and report.language_detected


def test_html_prefers_the_richest_article_and_main(tmp_path: Path) -> None:
    page = (
        "<body><main><article><p>Short teaser.</p></article>"
        "<article><h1>Main story</h1><p>Floods displaced 4,000 people in the delta.</p>"
        "<p>Unclosed paragraph<p>Next paragraph</article></main>"
        "<p>Outside main.</p></body>"
    )
    report = _one_report(_write(tmp_path, "p.html", page))
    assert report.title == "Main story"
    assert report.body == (
        "Floods displaced 4,000 people in the delta.\n\nUnclosed paragraph\n\nNext paragraph"
    )


def test_html_without_article_text_is_an_error(tmp_path: Path) -> None:
    page = "<html><body><nav>Home</nav><script>var a = 1;</script><footer>©</footer></body>"
    error = _one_error(_write(tmp_path, "empty.html", page))
    assert error.message == "no article text found"


# --- JSON and JSON lines ----------------------------------------------------------


def test_json_wire() -> None:
    report = _one_report(FIXTURES / "wire-tr.json")
    data = json.loads((FIXTURES / "wire-tr.json").read_text("utf-8"))
    assert report.id == "tr-sel-01"
    assert report.body == data["body"]
    assert report.title == data["title"] and report.outlet == data["outlet"]
    assert report.published == datetime(2024, 4, 2, 9, 45, tzinfo=timezone(timedelta(hours=3)))
    assert report.published_from == "file"
    assert report.language == "tr" and not report.language_detected
    assert report.origin == str(FIXTURES / "wire-tr.json")


def test_json_without_id_hashes_its_body(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.json", '{"body": "At least 12 people died."}')
    report = _one_report(path)
    assert report.id == f"w-{_hash8('At least 12 people died.')}"


def test_json_array_is_an_error(tmp_path: Path) -> None:
    error = _one_error(_write(tmp_path, "a.json", '[{"body": "x"}]'))
    assert error.message == "expected a wire object, got a JSON array"


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    error = _one_error(_write(tmp_path, "bad.json", '{\n"body": "x"\n"id": "y"\n}'))
    assert error.line == 3
    assert error.message.startswith("invalid JSON: Expecting ',' delimiter")
    assert str(error).startswith(f"{tmp_path / 'bad.json'}:3: invalid JSON")


def test_jsonl_sample_wires_in_order() -> None:
    path = FIXTURES / "wires-sample.jsonl"
    reports = _read(path)
    wires = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert [r.id for r in reports if isinstance(r, Report)] == [w["id"] for w in wires]
    for number, (report, wire) in enumerate(zip(reports, wires, strict=True), start=1):
        assert isinstance(report, Report)
        assert report.body == wire["body"]
        assert report.origin == f"{path}:{number}"
        assert report.published_from == "file"
        assert report.language == wire["language"]


def test_jsonl_bad_lines_are_errors_and_good_lines_still_read() -> None:
    path = FIXTURES / "wires-bad.jsonl"
    items = _read(path)
    outcome = {
        (item.line if isinstance(item, InputError) else int(item.origin.rsplit(":", 1)[1])): item
        for item in items
    }
    assert list(outcome) == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11]  # blank line 2 skipped
    errors = {n: item.message for n, item in outcome.items() if isinstance(item, InputError)}
    assert errors[3].startswith("invalid JSON: Expecting ',' delimiter")
    assert errors[4] == "missing field 'body'"
    assert errors[5].startswith("unknown field 'bodyy'")
    assert "missing field 'body'" in errors[5]
    assert errors[7] == "field 'published' is not an ISO 8601 date-time: 'last Tuesday'"
    assert errors[8] == "expected a wire object, got a JSON array"
    assert errors[9] == "field 'body' is empty"
    assert errors[10] == "field 'title' must be a string, not number"
    for n, item in outcome.items():
        if isinstance(item, InputError):
            assert item.origin == str(path)
            assert str(item) == f"{path}:{n}: {item.message}"
    no_id = outcome[6]
    assert isinstance(no_id, Report)
    assert no_id.id == "wires-bad-L6"
    assert no_id.published == datetime(2024, 1, 5, 10, tzinfo=UTC)  # naive taken as UTC
    last = outcome[11]
    assert isinstance(last, Report) and last.language == "en"  # "en-GB": primary subtag


def test_unknown_fields_are_kept_as_metadata(tmp_path: Path) -> None:
    warnings: list[str] = []
    path = _write(tmp_path, "u.json", '{"body": "x", "source": "y", "n": [1], "url": "http://a"}')
    (report,) = read_inputs([str(path)], warn=warnings.append)
    assert isinstance(report, Report)
    assert report.meta == {"source": "y", "n": "[1]", "url": "http://a"}
    assert warnings == [f"{path}: unknown fields kept as metadata: 'source', 'n'"]


def test_error_messages_stay_on_one_line(tmp_path: Path) -> None:
    wire = {"body": "x", "a\nb": 1, "published": "x" * 500}
    error = _one_error(_write(tmp_path, "odd.json", json.dumps(wire)))
    assert "\n" not in str(error) and len(str(error)) < 300
    assert "unknown field 'a\\nb'" in error.message


def test_unpaired_surrogate_escape_is_an_error(tmp_path: Path) -> None:
    error = _one_error(_write(tmp_path, "s.json", '{"body": "half \\ud800 pair"}'))
    assert error.message == "field 'body' contains an unpaired surrogate escape"


def test_duplicate_field_is_an_error(tmp_path: Path) -> None:
    error = _one_error(_write(tmp_path, "d.json", '{"body": "x", "body": "y"}'))
    assert error.message == "duplicate field 'body'"


# --- publish time and language precedence -----------------------------------------


def test_published_precedence(tmp_path: Path) -> None:
    option = datetime(2020, 5, 6, 7, 8)  # naive: taken as UTC
    with_date = _write(tmp_path, "a.json", '{"body": "x", "published": "2019-03-01T10:00:00Z"}')
    without = _write(tmp_path, "b.json", '{"body": "x"}')
    a, b = _read(with_date, without, published=option)
    assert isinstance(a, Report) and isinstance(b, Report)
    assert (a.published, a.published_from) == (datetime(2019, 3, 1, 10, tzinfo=UTC), "file")
    assert (b.published, b.published_from) == (option.replace(tzinfo=UTC), "option")
    c = _one_report(without)
    assert (c.published, c.published_from) == (MTIME, "mtime")
    for report in (a, b, c):
        assert report.published is not None and report.published.tzinfo is not None


def test_language_precedence(tmp_path: Path) -> None:
    declared = _write(
        tmp_path,
        "a.json",
        '{"body": "Some 40 of the people in the town have died.", "language": "fr"}',
    )
    undeclared = _write(
        tmp_path, "b.json", '{"body": "Some 40 of the people in the town have died."}'
    )
    a, b = _read(declared, undeclared, language="tr")
    assert isinstance(a, Report) and isinstance(b, Report)
    assert (a.language, a.language_detected) == ("fr", False)
    assert (b.language, b.language_detected) == ("tr", False)
    c = _one_report(undeclared)
    assert (c.language, c.language_detected) == ("en", True)


# --- standard input and sniffing --------------------------------------------------


def test_stdin_text() -> None:
    report = _one_report("-", stdin=io.StringIO("Headline\n\nSome 30 homes burned.\n"))
    assert report.id == f"stdin-{_hash8('Some 30 homes burned.')}"
    assert report.origin == "-"
    assert report.published_from == "now"
    assert report.published is not None
    assert abs(report.published - datetime.now(UTC)) < timedelta(minutes=5)


def test_stdin_json_lines_and_html() -> None:
    lines = '{"id": "x", "body": "a b c"}\n\n{"body": "d e f"}\n'
    items = _read("-", stdin=io.StringIO(lines))
    assert [(i.id, i.origin) for i in items if isinstance(i, Report)] == [
        ("x", "-:1"),
        ("stdin-L3", "-:3"),
    ]
    html = "  <html><body><article><p>Two bridges collapsed.</p></article></body></html>"
    assert _one_report("-", stdin=io.StringIO(html)).body == "Two bridges collapsed."


def test_stdin_bytes_are_decoded_like_files() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"Title\n\nbad \xff byte"), encoding="utf-8")
    error = _one_error("-", stdin=stream)
    assert error.message == "not UTF-8 text (byte 0xff at offset 11)"
    assert str(error) == "-: not UTF-8 text (byte 0xff at offset 11)"


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    jsonl = _write(tmp_path, "feed.dat", '{"id": "j1", "body": "x y z"}\n{"id": "j2", "body": "q"}')
    pretty = _write(tmp_path, "one.wire", '{\n  "id": "p1",\n  "body": "pretty printed"\n}\n')
    html = _write(tmp_path, "page", "<article><p>Sniffed page.</p></article>")
    text = _write(tmp_path, "notes.log", "A title\n\nA body.")
    items = _read(jsonl, pretty, html, text)
    assert all(isinstance(i, Report) for i in items), items
    reports = [i for i in items if isinstance(i, Report)]
    assert [r.id for r in reports[:3]] == ["j1", "j2", "p1"]
    assert reports[2].origin == str(pretty)
    assert reports[3].body == "Sniffed page."
    assert (reports[4].title, reports[4].body) == ("A title", "A body.")


# --- failures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Title\n\nSome body \xff here", "not UTF-8 text (byte 0xff at offset 17)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)"),
        (b"", "empty file"),
        (b"  \n\t\n", "empty file (only whitespace)"),
    ],
)
def test_unreadable_content(tmp_path: Path, data: bytes, message: str) -> None:
    error = _one_error(_write(tmp_path, "x.txt", data))
    assert error.message == message


def test_missing_directory_and_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _one_error(tmp_path / "nope.txt").message == "no such file"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _one_error(empty).message.startswith("no wire files in this folder")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = _write(tmp_path, "secret.txt", "Title\n\nBody.")
    monkeypatch.setattr(readers, "open", refuse, raising=False)
    assert _one_error(path).message == "permission denied"


def test_errors_do_not_stop_the_run_and_order_is_kept(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", "T\n\nFirst body.")
    bad = _write(tmp_path, "bad.txt", b"\xff")
    items = _read(good, tmp_path / "missing.md", bad, FIXTURES / "wire-tr.json")
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Report", "InputError", "InputError", "Report"]


SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".bin", ""]


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_bytes(data)
        for item in read_inputs([str(path)]):
            assert isinstance(item, Report | InputError)
            if isinstance(item, InputError):
                assert "unexpected error" not in item.message
                assert "\n" not in str(item)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_text_never_raises_and_bodies_are_verbatim(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_text(text, encoding="utf-8", newline="")
        normalised = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        for item in read_inputs([str(path)]):
            assert isinstance(item, Report | InputError)
            if isinstance(item, InputError):
                assert "unexpected error" not in item.message
            elif suffix in (".txt", ".md"):
                assert item.body in strip_escapes(normalised)


@settings(max_examples=100, deadline=None)
@given(
    st.fixed_dictionaries(
        {"body": st.text(min_size=1, max_size=80)},
        optional={
            "id": st.text(max_size=10),
            "title": st.text(max_size=20),
            "published": st.text(max_size=25),
            "language": st.sampled_from(["en", "ar", "fr-FR", "", "x", "tr"]),
            "url": st.text(max_size=10),
        },
    )
)
def test_arbitrary_wire_objects_never_raise(wire: dict[str, str]) -> None:
    stdin = io.StringIO(json.dumps(wire) + "\n")
    for item in read_inputs(["-"], stdin=stdin):
        if isinstance(item, InputError):
            assert "unexpected error" not in item.message
        else:
            # Terminal escape sequences are no part of a wire's text (issue 11).
            assert item.body == strip_escapes(
                wire["body"].removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            )


# --- the shared corpus ------------------------------------------------------------


@pytest.mark.corpus("wires.jsonl")
def test_corpus_wires_read_verbatim() -> None:
    path = CORPUS / "wires.jsonl"
    wires = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    reports = _read(path)
    assert len(reports) == len(wires) == 26
    for report, wire in zip(reports, wires, strict=True):
        assert isinstance(report, Report), report
        assert report.id == wire["id"]
        assert report.body == wire["body"]
        assert report.title == wire["title"] and report.outlet == wire["outlet"]
        assert report.published == datetime.fromisoformat(wire["published"])
        assert report.published_from == "file"
        assert (report.language, report.language_detected) == (wire["language"], False)


@pytest.mark.corpus("seed-wire.txt")
def test_seed_wire_reads_as_text() -> None:
    path = CORPUS / "seed-wire.txt"
    report = _one_report(path)
    first, _, rest = path.read_text("utf-8").partition("\n")
    assert report.title == first
    assert report.body == rest.strip()
    assert report.language == "ar" and report.language_detected
