"""The shop's orders (for conversion): not a call log, read with the same helpers."""

from __future__ import annotations

from callscout.calls.formats._common import (
    StagePlan,
    header_row,
    ident,
    read_headed,
    text,
)
from callscout.calls.mapping import normalise_header
from callscout.calls.schema import ORDER_COLUMNS, normalised_select, problems
from callscout.calls.sources import Source, sql_literal
from callscout.errors import DataError
from callscout.i18n import msg

ORDER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_id": ("номер заказа", "заказ", "id заказа", "order", "order id", "order_id", "№ заказа"),
    "call_id": ("id звонка", "звонок", "call id", "call_id", "callid", "uniqueid"),
    "phone": ("телефон", "номер телефона", "phone", "телефон клиента", "номер", "клиент"),
    "ordered_at": (
        "дата",
        "дата заказа",
        "дата и время",
        "создан",
        "дата создания",
        "date",
        "created",
        "created at",
        "ordered at",
        "time",
    ),
    "amount": ("сумма", "сумма заказа", "amount", "total", "стоимость", "итого"),
}


def orders_plan(source: Source, vendor: str) -> StagePlan:
    headers = header_row(source)
    normalised = {header: normalise_header(header) for header in headers}
    columns: dict[str, str] = {}
    for field_name, synonyms in ORDER_SYNONYMS.items():
        for header, norm in normalised.items():
            if header not in columns.values() and norm in synonyms:
                columns[field_name] = header
                break
    if "ordered_at" not in columns or not ({"call_id", "phone"} & set(columns)):
        raise DataError(
            msg(
                "calls.formats._orders.orders_file_needs_date_column_and",
                name=source.name,
                headers=", ".join(repr(header) for header in headers),
            )
        )

    def col(field_name: str) -> str:
        return f"CAST({ident(columns[field_name])} AS VARCHAR)" if field_name in columns else "NULL"

    sql = normalised_select(
        {
            "vendor": sql_literal(vendor),
            "order_id": f"coalesce(cs_blank({col('order_id')}), md5(concat_ws('|', {col('ordered_at')}, "
            f"{col('phone')}, {col('call_id')}, {col('amount')})))",
            "call_id": f"cs_blank({col('call_id')})",
            "phone": f"cs_phone({col('phone')})",
            "ordered_at": f"cs_ts({col('ordered_at')})",
            "amount": f"cs_num({col('amount')})",
            "problem": problems(
                (
                    f"cs_ts({col('ordered_at')}) IS NULL",
                    text(msg("calls.formats._orders.unparsable_order_date")) + f" || coalesce({col('ordered_at')}, '')",
                ),
                (
                    f"cs_blank({col('amount')}) IS NOT NULL AND cs_num({col('amount')}) IS NULL",
                    text(msg("calls.formats._orders.amount_is_not_number")) + f" || {col('amount')}",
                ),
            ),
        },
        f"(SELECT * FROM {read_headed(source)})",
        ORDER_COLUMNS,
    )
    return StagePlan(sql, first_line=2)
