"""Check 7: spelling errors per 1,000 words and whether the offer is concrete or vague."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from callscout.i18n import tr
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
    ]
)
_WORD = re.compile(r"(?<![\w-])[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*(?![\w-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s*|[«\"(—–-]\s*)$")
_FACT = re.compile(
    r"\d[\d\s\u00a0.,]*\s*(?:%|₽|руб|тыс|млн|лет|год|операторов|оператор|звонк|вызов|минут|мин\b|секунд|сек\b|час"
    r"|клиент|проект|рабочих\s+мест|мест|город|регион|сотрудник|смен|показател|заказ|\+)",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"индивидуальн\w+\s+подход|высок\w+\s+(?:качеств|уровн)|высококачественн\w+|\bлучш\w+|широк\w+\s+спектр"
    r"|оптимальн\w+|выгодн\w+|эффективн\w+|над[её]жн\w+|гарантир\w+\s+качеств|в\s+кратчайшие\s+сроки"
    r"|качественн\w+|динамично\s+развивающ\w+|команд\w+\s+профессионал\w+|уникальн\w+|лидер\w*\s+рынка"
    r"|профессиональн\w+|современн\w+\s+технолог\w+|европейск\w+\s+уровн\w+",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _spelling() -> tuple[Any, Any] | None:
    try:
        import enchant
        import pymorphy3

        return enchant.Dict("ru_RU"), pymorphy3.MorphAnalyzer()
    except Exception:  # noqa: BLE001 - a missing dictionary makes the check unknown, not a crash
        return None


@lru_cache(maxsize=50_000)
def is_misspelled(word: str) -> bool:
    """True for a Russian word neither hunspell-ru, nor pymorphy3's dictionary, nor the trade list knows."""
    tools = _spelling()
    if tools is None:
        return False
    dictionary, morph = tools
    lower = word.lower().replace("ё", "е")
    if dictionary.check(word) or dictionary.check(lower) or morph.word_is_known(word.lower()):
        return False
    parses = morph.parse(word.lower())
    if any(
        parse.normal_form.replace("ё", "е") in {lemma.replace("ё", "е") for lemma in TRADE_LEMMAS}
        for parse in parses[:3]
    ):
        return False
    if "-" in word:
        return any(is_misspelled(part) for part in word.split("-") if len(part) > 2)
    return True


@dataclass
class SpellingResult:
    words: int = 0
    errors: list[Evidence] = field(default_factory=list)
    facts: list[Evidence] = field(default_factory=list)
    vague: list[Evidence] = field(default_factory=list)


def _skip(word: str, text: str, start: int) -> bool:
    if len(word) < 3 or word.isupper():
        return True  # short words and abbreviations (ООО, СМС)
    if any(char.isupper() for char in word[1:]):
        return True  # CamelCase brand names (ГолосПро)
    # A capital in mid-sentence marks a proper name, which dictionaries do not hold.
    return word[0].isupper() and not _SENTENCE_START.search(text[max(0, start - 3) : start])


def analyse(site: SiteContext) -> SpellingResult:
    result = SpellingResult()
    seen_lines: set[str] = set()
    for page in site.ok_pages():
        if page.is_pdf or not page.text:
            continue
        # Header, menu and footer repeat on every page: each distinct line counts once.
        lines = [line for line in page.text[:MAX_TEXT_PER_PAGE].split("\n") if line not in seen_lines]
        seen_lines.update(lines)
        text = "\n".join(lines)
        for match in _WORD.finditer(text):
            result.words += 1
            word = match.group(0)
            if not _skip(word, text, match.start()) and is_misspelled(word):
                result.errors.append(
                    Evidence(url=page.url, excerpt=excerpt(text, match.start(), match.end(), 40), value=word)
                )
            if result.words >= MAX_WORDS:
                return result
        for pattern, bucket in ((_FACT, result.facts), (_VAGUE, result.vague)):
            for match in pattern.finditer(text):
                bucket.append(
                    Evidence(
                        url=page.url,
                        excerpt=excerpt(text, match.start(), match.end(), 30),
                        value=" ".join(match.group(0).split()),
                    )
                )
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
                    tr(
                        "Нет словаря hunspell-ru или pymorphy3: орфография не проверена",
                        "The hunspell-ru dictionary or pymorphy3 is missing: spelling not checked",
                    ),
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
                    tr(
                        "Слишком мало текста для оценки ({n} слов)",
                        "Too little text to judge ({n} words)",
                        n=result.words,
                    ),
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
        message = tr(
            "Орфографических ошибок: {n} на {words} слов ({rate} на 1000)",
            "Spelling errors: {n} in {words} words ({rate} per 1,000)",
            n=len(result.errors),
            words=result.words,
            rate=rate,
        )
        if words:
            message += ": " + ", ".join(words[:15])
        return finding(self, status, severity, "spelling", message, result.errors[:30])

    def _concreteness(self, result: SpellingResult) -> Finding:
        facts_rate = len(result.facts) * 1000 / result.words
        concrete = len(result.facts) >= 5 and len(result.facts) >= len(result.vague)
        evidence = result.facts[:5] + result.vague[:5]
        message = tr(
            "Фактов и цифр: {facts}, общих слов («индивидуальный подход», «качественно»...): {vague}",
            "Facts and figures: {facts}; vague praise ('individual approach', 'high quality'...): {vague}",
            facts=len(result.facts),
            vague=len(result.vague),
        )
        if concrete:
            return finding(
                self,
                Status.PASS,
                Severity.INFO,
                "concrete",
                tr("Предложение конкретное. ", "The offer is concrete. ") + message,
                evidence,
            )
        return finding(
            self,
            Status.WARN,
            Severity.LOW,
            "vague",
            tr(
                "Предложение расплывчатое ({rate} фактов на 1000 слов). ",
                "The offer is vague ({rate} facts per 1,000 words). ",
                rate=round(facts_rate, 1),
            )
            + message,
            evidence,
        )
