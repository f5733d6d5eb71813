"""Reports: the result document as self-contained HTML (escaped), PDF, XLSX (formulas neutralised) and JSON."""

from callscout.report.render import render_html, render_pdf, write_reports

__all__ = ["render_html", "render_pdf", "write_reports"]
