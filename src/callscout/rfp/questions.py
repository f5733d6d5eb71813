"""The questions of the questionnaire: one per answer field that a scoring criterion reads.

The questionnaire is built from the criteria catalogue (every criterion answered by the vendor has a row), so a
new criterion is asked about without touching this package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from callscout.i18n import pick
from callscout.model import Answers
from callscout.scoring.criteria import CRITERIA

# Questions whose answer is a plain yes/no about a fact the criterion's own question asks in words.
_YES_NO_WORDING: dict[str, tuple[str, str]] = {
    "works_24_7": ("Работаете ли вы круглосуточно, без выходных (24/7)?", "Do you work around the clock (24/7)?"),
    "dedicated_operators": (
        "Можете ли вы выделить операторов только под наши звонки?",
        "Can you assign operators to our calls only?",
    ),
}
# Answers the buyer records, not the vendor: never asked in the questionnaire.
_BUYER_JUDGEMENTS = {"answer_was_formal"}


@dataclass(frozen=True)
class Question:
    field: str
    text_ru: str
    text_en: str
    kind: str  # "yes_no" or "number"
    criteria: tuple[str, ...]

    @property
    def text(self) -> str:
        return pick(self.text_ru, self.text_en)


def questionnaire_questions() -> list[Question]:
    """One question per answer field that some criterion reads, in the catalogue's order."""
    by_field: dict[str, list[Any]] = {}
    for criterion in CRITERIA:
        if criterion.answer_field and criterion.answer_field not in _BUYER_JUDGEMENTS:
            by_field.setdefault(criterion.answer_field, []).append(criterion)
    questions = []
    for field_name, criteria in by_field.items():
        annotation = Answers.model_fields[field_name].annotation
        kind = "number" if "int" in str(annotation) else "yes_no"
        ru, en = _YES_NO_WORDING.get(field_name, (criteria[0].question_ru, criteria[0].question_en))
        questions.append(Question(field_name, ru, en, kind, tuple(item.id for item in criteria)))
    return questions
