"""Script compliance on Russian transcripts: did the operator greet, name the company and themself,
ask about needs, make an offer, handle objections, confirm the order and say goodbye; did they use
forbidden or pushy phrases. Phrases are matched on pymorphy3 lemmas, so "оформляю заказ",
"оформила заказ" and "оформим ваш заказ" all match the variant "оформить заказ" (one extra word
may stand between the words of a phrase). Aspect pairs are different lemmas in pymorphy3
("оформлять"/"оформить"), so variants list both. Each checklist line carries the words heard and their time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from callscout.audio.asr import Segment, Transcript
from callscout.i18n import pick
from callscout.model.findings import keep_the_key

_WORD = re.compile(r"[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*", re.IGNORECASE)
MAX_GAP_WORDS = 1


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    label_ru: str
    label_en: str
    required: bool = True
    phrases: list[str] = Field(default_factory=list)
    within_first_s: float | None = Field(default=None, description="Must be said this early (greeting)")


class ScriptDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: list[Category]
    forbidden: list[str] = Field(default_factory=list, description="Forbidden, rude or pushy phrases")


def default_script(company_names: list[str] | None = None, operator_names: list[str] | None = None) -> ScriptDefinition:
    """The checklist of a typical inbound sales call of an online store."""
    name_phrases = [f"меня зовут {name}" for name in operator_names or []] + [
        f"с вами {name}" for name in operator_names or []
    ]
    return ScriptDefinition(
        categories=[
            Category(
                code="greeting",
                label_ru="Приветствие",
                label_en="Greeting",
                within_first_s=30.0,
                phrases=["здравствуйте", "добрый день", "добрый вечер", "доброе утро", "приветствую вас"],
            ),
            Category(
                code="company_name",
                label_ru="Название компании",
                label_en="Company name",
                required=bool(company_names),
                phrases=list(company_names or []),
            ),
            Category(
                code="operator_name",
                label_ru="Имя оператора",
                label_en="Operator's name",
                phrases=name_phrases or ["меня зовут", "с вами говорит", "вас слушает"],
            ),
            Category(
                code="needs_discovery",
                label_ru="Выявление потребности",
                label_en="Needs discovery",
                phrases=[
                    "чем могу помочь",
                    "чем я могу вам помочь",
                    "что вас интересует",
                    "что вы ищете",
                    "для каких целей",
                    "какой размер",
                    "какая модель",
                    "что для вас важно",
                    "уточните пожалуйста",
                    "подскажите пожалуйста какой",
                    "по какому вопросу",
                ],
            ),
            Category(
                code="offer",
                label_ru="Предложение",
                label_en="Offer",
                phrases=[
                    "могу предложить",
                    "предлагаю",
                    "рекомендую",
                    "советую",
                    "есть вариант",
                    "обратите внимание на",
                    "подойдёт",
                    "у нас есть",
                ],
            ),
            Category(
                code="objection_handling",
                label_ru="Работа с возражениями",
                label_en="Objection handling",
                required=False,
                phrases=[
                    "понимаю ваши сомнения",
                    "понимаю вас",
                    "давайте разберёмся",
                    "согласен с вами",
                    "хороший вопрос",
                    "при этом",
                    "зато",
                    "если сравнить",
                ],
            ),
            Category(
                code="order_confirmation",
                label_ru="Подтверждение заказа",
                label_en="Order confirmation",
                phrases=[
                    "оформить заказ",
                    "оформлять заказ",
                    "подтверждать заказ",
                    "подтвердить заказ",
                    "ваш заказ",
                    "номер заказа",
                    "правильно ли я поняла",
                    "правильно ли я понял",
                    "повторю ваш заказ",
                    "заказ оформлен",
                    "доставка будет",
                ],
            ),
            Category(
                code="farewell",
                label_ru="Прощание",
                label_en="Farewell",
                phrases=[
                    "до свидания",
                    "всего доброго",
                    "хорошего дня",
                    "хорошего вечера",
                    "спасибо за звонок",
                    "спасибо за обращение",
                    "всего хорошего",
                ],
            ),
        ],
        forbidden=[
            "последний шанс",
            "только сегодня",
            "вы обязаны",
            "вы должны купить",
            "не пожалеете",
            "успейте купить",
            "все берут",
            "это не моя проблема",
            "я не знаю",
            "ничем не могу помочь",
            "вы не поняли",
            "девушка",
            "мужчина",
            "перезвоните позже",
            "не моя компетенция",
            "по-любому",
            "короче",
        ],
    )


@lru_cache(maxsize=1)
def _morph() -> Any:
    from callscout.morph import russian_morph

    return russian_morph()


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    return _morph().parse(word.lower().replace("ё", "е"))[0].normal_form.replace("ё", "е")


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(match.group(0), match.start(), match.end()) for match in _WORD.finditer(text)]


def _phrase_lemmas(phrase: str) -> list[str]:
    return [lemma(word) for word, _, _ in _words(phrase)]


def _find(phrase: list[str], lemmas: list[str], begin: int = 0) -> tuple[int, int] | None:
    """First occurrence of ``phrase`` in ``lemmas`` from ``begin``, with at most MAX_GAP_WORDS extra
    words between its words."""
    if not phrase:
        return None
    for start in range(begin, len(lemmas)):
        if lemmas[start] != phrase[0]:
            continue
        position = start
        for wanted in phrase[1:]:
            window = lemmas[position + 1 : position + 2 + MAX_GAP_WORDS]
            if wanted not in window:
                break
            position += 1 + window.index(wanted)
        else:
            return start, position
    return None


def _occurrences(phrase: str, segments: list[Segment]) -> Iterator[dict[str, Any]]:
    """Every place ``phrase`` is heard, in the order of the segments."""
    phrase_lemmas = _phrase_lemmas(phrase)
    for segment in segments:
        words = _words(segment.text)
        lemmas = [lemma(word) for word, _, _ in words]
        begin = 0
        while (found := _find(phrase_lemmas, lemmas, begin)) is not None:
            first, last = found
            # Times inside a segment are spread evenly over its words: not every engine gives word times.
            time = segment.start + first / max(1, len(words)) * max(0.0, segment.end - segment.start)
            yield {
                "variant": phrase,
                "phrase": segment.text[words[first][1] : words[last][2]],
                "time_s": round(time, 1),
                "speaker": segment.speaker,
                "context": segment.text[:200],
            }
            begin = last + 1


def _match(phrases: list[str], segments: list[Segment]) -> dict[str, Any] | None:
    """The earliest place any of the variants is heard."""
    found = [next(_occurrences(phrase, segments), None) for phrase in phrases]
    heard = [item for item in found if item is not None]
    return min(heard, key=lambda item: item["time_s"]) if heard else None


def check_script(transcript: Transcript, script: ScriptDefinition | None = None) -> dict[str, Any]:
    """A checklist per category, forbidden phrases heard, and the share of required items met."""
    script = script or default_script()
    # Only the operator's words count where speakers are known; the customer may well say "до свидания".
    operator = [s for s in transcript.segments if s.speaker in (None, "operator")] or transcript.segments
    checklist = []
    for category in script.categories:
        match = _match(category.phrases, operator)
        late = (
            match is not None
            and category.within_first_s is not None
            and match["time_s"] > category.within_first_s
            and any(s.end > 0 for s in operator)
        )
        checklist.append(
            {
                "category": category.code,
                # Kept with both languages (the run's summary is stored as JSON and read by later reports).
                "label": keep_the_key(pick(category.label_ru, category.label_en)),
                "required": category.required,
                "found": match is not None,
                "late": late,
                **(match or {"variant": None, "phrase": None, "time_s": None, "speaker": None, "context": None}),
            }
        )
    forbidden = [item for phrase in script.forbidden for item in _occurrences(phrase, operator)]
    required = [item for item in checklist if item["required"]]
    met = sum(1 for item in required if item["found"] and not item["late"])
    score = round(100.0 * met / len(required), 1) if required else None
    return {
        "checklist": checklist,
        "forbidden": sorted(forbidden, key=lambda item: item["time_s"]),
        "score": score,
        "passed": bool(required) and met == len(required) and not forbidden,
    }


def load_script(path: Path) -> ScriptDefinition:
    from callscout.qa.files import load_yaml_model

    return load_yaml_model(path, ScriptDefinition)
