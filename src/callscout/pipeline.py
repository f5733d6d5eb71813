"""The whole job for one evaluation: every stage that exists runs here, shells only call ``run``.

Data flows one way: the evaluation (needs, vendors) -> checks and models -> a result document that
the report renderer turns into HTML and JSON. Each stage adds one section to the document.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from callscout import __version__
from callscout.calls.stage import calls_stage
from callscout.economics.stage import economics_stage
from callscout.i18n import current_language
from callscout.legal.stage import legal_stage
from callscout.model import Evaluation, Vendor
from callscout.qa.stage import quality_stage
from callscout.scoring import scoring_stage
from callscout.store import Store
from callscout.web_audit.stage import audit_stage
from callscout.workload import weekly_profile

ANSWER_FIELDS = tuple(name for name in Vendor.model_fields["answers"].annotation.model_fields)


@dataclass
class PipelineContext:
    evaluation: Evaluation
    store: Store
    out_dir: Path
    evaluation_id: int | None = None
    options: dict[str, Any] = field(default_factory=dict)


Stage = Callable[[PipelineContext, dict[str, Any]], None]


def needs_stage(context: PipelineContext, document: dict[str, Any]) -> None:
    needs = context.evaluation.needs
    profile = weekly_profile(needs)
    day, hour, peak_calls = profile.peak_hour()
    document["sections"].append("needs")
    document["needs"] = {
        **needs.model_dump(mode="json"),
        "aht_s": needs.aht_s,
        "calls_per_week": round(profile.calls_per_week, 1),
        "peak_hour": {"weekday": day, "hour": hour, "calls": round(peak_calls, 2)},
        "share_of_calls_in_schedule": round(profile.within(needs.schedule), 4),
        "calls_per_hour_of_week": [round(calls, 3) for calls in profile.calls],
    }


def vendors_stage(context: PipelineContext, document: dict[str, Any]) -> None:
    vendors = []
    for vendor in context.evaluation.vendors:
        answers = vendor.answers.model_dump()
        answered = sum(1 for value in answers.values() if value is not None)
        vendors.append(
            {
                "name": vendor.name,
                "website": vendor.website,
                "inn": vendor.inn,
                "contacts": vendor.contacts.model_dump(mode="json"),
                "offers": [offer.model_dump(mode="json") for offer in vendor.offers],
                "answers": answers,
                "questionnaire_completeness": round(answered / len(ANSWER_FIELDS), 3),
                "response_hours": round(vendor.response_hours, 2) if vendor.response_hours is not None else None,
                "sla": vendor.sla.model_dump(mode="json") if vendor.sla else None,
            }
        )
    document["sections"].append("vendors")
    document["vendors"] = vendors


# Every capability adds its stage here, in data-flow order: inputs, checks and models, then scores.
STAGES: list[tuple[str, Stage]] = [
    ("needs", needs_stage),
    ("vendors", vendors_stage),
    ("audit", audit_stage),
    ("legal", legal_stage),  # after audit: it cross-checks what the site claims
    ("economics", economics_stage),
    ("calls", calls_stage),
    ("quality", quality_stage),
    ("scoring", scoring_stage),  # keep last: it scores what every stage above found
]


# What progress displays call each stage (a stage missing here is shown by its name).
STAGE_TITLES: dict[str, tuple[str, str]] = {
    "needs": ("потребности", "needs"),
    "vendors": ("вендоры", "vendors"),
    "audit": ("аудит сайтов", "website audits"),
    "legal": ("юрлица", "legal entities"),
    "economics": ("экономика", "economics"),
    "calls": ("звонки", "calls"),
    "quality": ("качество", "quality"),
    "scoring": ("рейтинг", "scoring"),
    "report": ("запись отчёта (HTML, PDF, XLSX, JSON)", "writing the report (HTML, PDF, XLSX, JSON)"),
}


# One switch for every online check (site audits, register, whois): ``callscout evaluate --online``, this
# variable, the cabinet's per-evaluation setting. Off, the stages answer from the store or say "unknown".
ONLINE_VARIABLE = "CALLSCOUT_ONLINE"


def online_from_environment() -> bool:
    return os.environ.get(ONLINE_VARIABLE, "").strip().lower() in ("1", "true", "yes", "on", "да")


def online_options(*, crawl: Any = None, legal_services: Any = None) -> dict[str, Any]:
    """The run options that turn the online checks on: the site audit crawls (``crawl``: CrawlOptions) and
    the legal stage asks the register and whois (``legal_services``: where they are; the defaults otherwise)."""
    from callscout.web_audit.stage import CRAWL_OPTIONS, NETWORK_OPTION

    options: dict[str, Any] = {NETWORK_OPTION: True, "network": True}
    if crawl is not None:
        options[CRAWL_OPTIONS] = crawl
    if legal_services is not None:
        options["legal_services"] = legal_services
    return options


@dataclass(frozen=True)
class PipelineResult:
    document: dict[str, Any]
    files: dict[str, Path]  # every report file written, by kind: html, pdf, xlsx, json, schema

    @property
    def html_path(self) -> Path:
        return self.files["html"]

    @property
    def json_path(self) -> Path:
        return self.files["json"]

    @property
    def vendor_count(self) -> int:
        return len(self.document.get("vendors", []))


def run(
    evaluation: Evaluation,
    store: Store,
    out_dir: Path,
    *,
    source_path: str | None = None,
    options: dict[str, Any] | None = None,
    on_stage: Callable[[str, int, int], None] | None = None,
    evaluation_id: int | None = None,
) -> PipelineResult:
    """``on_stage(name, done, total)`` is told before each stage and before writing the report ("report")."""
    from callscout.report import write_reports
    from callscout.report.charts import warm_up_in_background

    warm_up_in_background()  # the chart engine starts while the stages run, not when the report needs it
    out_dir.mkdir(parents=True, exist_ok=True)
    # The cabinet names its evaluation by id (names are unique per owner only); the command line by name.
    evaluation_id = store.save_evaluation(evaluation, source_path, evaluation_id=evaluation_id)
    context = PipelineContext(evaluation, store, out_dir, evaluation_id, options or {})
    document: dict[str, Any] = {
        "callscout_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "language": current_language(),
        # The file is named in the commands the report suggests ("callscout evaluate FILE --online").
        "evaluation": {"name": evaluation.name, "buyer": evaluation.buyer, "file": source_path},
        "sections": [],
    }
    for done, (name, stage) in enumerate(STAGES):
        if on_stage:
            on_stage(name, done, len(STAGES) + 1)
        stage(context, document)
    if on_stage:
        on_stage("report", len(STAGES), len(STAGES) + 1)
    files = write_reports(document, out_dir, context.options.get("report_formats"))
    return PipelineResult(document, files)
