"""Exports: every format from a real store, validated; the HTML opened in headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import rdflib

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.io.export.csvfile import COLUMNS, unescape_cell
from assistant.io.export.model import Export
from store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "assistant" / "app" / "samples" / "wires.jsonl"
HOSTILE = '<script>document.title="pwned";alert(1)</script> "><img src=x onerror=alert(1)>'
SCHEMA = "https://schema.org/"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    where = str(tmp_path_factory.mktemp("export") / "store")
    extra = tmp_path_factory.mktemp("hostile") / "hostile.jsonl"
    rows = [
        {
            "id": "h1",
            "outlet": HOSTILE,
            "published": "2019-02-03T10:00:00Z",
            "language": "en",
            "title": HOSTILE,
            "body": f"At least 40 people were killed on Sunday. {HOSTILE}",
            "url": "javascript:alert(1)",
        },
        {
            "id": "h2",
            "outlet": "Wire",
            "published": "2019-02-03T11:00:00Z",
            "language": "en",
            "title": "Toll",
            "body": "At most 20 people were killed on Sunday.",
            "url": "https://example.org/h2",
        },
    ]
    extra.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    assert main(["verify", str(SAMPLES), str(extra), "--store", where, "--format", "json"]) == 0
    store = open_store(where)
    flag = store.flags()[0]
    assert main(["review", flag.id, "--confirmed", "--note", HOSTILE, "--store", where]) == 0
    assert main(["review", "s02-c1", "--verified", "--reviewer", "Ana", "--store", where]) == 0
    assert main(["review", "h1-c1", "--disputed", "--note", "no", "--store", where]) == 0
    return where


def export(store_dir: str, fmt: str, tmp_path: Path, *extra: str) -> str:
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--format", fmt, "--store", store_dir, "-o", str(out), *extra]) == 0
    return out.read_bytes().decode("utf-8")


def test_json_validates_against_its_model_and_jsonl_matches(store_dir: str, tmp_path: Path) -> None:
    data = Export.model_validate_json(export(store_dir, "json", tmp_path))
    store = open_store(store_dir)
    assert {r.id for r in data.reports} == {r.id for r in store.reports()}
    assert sum(len(r.claims) for r in data.reports) == store.counts()["claims"]
    assert {f.id for f in data.flags} == {f.id for f in store.flags()}
    reviewed = next(f for f in data.flags if f.review is not None)
    assert reviewed.review is not None and reviewed.review.note == HOSTILE
    assert data.series and all(s.points for s in data.series)
    rows = [json.loads(line) for line in export(store_dir, "jsonl", tmp_path).splitlines()]
    assert [r["record"] for r in rows].count("report") == len(data.reports)
    assert [r["record"] for r in rows].count("flag") == len(data.flags)


def test_filters(store_dir: str, tmp_path: Path) -> None:
    only = Export.model_validate_json(export(store_dir, "json", tmp_path, "--report", "h1"))
    assert [r.id for r in only.reports] == ["h1"]
    reviewed = Export.model_validate_json(export(store_dir, "json", tmp_path, "--reviewed-only"))
    assert len(reviewed.flags) == 1
    flagged = Export.model_validate_json(export(store_dir, "json", tmp_path, "--flagged-only"))
    assert all(c.flags for r in flagged.reports for c in r.claims)
    since = Export.model_validate_json(
        export(store_dir, "json", tmp_path, "--since", "2019-02-03T00:00:00Z")
    )
    assert {r.id for r in since.reports} >= {"h1", "h2"}
    assert all(r.published and r.published.isoformat() >= "2019-02-03" for r in since.reports)


def test_csv_has_a_bom_and_parses_back_to_the_same_claims(store_dir: str, tmp_path: Path) -> None:
    text = export(store_dir, "csv", tmp_path)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS
    stored = {c.id: c for c in open_store(store_dir).claims()}
    assert len(rows) == len(stored)
    for row in rows:
        claim = stored[row["id"]]
        back: dict[str, Any] = {}
        for name in type(claim).model_fields:
            if name not in row:
                continue
            cell = unescape_cell(row[name])
            back[name] = json.loads(cell) if name == "span" else (cell or None)
        expected = claim.model_dump(mode="json", include=set(back))
        for name, value in back.items():
            want = expected[name]
            if isinstance(want, bool):
                assert value == ("true" if want else "false"), name
            elif isinstance(want, int | float):
                assert float(str(value)) == float(want), name
            elif isinstance(want, list):
                assert value == want, name
            else:
                assert value == (want if want != "" else None), (name, value, want)
    assert any(r["decision"] == "verified" and r["reviewer"] == "Ana" for r in rows)
    arabic = [r for r in rows if r["language"] == "ar"]
    assert arabic and any("\u0600" <= ch <= "\u06ff" for ch in arabic[0]["quote"])


# rdflib's JSON-LD parser still builds a ConjunctiveGraph internally.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_claimreview_has_what_schema_org_requires(store_dir: str, tmp_path: Path) -> None:
    reviews = json.loads(
        export(store_dir, "claimreview", tmp_path, "--base-url", "https://f.org/t")
    )
    assert {r["identifier"] for r in reviews} == {"s02-c1", "h1-c1"}
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        for key in (
            "claimReviewed",
            "itemReviewed",
            "reviewRating",
            "author",
            "datePublished",
            "url",
        ):
            assert review[key], key
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["datePublished"]
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] in ("Verified", "Disputed")
        assert review["url"].startswith("https://f.org/t#")
    disputed = next(r for r in reviews if r["identifier"] == "h1-c1")
    assert "url" not in disputed["itemReviewed"]["appearance"]  # javascript: is not a URL
    # A real JSON-LD parse into RDF. schema.org's published context sets @vocab to its
    # namespace; it is given inline so the test needs no network.
    graph = rdflib.Graph().parse(
        data=json.dumps([{**r, "@context": {"@vocab": SCHEMA}} for r in reviews]), format="json-ld"
    )
    schema = rdflib.Namespace(SCHEMA)
    found = list(graph.subjects(rdflib.RDF.type, schema.ClaimReview))
    assert len(found) == len(reviews)
    for node in found:
        for prop in ("claimReviewed", "itemReviewed", "reviewRating", "author", "url"):
            assert graph.value(node, schema[prop]) is not None, prop
        rating = graph.value(node, schema.reviewRating)
        assert str(graph.value(rating, schema.alternateName)) in ("Verified", "Disputed")
        item = graph.value(node, schema.itemReviewed)
        assert (item, rdflib.RDF.type, schema.Claim) in graph
        assert graph.value(graph.value(item, schema.author), schema.name) is not None


def test_markdown_escapes_wire_text(store_dir: str, tmp_path: Path) -> None:
    text = export(store_dir, "md", tmp_path)
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text
    assert "javascript:" not in text


def test_html_is_self_contained_and_escaped(store_dir: str, tmp_path: Path) -> None:
    page = export(store_dir, "html", tmp_path)
    assert (
        "<script" not in page
        and "<img" not in page
        and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    )
    assert "&lt;script&gt;" in page and "<svg" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert 'dir="rtl"' in page


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="no chromium")
def test_html_in_headless_chromium_runs_nothing_and_shows_the_text(
    store_dir: str, tmp_path: Path
) -> None:
    from cdp import Chromium

    page = tmp_path / "export.html"
    page.write_text(export(store_dir, "html", tmp_path), "utf-8")
    with Chromium(CHROMIUM or "chromium") as browser:
        result = browser.open(page.as_uri())
        shot = browser.screenshot()
    assert result["dialogs"] == []
    assert result["title"].startswith("Tally export")  # a script would have set "pwned"
    assert result["images"] == 0
    assert HOSTILE.split(" ")[0][:20] in result["text"]
    assert '"><img src=x onerror=alert(1)>' in result["text"]
    target = Path(os.environ.get("TALLY_EXPORT_PNG", tempfile.gettempdir() + "/export.png"))
    target.write_bytes(shot)
    assert shot.startswith(b"\x89PNG")


def test_the_cli_offers_exactly_the_registered_formats_with_their_descriptions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A format is one module in assistant/io/export: found there, offered by `tally export`.
    from assistant.app.commands.export import FORMATS
    from assistant.io.export import exporters

    found = exporters()
    assert {"md", "html", "csv", "json", "jsonl", "claimreview"} <= set(found)
    assert list(FORMATS) == list(found)
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for e in found.values():
        assert f"{e.name} - {' '.join(e.description.split())}" in out
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "nope"])
    assert exc.value.code == ExitCode.USAGE
    assert "invalid choice: 'nope' (choose from " + ", ".join(map(repr, found)) in (
        capsys.readouterr().err
    )
