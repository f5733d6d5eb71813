"""The criteria catalogue: every criterion of the seed article, and how each is read from the result document.

A criterion turns one vendor's data into a raw value (hours, years, roubles, yes/no...) and then into a
score from 0 to 1 on a FIXED scale (``floor`` .. ``ceiling``). Fixed scales are what keeps the ranking
stable: adding a vendor never moves the others' scores (except where a missing value is filled with the
candidates' median, which the report says openly).

A value the data do not give is ``None`` with the reason; the criterion's missing-data policy decides what
it counts as: the worst value of the scale, the median of the other candidates, or nothing (excluded).

The catalogue itself is data: ``criteria.yaml`` in this package, one row per criterion with its Russian and
English texts, read on first use and validated by ``CriterionRow``. A row names its extractor (a function of
``scoring.extractors``) and, where the scale depends on the buyer's needs, a function of ``scoring.scales``.
The display helpers (labels, reasons, what settles an unknown) are in ``scoring.display``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar, cast, overload

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import callscout.scoring.extractors as extractors
import callscout.scoring.scales as scales
from callscout.i18n import pick
from callscout.model import Needs
from callscout.model.scoring import ScoringSettings
from callscout.scoring.display import (
    PAYMENT_MODEL_LABELS,
    check_action,
    legal_unknown_reason,
    payment_model_label,
    readable,
    repeats,
    site_unknown_reason,
    sla_breach_summary,
    sla_breach_text,
    whois_unknown_reason,
)
from callscout.scoring.extractors import PAYMENT_MODEL_RISK
from callscout.scoring.view import Extractor, Measured, VendorView

T = TypeVar("T")
Direction = Literal["benefit", "cost"]
MissingPolicy = Literal["worst", "median", "exclude"]

GROUPS: dict[str, tuple[str, str]] = {
    "website": ("Сайт", "Website"),
    "legal": ("Юрлицо и опыт", "Legal entity and experience"),
    "economics": ("Экономика", "Economics"),
    "reporting": ("Отчётность и контроль", "Reporting and control"),
    "quality": ("Качество", "Quality"),
    "fit": ("Соответствие задачам", "Fit to the buyer's needs"),
    "responsiveness": ("Оперативность", "Responsiveness"),
}

MISSING_POLICY_LABELS: dict[str, tuple[str, str]] = {
    "worst": ("худшее значение шкалы", "worst value of the scale"),
    "median": ("медиана по кандидатам", "median of the candidates"),
    "exclude": ("не учитывается", "excluded"),
}


ScaleFunction = Callable[[Needs, ScoringSettings | None], tuple[float, float]]


@dataclass(frozen=True)
class Criterion:
    id: str
    name_ru: str
    name_en: str
    group: str
    direction: Direction
    extract: Callable[[VendorView], Measured]
    missing: MissingPolicy
    article: str = field(repr=False)
    question_ru: str = field(repr=False)
    question_en: str = field(repr=False)
    scale: tuple[float, float] | ScaleFunction = (0.0, 1.0)
    unit: str = ""
    answer_field: str | None = None
    importance: float = 1.0
    importance_by_preset: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return pick(self.name_ru, self.name_en)

    @property
    def how(self) -> str:
        """How the raw value is computed, for the report's catalogue."""
        return pick(*getattr(self.extract, "how", ("", "")))

    @property
    def question(self) -> str:
        return pick(self.question_ru, self.question_en)

    def bounds(self, needs: Needs, settings: ScoringSettings | None) -> tuple[float, float]:
        return self.scale(needs, settings) if callable(self.scale) else self.scale

    def score(self, value: float, bounds: tuple[float, float]) -> float:
        """Raw value -> 0..1 on the fixed scale; 1 is always best, whatever the direction."""
        floor, ceiling = bounds
        share = (value - floor) / (ceiling - floor)
        share = min(1.0, max(0.0, share))
        return share if self.direction == "benefit" else 1.0 - share

    def importance_for(self, preset: str) -> float:
        return self.importance_by_preset.get(preset, self.importance)

    @property
    def check(self) -> str | None:
        """The online check that feeds this criterion ("site", "legal"), None for the buyer's and vendor's data."""
        return getattr(self.extract, "online_check", None)


# --- the catalogue, as data ------------------------------------------------------------------------------

CATALOGUE_FILE = "criteria.yaml"


