"""Texts of callscout.accounts: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "accounts.login_must_be_non_empty_without": (
        "логин: нужен непустой логин без пробелов (до 120 символов)",
        "login: must be non-empty, without spaces, up to 120 characters",
    ),
    "accounts.password_at_least_characters": (
        "пароль: не короче {n} символов",
        "password: at least {n} characters",
    ),
    "accounts.user_already_exists": (
        "пользователь {login} уже есть",
        "user {login} already exists",
    ),
    "accounts.vendor_is_not_in_this_evaluation": (
        "вендор не найден в этой оценке",
        "the vendor is not in this evaluation",
    ),
}
