"""Rendering of the pipeline's result document. No business logic: it only shows what it is given.

One HTML page is the source of the HTML and PDF reports; the workbook and the JSON carry the same data.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from callscout.i18n import Language, current_language, language, msg, pick
from callscout.model.result import report_schema_text
from callscout.present.filters import install_filters
from callscout.report.pdf_worker import render_pdf

REPORT_FORMATS = ("html", "json", "pdf", "xlsx")
# The PDF is three quarters of a report's time: built only when asked (``--formats``, or by the cabinet on the
# first download, from the report's own report.json: ``write_pdf``).
DEFAULT_FORMATS = ("html", "json", "xlsx")
PRINT_PAGE = "report.print.html"
PRINT_TEMPLATE = "report.print.html.j2"
_environment: Environment | None = None


def safe_url(value: Any) -> str | None:
    """Only web addresses become links: a vendor's ``javascript:`` or ``data:`` URL stays plain text."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def _report_language() -> Language | None:
    """The language of the page being rendered (a report in English from a Russian session, too)."""
    lang = _environment.globals.get("lang") if _environment is not None else None
    return lang if lang in ("ru", "en") else None


def evidence_value(item: Any, *shown: Any) -> str | None:
    """An evidence item's value, or None where it only repeats what the reader already sees: the finding
    it supports ("47/100" next to "QA: 47/100"), or the item's own excerpt or address."""
    from callscout.present.findings import said
    from callscout.scoring.criteria import readable, repeats

    # As a person reads it: a truth value as да/нет, not Python's False.
    value = readable(item.get("value")) if isinstance(item, dict) else None
    value = said(value) if value is not None else None  # a kept catalogue text, in the report's language
    if value is None or repeats(value, said(item.get("excerpt")), item.get("url"), *shown):
        return None
    return value.strip()


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs (a fifth of a second of every report otherwise); a cache that
    cannot be written (read-only home) only costs the compile."""

    def dump_bytecode(self, bucket: Any) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    from callscout.store import home_directory

    folder = home_directory() / "cache" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def report_title(name: str) -> str:
    """The report's heading: «Выбор колл-центра: <name>», unless the name already says so — the default name
    of `callscout init` is «Выбор колл-центра» and the demo's «… выбирает колл-центр», and the heading
    read «Выбор колл-центра: Выбор колл-центра»."""
    folded = name.casefold().replace("-", " ")
    if any(word in folded for word in ("колл центр", "call cent", "контакт центр", "contact cent")):
        return name
    return (
        msg("report.render.choosing_call_center", language=_environment.globals.get("lang") if _environment else None)
        + f": {name}"
    )


def _env() -> Environment:
    global _environment
    if _environment is None:
        # Autoescape everything: vendor names, site excerpts and answers are untrusted text.
        _environment = Environment(
            loader=PackageLoader("callscout.report", "templates"),
            bytecode_cache=_bytecode_cache(),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _environment.globals["t"] = lambda ru, en: pick(ru, en, _environment.globals.get("lang"))
        # A section is drawn for the screen unless the print page says otherwise (render_html(for_print=True)).
        _environment.globals["print_mode"] = False
        install_filters(_environment, _report_language)
        _environment.filters["safe_url"] = safe_url
        _environment.filters["evidence_value"] = evidence_value
        _environment.filters["report_title"] = report_title
    return _environment


def render_html(document: dict[str, Any], charts: dict[str, str] | None = None, *, for_print: bool = False) -> str:
    """The report page. ``for_print`` draws the print page (``PRINT_TEMPLATE``): a summary for the signing
    decision, every finding that is not ok in full, what passed counted, and the excerpts, per-offer lines and
    per-criterion evidence left to the HTML, JSON and XLSX (it names where), which keep them."""
    from callscout.report.charts import SCREEN_ONLY_CHARTS, build_charts

    environment = _env()
    lang = document.get("language", "ru")
    environment.globals["lang"] = lang
    with language(lang):
        if charts is None:
            charts = build_charts(document, skip=SCREEN_ONLY_CHARTS if for_print else ())
        # Charts are SVG we generated ourselves (and re-checked in charts.py); everything else is escaped.
        # On paper they go in as images: WeasyPrint's HTML parser is slow on large inline SVG.
        svg = {
            name: Markup(_as_image(text) if for_print else text)
            for name, text in charts.items()
            if not (for_print and name in SCREEN_ONLY_CHARTS)
        }
        # The paper copy has its own template: a summary for signing that names where the details are.
        page = PRINT_TEMPLATE if for_print else "report.html.j2"
        return environment.get_template(page).render(doc=document, charts=svg, print_mode=for_print)


def _as_image(svg: str) -> str:
    """A chart for paper, as a vector image: WeasyPrint's HTML parser is slow on large inline SVG, its SVG
    image loader is not (rasterising with vl-convert measured no faster and made the PDF 4x larger)."""
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt="" src="data:image/svg+xml;base64,{encoded}">'


def render_template(name: str, **context: Any) -> str:
    """Any other page of CallScout (the request-for-proposal letter) with the report's escaping and filters."""
    environment = _env()
    environment.globals["lang"] = context.get("lang") or current_language()
    return environment.get_template(name).render(**context)


