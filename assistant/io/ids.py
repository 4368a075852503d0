"""What a wire id may be: data, never a path, so only its size and characters are checked.

An id is stored as a value (chromadb ids and metadata) and never becomes a file name: `/`,
`..` and any other printable text are kept as written. Refused, with a one-line reason:
blank ids, ids longer than MAX_ID_CHARS (a label, not a body), ids holding control
characters (NUL, newlines, escapes: they would break every line they are printed on), and
ids ending in `~v<n>`, which Tally keeps for the versions of corrected re-issues.
"""

from __future__ import annotations

import re

MAX_ID_CHARS = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_VERSION_SUFFIX = re.compile(r"~v[0-9]+\Z")


class BadId(ValueError):
    """A wire id Tally refuses; the message says why in a few words."""


def id_problem(report_id: str) -> str | None:
    """Why an id is refused ('is empty', 'is 10000 characters long ...'), or None."""
    if not report_id.strip():
        return "is empty"
    if len(report_id) > MAX_ID_CHARS:
        return f"is {len(report_id)} characters long (at most {MAX_ID_CHARS})"
    bad = _CONTROL.search(report_id)
    if bad is not None:
        return f"contains a control character (U+{ord(bad.group()):04X})"
    if _VERSION_SUFFIX.search(report_id):
        return "ends in '~v<n>', which Tally keeps for the versions of corrected re-issues"
    return None


def check_id(report_id: str) -> str:
    """The id, or BadId naming what is wrong with it."""
    why = id_problem(report_id)
    if why is not None:
        raise BadId(f"id {why}")
    return report_id
