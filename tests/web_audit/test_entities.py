"""Entities, not fields: whose requisites they are, malformed values kept, tolerant reading, dated runs, contacts."""

from __future__ import annotations

from pathlib import Path

from callscout.model import Status
from callscout.store import Store
from callscout.web_audit.checks.clients_and_reviews import ClientsAndReviewsCheck
from callscout.web_audit.checks.contacts import ContactsCheck
from callscout.web_audit.checks.news import NewsCheck
from callscout.web_audit.checks.requisites import RequisitesCheck
from callscout.web_audit.extract import placeholder_email, placeholder_phone, requisite_numbers
from tests.web_audit.sites import html_page, site_of

ROOT = "http://vendor.example/"


def by_code(findings: list) -> dict:
    return {finding.code: finding for finding in findings}


def requisites_of(*pages: object) -> tuple[dict, list[dict], dict]:
    site = site_of(*pages)  # type: ignore[arg-type]
    findings = by_code(RequisitesCheck().run(site))
    return site.facts["legal_entity"], site.facts["entities"], findings


def test_a_directors_personal_inn_is_not_the_companys() -> None:
    page = html_page(
        ROOT,
        "<footer><ul><li>Генеральный директор: Панина Анна Владимировна</li><li>ИНН: 470407354016</li></ul>"
        "<ul><li>ОГРН: 1227800059112</li><li>ИНН: 7802925148</li><li>КПП: 780201001</li></ul>"
        '<p>© 2024 ООО "КОМФОРТ"</p></footer>',
    )
    owner, others, findings = requisites_of(page)
    assert (owner["name"], owner["inn"], owner["ogrn"], owner["kpp"]) == (
        "ООО «КОМФОРТ»",
        "7802925148",
        "1227800059112",
        "780201001",
    )
    assert owner["director"]["name"] == "Панина Анна Владимировна"
    assert [(other["role"], other["inn"], other["name"]) for other in others] == [
        ("director_personal", "470407354016", "Панина Анна Владимировна")
    ]
    assert "inn_ogrn_mismatch" not in findings  # the personal ИНН no longer pairs with the company's ОГРН
    assert {"has_numbers", "numbers_match_form", "copyright_line"} <= set(owner["why"])
    assert "ООО «КОМФОРТ»" in findings["owner"].message and "©" in findings["owner"].message
    assert "личный ИНН руководителя" in findings["other_entities"].message


def test_malformed_values_are_kept_and_reported_as_wrong_not_missing() -> None:
    page = html_page(
        ROOT + "rekvizity/",
        "<h1>Реквизиты</h1><table><tr><td>Наименование</td><td>ООО «Рестораника»</td></tr>"
        "<tr><td>ИНН</td><td>6686104467</td></tr><tr><td>ОРГН</td><td>1186658019008</td></tr>"
        "<tr><td>КПП</td><td>66860100</td></tr></table>",
    )
    owner, _, findings = requisites_of(page)
    # "ОРГН" is one swap away from ОГРН; the value sits in the next cell; the 8-digit КПП is kept.
    assert owner["ogrn"] == "1186658019008" and owner["format_ok"]["ogrn"] is True
    assert owner["kpp"] == "66860100" and owner["format_ok"]["kpp"] is False
    message = findings["invalid_kpp"].message
    assert "КПП указан с ошибкой" in message and "«66860100»" in message
    assert findings["invalid_kpp"].status is Status.FAIL
    assert "КПП" not in findings["missing_items"].message  # stated with an error is not "не указан"


def test_a_value_of_the_wrong_length_is_kept_with_its_label() -> None:
    numbers, _ = requisite_numbers("ООО «Рестораника», ОГРНИП 3199774600613230, ИНН 77073938")
    kept = {(number.kind, number.value, number.format_ok) for number in numbers}
    assert kept == {("ogrn", "3199774600613230", False), ("inn", "77073938", False)}


