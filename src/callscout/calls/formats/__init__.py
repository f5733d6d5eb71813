"""Call log formats: each turns a source file into rows of the normalised call table with DuckDB SQL.

Every format yields a *stage*: one row per source line (file order kept, so a row's position is its
line) with a ``problem`` column naming what is wrong with that line. Per-call formats stage the
normalised columns directly; event logs (Asterisk queue_log) stage events and fold them into calls
in a second query. Definitions of answered, abandoned and so on per format are written at each
format's module; the shared outcome vocabulary is in ``schema``.

One module per format, each with the same small API (the python-stdnum shape), found by walking this
package (``callscout.registry``); a new format is a new module and nothing else:

``NAME``    the format name (``calls import --format NAME``; ``-`` and ``_`` are the same);
``LABEL``   (Russian, English) name shown to the user;
``ORDER``   where detection tries it (lower first; the generic export, which takes anything, is last);
``sniff(source) -> bool``  whether the file's first lines are this format; never raises on any input;
``plan(source, vendor, mapping, options) -> StagePlan``  the SQL that stages the file, or a ``DataError``
            naming the file (and the line, when the file is read) for input it cannot take;
``CANNOT_TELL`` (optional)  call outcomes (``ivr``, ``phantom``) its logs never show: the import
            summary counts them as «нет данных», not 0.
Modules starting with ``_`` are shared helpers. PBX presets (``calls.presets``) are column layouts of the
generic export and are tried after the log formats and before the generic export.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from callscout.calls.formats._common import (
    DEFAULT_TIMEZONE,
    Format,
    PlanOptions,
    StagePlan,
    json_fault_line,
    repair_quotes,
)
from callscout.calls.formats._orders import orders_plan
from callscout.calls.formats.asterisk_queue_log import (
    QUEUE_LOG_LINE,
    queue_log_agent_states_sql,
    queue_log_calls_sql,
)
from callscout.calls.formats.generic import resolve_mapping
from callscout.calls.mapping import ColumnMapping
from callscout.calls.schema import COLUMNS
from callscout.calls.sources import Source
from callscout.errors import UsageError
from callscout.i18n import msg
from callscout.registry import Registry, require

REQUIRED = ("NAME", "LABEL", "ORDER", "sniff", "plan")
# Presets come after the log formats (ORDER < 500) and before the generic export (ORDER 1000).
PRESET_ORDER = 500


def _format_of(module: ModuleType) -> list[Format]:
    require(module, REQUIRED, "call log format")
    cannot_tell = tuple(getattr(module, "CANNOT_TELL", ()))
    return [
        Format(module.NAME, tuple(module.LABEL), module.sniff, module.plan, order=module.ORDER, cannot_tell=cannot_tell)
    ]


LOG_FORMATS: Registry[Format] = Registry(__name__, _format_of, key=lambda item: item.name)


def _preset_format(preset: ModuleType) -> Format:
    from callscout.calls.formats import generic
    from callscout.calls.formats._common import head_rows

    def sniff(source: Source) -> bool:
        delimiter = preset.DELIMITER or source.delimiter()
        rows = head_rows(source, delimiter)
        try:
            return bool(rows) and bool(preset.sniff(rows[0], rows[1:]))
        except Exception:  # noqa: BLE001 - a preset's sniff that fails on odd input only means "not mine"
            return False

    def plan(source: Source, vendor: str, mapping: ColumnMapping | None, options: PlanOptions) -> StagePlan:
        return generic.plan(source, vendor, mapping, options, preset)

    cannot_tell = tuple(getattr(preset, "CANNOT_TELL", generic.CANNOT_TELL))
    return Format(preset.NAME, preset.LABEL, sniff, plan, order=PRESET_ORDER, preset=True, cannot_tell=cannot_tell)


@cache
def all_formats() -> dict[str, Format]:
    """Every format by name, presets included, in the order detection tries them."""
    from callscout.calls.presets import all_presets

    found = [*LOG_FORMATS.values(), *(_preset_format(preset) for preset in all_presets())]
    ordered = sorted(enumerate(found), key=lambda item: (item[1].order, item[0]))
    return {item.name: item for _, item in ordered}


def __getattr__(name: str) -> dict[str, Format]:
    # ``FORMATS`` is built on first use: walking the packages is no work for import time.
    if name == "FORMATS":
        return all_formats()
    raise AttributeError(name)


def canonical_format_name(name: str) -> str:
    """``anonymous-bank``, ``Anonymous_Bank`` and ``anonymous_bank`` are one format."""
    return name.strip().lower().replace("-", "_")


def detect_format(source: Source) -> Format:
    for candidate in all_formats().values():
        if candidate.name == "generic" or (source.is_xlsx and not candidate.preset):
            continue  # an XLSX sheet can only be a cabinet export (a preset's or any other)
        if candidate.sniff(source):
            return candidate
    return all_formats()["generic"]


def get_format(name: str) -> Format:
    name = canonical_format_name(name)
    if name not in all_formats():
        raise UsageError(msg("calls.formats.unknown_format_known", name=name, known=", ".join(all_formats())))
    return all_formats()[name]


__all__ = [
    "COLUMNS",
    "DEFAULT_TIMEZONE",
    "LOG_FORMATS",
    "QUEUE_LOG_LINE",
    "Format",
    "PlanOptions",
    "StagePlan",
    "all_formats",
    "canonical_format_name",
    "detect_format",
    "get_format",
    "json_fault_line",
    "orders_plan",
    "queue_log_agent_states_sql",
    "queue_log_calls_sql",
    "repair_quotes",
    "resolve_mapping",
]
