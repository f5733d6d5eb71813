"""Column mappings of vendor cabinet exports: which header holds which call field.

A mapping is detected from Russian and English header names, can be corrected by the user
(``--map field=Header``) and saved under a name for the next export of the same cabinet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import Field

from callscout.errors import DataError
from callscout.i18n import msg
from callscout.model.common import StrictModel

# field -> header names that mean it (compared lower-case, with punctuation and "ё" folded).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "call_id": (
        "id",
        "id звонка",
        "id вызова",
        "идентификатор",
        "идентификатор звонка",
        "call id",
        "callid",
        "call_id",
        "uniqueid",
        "unique id",
        "uuid",
        "номер звонка",
        "№",
        "№ звонка",
    ),
    "arrival": (
        "дата и время",
        "дата время",
        "дата/время",
        "дата и время звонка",
        "начало",
        "начало звонка",
        "время начала",
        "время звонка",
        "время поступления",
        "поступил",
        "start",
        "start time",
        "datetime",
        "date time",
        "call start",
        "timestamp",
        "arrival",
        "started at",
        "call time",
    ),
    "date": ("дата", "date", "день", "дата звонка"),
    "time": ("время", "time"),
    "answered_at": ("время ответа", "ответ в", "answer time", "answered at", "answered"),
    "ended_at": ("окончание", "время окончания", "конец", "end", "end time", "ended at"),
    "wait_s": (
        "время ожидания",
        "ожидание",
        "ожидание в очереди",
        "время в очереди",
        "wait",
        "wait time",
        "waiting time",
        "queue time",
        "время ожидания ответа",
        "wait s",
        "hold time in queue",
    ),
    "talk_s": (
        "длительность разговора",
        "время разговора",
        "разговор",
        "продолжительность разговора",
        "talk time",
        "talk",
        "talk s",
        "billsec",
        "conversation",
        "conversation time",
    ),
    "hold_s": ("удержание", "время удержания", "hold", "hold time", "on hold"),
    "acw_s": (
        "постобработка",
        "поствызывная обработка",
        "время постобработки",
        "acw",
        "after call work",
        "wrap up",
        "wrap-up",
        "wrapup",
    ),
    "duration_s": ("длительность", "продолжительность", "duration", "общая длительность", "длительность звонка"),
    "outcome": ("статус", "status", "результат", "disposition", "итог", "статус звонка", "outcome", "result"),
    "agent": ("оператор", "agent", "сотрудник", "operator", "агент", "принял", "ответил"),
    "queue": ("очередь", "queue", "линия", "проект", "группа", "skill", "campaign", "кампания"),
    "caller_id": (
        "номер",
        "телефон",
        "номер абонента",
        "номер клиента",
        "caller",
        "caller id",
        "callerid",
        "from",
        "абонент",
        "клиент",
        "ani",
        "телефон клиента",
        "номер телефона",
        "phone",
        "кто звонил",
    ),
    "direction": ("направление", "направление звонка", "тип звонка", "direction", "call type", "тип"),
    "disconnect_side": (
        "кто завершил",
        "инициатор завершения",
        "disconnect side",
        "завершил",
        "disconnect",
        "hangup side",
        "disconnected by",
        "причина завершения",
    ),
    "recording": (
        "запись",
        "запись разговора",
        "ссылка на запись",
        "recording",
        "record",
        "recording url",
        "файл записи",
    ),
    # What the call was about and how it ended (the operator's wrap-up), where the export carries them.
    "topic": (
        "тематика",
        "тема",
        "тема обращения",
        "тематика обращения",
        "тематика звонка",
        "тема звонка",
        "категория обращения",
        "категория",
        "причина обращения",
        "причина звонка",
        "повод обращения",
        "вопрос",
        "topic",
        "subject",
        "category",
        "call reason",
    ),
    "result": (
        "результат звонка",
        "результат обращения",
        "результат разговора",
        "итог разговора",
        "итог обращения",
        "код завершения",
        "код результата",
        "wrap up code",
        "wrapup code",
        "disposition code",
        "call result",
        "call disposition",
        "resolution",
    ),
    "dialled": (
        "набранный номер",
        "вызываемый номер",
        "номер назначения",
        "куда звонили",
        "на номер",
        "виртуальный номер",
        "номер линии",
        "входящая линия",
        "входящий номер",
        "номер отслеживания",
        "трекинговый номер",
        "did",
        "dnis",
        "called number",
        "dialed number",
        "dialled number",
        "tracking number",
        "destination",
    ),
    "utm": (
        "utm",
        "utm метка",
        "utm метки",
        "utm_source",
        "utm source",
        "источник",
        "источник звонка",
        "рекламный источник",
        "рекламный канал",
        "source",
        "traffic source",
    ),
    "csat": (
        "оценка",
        "оценка клиента",
        "оценка разговора",
        "оценка обслуживания",
        "оценка качества",
        "оцените разговор",
        "csat",
        "csat score",
        "rating",
        "satisfaction",
    ),
    "nps": ("nps", "nps score", "индекс nps", "оценка nps", "готовность рекомендовать", "рекомендация"),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "call_id": ("идентификатор звонка", "call id"),
    "arrival": ("дата и время звонка", "call date and time"),
    "date": ("дата", "date"),
    "time": ("время", "time"),
    "answered_at": ("время ответа", "answer time"),
    "ended_at": ("время окончания", "end time"),
    "wait_s": ("время ожидания", "wait time"),
    "talk_s": ("длительность разговора", "talk time"),
    "hold_s": ("удержание", "hold time"),
    "acw_s": ("постобработка", "after-call work"),
    "duration_s": ("общая длительность", "total duration"),
    "outcome": ("статус", "status"),
    "agent": ("оператор", "agent"),
    "queue": ("очередь", "queue"),
    "caller_id": ("номер звонящего", "caller number"),
    "direction": ("направление", "direction"),
    "disconnect_side": ("кто завершил", "who hung up"),
    "recording": ("запись", "recording"),
    "topic": ("тематика", "topic"),
    "result": ("результат звонка", "call result"),
    "dialled": ("набранный номер", "dialled number"),
    "utm": ("метка источника (UTM)", "source tag (UTM)"),
    "csat": ("оценка клиента (CSAT 1–5)", "customer rating (CSAT 1–5)"),
    "nps": ("NPS (0–10)", "NPS (0–10)"),
}


def normalise_header(text: str) -> str:
    # "_" separates words as a space does: the project's own names (wait_s, caller_id) must map.
    text = text.strip().lower().replace("ё", "е").replace("_", " ").lstrip("\ufeff")
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)  # units such as "(сек)" or "[s]"
    text = re.sub(r"[^\w№/]+", " ", text)
    text = re.sub(r"\b(сек|секунд|с|s|sec|seconds|мин|min)\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class ColumnMapping(StrictModel):
    """Field name -> the header of the column that holds it, plus how values are written."""

    columns: dict[str, str] = Field(default_factory=dict)
    delimiter: str | None = None
    duration_unit: str = Field(default="seconds", pattern="^(seconds|minutes)$")

    def check(self, headers: Iterable[str], file_name: str) -> None:
        known = set(headers)
        unknown_fields = sorted(set(self.columns) - set(SYNONYMS))
        if unknown_fields:
            raise DataError(
                msg(
                    "calls.mapping.unknown_mapping_fields_known",
                    fields=", ".join(unknown_fields),
                    known=", ".join(SYNONYMS),
                )
            )
        missing = sorted(header for header in self.columns.values() if header not in known)
        if missing:
            raise DataError(
                msg(
                    "calls.mapping.header_lacks_columns_it_has",
                    name=file_name,
                    missing=", ".join(repr(item) for item in missing),
                    headers=", ".join(repr(item) for item in known),
                )
            )
        if "arrival" not in self.columns and "date" not in self.columns:
            raise MappingNeeded(
                msg(
                    "calls.mapping.no_call_date_column_found_say",
                    name=file_name,
                    headers=", ".join(repr(item) for item in headers),
                ),
                headers=list(headers),
                detected=self,
            )


class MappingNeeded(DataError):
    """Detection could not tell which column holds the call date: each shell asks in its own way (the CLI
    names ``--map``, the cabinet shows its column form), with the headers and what was detected."""

    def __init__(self, message: str, *, headers: list[str], detected: ColumnMapping) -> None:
        super().__init__(message)
        self.headers = headers
        self.detected = detected


def field_synonyms(field_name: str) -> tuple[str, ...]:
    """The header names that mean a field, its own name (``wait_s``, ``caller_id``) first."""
    return (normalise_header(field_name), *SYNONYMS[field_name])


def _contains_synonym(norm: str, synonyms: Iterable[str]) -> bool:
    return any(len(s) > 3 and re.search(rf"(^|\s){re.escape(s)}($|\s)", norm) for s in synonyms)


def detect(headers: list[str]) -> ColumnMapping:
    """Match headers to fields: exact synonyms first, then headers that contain a synonym."""
    normalised = {header: normalise_header(header) for header in headers}
    columns: dict[str, str] = {}
    used: set[str] = set()
    for exact in (True, False):
        for field_name in SYNONYMS:
            if field_name in columns:
                continue
            synonyms = field_synonyms(field_name)
            for header, norm in normalised.items():
                if header in used or not norm:
                    continue
                hit = norm in synonyms if exact else _contains_synonym(norm, synonyms)
                if hit:
                    columns[field_name] = header
                    used.add(header)
                    break
    # "Дата" + "Время" in two columns, or one "Дата" column holding date and time.
    if "arrival" in columns and "date" in columns:
        columns.pop("date", None)
    if "date" in columns and "time" not in columns:
        columns["arrival"] = columns.pop("date")
    return ColumnMapping(columns=columns)


def lookalike_headers(headers: list[str], mapping: ColumnMapping) -> list[tuple[str, str]]:
    """(header, field) for each header left unmapped that looks like a call field: it names one (exactly,
    inside a longer name, or with a typo), so the user should hear that it was not used."""
    import difflib

    used = set(mapping.columns.values())
    every_synonym = {synonym: field for field in SYNONYMS for synonym in field_synonyms(field)}
    found: list[tuple[str, str]] = []
    for header in headers:
        norm = normalise_header(header)
        if header in used or not norm:
            continue
        field = every_synonym.get(norm)
        if field is None:
            field = next((name for name in SYNONYMS if _contains_synonym(norm, field_synonyms(name))), None)
        if field is None:
            close = difflib.get_close_matches(norm, list(every_synonym), n=1, cutoff=0.85)
            field = every_synonym[close[0]] if close else None
        # "Дата" beside "Время" is the arrival split in two, not a field left out.
        if field is not None and not (field in ("date", "time") and "arrival" in mapping.columns):
            found.append((header, field))
    return found


def parse_overrides(items: list[str] | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in items or []:
        field_name, separator, header = item.partition("=")
        if not separator or not field_name.strip():
            raise DataError(msg("calls.mapping.map_expects_field_header_got", item=item))
        result[field_name.strip()] = header.strip()
    return result
