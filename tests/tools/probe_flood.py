"""False flags on one consistent story: a country's floods over three invented provinces.

Usage: `python tests/tools/probe_flood.py [--lang ar|en] [--wires N] [--mixed] [-v]`.

Every outlet tells the same rising truth: the national toll, each province's own toll,
the missing and the injured, sentences picked at random from templates written for
this probe, in Arabic or English. Nothing in it can be inconsistent, so every flag the
checks raise is a false alarm, printed with its kind. With `--mixed` a third of the
wires carry no headline and a third a headline naming no place, so the story's place
must come from the body alone. Not a test: a measure of precision to watch while
changing how places are read (see the README of tests/data/own for the other sets).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.app.pipeline import facts_of
from assistant.check.checks import check
from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor

DAYS = 6
NATIONAL = [40, 75, 110, 160, 210, 240]
MISSING = [90, 120, 100, 80, 70, 60]  # found alive or dead: a state, never a total
INJURED = [150, 260, 300, 340, 380, 400]
PROVINCES = {
    "A": [10, 22, 35, 51, 70, 80],
    "B": [8, 15, 27, 40, 55, 61],
    "C": [5, 9, 14, 22, 30, 33],
}

TEXT: dict[str, dict[str, Any]] = {
    "ar": {
        "names": {"A": "القرنفل", "B": "وادي السدر", "C": "الزيتونة"},
        "country": "الصومال",
        "title": "فيضانات الصومال",
        "placeless": "ارتفاع حصيلة الضحايا",
        "national": [
            "ارتفعت حصيلة ضحايا الفيضانات في {country} إلى {n} قتيلاً، بحسب وزارة الصحة.",
            "وقالت وزارة الصحة إن عدد الوفيات جراء السيول ارتفع إلى {n} شخصاً.",
            "أعلن الهلال الأحمر أن {n} شخصاً لقوا حتفهم جراء السيول حتى الآن.",
            "وبلغ عدد القتلى {n} شخصاً، وفق آخر حصيلة رسمية.",
            "وأفادت السلطات بأن حصيلة القتلى بلغت {n}.",
        ],
        "missing": ["ولا يزال {n} شخصاً في عداد المفقودين.", "وبلغ عدد المفقودين {n} شخصاً."],
        "injured": ["وأصيب {n} آخرون بجروح.", "كما أصيب {n} شخصاً بجروح متفاوتة."],
        "province": [
            "وفي محافظة {p} وحدها، لقي {n} شخصاً حتفهم.",
            "وقال محافظ {p} إن {n} شخصاً قضوا في المحافظة.",
            "وسجلت محافظة {p} {n} وفيات منذ بدء الفيضانات.",
        ],
        "context": [
            "وغمرت المياه أحياء واسعة في محافظة {p}.",
            "وتواصل فرق الإنقاذ البحث عن ناجين في محافظة {p} ومحافظة {q}.",
            "وانقطعت الطرق المؤدية إلى محافظة {p}.",
            "ونزحت مئات العائلات من قرى محافظة {p}.",
        ],
    },
    "en": {
        "names": {"A": "Qaranfel", "B": "Wadi Sidr", "C": "Zaytouna"},
        "country": "Somalia",
        "title": "Floods in Somalia",
        "placeless": "Death toll rises",
        "national": [
            "The death toll from the floods in {country} rose to {n}, the health ministry said.",
            "The health ministry said the number of deaths from the floods had risen to {n}.",
            "The Red Crescent said {n} people had died in the floods so far.",
            "At least {n} people have been killed, according to the latest official toll.",
            "Authorities said the death toll had reached {n}.",
        ],
        "missing": ["{n} people are still missing.", "The number of missing stood at {n}."],
        "injured": ["Another {n} people were injured.", "{n} people were hurt."],
        "province": [
            "In {p} province alone, {n} people died.",
            "The governor of {p} said {n} people had died in the province.",
            "{p} province has recorded {n} deaths since the floods began.",
        ],
        "context": [
            "Floodwaters swept through large parts of {p} province.",
            "Rescue teams are still searching for survivors in {p} and {q} provinces.",
            "Roads leading to {p} province were cut.",
            "Hundreds of families fled villages in {p} province.",
        ],
    },
}


def wires(lang: str, n: int, mixed: bool, seed: int = 7) -> list[Report]:
    t = TEXT[lang]
    names: dict[str, str] = t["names"]
    rnd = random.Random(seed)
    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    out = []
    for i in range(n):
        d = min(DAYS - 1, i * DAYS // n)
        keys = list(names)
        rnd.shuffle(keys)
        first, last = names[keys[0]], names[keys[-1]]

        def context(k: str, first: str = first, last: str = last) -> str:
            q = last if names[k] != last else first
            return str(rnd.choice(t["context"]).format(p=names[k], q=q))

        sents = [rnd.choice(t["national"]).format(country=t["country"], n=NATIONAL[d])]
        sents += [context(k) for k in keys[: rnd.randrange(0, 3)]]
        if rnd.random() < 0.6:
            sents.append(rnd.choice(t["missing"]).format(n=MISSING[d]))
        if rnd.random() < 0.5:
            sents.append(rnd.choice(t["injured"]).format(n=INJURED[d]))
        for k in keys[: rnd.randrange(0, 3)]:
            sents.append(rnd.choice(t["province"]).format(p=names[k], n=PROVINCES[k][d]))
        sents += [context(k) for k in keys[: rnd.randrange(0, 2)]]
        title = t["title"]
        if mixed:
            title = rnd.choice([t["title"], t["placeless"], ""])
        out.append(
            Report(
                id=f"{lang}fl{i:03d}",
                outlet=f"Outlet {i % 5} (sample)",
                published=start + timedelta(days=d, hours=rnd.randrange(0, 12)),
                language=lang,
                title=str(title),
                body=" ".join(sents),
            )
        )
    return sorted(out, key=lambda r: (r.published, r.id))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=sorted(TEXT), default=None)
    ap.add_argument("--wires", type=int, default=48)
    ap.add_argument("--mixed", action="store_true")
    ap.add_argument("-v", action="store_true", help="print each false flag")
    args = ap.parse_args()
    ex = RulesExtractor()
    for lang in [args.lang] if args.lang else sorted(TEXT):
        reports = wires(lang, args.wires, args.mixed)
        flags = check(f for r in reports for f in facts_of(r, ex.extract(r)))
        kinds = Counter(f.kind.value for f in flags)
        print(f"{lang}: {len(reports)} wires, {len(flags)} false flags {dict(kinds)}")
        if args.v:
            for f in flags:
                print("  ", f.kind.value, f.explanation)


if __name__ == "__main__":
    main()
