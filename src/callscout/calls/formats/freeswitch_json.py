"""FreeSWITCH mod_callcenter CDR as JSON or JSON lines (mod_json_cdr)."""

from __future__ import annotations

import re

from callscout.calls.formats._common import (
    PlanOptions,
    StagePlan,
)
from callscout.calls.formats._freeswitch import FS_VARIABLES, member_calls
from callscout.calls.mapping import ColumnMapping
from callscout.calls.sources import Source, sql_literal

NAME = "freeswitch_json"
LABEL = ("FreeSWITCH mod_callcenter JSON", "FreeSWITCH mod_callcenter JSON")
ORDER = 70
# mod_callcenter does not mark phantom (test or noise) calls.
CANNOT_TELL = ("phantom",)


def sniff(source: Source) -> bool:
    # JSON is only ever a FreeSWITCH CDR among our formats; a pretty-printed record may name its
    # cc_* variables well below the sample's first lines. "[" alone is not JSON: Mango Office statistics
    # lines start with their recordings in brackets.
    return re.match(r"\s*(\{|\[\s*(\{|$))", "\n".join(source.head_lines)) is not None


def plan(source: Source, vendor: str, _mapping: ColumnMapping | None, _options: PlanOptions) -> StagePlan:
    selects = ", ".join(
        # mod_json_cdr URL-encodes variable values ("support%40default").
        f"url_decode(coalesce(json_extract_string(json, '$.variables.{name}'), json_extract_string(json, '$.{name}')))"
        f" AS {name}"
        for name in FS_VARIABLES
    )
    read = f"read_json_objects({sql_literal(source.path)}, format='auto')"
    sql = member_calls(f"SELECT {selects} FROM {read}", vendor)
    return StagePlan(sql, first_line=1, row_word=("запись", "record"))
