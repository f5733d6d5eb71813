"""Extraction from single pages: labelled numbers, phones, e-mails, privacy links, encodings, PDFs."""

from __future__ import annotations

from callscout.web_audit.extract import extract_page_facts, requisite_numbers
from callscout.web_audit.parse import detect_charset, page_from_bytes
from tests.web_audit.sites import DEMO_SITES

BANK_FOOTER = """<html><body><footer>
<p>ООО «Ромашка», ИНН/КПП 7707083893/773601001, ОГРН 1027700132195</p>
<p>р/с 40702810938000012345 в ПАО Сбербанк, к/с 30101810400000000225, БИК 044525225, ОКПО 00032537,
ОКВЭД 82.20, ОКТМО 45380000</p>
<p>Тел.: +7 (495) 120-45-67, 8 800 555-01-23, моб. <a href="tel:+79163214567">8-916-321-45-67</a></p>
<p>Пишите: <a href="mailto:Sales@Romashka.example">отдел продаж</a>, info@romashka.example, logo@2x.png</p>
<p><a href="/politika/">Политика конфиденциальности</a></p>
</footer></body></html>"""


def test_bank_details_are_never_taken_for_inn_or_phones() -> None:
    facts = extract_page_facts("http://romashka.example/", BANK_FOOTER.encode(), "text/html; charset=utf-8")
    assert facts["inn"] == ["7707083893"]
    assert facts["kpp"] == ["773601001"]
    assert facts["ogrn"] == ["1027700132195"]
    assert facts["phones"] == [
        {"e164": "+74951204567", "type": "landline"},
        {"e164": "+78005550123", "type": "toll_free"},
        {"e164": "+79163214567", "type": "mobile"},
    ]
    # Domains are lower-cased; so are RFC 2142 role mailboxes such as "Sales" (email-validator's rule).
    assert facts["emails"] == ["info@romashka.example", "sales@romashka.example"]
    html = 'Ivan.Petrov@Romashka.example <a href="mailto:ivan.petrov@romashka.example">x</a>'
    emails = extract_page_facts("http://romashka.example/", html.encode(), "text/html")["emails"]
    assert emails == ["Ivan.Petrov@romashka.example"]  # the local part as printed first, once
    assert facts["privacy_policy"] is True


def test_labels_in_table_cells_and_separate_kpp() -> None:
    html = "<table><tr><th>ИНН</th><td>7707083893</td></tr><tr><th>КПП</th><td>773601001</td></tr>"
    html += "<tr><th>ОГРНИП</th><td>304500116000157</td></tr><tr><th>БИК</th><td>044525225</td></tr></table>"
    numbers, masked = requisite_numbers(page_from_bytes("http://x.example/", html.encode(), "text/html").text)
    assert [(number.kind, number.value) for number in numbers] == [
        ("inn", "7707083893"),
        ("kpp", "773601001"),
        ("ogrn", "304500116000157"),
    ]
    assert len(masked) == 4  # the БИК is masked too, so it can never become a phone


def test_unlabelled_digit_runs_are_not_phones() -> None:
    html = "<p>Заказ 4951204567 от склада, артикул 84951204567890, год 2026-2027</p>"
    assert extract_page_facts("http://x.example/", html.encode(), "text/html")["phones"] == []


def test_page_without_policy_link_or_contacts() -> None:
    facts = extract_page_facts("http://x.example/", "<p>Просто текст</p>".encode(), None)
    assert facts == {"inn": [], "ogrn": [], "kpp": [], "phones": [], "emails": [], "privacy_policy": False}


def test_windows_1251_declared_by_meta_is_decoded() -> None:
    body = (DEMO_SITES / "linia24.example" / "kontakty" / "index.html").read_bytes()
    assert detect_charset(body, "text/html") == "cp1251"
    page = page_from_bytes("http://linia24.example/kontakty/", body, "text/html")
    assert "Санкт-Петербург, Невский пр." in page.text
    facts = extract_page_facts("http://linia24.example/kontakty/", body, "text/html")
    assert {"e164": "+78123342211", "type": "landline"} in facts["phones"]


def test_undeclared_legacy_bytes_fall_back_to_windows_1251() -> None:
    body = "<p>Контакты: info@linia.example</p>".encode("cp1251")
    page = page_from_bytes("http://x.example/", body, "text/html")
    assert page.charset == "cp1251" and "Контакты" in page.text


