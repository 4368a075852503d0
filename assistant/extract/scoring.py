"""Score extracted claims against an annotated corpus (the FORMAT.md gold)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.core.models import Claim, Flag

ATTRIBUTES = (
    "qualifier",
    "metric",
    "unit",
    "scope",
    "source",
    "location",
    "part_of",
    "projection",
)
# Words that do not tell one organisation or place from another.
_FILLER = frozenset(
    "the of and for a an de du des la le les l d el los las y et 's s in on at".split()
)


@dataclass
class Score:
    """Precision, recall and attribute agreement, overall and per language."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_lang: dict[str, Score] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # predicted claim id -> gold id

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def agreement(self, attr: str) -> float:
        """Share of matched claims whose attribute equals the gold."""
        return self.agree[attr] / self.tp if self.tp else 1.0

    def summary(self) -> dict[str, Any]:
        """Figures as a plain dict, for reports and JSON output."""
        out: dict[str, Any] = {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "matched": self.tp,
            "extra": self.fp,
            "missed": self.fn,
        }
        out.update({f"{a}_agreement": round(self.agreement(a), 3) for a in ATTRIBUTES})
        if self.by_lang:
            out["by_language"] = {k: v.summary() for k, v in sorted(self.by_lang.items())}
        return out


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold claims, one JSON object a line."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _words(name: str | None) -> frozenset[str]:
    text = "".join(ch if ch.isalnum() else " " for ch in (name or "").casefold())
    return frozenset(w for w in text.split() if w not in _FILLER)


def same_name(got: str | None, want: str | None) -> bool:
    """Names of one organisation or place, compared loosely.

    "Ministry of Health" names the "Blue Nile State Ministry of Health" of its report, and
    "home ministry" the "Ministry of Home Affairs": the words of one are among the other's.
    """
    a, b = _words(got), _words(want)
    if not a or not b:
        return not a and not b
    return a <= b or b <= a


def _unit(u: str | None) -> str:
    u = (u or "").casefold().strip()
    return u[:-1] if u.endswith("s") and len(u) > 3 else u


def score(
    predicted: Iterable[Claim],
    gold: list[dict[str, Any]],
    bodies: dict[str, str],
    languages: dict[str, str],
) -> Score:
    """Match predictions to gold: same wire, same value, overlapping quote places."""
    total = Score()
    pred_by_wire: dict[str, list[Claim]] = defaultdict(list)
    for c in predicted:
        pred_by_wire[c.report].append(c)
    gold_by_wire: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        gold_by_wire[g["wire"]].append(g)
    for wire in sorted(set(pred_by_wire) | set(gold_by_wire)):
        lang = languages.get(wire, "und")
        ls = total.by_lang.setdefault(lang, Score())
        body = bodies.get(wire, "")
        golds = gold_by_wire.get(wire, [])
        preds = pred_by_wire.get(wire, [])
        gspan = {}
        for g in golds:
            start = body.find(g["quote"])
            gspan[g["id"]] = (start, start + len(g["quote"]))
        used: set[str] = set()
        pred_to_gold: dict[str, str] = {}
        for p in preds:
            match = None
            for g in golds:
                if g["id"] in used or float(g["value"]) != float(p.value):
                    continue
                a, b = gspan[g["id"]]
                if p.span[0] < b and a < p.span[1]:
                    match = g
                    break
            if match is None:
                for s in (total, ls):
                    s.fp += 1
                total.extras.append(f"{p.id} {p.value} {p.quote!r}")
                continue
            used.add(match["id"])
            pred_to_gold[p.id] = match["id"]
            total.mapping[p.id] = match["id"]
        for p in preds:
            gid = pred_to_gold.get(p.id)
            if gid is None:
                continue
            g = next(x for x in golds if x["id"] == gid)
            for s in (total, ls):
                s.tp += 1
            got: dict[str, Any] = {
                "qualifier": p.qualifier.value,
                "metric": p.metric.value,
                "unit": p.unit,
                "scope": p.scope.value,
                "source": p.source,
                "location": p.location,
                "part_of": pred_to_gold.get(p.part_of or "", p.part_of),
                "projection": p.projection,
            }
            want: dict[str, Any] = {
                "qualifier": g["qualifier"],
                "metric": g["metric"],
                "unit": g.get("unit"),
                "scope": g["scope"],
                "source": g["source"],
                "location": g.get("location"),
                "part_of": g["part_of"],
                "projection": bool(g.get("projection", False)),
            }
            for attr in ATTRIBUTES:
                if attr in ("source", "location"):
                    agree = same_name(got[attr], want[attr])
                elif attr == "unit":
                    agree = _unit(got[attr]) == _unit(want[attr])
                else:
                    agree = got[attr] == want[attr]
                if agree:
                    for s in (total, ls):
                        s.agree[attr] += 1
                else:
                    total.disagreements.append(
                        f"{gid} {attr}: got {got[attr]!r} want {want[attr]!r} | {g['quote']}"
                    )
        for g in golds:
            # FORMAT.md: a claim in a headline line the body repeats is optional; the body's
            # mention is the one that must be found.
            if g["id"] not in used and not g.get("in_headline", False):
                for s in (total, ls):
                    s.fn += 1
                total.misses.append(f"{g['id']} {g['value']} {g['quote']!r}")
    return total


@dataclass
class FlagScore:
    """Which annotated flags were raised, which flags are extra, which look-alikes were hit."""

    raised: set[str] = field(default_factory=set)
    expected: int = 0
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Figures as a plain dict."""
        return {
            "flags_raised": len(self.raised),
            "flags_expected": self.expected,
            "flags_extra": len(self.extra),
            "negatives_flagged": len(self.wrong),
        }


def judge_flags(
    flags: Iterable[Flag],
    mapping: dict[str, str],
    gold_flags: list[dict[str, Any]],
    negatives: list[dict[str, Any]],
) -> FlagScore:
    """A gold flag is raised by a flag of its kind over (at least) its claims."""
    out = FlagScore(expected=len(gold_flags))
    for f in flags:
        ids = {mapping.get(c.id, c.id) for c in f.claims}
        hits = [
            g["id"] for g in gold_flags if g["kind"] == f.kind.value and set(g["claims"]) <= ids
        ]
        out.raised |= set(hits)
        if not hits:
            out.extra.append(f"{f.kind.value} {sorted(ids)}: {f.explanation}")
        for n in negatives:
            if len(set(n["claims"]) & ids) >= 2:
                out.wrong.append(f"{f.kind.value} {sorted(ids)} flags look-alike {n['claims']}")
    out.missed = [
        f"{g['id']} {g['kind']} {g['claims']}" for g in gold_flags if g["id"] not in out.raised
    ]
    return out
