"""The trie alternation matches exactly the words it was built from, longest first."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from assistant.text.trie import trie_pattern

WORDS = st.lists(st.text(alphabet="abcمرصد ", min_size=1, max_size=6), min_size=1, max_size=12)


@given(WORDS, st.text(alphabet="abcمرصد ", max_size=8))
def test_matches_exactly_the_words(words: list[str], other: str) -> None:
    pat = re.compile(f"(?:{trie_pattern(words)})\\Z")
    for w in words:
        assert pat.match(w)
    assert bool(pat.match(other)) == (other in words)


def test_longest_word_wins() -> None:
    pat = re.compile(trie_pattern(["united nations", "united nations office", "un"]))
    m = pat.match("united nations office said")
    assert m is not None and m.group(0) == "united nations office"
