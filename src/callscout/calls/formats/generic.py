"""The generic cabinet export (CSV/XLSX with a column mapping): any file, tried last; also the engine
of the PBX presets (``calls.presets``), which give it a known column layout."""

from __future__ import annotations

import re
from types import ModuleType

from callscout.calls.formats._common import (
    PlanOptions,
    StagePlan,
    check_zone,
    fold_legs,
    head_rows,
    header_row,
    ident,
    read_headed,
    text,
)
from callscout.calls.mapping import ColumnMapping, detect, lookalike_headers
from callscout.calls.schema import normalised_select, problems
from callscout.calls.sources import Source, sql_literal
from callscout.i18n import msg

NAME = "generic"
LABEL = ("выгрузка кабинета (CSV/XLSX)", "cabinet export (CSV/XLSX)")
ORDER = 1000
# No export marks phantom (test or noise) calls as the Anonymous Bank log does.
CANNOT_TELL = ("phantom",)


ANSWERED_WORDS = (
    "отвеч",
    "принят",
    "успеш",
    "обслуж",
    "соедин",
    "разговор",
    "answer",
    "complet",
    "connected",
    "success",
    "handled",
)
MISSED_WORDS = (
    "пропущ",
    "потерян",
    "не отвеч",
    "неотвеч",
    "не принят",
    "сброш",
    "отказ",
    "занят",
    "abandon",
    "missed",
    "no answer",
    "noanswer",
    "busy",
    "timeout",
    "fail",
    "lost",
    "неуспеш",
    "недозвон",
)
IVR_WORDS = ("ivr", "в меню", "автоответ", "голосов")


def _like_any(column: str, words: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"{column} LIKE {sql_literal('%' + word + '%')}" for word in words) + ")"


# What survey exports write where the caller gave no score: no answer, not a bad value.
NO_SCORE = ("-", "—", "–", "нет", "нет оценки", "н/д", "n/a", "none")


def _answered_score(column: str) -> str:
    listing = ", ".join(sql_literal(word) for word in NO_SCORE)
    return f"CASE WHEN lower(trim({column})) IN ({listing}) THEN NULL ELSE cs_blank({column}) END"


def resolve_mapping(
    source: Source, mapping: ColumnMapping | None, preset: ModuleType | None = None
) -> tuple[ColumnMapping, list[str]]:
    """The mapping of a cabinet export: the preset's layout or detection from the headers, then the
    user's own ``--map`` on top; checked against the header (or the preset's column names)."""
    delimiter = (mapping.delimiter if mapping else None) or (preset.DELIMITER if preset else None) or source.delimiter()
    headers = header_row(source, delimiter)
    if preset is not None and preset.COLUMN_NAMES and not _has_named_header(headers, preset):
        headers = list(preset.COLUMN_NAMES)
    detected = ColumnMapping(columns=dict(preset.COLUMNS)) if preset is not None else detect(headers)
    if mapping is not None:
        detected.columns.update(mapping.columns)
        detected.duration_unit = mapping.duration_unit
    detected.delimiter = delimiter
    probe = detected
    if preset is not None and "arrival" in preset.EXPRESSIONS:
        # The preset's expression gives the arrival: check the rest as if a column did.
        probe = detected.model_copy(deep=True)
        probe.columns.setdefault("arrival", headers[0])
    probe.check(headers, source.name)
    return detected, headers


def _has_named_header(headers: list[str], preset: ModuleType) -> bool:
    return [header.strip().lower() for header in headers[:3]] == [name.lower() for name in preset.COLUMN_NAMES[:3]]


