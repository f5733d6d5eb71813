"""The Jinja filters of the presentation layer, one set for the report (HTML and print/PDF) and the cabinet.

``{{ x | num }}``, ``{{ share | pct }}``, ``{{ cost | money }}``, ``{{ seconds | dur }}``, ``{{ n | count("call") }}``,
``{{ moment | when }}`` (in the evaluation's time zone where the page has one), ``{{ p | pvalue }}``,
``{{ code | label("kpi") }}``, ``{{ text | said }}`` (a text of the result document) and ``msg("key", ...)`` for
catalogue texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from callscout.present import formatting
from callscout.present.findings import finding_text, said
from callscout.present.messages import label, message

LanguageGetter = Callable[[], str | None]
_IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def codes(text: Any) -> Markup:
    """Identifiers inside a text (``monthly_cost_rub``, an answer's key in the evaluation file) marked as code, so
    that a reader sees them as names to type, not as words of the sentence. The rest is escaped."""
    escaped = str(escape("" if text is None else text))
    return Markup(_IDENTIFIER.sub(lambda match: f"<code>{match.group()}</code>", escaped))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _page_zone(context: Context) -> str | None:
    """The evaluation's time zone, where the page shows one evaluation (the cabinet) or a report of one."""
    for name in ("evaluation", "doc"):
        source = context.get(name)
        needs = getattr(source, "needs", None) if source is not None else None
        if needs is not None and getattr(needs, "timezone", None):
            return str(needs.timezone)
        if isinstance(source, dict):
            zone = (source.get("needs") or {}).get("timezone") or (source.get("evaluation") or {}).get("timezone")
            if zone:
                return str(zone)
    return None


def install_filters(environment: Environment, language_of: LanguageGetter, *, empty: str = "—") -> None:
    """``language_of`` returns the language of the page being rendered (a report has its own, the cabinet the
    request's); ``empty`` is what a missing value shows."""

    def num(value: Any, digits: int = 1, trim: bool = False) -> str:
        if value is None:
            return empty
        if not _is_number(value):
            return str(value)
        return formatting.number(value, digits, trim=trim, language=language_of())

    def figure(value: Any) -> str:
        """A number of no fixed precision: «55,4», «183,63», «205»."""
        return empty if value is None else formatting.auto(value, language=language_of())

    def pct(value: Any, digits: int = 1) -> str:
        return empty if not _is_number(value) else formatting.percent(value, digits, language=language_of())

    def money(value: Any) -> str:
        return empty if not _is_number(value) else formatting.money(value, language=language_of())

    def signed(value: Any, digits: int = 1) -> str:
        return empty if not _is_number(value) else formatting.signed(value, digits, language=language_of())

    def dur(value: Any, unit: str | None = None, decimals: int | None = None) -> str:
        if not _is_number(value):
            return empty
        return formatting.duration(value, unit=unit, decimals=decimals, language=language_of())

    def count(value: Any, unit: str) -> str:
        return empty if not _is_number(value) else formatting.count(value, unit, language=language_of())

    def pvalue(value: Any) -> str:
        return empty if not _is_number(value) else formatting.pvalue(value, language=language_of())

    @pass_context
    def when(context: Context, value: Any, zone: str | None = None, utc: bool = False) -> str:
        """``utc``: a naive moment of the store, which keeps UTC (shown in the evaluation's zone)."""
        zone = zone or _page_zone(context) or (formatting.DEFAULT_TIMEZONE if utc else None)
        return formatting.moment(value, zone=zone, naive_utc=utc, language=language_of())

    def day(value: Any) -> str:
        return formatting.day(value, language=language_of())

    def code_label(code: Any, kind: str) -> str:
        return empty if code is None else label(kind, code, language=language_of())

    environment.filters.update(
        num=num,
        figure=figure,
        pct=pct,
        money=money,
        signed=signed,
        dur=dur,
        count=count,
        pvalue=pvalue,
        when=when,
        day=day,
        codes=codes,
        label=code_label,
        finding_text=lambda finding: finding_text(finding, language=language_of()),
        said=lambda text: said(text, language=language_of()),
    )
    environment.globals["msg"] = lambda key, **params: message(key, language=language_of(), **params)
