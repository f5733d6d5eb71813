"""Texts of callscout.store: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "store.ownership.there_are_several_evaluations_name_one": (
        "оценок несколько ({known}): укажите, какую, через --evaluation (номер или название)",
        "there are several evaluations ({known}): name one with --evaluation (id or name)",
    ),
    "store.ownership.none": (
        "нет",
        "none",
    ),
    "store.ownership.vendor_is_not_in_this_evaluation": (
        "вендора {name!r} нет в этой оценке; есть: {known}",
        "vendor {name!r} is not in this evaluation; known: {known}",
    ),
    "store.ownership.evaluation_not_found_known": (
        "оценка {spec!r} не найдена; есть: {known}",
        "evaluation {spec!r} not found; known: {known}",
    ),
    "store.ownership.store_holds_no_evaluation_create_callscout": (
        "в хранилище нет ни одной оценки: создайте {file} (callscout init) или укажите --evaluation",
        "the store holds no evaluation: create {file} (callscout init) or pass --evaluation",
    ),
    "store.ownership.several_evaluations_are_called_pass_its": (
        "оценок с названием {spec!r} несколько ({known}): укажите номер, --evaluation НОМЕР",
        "several evaluations are called {spec!r} ({known}): pass its id, --evaluation ID",
    ),
    "store.store.several_evaluations_are_called_pass_its": (
        "оценок с названием {name!r} несколько ({ids}): укажите номер, --evaluation НОМЕР",
        "several evaluations are called {name!r} ({ids}): pass its id, --evaluation ID",
    ),
    "store.store.vendor_has_submitted_qa_grade_s": (
        ("у вендора есть отправленные оценки QA ({count}); они неизменяемы, поэтому вендора (и оценку) удалить нельзя"),
        (
            "the vendor has {count} submitted QA grade(s); grades are immutable, so the vendor (and the evaluation) "
            "cannot be removed"
        ),
    ),
    "store.store.vendor_was_not_removed_it_holds": (
        (
            "вендор {names} не удалён: у него есть данные — {what}; ничего не изменено. Если вендор переименован — "
            "переименуйте его, данные останутся с ним: callscout vendor rename {first!r} НОВОЕ_НАЗВАНИЕ. Если "
            "вендор больше не нужен, но данные нужны — оставьте его в файле оценки. Удалить вендора вместе с "
            "данными: callscout vendor remove {first!r} --delete-data (в кабинете — отметьте «вместе с данными»)"
        ),
        (
            "vendor {names} was not removed: it holds data — {what}; nothing was changed. If the vendor was "
            "renamed, rename it and its data stays with it: callscout vendor rename {first!r} NEW_NAME. If the "
            "vendor is no longer needed but its data is, keep it in the evaluation file. To remove the vendor with "
            "its data: callscout vendor remove {first!r} --delete-data (in the cabinet: tick «with its data»)"
        ),
    ),
    "store.store.cannot_open_database": (
        "не удалось открыть базу {url}: {error}",
        "cannot open database {url}: {error}",
    ),
    "store.store.database_is_unavailable": (
        "база данных {url} недоступна: {error}",
        "database {url} is unavailable: {error}",
    ),
    "store.store.you_already_have_evaluation_called": (
        "у вас уже есть оценка {name!r}",
        "you already have an evaluation called {name!r}",
    ),
    "store.store.calls": (
        "({count} звонков)",
        "({count} calls)",
    ),
    "store.store.evaluation_not_found": (
        "оценка не найдена",
        "evaluation not found",
    ),
    "store.ownership.none_2": (
        "нет",
        "none",
    ),
}
