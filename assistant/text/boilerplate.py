"""Find the boilerplate lines of a wire body: banners, follow-us, copyright, contact lines."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from assistant.lang import fold, folds, lang_cache, marks, packs

# A line scoring this much is boilerplate on its own.
THRESHOLD = 1.0
# Bonuses only reinforce a line that already has a signal: a short line and a line
# near the end are where outlets put their furniture.
_SHORT_BONUS = 0.15
_SHORT_WORDS = 15
_TAIL_BONUS = 0.25
_TAIL_FRACTION = 0.75
# A reporting verb marks a news sentence, whatever platform or product it names.
_NEWS_PENALTY = 0.8
_LONG_PENALTY = 0.4
_LONG_WORDS = 60
# A banner's continuation paragraphs can be long (cookie legalese), never article-long.
_CONTINUATION_MAX_CHARS = 400
# Weak evidence needed to join a banner, forwards (continuation) or backwards (lead-in).
_CONTINUATION_MIN_SCORE = 0.3
_LEAD_IN_MIN_SCORE = 0.5
_LEAD_IN_MAX_WORDS = 25


# The one spelling fold of each script (assistant/lang/scripts.json), as everywhere.
_ARABIC_MARKS = re.compile(f"[{marks()}]")
_ARABIC_FOLD = str.maketrans(folds())
_LATIN_FOLD = str.maketrans({"ı": "i", "’": "'", "ʼ": "'", "‘": "'"})


def _normalise(text: str) -> str:
    """Fold case, Turkish dotted/dotless i, Arabic letter variants and vowel marks."""
    text = text.replace("İ", "i").casefold().translate(_LATIN_FOLD)
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)


_PLATFORM_WEIGHT = 0.2
_PLATFORM_CAP = 0.6

# A phone number: international prefix or grouped digits, at least 8 of them.
_PHONE = re.compile(r"(?<![\w.,])(?:\+|00)?\d[\d\s\-/().]{6,}\d(?![\w.,]\d)")
_PHONE_MIN_DIGITS = 8
_PHONE_WEIGHT = 0.8

_WORD = re.compile(r"[^\W\d_]+")
_STEM_LENGTH = 5
_MIN_STEM_TOKEN = 4


@dataclass(frozen=True)
class _Tables:
    """Every pack's boilerplate.json, compiled: banners are often in another language than
    the wire (an Arabic wire scraped from a Turkish site ends in Turkish), so all apply."""

    # (pattern, weight, banner, can match Arabic letters, can match Latin letters)
    signals: list[tuple[re.Pattern[str], float, bool, bool, bool]]
    platforms: re.Pattern[str]
    news: re.Pattern[str]  # reporting verbs and attributions: a line with one is news
    proclitics: tuple[str, ...]
    stopwords: frozenset[str]  # function words that say nothing about a banner


@lang_cache
def _tables() -> _Tables:
    found = [p for p in packs().values() if p.boilerplate is not None]
    # Weights add in the packs' stated order: near the threshold, rounding depends on it.
    found.sort(key=lambda p: (p.boilerplate.order if p.boilerplate else 0, p.code))
    signals = []
    platforms: list[str] = []
    news: list[str] = []
    proclitics: list[str] = []
    stopwords: set[str] = set()
    for p in found:
        b = p.boilerplate
        assert b is not None
        # Written against _normalise()d text; folded here as that text is (ئ in اصدقائك).
        for s in b.signals:
            pattern = fold(s.pattern)
            arabic, latin = _script_of_pattern(pattern)
            signals.append((re.compile(pattern), s.weight, s.banner, arabic, latin))
        platforms += [re.escape(fold(w)) for w in b.platforms]
        if b.news:
            alt = fold("|".join(b.news))
            news.append(rf"(?<!\w){p.info.conjunction_prefix}(?:{alt})(?!\w)")
        proclitics += [fold(w) for w in b.proclitics]
        stopwords |= {fold(w) for w in b.stopwords}
    return _Tables(
        signals,
        re.compile(rf"\b(?:{'|'.join(platforms) or '(?!)'})\b"),
        re.compile("|".join(news) or "(?!)"),
        tuple(proclitics),
        frozenset(stopwords),
    )


@dataclass(frozen=True)
class _Line:
    """One non-blank line of a body with its offsets and scores."""

    start: int
    end: int
    raw: float
    score: float
    news: bool
    banner: bool
    words: int
    normalised: str

    @cached_property
    def stems(self) -> frozenset[str]:
        """Content-word stems, computed only for lines that a banner may pull in."""
        return _stems(self.normalised)


def _phone_score(text: str) -> float:
    """Weight of a phone number in the line, if it has one."""
    for match in _PHONE.finditer(text):
        token = match.group()
        digits = sum(c.isdigit() for c in token)
        grouped = token.startswith(("+", "00")) or re.search(r"\d[\s\-/().]+\d", token)
        # "26,950" and "2019" are figures and years, not phone numbers.
        if digits >= _PHONE_MIN_DIGITS and grouped:
            return _PHONE_WEIGHT
    return 0.0


def _stems(normalised: str) -> frozenset[str]:
    """Crude prefix stems of a line's content words, for vocabulary overlap."""
    stems = set()
    tables = _tables()
    for word in _WORD.findall(normalised):
        for clitic in tables.proclitics:
            if word.startswith(clitic) and len(word) - len(clitic) >= 3:
                word = word[len(clitic) :]
                break
        if len(word) >= _MIN_STEM_TOKEN and word not in tables.stopwords:
            stems.add(word[:_STEM_LENGTH])
    return frozenset(stems)


