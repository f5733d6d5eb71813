"""Reports: the result document rendered as self-contained HTML (escaped) and as JSON."""

from callscout.report.render import render_html, write_reports

__all__ = ["render_html", "write_reports"]