def test_pdf_policy_text_is_extracted() -> None:
    body = (DEMO_SITES / "linia24.example" / "docs" / "politika-pd.pdf").read_bytes()
    facts = extract_page_facts("http://linia24.example/docs/politika-pd.pdf", body, "application/pdf")
    assert facts["privacy_policy"] is True
    assert facts["inn"] == ["7802345676"]


def test_inline_tags_do_not_split_words_and_scripts_are_invisible() -> None:
    html = "<p>Ком<b>пания</b> &laquo;Голос&raquo;</p><script>var tel='+7 999 000-00-00'</script>"
    html += "<div>ИНН<br>7707083893</div>"
    page = page_from_bytes("http://x.example/", html.encode(), "text/html")
    assert page.text.splitlines() == ["Компания «Голос»", "ИНН", "7707083893"]
    assert extract_page_facts("http://x.example/", html.encode(), "text/html")["phones"] == []


def test_numbers_listed_after_a_full_one_share_its_area_code() -> None:
    html = "<p>Тел.: 8 (8422) 26-53-01, 26-53-02, 275-112. Офис: д. 15, 2019 год</p><p>(347) 272-67-39; 272-97-07</p>"
    phones = extract_page_facts("http://x.example/", html.encode(), "text/html")["phones"]
    assert [phone["e164"] for phone in phones] == [
        "+78422265301",
        "+78422265302",
        "+78422275112",
        "+73472726739",
        "+73472729707",
    ]


def test_a_phone_right_after_a_labelled_number_is_still_a_phone() -> None:
    html = "<p>ОГРН 1027700132195 тел. 84951204567; ИНН 77070838931 (опечатка)</p>"
    facts = extract_page_facts("http://x.example/", html.encode(), "text/html")
    assert facts["ogrn"] == ["1027700132195"] and facts["inn"] == []
    assert facts["phones"] == [{"e164": "+74951204567", "type": "landline"}]  # the malformed ИНН is no phone


def test_privacy_links_by_text_or_by_a_telling_address_only() -> None:
    def privacy(html: str) -> bool:
        return extract_page_facts("http://shop.example/", html.encode(), "text/html")["privacy_policy"]

    assert privacy('<a href="/politika-obrabotki-pd/">Документ</a>')
    assert privacy('<a href="/docs/privacy.pdf">PDF</a>')
    assert privacy('<a href="/doc/7">Согласие на обработку персональных данных</a>')
    assert not privacy('<a href="/personal/cart/">Личный кабинет</a>')
    assert not privacy('<a href="/cookie-policy/">Cookies</a><a href="/return-policy/">Возврат</a>')


def test_phones_one_per_source_line_stay_two_phones() -> None:
    # The browser joins the source lines with a space; the first number must not be lost to the second.
    html = "<h6>В Москве:<br>\n  8 (495) 989-85-99\n  8 (495) 989-85-33\n</h6><p>8 912 345 67 89 8 912 345 67 88</p>"
    phones = extract_page_facts("http://x.example/", html.encode(), "text/html")["phones"]
    assert [phone["e164"] for phone in phones] == ["+74959898599", "+74959898533", "+79123456789", "+79123456788"]
    assert [p["e164"] for p in extract_page_facts("http://x.example/", b"8 495 128 85 99", None)["phones"]] == [
        "+74951288599"
    ]


def test_undeclared_type_is_sniffed_from_the_bytes() -> None:
    # Saved template files: no Content-Type, and markup that does not open with <html>.
    template = "<?php if ($a) { ?>\n<div class='f'>ИНН <b>7707083893</b></div><?php } ?>".encode()
    page = page_from_bytes("http://x.example/footer.php", template, None)
    assert page.html is not None and "ИНН 7707083893" in page.text
    plain = page_from_bytes("http://x.example/readme", "Телефон: 8 (495) 120-45-67".encode("cp1251"), None)
    assert plain.html is None and plain.text == "Телефон: 8 (495) 120-45-67"
    binary = page_from_bytes("http://x.example/blob", b"\x00\x01<div>\x02", None)
    assert binary.text == "" and binary.html is None
