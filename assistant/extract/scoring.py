"""Score extracted claims against an annotated corpus (the FORMAT.md gold)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.models import Claim

ATTRIBUTES = ("qualifier", "metric", "scope", "source", "part_of")


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


def _norm_source(s: str | None) -> str:
    return (s or "").strip().lower()


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
        for p in preds:
            gid = pred_to_gold.get(p.id)
            if gid is None:
                continue
            g = next(x for x in golds if x["id"] == gid)
            for s in (total, ls):
                s.tp += 1
            got = {
                "qualifier": p.qualifier.value,
                "metric": p.metric.value,
                "scope": p.scope.value,
                "source": _norm_source(p.source),
                "part_of": pred_to_gold.get(p.part_of or "", p.part_of),
            }
            want = {
                "qualifier": g["qualifier"],
                "metric": g["metric"],
                "scope": g["scope"],
                "source": _norm_source(g["source"]),
                "part_of": g["part_of"],
            }
            for attr in ATTRIBUTES:
                if got[attr] == want[attr]:
                    for s in (total, ls):
                        s.agree[attr] += 1
                else:
                    total.disagreements.append(
                        f"{gid} {attr}: got {got[attr]!r} want {want[attr]!r} | {g['quote']}"
                    )
        for g in golds:
            if g["id"] not in used:
                for s in (total, ls):
                    s.fn += 1
                total.misses.append(f"{g['id']} {g['value']} {g['quote']!r}")
    return total
