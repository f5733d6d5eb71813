"""Texts of callscout.model: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "model.common.give_one_of_share_0_05": (
        "укажите что-то одно: {share} (доля, 0.05) или {percent} (проценты, 5)",
        "give one of {share} (a share, 0.05) or {percent} (percent, 5)",
    ),
    "model.findings.check_failed": (
        "проверка не выполнена: ",
        "check failed: ",
    ),
    "model.vendor.website_must_be_http_s_address": (
        "сайт должен быть адресом http(s)",
        "the website must be an http(s) address",
    ),
    "model.vendor.website_must_have_host_name_e": (
        "у адреса сайта нет имени хоста с точкой, например https://example.ru",
        "the website must have a host name, e.g. https://example.ru",
    ),
}
