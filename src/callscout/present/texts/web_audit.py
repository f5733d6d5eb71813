"""Texts of callscout.web_audit: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "web_audit.audit.not_website_address": (
        "не адрес сайта: {url}",
        "not a website address: {url}",
    ),
    "web_audit.audit.site_has_not_been_audited_yet": (
        "сайт ещё не проверялся: в хранилище нет его аудита, а проверки по сети не включены",
        "the site has not been audited yet: the store has no audit of it and online checks are off",
    ),
    "web_audit.audit.site_s_checks_did_not_finish": (
        "проверки сайта не уложились в {seconds:g} с; их результаты неизвестны",
        "the site's checks did not finish within {seconds:g} s; their results are unknown",
    ),
    "web_audit.checks.call_recordings.not_downloaded": (
        " (не загружались)",
        " (not downloaded)",
    ),
    "web_audit.checks.call_recordings.call_recordings_measured": (
        "Записей разговоров: {n}, измерено: {m}{note}",
        "Call recordings: {n}, measured: {m}{note}",
    ),
    "web_audit.checks.call_recordings.site_publishes_no_call_recordings": (
        "Записей разговоров на сайте нет",
        "The site publishes no call recordings",
    ),
    "web_audit.checks.call_recordings.bytes_s": (
        "{size} байт, {duration} с",
        "{size} bytes, {duration} s",
    ),
    "web_audit.checks.call_recordings.recording_cannot_be_downloaded": (
        "Запись не загружается: {error}",
        "The recording cannot be downloaded: {error}",
    ),
    "web_audit.checks.call_recordings.recording_s_format_could_not_be": (
        "Формат записи не прочитан, длительность неизвестна: {error}",
        "The recording's format could not be read; duration unknown: {error}",
    ),
    "web_audit.checks.clients_and_reviews.reviews_latest_of_days_ago": (
        "Отзывов: {n}, последний от {when} ({age} дн. назад)",
        "{n} reviews, the latest of {when} ({age} days ago)",
    ),
    "web_audit.checks.clients_and_reviews.list_of_clients_is_published_entries": (
        "Список клиентов есть (позиций: {n})",
        "A list of clients is published ({n} entries)",
    ),
    "web_audit.checks.clients_and_reviews.site_lists_no_clients": (
        "Списка клиентов на сайте нет",
        "The site lists no clients",
    ),
    "web_audit.checks.clients_and_reviews.site_publishes_no_customer_reviews": (
        "Отзывов заказчиков на сайте нет",
        "The site publishes no customer reviews",
    ),
    "web_audit.checks.clients_and_reviews.reviews_but_undated_their_freshness_is": (
        "Отзывов: {n}, но без дат — неясно, насколько они свежие",
        "{n} reviews, but undated — their freshness is unknown",
    ),
    "web_audit.checks.contacts.site_address": (
        "Адрес сайта: {host}",
        "Site address: {host}",
    ),
    "web_audit.checks.contacts.placeholder_contacts_left_from_site_s": (
        "Контакты-заглушки из шаблона сайта: {items}",
        "Placeholder contacts left from the site's template: {items}",
    ),
    "web_audit.checks.contacts.phones": (
        "Телефоны: {summary}",
        "Phones: {summary}",
    ),
    "web_audit.checks.contacts.e_mail_addresses": (
        "Адреса электронной почты: {n}",
        "E-mail addresses: {n}",
    ),
    "web_audit.checks.contacts.no_phone_number_found_on_site": (
        "На сайте не найдено ни одного телефона",
        "No phone number found on the site",
    ),
    "web_audit.checks.contacts.toll_free_8_800_number_is": (
        "Есть бесплатный номер 8-800",
        "A toll-free 8-800 number is published",
    ),
    "web_audit.checks.contacts.no_e_mail_address_found_on": (
        "На сайте не найден адрес электронной почты",
        "No e-mail address found on the site",
    ),
    "web_audit.checks.contacts.e_mail_on_free_mail_service": (
        "Почта на бесплатном сервисе, не на домене компании: {addresses}",
        "E-mail on a free mail service, not on the company's domain: {addresses}",
    ),
    "web_audit.checks.experience_claims.site_claims_experience_checked_against_register": (
        "Сайт заявляет опыт: {claims} — сверяется с реестром и whois",
        "The site claims experience: {claims} — checked against the register and whois",
    ),
    "web_audit.checks.experience_claims.site_states_no_experience_age_is": (
        "Сайт не называет стаж работы — возраст проверяется по реестру и whois",
        "The site states no experience — the age is checked in the register and whois",
    ),
    "web_audit.checks.news.latest_news_item_of_days_ago": (
        "Последняя новость от {when} ({age} дн. назад)",
        "Latest news item of {when} ({age} days ago)",
    ),
    "web_audit.checks.news.site_has_no_news_or_blog": (
        "Раздела новостей или блога на сайте нет",
        "The site has no news or blog section",
    ),
    "web_audit.checks.news.news_section_has_items_but_none": (
        "Записей в разделе новостей: {n}, но ни у одной нет даты — свежесть не проверить",
        "The news section has {n} items but none is dated — freshness cannot be judged",
    ),
    "web_audit.checks.news.news_section_is_linked_but_was": (
        "Раздел новостей есть в меню, но не загружен",
        "The news section is linked but was not fetched",
    ),
    "web_audit.checks.privacy_policy.no_privacy_policy_found_on_site": (
        "Политика конфиденциальности на сайте не найдена",
        "No privacy policy found on the site",
    ),
    "web_audit.checks.privacy_policy.privacy_policy_found": (
        "Политика конфиденциальности найдена ({kind})",
        "Privacy policy found ({kind})",
    ),
    "web_audit.checks.privacy_policy.policy_is_linked_but_was_not": (
        "Ссылка на политику есть, но документ не загружен (лимит страниц?)",
        "The policy is linked but was not fetched (page limit?)",
    ),
    "web_audit.checks.privacy_policy.all_forms_ask_for_consent_to": (
        "Все формы ({n}) просят согласие на обработку персональных данных",
        "All forms ({n}) ask for consent to personal data processing",
    ),
    "web_audit.checks.privacy_policy.policy_opens_in_pop_up_window": (
        "Политика открывается во всплывающем окне на странице",
        "The policy opens in a pop-up window on the page",
    ),
    "web_audit.checks.privacy_policy.link_opens_policy_pop_up_whose": (
        "Ссылка открывает всплывающее окно политики, но его текста на странице нет (загружается скриптом)",
        "The link opens a policy pop-up whose text is not on the page (loaded by a script)",
    ),
    "web_audit.checks.privacy_policy.policy_does_not_cite_personal_data": (
        "Политика не ссылается на закон о персональных данных (152-ФЗ)",
        "The policy does not cite the personal data law (152-FZ)",
    ),
    "web_audit.checks.privacy_policy.policy_does_not_name_personal_data": (
        "В политике не назван оператор персональных данных",
        "The policy does not name the personal data operator",
    ),
    "web_audit.checks.privacy_policy.no_answer": (
        "нет ответа",
        "no answer",
    ),
    "web_audit.checks.privacy_policy.policy_is_linked_but_cannot_be": (
        "Ссылка на политику есть, но документ недоступен: {reason}",
        "The policy is linked but cannot be opened: {reason}",
    ),
    "web_audit.checks.privacy_policy.forms_without_consent_to_personal_data": (
        "Формы без согласия на обработку персональных данных: {n} из {total}",
        "Forms without consent to personal data processing: {n} of {total}",
    ),
    "web_audit.checks.privacy_policy.form": (
        "форма",
        "form",
    ),
    "web_audit.checks.requisites.is_valid": (
        "{label} {value} корректен",
        "{label} {value} is valid",
    ),
    "web_audit.checks.requisites.no_page_of_requisites_numbers_found": (
        "Отдельной страницы реквизитов нет; страниц с номерами: {n}",
        "No page of requisites; numbers found on {n} pages",
    ),
    "web_audit.checks.requisites.requisites_missing_of": (
        "Не хватает реквизитов ({n} из {total}): {items}",
        "Requisites missing ({n} of {total}): {items}",
    ),
    "web_audit.checks.requisites.registered": (
        " (регистрация {year} г., {region})",
        " (registered {year}, {region})",
    ),
    "web_audit.checks.requisites.unnamed_entity": (
        "юрлицо без названия",
        "an unnamed entity",
    ),
    "web_audit.checks.requisites.site_publishes_no_requisites": (
        "На сайте нет реквизитов (ИНН, ОГРН)",
        "The site publishes no requisites (ИНН, ОГРН)",
    ),
    "web_audit.checks.requisites.requisites_on_page_of_their_own": (
        "Реквизиты на отдельной странице; других страниц с ними (подвал): {n}",
        "Requisites on a page of their own; other pages with them (footer): {n}",
    ),
    "web_audit.checks.requisites.all_requisites_of_article_s_list": (
        "Все реквизиты из списка статьи на месте ({n})",
        "All requisites of the article's list are present ({n})",
    ),
    "web_audit.checks.requisites.and_belong_to_different_kinds_of": (
        "ИНН и ОГРН принадлежат разным видам лиц (организация и предприниматель)",
        "The ИНН and ОГРН belong to different kinds of entity (an organisation and an entrepreneur)",
    ),
    "web_audit.checks.requisites.site_owner_chosen_because": (
        "Владелец сайта: {who}{numbers}; выбран потому, что {why}",
        "Site owner: {who}{numbers}; chosen because {why}",
    ),
    "web_audit.checks.requisites.other_entities_on_site": (
        "Другие лица на сайте ({n}): {items}",
        "Other entities on the site ({n}): {items}",
    ),
    "web_audit.checks.requisites.requisites": (
        "реквизиты",
        "requisites",
    ),
    "web_audit.checks.requisites.is_stated_with_error": (
        "{label} указан с ошибкой: «{value}» — {error}",
        "{label} is stated with an error: “{value}” — {error}",
    ),
    "web_audit.checks.services_and_prices.services_are_described_pages": (
        "Описание услуг есть ({n} стр.)",
        "Services are described ({n} pages)",
    ),
    "web_audit.checks.services_and_prices.no_section_describing_services": (
        "Раздела с описанием услуг нет",
        "No section describing the services",
    ),
    "web_audit.checks.services_and_prices.prices_are_published": (
        "Цены опубликованы",
        "Prices are published",
    ),
    "web_audit.checks.services_and_prices.no_prices_page_but_prices_are": (
        "Отдельной страницы цен нет, но цены упомянуты",
        "No prices page, but prices are mentioned",
    ),
    "web_audit.checks.services_and_prices.there_is_prices_page_but_no": (
        "Страница цен есть, но цен на ней нет (только «по запросу»)",
        "There is a prices page but no prices on it (only 'on request')",
    ),
    "web_audit.checks.services_and_prices.site_publishes_no_prices_or_tariffs": (
        "Цены и тарифы на сайте не опубликованы",
        "The site publishes no prices or tariffs",
    ),
    "web_audit.checks.site_basics.https_with_valid_certificate": (
        "HTTPS с действительным сертификатом",
        "HTTPS with a valid certificate",
    ),
    "web_audit.checks.site_basics.broken_internal_links_of": (
        "Битые внутренние ссылки: {n} из {total}",
        "Broken internal links: {n} of {total}",
    ),
    "web_audit.checks.site_basics.copyright_year": (
        "Год в строке ©: {year}",
        "Copyright year: {year}",
    ),
    "web_audit.checks.site_basics.site_works_without_https_form_data": (
        "Сайт работает без HTTPS: данные форм передаются открытым текстом",
        "The site works without HTTPS: form data travels in clear text",
    ),
    "web_audit.checks.site_basics.certificate_was_not_checked": (
        "Сертификат не проверялся",
        "The certificate was not checked",
    ),
    "web_audit.checks.site_basics.https_certificate_is_invalid": (
        "Сертификат HTTPS недействителен: {error}",
        "The HTTPS certificate is invalid: {error}",
    ),
    "web_audit.checks.site_basics.certificate_expires_on": (
        "Сертификат истекает {when}",
        "The certificate expires on {when}",
    ),
    "web_audit.checks.site_basics.no_broken_internal_links_checked": (
        "Битых внутренних ссылок нет (проверено {n})",
        "No broken internal links ({n} checked)",
    ),
    "web_audit.checks.site_basics.no_copyright_line_with_year_on": (
        "Строки © с годом на сайте нет",
        "No copyright line with a year on the site",
    ),
    "web_audit.checks.site_basics.copyright_line_says_site_has_not": (
        "В строке © указан {year} год — сайт давно не обновлялся",
        "The copyright line says {year} — the site has not been updated for long",
    ),
    "web_audit.checks.text_quality.spelling_errors_in_words_per_1": (
        "Орфографических ошибок: {n} на {words} слов ({rate} на 1000)",
        "Spelling errors: {n} in {words} words ({rate} per 1,000)",
    ),
    "web_audit.checks.text_quality.facts_and_figures_vague_praise_individual": (
        "Фактов и цифр: {facts}, общих слов («индивидуальный подход», «качественно»...): {vague}",
        "Facts and figures: {facts}; vague praise ('individual approach', 'high quality'...): {vague}",
    ),
    "web_audit.checks.text_quality.words_left_unchecked": (
        " (не проверено слов: {n})",
        " ({n} words left unchecked)",
    ),
    "web_audit.checks.text_quality.offer_is_vague_facts_per_1": (
        "Предложение расплывчатое ({rate} фактов на 1000 слов). ",
        "The offer is vague ({rate} facts per 1,000 words). ",
    ),
    "web_audit.checks.text_quality.hunspell_ru_dictionary_or_pymorphy3_is": (
        "Нет словаря hunspell-ru или pymorphy3: орфография не проверена",
        "The hunspell-ru dictionary or pymorphy3 is missing: spelling not checked",
    ),
    "web_audit.checks.text_quality.too_little_text_to_judge_words": (
        "Слишком мало текста для оценки ({n} слов)",
        "Too little text to judge ({n} words)",
    ),
    "web_audit.checks.text_quality.offer_is_concrete": (
        "Предложение конкретное. ",
        "The offer is concrete. ",
    ),
    "web_audit.crawler.cannot_connect": (
        "не удалось подключиться: {reason}",
        "cannot connect: {reason}",
    ),
    "web_audit.crawler.http_status": (
        "ответ HTTP {status}",
        "HTTP status {status}",
    ),
    "web_audit.crawler.pages_with_problem": (
        "страниц с проблемой «{reason}»: {count}",
        "pages with the problem “{reason}”: {count}",
    ),
    "web_audit.crawler.site_not_audited": (
        "сайт не проверен: {reason}",
        "site not audited: {reason}",
    ),
    "web_audit.crawler.start_page_was_not_fetched_within": (
        "главная страница не загружена за отведённое время",
        "the start page was not fetched within the time limit",
    ),
    "web_audit.crawler.site_generates_endless_links_calendars_filters": (
        "сайт порождает бесконечные ссылки (календари, фильтры, повторяющиеся пути); пропущено адресов: {count}",
        "the site generates endless links (calendars, filters, repeating paths); addresses skipped: {count}",
    ),
    "web_audit.crawler.crawl_stopped_site_s_pages_took": (
        (
            "обход остановлен: страницы сайта заняли {mb} МБ при пределе {limit} МБ на сайт; проверено страниц: "
            "{pages}, не открыто ссылок: {left}"
        ),
        (
            "crawl stopped: the site's pages took {mb} MB, the per-site limit is {limit} MB; pages checked: "
            "{pages}, links not opened: {left}"
        ),
    ),
    "web_audit.crawler.site_audit_stopped_at_time_limit": (
        "аудит сайта остановлен по лимиту времени {seconds:g} с; проверено страниц: {pages}",
        "site audit stopped at the time limit of {seconds:g} s; pages checked: {pages}",
    ),
    "web_audit.crawler.site_s_robots_txt_forbids_crawling": (
        "robots.txt сайта запрещает обход; аудит не выполнен (--ignore-robots, если вы вправе)",
        "the site's robots.txt forbids crawling; not audited (--ignore-robots if you may)",
    ),
    "web_audit.localtls.openssl_program_package_openssl_is_missing": (
        "Не найдена программа openssl (пакет openssl): она нужна, чтобы демо-сайты работали по HTTPS",
        "The openssl program (package openssl) is missing: the demo sites need it for HTTPS",
    ),
    "web_audit.localtls.openssl_failed": (
        "openssl {command}: ошибка",
        "openssl {command} failed",
    ),
    "web_audit.checks.requisites.nothing_else_points_elsewhere_2": (
        "других признаков нет",
        "nothing else points elsewhere",
    ),
    "web_audit.checks.contacts.only_mobile": (
        "Только мобильный номер, стационарного нет — статья называет такую организацию несерьёзной",
        "Only a mobile number and no landline — the article calls such a company not serious",
    ),
    "web_audit.checks.contacts.no_landline": (
        "Стационарный (городской) номер не опубликован",
        "No landline number is published",
    ),
    "web_audit.checks.requisites.stated_with_error": (
        " ({items} указан с ошибкой)",
        " ({items} stated with an error)",
    ),
    "web_audit.checks.requisites.site_s_owner_is_not_determined": (
        "Владелец сайта не определён: {why}; лиц на сайте: {n}",
        "The site's owner is not determined: {why}; entities on the site: {n}",
    ),
}
