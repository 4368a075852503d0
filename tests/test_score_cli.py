"""`tally score`: every claim field measured, and the flags the checks raise judged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.app.cli import main
from assistant.core.errors import ExitCode
from assistant.extract.scoring import same_name


def _desk(name: str) -> Path:
    from conftest import _corpus_file

    return _corpus_file(f"desk/{name}")


def test_score_reports_every_field_and_judges_flags(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "score",
        str(_desk("wires.jsonl")),
        str(_desk("claims.jsonl")),
        "--flags",
        str(_desk("flags.jsonl")),
        "--negatives",
        str(_desk("negatives.jsonl")),
    ]
    assert main(args) == ExitCode.OK
    out = json.loads(capsys.readouterr().out)
    for field in ("unit", "location", "projection", "metric", "source"):
        assert 0.0 <= out[f"{field}_agreement"] <= 1.0
    assert out["flags_expected"] == 15
    # Precision first: on the desk corpus the checks raise real flags and very few others.
    assert out["flags_raised"] >= 3
    assert out["flags_extra"] <= 8
    assert out["negatives_flagged"] <= 1
    assert set(out["by_language"]) == {"ar", "en", "es", "fr", "tr"}


def test_names_of_one_organisation_are_compared_loosely() -> None:
    assert same_name("Ministry of Health", "Blue Nile State Ministry of Health")
    assert same_name("home ministry", "Ministry of Home Affairs")
    assert same_name(None, None)
    assert not same_name("Ministry of Health", None)
    assert not same_name("Red Crescent", "Ministry of Health")
