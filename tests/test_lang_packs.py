"""Language packs: shipped packs validate, bad packs fail clearly, a new language is a folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.models import Metric, Qualifier, Report
from assistant.extract.rules import RulesExtractor
from assistant.lang import ENV, SHIPPED, LangPackError, load_pack, packs
from assistant.lang.schema import FILES

SHIPPED_CODES = sorted(p.parent.name for p in SHIPPED.glob("*/pack.json"))


@pytest.fixture
def lang_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on TALLY_LANG_PATH; the packs reload when it changes, and after the test."""
    monkeypatch.setenv(ENV, str(tmp_path))
    yield tmp_path
    monkeypatch.delenv(ENV)
    packs()


def _write(folder: Path, files: dict[str, object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder


@pytest.mark.parametrize("code", SHIPPED_CODES)
def test_every_shipped_pack_validates(code: str) -> None:
    pack = load_pack(SHIPPED / code)
    assert pack.code == code
    assert pack.files()[0] == "pack.json"
    assert set(pack.files()) <= set(FILES)


def test_shipped_languages_are_found() -> None:
    assert {"ar", "en", "fr", "tr"} <= set(packs())


def test_wrong_type_names_file_and_key(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "xy",
        {
            "pack.json": {"code": "xy", "name": "Test", "script": "Latn"},
            "lexicon.json": {"time_units": "hour day"},
        },
    )
    with pytest.raises(LangPackError) as e:
        load_pack(folder)
    assert str(folder / "lexicon.json") in str(e.value)
    assert "'time_units'" in str(e.value)
    assert e.value.key == "time_units"


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "xy",
        {
            "pack.json": {"code": "xy", "name": "Test", "script": "Latn"},
            "attribution.json": {"cues": {"after": ["menurut"]}, "cue_words": []},
        },
    )
    with pytest.raises(LangPackError) as e:
        load_pack(folder)
    assert e.value.path == folder / "attribution.json"
    assert e.value.key == "cue_words"
    assert "Extra inputs are not permitted" in str(e.value)


def test_nested_key_and_bad_regex_are_named(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "xy",
        {
            "pack.json": {"code": "xy", "name": "Test", "script": "Latn"},
            "lexicon.json": {"metrics": {"killed": ["ok"], "exploded": ["boom"]}},
        },
    )
    with pytest.raises(LangPackError) as e:
        load_pack(folder)
    assert e.value.key is not None and e.value.key.startswith("metrics.exploded")
    _write(folder, {"lexicon.json": {"vague": ["(unclosed"]}})
    with pytest.raises(LangPackError, match="vague"):
        load_pack(folder)


def test_folder_must_match_code_and_json_must_parse(tmp_path: Path) -> None:
    folder = _write(tmp_path / "xy", {"pack.json": {"code": "xz", "name": "T", "script": "Latn"}})
    with pytest.raises(LangPackError, match="'code'"):
        load_pack(folder)
    (folder / "pack.json").write_text("{", "utf-8")
    with pytest.raises(LangPackError, match="not JSON"):
        load_pack(folder)


def test_bad_pack_on_the_path_fails_the_command(
    lang_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(lang_path / "xy", {"pack.json": {"code": "xy", "name": "T", "script": "Latn", "x": 1}})
    assert main(["languages"]) == 3
    err = capsys.readouterr().err
    assert "pack.json" in err and "'x'" in err


INDONESIAN = {
    "pack.json": {"code": "id", "name": "Indonesian", "script": "Latn"},
    "lexicon.json": {
        "qualifiers_before": {"at_least": ["sedikitnya", "setidaknya"], "approx": ["sekitar"]},
        "units": {"people": ["orang", "warga", "penduduk"], "children": ["anak"]},
        "metrics": {
            "killed": ["tewas", "meninggal dunia", "korban jiwa"],
            "injured": ["luka", "cedera"],
            "displaced": ["mengungsi", "pengungsi"],
        },
        "time_units": ["jam", "hari", "minggu", "bulan", "tahun"],
    },
    "attribution.json": {"cues": {"before": ["kata", "ujar"], "after": ["menurut"]}},
}


def test_a_new_language_is_one_folder(lang_path: Path) -> None:
    _write(lang_path / "id", INDONESIAN)
    assert packs()["id"].info.name == "Indonesian"
    report = Report(
        id="id1",
        outlet="Antara",
        published=datetime(2024, 1, 10, 9, 0, tzinfo=UTC),
        language="id",
        title="Banjir di Jakarta",
        body="Sedikitnya 12 orang tewas dan 30 warga mengungsi akibat banjir di Jakarta, "
        "kata polisi pada Rabu.",
    )
    claims = RulesExtractor().extract(report)
    assert [(c.value, c.unit, c.metric) for c in claims] == [
        (12, "people", Metric.KILLED),
        (30, "people", Metric.DISPLACED),
    ]
    assert claims[0].qualifier is Qualifier.AT_LEAST
    assert claims[0].quote == "Sedikitnya 12 orang"


def test_languages_command_lists_packs_and_coverage(
    lang_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(lang_path / "id", INDONESIAN)
    assert main(["languages", "--format", "json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert {"ar", "en", "fr", "tr", "id"} <= set(rows)
    assert rows["id"]["files"]["lexicon.json"] > 0
    assert rows["id"]["files"]["numbers.json"] is None
    assert rows["ar"]["script"] == "Arab"
    assert main(["languages"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["code", "name", "script"]
    assert any(line.startswith("id ") and "Indonesian" in line for line in table)
