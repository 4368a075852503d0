"""Tests for the claim store against real chromadb: a local folder and a `chroma run` server."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
import pytest
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import DefaultEmbeddingFunction
from chromadb.config import Settings
from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2
from conftest import free_port

from assistant.core.errors import StoreError
from assistant.core.models import Claim, Flag, FlagClaim, FlagKind, Metric, Qualifier, Report
from store import ClaimStore, RelatedClaim, UsemEmbeddingFunction, default_embedder, open_store
from store import chroma as store_chroma
from store import retrieval as store_retrieval
from store.embeddings import (
    EMBEDDER_NAME,
    RECORD_KEY_NAME,
    RecordKeyFunction,
    mask_figures,
    model_loaded,
)
from store.location import ENV_HOME, ENV_STORE_URL, connect_path, resolve_location

ROOT = Path(__file__).resolve().parents[1]
# Where claims' meaning vectors go in a new store (records apart: claim_records).
COLLECTIONS = ("claim_meaning_0001",)


# ---------- sample wires, written by hand ----------


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def _wire(
    rid: str,
    language: str,
    published: str | None,
    body: str,
    claims: list[tuple[str, str, float, Metric, str, str | None]],
    title: str = "",
) -> tuple[Report, list[Claim]]:
    """A report and its claims: (quote, number as written, value, metric, counts, source)."""
    # model_validate, not the constructor: mypy without the pydantic plugin does not
    # see Field(default, ...) defaults and would ask for every field.
    report = Report.model_validate(
        {
            "id": rid,
            "outlet": f"{rid} agency",
            "published": _at(published) if published else None,
            "language": language,
            "title": title,
            "body": body,
        }
    )
    out = []
    for n, (quote, number_text, value, metric, counts, source) in enumerate(claims, start=1):
        start = body.index(quote)
        out.append(
            Claim.model_validate(
                {
                    "id": f"{rid}-c{n}",
                    "report": rid,
                    "quote": quote,
                    "span": (start, start + len(quote)),
                    "number_text": number_text,
                    "value": value,
                    "qualifier": Qualifier.APPROX,
                    "metric": metric,
                    "counts": counts,
                    "source": source,
                }
            )
        )
    return report, out


EN_ALEPPO = _wire(
    "en-aleppo",
    "en",
    "2024-05-02T09:00:00",
    "Some 4,900 people have fled the eastern districts of Aleppo since Monday, the UN refugee "
    "agency said. Aid convoys reached two shelters on Wednesday.",
    [
        (
            "Some 4,900 people have fled the eastern districts of Aleppo",
            "4,900",
            4900,
            Metric.DISPLACED,
            "people displaced from eastern Aleppo",
            "UNHCR",
        ),
        ("two shelters", "two", 2, Metric.OTHER, "shelters reached by aid convoys", None),
    ],
    title="Thousands flee eastern Aleppo",
)
AR_ALEPPO = _wire(
    "ar-aleppo",
    "ar",
    "2024-05-03T07:30:00",
    "قالت المفوضية إن نحو 4900 شخص نزحوا من الأحياء الشرقية في حلب منذ يوم الاثنين.",
    [
        (
            "نحو 4900 شخص نزحوا من الأحياء الشرقية في حلب",
            "4900",
            4900,
            Metric.DISPLACED,
            "people who fled eastern Aleppo",
            "UNHCR",
        )
    ],
)
FR_ALEPPO = _wire(
    "fr-aleppo",
    "fr",
    "2024-05-10T12:00:00",
    "Selon l'ONU, plus de 5 200 personnes ont fui les quartiers est d'Alep depuis lundi.",
    [
        (
            "plus de 5 200 personnes ont fui les quartiers est d'Alep",
            "5 200",
            5200,
            Metric.DISPLACED,
            "people who fled eastern Aleppo",
            "United Nations",
        )
    ],
)
# Distractors: the same number for other things, other metrics, other places.
DISTRACTORS = [
    _wire(
        "en-quake",
        "en",
        "2024-04-20T03:00:00",
        "At least 4,900 people were killed when the earthquake struck the northern highlands.",
        [
            (
                "At least 4,900 people were killed",
                "4,900",
                4900,
                Metric.KILLED,
                "people killed in the earthquake",
                None,
            )
        ],
    ),
    _wire(
        "tr-camp",
        "tr",
        "2024-05-01T10:00:00",
        "Yetkililere göre kampta şu anda yaklaşık 56.000 kişi kalıyor.",
        [
            (
                "kampta şu anda yaklaşık 56.000 kişi kalıyor",
                "56.000",
                56000,
                Metric.CAMP_POPULATION,
                "people living in the camp",
                None,
            )
        ],
    ),
    _wire(
        "en-convoy",
        "en",
        "2024-05-02T15:00:00",
        "The army said 12 armoured vehicles were destroyed near the border crossing.",
        [
            (
                "12 armoured vehicles were destroyed",
                "12",
                12,
                Metric.VEHICLES,
                "armoured vehicles destroyed",
                "army",
            )
        ],
    ),
    _wire(
        "en-protest",
        "en",
        "2024-05-04T18:00:00",
        "Police detained 37 protesters outside parliament on Tuesday.",
        [("detained 37 protesters", "37", 37, Metric.DETAINED, "protesters detained", "police")],
    ),
    _wire(
        "en-port",
        "en",
        "2024-05-05T11:00:00",
        "Hospital officials said 4,900 people were injured in the port blast.",
        [
            (
                "4,900 people were injured in the port blast",
                "4,900",
                4900,
                Metric.INJURED,
                "people injured in the port blast",
                None,
            )
        ],
    ),
    _wire(
        "en-flood",
        "en",
        "2023-11-01T08:00:00",
        "Floods forced about 12,000 people from their homes along the lower river.",
        [
            (
                "about 12,000 people from their homes",
                "12,000",
                12000,
                Metric.DISPLACED,
                "people displaced by floods",
                "disaster agency",
            )
        ],
    ),
]
UNDATED = _wire(
    "en-undated",
    "en",
    None,
    "About 300 families left the village, residents said.",
    [("About 300 families left the village", "300", 300, Metric.DISPLACED, "families", None)],
)
WIRES = [EN_ALEPPO, AR_ALEPPO, FR_ALEPPO, *DISTRACTORS, UNDATED]


def _flag(kind: FlagKind, *claims: Claim, explanation: str) -> Flag:
    return Flag(
        id=Flag.make_id(kind, [c.id for c in claims]),
        kind=kind,
        claims=[
            FlagClaim(report=c.report, id=c.id, value=c.value, quote=c.quote, source=c.source)
            for c in claims
        ],
        explanation=explanation,
    )


CONFLICT = _flag(
    FlagKind.CONFLICT,
    EN_ALEPPO[1][0],
    FR_ALEPPO[1][0],
    explanation="UNHCR says 4,900 fled eastern Aleppo, the UN more than 5,200 over the same days.",
)
DISAGREE = _flag(
    FlagKind.SOURCE_DISAGREEMENT,
    AR_ALEPPO[1][0],
    FR_ALEPPO[1][0],
    explanation="Two UN bodies give different counts for eastern Aleppo.",
)


# ---------- fixtures ----------


@pytest.fixture(scope="session", autouse=True)
def no_default_embedding() -> Iterator[None]:
    """Make any use of chromadb's default (downloading) embedding function fail loudly."""

    # chromadb checks the signature of whatever __call__ it is given.
    def refuse(self: object, input: object) -> None:
        raise AssertionError("chromadb's default embedding function was used")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(DefaultEmbeddingFunction, "__call__", refuse)
        mp.setattr(ONNXMiniLM_L6_V2, "__call__", refuse)
        mp.setattr(ONNXMiniLM_L6_V2, "_download_model_if_not_exists", refuse)
        yield


