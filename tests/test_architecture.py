"""The core never imports the terminal UI: the CLI and TUI sit on top of it."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "assistant.core.models",
    "assistant.io.readers",
    "assistant.extract.rules",
    "assistant.numbers.parse",
    "assistant.extract.periods",
    "assistant.extract.scoring",
    "assistant.text.normalize",
    "assistant.text.segment",
    "assistant.text.language",
    "assistant.text.boilerplate",
    "assistant.numbers",
    "assistant.numbers.calendar",
    "assistant.extract.attribution",
    "assistant.extract.gazetteer",
    "assistant.check.checks",
    "assistant.check.quantity",
    "assistant.check.retrieval",
    "assistant.app.pipeline",
    "assistant.io.output",
    "assistant.app.cli",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
