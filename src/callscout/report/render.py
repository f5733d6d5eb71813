"""Rendering of the pipeline's result document. No business logic: it only shows what it is given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from callscout.i18n import pick

_environment: Environment | None = None


def _env() -> Environment:
    global _environment
    if _environment is None:
        # Autoescape everything: vendor names, site excerpts and answers are untrusted text.
        _environment = Environment(
            loader=PackageLoader("callscout.report", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _environment.globals["t"] = lambda ru, en: pick(ru, en, _environment.globals.get("lang"))
        _environment.filters["money"] = lambda value: "—" if value is None else f"{value:,.0f} ₽".replace(",", "\u202f")
        _environment.filters["pct"] = lambda value: "—" if value is None else f"{value * 100:.1f}%"
    return _environment


def render_html(document: dict[str, Any]) -> str:
    environment = _env()
    environment.globals["lang"] = document.get("language", "ru")
    return environment.get_template("report.html.j2").render(doc=document)


def write_reports(document: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "report.html"
    json_path = out_dir / "report.json"
    json_path.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    html_path.write_text(render_html(document), encoding="utf-8")
    return html_path, json_path
