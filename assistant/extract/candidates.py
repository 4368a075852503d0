"""Figures that count something: numbers, their units, ranges, qualifiers and n-of-m."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from itertools import pairwise

from assistant.core.models import Qualifier
from assistant.extract import lexicon as lx
from assistant.extract.currency import MONEY
from assistant.extract.doc import PERSON_UNITS, Candidate, Document
from assistant.extract.units import AREA_UNITS, PERSON_GROUPS
from assistant.numbers.parse import NumberSpan, find_numbers
from assistant.text.normalize import norm
from assistant.text.segment import Sentence, clause_of, opens_clause

# Groups a generic count ("1,251 dead") may be refined to, from the words just before it.
NAMED_GROUPS = PERSON_GROUPS - {"people", "bodies"}
GROUP_REACH_WORDS = 6
# The packs' unit for "others", "آخرين", "autres": never a unit of its own.
ECHO_UNIT = "others"
# Words making a figure a measure stand right before it: "magnitude 6.4", "US$ 3,500".
MEASURE_REACH_CHARS = 14
# The few words right around a figure that make it an age, a time or part of a name
# ("aged 30", "6698 sayılı", "Rescue 1122"), or hold a unit's last word.
AROUND_CHARS = 30
# A counted noun phrase after a figure, with up to three words before its noun ("people
# were", "من عناصر التنظيم"), or a qualifier after it ("or more", "على الأقل").
NOUN_PHRASE_CHARS = 40
# "square kilometres", "كيلومترات مربعة": a unit's second word.
UNIT_TAIL_CHARS = 20
# A qualifier stands within a few words before a figure ("in the region of", "ما لا يقل عن").
QUALIFIER_BEFORE_CHARS = 60
# "between" / "ما بين" right before a range's first figure.
RANGE_LEAD_CHARS = 20
# "The number of people who left ... now stands at 8,300": the subject a bare figure counts
# is named within a clause's length before it.
SUBJECT_REACH_CHARS = 90
# A quote starting at the metric cue before a bare figure keeps to about ten words.
CUE_QUOTE_REACH_CHARS = 60


# "23 soldiers died and 26 were injured": how far back the figure whose group an
# elided noun repeats may stand (a short verb phrase and a conjunction).
ELLIPSIS_CHARS = 40


class Candidates(Document):
    """Which numbers count something, what they count and how exactly."""

    def _candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        for n in find_numbers(self.body, self.lang):
            if n.kind not in ("number", "fraction", "percent"):
                continue
            ns, ne = self.nt.from_orig(n.start), self.nt.from_orig(n.end)
            if self._in_boiler(ns) or self._in_period(ns, ne):
                continue
            sent = self._sentence(ns)
            if sent is None:
                continue
            if not self._counts_something(n, ns, ne, sent):
                continue
            clause = clause_of(self.bounds[sent.index], sent.start, sent.end, ns)
            c = Candidate(n, ns, ne, sent, clause, n.value, q_start=ns, q_end=ne)
            if out and out[-1].unit_found and out[-1].sent.index >= sent.index - 1:
                c.echo, c.echo_end = out[-1].unit, out[-1].q_end
                # Only a sentence's first figure is its subject, which "and 26 were
                # injured" may repeat; a later one may sit in an "including" list.
                c.echo_leads = len(out) < 2 or out[-2].sent is not out[-1].sent
            if n.approx:  # "une dizaine", "un millier"
                c.qualifier = Qualifier.APPROX
            if n.kind == "percent":
                c.unit, c.unit_found = "percent", True
            elif n.kind == "fraction":
                c.unit = "fraction"
            self._unit(c)
            if (
                out
                and out[-1].sent is sent
                and (not c.unit_found or c.unit == out[-1].unit)
                and self._earlier_value(ns)
            ):
                # "contre neuf mardi soir": the same count as the figure before, earlier
                # (not "une attaque contre 3 écoles": a noun of its own says what it is).
                c.earlier_of = len(out) - 1
                c.unit, c.unit_found = out[-1].unit, out[-1].unit_found
            elif out and not c.unit_found and self._takes_up_a_figure(c, out[-1]):
                c.same_as = len(out) - 1
                c.unit, c.unit_found = out[-1].unit, out[-1].unit_found
            out.append(c)
        return out

    def _counts_something(self, n: NumberSpan, ns: int, ne: int, sent: Sentence) -> bool:
        t = self.t
        after = t[ne : ne + AROUND_CHARS]
        before = t[max(sent.start, ns - AROUND_CHARS) : ns]
        first = after.lstrip(" '’-")
        time_re = lx.words_re(lx.table(self.lang, "time_units"), self.lang)
        if self._time_or_age(after):
            return False
        if n.words and n.value == 2 and time_re.match(n.text):
            # An Arabic dual of a time noun is a duration: "خلال يومين", "بعد شهرين".
            return False
        if self.lr.numeral_follows_noun and n.value in (1, 2) and n.words:
            prev = before.rstrip().rsplit(" ", 1)[-1] if before.strip() else ""
            if prev and time_re.match(prev):
                return False
        if n.kind == "fraction" and n.words and after.startswith("-"):
            return False  # "a third-floor window": an ordinal, not a share
        if n.kind == "fraction":
            tail = first.split(" ", 1)
            rest = tail[1] if len(tail) > 1 else ""
            if tail[0] in self.sh.fraction_articles and time_re.match(rest):
                return False
        if any(before.rstrip().endswith(w.lower()) for w in lx.table(self.lang, "age_before")):
            return False
        # "entre 19 y 42 años", "entre le 10 et le 14 avril": the low end of a range of
        # ages or days is an age or a day too.
        high = re.match(r"(\s*\S{1,3}\s+(?:\S{1,3}\s+)?)(\d+)", after)
        between = high.group(1) if high else ""
        # The range word, with or without an article after it ("et le 14").
        if high and (
            self.sh.range_mid.match(between)
            or self.sh.range_mid.match(re.sub(r"\s\S{1,3}\s+$", " ", between))
        ):
            hs, he = ne + high.start(2), ne + high.end(2)
            if self._in_period(hs, he) or self._time_or_age(t[he : he + AROUND_CHARS]):
                return False
        # "0112345678", "0800 123 456": a figure written with a leading zero is a phone
        # number or a code, never a count.
        digits = re.sub(r"\D", "", n.text)
        if n.kind == "number" and not n.words and len(digits) >= 5 and int(digits[0]) == 0:
            return False
        # Numbers inside names: "Resolution 2254", "6698 sayılı", "Rescue 1122 said".
        if self.sh.name_before.search(before) or self.sh.name_after.match(after):
            return False
        if self._in_name(n, ns) or self._age_after_name(n, ns):
            return False
        # A bare four-digit figure in year range is a year unless a noun says it counts.
        raw = n.text.strip()
        if n.kind == "number" and raw.isdigit() and len(raw) == 4 and 1900 <= n.value <= 2100:
            return self._noun_after(ne) is not None
        return True

    def _time_or_age(self, after: str) -> bool:
        """What follows a figure makes it a duration or an age: "24 hours", "a 40-day
        siege", "42 years old", "74 ans,"."""
        time_re = lx.words_re(lx.table(self.lang, "time_units"), self.lang)
        if time_re.match(after.lstrip(" '’-")):
            return True
        # Age words are written with what joins them to the figure (" ans,", "-year-old").
        return any(after.startswith(w.lower()) for w in lx.table(self.lang, "age_after"))

    @cached_property
    def _named_numbers(self) -> Counter[tuple[str, str]]:
        """How often each "Word 1234" pair stands in the report, counted in one pass."""
        return Counter(
            (m.group(1), m.group(2))
            for m in re.finditer(r"(?<![\w])([A-ZÀ-Þ][a-zà-ÿ]+)\s+(\d+)(?![\w])", self.body)
        )

    def _in_name(self, n: NumberSpan, ns: int) -> bool:
        """A bare number right after a capitalised word inside a sentence names something
        ("Rescue 1122", "Flight 302", "Route 66"), as does one after a naming word and a
        code in capitals ("flight EK 585"): only cased scripts can tell."""
        if not self.lr.cased or n.kind != "number" or not n.text.isdigit():
            return False
        orig = self.nt.to_orig(ns)
        prev = re.search(r"([A-ZÀ-Þ][a-zà-ÿ]+)\s+$", self.body[max(0, orig - AROUND_CHARS) : orig])
        if prev is None:
            # "Emirates flight EK 585": a code in capitals between a naming word and the figure.
            coded = re.search(
                r"(\w+)\s+[A-Z]{2,3}\s*$", self.body[max(0, orig - AROUND_CHARS) : orig]
            )
            return coded is not None and bool(self.sh.name_before.search(coded.group(1).lower()))
        end = orig + len(n.text)
        word = prev.group(1).lower()
        qualifier = any(p.search(word) for _, p in lx.qual_before_re(self.lang))
        if not qualifier and self._named_numbers[(prev.group(1), n.text)] > 1:
            # "Rescue 1122, the provincial service, said ... Two Rescue 1122 personnel":
            # a name the report repeats is a name, even with a noun after it.
            return True
        if self._noun_after(self.nt.from_orig(end)) is not None:
            return False  # "Another 50 people": a count of what follows
        word_start = orig - len(prev.group(0))
        before_word = self.body[max(0, word_start - 3) : word_start]
        opens = not before_word.strip(" \n\t\"“'") or re.search(r"[.!?:]\s*$", before_word)
        if opens and self.body[end : end + 1] != ",":
            return False  # "Only 12 survived": a sentence opening with a figure
        return not qualifier and word not in lx.calendar_words(self.lang)

    def _takes_up_a_figure(self, c: Candidate, prev: Candidate) -> bool:
        """ "31 dead, ... warned that the figure could exceed 50": a word that takes up the
        figure before stands in this figure's clause, before it, in the same or the next
        sentence."""
        if prev.sent.index < c.sent.index - 1:
            return False
        pattern = lx.words_re(lx.table(self.lang, "figure_anaphors"), self.lang)
        a = max(c.clause[0], prev.q_end)
        found = pattern.search(self.t, a, c.ns)
        if found is None:
            return False
        # "la cifra de heridos se mantiene en 34", "le chiffre d'un millier de blessés": a
        # figure word that names its own count.
        links = [norm(w, self.lang) for w in lx.table(self.lang, "figure_word_links")]
        after = self.t[found.end() : c.ns].split()
        if after and any(
            after[0] == w or (w.endswith(("'", "’")) and after[0].startswith(w)) for w in links
        ):
            return False
        # "العدد الفعلي للقتلى المدنيين «يتجاوز 1700»": what it counts is said after it.
        return lx.metric_cue_re(self.lang).search(self.t, found.end(), c.ns) is None

    def _earlier_value(self, ns: int) -> bool:
        """Whether a link to an earlier value stands right before the figure."""
        pattern = lx.words_re(lx.table(self.lang, "earlier_links"), self.lang)
        before = self.t[max(0, ns - AROUND_CHARS) : ns]
        for _, qualifier in lx.qual_before_re(self.lang):
            # "up from about 340,000": the qualifier is the earlier figure's.
            mt = qualifier.search(before)
            if mt is not None:
                before = before[: mt.start() + 1]
                break
        return any(m.end() == len(before.rstrip()) for m in pattern.finditer(before))

    def _age_after_name(self, n: NumberSpan, ns: int) -> bool:
        """ "Managing director Rafiqul Haque, 58, was stopped": a small figure set off by
        commas right after a person's name is their age (cased scripts: names by capitals)."""
        if not self.lr.cased or n.kind != "number" or not n.text.isdigit() or n.value > 110:
            return False
        orig = self.nt.to_orig(ns)
        if self.body[orig + len(n.text) : orig + len(n.text) + 1] != ",":
            return False
        name = re.search(
            r"(?<![\w'’-])([A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,3}),\s*$",
            self.body[max(0, orig - 60) : orig],
        )
        if name is None:
            return False
        # "In Dera Ismail Khan, 14, and in Swat, 9": a preposition before a name makes it
        # a place, and a conjunction after the figure a list, not an aside on a person.
        first_word = name.group(1).split()[0].lower()
        following = self.t[ns + len(n.text) + 1 : ns + len(n.text) + 20].split()
        if (
            first_word in lx.place_prepositions(self.lang)
            or not self.sh.personlike.match(name.group(1))
            or (following and following[0] in lx.table(self.lang, "conjunctions"))
        ):
            return False
        # "Upper Kelva, 31, ...": a name that is a place ("María Guadalupe Ramírez" holds
        # a place's name and is still a person).
        start = self.nt.from_orig(orig - len(name.group(0)))
        return not any(p.start <= start < p.end for p in self.all_places)

    def _coordinated_group(self, c: Candidate) -> bool:
        if c.echo is None or c.echo == "people" or c.echo not in PERSON_UNITS:
            return False
        if not c.echo_leads:
            return False
        if c.echo_end is None or c.echo_end > c.ns or c.ns - c.echo_end > ELLIPSIS_CHARS:
            return False
        between = self.t[c.echo_end : c.ns]
        # "27 migrantes muertos y al menos 15 desaparecidos": a qualifier may stand between
        # the conjunction and the figure.
        for _, pattern in lx.qual_before_re(self.lang):
            mt = pattern.search(between)
            if mt:
                between = between[: mt.start()]
                break
        return self._sentence(c.echo_end) is c.sent and bool(self.sh.conj.search(between))

    def _befell(self, word: str) -> bool:
        """A people word that says what befell them ("injured", "missing"), not who."""
        # A stem ("herid") says it of every ending ("heridos", "heridas").
        found = lx.metric_cue_re(self.lang).match(word.strip())
        return found is not None and found.start() == 0

    def _noun_after(self, ne: int, skip: int = 3) -> tuple[str, int] | None:
        """The counted noun after a number: (unit, end offset), skipping a few words."""
        t = self.t
        pos = ne
        # Turkish case endings and Arabic tanween sit right after the number.
        m = self.lr.ending.match(t[pos : pos + 6]) if self.lr.ending else None
        if m:
            pos += m.end()
        for _ in range(skip + 1):
            ws = re.match(r"[\s\-]*", t[pos:])
            pos += ws.end() if ws else 0
            rest = t[pos : pos + NOUN_PHRASE_CHARS]
            if not rest or rest[0] in '.,،;:!?()"«»':
                return None
            mt = lx.unit_any_re(self.lang).match(rest)
            if mt:
                w = re.match(r"\S*", rest[mt.end() :])
                unit, end = lx.unit_of(self.lang, mt), pos + mt.end() + (w.end() if w else 0)
                if unit == "people" and self._befell(mt.group(0)):
                    # "74 injured workers": what befell them, then who they are.
                    nxt = re.match(r"\s+", t[end:])
                    group = lx.unit_any_re(self.lang).match(t, end + nxt.end()) if nxt else None
                    if group is not None and lx.unit_of(self.lang, group) in PERSON_UNITS:
                        g = re.match(r"\S*", t[group.end() :])
                        return lx.unit_of(self.lang, group), group.end() + (g.end() if g else 0)
                return unit, end
            w = re.match(r"\S+", rest)
            if not w or any(ch.isdigit() for ch in w.group(0)) or w.group(0)[-1] in ".;:!?":
                # Another figure, or the sentence ends: what follows is not this one's noun.
                return None
            if opens_clause(t, pos, self.lang):
                # "rose to 52 on Wednesday after firefighters recovered ...": another clause.
                return None
            if self.sh.conj.fullmatch(w.group(0)) or w.group(0) in lx.place_prepositions(self.lang):
                # "killed 6 and wounded 20": what follows a conjunction is another figure's;
                # "wounded 20 near the bus station": a place phrase names no one counted.
                return None
            pos += w.end()
        return None

    def _unit(self, c: Candidate) -> None:
        before = self.t[max(c.sent.start, c.q_start - MEASURE_REACH_CHARS) : c.q_start]
        for unit, pat in lx.measure_before_re(self.lang):
            mt = pat.search(before)
            if mt:
                # "magnitude 6.4", "$3,500", "بقوة 6.1": a measure, never people.
                c.unit, c.unit_found = unit, True
                c.money = mt.group(0) if unit == MONEY else None
                c.q_start -= len(before) - mt.start()
                return
        if c.span.words:
            # An Arabic dual is its own noun: "امرأتان" is two women, "طفلان" two children.
            own = lx.unit_any_re(self.lang).search(self.t, max(c.sent.start, c.ns - 2), c.ne)
            if own and own.start() <= c.ns and own.end() >= c.ne - 2:
                c.unit, c.unit_found = lx.unit_of(self.lang, own), True
                return
        found = self._noun_after(c.ne)
        partitive = self.sh.partitive.match(self.t[c.ne : c.ne + NOUN_PHRASE_CHARS])
        if found is None and partitive:
            # "500 of them were jihadists": the noun after the partitive says who.
            found = self._noun_after(c.ne + partitive.end(), skip=0)
        if found:
            unit, end = found
            if unit == "people":
                # "عدد القتلى المدنيين ... إلى 1251 قتيلاً", "civilian deaths rose to 80":
                # the group named just before a figure counted by a generic noun.
                unit = self._group_before(c) or unit
            words = self.t[c.ne : end].split()
            if (
                unit == "people"
                and words
                and self._befell(words[-1].strip(".,;:!?،"))
                and self._coordinated_group(c)
                and c.echo is not None
            ):
                # "23 militaires ont péri et 26 ont été blessés": the same group.
                unit = c.echo
            if unit == ECHO_UNIT:
                # "injuring 17 others", "21 autres blessés": the group the last figure named.
                unit = c.echo or "people"
            if c.span.kind == "fraction" and unit not in AREA_UNITS:
                c.q_end = max(c.q_end, end)
                return
            if c.span.kind != "percent":
                c.unit, c.unit_found = unit, True
                c.money = self.t[c.ne : end] if unit == MONEY else None
            c.q_end = max(c.q_end, self._unit_phrase_end(end))
            return
        if c.span.kind != "number":
            c.q_end = self._word_end(c.ne)
            return
        if self._coordinated_group(c):
            # "23 militaires ont péri et 26 ont été blessés": the figure after "and" with
            # no noun of its own counts the same group.
            assert c.echo is not None
            c.unit = c.echo
            return
        head = self._head_noun(c.ne)
        if head:
            # A guessed head noun: good enough to show, too weak to block an antecedent.
            c.unit, c.q_end = head[0], head[1]
            return
        # "the number of people ... at 8,300", "Arrivals ... now exceed 55,000".
        a, _ = c.clause
        seg = self.t[a : c.ns]
        best: tuple[int, str] | None = None
        for mt in lx.unit_any_re(self.lang).finditer(seg):
            unit = lx.unit_of(self.lang, mt)
            # "the number of workers still missing at 33": a state word is not the noun.
            if best and unit == "people" and best[1] != "people" and self._befell(mt.group(0)):
                continue
            best = (mt.start(), unit)
        if best and best[1] in PERSON_UNITS:
            c.unit = best[1]
            if c.unit == "people":
                c.unit = self._group_before(c) or c.unit
            if c.ns - (a + best[0]) <= SUBJECT_REACH_CHARS:
                c.d_start = a + best[0]
        if c.d_start is None:
            starts = [a + m.start() for m in lx.metric_cue_re(self.lang).finditer(seg)]
            near = [x for x in starts if c.ns - x <= CUE_QUOTE_REACH_CHARS]
            if near:
                c.d_start = min(near)

    def _group_before(self, c: Candidate) -> str | None:
        """The group a toll noun names just before a figure ("القتلى المدنيين", "civilian
        deaths"): a group word right next to a word of death, injury or loss, with no
        other figure between. A group merely mentioned nearby ("rescuers said ...") is not
        what is counted."""
        start = self._words_back(c.ns, GROUP_REACH_WORDS, max(c.clause[0], c.sent.start))
        seg = self.t[start : c.ns]
        if any(ch.isdigit() for ch in seg):
            return None
        # The toll noun may stand one word before the reach ("القتلى المدنيين منذ ...").
        wider = self._words_back(c.ns, GROUP_REACH_WORDS + 1, max(c.clause[0], c.sent.start))
        cues = [
            (mt.start() - (start - wider), mt.end() - (start - wider))
            for mt in lx.metric_cue_re(self.lang).finditer(self.t[wider : c.ns])
            if mt.lastgroup in ("killed", "died", "injured", "missing")
        ]
        fillers = lx.govern_fillers(self.lang)
        definite = lx.definite_prefixes(self.lang)
        groups = []
        for mt in lx.unit_any_re(self.lang).finditer(seg):
            unit = lx.unit_of(self.lang, mt)
            if unit not in NAMED_GROUPS:
                continue
            tail = re.match(r"\S*", seg[mt.end() :])
            word_end = mt.end() + (tail.end() if tail else 0)
            for a, b in cues:
                if 0 <= a - word_end <= 1:
                    # "Soldiers killed 30 people", "مسلحون يقتلون 30": a group before the
                    # verb that governs the figure is who did it, not who it counts.
                    rest = re.match(r"\S*", seg[b:])  # the verb's own ending ("يقتل|ون")
                    between = seg[b + (rest.end() if rest else 0) :]
                    # "killed at least 30": a qualifier stands between a verb and its figure.
                    for _, qual in lx.qual_before_re(self.lang):
                        between = qual.sub("", between)
                    if [w for w in between.split() if w not in fillers]:
                        groups.append(unit)
                        break
                # "القتلى المدنيين" (the dead civilians): a group after the word of death
                # agrees with it; "قتل مسلحون 30 شخصاً" (gunmen killed 30): an indefinite
                # noun after a verb is its subject.
                elif 0 <= mt.start() - b <= 1 and (not definite or mt.group().startswith(definite)):
                    groups.append(unit)
                    break
        return groups[-1] if len(set(groups)) == 1 else None

    def _head_noun(self, ne: int) -> tuple[str, int] | None:
        """A counted noun the lexicon lacks ("300 sniffer dogs"): the noun phrase's head."""
        stop, not_a_noun = self.lr.head_stop, self.lr.not_a_noun
        if stop is None:
            return None
        if self.lr.glued is not None:
            # "240 binden fazla": the case ending is glued to the number, not a noun.
            glued = self.lr.glued.match(self.t[ne : ne + 6])
            if glued and glued.group(0)[:1] in "'’":
                # "sayısı 100'ü aşabilir": a figure with its own case ending heads its phrase;
                # what it counts stands before it.
                return None
            ne += glued.end() if glued else 0
        words: list[tuple[str, int]] = []
        cue = lx.metric_cue_re(self.lang)
        for mt in re.finditer(r"\s*([^\W\d_][\w'’-]*)", self.t[ne : ne + NOUN_PHRASE_CHARS + 10]):
            w = mt.group(1)
            if (
                mt.start() != (words[-1][1] - ne if words else 0)
                or w in stop
                or w in lx.place_prepositions(self.lang)
                # "contre neuf mardi soir": a day or a month is when, not what is counted.
                or w in lx.calendar_words(self.lang)
                or (not_a_noun is not None and not_a_noun.search(w))
                # "40 hurt", "8 remain closed": what befell them or holds, not who they are.
                or cue.fullmatch(w)
            ):
                break
            words.append((w, ne + mt.end()))
            if len(words) == 3:
                break
        if not words:
            return None
        w, end = words[-1] if self.lr.head_noun_last else words[0]
        return w, end

    def _unit_phrase_end(self, end: int) -> int:
        # Keep "square kilometres" and "كيلومترات مربعة" whole in the quote.
        nxt = self.sh.unit_tail.match(self.t[end : end + UNIT_TAIL_CHARS])
        return end + nxt.end() if nxt else end

    def _word_end(self, pos: int) -> int:
        m = re.match(r"\s*\S+", self.t[pos : pos + AROUND_CHARS])
        if m and not re.match(r"\s*[.,،;:]", self.t[pos : pos + 2]):
            return pos + m.end()
        return pos

    def _n_of_m(self, cands: list[Candidate]) -> None:
        """'12 of the 36 hospitals': the 12 are hospitals too, and part of the 36."""
        for a, b in pairwise(cands):
            if (
                a.sent is b.sent
                and not a.unit_found
                and self.sh.of_another.match(self.t[a.ne : b.ns])
            ):
                a.unit, a.unit_found, a.q_end = b.unit, b.unit_found, max(a.q_end, b.q_end)
                a.extra["of"] = "next"

    # --- ranges and qualifiers -------------------------------------------------------
    def _ranges(self, cands: list[Candidate]) -> None:
        for i in range(len(cands) - 1):
            a, b = cands[i], cands[i + 1]
            if a.sent.index != b.sent.index or a.range_of is not None:
                continue
            mid = self.t[a.ne : b.ns]
            if not self.sh.range_mid.match(mid) or a.value >= b.value:
                continue
            before = self.t[max(a.sent.start, a.ns - RANGE_LEAD_CHARS) : a.ns]
            hyphen = mid.strip() in ("-", "–")
            if not hyphen and not self.sh.range_before.search(before):
                continue
            if hyphen and not (b.unit_found or a.unit_found):
                continue
            b.range_of = i
            a.unit = b.unit
            a.unit_found = b.unit_found
            a.q_end = b.q_end
            a.qualifier = Qualifier.AT_LEAST
            b.qualifier = Qualifier.AT_MOST
            q0 = self.sh.range_before.search(before)
            start = a.ns - (len(before) - q0.start()) if q0 else a.ns
            a.q_start = b.q_start = start
            b.q_end = a.q_end

    def _qualify(self, c: Candidate) -> None:
        if c.range_of is not None or (c.qualifier is not Qualifier.EXACT and not c.span.approx):
            return
        before = self.t[max(c.sent.start, c.ns - QUALIFIER_BEFORE_CHARS) : c.ns]
        for qual, pat in lx.qual_before_re(self.lang):
            mt = pat.search(before)
            if mt:
                c.qualifier = Qualifier(qual)
                c.q_start = (
                    c.ns
                    - (len(before) - mt.start())
                    + (1 if before[mt.start()] in " ،,(«\"'" else 0)
                )
                return
        conj = self.sh.qualifier_conj.match(self.t[c.q_end : c.q_end + AROUND_CHARS])
        positions = [c.ne, c.q_end] + ([c.q_end + conj.end()] if conj else [])
        for pos in positions:
            after = self.t[pos : pos + NOUN_PHRASE_CHARS]
            for qual, pat in lx.qual_after_re(self.lang):
                mt = pat.match(after)
                if mt:
                    c.qualifier = Qualifier(qual)
                    c.q_end = max(c.q_end, pos + len(mt.group(0).rstrip(" .,،;:)'\"»")))
                    return