def test_a_label_broken_over_two_lines_and_numbers_glued_to_the_next_label() -> None:
    page = html_page(
        ROOT, "<p>ООО «Портал»<br>ИНН 7731465565КПП 773101001О<br>ГРН 1147746136713 от 17 Февраля 2014</p>"
    )
    owner, _, _ = requisites_of(page)
    assert (owner["inn"], owner["kpp"], owner["ogrn"]) == ("7731465565", "773101001", "1147746136713")


def test_an_entrepreneur_in_quotes_with_initials() -> None:
    page = html_page(ROOT, '<footer><p>ИП "Калинина О.А."</p><p>ИНН 231123456789 ОГРНИП 318237500100012</p></footer>')
    owner, _, _ = requisites_of(page)
    assert owner["legal_form"] == "ИП" and owner["name"] == "ИП Калинина О.А."
    assert owner["director"] == {"name": "Калинина О.А.", "position": "Индивидуальный предприниматель"}


def test_reviewers_companies_are_mentioned_not_owners() -> None:
    cards = "".join(
        f'<div class="card"><p>ООО "Клиент {number}"</p><div class="date">{number} мая 2023</div>'
        f"<p>Отличная работа, доставили быстро и аккуратно.</p></div>"
        for number in (3, 7, 9)
    )
    page = html_page(ROOT + "page/", f'<h2>Отзывы</h2><div class="cards">{cards}</div>')
    owner, others, _ = requisites_of(page)
    assert owner["name"] is None
    assert sorted(other["name"] for other in others) == ["ООО «Клиент 3»", "ООО «Клиент 7»", "ООО «Клиент 9»"]
    assert {other["role"] for other in others} == {"mentioned"}


def test_a_banks_own_numbers_and_address_are_kept_apart() -> None:
    page = html_page(
        ROOT + "rekvizity/",
        "<p>ООО «Вендор», ИНН 7707083893, КПП 773601001, ОГРН 1027700132195</p>"
        "<p>Юридический адрес: 125040, г. Москва,<br>ул. Правды, д. 8, оф. 12</p>"
        "<p>р/с 40702810938000012345 в ПАО «Сбербанк», ИНН банка 7707083893, КПП банка 773601001</p>"
        "<p>Местонахождение учреждения банка: 117997, г. Москва, ул. Вавилова, д. 19. Доп. офис № 9038/0752</p>",
    )
    owner, others, _ = requisites_of(page)
    assert owner["name"] == "ООО «Вендор»"
    assert owner["legal_address"] == "125040, г. Москва, ул. Правды, д. 8, оф. 12"  # runs to the next line
    assert owner["actual_address"] != "№ 9038/0752" and "9038" not in (owner["actual_address"] or "")
    assert [(other["role"], other["inn"]) for other in others] == [("bank", "7707083893")]


def test_the_owner_agrees_with_the_sites_domain() -> None:
    page = html_page(
        "http://restoranica.example/",
        "<p>Партнёры: ООО «Грастин» — доставка.</p><p>ООО «РЕСТОРАНИКА»</p>",
    )
    owner, others, _ = requisites_of(page)
    assert owner["name"] == "ООО «РЕСТОРАНИКА»" and "matches_site_name" in owner["why"]
    assert [other["name"] for other in others] == ["ООО «Грастин»"]


def test_dated_runs_anywhere_give_every_date() -> None:
    news = "".join(
        f'<div class="news-item"><span class="date">{day}</span>'
        f'<a href="/n/{index}">Открыли новый офис продаж {index}</a></div>'
        for index, day in enumerate(["10.11.2026", "2 октября 2026", "15.08.2026"])
    )
    reviews = "".join(
        f'<div class="testimonial"><b>Анна</b> <i>{day}</i><p>Спасибо за быструю и вежливую поддержку!</p></div>'
        for day in ["12.11.2026", "03.09.2026"]
    )
    # Neither section has a page of its own: both blocks stand on the home page.
    home = html_page(ROOT, f"<h1>Колл-центр</h1><h2>Новости</h2>{news}<h2>Отзывы клиентов</h2>{reviews}")
    site = site_of(home)
    NewsCheck().run(site)
    ClientsAndReviewsCheck().run(site)
    assert site.facts["news"]["dates"] == ["2026-11-10", "2026-10-02", "2026-08-15"]
    assert site.facts["news"]["latest_date"] == "2026-11-10" and site.facts["news"]["url"] == ROOT
    assert site.facts["reviews"]["dates"] == ["2026-11-12", "2026-09-03"]
    assert site.facts["reviews"]["count"] == 2


