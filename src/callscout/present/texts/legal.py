"""Texts of callscout.legal: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "legal.check.network_checks_are_off_and_cache": (
        (
            "сетевые проверки выключены, а в кэше ответа нет (включите их: callscout evaluate ФАЙЛ --online, в "
            "кабинете — «Проверять сайты и реестр по сети» или «Проверить всё»)"
        ),
        (
            "network checks are off and the cache has no answer (turn them on: callscout evaluate FILE --online, in "
            "the cabinet: “Check the sites and the register online” or “Check everything”)"
        ),
    ),
    "legal.checks._common.register": (
        "реестр ({source}), ИНН {inn}",
        "register ({source}), ИНН {inn}",
    ),
    "legal.checks.ages.company_is_years_old_registered": (
        "возраст организации {years} г. (зарегистрирована {created})",
        "the company is {years} years old (registered {created})",
    ),
    "legal.checks.ages.domain_is_years_old_created": (
        "возраст домена {years} г. (создан {created})",
        "the domain is {years} years old (created {created})",
    ),
    "legal.checks.domain_owner.domain_age_not_checked": (
        "возраст домена не проверен: {reason}",
        "domain age not checked: {reason}",
    ),
    "legal.checks.domain_owner.domain_is_not_in_whois": (
        "домен {domain} не найден в whois",
        "the domain {domain} is not in whois",
    ),
    "legal.checks.domain_owner.domain_belongs_to_someone_else_in": (
        "домен {domain} оформлен на другое лицо: ИНН в whois {whois}, у вендора {inn}",
        "the domain {domain} belongs to someone else: ИНН in whois {whois}, the vendor's {inn}",
    ),
    "legal.checks.domain_owner.domain_belongs_to_same_entity_in": (
        "домен оформлен на ту же организацию (ИНН в whois)",
        "the domain belongs to the same entity (ИНН in whois)",
    ),
    "legal.checks.domain_owner.domain_is_registered_to_private_person": (
        "домен {domain} оформлен на частное лицо",
        "the domain {domain} is registered to a private person",
    ),
    "legal.checks.entrepreneur.sole_proprietor": (
        "ИП",
        "sole proprietor",
    ),
    "legal.checks.entrepreneur.vendor_is_sole_proprietor_for_contract": (
        "исполнитель — ИП при контракте {amount} ₽ в месяц",
        "the vendor is a sole proprietor for a contract of {amount} RUB a month",
    ),
    "legal.checks.entrepreneur.vendor_is_sole_proprietor_not_company": (
        "исполнитель — ИП, а не компания: проверьте, справится ли он с объёмом",
        "the vendor is a sole proprietor, not a company: check it can handle the volume",
    ),
    "legal.checks.experience.site_says_but": (
        "на сайте «{claim}», но {facts}",
        "the site says “{claim}”, but {facts}",
    ),
    "legal.checks.experience.registration_date": (
        "дата регистрации",
        "registration date",
    ),
    "legal.checks.experience.domain_created": (
        "домен создан",
        "domain created",
    ),
    "legal.checks.identifiers.in_evaluation_file": (
        "ИНН в файле оценки",
        "ИНН in the evaluation file",
    ),
    "legal.checks.identifiers.on_site": (
        "ИНН на сайте",
        "ИНН on the site",
    ),
    "legal.checks.identifiers.on_site_differs_from_one_vendor": (
        "ИНН на сайте ({site}) не совпадает с ИНН, который назвал вендор ({stated})",
        "the ИНН on the site ({site}) differs from the one the vendor gave ({stated})",
    ),
    "legal.checks.identifiers.no_neither_vendor_nor_site_gave": (
        "ИНН неизвестен: ни вендор, ни сайт его не назвали — реестр не проверен",
        "no ИНН: neither the vendor nor the site gave one — the register was not checked",
    ),
    "legal.checks.identifiers.is_invalid": (
        "{label} недействителен: {reason}",
        "{label} is invalid: {reason}",
    ),
    "legal.checks.identifiers.is_invalid_2": (
        "ОГРН недействителен: {reason}",
        "the ОГРН is invalid: {reason}",
    ),
    "legal.checks.phone_region.landline_is_from_another_region_than": (
        "городской номер из другого региона ({place}), чем юридический адрес ({region})",
        "the landline is from another region ({place}) than the legal address ({region})",
    ),
    "legal.checks.phone_region.landline_is_in_legal_address_s": (
        "городской телефон в регионе юридического адреса",
        "the landline is in the legal address's region",
    ),
    "legal.checks.register_entry.in_register_since_site_may_be": (
        " (в реестре с {since}; сайт мог не обновиться)",
        " (in the register since {since}; the site may be out of date)",
    ),
    "legal.checks.register_entry.entity_s_status_in_register": (
        "статус организации в реестре: {status}",
        "the entity's status in the register: {status}",
    ),
    "legal.checks.register_entry.main_activity_is_not_call_center": (
        "основной вид деятельности {code} — не колл-центр (82.20)",
        "main activity {code} is not a call center's (82.20)",
    ),
    "legal.checks.register_entry.entity_is_active": (
        "организация действующая",
        "the entity is active",
    ),
    "legal.checks.register_entry.name_on_site": (
        "название на сайте",
        "name on the site",
    ),
    "legal.checks.register_entry.name_matches_register": (
        "название совпадает с реестром",
        "the name matches the register",
    ),
    "legal.checks.register_entry.director_on_site": (
        "руководитель на сайте",
        "director on the site",
    ),
    "legal.checks.register_entry.legal_address_on_site": (
        "юридический адрес на сайте",
        "legal address on the site",
    ),
    "legal.checks.register_entry.legal_address_on_site_differs_from": (
        "юридический адрес на сайте расходится с реестром (совпадает {share:.0%})",
        "the legal address on the site differs from the register ({share:.0%} in common)",
    ),
    "legal.checks.register_entry.main_unknown": (
        "основной ОКВЭД неизвестен",
        "main ОКВЭД unknown",
    ),
    "legal.checks.register_entry.main_activity_is_82_20_call": (
        "основной вид деятельности — 82.20, колл-центры",
        "main activity is 82.20, call centers",
    ),
    "legal.checks.register_entry.n82_20_call_centers_is_additional": (
        "82.20 (колл-центры) — дополнительный вид деятельности, основной {code}",
        "82.20 (call centers) is an additional activity; the main one is {code}",
    ),
    "legal.checks.register_entry.register_not_checked": (
        "реестр не проверен: {reason}",
        "register not checked: {reason}",
    ),
    "legal.checks.register_entry.no_entity_with_in_register": (
        "организации с ИНН {inn} нет в реестре",
        "no entity with ИНН {inn} in the register",
    ),
    "legal.checks.register_entry.stated_differs_from_register": (
        "указанный ОГРН ({site}) не совпадает с реестром ({registry})",
        "the stated ОГРН ({site}) differs from the register ({registry})",
    ),
    "legal.checks.register_entry.name_on_site_differs_from_register": (
        "название на сайте не совпадает с реестром (сходство {similarity:.0%})",
        "the name on the site differs from the register (similarity {similarity:.0%})",
    ),
    "legal.checks.register_entry.legal_form_on_site_differs_from": (
        "форма на сайте ({site}) не совпадает с реестром ({registry})",
        "the legal form on the site ({site}) differs from the register ({registry})",
    ),
    "legal.checks.register_entry.director_matches_register": (
        "руководитель совпадает с реестром",
        "the director matches the register",
    ),
    "legal.checks.register_entry.director_on_site_is_not_one": (
        "руководитель на сайте ({site}) не тот, что в реестре ({registry})",
        "the director on the site ({site}) is not the one in the register ({registry})",
    ),
    "legal.checks.register_entry.legal_address_matches_register": (
        "юридический адрес совпадает с реестром",
        "the legal address matches the register",
    ),
    "legal.checks.requisites.missing_on_site": (
        "на сайте нет: {items}",
        "missing on the site: {items}",
    ),
    "legal.checks.requisites.site_was_not_audited_its_requisites": (
        "сайт не проверялся: реквизиты на нём неизвестны (запустите аудит сайта)",
        "the site was not audited: its requisites are unknown (run the website audit)",
    ),
    "legal.checks.requisites.site_has_every_requisite_of_article": (
        "на сайте есть все реквизиты из списка статьи",
        "the site has every requisite of the article's list",
    ),
    "legal.crosscheck.nothing_could_be_checked": (
        "проверить было нечего",
        "nothing could be checked",
    ),
    "legal.crosscheck.register_confirms_entity": (
        "реестр подтверждает организацию",
        "the register confirms the entity",
    ),
    "legal.ids.errors.wrong_check_digit": (
        "{kind} {value}: неверная контрольная цифра",
        "{kind} {value}: wrong check digit",
    ),
    "legal.ids.errors.looks_like_placeholder_not_real_number": (
        "{kind} {value}: похоже на заглушку, а не на настоящий номер",
        "{kind} {value}: looks like a placeholder, not a real number",
    ),
    "legal.ids.errors.expected_string_got": (
        "{kind}: ожидается строка, получено {got}",
        "{kind}: expected a string, got {got}",
    ),
    "legal.ids.errors.value_too_long_characters": (
        "{kind}: слишком длинное значение ({n} символов)",
        "{kind}: value too long ({n} characters)",
    ),
    "legal.ids.errors.only_digits_allowed_got": (
        "{kind}: допустимы только цифры, получено «{value}»",
        "{kind}: only digits allowed, got '{value}'",
    ),
    "legal.ids.errors.must_have_digits_not": (
        "{kind}: должно быть {expected} цифр, а не {n}",
        "{kind}: must have {expected} digits, not {n}",
    ),
    "legal.ids.kpp.must_have_9_characters_not": (
        "{kind}: должно быть 9 символов, а не {n}",
        "{kind}: must have 9 characters, not {n}",
    ),
    "legal.ids.kpp.format_is_nnnnppnnn_p_is_digit": (
        "{kind} {value}: формат NNNNPPNNN (P — цифра или латинская буква)",
        "{kind} {value}: the format is NNNNPPNNN (P is a digit or a Latin letter)",
    ),
    "legal.ids.ogrn.impossible_registration_year": (
        "{kind} {value}: невозможный год регистрации {year}",
        "{kind} {value}: impossible registration year {year}",
    ),
    "legal.ids.ogrn.this_is_number_of_change_record": (
        "{value}: это ГРН (номер записи об изменениях в ЕГРЮЛ), а не ОГРН",
        "{value}: this is a GRN (number of a change record in the register), not an ОГРН",
    ),
    "legal.ids.ogrn.starts_with_1_or_5_not": (
        "{value}: ОГРН начинается с 1 или 5, а не с {sign}",
        "{value}: an ОГРН starts with 1 or 5, not {sign}",
    ),
    "legal.ids.ogrnip.this_is_number_of_change_record": (
        "{value}: это ГРНИП (номер записи об изменениях в ЕГРИП), а не ОГРНИП",
        "{value}: this is a GRNIP (number of a change record), not an ОГРНИП",
    ),
    "legal.ids.ogrnip.starts_with_3_not": (
        "{value}: ОГРНИП начинается с 3, а не с {sign}",
        "{value}: an ОГРНИП starts with 3, not {sign}",
    ),
    "legal.registry.on_according_to_register": (
        "{status}, дата ликвидации по реестру: {date}",
        "{status} on {date} according to the register",
    ),
    "legal.registry.no_dadata_key_sign_up_at": (
        (
            "нет ключа DaData: зарегистрируйтесь на dadata.ru (бесплатно), скопируйте «API-ключ» в личном кабинете "
            "(https://dadata.ru/profile/#info) и задайте его: export {variable}=ключ — для веб-кабинета в окружении "
            "сервера callscout serve"
        ),
        (
            "no DaData key: sign up at dadata.ru (free), copy the “API key” from your profile "
            "(https://dadata.ru/profile/#info) and set it: export {variable}=KEY — for the web cabinet, in the "
            "environment of the callscout serve process"
        ),
    ),
    "legal.registry.registry_s_answer": (
        "ответ реестра",
        "the registry's answer",
    ),
    "legal.registry.unreadable_dadata_answer": (
        "непонятный ответ DaData",
        "unreadable DaData answer",
    ),
    "legal.registry.network_checks_are_off_and_cache": (
        (
            "сетевые проверки выключены, а в кэше ответа нет (включите их: callscout evaluate ФАЙЛ --online, в "
            "кабинете — «Проверять сайты и реестр по сети» или «Проверить всё»)"
        ),
        (
            "network checks are off and the cache has no answer (turn them on: callscout evaluate FILE --online, in "
            "the cabinet: “Check the sites and the register online” or “Check everything”)"
        ),
    ),
    "legal.registry.dadata_refused_key_http": (
        "DaData отклонила ключ (HTTP {code})",
        "DaData refused the key (HTTP {code})",
    ),
    "legal.registry.dadata_did_not_answer_within_s": (
        "DaData не ответила за {s:g} с",
        "DaData did not answer within {s:g} s",
    ),
    "legal.registry.dadata_is_unreachable": (
        "DaData недоступна: {error}",
        "DaData is unreachable: {error}",
    ),
    "legal.registry.unreadable_dadata_answer_2": (
        "непонятный ответ DaData: {error}",
        "unreadable DaData answer: {error}",
    ),
    "legal.registry.unreadable_registry_answer": (
        "непонятный ответ реестра: {error}",
        "unreadable registry answer: {error}",
    ),
    "legal.registry.registry_s_answer_exceeds_bytes_stopped": (
        "ответ реестра больше {limit} байт; прерван",
        "the registry's answer exceeds {limit} bytes; stopped",
    ),
    "legal.registry.dadata_request_limit_exceeded": (
        "DaData: превышен лимит запросов",
        "DaData: request limit exceeded",
    ),
    "legal.registry.dadata_answered_http": (
        "DaData ответила ошибкой HTTP {code}",
        "DaData answered HTTP {code}",
    ),
    "legal.whois.ip_address_not_domain": (
        "{host}: это IP-адрес, а не домен",
        "{host}: an IP address, not a domain",
    ),
    "legal.whois.empty_or_too_long_domain_name": (
        "пустое или слишком длинное имя домена",
        "empty or too long domain name",
    ),
    "legal.whois.no_domain_zone": (
        "{host}: нет зоны домена",
        "{host}: no domain zone",
    ),
    "legal.whois.invalid_domain_name": (
        "{host}: недопустимое имя домена ({error})",
        "{host}: invalid domain name ({error})",
    ),
    "legal.whois.whois_server_is_on_private_network": (
        "whois-сервер {server} во внутренней сети; запрос не отправлен",
        "whois server {server} is on a private network; not queried",
    ),
    "legal.whois.whois_server_sent_empty_answer": (
        "whois-сервер {server} вернул пустой ответ",
        "whois server {server} sent an empty answer",
    ),
    "legal.whois.invalid_whois_server_address": (
        "неверный адрес whois-сервера {server}",
        "invalid whois server address {server}",
    ),
    "legal.whois.whois_server_did_not_answer_within": (
        "whois-сервер {server} не ответил за {seconds:g} с",
        "whois server {server} did not answer within {seconds:g} s",
    ),
    "legal.whois.whois_server_is_unreachable": (
        "whois-сервер {server} недоступен: {error}",
        "whois server {server} is unreachable: {error}",
    ),
    "legal.whois.no_whois_server_known_for_zone": (
        "неизвестен whois-сервер зоны .{zone}",
        "no whois server known for the .{zone} zone",
    ),
    "legal.checks.experience.entity_was_registered_on_2": (
        "организация зарегистрирована {day}",
        "the entity was registered on {day}",
    ),
    "legal.checks.experience.domain_was_created_on_2": (
        "домен создан {day}",
        "the domain was created on {day}",
    ),
}