def _raw_score(normalised: str) -> tuple[float, bool]:
    """Sum of a line's boilerplate signals, and whether any is a multi-paragraph notice's."""
    raw = 0.0
    banner = False
    raw, banner = _signal_sum(normalised)
    platforms = {m.group() for m in _tables().platforms.finditer(normalised)}
    raw += min(_PLATFORM_CAP, _PLATFORM_WEIGHT * len(platforms))
    return raw + _phone_score(normalised), banner


def _script_of_pattern(source: str) -> tuple[bool, bool]:
    """Whether a pattern can match Arabic text, Latin text (escapes like \\b aside)."""
    letters = re.sub(r"\\[A-Za-z]", "", source)
    arabic = bool(re.search("[\u0600-\u06ff]", letters))
    latin = bool(re.search("[A-Za-z]", letters))
    return arabic or not latin, latin or not arabic


_HAS_ARABIC = re.compile("[\u0600-\u06ff]")
_HAS_LATIN = re.compile("[a-z]")


def _signal_sum(normalised: str) -> tuple[float, bool]:
    """Every signal's weight that the line matches, each counted once."""
    raw = 0.0
    banner = False
    # A pattern written only in Arabic letters cannot match a line with none, and the
    # other way round: skipping them halves the work on a one-script line.
    arabic = bool(_HAS_ARABIC.search(normalised))
    latin = bool(_HAS_LATIN.search(normalised))
    for pattern, weight, is_banner, p_arabic, p_latin in _tables().signals:
        if not ((p_arabic and arabic) or (p_latin and latin)):
            continue
        if pattern.search(normalised):
            raw += weight
            banner = banner or is_banner
    return raw, banner