def test_a_law_cited_in_sibling_paragraphs_is_not_a_dated_run() -> None:
    paragraphs = "".join(
        f"<p>В соответствии с Федеральным законом от {day} № 152-ФЗ оператор обрабатывает данные.</p>"
        for day in ("27.07.2006", "29.12.2012")
    )
    site = site_of(html_page(ROOT + "about/", paragraphs))
    NewsCheck().run(site)
    assert site.facts["news"] == {"url": None, "latest_date": None, "dates": []}


def test_contacts_placeholders_foreign_phones_and_hidden_emails() -> None:
    encoded = "7a" + bytes(byte ^ 0x7A for byte in b"sales@vendor.example").hex()
    page = html_page(
        ROOT,
        "<p>Тел.: +7 (999) 999-99-99, +7 (495) 988-98-21, Минск: +375 29 557-36-39</p>"
        "<p>Почта: test@example.com, info [at] vendor [dot] example</p>"
        f'<p><a href="/cdn-cgi/l/email-protection" data-cfemail="{encoded}">[email protected]</a></p>'
        "<script>var m = 'support' + '@' + 'vendor.example'; document.write(m);</script>",
    )
    site = site_of(page)
    findings = by_code(ContactsCheck().run(site))
    phones = {phone["e164"]: (phone["type"], phone["placeholder"]) for phone in site.facts["contacts"]["phones"]}
    assert phones == {
        "+79999999999": ("mobile", True),
        "+74959889821": ("landline", False),
        "+375295573639": ("foreign", False),
    }
    emails = {email["address"]: email["placeholder"] for email in site.facts["contacts"]["emails"]}
    assert emails == {
        "test@example.com": True,
        "info@vendor.example": False,
        "sales@vendor.example": False,
        "support@vendor.example": False,
    }
    assert findings["placeholders"].status is Status.WARN
    assert (
        "+7 (999) 999-99-99" in findings["placeholders"].message
        and "test@example.com" in findings["placeholders"].message
    )


def test_placeholder_rules() -> None:
    assert placeholder_phone("+79999999999") and placeholder_phone("+74951234567")
    assert not placeholder_phone("+74957777777")  # a real vanity number
    assert placeholder_email("email@example.ru") and placeholder_email("ivanov@mail.ru")
    assert not placeholder_email("info@mail.ru")


def test_a_column_header_table_gives_each_row_its_numbers() -> None:
    """ИНН and ОГРН only as column headers over rows of companies (a group's list, held-out page 44's layout):
    each row's values are that row's entity, none of them taken for the site's owner by the header."""
    rows = "".join(
        f"<div class='row'><div>{index}</div><div>ООО «Альфа {index}»</div><div>{ogrn_}</div><div>{inn_}</div></div>"
        for index, (ogrn_, inn_) in enumerate(
            [("1177746672905", "7713444361"), ("1157746339090", "7713395026"), ("1027739159898", "7713127154")], 1
        )
    )
    page = html_page(
        ROOT, f"<div class='head'><div>№</div><div>Название</div><div>ОГРН</div><div>ИНН</div></div>{rows}"
    )
    numbers = requisite_numbers(page.text)[0]
    assert [(number.kind, number.value) for number in numbers] == [
        ("ogrn", "1177746672905"),
        ("inn", "7713444361"),
        ("ogrn", "1157746339090"),
        ("inn", "7713395026"),
        ("ogrn", "1027739159898"),
        ("inn", "7713127154"),
    ]
    owner, others, _findings = requisites_of(page)
    pairs = {(entity["name"], entity["inn"], entity["ogrn"]) for entity in [owner, *others] if entity.get("name")}
    assert ("ООО «Альфа 2»", "7713395026", "1157746339090") in pairs
    assert ("ООО «Альфа 3»", "7713127154", "1027739159898") in pairs


