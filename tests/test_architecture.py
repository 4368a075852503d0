"""The core never imports the terminal UI: the CLI and TUI sit on top of it."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "assistant.models",
    "assistant.readers",
    "assistant.rules",
    "assistant.numbers",
    "assistant.periods",
    "assistant.scoring",
    "assistant.cli",
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
