"""The normalised call table: one row per call, whatever system produced the log.

Outcomes (``outcome``):
  answered   an agent took the call;
  abandoned  the call waited for an agent and left unanswered (caller hung up, queue timeout, key exit,
             no agents); ``disconnect_side`` and ``exit_reason`` tell which;
  ivr        the caller finished in the voice menu and never asked for an agent (not offered);
  phantom    not a real call according to the source (test calls, line noise; not offered);
  unknown    the log ends before the call does (no exit event); not offered, counted as ``incomplete``;
  no_answer  an outbound call nobody picked up (callbacks).
Times are the call center's local wall-clock time; durations are seconds.
"""

from __future__ import annotations

OUTCOMES = ("answered", "abandoned", "ivr", "phantom", "unknown", "no_answer")
DISCONNECT_SIDES = ("caller", "agent", "system", "transfer", "unknown")
DIRECTIONS = ("inbound", "outbound")

# Columns with a closed vocabulary are written to Parquet as ENUMs: the writer then copies the enum's
# dictionary instead of hashing every string (7x cheaper per column, a third of a 10M-row import).
# Readers see plain VARCHAR again, so the table's types do not change.
ENUM_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "direction": DIRECTIONS,
    "outcome": OUTCOMES,
    "disconnect_side": DISCONNECT_SIDES,
}

# name -> DuckDB type, in file order.
COLUMNS: dict[str, str] = {
    "vendor": "VARCHAR",
    "call_id": "VARCHAR",
    "direction": "VARCHAR",
    "queue": "VARCHAR",
    "caller_id": "VARCHAR",
    "arrival": "TIMESTAMP",
    "answered_at": "TIMESTAMP",
    "ended_at": "TIMESTAMP",
    "wait_s": "DOUBLE",
    "talk_s": "DOUBLE",
    "hold_s": "DOUBLE",
    "acw_s": "DOUBLE",
    "outcome": "VARCHAR",
    "exit_reason": "VARCHAR",
    "agent": "VARCHAR",
    "disconnect_side": "VARCHAR",
    "recording": "VARCHAR",
    "problem": "VARCHAR",
    # What the call was about and how it ended in the vendor's words (topic, wrap-up code), the number
    # dialled (a call-tracking number, DID or 8-800 line) and UTM tag, the caller's post-call survey scores.
    # Optional: a log without such a column has them NULL, which the reports show as «нет данных».
    "topic": "VARCHAR",
    "result": "VARCHAR",
    "dialled": "VARCHAR",
    "utm": "VARCHAR",
    "csat": "DOUBLE",
    "nps": "DOUBLE",
}
# The optional columns above: absent from files written before they existed (read as NULL).
OPTIONAL_COLUMNS = ("topic", "result", "dialled", "utm", "csat", "nps")

# An agent's logged-in time cut into spans, each paused or not (from queue_log agent events).
AGENT_STATE_COLUMNS: dict[str, str] = {
    "vendor": "VARCHAR",
    "agent": "VARCHAR",
    "span_start": "TIMESTAMP",
    "span_end": "TIMESTAMP",
    "paused": "BOOLEAN",
}

ORDER_COLUMNS: dict[str, str] = {
    "vendor": "VARCHAR",
    "order_id": "VARCHAR",
    "call_id": "VARCHAR",
    "phone": "VARCHAR",
    "ordered_at": "TIMESTAMP",
    "amount": "DOUBLE",
    "problem": "VARCHAR",
}

