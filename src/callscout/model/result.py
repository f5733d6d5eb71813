"""The result document of a run: one typed model, section by section, in the order the pipeline adds them.

``report.json`` is this model dumped as JSON, ``report.schema.json`` its JSON Schema, and the store keeps it
with the run (the cabinet's ranking page, the report and the workbook read it from there). Each section types
its top level and the parts other stages read; deeper parts are what the stage wrote (``dict[str, Any]``), so
that the field names, their order and the values stay those of the report readers and templates know.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from callscout.model.findings import Said, keep_the_key

# A value that may be a catalogue text («108344 байт, 6,77 с»): kept with its key, else as it is.
SaidValue = Annotated[Any, BeforeValidator(keep_the_key)]

# A figure as the stage computed it: an int stays an int in the JSON (54000, not 54000.0).
Number = int | float
NullableNumber = int | float | None


class Section(BaseModel):
    """A part of the result document. Keys the model does not name are kept (``extra``), and the dump keeps
    the keys in the order the stage wrote them: the JSON reads as it always did."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)
    _order: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        model = handler(data)
        if isinstance(data, dict) and not model._order:
            model._order = tuple(data)
        return model

    @model_serializer(mode="wrap")
    def _in_order(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        given = [key for key in self._order if key in dumped]
        # Fields set after validation follow, in the model's order; defaults nobody set stay out.
        later = [key for key in type(self).model_fields if key in self.model_fields_set and key not in given]
        extra = [key for key in dumped if key not in given and key not in later and key in (self.model_extra or {})]
        return {key: dumped[key] for key in (*given, *later, *extra)}


class EvaluationInfo(Section):
    name: str
    buyer: str | None = None
    file: str | None = Field(default=None, description="The evaluation file the run read")


class PeakHour(Section):
    weekday: str
    hour: int
    calls: Number


class NeedsSection(Section):
    """The buyer's needs as the evaluation file states them (every field of ``Needs``), with the weekly profile."""

    aht_s: Number = Field(description="Average handling time: talk plus after-call work, seconds")
    calls_per_week: Number
    peak_hour: PeakHour
    share_of_calls_in_schedule: Number = Field(description="Share of the week's calls inside the buyer's hours")
    calls_per_hour_of_week: list[Number] = Field(description="168 hours from Monday 00:00")


class VendorSection(Section):
    name: str
    website: str | None = None
    inn: str | None = None
    contacts: dict[str, Any] = Field(default_factory=dict)
    offers: list[dict[str, Any]] = Field(default_factory=list)
    answers: dict[str, Any] = Field(default_factory=dict, description="Questionnaire answers; null: not answered")
    questionnaire_completeness: Number = 0
    response_hours: NullableNumber = None
    sla: dict[str, Any] | None = None


class UntrustedSection(Section):
    """A section whose values come from strangers (a website, the register, whois) by way of the store."""

    @field_validator("*", mode="wrap")
    @classmethod
    def _wrong_type_dropped(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """A value of the wrong type is dropped (its field's default), once, here, and the readers rely on
        the types."""
        try:
            return handler(value)
        except ValidationError:
            field = cls.model_fields[info.field_name or ""]
            return field.get_default(call_default_factory=True)


class SiteSection(UntrustedSection):
    """One vendor's website audit: the JSON contract of ``callscout audit`` (site_audit.schema.json)."""

    url: str | None = None
    status: str = Field(default="unknown", description="pass, warn, fail or unknown")
    audited_at: str | None = None
    pages_fetched: int | None = None
    findings: list[dict[str, Any]] = Field(default_factory=list)
    legal_entity: dict[str, Any] | None = None
    contacts: dict[str, Any] = Field(default_factory=dict)
    experience_claims: list[Any] | None = None


class CheckTitle(Section):
    ru: str
    en: str
    criterion: str | None = None


class LegalSection(UntrustedSection):
    """One vendor's legal entity check against the register and whois."""

    status: str
    reasons: list[Said] = Field(default_factory=list)
    inn: str | None = None
    registry: dict[str, Any] | None = None
    registry_status: str | None = Field(default=None, description="The register's answer; null: not asked")
    registry_reason: str | None = Field(default=None, description="Why the register said nothing")
    domain: dict[str, Any] | None = None
    domain_status: str | None = Field(default=None, description="Whois's answer; null: not asked")
    domain_reason: str | None = Field(default=None, description="Why whois said nothing")
    company_age_years: NullableNumber = None
    flags: list[dict[str, Any]] = Field(default_factory=list)


class OfferRisk(Section):
    """What an offer's price depends on beyond the workload (a charge model's risk), in words and roubles."""

    code: str | None = None
    message: Said = ""


class PricedOffer(Section):
    """One offer priced on the buyer's workload."""

    vendor: str
    offer: str
    label: str
    models: list[str] = Field(description="Payment models of the offer")
    monthly_cost_rub: Number
    first_month_cost_rub: NullableNumber = None
    peak_month_cost_rub: NullableNumber = None
    breakdown: list[dict[str, Any]] = Field(default_factory=list)
    cost_per_handled_call_rub: NullableNumber = None
    within_budget: bool | None = None
    risks: list[OfferRisk] = Field(default_factory=list, description="What the price depends on beyond the workload")


class ScheduleRow(Section):
    """A schedule compared (24/7, the buyer's hours...): its staffing and what it loses."""

    label: Said


class EconomicsSection(Section):
    """Offers priced on the buyer's workload, staffing (Erlang C/A), schedules, in-house cost, curves."""

    error: str | None = Field(default=None, description="Why nothing could be priced (an unreachable target)")
    offers: list[PricedOffer] = Field(default_factory=list)
    best_offer_by_vendor: dict[str, PricedOffer] = Field(default_factory=dict)
    staffing: dict[str, Any] = Field(default_factory=dict)
    schedules: list[ScheduleRow] = Field(default_factory=list)
    in_house: dict[str, Any] = Field(default_factory=dict)
    break_even: list[dict[str, Any]] = Field(default_factory=list)
    curves: Any = None
    workload: dict[str, Any] = Field(default_factory=dict)
    notes: list[Said] = Field(default_factory=list)


class CallsSection(Section):
    """KPIs from the vendors' imported call logs, the trial comparison and the SLA breaches."""

    vendors: dict[str, dict[str, Any]] = Field(default_factory=dict, description="The cabinet's KPIs by vendor")
    comparison: dict[str, Any] | None = None
    sla_breaches: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    sla_unchecked: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="По вендору: цели SLA на показателях, которых журнал не даёт (показатель -> код причины): "
        "«не проверено», ни выполнено, ни нарушено / by vendor: SLA targets on figures the log cannot tell "
        "(metric -> reason code): not checked, neither met nor breached",
    )
    errors: list[str] = Field(default_factory=list)
    insights: dict[str, Any] | None = None


class VendorQuality(Section):
    """Recording verdicts, QA average, mystery shopper, quizzes and the script check of one vendor."""

    recordings: list[dict[str, Any]] = Field(default_factory=list)
    qa_average: NullableNumber = Field(default=None, description="Average scorecard grade 0..100; null: none graded")
    qa_grades: int = 0
    mystery_shopper: dict[str, Any] | None = None
    quizzes: dict[str, Any] | None = None
    script: dict[str, Any] | None = None
    script_missing: Said | None = None
    error: str | None = None


class EvidenceItem(Section):
    """Where a person can check: a page, the words on it, the value read."""

    url: str | None = None
    excerpt: Said | None = None
    value: SaidValue = None


class CriterionCell(Section):
    """One criterion for one vendor."""

    value: NullableNumber = Field(description="Raw value (hours, years, roubles, 1/0 for yes/no); null: unknown")
    display: Said = Field(description="The raw value as a person reads it")
    score: NullableNumber = Field(description="Score 0..1 on the criterion's fixed scale; null: unknown")
    used_score: NullableNumber = Field(description="Score the ranking used after the missing-data policy")
    imputed: bool = Field(description="True when used_score was filled in by the missing-data policy")
    counted: bool = Field(description="False when the criterion is excluded for this vendor")
    applicable: bool = True
    weight: Number
    contribution: Number = Field(description="Points of the total (0..100) this criterion gave")
    source: str | None = Field(default=None, description="Path of the value in this document")
    note: Said | None = Field(default=None, description="Why the value is unknown")
    evidence: list[EvidenceItem] = Field(default_factory=list)


class KnockoutResult(Section):
    rule: str
    name: Said
    status: Literal["knocked_out", "clear", "unknown"] = Field(description="clear only with evidence")
    evidence: list[EvidenceItem] = Field(default_factory=list)
    note: Said | None = Field(default=None, description="Why it is unknown")
    check: str | None = Field(default=None, description="site, legal, questionnaire or data")
    action: str | None = Field(default=None, description="The command that settles an unknown")


class RedFlag(Section):
    text: Said
    severity: str
    criterion: str | None = None
    evidence: list[EvidenceItem] = Field(default_factory=list)


class Question(Section):
    """What to ask the vendor before signing, from unknowns and warnings."""

    criterion: str | None = None
    reason: Literal["unknown", "weak", "warning", "knockout_unknown"]
    text: Said


class ScoredVendor(Section):
    name: str
    rank: int | None = Field(description="1 = best; null when disqualified")
    eligible: bool = Field(description="False when a knock-out rule disqualified the vendor")
    status: Literal["admitted", "unchecked", "excluded"] = Field(
        description="admitted: every knock-out clear with evidence; unchecked: some knock-out unknown (ranked on "
        "condition the check passes); excluded: a knock-out applies"
    )
    status_label: Said = ""
    conditional: bool = Field(default=False, description="The rank holds only if the unchecked knock-outs pass")
    total: Number = Field(ge=0, le=100, description="Weighted sum, points of 100")
    total_range: list[Number] | None = Field(
        default=None, description="[worst, best] total over every applicable criterion, the unknowns at the ends"
    )
    group_scores: dict[str, Number | None] = Field(default_factory=dict)
    completeness: Number = Field(default=0, description="Share of the applicable criteria weight that is known")
    knockouts: list[KnockoutResult]
    criteria: dict[str, CriterionCell] = Field(description="By criterion id")
    red_flags: list[RedFlag]
    questions: list[Question]
    probability_first: Number = Field(default=0, description="Monte Carlo probability of ranking first")


class MonteCarlo(Section):
    runs: int
    jitter: Number
    seed: int
    probability_first: dict[str, Number]


class Confidence(Section):
    level: Literal["high", "medium", "low", "none"]
    label: Said = ""
    probability_first: Number = 0
    reasons: list[Said] = Field(default_factory=list)


class CheckToRun(Section):
    """What to check before signing: an unchecked knock-out or a criterion a check would settle."""

    vendor: str
    subject: str
    name: Said
    knockout: bool
    check: str | None = None
    reason: Said | None = None
    action: str | None = None


class CriteriaGroup(Section):
    id: str
    name: Said
    weight: Number = 0


class CatalogueCriterion(Section):
    """One criterion of the catalogue as the run used it (its texts kept in both languages)."""

    id: str
    name: Said
    how: Said = ""
    missing_policy_label: Said = ""


class SensitivityRow(Section):
    """A weight (of a group or a criterion) and where the winner changes."""

    kind: str
    id: str
    name: Said


class CrossChecks(Section):
    """The ranking by other MCDM methods and Kendall's tau; ``note`` says why there is none."""

    note: Said | None = None


class ScoringSection(Section):
    """The decision: criteria, weights, ranking, knock-outs, cross-checks, sensitivity and confidence."""

    preset: Literal["orders", "consultations", "support"]
    weights_source: Literal["preset", "file", "ahp"] = "preset"
    warnings: list[Said] = Field(default_factory=list)
    groups: list[CriteriaGroup] = Field(default_factory=list)
    ahp: dict[str, Any] | None = None
    criteria: list[CatalogueCriterion] = Field(description="The catalogue: every criterion of the seed article")
    vendors: list[ScoredVendor] = Field(description="Eligible vendors by rank, then the disqualified")
    ranking: list[str]
    disqualified: list[str] = Field(default_factory=list)
    winner: str | None
    margin_points: NullableNumber = None
    cross_checks: CrossChecks = Field(description="The ranking by other MCDM methods, Kendall's tau")
    sensitivity: list[SensitivityRow] = Field(description="For each weight: the weight at which the winner changes")
    monte_carlo: MonteCarlo
    unknowns: dict[str, Any] = Field(
        default_factory=dict, description="What the unknowns could do: each vendor's [worst, best] total"
    )
    checks_to_run: list[CheckToRun] = Field(default_factory=list)
    confidence: Confidence | None = None


class ResultDocument(Section):
    """The result document of `callscout evaluate` / `callscout demo` (report.json)."""

    model_config = ConfigDict(
        extra="allow",
        validate_assignment=True,
        title="CallScout report",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://callscout.example/schemas/report.schema.json",
        },
    )

    callscout_version: str
    generated_at: str = Field(description="ISO 8601 time of the run")
    as_of: str | None = Field(
        default=None,
        description="The day (ISO 8601) ages and freshness are counted to: the run's day, or the day the run was "
        "given (RunOptions.today); null in older documents: the day of generated_at",
    )
    language: Literal["ru", "en"]
    evaluation: EvaluationInfo
    sections: list[str] = Field(default_factory=list, description="Sections in pipeline order")
    needs: NeedsSection | None = None
    vendors: list[VendorSection] | None = None
    audit: dict[str, SiteSection] | None = Field(default=None, description="Website audit by vendor name")
    audit_checks: dict[str, CheckTitle] | None = Field(default=None, description="Title of each site check")
    legal: dict[str, LegalSection] | None = Field(default=None, description="Legal entity check by vendor name")
    economics: EconomicsSection | None = None
    calls: CallsSection | None = None
    quality: dict[str, VendorQuality] | None = Field(default=None, description="Quality by vendor name")
    scoring: ScoringSection | None = None

    def as_json(self) -> dict[str, Any]:
        """The document as report.json holds it (plain JSON types)."""
        return self.model_dump(mode="json", fallback=str)


def report_schema() -> dict[str, Any]:
    """JSON Schema of report.json, generated from the model (the stable contract for machines)."""
    return ResultDocument.model_json_schema(mode="validation")


def report_schema_text() -> str:
    return json.dumps(report_schema(), ensure_ascii=False, indent=2)