def test_the_domains_whois_registrant_is_preferred_as_owner() -> None:
    """Two entities with equal claims on a page: without whois the page does not say whose site it is (page
    order is no evidence), so no owner is chosen and both are listed; the one the domain's whois names (in
    Latin capitals, or by ИНН) is the owner, and the evidence says why."""
    body = (
        "<p>ООО «Ромашка», ИНН 7802925148, ОГРН 1227800059112</p>"
        "<p>ООО «Василёк», ИНН 7713444361, ОГРН 1177746672905</p>"
    )
    site = site_of(html_page(ROOT, body))
    findings = by_code(RequisitesCheck().run(site))
    assert site.facts["legal_entity"]["name"] is None and site.facts["legal_entity"]["why"] == ["owners_tied"]
    assert {entity["inn"] for entity in site.facts["entities"]} == {"7802925148", "7713444361"}
    assert "owner_unclear" in findings and "owner" not in findings
    for name, org, inn in (
        ("ООО «Василёк»", 'OOO "VASILEK"', "7713444361"),
        ("ООО «Ромашка»", 'OOO "ROMASHKA"', "7802925148"),
    ):
        for whois in ({"org": org}, {"taxpayer_id": inn}):
            site = site_of(html_page(ROOT, body))
            site.whois = whois
            RequisitesCheck().run(site)
            owner = site.facts["legal_entity"]
            assert (owner["name"], owner["inn"]) == (name, inn)
            assert "matches_whois" in owner["why"]


def test_whois_counts_only_after_a_legal_check_has_cached_the_domain(store: Store) -> None:
    """The audit never asks whois itself: the owner choice uses the record a legal check left in the store,
    and a domain never looked up leaves the tie unresolved."""
    from callscout.legal import cache
    from callscout.web_audit.stage import _known_whois

    url = "https://call-line.ru/"  # a domain that names neither entity
    assert _known_whois(store, url) is None
    body = (
        "<p>ООО «Ромашка», ИНН 7802925148, ОГРН 1227800059112</p>"
        "<p>ООО «Контакт-Центр», ИНН 7707083893, ОГРН 1027700132195</p>"
    )
    site = site_of(html_page(url, body))
    RequisitesCheck().run(site)
    assert site.facts["legal_entity"]["name"] is None

    raw = (Path(__file__).parents[1] / "data" / "whois" / "ru_found.txt").read_text(encoding="utf-8")
    cache.save(store, "whois", "call-line.ru", {"raw": raw.replace("KONTAKT-CENTR.RU", "CALL-LINE.RU")})
    known = _known_whois(store, url)
    assert known == {"org": 'LLC "Kontakt-Centr"', "taxpayer_id": "7707083893"}
    site = site_of(html_page(url, body))
    site.whois = known
    RequisitesCheck().run(site)
    owner = site.facts["legal_entity"]
    assert (owner["name"], owner["inn"]) == ("ООО «Контакт-Центр»", "7707083893")
    assert "matches_whois" in owner["why"]