# SQL helpers registered on every connection that reads logs: Russian and ISO dates, "1 234,5" numbers,
# H:MM:SS durations, phone numbers reduced to digits with the Russian trunk prefix 8 made 7.
MACROS = r"""
CREATE OR REPLACE MACRO cs_blank(t) AS nullif(trim(t), '');
CREATE OR REPLACE MACRO cs_nonneg(x) AS CASE WHEN x < 0 THEN 0 ELSE x END;
CREATE OR REPLACE MACRO cs_num(t) AS
    TRY_CAST(replace(regexp_replace(trim(t), '[\s\x{00a0}\x{202f}%]', '', 'g'), ',', '.') AS DOUBLE);
CREATE OR REPLACE MACRO cs_hms(t) AS
    TRY_CAST(split_part(t, ':', 1) AS INTEGER) * 3600 + TRY_CAST(split_part(t, ':', 2) AS INTEGER) * 60
    + TRY_CAST(split_part(t, ':', 3) AS DOUBLE);
CREATE OR REPLACE MACRO cs_tod(t) AS epoch(TRY_CAST(t AS TIME));
CREATE OR REPLACE MACRO cs_seconds(t) AS CASE
    WHEN cs_blank(t) IS NULL THEN NULL
    WHEN length(t) - length(replace(t, ':', '')) = 2 THEN cs_hms(trim(t))
    WHEN length(t) - length(replace(t, ':', '')) = 1 THEN cs_hms('0:' || trim(t))
    ELSE cs_num(t) END;
-- Epoch seconds (or milliseconds) within 1973..2096 only: any other number is not a time, and DuckDB's
-- to_timestamp would stop the whole import on it ("Epoch seconds out of range").
CREATE OR REPLACE MACRO cs_epoch_number(x) AS CASE
    WHEN x BETWEEN 1e8 AND 4e9 THEN make_timestamp(CAST(x * 1e6 AS BIGINT))
    WHEN x BETWEEN 1e11 AND 4e12 THEN make_timestamp(CAST(x * 1e3 AS BIGINT)) END;
CREATE OR REPLACE MACRO cs_epoch_ts(t) AS cs_epoch_number(TRY_CAST(trim(t) AS DOUBLE));
CREATE OR REPLACE MACRO cs_ts(t) AS CASE WHEN cs_blank(t) IS NULL THEN NULL ELSE coalesce(
    TRY_CAST(trim(t) AS TIMESTAMP),
    try_strptime(trim(t), ['%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M', '%d.%m.%y %H:%M:%S', '%d.%m.%y %H:%M',
                           '%d.%m.%Y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%Y-%m-%dT%H:%M:%S.%f',
                           '%d.%m.%Y %H:%M:%S.%f', '%Y/%m/%d %H:%M:%S']),
    cs_epoch_ts(t)) END;
-- A zone written after the time of day ("10:15:00+03:00", "…Z", "… MSK"); '' when the value has none.
CREATE OR REPLACE MACRO cs_tz_suffix(t) AS regexp_extract(trim(t),
    '\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s?(Z|[+-]\d\d:?\d\d|[+-]\d\d|UTC|GMT|MSK)$', 1);
CREATE OR REPLACE MACRO cs_tz_minutes(s) AS CASE
    WHEN s IN ('Z', 'UTC', 'GMT') THEN 0 WHEN s = 'MSK' THEN 180
    ELSE (CASE WHEN s[1] = '-' THEN -1 ELSE 1 END)
         * (CAST(s[2:3] AS INTEGER) * 60 + coalesce(TRY_CAST(nullif(replace(s[4:], ':', ''), '') AS INTEGER), 0)) END;
-- A time in the evaluation's zone: one written with a zone is converted into ``zone``; one without is the
-- call center's wall-clock time, kept as written.
CREATE OR REPLACE MACRO cs_ts_in(t, zone) AS CASE
    WHEN cs_blank(t) IS NULL THEN NULL
    WHEN cs_epoch_ts(t) IS NOT NULL THEN timezone(zone, timezone('UTC', cs_epoch_ts(t)))
    WHEN NOT regexp_matches(t, '[A-Z]|[+-]\d\d:?\d*\s*$') THEN cs_ts(t)
    WHEN cs_tz_suffix(t) = '' THEN cs_ts(t)
    ELSE timezone(zone, timezone('UTC', cs_ts(left(trim(t), length(trim(t)) - length(cs_tz_suffix(t))))
                                        - to_minutes(cs_tz_minutes(cs_tz_suffix(t))))) END;
CREATE OR REPLACE MACRO cs_epoch(t) AS CASE WHEN TRY_CAST(t AS DOUBLE) BETWEEN 1e8 AND 4e9
    THEN make_timestamp(CAST(TRY_CAST(t AS DOUBLE) * 1000000 AS BIGINT)) END;
CREATE OR REPLACE MACRO cs_phone(t) AS CASE
    WHEN regexp_replace(coalesce(t, ''), '[^0-9]', '', 'g') = '' THEN NULL
    WHEN length(regexp_replace(t, '[^0-9]', '', 'g')) = 11 AND regexp_replace(t, '[^0-9]', '', 'g')[1] = '8'
        THEN '7' || regexp_replace(t, '[^0-9]', '', 'g')[2:]
    ELSE regexp_replace(t, '[^0-9]', '', 'g') END;
"""


def normalised_select(expressions: dict[str, str], source: str, columns: dict[str, str] = COLUMNS) -> str:
    """``SELECT`` of every normalised column in order, cast to its type; absent ones are NULL."""
    unknown = set(expressions) - set(columns)
    if unknown:
        raise ValueError(f"unknown normalised columns: {sorted(unknown)}")
    parts = [f"CAST({expressions.get(name, 'NULL')} AS {kind}) AS {name}" for name, kind in columns.items()]
    return "SELECT " + ",\n       ".join(parts) + f"\nFROM {source}"


def problems(*checks: tuple[str, str]) -> str:
    """The first failing check's message per row, as SQL: ``(condition, message_sql)`` pairs."""
    if not checks:
        return "NULL"
    cases = " ".join(f"WHEN {condition} THEN {message}" for condition, message in checks)
    return f"CASE {cases} END"