ZONE_SUFFIX = re.compile(r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s?(Z|[+-]\d\d:?\d\d|[+-]\d\d|UTC|GMT|MSK)$")


def _zone_kinds(source: Source, delimiter: str, column: str | None, headers: list[str], headed: bool) -> set[bool]:
    """Whether the first values of the arrival column carry a zone (True), do not (False), or both."""
    if column is None or column not in headers:
        return set()
    index = headers.index(column)
    rows = head_rows(source, delimiter)[1 if headed else 0 :]
    return {bool(ZONE_SUFFIX.search(row[index].strip())) for row in rows if len(row) > index and row[index].strip()}


def plan(
    source: Source,
    vendor: str,
    mapping: ColumnMapping | None,
    options: PlanOptions,
    preset: ModuleType | None = None,
) -> StagePlan:
    """One row per call. Outcome from the status text (Russian or English), else from the evidence:
    (negative durations are 0 by cs_nonneg, not greatest(): greatest(NULL, 0) is 0, and an unknown wait
    must stay unknown)
    answered when an answer time or talk time is given, abandoned otherwise. Wait, when absent, is
    answer minus arrival (answered) or end minus arrival (abandoned). Without a call id the id is a hash
    of arrival, caller, queue, agent and talk time, so a repeated row of an export is caught as a duplicate.
    Times written with a zone are converted into the import's zone; a file that mixes times with and
    without a zone is an error at the first line that differs, unless the user named the zone.
    A preset (``calls.presets``) gives the column layout of a known export instead of detection.
    """
    resolved, headers = resolve_mapping(source, mapping, preset)
    columns = resolved.columns
    expressions: dict[str, str] = dict(preset.EXPRESSIONS) if preset is not None else {}
    headless = preset is not None and bool(preset.COLUMN_NAMES) and headers == list(preset.COLUMN_NAMES)
    headless = headless and not _has_named_header(header_row(source, resolved.delimiter), preset)
    unit = "60" if resolved.duration_unit == "minutes" else "1"
    zone = options.zone
    check_zone(zone)
    zone_sql = sql_literal(zone)

    def col(field_name: str) -> str:
        if field_name in expressions and field_name not in (mapping.columns if mapping else {}):
            return f"CAST(({expressions[field_name].format(zone=zone)}) AS VARCHAR)"
        return f"CAST({ident(columns[field_name])} AS VARCHAR)" if field_name in columns else "NULL"

    arrival_text = (
        col("arrival")
        if "arrival" in columns or "arrival" in expressions
        else f"{col('date')} || ' ' || coalesce({col('time')}, '')"
    )
    kinds = (
        set()
        if "arrival" in expressions
        else _zone_kinds(source, resolved.delimiter or ",", columns.get("arrival"), headers, not headless)
    )
    zones = "named" if options.timezone else ("aware" if True in kinds else None)
    if len(kinds) > 1 and not options.timezone:
        kinds = {_first_zone_kind(source, resolved.delimiter or ",", columns["arrival"], headers, not headless)}
    # Rows whose arrival differs from the file's first rows in having a zone: an error unless the zone is named.
    mixed_check = (
        (
            f"(cs_tz_suffix(arrival_text) <> '') <> {'true' if True in kinds else 'false'}",
            text(
                msg(
                    "calls.formats.generic.zone_missing_here"
                    if True in kinds
                    else "calls.formats.generic.zone_written_here"
                )
            )
            + " || arrival_text",
        )
        if kinds and not options.timezone and "arrival" in columns and "arrival" not in expressions
        else None
    )
    read = read_headed(source, resolved.delimiter, names=tuple(headers) if headless else None)
    sql = f"""
WITH raw AS (SELECT * FROM {read}),
parsed AS (
  SELECT {arrival_text} AS arrival_text, cs_ts_in({arrival_text}, {zone_sql}) AS arrived,
         cs_ts_in({col("answered_at")}, {zone_sql}) AS answered, cs_ts_in({col("ended_at")}, {zone_sql}) AS ended,
         {col("answered_at")} AS answered_text, {col("ended_at")} AS ended_text,
         cs_seconds({col("wait_s")}) * {unit} AS waited, {col("wait_s")} AS wait_text,
         cs_seconds({col("talk_s")}) * {unit} AS talked, {col("talk_s")} AS talk_text,
         cs_seconds({col("hold_s")}) * {unit} AS held, cs_seconds({col("acw_s")}) * {unit} AS wrap,
         cs_seconds({col("duration_s")}) * {unit} AS lasted, {col("duration_s")} AS duration_text,
         lower(trim({col("outcome") if "outcome" in columns else col("result")})) AS status,
         cs_blank({col("topic")}) AS topic_text, cs_blank({col("result")}) AS result_text,
         cs_phone({col("dialled")}) AS dialled_number, cs_blank({col("utm")}) AS utm_text,
         cs_num({col("csat")}) AS csat_score, {_answered_score(col("csat"))} AS csat_text,
         cs_num({col("nps")}) AS nps_score, {_answered_score(col("nps"))} AS nps_text, lower(trim({
        col("direction")
    })) AS dir,
         lower(trim({col("disconnect_side")})) AS side,
         cs_blank({col("agent")}) AS agent_name, cs_blank({col("queue")}) AS queue_name,
         cs_phone({col("caller_id")}) AS caller, cs_blank({col("recording")}) AS record_ref,
         cs_blank({col("call_id")}) AS cid
  FROM raw),
classified AS (
  SELECT *,
    CASE WHEN dir IS NOT NULL AND (dir LIKE '%исх%' OR dir LIKE 'out%' OR dir LIKE '%обратн%' OR dir LIKE '%callback%')
         THEN 'outbound' ELSE 'inbound' END AS direction_kind,
    CASE WHEN status IS NOT NULL AND {_like_any("status", MISSED_WORDS)} THEN 'missed'
         WHEN status IS NOT NULL AND {_like_any("status", IVR_WORDS)} THEN 'ivr'
         WHEN status IS NOT NULL AND {_like_any("status", ANSWERED_WORDS)} THEN 'answered'
         WHEN answered IS NOT NULL OR talked > 0 THEN 'answered'
         ELSE 'missed' END AS status_kind
  FROM parsed),
calls AS (
  SELECT *,
    CASE WHEN status_kind = 'answered' THEN 'answered' WHEN status_kind = 'ivr' THEN 'ivr'
         WHEN direction_kind = 'outbound' THEN 'no_answer' ELSE 'abandoned' END AS result_kind,
    coalesce(waited, CASE WHEN status_kind = 'answered' THEN epoch(answered - arrived)
                          ELSE epoch(ended - arrived) END) AS wait_final,
    coalesce(talked, epoch(ended - answered),
             CASE WHEN status_kind = 'answered' THEN lasted - coalesce(waited, 0) END) AS talk_final
  FROM classified)
{
        normalised_select(
            {
                "vendor": sql_literal(vendor),
                "call_id": "coalesce(cid, md5(concat_ws('|', arrived, caller, queue_name, agent_name, talked)))",
                "direction": "direction_kind",
                "queue": "queue_name",
                "caller_id": "caller",
                "arrival": "arrived",
                "answered_at": "CASE WHEN result_kind = 'answered' THEN coalesce(answered,"
                " arrived + to_seconds(coalesce(wait_final, 0))) END",
                "ended_at": "coalesce(ended, CASE WHEN result_kind = 'answered' THEN coalesce(answered,"
                " arrived + to_seconds(coalesce(wait_final, 0))) + to_seconds(coalesce(talk_final, 0))"
                " ELSE arrived + to_seconds(coalesce(wait_final, 0)) END)",
                "wait_s": "CASE WHEN result_kind IN ('answered', 'abandoned') THEN cs_nonneg(wait_final) END",
                "talk_s": "CASE WHEN result_kind = 'answered' THEN cs_nonneg(talk_final) END",
                "hold_s": "held",
                "acw_s": "wrap",
                "outcome": "result_kind",
                "exit_reason": "CASE WHEN result_kind <> 'answered' THEN status END",
                "agent": "agent_name",
                "disconnect_side": "CASE WHEN side IS NULL THEN 'unknown'"
                " WHEN side LIKE '%клиент%' OR side LIKE '%абонент%' OR side LIKE '%caller%' OR side LIKE '%customer%'"
                " THEN 'caller' WHEN side LIKE '%оператор%' OR side LIKE '%agent%' THEN 'agent'"
                " WHEN side LIKE '%систем%' OR side LIKE '%system%' THEN 'system' ELSE 'unknown' END",
                "recording": "record_ref",
                "topic": "topic_text",
                "result": "result_text",
                "dialled": "dialled_number",
                "utm": "utm_text",
                "csat": "csat_score",
                "nps": "nps_score",
                "problem": problems(
                    (
                        "arrival_text IS NULL OR trim(arrival_text) = ''",
                        text(msg("calls.formats.generic.no_call_date")),
                    ),
                    ("arrived IS NULL", text(msg("calls.formats.generic.unparsable_date")) + " || arrival_text"),
                    *([mixed_check] if mixed_check else []),
                    (
                        "answered IS NULL AND cs_blank(answered_text) IS NOT NULL",
                        text(msg("calls.formats.generic.unparsable_answer_time")) + " || answered_text",
                    ),
                    (
                        "ended IS NULL AND cs_blank(ended_text) IS NOT NULL",
                        text(msg("calls.formats.generic.unparsable_end_time")) + " || ended_text",
                    ),
                    (
                        "waited IS NULL AND cs_blank(wait_text) IS NOT NULL",
                        text(msg("calls.formats.generic.wait_time_is_not_number")) + " || wait_text",
                    ),
                    (
                        "talked IS NULL AND cs_blank(talk_text) IS NOT NULL",
                        text(msg("calls.formats.generic.talk_time_is_not_number")) + " || talk_text",
                    ),
                    (
                        "lasted IS NULL AND cs_blank(duration_text) IS NOT NULL",
                        text(msg("calls.formats.generic.duration_is_not_number")) + " || duration_text",
                    ),
                    ("wait_final < 0", text(msg("calls.formats.generic.negative_wait_time"))),
                    (
                        "csat_text IS NOT NULL AND (csat_score IS NULL OR csat_score NOT BETWEEN 1 AND 5)",
                        text(msg("calls.formats.generic.csat_score_is_not_1_to")) + " || csat_text",
                    ),
                    (
                        "nps_text IS NOT NULL AND (nps_score IS NULL OR nps_score NOT BETWEEN 0 AND 10)",
                        text(msg("calls.formats.generic.nps_score_is_not_0_to")) + " || nps_text",
                    ),
                ),
            },
            "calls",
        )
    }"""
    return StagePlan(
        sql,
        first_line=1 if headless else 2,
        mapping=resolved,
        fold=fold_legs if preset is not None and preset.FOLD_LEGS else None,
        lookalikes=tuple(lookalike_headers(headers, resolved)) if preset is None else (),
        zones=zones,
        preset=preset.NAME if preset is not None else None,
    )


def _first_zone_kind(source: Source, delimiter: str, column: str, headers: list[str], headed: bool) -> bool:
    index = headers.index(column)
    for row in head_rows(source, delimiter)[1 if headed else 0 :]:
        if len(row) > index and row[index].strip():
            return bool(ZONE_SUFFIX.search(row[index].strip()))
    return False


def sniff(_source: Source) -> bool:
    """Any file may be a cabinet export: detection tries this format last."""
    return True