@pytest.fixture(scope="session")
def embedder() -> UsemEmbeddingFunction:
    """The real embedder, its model loaded once for the whole session."""
    ef = default_embedder()
    ef.embed(["warm up"])
    return ef


@dataclass(frozen=True)
class Backend:
    """Where one test's store lives: a folder, or a fresh database on the server."""

    kind: str
    path: Path | None = None
    url: str | None = None
    database: str = chromadb.DEFAULT_DATABASE

    def client(self) -> ClientAPI:
        """A new client on this backend."""
        if self.path is not None:
            return connect_path(self.path)
        assert self.url is not None
        parts = urlsplit(self.url)
        return chromadb.HttpClient(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 8000,
            database=self.database,
            settings=Settings(anonymized_telemetry=False),
        )


@pytest.fixture(params=["local", pytest.param("server", marks=pytest.mark.server)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """A fresh, empty place to store into, per test."""
    if request.param == "local":
        return Backend("local", path=tmp_path / "store")
    url: str = request.getfixturevalue("chroma_server")
    parts = urlsplit(url)
    database = f"t{uuid.uuid4().hex}"
    admin = chromadb.AdminClient(
        Settings(
            chroma_api_impl="chromadb.api.fastapi.FastAPI",
            chroma_server_host=parts.hostname,
            chroma_server_http_port=parts.port,
            anonymized_telemetry=False,
        )
    )
    admin.create_database(database)
    return Backend("server", url=url, database=database)


@pytest.fixture
def store(backend: Backend, embedder: UsemEmbeddingFunction) -> ClaimStore:
    """An empty store on the backend."""
    return ClaimStore(backend.client(), embedder, location=backend.kind)


@pytest.fixture
def filled(store: ClaimStore) -> ClaimStore:
    """A store holding every sample wire and two flags."""
    assert store.add_reports(WIRES) == len(WIRES)
    assert store.add_flags([CONFLICT, DISAGREE]) == 2
    return store


@pytest.fixture(params=["prefetch", "chunks", "scan", "where"])
def fetching(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Neighbour queries every way: filtered candidates, day-bucket scan, chromadb `where`."""
    if request.param == "chunks":
        # Read candidates' metadata one, then four, then sixteen at a time.
        monkeypatch.setattr(store_retrieval, "_first_read", lambda k: 1)
    if request.param in ("scan", "where"):
        # One candidate per result is rarely enough here, so queries take a fallback.
        monkeypatch.setattr(store_retrieval, "_MIN_CANDIDATES", 1)
        monkeypatch.setattr(store_retrieval, "_CANDIDATES_PER_RESULT", 1)
    if request.param == "where":
        monkeypatch.setattr(store_retrieval, "_MAX_WINDOW_DAYS", 0)
    return str(request.param)


def _ids(results: list[RelatedClaim]) -> list[str]:
    return [r.claim.id for r in results]


# ---------- round trip and idempotence ----------


def test_round_trip_returns_typed_models(filled: ClaimStore) -> None:
    report, claims = EN_ALEPPO
    assert filled.get_report(report.id) == report
    assert filled.get_claim(claims[0].id) == claims[0]
    assert filled.claims(report=report.id) == claims
    assert filled.get_report("missing") is None
    assert filled.get_claim("missing") is None
    assert filled.has_report(report.id)
    assert not filled.has_report("missing")
    assert filled.flags() == [CONFLICT, DISAGREE]
    assert filled.counts() == {
        "reports": len(WIRES),
        "claims": sum(len(c) for _, c in WIRES),
        "flags": 2,
    }


def test_reports_are_ordered_and_narrowed_by_time(filled: ClaimStore) -> None:
    everything = filled.reports()
    dated = [r for r, _ in WIRES if r.published is not None]
    assert [r.id for r in everything] == [
        r.id for r in sorted(dated, key=lambda r: (r.published, r.id))
    ] + ["en-undated"]
    may = filled.reports(since=_at("2024-05-02T00:00:00"), until=_at("2024-05-04T18:00:00"))
    assert [r.id for r in may] == ["en-aleppo", "en-convoy", "ar-aleppo"]


def test_reports_page_in_the_order_of_the_whole_listing(
    filled: ClaimStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pages of the first read smaller than the store, so the time pass reads several.
    monkeypatch.setattr(store_chroma, "_PAGE", 2)
    pages = list(filled.iter_reports(page=3))
    assert [len(p) for p in pages] == [3, 3, 3, len(WIRES) - 9][: len(pages)]
    assert [r.id for p in pages for r in p] == [r.id for r in filled.reports()]
    assert pages[-1][-1].id == "en-undated"


def test_claims_are_filtered_by_metric_and_source(filled: ClaimStore) -> None:
    displaced = filled.claims(metric=Metric.DISPLACED)
    assert {c.id for c in displaced} == {
        "en-aleppo-c1",
        "ar-aleppo-c1",
        "fr-aleppo-c1",
        "en-flood-c1",
        "en-undated-c1",
    }
    assert [c.report for c in displaced][:2] == ["en-flood", "en-aleppo"]  # oldest first
    assert [c.id for c in filled.claims(source="UNHCR")] == ["en-aleppo-c1", "ar-aleppo-c1"]
    assert filled.claims(report="en-aleppo", metric="other") == [EN_ALEPPO[1][1]]


def test_same_report_twice_is_a_noop(store: ClaimStore) -> None:
    report, claims = EN_ALEPPO
    assert store.add_report(report, claims) is True
    assert store.add_report(report, claims) is False
    assert store.add_reports([EN_ALEPPO, AR_ALEPPO]) == 1
    assert store.counts() == {"reports": 2, "claims": 3, "flags": 0}


def test_same_id_with_other_content_is_refused(store: ClaimStore) -> None:
    report, claims = EN_ALEPPO
    store.add_report(report, claims)
    changed = report.model_copy(update={"body": report.body + " Updated."})
    with pytest.raises(StoreError, match="en-aleppo"):
        store.add_report(changed, claims)
    assert store.get_report("en-aleppo") == report


def test_claim_of_another_report_is_refused(store: ClaimStore) -> None:
    with pytest.raises(StoreError, match="ar-aleppo-c1"):
        store.add_report(EN_ALEPPO[0], AR_ALEPPO[1])
    assert store.counts()["claims"] == 0


def test_interrupted_write_is_redone(store: ClaimStore, monkeypatch: pytest.MonkeyPatch) -> None:
    report, claims = EN_ALEPPO
    write = ClaimStore._write

    def reports_fail(self: ClaimStore, collection: Collection, *args: Any, **kwargs: Any) -> None:
        if collection.name in ("reports", "report_records"):
            raise OSError("disk full")
        write(self, collection, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(ClaimStore, "_write", reports_fail)
        with pytest.raises(StoreError, match="disk full"):
            store.add_report(report, claims)
    # The claims were written, their report was not: nothing is visible yet.
    assert not store.has_report(report.id)
    assert store.search("Aleppo") == []
    corrected = [claims[0].model_copy(update={"value": 4800}), claims[1]]
    assert store.add_report(report, corrected) is True
    assert store.claims(report=report.id) == corrected
    assert store.counts() == {"reports": 1, "claims": 2, "flags": 0}


def test_same_flag_twice_is_a_noop(store: ClaimStore) -> None:
    assert store.add_flags([CONFLICT]) == 1
    assert store.add_flags([CONFLICT, CONFLICT, DISAGREE]) == 1
    assert store.add_flags([]) == 0
    assert store.flags() == [CONFLICT, DISAGREE]


def test_withdrawn_flags_are_deleted(store: ClaimStore) -> None:
    store.add_flags([CONFLICT, DISAGREE])
    assert store.delete_flags([CONFLICT.id, "f-unknown", CONFLICT.id]) == 1
    assert store.delete_flags([]) == 0
    assert store.flags() == [DISAGREE]
    assert store.add_flags([CONFLICT]) == 1


# ---------- neighbours ----------


def test_arabic_claim_finds_english_wording_of_same_figure(
    filled: ClaimStore, fetching: str
) -> None:
    arabic = AR_ALEPPO[1][0]
    english = EN_ALEPPO[1][0]
    anything = filled.related(arabic, k=3, same_metric=False)
    assert english.id in _ids(anything)
    same_metric = filled.related(arabic, k=3)
    assert _ids(same_metric)[0] == english.id
    top = same_metric[0]
    assert top.report == EN_ALEPPO[0]
    assert 0.0 < top.score <= 1.0
    assert [r.score for r in same_metric] == sorted((r.score for r in same_metric), reverse=True)


def test_related_skips_the_claims_own_report(filled: ClaimStore, fetching: str) -> None:
    claim = EN_ALEPPO[1][0]
    results = filled.related(claim, k=20, same_metric=False)
    assert results
    assert all(r.claim.report != claim.report for r in results)


def test_related_narrows_by_metric_and_time(filled: ClaimStore, fetching: str) -> None:
    arabic = AR_ALEPPO[1][0]
    same_metric = filled.related(arabic, k=10)
    assert {r.claim.metric for r in same_metric} == {Metric.DISPLACED}
    assert set(_ids(same_metric)) == {
        "en-aleppo-c1",
        "fr-aleppo-c1",
        "en-flood-c1",
        "en-undated-c1",
    }
    earlier = filled.related(arabic, k=10, before=AR_ALEPPO[0].published)
    assert set(_ids(earlier)) == {"en-aleppo-c1", "en-flood-c1"}
    recent = filled.related(arabic, k=10, before=AR_ALEPPO[0].published, within_days=3)
    assert _ids(recent) == ["en-aleppo-c1"]
    around = filled.related(arabic, k=10, within_days=10)
    assert set(_ids(around)) == {"en-aleppo-c1", "fr-aleppo-c1"}


def test_related_within_days_needs_a_reference_time(filled: ClaimStore) -> None:
    with pytest.raises(StoreError, match="en-undated"):
        filled.related(UNDATED[1][0], within_days=5)


def test_related_of_an_unstored_claim(filled: ClaimStore) -> None:
    _, claims = _wire(
        "tr-aleppo",
        "tr",
        "2024-05-04T00:00:00",
        "BM'ye göre Halep'in doğusundan yaklaşık 4.900 kişi göç etti.",
        [
            (
                "Halep'in doğusundan yaklaşık 4.900 kişi göç etti",
                "4.900",
                4900,
                Metric.DISPLACED,
                "people who fled eastern Aleppo",
                None,
            )
        ],
    )
    assert set(_ids(filled.related(claims[0], k=2))) <= {
        "en-aleppo-c1",
        "ar-aleppo-c1",
        "fr-aleppo-c1",
    }


def test_search_filters_by_time_metric_and_source(filled: ClaimStore, fetching: str) -> None:
    hits = filled.search("personnes déplacées d'Alep", k=3)
    assert _ids(hits)[0] in {"en-aleppo-c1", "ar-aleppo-c1", "fr-aleppo-c1"}
    in_may = filled.search("people displaced", k=10, metric="displaced", since=_at("2024-05-01"))
    assert set(_ids(in_may)) == {"en-aleppo-c1", "ar-aleppo-c1", "fr-aleppo-c1"}
    before_may = filled.search("people displaced", k=10, until=_at("2024-05-01"))
    assert set(_ids(before_may)) == {"en-quake-c1", "en-flood-c1"}
    unhcr = filled.search("Aleppo", k=10, source="UNHCR")
    assert set(_ids(unhcr)) == {"en-aleppo-c1", "ar-aleppo-c1"}
    assert filled.search("anything", k=0) == []


def test_neighbours_of_an_empty_store(store: ClaimStore) -> None:
    assert store.related(AR_ALEPPO[1][0]) == []
    assert store.search("Aleppo") == []


# ---------- embedding function ----------


def test_collections_never_use_chromas_default_embedding(
    filled: ClaimStore, backend: Backend
) -> None:
    client = backend.client()
    names = {c.name for c in client.list_collections()}
    assert names == {*COLLECTIONS, "claim_records", "report_records", "flag_records"}
    for name in COLLECTIONS:
        persisted = client.get_collection(name, embedding_function=None).configuration_json
        assert persisted["embedding_function"]["name"] == EMBEDDER_NAME, name
        assert persisted["embedding_function"]["type"] == "known", name
        assert persisted["hnsw"]["space"] == "cosine", name
        # A plain reopen, with no function passed, resolves ours from the config.
        reopened = client.get_collection(name)
        assert isinstance(reopened.configuration["embedding_function"], UsemEmbeddingFunction)
        found = reopened.query(query_texts=["displaced from Aleppo"], n_results=1)
        assert found["ids"][0]
    # Claims' records, reports and flags are found by their metadata: one number a record,
    # never chroma's model either.
    for name, stored in (
        ("claim_records", len(filled.claims())),
        ("report_records", len(filled.reports())),
        ("flag_records", len(filled.flags())),
    ):
        records = client.get_collection(name)
        assert isinstance(records.configuration["embedding_function"], RecordKeyFunction)
        assert records.configuration_json["embedding_function"]["name"] == RECORD_KEY_NAME
        assert records.count() == stored > 0
        vectors = records.get(limit=1, include=["embeddings"])["embeddings"]
        assert vectors is not None and len(vectors[0]) == 1


def test_store_refuses_a_collection_embedded_otherwise(backend: Backend) -> None:
    client = backend.client()
    client.create_collection("claims", embedding_function=None)
    with pytest.raises(StoreError, match="claims"):
        ClaimStore(client, location=backend.kind)


def test_figures_are_masked_before_embedding(embedder: UsemEmbeddingFunction) -> None:
    assert mask_figures("4,900 ou 4 900 ou ٤٩٠٠ ou 12.5 % en 2024") == "0 ou 0 ou 0 ou 0 en 0"
    a, b = embedder.embed(["4,900 people fled Aleppo", "5,200 people fled Aleppo"])
    assert float(a @ b) > 0.99
    assert model_loaded()


# ---------- a second process ----------

_REOPEN = """
import json, sys
from pathlib import Path
import chromadb
from chromadb.api.types import DefaultEmbeddingFunction
from chromadb.config import Settings
from assistant.core.models import Claim
from store import ClaimStore
from store.location import connect_path

def refuse(self, input):
    raise AssertionError("chromadb's default embedding function was used")

DefaultEmbeddingFunction.__call__ = refuse
spec = json.loads(sys.argv[1])
if spec["path"]:
    client = connect_path(Path(spec["path"]))
else:
    client = chromadb.HttpClient(host=spec["host"], port=spec["port"], database=spec["database"],
                                 settings=Settings(anonymized_telemetry=False))
store = ClaimStore(client)
claim = Claim.model_validate_json(spec["claim"])
raw = client.get_collection("claim_meaning_0001").query(query_texts=[claim.quote], n_results=1)
print(json.dumps({
    "counts": store.counts(),
    "reports": [r.model_dump(mode="json") for r in store.reports()],
    "claims": [c.model_dump(mode="json") for c in store.claims()],
    "flags": [f.model_dump(mode="json") for f in store.flags()],
    "related": [r.claim.id for r in store.related(claim, k=3, same_metric=False)],
    "raw": raw["ids"][0],
}))
"""


def test_second_process_sees_the_same_store(filled: ClaimStore, backend: Backend) -> None:
    parts = urlsplit(backend.url or "")
    spec = {
        "path": str(backend.path) if backend.path else None,
        "host": parts.hostname,
        "port": parts.port,
        "database": backend.database,
        "claim": AR_ALEPPO[1][0].model_dump_json(),
    }
    done = subprocess.run(
        [sys.executable, "-c", _REOPEN, json.dumps(spec)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout)
    assert seen["counts"] == filled.counts()
    assert [Report.model_validate(r) for r in seen["reports"]] == filled.reports()
    assert [Claim.model_validate(c) for c in seen["claims"]] == filled.claims()
    assert [Flag.model_validate(f) for f in seen["flags"]] == [CONFLICT, DISAGREE]
    assert seen["related"] == _ids(filled.related(AR_ALEPPO[1][0], k=3, same_metric=False))
    assert seen["raw"] == ["ar-aleppo-c1"]


def test_store_never_imports_the_ui() -> None:
    code = (
        "import sys, store, store.location; "
        "bad = [m for m in sys.modules "
        "if m.split('.')[0] == 'textual' or m == 'assistant.app.cli']; "
        "print(bad)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


# ---------- locations and failures ----------


def test_location_defaults_to_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    assert resolve_location(None, env={}).path == Path(platformdirs.user_data_dir("tally")) / (
        "store"
    )
    assert resolve_location(None, env={ENV_HOME: "/srv/tally"}).path == Path("/srv/tally/store")
    env = {ENV_HOME: "/srv/tally", ENV_STORE_URL: "http://chroma:8000"}
    assert resolve_location(None, env=env).url == "http://chroma:8000"
    assert resolve_location("/data/x", env=env).path == Path("/data/x")
    assert resolve_location("https://c.example", env=env).url == "https://c.example"


def test_open_store_uses_tally_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, embedder: UsemEmbeddingFunction
) -> None:
    monkeypatch.delenv(ENV_STORE_URL, raising=False)
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    opened = open_store(embedder=embedder)
    opened.add_report(*EN_ALEPPO)
    assert (tmp_path / "store" / "chroma.sqlite3").is_file()
    assert open_store(str(tmp_path / "store")).has_report("en-aleppo")


def test_unreachable_server_is_a_store_error(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert str(caught.value) == f"cannot reach chroma server at {url}: connection refused"
    monkeypatch.setenv(ENV_STORE_URL, url)
    with pytest.raises(StoreError, match="connection refused"):
        open_store()


@pytest.mark.parametrize(
    "url", ["http://", "http://127.0.0.1:notaport", "https://host:8000/some/path", "http://h?x=1"]
)
def test_bad_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError, match="invalid chroma server URL"):
        open_store(url)


def test_non_chroma_server_is_a_store_error() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"

        with pytest.raises(StoreError, match="cannot reach chroma server at"):
            _serve_garbage(listener, url)


def _serve_garbage(listener: socket.socket, url: str) -> None:
    import threading

    def answer() -> None:
        while True:
            try:
                conn, _addr = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=answer, daemon=True).start()
    open_store(url)


def test_unwritable_path_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot open store at"):
        open_store(str(blocker / "store"))


@pytest.mark.server
def test_server_url_opens_through_open_store(
    chroma_server: str, embedder: UsemEmbeddingFunction
) -> None:
    opened = open_store(chroma_server + "/", embedder=embedder)
    assert opened.location == chroma_server + "/"
    assert set(opened.counts()) == {"reports", "claims", "flags"}


def test_neighbours_are_related_claims_without_their_reports(
    filled: ClaimStore, fetching: str
) -> None:
    claim = AR_ALEPPO[1][0]
    related = filled.related(claim, k=10, same_metric=False)
    near = filled.neighbours(claim, k=10, same_metric=False)
    assert [(n.claim, round(n.score, 6)) for n in near] == [
        (r.claim, round(r.score, 6)) for r in related
    ]
    # The publish time comes from the claim's record: the same as its report's.
    assert [n.published for n in near] == [r.report.published for r in related]
    again = filled.with_reports([(n, 0.5) for n in near])
    assert [r.report for r in again] == [r.report for r in related]