class Texts(BaseModel):
    """A text in both languages of the product: Russian first."""

    model_config = ConfigDict(extra="forbid")

    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class CriterionRow(BaseModel):
    """One row of ``criteria.yaml``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Texts
    group: str
    direction: Direction
    extract: str = Field(description="A public function of callscout.scoring.extractors")
    args: dict[str, Any] = Field(default_factory=dict, description="Passed to ``extract`` to make the extractor")
    missing: MissingPolicy
    scale: tuple[float, float] | str = Field(default=(0.0, 1.0), description="Floor and ceiling, or a scales function")
    unit: str = ""
    answer_field: str | None = None
    importance: float = Field(default=1.0, gt=0)
    importance_by_preset: dict[str, float] = Field(default_factory=dict)
    article: str = Field(min_length=1, description="The seed article's words this criterion stands for")
    question: Texts

    def criterion(self) -> Criterion:
        if self.group not in GROUPS:
            raise ValueError(f"unknown group {self.group!r}; there are: {', '.join(GROUPS)}")
        return Criterion(
            id=self.id,
            name_ru=self.name.ru,
            name_en=self.name.en,
            group=self.group,
            direction=self.direction,
            extract=_extractor(self.extract, self.args),
            missing=self.missing,
            article=self.article,
            question_ru=self.question.ru,
            question_en=self.question.en,
            scale=_scale(self.scale),
            unit=self.unit,
            answer_field=self.answer_field,
            importance=self.importance,
            importance_by_preset=dict(self.importance_by_preset),
        )


def _public_function(module: Any, name: str, what: str) -> Callable[..., Any]:
    function = getattr(module, name, None) if not name.startswith("_") else None
    if not callable(function):
        raise ValueError(f"no {what} {name!r} in {module.__name__}")
    return cast(Callable[..., Any], function)


def _extractor(name: str, args: dict[str, Any]) -> Extractor:
    function = _public_function(extractors, name, "extractor")
    return function(**args) if args else function


def _scale(scale: tuple[float, float] | str) -> tuple[float, float] | ScaleFunction:
    if isinstance(scale, str):
        return _public_function(scales, scale, "scale")
    return scale


def load_catalogue(text: str, origin: str = CATALOGUE_FILE) -> tuple[Criterion, ...]:
    """The criteria of a catalogue's YAML text; a bad row is a ValueError naming the row and the field."""
    import yaml

    # The package's own file, trusted: the C loader when PyYAML has it (a third of the time).
    rows = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(rows, list) or not rows:
        raise ValueError(f"{origin}: expected a list of criteria")
    criteria: list[Criterion] = []
    for number, raw in enumerate(rows, 1):
        label = raw.get("id") if isinstance(raw, dict) else None
        try:
            criteria.append(CriterionRow.model_validate(raw).criterion())
        except (ValidationError, ValueError, TypeError) as error:
            raise ValueError(f"{origin}: criterion {number} ({label or '?'}): {error}") from None
    ids = [criterion.id for criterion in criteria]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        raise ValueError(f"{origin}: criteria listed twice: {', '.join(duplicates)}")
    return tuple(criteria)


@cache
def catalogue() -> tuple[Criterion, ...]:
    """Every criterion, in the catalogue's order (read from the package on first use)."""
    text = resources.files("callscout.scoring").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return load_catalogue(text)


@cache
def _by_id() -> dict[str, Criterion]:
    return {criterion.id: criterion for criterion in catalogue()}


@cache
def _audit_check_criteria() -> dict[str, str]:
    # The extractor of a site-check criterion says which check it reads (``audit_check``).
    return {item.extract.audit_check: item.id for item in catalogue() if hasattr(item.extract, "audit_check")}


class _Criteria(Sequence[Criterion]):
    """``CRITERIA``: the catalogue as a tuple, read on first use (importing this module reads nothing)."""

    @overload
    def __getitem__(self, index: int) -> Criterion: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Criterion]: ...
    def __getitem__(self, index: int | slice) -> Criterion | Sequence[Criterion]:
        return catalogue()[index]

    def __len__(self) -> int:
        return len(catalogue())

    def __iter__(self) -> Iterator[Criterion]:
        return iter(catalogue())


class _LazyMapping(Mapping[str, T]):
    """A dict built on first use by ``build``."""

    def __init__(self, build: Callable[[], dict[str, T]]) -> None:
        self._build = build

    def __getitem__(self, key: str) -> T:
        return self._build()[key]

    def __len__(self) -> int:
        return len(self._build())

    def __iter__(self) -> Iterator[str]:
        return iter(self._build())


CRITERIA: Sequence[Criterion] = _Criteria()
BY_ID: Mapping[str, Criterion] = _LazyMapping(_by_id)
# Which criterion sums up each site check, so that a check's finding is told once, with its criterion.
AUDIT_CHECK_CRITERION: Mapping[str, str] = _LazyMapping(_audit_check_criteria)


def criterion(criterion_id: str) -> Criterion:
    return _by_id()[criterion_id]


__all__ = [
    "AUDIT_CHECK_CRITERION",
    "BY_ID",
    "CRITERIA",
    "GROUPS",
    "MISSING_POLICY_LABELS",
    "PAYMENT_MODEL_LABELS",
    "PAYMENT_MODEL_RISK",
    "Criterion",
    "CriterionRow",
    "Measured",
    "VendorView",
    "catalogue",
    "check_action",
    "criterion",
    "legal_unknown_reason",
    "load_catalogue",
    "payment_model_label",
    "readable",
    "repeats",
    "site_unknown_reason",
    "sla_breach_summary",
    "sla_breach_text",
    "whois_unknown_reason",
]
