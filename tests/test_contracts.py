"""The contracts between the stages: extractors, the store verify() needs, claim ids, formats."""

from __future__ import annotations

import ast
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.app.cli import _llm_done
from assistant.app.pipeline import VerifyStore, verify
from assistant.core.models import Report, claim_id, parse_claim_id
from assistant.extract.protocol import Extractor
from assistant.extract.rules import RulesExtractor
from assistant.io.output import FORMATS, write_claims, write_flags, write_hits, write_reports
from assistant.llm.config import LLMSettings
from assistant.llm.extractor import LLMExtractor
from store.chroma import ClaimStore

ROOT = Path(__file__).resolve().parent.parent
WIRE = Report(
    id="w-c2-x",
    language="en",
    published=datetime(2019, 3, 5, 12, tzinfo=UTC),
    body="At least 4,900 people fled Baghouz on Monday, among them 1,200 children.",
)


def test_the_rules_and_the_llm_extractors_implement_the_whole_interface(tmp_path: Path) -> None:
    llm = LLMExtractor(LLMSettings(provider="openai", base_url="http://127.0.0.1:9/v1"))
    for extractor in (RulesExtractor(), llm):
        assert isinstance(extractor, Extractor)
    rules = RulesExtractor()
    assert (rules.name, rules.label, rules.stats) == ("rules", "rules", None)
    assert rules.extract_many([WIRE]) == [RulesExtractor().extract(WIRE)]
    rules.close()


def test_finishing_with_the_rules_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert _llm_done(RulesExtractor()) is False
    assert capsys.readouterr().err == ""


CALLERS = [
    "assistant/app/cli.py",
    "assistant/app/pipeline.py",
    "assistant/app/batch.py",
    "assistant/app/watch.py",
]


def test_no_caller_probes_an_extractor_with_getattr_or_hasattr() -> None:
    files = [ROOT / p for p in CALLERS] + sorted((ROOT / "assistant/commands").glob("*.py"))
    probes = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr")
                and node.args
                and "extractor" in ast.unparse(node.args[0])
            ):
                probes.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert probes == []


def test_verify_needs_only_the_store_protocol() -> None:
    # ClaimStore satisfies it (mypy checks the assignment); verify() names no chroma class.
    store: VerifyStore = ClaimStore.__new__(ClaimStore)
    assert store is not None
    source = (ROOT / "assistant/app/pipeline.py").read_text("utf-8")
    assert "from store" not in source and "import store" not in source
    assert verify.__annotations__["store"] == "VerifyStore"


def test_claim_ids_are_made_and_parsed_in_one_place() -> None:
    assert claim_id("w-c2-x", 3) == "w-c2-x-c3"
    assert parse_claim_id("w-c2-x-c3") == ("w-c2-x", 3)
    assert parse_claim_id(claim_id("sitrep-c12", 40)) == ("sitrep-c12", 40)
    for bad in ("f-0123", "w-c", "-c3", "w-c0", "w-c٣", "w-c3x"):
        with pytest.raises(ValueError, match="not a claim id"):
            parse_claim_id(bad)
    claims = RulesExtractor().extract(WIRE)
    assert [parse_claim_id(c.id) for c in claims] == [("w-c2-x", i + 1) for i in range(len(claims))]
    # Nobody else takes claim ids apart.
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("assistant", "store")
        for p in (ROOT / folder).rglob("*.py")
        if 'rsplit("-c"' in p.read_text("utf-8") or 'rsplit("-", 1)' in p.read_text("utf-8")
    ]
    assert offenders == []


def test_every_listing_writes_every_registered_format() -> None:
    assert list(FORMATS)[:3] == ["table", "json", "jsonl"]
    claims = RulesExtractor().extract(WIRE)
    for fmt in FORMATS:
        for write in (
            lambda out, f: write_claims(out, [(WIRE, claims)], f),
            lambda out, f: write_flags(out, [], f),
            lambda out, f: write_hits(out, [], f),
            lambda out, f: write_reports(out, [WIRE], f),
        ):
            out = io.StringIO()
            write(out, fmt)
            assert out.getvalue() or fmt != "table"
