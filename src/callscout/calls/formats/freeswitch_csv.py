"""FreeSWITCH mod_callcenter CDR variables as CSV with a header (mod_cdr_csv)."""

from __future__ import annotations

from callscout.calls.formats._common import (
    PlanOptions,
    StagePlan,
    header_row,
    ident,
    read_headed,
)
from callscout.calls.formats._freeswitch import FS_VARIABLES, member_calls
from callscout.calls.mapping import ColumnMapping
from callscout.calls.sources import Source

NAME = "freeswitch_csv"
LABEL = ("FreeSWITCH mod_callcenter CSV", "FreeSWITCH mod_callcenter CSV")
ORDER = 60
# mod_callcenter does not mark phantom (test or noise) calls.
CANNOT_TELL = ("phantom",)


def sniff(source: Source) -> bool:
    return (
        bool(source.head_lines)
        and "cc_queue" in source.head_lines[0]
        and not source.head_lines[0].startswith(("{", "["))
    )


def plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    headers = header_row(source)
    by_name = {header.lower().removeprefix("variable_"): header for header in headers}
    selects = ", ".join(
        f"CAST({ident(by_name[name])} AS VARCHAR) AS {name}" if name in by_name else f"CAST(NULL AS VARCHAR) AS {name}"
        for name in FS_VARIABLES
    )
    sql = member_calls(f"SELECT {selects} FROM {read_headed(source)}", vendor)
    return StagePlan(sql, first_line=2)
