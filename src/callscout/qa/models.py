"""Definitions a buyer writes: scorecard forms (like QueueMetrics quality assessment) and operator quizzes."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from callscout.errors import DataError
from callscout.i18n import msg


class Scale(StrEnum):
    YES_NO = "yes_no"
    SCORE = "score"  # 0-100


class FormItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=60, pattern=r"^[\w.-]+$")
    text: str = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0)
    scale: Scale = Scale.YES_NO
    mandatory: bool = Field(default=True, description="Must be answered; optional items may be 'n/a'")
    comment: str | None = Field(default=None, description="Guidance for the grader")


class FormGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    items: list[FormItem] = Field(min_length=1)


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    min: float = Field(ge=0, le=100)


def _default_bands() -> list[Band]:
    return [
        Band(name="отлично / excellent", min=90),
        Band(name="хорошо / good", min=75),
        Band(name="удовлетворительно / fair", min=50),
        Band(name="плохо / poor", min=0),
    ]


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=60, pattern=r"^[\w.-]+$")
    name: str = Field(min_length=1)
    description: str | None = None
    groups: list[FormGroup] = Field(min_length=1)
    bands: list[Band] = Field(default_factory=_default_bands)

    @model_validator(mode="after")
    def _unique_codes(self) -> Form:
        codes = [item.code for group in self.groups for item in group.items]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(msg("qa.models.item_codes_repeat", codes=", ".join(duplicates)))
        self.bands = sorted(self.bands, key=lambda band: band.min, reverse=True)
        return self

    def items(self) -> list[tuple[str, FormItem]]:
        return [(group.name, item) for group in self.groups for item in group.items]

    def band(self, score: float) -> str | None:
        return next((band.name for band in self.bands if score >= band.min), None)


_YES = {"yes", "y", "да", "д", "true", "1", "+"}
_NO = {"no", "n", "нет", "н", "false", "0", "-"}
_NOT_APPLICABLE = {"na", "n/a", "нп", "-/-", "skip", "не применимо", "неприменимо"}


def parse_answer(item: FormItem, raw: Any) -> float | None:
    """An answer as 0..1, or None for "not applicable" (optional items only)."""
    text = str(raw).strip().lower() if raw is not None else "na"
    if text in _NOT_APPLICABLE:
        if item.mandatory:
            raise DataError(msg("qa.models.item_is_mandatory_it_cannot_be", code=item.code))
        return None
    if item.scale is Scale.YES_NO:
        if isinstance(raw, bool):
            return 1.0 if raw else 0.0
        if text in _YES:
            return 1.0
        if text in _NO:
            return 0.0
        raise DataError(msg("qa.models.item_answer_need_yes_no", code=item.code, value=raw))
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise DataError(msg("qa.models.item_answer_need_number_0_100", code=item.code, value=raw))
    return value / 100.0


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=60)
    text: str = Field(min_length=1)
    options: list[str] = Field(default_factory=list)
    answer: str | list[str] = Field(description="The right answer, or several accepted spellings")

    def accepts(self, given: str) -> bool:
        accepted = self.answer if isinstance(self.answer, list) else [self.answer]
        return _normal(given) in {_normal(item) for item in accepted}


def _normal(text: str) -> str:
    return " ".join(str(text).lower().replace("ё", "е").split())


class Quiz(BaseModel):
    """Questions about the buyer's products and rules: the article's "personal testing of employees"."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=60, pattern=r"^[\w.-]+$")
    name: str = Field(min_length=1)
    pass_mark: float = Field(default=80.0, ge=0, le=100)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Quiz:
        ids = [question.id for question in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError(msg("qa.models.question_ids_repeat"))
        return self
