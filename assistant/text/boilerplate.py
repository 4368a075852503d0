"""Find the boilerplate lines of a wire body: banners, follow-us, copyright, contact lines."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

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


def _words(text: str) -> frozenset[str]:
    """A set of space-separated words, so long word lists stay readable."""
    return frozenset(text.split())


_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
)
_LATIN_FOLD = str.maketrans({"ı": "i", "’": "'", "ʼ": "'", "‘": "'"})


def _normalise(text: str) -> str:
    """Fold case, Turkish dotted/dotless i, Arabic letter variants and vowel marks."""
    text = text.replace("İ", "i").casefold().translate(_LATIN_FOLD)
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)


# Marks the signals of notices that run over several paragraphs (cookie, consent,
# privacy, subscription pitches): only those let a following paragraph join them by
# sharing their vocabulary. A "Read more: X" line shares vocabulary with the news
# paragraph about X that follows it, and must not swallow it.
BANNER = True


def _signals(
    spec: list[tuple[str, float] | tuple[str, float, bool]],
) -> list[tuple[re.Pattern[str], float, bool]]:
    """Compile (pattern, weight[, banner]) entries written against normalised text."""
    return [(re.compile(entry[0]), entry[1], len(entry) > 2) for entry in spec]


# Patterns are written against _normalise()d text: lower case, ı as i, Arabic
# without hamza seats, ة as ه and ى as ي. They are kept per language but all of
# them are applied to every body, because a banner is often in another language
# than the wire (an Arabic wire scraped from a Turkish site ends in Turkish).
_GENERIC = _signals(
    [
        (r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\s*(?:©\s*)?(?:19|20)\d\d", 1.2),
        (r"\bcopyright\b", 0.4),
        (r"[\w.+-]+@[\w-]+\.[a-z]{2,}", 0.8),
        (r"(?<![\w@.])@[a-z0-9_]{2,}", 0.6),
        (r"https?://|\bwww\.\w", 0.4),
        (r"\s[|·•]\s|\s[|·•]$", 0.2),
        (
            r"\d[\d.,]*\s*(?:k|m)?\+?\s*(?:(?:thousand|million|bin|milyon|mille|millions?"
            r"|الف|مليون)\s*)?(?:followers|subscribers|readers|fans|members|abonnés|lecteurs"
            r"|takipçi|abone|okuyucu|okur|متابع|مشترك|قارئ)",
            0.8,
        ),
        (
            r"\d+\s*(?:min(?:ute)?s?\.?\s+(?:read|de lecture|lesezeit|di lettura|de lectura)"
            r"|dakika(?:lik)?\s+okuma|dk\.?\s+okuma|(?:دقائق|دقيقه|دقيقتان)\s+(?:لل)?قراءه)",
            1.2,
        ),
        (r"\breading time\b|\btemps de lecture\b|\bokuma süresi\b|(?:وقت|مده) القراءه", 0.8),
        (
            r"\(\s*\d+\s*(?:images|photos|pictures|fotoğraf|görsel|resim|صور|صوره)\s*\)",
            1.0,
        ),
        (
            r"^\W*(?:photos?|pictures|gallery|video|fotoğraflar?|galeri|صور|فيديو"
            r"|en images|diaporama)\s*:",
            0.6,
        ),
        # Wire credits; one alone could open a sentence ("Reporting by the UN shows").
        (r"^\W*(?:additional reporting|reporting|writing|editing) by\b", 0.5),
        (r"^\W*(?:additional reporting|reporting|writing|editing) by(?: [^\W\d]+){1,4}\W*$", 0.5),
        (r"\b(?:reporting|writing) by\b[^;]*;\s*(?:editing|writing) by\b", 0.6),
        (
            r"^\W*(?:advertisement|sponsored|publicité|reklam|اعلان|anzeige|werbung"
            r"|publicidad)\W*$",
            1.2,
        ),
        (r"\b(?:click|tap) here\b|\bcliquez ici\b|\bburaya? tikla|اضغط هنا|انقر هنا", 0.8),
        (
            r"\bprivacy policy\b|\bterms of (?:use|service)\b|politique de confidentialité"
            r"|mentions légales|gizlilik (?:politikasi|sözleşmesi)|سياسه الخصوصيه"
            r"|شروط الاستخدام",
            0.7,
            BANNER,
        ),
        (r"\b(?:terms|privacy)\b", 0.3, BANNER),
        # A line that is only a button label is a banner's last word.
        (
            r"^\W*(?:ok|okay|accept|i accept|agree|i agree|got it|tamam|kabul ediyorum"
            r"|anladim|j'accepte|d'accord|accepter|موافق|اوافق|قبول)\W*$",
            0.6,
            BANNER,
        ),
        (r"\byour privacy\b|\bvotre vie privée\b|gizliliğiniz", 0.5, BANNER),
        (
            r"alle rechte vorbehalten|todos los derechos reservados|tutti i diritti riservati"
            r"|todos os direitos reservados|alle rechten voorbehouden",
            1.2,
        ),
        (r"\bfolgen sie uns\b|\bsíguenos\b|\bseguici\b|\bsiga-nos\b|\bvolg ons\b", 1.2),
    ]
)

_ENGLISH = _signals(
    [
        (r"\bfollow us\b|\b(?:like|find) us on\b", 1.2),
        (r"^\W*follow(?![-\w])", 0.8),
        (r"^\W*subscribe(?![-\w])|\bsubscribe (?:now|today|here)\b", 1.0, BANNER),
        (r"\bsubscribe\b", 0.4, BANNER),
        (
            r"\bour (?:daily |weekly |morning |evening |free )?(?:newsletter|channel|app"
            r"|podcast|website)s?\b",
            0.8,
        ),
        (r"\bnewsletters?\b", 0.4, BANNER),
        (r"\bsign up\b", 0.4, BANNER),
        (r"\bunsubscribe\b", 0.8, BANNER),
        (r"\bjoin (?:us|our|the conversation|over|more than|\d)", 0.6),
        (r"^\W*share(?:\W*$|\s+(?:this|on|via)\b)|\bshare this\b", 1.0),
        (r"^\W*(?:read|see) (?:more|also)\b|\bread more\s*:", 1.2),
        (
            r"^\W*related(?:\s+(?:articles?|stories|news|coverage|content|topics))?\s*:",
            1.2,
        ),
        (
            r"^\W*(?:more on this story|recommended(?: for you)?|most read|trending now"
            r"|popular now|you may also like)\W*(?::|$)",
            1.0,
        ),
        (r"\ball rights reserved\b", 1.2),
        (r"\bmay not be (?:published|broadcast|rewritten|redistributed|reproduced)", 1.0),
        (r"\bcookies?\b", 0.5, BANNER),
        (
            r"\b(?:we|this (?:site|website)|our (?:site|website)) uses? (?:\w+ )?cookies\b",
            1.2,
            BANNER,
        ),
        (r"\bcookie (?:settings|policy|preferences|notice|consent)\b", 1.2, BANNER),
        (r"\baccept (?:all|cookies)\b", 0.8, BANNER),
        (r"\bby (?:continuing|clicking|using this)\b", 0.4, BANNER),
        (r"\bbrowsing experience\b", 0.6),
        (r"\bconsent\b", 0.3, BANNER),
        (r"\bnews ?(?:room|desk)\b", 0.5),
        (r"\bcontact (?:us|the newsroom|our newsroom|the editor|the desk)\b", 1.0),
        (r"\b(?:email|write to) us\b", 0.8),
        (r"\b24/7\b", 0.3),
        (r"\b(?:tel|phone|fax)\s*[:.]", 0.5),
        (r"\b(?:did you )?(?:like|enjoy(?:ed)?) this (?:article|story)\b", 1.0),
        (r"\bdownload (?:our|the) app\b", 1.0),
    ]
)

_FRENCH = _signals(
    [
        (r"\bsuivez[- ]nous\b|\bretrouvez[- ]nous\b", 1.2),
        (r"^\W*suivez\b", 0.8),
        (r"\babonnez[- ]vous\b|\binscrivez[- ]vous\b", 1.2, BANNER),
        (r"\bs'abonner\b|\babonnement\b", 0.5, BANNER),
        (
            r"\bnotre (?:newsletter|lettre d'information|chaîne|application)\b",
            0.8,
            BANNER,
        ),
        (r"\blettre d'information\b", 0.4, BANNER),
        (r"\btous droits réservés\b", 1.2),
        (r"\breproduction (?:strictement )?interdite\b", 1.0),
        (r"^\W*(?:à )?lire (?:aussi|également|la suite)\b|\blire la suite\b", 1.2),
        (r"^\W*(?:voir aussi|sur le même sujet|en savoir plus)\b", 1.0),
        (r"^\W*partage[rz]\b|\bpartagez (?:cet|cette|l'article)", 0.8),
        (r"\bcet article vous a plu\b|\bvous avez aimé cet article\b", 1.2, BANNER),
        (r"\b(?:nous utilisons|ce site(?: web)? utilise|utilise) des cookies\b", 1.2, BANNER),
        (r"\btout accepter\b", 0.8, BANNER),
        (r"\bgérer (?:mes|les|vos) (?:préférences|cookies|choix|paramètres)\b", 0.8, BANNER),
        (r"\bparamètres des cookies\b", 1.0, BANNER),
        (r"\bcontacte[zr][- ](?:la rédaction|nous)\b", 1.0),
        (r"\brejoignez[- ]nous\b|\brejoignez (?:les|plus de)\b", 0.8),
        (r"\d\s*€|€\s*\d", 0.3, BANNER),
        (r"\bpremier mois\b", 0.4, BANNER),
    ]
)

_ARABIC = _signals(
    [
        (r"تابعونا", 1.2),
        (r"^\W*تابعوا\b", 0.8),
        (r"(?:قناتنا|صفحتنا|صفحاتنا|حسابنا|حساباتنا|موقعنا|نشرتنا|تطبيقنا)", 0.5),
        # Bare, these also mean "took part" (اشترك، انضم، شارك), so they only add up.
        (r"^\W*(?:اشترك|اشتركوا) (?:الان|مجانا|في (?:نشرتنا|قناتنا|النشره|خدمه))", 1.0, BANNER),
        (r"(?:اشترك|للاشتراك)", 0.4, BANNER),
        (r"النشره البريديه|القائمه البريديه", 0.6, BANNER),
        (r"^\W*(?:انضم|انضموا)\b", 0.4),
        (r"(?:جميع|كافه)? ?الحقوق محفوظه", 1.2),
        (r"حقوق (?:النشر|الطبع)", 0.8),
        (r"(?:يمنع|يحظر) (?:النسخ|نسخ|اعاده)", 1.0),
        (r"اعاده النشر", 0.5),
        (r"ملفات تعريف الارتباط|كوكيز", 1.0, BANNER),
        (r"(?:بمتابعه|بمواصله|متابعتك) التصفح", 0.8, BANNER),
        (r"(?:توافق|موافقتك) علي", 0.4, BANNER),
        (r"^\W*(?:اقرا|اقرئي) (?:ايضا|المزيد)\b|اقرا ايضا|اقرا المزيد", 1.2),
        (r"(?:اخبار|مواضيع|مقالات) ذات صله", 1.2),
        (r"ذات صله", 0.5),
        (r"شاركه|شارك(?:وا)? (?:الخبر|المقال|الموضوع|هذا)|^\W*شارك\W*$", 0.8),
        (r"مع اصدقائك", 0.4),
        (r"اعجبك (?:الخبر|المقال|الموضوع)", 1.0),
        (r"اعجبك", 0.5),
        (r"تواصل معنا|اتصل بنا|راسلونا|راسلنا", 1.0),
        (r"للتواصل", 0.4),
        (r"غرفه (?:الاخبار|التحرير)|هيئه التحرير", 0.5),
        (r"(?:هاتف|الهاتف|البريد الالكتروني|واتساب)\s*:", 0.5),
        (r"حمل (?:تطبيق|التطبيق)", 0.8),
    ]
)

_TURKISH = _signals(
    [
        # Alone, "çerez" is also a snack handed out to survivors.
        (r"çerez", 0.5, BANNER),
        (r"çerez (?:politikasi|ayarlari|tercihleri)", 0.6, BANNER),
        (r"çerezler kullanilmaktadir|çerez(?:ler)? kullan(?:iyoruz|maktayiz)", 1.2, BANNER),
        (r"\bkvkk\b|aydinlatma metni", 0.8, BANNER),
        (r"kişisel veri", 0.5, BANNER),
        (r"tikla(?:yarak|yiniz|yin)\b", 0.5, BANNER),
        (r"\bkabul et", 0.4, BANNER),
        (r"\bizin ver", 0.3, BANNER),
        (r"(?:internet|web) sitemiz|\bsitemiz", 0.6, BANNER),
        (r"\bweb sitesi", 0.3, BANNER),
        (r"bizi takip edin|takipte kalin", 1.2),
        (r"takip edin", 0.8),
        (r"^\W*takip et(?:in)?\b", 0.6),
        (r"\babone ol(?:un)?\b", 1.0, BANNER),
        (r"bültenimiz|e-?bülten", 0.8, BANNER),
        (r"^\W*paylaş\b|haberi paylaş", 0.8),
        (
            r"^\W*ilgili haber|devamini oku|haberin devami|daha fazla oku|bunlari da okuyun"
            r"|ilginizi çekebilir",
            1.2,
        ),
        (r"tüm haklari saklidir|her hakki saklidir", 1.2),
        (r"izinsiz (?:kullanilamaz|yayinlanamaz)|kaynak gösterilmeden", 1.0),
        (r"bize ulaşin|^\W*iletişim\s*:", 0.8),
        (r"haber merkezi", 0.4),
    ]
)

_SIGNALS = _GENERIC + _ENGLISH + _FRENCH + _ARABIC + _TURKISH

_PLATFORMS = re.compile(
    r"\b(?:twitter|facebook|instagram|telegram|youtube|tiktok|whatsapp|linkedin|threads"
    r"|bluesky|mastodon|snapchat|تويتر|فيسبوك|فيس بوك|انستغرام|انستجرام|انستقرام|تلغرام"
    r"|تيليغرام|تلجرام|تليجرام|يوتيوب|تيك توك|واتساب|لينكد ان)\b"
)
_PLATFORM_WEIGHT = 0.2
_PLATFORM_CAP = 0.6

# Reporting verbs and attributions: a line with one is a news sentence.
_NEWS = re.compile(
    r"\b(?:said|says|told|added|reported|according to|announced|stated|tweeted|confirmed"
    r"|a (?:déclaré|indiqué|affirmé|annoncé|précisé|ajouté|expliqué|dit)|selon|d'après"
    r"|ont (?:déclaré|indiqué|annoncé)|dedi|bildirdi|açikladi|belirtti|kaydetti|ifade etti"
    r"|aktardi|duyurdu|söyledi|göre)\b"
    r"|(?<!\w)[وف]?(?:قال|قالت|اعلن|اعلنت|افاد|افادت|ذكر|ذكرت|اضاف|اضافت|اوضح|اوضحت|اكد"
    r"|اكدت|وفق|بحسب|حسب|نقل|نقلت|صرح|اشار|اشارت)(?!\w)"
)

# A phone number: international prefix or grouped digits, at least 8 of them.
_PHONE = re.compile(r"(?<![\w.,])(?:\+|00)?\d[\d\s\-/().]{6,}\d(?![\w.,]\d)")
_PHONE_MIN_DIGITS = 8
_PHONE_WEIGHT = 0.8

_WORD = re.compile(r"[^\W\d_]+")
_ARABIC_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال")
_STEM_LENGTH = 5
_MIN_STEM_TOKEN = 4
# Function words long enough to pass _MIN_STEM_TOKEN that say nothing about a banner.
_VOCABULARY_STOPWORDS = _words(
    "that this with from have been were their which about there these those than they "
    "dans pour avec sont cette leur plus selon için gibi daha olan olarak kadar sonra "
    "ancak ayrica التي الذي الذين هذه هذا ذلك بين على الي عن"
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
    for word in _WORD.findall(normalised):
        for clitic in _ARABIC_PROCLITICS:
            if word.startswith(clitic) and len(word) - len(clitic) >= 3:
                word = word[len(clitic) :]
                break
        if len(word) >= _MIN_STEM_TOKEN and word not in _VOCABULARY_STOPWORDS:
            stems.add(word[:_STEM_LENGTH])
    return frozenset(stems)


def _raw_score(normalised: str) -> tuple[float, bool]:
    """Sum of a line's boilerplate signals, and whether any is a multi-paragraph notice's."""
    raw = 0.0
    banner = False
    raw, banner = _signal_sum(normalised)
    platforms = {m.group() for m in _PLATFORMS.finditer(normalised)}
    raw += min(_PLATFORM_CAP, _PLATFORM_WEIGHT * len(platforms))
    return raw + _phone_score(normalised), banner


def _script_of_pattern(source: str) -> tuple[bool, bool]:
    """Whether a pattern can match Arabic text, Latin text (escapes like \\b aside)."""
    letters = re.sub(r"\\[A-Za-z]", "", source)
    arabic = bool(re.search("[\u0600-\u06ff]", letters))
    latin = bool(re.search("[A-Za-z]", letters))
    return arabic or not latin, latin or not arabic


_BY_SCRIPT = [(*entry, *_script_of_pattern(entry[0].pattern)) for entry in _SIGNALS]
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
    for pattern, weight, is_banner, p_arabic, p_latin in _BY_SCRIPT:
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
        news = bool(_NEWS.search(normalised))
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
