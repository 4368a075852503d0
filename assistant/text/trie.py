"""Regex alternations of many literal words, factored into a trie: much faster to scan."""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching exactly the given words, longest first at each branch."""
    root: dict[str, dict] = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root) or "(?!)"


def _emit(node: dict[str, dict]) -> str:
    end = "" in node
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        # Longest match first: try to go on before stopping here.
        return f"(?:{body})?"
    return body
