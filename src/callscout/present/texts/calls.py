"""Texts of callscout.calls: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "calls.contract.no_date_and_metric_columns_found": (
        "{name}: не найдены колонки даты и показателей; есть: {headers}",
        "{name}: no date and metric columns found; it has: {headers}",
    ),
    "calls.contract.too_many_rows": (
        "{name}: слишком много строк",
        "{name}: too many rows",
    ),
    "calls.contract.line_unparsable_date": (
        "{name}, строка {line}: дата не распознана: {value!r}",
        "{name}, line {line}: unparsable date: {value!r}",
    ),
    "calls.contract.line_column_not_number": (
        "{name}, строка {line}, колонка {column!r}: не число: {value!r}",
        "{name}, line {line}, column {column!r}: not a number: {value!r}",
    ),
    "calls.csvcheck.wrong_number_of_fields_got_expected": (
        "неверное число полей: {got}, ожидалось {expected}",
        "wrong number of fields: got {got}, expected {expected}",
    ),
    "calls.csvcheck.check_whether_line_is_cut_short": (
        "проверьте, не обрезана ли строка и нет ли в значении разделителя «{delimiter}» без кавычек",
        "check whether the line is cut short or a value holds the separator '{delimiter}' unquoted",
    ),
    "calls.csvcheck.unbalanced_quote_in_column_closing_quote": (
        "непарная кавычка в колонке {column}: после закрывающей кавычки идёт «{after}», а не разделитель",
        "unbalanced quote in column {column}: the closing quote is followed by '{after}', not the separator",
    ),
    "calls.csvcheck.some_database_dumps_write_values_like": (
        (
            'так выгружает базу данных часть программ (например, clid как "Имя" <номер>): возьмите всё значение в '
            'кавычки и удвойте внутренние ("""Имя"" <номер>"), или выберите формат, который это понимает '
            "(asterisk_cdr_db)"
        ),
        (
            'some database dumps write values like that (clid as "Name" <number>): quote the whole value and '
            "double the inner quotes, or pick a format that reads them (asterisk_cdr_db)"
        ),
    ),
    "calls.csvcheck.quote_in_column_is_never_closed": (
        "кавычка в колонке {column} открыта и не закрыта",
        "the quote in column {column} is never closed",
    ),
    "calls.csvcheck.close_or_remove_quote_quotes_inside": (
        'закройте кавычку или удалите её; если значение само содержит кавычки, удвойте их ("")',
        'close or remove the quote; quotes inside a value are written twice ("")',
    ),
    "calls.formats.unknown_format_known": (
        "неизвестный формат {name}; есть: {known}",
        "unknown format {name}; known: {known}",
    ),
    "calls.formats._common.no_header_line": (
        "{name}: нет строки заголовка",
        "{name}: no header line",
    ),
    "calls.formats._common.unknown_time_zone_write_it_as": (
        "неизвестный часовой пояс {zone!r}; пишите как в базе IANA, например Europe/Moscow",
        "unknown time zone {zone!r}; write it as in the IANA database, e.g. Europe/Moscow",
    ),
    "calls.formats._freeswitch.no_queue_join_or_call_start": (
        "нет времени входа в очередь или начала звонка",
        "no queue join or call start time",
    ),
    "calls.formats._freeswitch.no_call_uuid": (
        "нет uuid звонка",
        "no call uuid",
    ),
    "calls.formats._orders.orders_file_needs_date_column_and": (
        "{name}: в файле заказов нужны колонки даты и телефона или id звонка; есть: {headers}",
        "{name}: an orders file needs a date column and a phone or call id column; it has: {headers}",
    ),
    "calls.formats._orders.unparsable_order_date": (
        "дата заказа не распознана: ",
        "unparsable order date: ",
    ),
    "calls.formats._orders.amount_is_not_number": (
        "сумма не число: ",
        "amount is not a number: ",
    ),
    "calls.formats.anonymous_bank.not_anonymous_bank_layout_first_line": (
        "{name}: это не формат Anonymous Bank: первая строка должна начинаться с «{header}»",
        "{name}: not the Anonymous Bank layout: the first line must start with '{header}'",
    ),
    "calls.formats.anonymous_bank.no_call_id": (
        "нет call_id",
        "no call_id",
    ),
    "calls.formats.anonymous_bank.empty_date": (
        "пустая дата",
        "empty date",
    ),
    "calls.formats.anonymous_bank.empty_vru_entry": (
        "пустое время vru_entry",
        "empty vru_entry",
    ),
    "calls.formats.anonymous_bank.empty_queue_time": (
        "пустое время очереди",
        "empty queue time",
    ),
    "calls.formats.anonymous_bank.empty_ser_start": (
        "пустое время ser_start",
        "empty ser_start",
    ),
    "calls.formats.anonymous_bank.empty_q_time_ser_time": (
        "пустые q_time/ser_time",
        "empty q_time/ser_time",
    ),
    "calls.formats.anonymous_bank.unknown_outcome": (
        "неизвестный исход: ",
        "unknown outcome: ",
    ),
    "calls.formats.asterisk_cdr.truncated_line_fewer_than_16_fields": (
        "строка обрезана: меньше 16 полей",
        "truncated line: fewer than 16 fields",
    ),
    "calls.formats.asterisk_cdr.answered_call_without_answer_time": (
        "отвеченный звонок без времени answer",
        "answered call without an answer time",
    ),
    "calls.formats.asterisk_cdr.billsec_is_not_number": (
        "billsec не число",
        "billsec is not a number",
    ),
    "calls.formats.asterisk_cdr.unparsable_start_time": (
        "время start не распознано: ",
        "unparsable start time: ",
    ),
    "calls.formats.asterisk_cdr_db.empty_disposition": (
        "пустое поле disposition",
        "empty disposition",
    ),
    "calls.formats.asterisk_cdr_db.unparsable_calldate": (
        "время calldate не распознано: ",
        "unparsable calldate: ",
    ),
    "calls.formats.asterisk_cdr_db.billsec_is_not_number": (
        "billsec не число: ",
        "billsec is not a number: ",
    ),
    "calls.formats.asterisk_queue_log.truncated_line_no_event": (
        "строка обрезана: нет события",
        "truncated line: no event",
    ),
    "calls.formats.asterisk_queue_log.unparsable_event_time": (
        "время события не распознано: ",
        "unparsable event time: ",
    ),
    "calls.formats.asterisk_queue_log_db.no_time_callid_queuename_event_columns": (
        "{name}: нет колонок time, callid, queuename, event таблицы queue_log",
        "{name}: no time, callid, queuename, event columns of a queue_log table",
    ),
    "calls.formats.generic.zone_missing_here": (
        (
            "время записано без часового пояса, а в первых строках файла — с поясом; назовите пояс импорта "
            "(например, Europe/Moscow): "
        ),
        (
            "the time is written without a time zone while the first lines are with one; name the import's time "
            "zone (e.g. Europe/Moscow): "
        ),
    ),
    "calls.formats.generic.zone_written_here": (
        (
            "время записано с указанием часового пояса, а в первых строках файла — без пояса; назовите пояс импорта "
            "(например, Europe/Moscow): "
        ),
        (
            "the time is written with a time zone while the first lines are without one; name the import's time "
            "zone (e.g. Europe/Moscow): "
        ),
    ),
    "calls.formats.generic.no_call_date": (
        "нет даты звонка",
        "no call date",
    ),
    "calls.formats.generic.negative_wait_time": (
        "отрицательное время ожидания",
        "negative wait time",
    ),
    "calls.formats.generic.unparsable_date": (
        "дата не распознана: ",
        "unparsable date: ",
    ),
    "calls.formats.generic.unparsable_answer_time": (
        "время ответа не распознано: ",
        "unparsable answer time: ",
    ),
    "calls.formats.generic.unparsable_end_time": (
        "время окончания не распознано: ",
        "unparsable end time: ",
    ),
    "calls.formats.generic.wait_time_is_not_number": (
        "время ожидания не число: ",
        "wait time is not a number: ",
    ),
    "calls.formats.generic.talk_time_is_not_number": (
        "длительность разговора не число: ",
        "talk time is not a number: ",
    ),
    "calls.formats.generic.duration_is_not_number": (
        "длительность не число: ",
        "duration is not a number: ",
    ),
    "calls.formats.generic.csat_score_is_not_1_to": (
        "оценка CSAT не от 1 до 5: ",
        "CSAT score is not 1 to 5: ",
    ),
    "calls.formats.generic.nps_score_is_not_0_to": (
        "оценка NPS не от 0 до 10: ",
        "NPS score is not 0 to 10: ",
    ),
    "calls.kpi.no_data": (
        "нет данных",
        "no data",
    ),
    "calls.mapping.unknown_mapping_fields_known": (
        "неизвестные поля сопоставления: {fields}; есть: {known}",
        "unknown mapping fields: {fields}; known: {known}",
    ),
    "calls.mapping.header_lacks_columns_it_has": (
        "{name}: в заголовке нет колонок {missing}; есть: {headers}",
        "{name}: the header lacks columns {missing}; it has: {headers}",
    ),
    "calls.mapping.no_call_date_column_found_say": (
        "{name}: не найдена колонка с датой звонка; укажите, в какой колонке что (колонки: {headers})",
        "{name}: no call date column found; say which column holds what (columns: {headers})",
    ),
    "calls.mapping.map_expects_field_header_got": (
        "--map ожидает поле=Заголовок, получено {item!r}",
        "--map expects field=Header, got {item!r}",
    ),
    "calls.objects.callscout_calls_url_expected_s3_bucket": (
        "CALLSCOUT_CALLS_URL: нужен адрес вида s3://корзина/префикс, получено {url!r}",
        "CALLSCOUT_CALLS_URL: expected s3://bucket/prefix, got {url!r}",
    ),
    "calls.objects.callscout_calls_url_s3_needs_s3fs": (
        "для CALLSCOUT_CALLS_URL=s3://… установите s3fs: pip install 'callscout[s3]'",
        "CALLSCOUT_CALLS_URL=s3://… needs s3fs: pip install 'callscout[s3]'",
    ),
    "calls.sales.no_data": (
        "нет данных",
        "no data",
    ),
    "calls.sales.calls_and_orders": (
        "Звонки и заказы",
        "Calls and orders",
    ),
    "calls.sources.more_than_rows_import_limit_callscout": (
        (
            "{name}: больше {limit} строк — предел импорта (CALLSCOUT_MAX_IMPORT_ROWS); разделите файл; ничего не "
            "импортировано"
        ),
        (
            "{name}: more than {limit} rows, the import limit (CALLSCOUT_MAX_IMPORT_ROWS); split the file; nothing "
            "was imported"
        ),
    ),
    "calls.sources.file_not_found": (
        "файл {path} не найден",
        "file {path} not found",
    ),
    "calls.sources.is_not_file": (
        "{path} не является файлом",
        "{path} is not a file",
    ),
    "calls.sources.file_is_empty": (
        "файл {path} пуст",
        "file {path} is empty",
    ),
    "calls.sources.file_is_too_large_mb_limit": (
        "файл {path} слишком большой: {size} МБ при пределе {limit} МБ (CALLSCOUT_CALLS_MAX_BYTES)",
        "file {path} is too large: {size} MB, the limit is {limit} MB (CALLSCOUT_CALLS_MAX_BYTES)",
    ),
    "calls.sources.xlsx_unpacks_to_mb_limit_is": (
        (
            "{name}: XLSX распаковывается в {size} МБ, предел {limit} МБ (CALLSCOUT_XLSX_MAX_BYTES); сохраните его "
            "как CSV"
        ),
        ("{name}: the XLSX unpacks to {size} MB, the limit is {limit} MB (CALLSCOUT_XLSX_MAX_BYTES); save it as CSV"),
    ),
    "calls.sources.binary_file_not_text_call_log": (
        "{name}: двоичный файл, а не текстовый журнал звонков",
        "{name}: a binary file, not a text call log",
    ),
    "calls.sources.file_is_corrupt": (
        "файл {name} повреждён: {error}",
        "file {name} is corrupt: {error}",
    ),
    "calls.sources.not_xlsx_file": (
        "{name}: не XLSX-файл",
        "{name}: not an XLSX file",
    ),
    "calls.sources.cannot_read_xlsx": (
        "{name}: XLSX не читается: {error}",
        "{name}: cannot read the XLSX: {error}",
    ),
    "calls.sources.line_bytes_that_are_not_utf": (
        (
            "{name}, строка {line}: байты не в кодировке UTF-8, хотя выше текст в UTF-8 (смешаны кодировки); ничего "
            "не импортировано"
        ),
        (
            "{name}, line {line}: bytes that are not UTF-8 after UTF-8 text above (mixed encodings); nothing was "
            "imported"
        ),
    ),
    "calls.sources.file_line_bytes_are_not_valid": (
        "файл {name}, строка {line}: байты не читаются в кодировке {encoding}",
        "file {name}, line {line}: bytes are not valid {encoding}",
    ),
    "calls.sources.compressed_file_unpacks_to_more_than": (
        (
            "{name}: сжатый файл распаковывается больше чем в {limit} МБ (CALLSCOUT_MAX_DECOMPRESSED_BYTES); ничего "
            "не импортировано"
        ),
        (
            "{name}: the compressed file unpacks to more than {limit} MB (CALLSCOUT_MAX_DECOMPRESSED_BYTES); "
            "nothing was imported"
        ),
    ),
    "calls.spark.engine_spark_needs_pyspark_pip_install": (
        "для --engine spark установите pyspark: pip install 'callscout[spark]' (и Java: scripts/system-deps.sh)",
        "--engine spark needs pyspark: pip install 'callscout[spark]' (and Java: scripts/system-deps.sh)",
    ),
    "calls.storage.bytes_that_are_not_utf_8": (
        "байты не в кодировке UTF-8 (в файле смешаны кодировки?)",
        "bytes that are not UTF-8 (mixed encodings in the file?)",
    ),
    "calls.storage.nothing_was_imported": (
        "{name}: {reason}; ничего не импортировано",
        "{name}: {reason}; nothing was imported",
    ),
    "calls.storage.this_file_is_already_imported_for": (
        "{name}: этот файл уже импортирован для {vendor} (импорт №{id})",
        "{name}: this file is already imported for {vendor} (import #{id})",
    ),
    "calls.storage.bad_row_s_nothing_was_imported": (
        "{name}: ошибок в строках: {count}; ничего не импортировано",
        "{name}: {count} bad row(s); nothing was imported",
    ),
    "calls.storage.value_in_column_does_not_parse": (
        "значение {value!r} в колонке {column!r} не распознано",
        "value {value!r} in column {column!r} does not parse",
    ),
    "calls.storage.what_to_do": (
        "что сделать: {text}",
        "what to do: {text}",
    ),
    "calls.storage.line_nothing_was_imported": (
        "{name}, строка {line}: {reason}; ничего не импортировано",
        "{name}, line {line}: {reason}; nothing was imported",
    ),
    "calls.storage.duplicate_ids_nothing_was_imported": (
        "{name}: повторяющиеся идентификаторы ({column}); ничего не импортировано",
        "{name}: duplicate ids ({column}); nothing was imported",
    ),
    "calls.storage.calls_with_these_ids_are_already": (
        "{name}: звонки с этими идентификаторами уже импортированы для {vendor}; ничего не импортировано",
        "{name}: calls with these ids are already imported for {vendor}; nothing was imported",
    ),
    "calls.storage.none": (
        "нет",
        "none",
    ),
    "calls.storage.mapping_not_found_saved": (
        "сопоставление {name!r} не найдено; сохранённые: {known}",
        "mapping {name!r} not found; saved: {known}",
    ),
    "calls.storage.file_holds_no_calls": (
        "{name}: в файле нет звонков",
        "{name}: the file holds no calls",
    ),
    "calls.storage.only_asterisk_queue_log_file_or": (
        "{name}: присоединить можно только Asterisk queue_log (файл или выгрузку таблицы), а это {fmt}",
        "{name}: only an Asterisk queue_log (file or table export) can be joined, this is {fmt}",
    ),
    "calls.storage.vendor_is_not_in_this_evaluation": (
        "вендор не найден в этой оценке",
        "the vendor is not in this evaluation",
    ),
    "calls.storage.file_is_already_imported_for_this": (
        "файл уже импортирован для этого вендора",
        "the file is already imported for this vendor",
    ),
    "calls.storage.text": (
        "{id}: {word} {lines}",
        "{id}: {word} {lines}",
    ),
    "calls.storage.wrong_number_of_fields_got_expected": (
        "неверное число полей: {found}, ожидалось {expected} (строка обрезана или лишний разделитель)",
        "wrong number of fields: got {found}, expected {expected} (truncated line or a stray separator)",
    ),
    "calls.storage.queue_log_is_joined_to_cdr": (
        "queue_log присоединяется к CDR, а не к другому queue_log",
        "a queue_log is joined to a CDR, not to another queue_log",
    ),
    "calls.storage.name_vendor_vendor_name": (
        "укажите вендора: --vendor НАЗВАНИЕ",
        "name the vendor: --vendor NAME",
    ),
    "calls.storage.evaluation_not_found": (
        "оценка не найдена",
        "evaluation not found",
    ),
    "calls.storage.malformed_json": (
        "неверный JSON",
        "malformed JSON",
    ),
    "calls.storage.line_does_not_read_as_csv": (
        "строка не читается как CSV",
        "the line does not read as CSV",
    ),
    "calls.storage.check_quotes_and_separators_of_this": (
        "проверьте кавычки и разделители в этой строке",
        "check the quotes and separators of this line",
    ),
    "calls.storage.file_does_not_read_in_chosen": (
        "файл не читается в выбранном формате",
        "the file does not read in the chosen format",
    ),
    "calls.storage.check_that_this_is_call_log": (
        "проверьте, что это журнал звонков этого формата, или выберите формат явно",
        "check that this is a call log of this format, or name the format",
    ),
    "calls.storage.another_import_for_is_in_progress": (
        "{name}: для {vendor} идёт другой импорт; ничего не импортировано, повторите позже",
        "{name}: another import for {vendor} is in progress; nothing was imported, try again later",
    ),
}
