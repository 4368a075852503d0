"""Snapshot of the rules extractor's output, to show a refactoring changes nothing.

Usage: `python tests/tools/snapshot_extract.py OUT.jsonl`, then `cmp` two snapshots. It reads
every wire of the development corpus (../shared/corpus, or $TALLY_CORPUS), the shipped
samples and the test fixtures with the same readers `tally extract` uses, and writes one
canonical JSON line per claim. A fixed publish time stands in for files without one, so
the result does not depend on file modification times. Not a test: extraction is meant
to change on purpose; compare snapshots taken before and after a change you expect to be
neutral.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from assistant.core.models import Report
from assistant.extract.rules import RulesExtractor
from assistant.io.readers import read_inputs

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = datetime(2019, 3, 1, 12, 0, tzinfo=UTC)


def inputs() -> list[Path]:
    """Every input file, in a fixed order."""
    corpus = Path(os.environ.get("TALLY_CORPUS", ROOT.parent / "shared" / "corpus"))
    paths = [corpus / "wires.jsonl", corpus / "desk" / "wires.jsonl"]
    paths += sorted((ROOT / "assistant" / "app" / "samples").iterdir())
    paths += sorted((ROOT / "tests" / "fixtures").iterdir())
    return [p for p in paths if p.is_file()]


def main() -> int:
    """Write the snapshot to the file named by the first argument."""
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 3
    extractor = RulesExtractor()
    reports = claims = 0
    with open(sys.argv[1], "w", encoding="utf-8", newline="\n") as out:
        for path in inputs():
            for item in read_inputs([str(path)], published=PUBLISHED):
                if not isinstance(item, Report):
                    continue  # unreadable lines are the readers' business, not extraction's
                reports += 1
                out.write(f"# {path.relative_to(path.parents[1])} {item.id}\n")
                for claim in extractor.extract(item):
                    out.write(claim.model_dump_json() + "\n")
                    claims += 1
    print(f"{claims} claims from {reports} reports", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
