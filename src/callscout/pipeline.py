"""The whole job for one evaluation: every stage that exists runs here, shells only call ``run``.

Data flows one way: the evaluation (needs, vendors) -> checks and models -> a result document that
the report renderer turns into HTML and JSON. Each stage adds one section to the document.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callscout import __version__
from callscout.calls.stage import calls_stage
from callscout.economics.stage import economics_stage
from callscout.i18n import current_language
from callscout.inputs import needs_stage, vendors_stage
from callscout.legal.stage import legal_stage
from callscout.model import Evaluation
from callscout.model.result import EvaluationInfo, ResultDocument
from callscout.model.run import RunContext, RunOptions
from callscout.qa.stage import quality_stage
from callscout.scoring import scoring_stage
from callscout.store import Store
from callscout.web_audit.stage import audit_checks_section, audit_stage

if TYPE_CHECKING:
    from callscout.legal.check import LegalServices
    from callscout.web_audit.crawler import CrawlOptions

# A stage: the run and the document so far in, its section out (None: the section is left out of the report).
# The section is validated into the document's typed field of the same name (model/result.py).
Stage = Callable[[RunContext, ResultDocument], Any]


def _legal(context: RunContext, document: ResultDocument) -> dict[str, dict[str, Any]]:
    return legal_stage(context, document.audit)


# Every capability adds its stage here, in data-flow order: inputs, checks and models, then scores.
STAGES: list[tuple[str, Stage]] = [
    ("needs", needs_stage),
    ("vendors", vendors_stage),
    ("audit", audit_stage),
    ("legal", _legal),  # after audit: it cross-checks what the site claims
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


def online_options(*, crawl: CrawlOptions | None = None, legal_services: LegalServices | None = None) -> RunOptions:
    """The run options that turn the online checks on: the site audit crawls (``crawl``: where to) and the legal
    stage asks the register and whois (``legal_services``: where they are; the defaults otherwise)."""
    return RunOptions(online=True, crawl=crawl, legal_services=legal_services)


@dataclass(frozen=True)
class PipelineResult:
    document: dict[str, Any]  # ``result`` as report.json holds it
    files: dict[str, Path]  # every report file written, by kind: html, pdf, xlsx, json, schema
    result: ResultDocument
    document_id: int | None = None  # the run's number in the store (``callscout report show --run``)

    @property
    def html_path(self) -> Path:
        return self.files["html"]

    @property
    def json_path(self) -> Path:
        return self.files["json"]

    @property
    def vendor_count(self) -> int:
        return len(self.document.get("vendors", []))


def _draw_charts_ahead(result: ResultDocument, stage: str) -> None:
    """The charts ``stage`` made drawable, sent ahead from the sections they read (as report.json holds them)."""
    from callscout.report.charts import CHARTS_AFTER_STAGE, draw_ahead, drawn_ahead

    names = CHARTS_AFTER_STAGE.get(stage)
    if names and drawn_ahead():
        document: dict[str, Any] = {"language": result.language}
        for name in ("needs", "economics", "calls", "scoring"):
            section = getattr(result, name) if name in result.sections else None
            if section is not None:
                document[name] = section.model_dump(mode="json", fallback=str)
        draw_ahead(document, names)


def run(
    evaluation: Evaluation,
    store: Store,
    out_dir: Path,
    *,
    source_path: str | None = None,
    options: RunOptions | None = None,
    on_stage: Callable[[str, int, int], None] | None = None,
    evaluation_id: int | None = None,
) -> PipelineResult:
    """``on_stage(name, done, total)`` is told before each stage and before writing the report ("report").

    Inside ``report.charts.drawing_ahead`` (as ``callscout evaluate`` runs it) each chart is sent to a child
    process as soon as a stage has made it drawable, and drawn there while the later stages run."""
    from callscout.report import write_reports

    # No chart-engine warm-up thread here: vl-convert holds the GIL while it starts, so a warm-up thread stalled
    # the stages instead of overlapping them (the chart worker of ``drawing_ahead`` is a process).
    out_dir.mkdir(parents=True, exist_ok=True)
    # The cabinet names its evaluation by id (names are unique per owner only); the command line by name.
    evaluation_id = store.save_evaluation(evaluation, source_path, evaluation_id=evaluation_id)
    # Relative paths in the evaluation file (call logs) are read beside it; the cabinet's builds keep the path
    # the evaluation was last saved from.
    source = source_path or store.evaluation_source(evaluation_id)
    context = RunContext(
        evaluation,
        evaluation_id,
        store,
        out_dir,
        options or RunOptions(),
        base_dir=Path(source).parent if source else Path.cwd(),
    )
    result = ResultDocument(
        callscout_version=__version__,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        as_of=(context.options.today or datetime.now(UTC).date()).isoformat(),
        language=current_language(),
        # The file is named in the commands the report suggests ("callscout evaluate FILE --online").
        evaluation=EvaluationInfo(name=evaluation.name, buyer=evaluation.buyer, file=source_path),
        sections=[],
    )
    for done, (name, stage) in enumerate(STAGES):
        if on_stage:
            on_stage(name, done, len(STAGES) + 1)
        section = stage(context, result)
        if section is not None:
            result.sections.append(name)
            setattr(result, name, section)  # validated into the section's model
            if name == "audit":
                setattr(result, "audit_checks", audit_checks_section())  # noqa: B010 - validated like the others
            _draw_charts_ahead(result, name)
    if on_stage:
        on_stage("report", len(STAGES), len(STAGES) + 1)
    # Kept with the run; the report files are written from the stored document, as the cabinet reads it.
    document_id = store.save_result_document(evaluation_id, result.as_json(), options=context.options.as_json())
    document = store.result_document(evaluation_id, document_id)
    assert document is not None  # saved just above
    files = write_reports(document, out_dir, context.options.formats)
    return PipelineResult(document, files, result, document_id)
