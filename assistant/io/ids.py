"""What a wire id may be: data, never a path, so only its size and characters are checked.

An id is stored as a value (chromadb ids and metadata) and never becomes a file name: `/`,
`..`, escapes and bidi characters are kept as written (terminal output shows them inert,
assistant/text/safe.py). Refused, with a one-line reason: blank ids, ids longer than
MAX_ID_CHARS (a label, not a body), ids holding NUL (C strings and most tools end there, so
two ids could meet), and ids ending in `~v<n>`, kept for the versions of corrected re-issues.
"""

from __future__ import annotations

import re

MAX_ID_CHARS = 1000
_VERSION_SUFFIX = re.compile(r"~v[0-9]+\Z")


class BadId(ValueError):
    """A wire id Tally refuses; the message says why in a few words."""


def id_problem(report_id: str) -> str | None:
    """Why an id is refused ('is empty', 'is 10000 characters long ...'), or None."""
    if not report_id.strip():
        return "is empty"
    if len(report_id) > MAX_ID_CHARS:
        return f"is {len(report_id)} characters long (at most {MAX_ID_CHARS})"
    if "\x00" in report_id:
        return "contains a NUL character (U+0000)"
    if _VERSION_SUFFIX.search(report_id):
        return "ends in '~v<n>', which Tally keeps for the versions of corrected re-issues"
    return None


def check_id(report_id: str) -> str:
    """The id, or BadId naming what is wrong with it."""
    why = id_problem(report_id)
    if why is not None:
        raise BadId(f"id {why}")
    return report_id
