"""Check the own development and held-out sets (stdlib only).

Usage: python3 tests/data/own/validate.py [SET_DIR ...]
Without arguments, checks dev/ and heldout/ beside this file. Exit status 1 on any error.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
WIRE_FIELDS = ["id", "outlet", "published", "language", "title", "body"]
CLAIM_FIELDS = [
    "id",
    "wire",
    "quote",
    "number_text",
    "value",
    "qualifier",
    "unit",
    "metric",
    "counts",
    "scope",
    "period",
    "location",
    "source",
    "part_of",
    "projection",
    "in_headline",
]
FLAG_FIELDS = ["id", "kind", "claims", "planted", "why"]
LANGUAGES = {"en", "ar", "fr", "tr", "es"}
QUALIFIERS = {"exact", "approx", "at_least", "more_than", "at_most", "less_than"}
METRICS = {
    "displaced",
    "killed",
    "injured",
    "detained",
    "surrendered",
    "area_held",
    "camp_population",
    "vehicles",
    "missing",
    "other",
}
SCOPES = {"window", "cumulative", "snapshot"}
KINDS = {
    "conflict",
    "cumulative_decrease",
    "delta_mismatch",
    "part_exceeds_whole",
    "sum_mismatch",
    "source_disagreement",
}
# Parts of a total ("among them") may not be larger than the total: checked for parts of
# the same metric and unit only when no flag names the pair.


def load(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: bad JSON: {e}") from e
    return rows


def digits_value(text: str) -> float | None:
    """Value of a number written only with digits and separators, else None."""
    t = text.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}([,. ]\d{3})+", t):
        return float(re.sub(r"[,. ]", "", t))
    if re.fullmatch(r"\d+", t):
        return float(t)
    if re.fullmatch(r"\d+[.,]\d{1,2}", t):
        return float(t.replace(",", "."))
    return None


def check_set(folder: Path, prefix: str | None = None) -> list[str]:
    errs: list[str] = []
    err = errs.append
    wires = load(folder / "wires.jsonl")
    claims = load(folder / "claims.jsonl")
    flags = load(folder / "flags.jsonl")
    negs = load(folder / "negatives.jsonl")

    wire_by_id: dict[str, dict] = {}
    for w in wires:
        if list(w) != WIRE_FIELDS:
            err(f"wire {w.get('id')}: fields {list(w)}")
        wid = w.get("id", "")
        if prefix and not re.fullmatch(prefix + r"\d{2}", wid):
            err(f"wire {wid}: id should look like {prefix}NN")
        if wid in wire_by_id:
            err(f"wire {wid}: duplicate id")
        wire_by_id[wid] = w
        if w.get("language") not in LANGUAGES:
            err(f"wire {wid}: language {w.get('language')!r}")
        try:
            ts = datetime.fromisoformat(w["published"])
            if ts.tzinfo is None:
                err(f"wire {wid}: published has no offset")
        except (KeyError, ValueError):
            err(f"wire {wid}: published not ISO 8601")
        words = len(w.get("body", "").split())
        if not 80 <= words <= 300:
            err(f"wire {wid}: body has {words} words (want 80-300)")

    claim_by_id: dict[str, dict] = {}
    per_wire: dict[str, list[dict]] = {}
    for cl in claims:
        cid = cl.get("id", "?")
        if list(cl) != CLAIM_FIELDS:
            err(f"claim {cid}: fields {list(cl)}")
            continue
        if cid in claim_by_id:
            err(f"claim {cid}: duplicate id")
        claim_by_id[cid] = cl
        cw = wire_by_id.get(cl["wire"])
        if cw is None:
            err(f"claim {cid}: unknown wire {cl['wire']}")
            continue
        per_wire.setdefault(cl["wire"], []).append(cl)
        if not cid.startswith(cl["wire"] + "-c"):
            err(f"claim {cid}: id does not start with its wire")
        body = cw["body"]
        if cl["quote"] not in body:
            err(f"claim {cid}: quote not in body: {cl['quote']!r}")
        elif body.count(cl["quote"]) > 1:
            err(f"claim {cid}: quote occurs more than once in body: {cl['quote']!r}")
        if cl["number_text"] not in cl["quote"]:
            err(f"claim {cid}: number_text {cl['number_text']!r} not in quote")
        if not isinstance(cl["value"], (int, float)) or isinstance(cl["value"], bool):
            err(f"claim {cid}: value is not a JSON number")
        else:
            dv = digits_value(cl["number_text"])
            if dv is not None and dv != float(cl["value"]):
                err(f"claim {cid}: number_text {cl['number_text']!r} does not give {cl['value']}")
        if cl["qualifier"] not in QUALIFIERS:
            err(f"claim {cid}: qualifier {cl['qualifier']!r}")
        if cl["metric"] not in METRICS:
            err(f"claim {cid}: metric {cl['metric']!r}")
        if cl["scope"] not in SCOPES:
            err(f"claim {cid}: scope {cl['scope']!r}")
        for field in ("unit", "counts", "period", "location"):
            if not isinstance(cl[field], str) or not cl[field].strip():
                err(f"claim {cid}: {field} empty")
        if cl["source"] is not None and (not isinstance(cl["source"], str) or not cl["source"]):
            err(f"claim {cid}: source must be a name or null")
        for field in ("projection", "in_headline"):
            if not isinstance(cl[field], bool):
                err(f"claim {cid}: {field} must be true or false")
        if cl["in_headline"] and cl["quote"] not in body.split("\n\n")[0]:
            err(f"claim {cid}: in_headline but quote is not in the body's first line")
        if cl["in_headline"] and body.split("\n\n")[0].strip() != cw["title"].strip():
            err(f"claim {cid}: in_headline but the body does not repeat the title")

    # ids in order of appearance, numbered c1.. per wire; part_of inside the wire
    for wid, cls in per_wire.items():
        body = wire_by_id[wid]["body"]
        ids = [c["id"] for c in cls]
        if ids != [f"{wid}-c{i}" for i in range(1, len(cls) + 1)]:
            err(f"wire {wid}: claim ids not c1..c{len(cls)} in file order")
        pos = [body.find(c["quote"]) + c["quote"].find(c["number_text"]) for c in cls]
        if pos != sorted(pos):
            err(f"wire {wid}: claims not in order of appearance")
        local = {c["id"]: c for c in cls}
        for c in cls:
            pid = c["part_of"]
            if pid is None:
                continue
            if pid not in local:
                err(f"claim {c['id']}: part_of {pid} not a claim of the same wire")
            elif pid == c["id"]:
                err(f"claim {c['id']}: part_of itself")
    for wid in wire_by_id:
        if wid not in per_wire:
            err(f"wire {wid}: no claims")

    flagged_pairs: set[tuple[str, str]] = set()
    fids: set[str] = set()
    for f in flags:
        if list(f) != FLAG_FIELDS:
            err(f"flag {f.get('id')}: fields {list(f)}")
            continue
        if f["id"] in fids:
            err(f"flag {f['id']}: duplicate id")
        fids.add(f["id"])
        if f["kind"] not in KINDS:
            err(f"flag {f['id']}: kind {f['kind']!r}")
        if not isinstance(f["planted"], bool):
            err(f"flag {f['id']}: planted must be true or false")
        if len(f["claims"]) < 2:
            err(f"flag {f['id']}: needs at least two claims")
        for cid in f["claims"]:
            if cid not in claim_by_id:
                err(f"flag {f['id']}: unknown claim {cid}")
        fcids: list[str] = f["claims"]
        flagged_pairs.update((a, b) for a in fcids for b in fcids)
        if not f["why"].strip():
            err(f"flag {f['id']}: empty why")
        if any(cid in claim_by_id and claim_by_id[cid]["projection"] for cid in fcids):
            err(f"flag {f['id']}: a projection never enters a flag")
    for i, n in enumerate(negs, 1):
        if sorted(n) != ["claims", "why"]:
            err(f"negative {i}: fields {list(n)}")
            continue
        if len(n["claims"]) < 2:
            err(f"negative {i}: needs at least two claims")
        for cid in n["claims"]:
            if cid not in claim_by_id:
                err(f"negative {i}: unknown claim {cid}")
        if not n["why"].strip():
            err(f"negative {i}: empty why")
        key = set(n["claims"])
        for f in flags:
            if key == set(f["claims"]):
                err(f"negative {i}: same claims as flag {f['id']}")

    # unflagged parts larger than their whole (same metric and unit)
    for c in claims:
        whole = claim_by_id.get(c.get("part_of") or "")
        if (
            whole
            and c["metric"] == whole["metric"]
            and c["unit"] == whole["unit"]
            and float(c["value"]) > float(whole["value"])
            and (c["id"], whole["id"]) not in flagged_pairs
        ):
            err(
                f"claim {c['id']}: part ({c['value']}) larger than {whole['id']} "
                f"({whole['value']}) and not flagged"
            )
    return errs


def main(argv: list[str]) -> int:
    targets = [Path(a) for a in argv] or [HERE / "dev", HERE / "heldout"]
    prefixes = {"dev": "od", "heldout": "oh"}
    status = 0
    seen_wire_ids: dict[str, str] = {}
    seen_bodies: dict[str, str] = {}
    for folder in targets:
        errs = check_set(folder, prefixes.get(folder.name))
        for w in load(folder / "wires.jsonl"):
            for table, key in ((seen_wire_ids, w["id"]), (seen_bodies, w["body"])):
                if key in table and table[key] != folder.name:
                    errs.append(f"wire {w['id']}: shared with set {table[key]}")
                table[key] = folder.name
        wires = load(folder / "wires.jsonl")
        langs: dict[str, int] = {}
        for w in wires:
            langs[w["language"]] = langs.get(w["language"], 0) + 1
        summary = (
            f"{folder.name}: {len(wires)} wires {dict(sorted(langs.items()))}, "
            f"{len(load(folder / 'claims.jsonl'))} claims, "
            f"{len(load(folder / 'flags.jsonl'))} flags, "
            f"{len(load(folder / 'negatives.jsonl'))} negatives"
        )
        print(summary)
        for e in errs:
            print(f"  {folder.name}: {e}")
        if errs:
            status = 1
    print("OK" if status == 0 else "ERRORS")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
