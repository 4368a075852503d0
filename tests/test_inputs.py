"""Inputs as they come: folders, globs, RSS and Atom feeds, NewsML-G2, JSON Lines with extras."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode, InputError
from assistant.core.models import Report
from assistant.io.readers import read_inputs

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Desk &amp; Wire</title><language>en-gb</language>
<item><title>Toll rises</title><link>https://example.org/a</link><guid>urn:x:1</guid>
<pubDate>Fri, 22 Feb 2019 10:00:00 +0200</pubDate>
<description>&lt;p&gt;At least 45 people were killed on Friday, the ministry said.&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Nothing</title><guid>urn:x:2</guid></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Agence</title>
<entry><id>tag:agence.example,2019:42</id><title>Déplacés</title>
<updated>2019-02-22T09:30:00Z</updated><link href="https://agence.example/42"/>
<content type="html">&lt;p&gt;Plus de 5 000 personnes ont fui en 24 heures.&lt;/p&gt;</content>
</entry></feed>
"""
NEWSML = """<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2019-02-22T12:00:00Z</sent>
</header><itemSet>
<newsItem guid="urn:newsml:example.org:20190222:abc" version="2" standard="NewsML-G2"
 standardversion="2.29" xml:lang="ar">
 <itemMeta><itemClass qcode="ninat:text"/>
  <provider qcode="nprov:EX"><name>Example Agency</name></provider>
  <versionCreated>2019-02-22T11:00:00Z</versionCreated>
  <firstCreated>2019-02-22T09:00:00Z</firstCreated></itemMeta>
 <contentMeta><headline>نزوح</headline><language tag="ar"/></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>
  <p>نزح أكثر من 5000 شخص خلال 24 ساعة.</p><p>Second paragraph.</p></body></html>
 </inlineXML></contentSet>
</newsItem>
<newsItem guid="urn:newsml:example.org:20190222:def" standard="NewsML-G2">
 <itemMeta><provider literal="Other"/></itemMeta>
 <contentMeta><headline>Plain</headline></contentMeta>
 <contentSet><inlineData contenttype="text/plain">Some 300 families left the camp.</inlineData>
 </contentSet>
</newsItem>
</itemSet></newsMessage>
"""


def _read(*paths: Path | str) -> list[Report | InputError]:
    return list(read_inputs([str(p) for p in paths]))


def test_rss_entries_are_reports_and_an_empty_entry_is_its_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS, "utf-8")
    report, error = _read(path)
    assert isinstance(report, Report) and isinstance(error, InputError)
    assert report.id == "urn:x:1" and report.outlet == "Desk & Wire"
    assert report.body == "At least 45 people were killed on Friday, the ministry said."
    assert report.published == datetime(2019, 2, 22, 8, tzinfo=UTC)
    assert (report.language, report.published_from) == ("en", "file")
    assert report.meta["url"] == "https://example.org/a"
    assert report.origin == f"{path}#1"
    assert str(error) == f"{path}: entry 2 has no text"


def test_atom_feed_in_an_xml_file(tmp_path: Path) -> None:
    path = tmp_path / "agence.xml"
    path.write_text(ATOM, "utf-8")
    (report,) = _read(path)
    assert isinstance(report, Report)
    assert (report.id, report.title, report.language) == (
        "tag:agence.example,2019:42",
        "Déplacés",
        "fr",
    )
    assert report.body == "Plus de 5 000 personnes ont fui en 24 heures."
    assert report.published == datetime(2019, 2, 22, 9, 30, tzinfo=UTC)


def test_newsml_g2_items(tmp_path: Path) -> None:
    path = tmp_path / "message.xml"
    path.write_text(NEWSML, "utf-8")
    first, second = _read(path)
    assert isinstance(first, Report) and isinstance(second, Report)
    # A second version of an item is a report of its own.
    assert first.id == "urn:newsml:example.org:20190222:abc.v2"
    assert (first.title, first.language, first.outlet) == ("نزوح", "ar", "Example Agency")
    assert first.body == "نزح أكثر من 5000 شخص خلال 24 ساعة.\n\nSecond paragraph."
    assert first.published == datetime(2019, 2, 22, 11, tzinfo=UTC)  # versionCreated
    assert first.meta["first_created"] == "2019-02-22T09:00:00Z"
    assert (second.id, second.outlet, second.body) == (
        "urn:newsml:example.org:20190222:def",
        "Other",
        "Some 300 families left the camp.",
    )


def test_bad_xml_is_one_line_naming_the_file(tmp_path: Path) -> None:
    cases = {
        "trunc.xml": NEWSML[:300],
        "other.xml": "<?xml version='1.0'?><catalog><x/></catalog>",
        "bomb.xml": '<?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY a "aaaa">]>'
        '<newsItem guid="g">&a;</newsItem>',
        "nothing.rss": "<rss><channel></channel></rss>",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, "utf-8")
        (error,) = _read(tmp_path / name)
        assert isinstance(error, InputError), name
        assert str(error).startswith(f"{tmp_path / name}: ") and "\n" not in str(error)
    (error,) = _read(tmp_path / "other.xml")
    assert "unknown XML format (<catalog>)" in str(error)


def test_folders_recursively_by_extension_and_globs(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "deep" / "deeper").mkdir(parents=True)
    (inbox / ".hidden").mkdir()
    (inbox / "a.txt").write_text("Title\n\nAbout 40 people were killed.", "utf-8")
    (inbox / "deep" / "b.rss").write_text(RSS, "utf-8")
    (inbox / "deep" / "deeper" / "c.xml").write_text(NEWSML, "utf-8")
    (inbox / "deep" / "skip.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "deep" / "half.json.part").write_text("{", "utf-8")
    (inbox / ".hidden" / "d.txt").write_text("T\n\nbody", "utf-8")
    items = _read(inbox)
    ids = [i.id for i in items if isinstance(i, Report)]
    assert ids[0].startswith("a-") and ids[1:] == [
        "urn:x:1",
        "urn:newsml:example.org:20190222:abc.v2",
        "urn:newsml:example.org:20190222:def",
    ]
    globbed = _read(str(inbox / "**" / "*.xml"))
    assert next(i.id for i in globbed if isinstance(i, Report)).startswith("urn:newsml")
    (nothing,) = _read(str(inbox / "*.nope"))
    assert isinstance(nothing, InputError) and nothing.message == "no file matches this pattern"


def test_jsonl_extra_fields_kept_with_one_warning_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": f"x{n}", "language": "en", "body": f"About {n}0 people fled.", "url_hash": f"h{n}"}
        for n in range(1, 4)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    code = main(["extract", str(path), "--format", "jsonl"])
    _out, err = capsys.readouterr()
    assert code == ExitCode.OK
    assert err.count("unknown fields kept as metadata: 'url_hash'") == 1
    reports = [r for r in _read(path) if isinstance(r, Report)]
    assert [r.meta for r in reports] == [{"url_hash": "h1"}, {"url_hash": "h2"}, {"url_hash": "h3"}]
    # Metadata is not what the report says: it does not change the content hash.
    assert reports[0].content_hash == reports[0].model_copy(update={"meta": {}}).content_hash


def test_unknown_format_in_a_folder_is_skipped_but_named_explicitly_is_an_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "scan.bin"
    path.write_bytes(b"\x00\x01binary")
    (error,) = _read(path)
    assert isinstance(error, InputError) and error.message.startswith("binary file")