def _score_lines(body: str) -> list[_Line]:
    """Split body into non-blank lines and score each one."""
    lines: list[_Line] = []
    tail_from = int(len(body) * _TAIL_FRACTION)
    offset = 0
    raw_lines = body.split("\n")
    news_re = _tables().news
    non_blank = [i for i, text in enumerate(raw_lines) if text.strip()]
    last_two = set(non_blank[-2:])
    for index, text in enumerate(raw_lines):
        start, end = offset, offset + len(text)
        offset = end + 1
        if not text.strip():
            continue
        stripped_start = start + (len(text) - len(text.lstrip()))
        stripped_end = start + len(text.rstrip())
        normalised = _normalise(text.strip())
        words = len(normalised.split())
        news = bool(news_re.search(normalised))
        in_tail = start >= tail_from or index in last_two
        # A reported paragraph of some length is news, whatever words it contains;
        # scoring it would cost most of the extraction time for nothing.
        if news and words > _SHORT_WORDS:
            raw, banner = 0.0, False
        else:
            raw, banner = _raw_score(normalised)
        score = raw
        if raw > 0:
            if words <= _SHORT_WORDS:
                score += _SHORT_BONUS
            if in_tail:
                score += _TAIL_BONUS
        if news:
            score -= _NEWS_PENALTY
        if words > _LONG_WORDS:
            score -= _LONG_PENALTY
        lines.append(
            _Line(stripped_start, stripped_end, raw, score, news, banner, words, normalised)
        )
    return lines


def _continues(line: _Line, vocabulary: frozenset[str]) -> bool:
    """Whether a line after a banner line reads as more of the same banner."""
    if line.news or line.end - line.start > _CONTINUATION_MAX_CHARS:
        return False
    if line.raw >= _CONTINUATION_MIN_SCORE:
        return True
    shared = len(line.stems & vocabulary)
    return shared >= 2 or (shared >= 1 and len(line.stems) <= 4)


def _leads_in(line: _Line) -> bool:
    """Whether a line just before a trailing banner introduces it."""
    return not line.news and line.words <= _LEAD_IN_MAX_WORDS and line.raw >= _LEAD_IN_MIN_SCORE


def _mark(lines: list[_Line]) -> list[bool]:
    """Which lines are boilerplate: strong lines, then the trailing banner around them."""
    marked = [line.score >= THRESHOLD for line in lines]
    # Walk back from the end of the body, one strong line at a time: the lines between
    # a strong line and the boilerplate already found after it join only if each
    # continues the banner. Filling stops at the first gap that does not, so a
    # mid-body "Read more" line never pulls in the paragraphs after it.
    suffix = len(lines)
    for first in reversed([i for i, is_strong in enumerate(marked) if is_strong]):
        vocabulary = frozenset().union(
            *(lines[i].stems for i in (first, *range(suffix, len(lines))) if lines[i].banner)
        )
        gap = range(first + 1, suffix)
        for i in gap:
            if not _continues(lines[i], vocabulary):
                break
            if vocabulary or lines[i].banner:
                vocabulary |= lines[i].stems
        else:
            for i in gap:
                marked[i] = True
            suffix = first
            continue
        break
    if suffix < len(lines):
        i = suffix - 1
        while i >= 0 and not marked[i] and _leads_in(lines[i]):
            marked[i] = True
            i -= 1
    return marked


def boilerplate_spans(body: str, language: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping [start, end) character ranges of body that are boilerplate."""
    # Every lexicon runs on every body: banners are often in another language than
    # the wire (an Arabic wire scraped from a Turkish site ends in a Turkish cookie
    # banner), so the wire's language has nothing to select.
    del language
    lines = _score_lines(body)
    marked = _mark(lines)
    spans: list[tuple[int, int]] = []
    for line, is_marked in zip(lines, marked, strict=True):
        if not is_marked:
            continue
        # Adjacent boilerplate lines, with only whitespace between, make one span.
        if spans and not body[spans[-1][1] : line.start].strip():
            spans[-1] = (spans[-1][0], line.end)
        else:
            spans.append((line.start, line.end))
    return spans


def is_boilerplate(body: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) of body, less surrounding whitespace, lies inside one span."""
    text = body[start:end]
    start += len(text) - len(text.lstrip())
    end = max(start, end - (len(text) - len(text.rstrip())))
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
