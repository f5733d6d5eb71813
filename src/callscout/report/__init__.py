"""Reports: the result document as self-contained HTML (escaped), PDF, XLSX (formulas neutralised) and JSON."""

from __future__ import annotations

from typing import Any

__all__ = ["render_html", "render_pdf", "write_pdf", "write_reports"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the PDF child process (python -m callscout.report.pdf_worker) starts on the
    # critical path of a report and needs neither Jinja nor the templates.
    if name in __all__:
        from callscout.report import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