def test_a_group_table_and_a_sellers_card_name_no_owner_but_the_sites_title_does() -> None:
    """Sixteen group companies in a row or a marketplace's supplier card say nothing about whose site it is;
    a name that is also the site's title does."""
    rows = "".join(
        f"<tr><td>ООО «Компания {index}»</td><td>{ogrn_number}</td><td>{inn_number}</td></tr>"
        for index, (ogrn_number, inn_number) in enumerate(
            [("1227800059112", "7802925148"), ("1177746672905", "7713444361"), ("1027739159898", "7713127154")]
        )
    )
    owner, others, _ = requisites_of(
        html_page(ROOT, f"<table><tr><th>Название</th><th>ОГРН</th><th>ИНН</th></tr>{rows}</table>")
    )
    assert owner["name"] is None and owner["inn"] is None and owner["why"] == ["owners_tied"]
    assert len([entity for entity in others if entity["inn"]]) == 3
    owner, others, _ = requisites_of(
        html_page(ROOT, '<h3>Поставщики / ООО "Рики Тики Тави"</h3><h3>ООО "Рики Тики Тави"</h3><p>Адрес: Москва</p>')
    )
    assert owner["name"] is None and owner["why"] == ["named_only"]
    assert [(entity["name"], entity["role"]) for entity in others] == [("ООО «Рики Тики Тави»", "mentioned")]
    owner, _, _ = requisites_of(
        html_page(ROOT, '<title>ЖКУ №813</title><a href="/page">Как перейти под управление ООО "ЖКУ №813"</a>')
    )
    assert owner["name"] == "ООО «ЖКУ №813»" and "matches_site_name" in owner["why"]


def test_an_entrepreneur_in_capitals_and_a_director_in_the_genitive_or_after_a_dash() -> None:
    owner, _, _ = requisites_of(
        html_page(
            ROOT,
            "<div>ИНДИВИДУАЛЬНЫЙ ПРЕДПРИНИМАТЕЛЬ <br>\nГРИГОЛИЯ АРТЕМ АЛЕКСЕЕВИЧ</div>"
            "<p>ИНН 780444145907<br> ОГРН 323784700222448</p>",
        )
    )
    assert (owner["legal_form"], owner["name"], owner["inn"]) == ("ИП", "ИП Григолия Артем Алексеевич", "780444145907")
    assert owner["director"]["name"] == "Григолия Артем Алексеевич"
    owner, _, _ = requisites_of(
        html_page(
            ROOT,
            "<p>© ООО «ДжобХостел», в лице Генерального директора Ширшонкова Владислава Олеговича, "
            "действующего на основании Устава</p><p>ИНН 7702750110</p>",
        )
    )
    assert owner["director"]["name"] == "Ширшонкова Владислава Олеговича"
    owner, _, _ = requisites_of(
        html_page(
            ROOT, "<h2>Директор Консорциума — Толмачёв Виктор Александрович</h2><p>Телефон: +7 (985) 768-59-34</p>"
        )
    )
    assert owner["director"]["name"] == "Толмачёв Виктор Александрович"


def test_a_banks_numbers_after_the_bank_lines_and_a_joint_address_label() -> None:
    page = html_page(
        ROOT,
        '<h2>ООО "АЛИК-ГРУПП"</h2><ul><li>ОГРН: 1202400018292</li><li>ИНН: 2461046410</li><li>КПП: 246101001</li>'
        '<li>Банк: Филиал "Центральный" Банк ВТБ (ПАО) в г. Москве</li><li>К/с: 30101810145250000411</li>'
        "<li>ИНН/КПП: 7702070139/540643001</li></ul>"
        "<table><tr><td>Юридический и фактический адрес</td><td>192288, СПб, ул. Бухарестская, д.118</td></tr></table>",
    )
    owner, others, _ = requisites_of(page)
    assert (owner["inn"], owner["kpp"]) == ("2461046410", "246101001")
    assert [(other["role"], other["inn"], other["kpp"]) for other in others] == [("bank", "7702070139", "540643001")]
    assert owner["legal_address"] == "192288, СПб, ул. Бухарестская, д.118"


def test_kazakh_numbers_are_not_inn() -> None:
    numbers, _ = requisite_numbers(
        '"RNN_ADDRESS_TITLE" => "РНН", "RNN_ADDRESS_TEXT" => "600500572663", БИН 080340021186'
    )
    assert numbers == ()


