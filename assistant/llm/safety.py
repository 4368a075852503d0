"""What the LLM path writes about an endpoint: one line, no controls, no secrets.

Server error text is foreign data: a 401 may echo the Authorization header it refused, a
proxy may answer with an HTML page or escape sequences. Every message about a call goes
through `safe_line` before it reaches stderr, an exception or the cache.
"""

from __future__ import annotations

import re
import threading

_MASK = "***"
_LIMIT = 300  # a server message is a reason, not a page

# Key-like strings, whoever wrote them: OpenAI-style keys (sk-..., sk-proj-...), bearer
# tokens, `api-key: ...` / "api_key": "..." pairs, and long opaque tokens (Azure keys are
# 32 hex digits). Over-masking a message costs nothing; leaking a key costs a rotation.
_KEY_LIKE = re.compile(
    r"\b(?:sk|pk|rk|ak)-[A-Za-z0-9_\-]{6,}"
    r"|\b[A-Fa-f0-9]{32,}\b"
    # 40 or more letters and digits mixed, no space: a token, never a word or a path.
    r"|\b(?=[A-Za-z_\-]*[0-9])(?=[0-9_\-]*[A-Za-z])[A-Za-z0-9_\-]{40,}"
)
_BEARER = re.compile(r"(?i)\b(bearer|basic|token)(\s+)[^\s\"',;]+")
_PAIR = re.compile(
    r"(?i)\b((?:api[-_ ]?key|authorization|x-api-key|access[-_ ]?token|secret|password)"
    r"[\"']?\s*[:=]\s*[\"']?)([^\s\"',;]+)"
)

# ANSI/OSC escape sequences first (their payload is text that would otherwise survive),
# then every C0/C1 control and the bidi controls that reorder what a terminal shows.
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST (a clipboard write, a title)
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask this exact value wherever it appears, whatever its shape (a local server's key)."""
    if value and len(value.strip()) >= 4:
        with _lock:
            _secrets.add(value.strip())


def without_secrets(text: str) -> str:
    """The text with registered secrets masked, and nothing else touched (for stored data)."""
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, _MASK)
    return text


def redact(text: str) -> str:
    """The text with registered secrets and key-like strings masked."""
    text = without_secrets(text)
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{_MASK}", text)
    text = _PAIR.sub(lambda m: f"{m.group(1)}{_MASK}", text)
    return _KEY_LIKE.sub(_MASK, text)


def clean(text: str) -> str:
    """Escape sequences removed, controls made spaces, white space runs made one space."""
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def one_line(text: str, limit: int = _LIMIT) -> str:
    """`clean`, cut at `limit` characters."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_line(text: object, limit: int = _LIMIT) -> str:
    """What may be shown of a foreign text: one line, no controls, no secrets."""
    # Cleaned before masking (an escape inside a key cannot split it out of the mask), and
    # masked before cutting (a key straddling the limit is never half shown).
    return one_line(redact(clean(str(text))), limit)
