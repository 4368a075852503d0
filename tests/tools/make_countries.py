"""Regenerate assistant/extract/data/countries.json: country names in each pack language (CLDR).

Run with a Python that has `babel` (CLDR data, Unicode licence); Tally itself does not need it:
    python -m venv /tmp/b && /tmp/b/bin/pip install babel
    /tmp/b/bin/python tests/tools/make_countries.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel import Locale

LANGUAGES = ("en", "ar", "fr", "tr", "es")
# Codes that are not countries (groupings, private use, unknown).
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"}


def main() -> None:
    names = {lang: Locale.parse(lang).territories for lang in LANGUAGES}
    places = []
    for code, english in sorted(names["en"].items()):
        if not re.fullmatch(r"[A-Z]{2}", code) or code in NOT_COUNTRIES:
            continue
        aliases: list[str] = []
        for lang in LANGUAGES:
            name = names[lang].get(code)
            if name and name not in aliases:
                aliases.append(name)
        places.append({"name": english, "kind": "country", "code": code, "aliases": aliases})
    out = {
        "_comment": "Country names in en, ar, fr, tr and es from the Unicode CLDR (via babel); "
        "made by tests/tools/make_countries.py. places.json wins where both name a place.",
        "places": places,
    }
    path = Path(__file__).resolve().parents[2] / "assistant" / "data" / "countries.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(places)} countries -> {path}")


if __name__ == "__main__":
    main()