def test_names_with_a_kind_of_business_nested_or_escaped_quotes() -> None:
    from callscout.web_audit.entities import names_in

    text = (
        "ООО Управляющая компания «Эстет»\n"
        'Ассоциация "Промышленный Кластер "Консорциум РСИУ"\n'
        '$APPLICATION->SetTitle("Контакты ООО \\"ДжобХостел\\"");\n'
        'ООО "Ромашка" и АО "Василёк"'
    )
    assert [mention.display for mention in names_in(text)] == [
        "ООО Управляющая компания «Эстет»",
        "Ассоциация «Промышленный Кластер «Консорциум РСИУ»»",
        "ООО «ДжобХостел»",
        "ООО «Ромашка»",
        "АО «Василёк»",
    ]


def test_a_date_inside_a_reviews_sentence_is_not_the_reviews_date() -> None:
    """Undated reviews, one telling of a delivery on 31.03.2017: no review date; a date on its own is one."""
    reviews = "".join(
        f'<li class="reviews__item"><div class="reviews__text">{text}</div><div>{who}</div></li>'
        for text, who in (
            ("«Курьер дозвонился до меня и доставил заказ номер 1386 31.03.2017, спасибо!»", "Евгений, Москва"),
            ("«Кроссовки зачетные, буду носить, всем рекомендую этот магазин»", "Телепнев, Москва"),
        )
    )
    site = site_of(html_page(ROOT + "reviews", f"<h1>Отзывы наших клиентов</h1><ul>{reviews}</ul>"))
    ClientsAndReviewsCheck().run(site)
    assert site.facts["reviews"]["dates"] == []
    dated = reviews.replace("<div>Евгений", "<div>16.06.2016</div><div>Евгений")
    site = site_of(html_page(ROOT + "reviews", f"<h1>Отзывы наших клиентов</h1><ul>{dated}</ul>"))
    ClientsAndReviewsCheck().run(site)
    assert site.facts["reviews"]["dates"] == ["2016-06-16"]


def test_an_address_in_the_next_string_of_a_key_value_list() -> None:
    from callscout.web_audit.entities import legal_addresses

    text = (
        '"LEGAL_ADDRESS_TITLE" => "Юридический адрес:",\n'
        '"LEGAL_ADDRESS_TEXT" => "Республика Казахстан, г. Атырау, строение 295",'
    )
    assert [address for address, _, _ in legal_addresses(text)] == ["Республика Казахстан, г. Атырау, строение 295"]


def test_the_other_side_of_a_contract_on_the_site_is_not_its_owner() -> None:
    """An agent contract: the site's company is the agent; the principal's block carries the numbers (as the
    page prints them), yet the principal is someone else, listed with its number."""
    page = html_page(
        ROOT,
        "<p>Общество с ограниченной ответственностью «ДжобХостел», именуемое в дальнейшем «Агент», в лице "
        "Генерального директора Ширшонкова Владислава Олеговича, с одной стороны, и ООО «Зарница», именуемое в "
        "дальнейшем «Принципал», с другой стороны, заключили настоящий Договор.</p>"
        "<p>Принципал:<br>ООО «Зарница»<br>Юр. адрес:<br>109147, г. Москва, Марксистская 9-246<br>"
        "ИНН<br>7702750110<br>ОГРН<br>5107746065092</p>",
    )
    owner, others, findings = requisites_of(page)
    assert owner["name"] == "ООО «ДжобХостел»" and "contract_provider" in owner["why"]
    assert owner["legal_address"] is None  # it stands in the principal's block
    assert owner["director"]["name"] == "Ширшонкова Владислава Олеговича"
    assert [(other["name"], other["inn"], other["role"]) for other in others] == [
        ("ООО «Зарница»", "7702750110", "mentioned")
    ]
    assert "исполнитель (агент, продавец)" in findings["owner"].message
