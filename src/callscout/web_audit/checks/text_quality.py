"""Check 7: spelling errors per 1,000 words and whether the offer is concrete or vague."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from callscout.i18n import msg
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, SiteContext, register
from callscout.web_audit.evidence import excerpt, finding

MAX_TEXT_PER_PAGE = 200_000
MAX_WORDS = 200_000
MIN_WORDS = 80
WARN_PER_1000 = 0.0  # the article: errors are inadmissible, so any error is worth a look
FAIL_PER_1000 = 3.0

# Lemmas of the trade that dictionaries do not know yet; pymorphy3 gives the lemma of a word form.
TRADE_LEMMAS = frozenset(
    [
        "колл-центр",
        "кол-центр",
        "call-центр",
        "контакт-центр",
        "колл-центровый",
        "аутсорсинг",
        "аутсорсинговый",
        "аутсорсер",
        "аутстаффинг",
        "телемаркетинг",
        "телемаркетолог",
        "супервайзер",
        "супервизор",
        "скрипт",
        "скриптовый",
        "лид",
        "лидогенерация",
        "обзвон",
        "прозвон",
        "автообзвон",
        "автоинформатор",
        "допродажа",
        "кросс-продажа",
        "апсейл",
        "омниканальный",
        "омниканальность",
        "чат-бот",
        "голосовой",
        "дашборд",
        "маркетплейс",
        "инбаунд",
        "аутбаунд",
        "хотлайн",
        "клиентоориентированность",
        "клиентоориентированный",
        "онлайн-статистика",
        "онлайн-отчёт",
        "лендинг",
        "вебинар",
        "ритейл",
        "ритейлер",
        "e-commerce",
        "интернет-магазин",
        "callback",
        "коллбэк",
        "мультиканальный",
        "многоканальный",
        "ивр",
        "софтфон",
        "гарнитура",
        "аналитика",
        "конверсия",
        "клининг",
        "клининговый",
        "клинер",
        "франчайзинг",
        "мерчандайзинг",
        "мерчендайзинг",
    ]
)
_WORD = re.compile(r"(?<![\w-])[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*(?![\w-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s*|[«\"(—–-]\s*)$")
_FACT = re.compile(
    r"\d[\d\s\u00a0.,]{0,12}(?:%|₽|руб|тыс|млн|лет|год|операторов|оператор|звонк|вызов|минут|мин\b|секунд|сек\b|час"
    r"|клиент|проект|рабочих\s+мест|мест|город|регион|сотрудник|смен|показател|заказ|\+)",
    re.IGNORECASE,
)
_VAGUE_PHRASES = (
    r"индивидуальн\w+\s+подход",
    r"высок\w+\s+(?:качеств|уровн)",
    r"высококачественн\w+",
    r"\bлучш\w+",
    r"широк\w+\s+спектр",
    r"оптимальн\w+",
    r"выгодн\w+",
    r"эффективн\w+",
    r"над[её]жн\w+",
    r"гарантир\w+\s+качеств",
    r"в\s+кратчайшие\s+сроки",
    r"качественн\w+",
    r"динамично\s+развивающ\w+",
    r"команд\w+\s+профессионал\w+",
    r"уникальн\w+",
    r"лидер\w*\s+рынка",
    r"профессиональн\w+",
    r"современн\w+\s+технолог\w+",
    r"европейск\w+\s+уровн\w+",
)
_VAGUE_WORDS = "|".join(_VAGUE_PHRASES)
# Run on the lower-cased text: a case-blind scan of this alternation costs ten times more, and the
# look-ahead lets the scan skip every position that cannot start one of the phrases.
_VAGUE = re.compile(rf"(?=[вгдеиклнопсушэ])(?:{_VAGUE_WORDS})")  # the phrases' first letters
_VAGUE_ANY_CASE = re.compile(_VAGUE_WORDS, re.IGNORECASE)


def required_letters(phrase: str) -> str:
    """The longest run of plain letters every match of ``phrase`` (one of the patterns above) contains: outside
    its groups and character classes, and without a letter a quantifier makes optional."""
    outside = re.sub(r"\([^()]*\)|\[[^\]]*\]", " ", phrase)
    runs = []
    for run in re.finditer("[а-яё]+", outside):
        optional_last = outside[run.end() : run.end() + 1] in ("?", "*", "{")
        runs.append(run.group(0)[:-1] if optional_last else run.group(0))
    return max(runs, key=len, default="")


# A page that holds none of these holds no vague phrase: str.find over the page is several times faster than
# trying the alternation at every letter, and most pages are spared the scan.
_VAGUE_STEMS = tuple(dict.fromkeys(required_letters(phrase) for phrase in _VAGUE_PHRASES))
assert all(len(stem) >= 3 for stem in _VAGUE_STEMS), _VAGUE_STEMS


# The audit loads the dictionaries in a background thread while it crawls; the check may ask meanwhile.
_SPELLING_LOCK = threading.Lock()


class _Hunspell:
    """hunspell-ru through pyenchant, its dictionary read on the first lookup.

    pymorphy3 knows nearly every word a site prints and is asked first; hunspell is needed only for the
    rest (names, jargon, typos) and for the corrections, so a well-written site never pays for loading it.
    """

    def __init__(self, enchant: Any) -> None:
        self._enchant = enchant
        self._dictionary: Any = None

    def _loaded(self) -> Any:
        if self._dictionary is None:
            self._dictionary = self._enchant.Dict("ru_RU")
        return self._dictionary

    def check(self, word: str) -> bool:
        return bool(self._loaded().check(word))

    def suggest(self, word: str) -> list[str]:
        return list(self._loaded().suggest(word))


@lru_cache(maxsize=1)
def _load_spelling() -> tuple[Any, Any] | None:
    try:
        import enchant

        from callscout.morph import russian_morph

        if not enchant.dict_exists("ru_RU"):
            return None
        return _Hunspell(enchant), russian_morph()
    except Exception:  # noqa: BLE001 - a missing dictionary makes the check unknown, not a crash
        return None


def _spelling() -> tuple[Any, Any] | None:
    """hunspell-ru and pymorphy3, loaded once per process (None when either is missing)."""
    with _SPELLING_LOCK:
        return _load_spelling()


_TRADE_LEMMAS_E = frozenset(lemma.replace("ё", "е") for lemma in TRADE_LEMMAS)
# Russian writes compounds solid: "автохимчистка", "телемаркетинговые". A known word after one of these
# is a compound, not a typo.
COMPOUND_PREFIXES = (
    "авто",
    "мото",
    "теле",
    "видео",
    "фото",
    "аудио",
    "радио",
    "эко",
    "био",
    "микро",
    "мини",
    "макси",
    "мега",
    "супер",
    "пост",
    "нео",
    "мульти",
    "онлайн",
    "интернет",
    "веб",
    "кибер",
    "медиа",
    "строй",
    "агро",
    "энерго",
    "газо",
    "нефте",
    "электро",
    "евро",
    "не",
)
# Letters Russian writers swap by sound: voiced/voiceless pairs, unstressed vowels, soft/hard signs.
_CONFUSABLE = [set(pair) for pair in ("зс", "дт", "бп", "вф", "гк", "жш", "ао", "еи", "её", "ьъ", "яе", "юу", "ыи")]
MIN_FLAG_LENGTH = 5
MAX_WORD_LENGTH = 40
MAX_SUGGESTED_WORDS = 40
SUGGEST_BUDGET_S = 3.0


@lru_cache(maxsize=50_000)
def is_unknown(word: str) -> bool:
    """True for a Russian word neither hunspell-ru, nor pymorphy3's dictionary, nor the trade list knows."""
    tools = _spelling()
    if tools is None:
        return False
    dictionary, morph = tools
    lower = word.lower().replace("ё", "е")
    # Any of the three knowing the word is enough; pymorphy3 first, so hunspell is loaded only if it must be.
    if morph.word_is_known(word.lower()):
        return False
    if any(parse.normal_form.replace("ё", "е") in _TRADE_LEMMAS_E for parse in morph.parse(word.lower())[:3]):
        return False
    if dictionary.check(word) or dictionary.check(lower):
        return False
    if "-" in word:
        return any(is_unknown(part) for part in word.split("-") if len(part) > 2)
    for prefix in COMPOUND_PREFIXES:
        rest = lower[len(prefix) :]
        if lower.startswith(prefix) and len(rest) >= 4 and not is_unknown(rest):
            return False
    return True