REPORT_FILE_LABELS: dict[str, tuple[str, str]] = {
    "html": ("Отчёт HTML", "HTML report"),
    "pdf": ("Отчёт PDF", "PDF report"),
    "xlsx": ("Таблица XLSX", "XLSX workbook"),
    "json": ("Данные JSON", "JSON data"),
    "schema": ("Схема JSON", "JSON schema"),
}


def write_reports(document: dict[str, Any], out_dir: Path, formats: Iterable[str] | None = None) -> dict[str, Path]:
    """Write report.json (with its schema), report.html, report.xlsx and, when asked, report.pdf.

    With the PDF, its print page (``PRINT_PAGE``, the charts drawn once and embedded) is kept beside it; without,
    neither is drawn (a PDF asked for later, ``write_pdf``, is drawn from report.json). The PDF is rendered by a
    child process (see ``pdf_worker``) while this one writes the rest: the charts it needs are drawn first, the
    screen-only ones after it has its page. Returns every report file written, by kind (the keys of
    ``REPORT_FILE_LABELS``)."""
    from callscout.report.charts import SCREEN_ONLY_CHARTS, build_charts
    from callscout.report.pdf_worker import PdfRender, parallel_worth_it

    wanted = set(formats or DEFAULT_FORMATS) | {"html", "json"}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {"html": out_dir / "report.html"}
    if "pdf" in wanted:
        written["pdf"] = out_dir / "report.pdf"
    else:
        # An older run's PDF and print page would not match this report.
        (out_dir / "report.pdf").unlink(missing_ok=True)
        (out_dir / PRINT_PAGE).unlink(missing_ok=True)
    if "xlsx" in wanted:
        written["xlsx"] = out_dir / "report.xlsx"
    written["json"] = out_dir / "report.json"
    written["schema"] = out_dir / "report.schema.json"
    pdf_job = PdfRender(written["pdf"]) if "pdf" in written and parallel_worth_it() else None
    if pdf_job is not None:
        try:
            pdf_job.start()
        except OSError:  # no interpreter to start (an embedded Python): render in this process
            pdf_job.cancel()
            pdf_job = None
    try:
        printable = None
        charts: dict[str, str] = {}
        with language(document.get("language", "ru")):
            if "pdf" in written:
                charts = build_charts(document, skip=SCREEN_ONLY_CHARTS)
                printable = render_html(document, charts, for_print=True)
                if pdf_job is not None:
                    pdf_job.send(printable)
        if printable is not None:
            (out_dir / PRINT_PAGE).write_text(printable, encoding="utf-8")
        # The JSON and the workbook before the screen's charts: charts drawn ahead by a chart worker (see
        # charts.drawing_ahead) may still be on their way.
        written["json"].write_text(
            json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
        written["schema"].write_text(report_schema_text() + "\n", encoding="utf-8")
        if "xlsx" in written:
            from callscout.report.workbook import write_workbook

            with language(document.get("language", "ru")):
                write_workbook(document, written["xlsx"])
        with language(document.get("language", "ru")):
            charts |= (
                build_charts(document, names=SCREEN_ONLY_CHARTS) if printable is not None else build_charts(document)
            )
        written["html"].write_text(render_html(document, charts), encoding="utf-8")
        if pdf_job is not None:
            pdf_job.wait()
            pdf_job = None
        elif printable is not None:
            written["pdf"].write_bytes(render_pdf(printable))
    finally:
        if pdf_job is not None:
            pdf_job.cancel()
    return written


def print_page(out_dir: Path) -> str:
    """The print page of the report in ``out_dir``: the one kept beside its PDF, or drawn from its report.json
    (a report written without the PDF keeps no print page: most are never printed)."""
    from callscout.errors import UsageError

    page = out_dir / PRINT_PAGE
    if page.is_file():
        return page.read_text(encoding="utf-8")
    try:
        document = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = None
    if not isinstance(document, dict):
        raise UsageError(msg("report.render.has_no_report_to_print_build", folder=out_dir))
    return render_html(document, for_print=True)


def write_pdf(out_dir: Path) -> Path:
    """report.pdf of a report written without it, from its report.json (or the print page kept beside an
    earlier PDF).

    Rendered in the PDF worker process where a second core runs it (a web server's threads stay free of
    WeasyPrint's memory and its global state); the file appears atomically."""
    from callscout.report.pdf_worker import PdfRender, parallel_worth_it

    printable = print_page(out_dir)
    target = out_dir / "report.pdf"
    if not parallel_worth_it():
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(render_pdf(printable))
        partial.replace(target)
        return target
    job = PdfRender(target)
    try:
        job.start()
        job.send(printable)
        return job.wait()
    finally:
        job.cancel()
