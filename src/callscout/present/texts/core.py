"""Texts of the project's root modules: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "errors.network_failure": (
        "причина на стороне сети",
        "a network failure",
    ),
    "evalfile.invalid_value": (
        "неверное значение: {reason}",
        "invalid value: {reason}",
    ),
    "evalfile.whole_file": (
        "(весь файл)",
        "(whole file)",
    ),
    "evalfile.line": (
        "строка {line}, {where}",
        "line {line}, {where}",
    ),
    "evalfile.evaluation_in_store_fails_validation_problem": (
        "оценка {name!r} в базе не проходит проверку (проблем: {count})",
        "evaluation {name!r} in the store fails validation ({count} problem(s))",
    ),
    "evalfile.file_not_found": (
        "файл {path} не найден",
        "file {path} not found",
    ),
    "evalfile.larger_than_5_mb_not_callscout": (
        "{path}: файл больше 5 МБ — это не файл настроек CallScout",
        "{path}: larger than 5 MB, not a CallScout definition file",
    ),
    "evalfile.problem_s_found": (
        "{path}: найдено проблем: {count}",
        "{path}: {count} problem(s) found",
    ),
    "evalfile.more_than_items_with_aliases_expanded": (
        "больше {limit} элементов (с раскрытыми ссылками *)",
        "more than {limit} items (with aliases expanded)",
    ),
    "evalfile.duplicate_key": (
        "ключ {key!r} повторяется",
        "duplicate key {key!r}",
    ),
    "evalfile.line_2": (
        "{source}: строка {line}: {reason}",
        "{source}: line {line}: {reason}",
    ),
    "evalfile.yaml_error": (
        "{source}: ошибка YAML: {reason}",
        "{source}: YAML error: {reason}",
    ),
    "evalfile.evaluation_not_saved_problem_s": (
        "оценка {name!r} не сохранена: найдено проблем: {count}",
        "evaluation {name!r} not saved: {count} problem(s)",
    ),
    "evalfile.not_utf_8_byte": (
        "{path}: файл не в кодировке UTF-8 (байт {pos})",
        "{path}: not UTF-8 (byte {pos})",
    ),
    "evalfile.percent_read_as_evaluation_file_writes": (
        (
            "проценты ({value}) прочитаны как доля {share}: {converted}; в файле оценки доли пишутся долей единицы "
            "— замените на «{share}: {converted}»"
        ),
        (
            "percent ({value}) read as {share}: {converted}; the evaluation file writes ratios as shares of 1 — "
            "write «{share}: {converted}»"
        ),
    ),
    "evalfile.yaml_syntax_error": (
        "ошибка синтаксиса YAML: {reason}",
        "YAML syntax error: {reason}",
    ),
    "evalfile.yaml_error_2": (
        "ошибка YAML: {reason}",
        "YAML error: {reason}",
    ),
    "evalfile.is_above_1_read_as_share": (
        (
            "{value} больше 1 — прочитано как {value} % (доля {converted}); в файле оценки доли пишутся долей "
            "единицы: {converted}"
        ),
        (
            "{value} is above 1, read as {value}% (a share of {converted}); the evaluation file writes ratios as "
            "shares of 1: {converted}"
        ),
    ),
    "limits.line_json_error": (
        "{source}: строка {line}: ошибка JSON: {reason}",
        "{source}: line {line}: JSON error: {reason}",
    ),
    "workspace.vendor_not_added": (
        "вендор не добавлен",
        "vendor not added",
    ),
    "workspace.vendor_not_removed": (
        "вендор не удалён",
        "vendor not removed",
    ),
    "workspace.vendor_not_renamed": (
        "вендор не переименован",
        "vendor not renamed",
    ),
    "workspace.needs_not_saved": (
        "потребности не сохранены",
        "needs not saved",
    ),
    "workspace.evaluation_not_created": (
        "оценка не создана",
        "evaluation not created",
    ),
    "workspace.none": (
        "нет",
        "none",
    ),
    "workspace.vendor_not_found_known": (
        "вендор {name!r} не найден; есть: {known}",
        "vendor {name!r} not found; known: {known}",
    ),
    "workspace.vendor_already_exists": (
        "вендор {name!r} уже есть в оценке",
        "vendor {name!r} already exists",
    ),
    "evalfile.problem": (
        "{where}: {message}",
        "{where}: {message}",
    ),
}