def edit_distance(first: str, second: str) -> int:
    """Damerau–Levenshtein distance (optimal string alignment): a swap of neighbours costs one."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _one_edit_away(word: str) -> set[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion away from ``word``."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaces = {left + letter + right[1:] for left, right in splits if right for letter in _ALPHABET}
    inserts = {left + letter + right for left, right in splits for letter in _ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def _likely_slip(candidate: str, word: str) -> bool:
    """The slips writers of Russian make most: a sound-alike letter, a doubled or undoubled letter, a swap."""
    if len(candidate) == len(word):
        differences = [(a, b) for a, b in zip(candidate, word, strict=True) if a != b]
        if all({a, b} in _CONFUSABLE for a, b in differences):
            return True
        return len(differences) == 2 and differences[0] == differences[1][::-1]
    longer, shorter = (candidate, word) if len(candidate) > len(word) else (word, candidate)
    return any(
        longer[:index] + longer[index + 1 :] == shorter and longer[index] == longer[index - 1]
        for index in range(1, len(longer))
    )


def _preference(candidate: str, word: str, rank: int) -> tuple[int, bool, bool, int, str]:
    # The closest word wins; among equals, a usual slip ("зделаем" -> "сделаем", not "вделаем";
    # "расчитываем" -> "рассчитываем"), then the same length, then the given order.
    return (
        edit_distance(candidate, word),
        not _likely_slip(candidate, word),
        len(candidate) != len(word),
        rank,
        candidate,
    )


@lru_cache(maxsize=10_000)
def near_miss(word: str) -> str | None:
    """The dictionary word ``word`` most likely misspells, or None when it is no typo of any.

    A typo sits one edit (two in long words) from a real word; unknown brand names, place names and
    jargon usually sit far from every word, or only split into two ("Совкомбанк" -> "Совком банк").
    Words one edit away are tried first, in a few milliseconds; hunspell's suggestions (tens of
    milliseconds a word) are asked only for the two-edit typos of long lower-case words.
    """
    tools = _spelling()
    if tools is None or "-" in word:
        parts = [part for part in word.split("-") if len(part) >= MIN_FLAG_LENGTH and is_unknown(part)]
        return next((fix for part in parts if (fix := near_miss(part))), None) if tools else None
    dictionary, _ = tools
    lower = word.lower()
    close = sorted(candidate for candidate in _one_edit_away(lower) if dictionary.check(candidate))
    if close:
        best = min(_preference(candidate, lower, 0) for candidate in close)[-1]
        return best.capitalize() if word[0].isupper() else best
    if word[0].isupper() or len(word) < 8:
        return None  # proper names and short words are flagged only one edit from a real word
    candidates = [
        _preference(suggestion.lower(), lower, rank)
        for rank, suggestion in enumerate(dictionary.suggest(word)[:8])
        if " " not in suggestion and suggestion.replace("-", "").lower() != lower.replace("-", "")
    ]
    candidates = [candidate for candidate in candidates if candidate[0] <= 2]
    return min(candidates)[-1] if candidates else None


@dataclass
class SpellingResult:
    words: int = 0
    errors: list[Evidence] = field(default_factory=list)
    fixes: dict[str, str] = field(default_factory=dict)
    unchecked: int = 0  # unknown words left without a verdict when the time budget ran out
    facts: list[Evidence] = field(default_factory=list)
    vague: list[Evidence] = field(default_factory=list)


@lru_cache(maxsize=65536)
def _never_flagged(word: str) -> bool:
    """What the word alone says; cached, since a site repeats its words thousands of times."""
    if len(word) < MIN_FLAG_LENGTH or len(word) > MAX_WORD_LENGTH or word.isupper():
        return True  # short words, abbreviations (ООО, СМС) and junk
    return any(char.isupper() for char in word[1:])  # CamelCase brand names (ГолосПро)


def _skip(word: str, text: str, start: int, end: int) -> bool:
    if _never_flagged(word):
        return True
    if text[end : end + 1] == "." and re.match(r"\.\s*[а-яё0-9,(]", text[end : end + 4]):
        return True  # a cut word before a full stop inside a sentence: "помещ. 3", "комн. 12"
    # A capital in mid-sentence marks a proper name, which dictionaries do not hold.
    return word[0].isupper() and not _SENTENCE_START.search(text[max(0, start - 3) : start])


def analyse(site: SiteContext) -> SpellingResult:
    result = SpellingResult()
    seen_lines: set[str] = set()
    unknown: list[tuple[str, Evidence]] = []
    for page in site.ok_pages():
        if page.is_pdf or not page.text:
            continue
        # Header, menu and footer repeat on every page: each distinct line counts once.
        lines = [line for line in page.text[:MAX_TEXT_PER_PAGE].split("\n") if line not in seen_lines]
        seen_lines.update(lines)
        text = "\n".join(lines)
        room = MAX_WORDS - result.words
        words = _WORD.findall(text)[:room]
        result.words += len(words)
        # The word-only tests once per distinct word; the context (a second pass) only for the
        # occurrences of words no dictionary knows, which are few on a well-written site.
        suspects = {word for word in set(words) if not _never_flagged(word) and is_unknown(word)}
        if suspects:
            for index, match in enumerate(_WORD.finditer(text)):
                if index >= room:
                    break
                word = match.group(0)
                if word in suspects and not _skip(word, text, match.start(), match.end()):
                    evidence = Evidence(url=page.url, excerpt=excerpt(text, match.start(), match.end(), 40), value=word)
                    unknown.append((word, evidence))
        lowered = text.lower()
        # Lower-casing keeps offsets unless the text holds one of the rare letters it lengthens.
        scans: list[tuple[tuple[re.Pattern[str], str], list[Evidence]]] = [((_FACT, text), result.facts)]
        if len(lowered) != len(text):
            scans.append(((_VAGUE_ANY_CASE, text), result.vague))
        elif any(stem in lowered for stem in _VAGUE_STEMS):
            scans.append(((_VAGUE, lowered), result.vague))
        for (pattern, haystack), bucket in scans:
            for match in pattern.finditer(haystack):
                bucket.append(
                    Evidence(
                        url=page.url,
                        excerpt=excerpt(text, match.start(), match.end(), 30),
                        value=" ".join(text[match.start() : match.end()].split()),
                    )
                )
    # hunspell's suggestions are slow (tens of milliseconds a word): bounded in count and time.
    deadline = time.monotonic() + SUGGEST_BUDGET_S
    verdicts: dict[str, str | None] = {}
    for word, _ in unknown:
        if word in verdicts:
            continue
        if len(verdicts) >= MAX_SUGGESTED_WORDS or time.monotonic() > deadline:
            result.unchecked += 1
            verdicts[word] = None
            continue
        verdicts[word] = near_miss(word)
    for word, evidence in unknown:
        if fix := verdicts.get(word):
            result.fixes[word] = fix
            result.errors.append(evidence)
    return result


@register
class TextQualityCheck(Check):
    """Spelling errors per 1,000 words of the site's Russian text, and whether the offer is concrete.

    Why it matters: the article says that errors are inadmissible in the content of a serious call
    center: operators who write carelessly speak carelessly. And a good offer is backed by facts and
    numbers (operators, years, calls a day, prices), not by "индивидуальный подход" and "высокое качество".

    How to fix: have the texts proofread; replace general praise with numbers — how many operators
    and seats, years on the market, service level kept, prices and real projects.
    """

    code = "text_quality"
    order = 100
    title_ru = "Грамотность и конкретность текста"
    title_en = "Spelling and concreteness of the text"
    criterion = (
        "В контенте недопустимы пунктуационные и грамматические ошибки; он должен содержать логическое, "
        "обоснованное фактами и цифрами уникальное предложение"
    )

    def run(self, site: SiteContext) -> list[Finding]:
        if _spelling() is None:
            return [
                finding(
                    self,
                    Status.UNKNOWN,
                    Severity.LOW,
                    "no_dictionary",
                    msg("web_audit.checks.text_quality.hunspell_ru_dictionary_or_pymorphy3_is"),
                )
            ]
        result = analyse(site)
        if result.words < MIN_WORDS:
            return [
                finding(
                    self,
                    Status.UNKNOWN,
                    Severity.LOW,
                    "too_little_text",
                    msg("web_audit.checks.text_quality.too_little_text_to_judge_words", n=result.words),
                    [Evidence(url=site.root_url, value=result.words)],
                )
            ]
        return [self._spelling(result), self._concreteness(result)]

    def _spelling(self, result: SpellingResult) -> Finding:
        rate = round(len(result.errors) * 1000 / result.words, 2)
        words = sorted({str(error.value) for error in result.errors})
        if rate > FAIL_PER_1000:
            status, severity = Status.FAIL, Severity.MEDIUM
        elif rate > WARN_PER_1000:
            status, severity = Status.WARN, Severity.LOW
        else:
            status, severity = Status.PASS, Severity.INFO
        message = msg(
            "web_audit.checks.text_quality.spelling_errors_in_words_per_1",
            n=len(result.errors),
            words=result.words,
            rate=rate,
        )
        if words:
            message += ": " + ", ".join(f"{word} → {result.fixes[word]}" for word in words[:15])
        if result.unchecked:
            message += msg("web_audit.checks.text_quality.words_left_unchecked", n=result.unchecked)
        return finding(self, status, severity, "spelling", message, result.errors[:30])

    def _concreteness(self, result: SpellingResult) -> Finding:
        facts_rate = len(result.facts) * 1000 / result.words
        concrete = len(result.facts) >= 5 and len(result.facts) >= len(result.vague)
        evidence = result.facts[:5] + result.vague[:5]
        message = msg(
            "web_audit.checks.text_quality.facts_and_figures_vague_praise_individual",
            facts=len(result.facts),
            vague=len(result.vague),
        )
        if concrete:
            return finding(
                self,
                Status.PASS,
                Severity.INFO,
                "concrete",
                msg("web_audit.checks.text_quality.offer_is_concrete") + message,
                evidence,
            )
        return finding(
            self,
            Status.WARN,
            Severity.LOW,
            "vague",
            msg("web_audit.checks.text_quality.offer_is_vague_facts_per_1", rate=round(facts_rate, 1)) + message,
            evidence,
        )
