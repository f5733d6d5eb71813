"""The request-for-proposal letter (HTML and PDF) from the buyer's needs: workload, hours, what to answer."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from callscout.model import PAYMENT_MODELS, Evaluation, Vendor
from callscout.rfp.questions import questionnaire_questions
from callscout.workload import weekly_profile


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-")[:60] or "vendor"


def hourly_day_profile(evaluation: Evaluation) -> list[float]:
    """Average calls in each hour of the day over the week: what the vendor staffs against."""
    calls = weekly_profile(evaluation.needs).calls
    return [round(sum(calls[day * 24 + hour] for day in range(7)) / 7, 1) for hour in range(24)]


def letter_context(evaluation: Evaluation, vendor: Vendor, sent_at: datetime) -> dict[str, Any]:
    needs = evaluation.needs
    profile = weekly_profile(needs)
    return {
        "evaluation": evaluation.model_dump(mode="json"),
        "vendor": vendor.model_dump(mode="json"),
        "needs": needs.model_dump(mode="json"),
        "aht_s": needs.aht_s,
        "hourly": hourly_day_profile(evaluation),
        "peak": profile.peak_hour(),
        "share_in_schedule": profile.within(needs.schedule),
        "questions": [question.text for question in questionnaire_questions()],
        "payment_models": PAYMENT_MODELS,
        "sent_at": sent_at.isoformat(timespec="minutes"),
    }


def write_letter(evaluation: Evaluation, vendor: Vendor, out_dir: Path, sent_at: datetime) -> tuple[Path, Path]:
    from callscout.report.render import render_pdf, render_template

    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_template("rfp_letter.html.j2", **letter_context(evaluation, vendor, sent_at))
    html_path = out_dir / f"rfp-{_slug(vendor.name)}.html"
    pdf_path = html_path.with_suffix(".pdf")
    html_path.write_text(html, encoding="utf-8")
    pdf_path.write_bytes(render_pdf(html))
    return html_path, pdf_path
