"""The report speaks the reader's language: no codes of the data model, no evidence that only repeats its
finding. (HTML only: the PDF is printed from the same page.)"""

from __future__ import annotations

import re

from callscout.i18n import language
from callscout.report.render import evidence_value, render_html
from callscout.scoring import score_document
from tests.scoring_docs import ALL_YES, VendorSpec, document_for


def _report(specs: list[VendorSpec], lang: str = "ru", **registry: object) -> tuple[dict, str]:
    with language(lang):
        document, evaluation = document_for(specs)
        document["language"] = lang
        for name, values in registry.items():
            document["legal"][name]["registry"].update(values)  # type: ignore[arg-type]
        document["scoring"] = score_document(document, evaluation)
        document["sections"].append("scoring")
        return document, render_html(document, charts={})


def _vendor(document: dict, name: str) -> dict:
    return next(vendor for vendor in document["scoring"]["vendors"] if vendor["name"] == name)


def test_liquidated_entity_is_told_in_words_with_the_registers_date() -> None:
    specs = [VendorSpec("Альфа"), VendorSpec("Закрытый", monthly_cost=90_000, registry_status="LIQUIDATED")]
    for lang, expected in (
        ("ru", "статус в реестре: ликвидирована, дата ликвидации по реестру: 2025-03-01"),
        ("en", "status in the register: liquidated on 2025-03-01 according to the register"),
    ):
        document, html = _report(specs, lang, Закрытый={"liquidation_date": "2025-03-01"})
        flag = _vendor(document, "Закрытый")["red_flags"][0]
        assert flag["severity"] == "critical"
        assert [item["excerpt"] for item in flag["evidence"]] == [expected]
        assert expected in html and "LIQUIDATED" not in html.split("<body>")[1]


def test_evidence_that_repeats_its_finding_is_not_shown() -> None:
    answers = dict(ALL_YES, trial_project=False, call_rating=False)
    _, html = _report([VendorSpec("Альфа"), VendorSpec("Бета", answers=answers, qa_average=20)])
    summary = html.split('id="summary"')[1].split('id="scoring"')[0]
    flags = re.findall(r'<li class="flag-\w+">(.*?)</li>', summary, flags=re.DOTALL)
    assert len(flags) >= 3
    for flag in flags:
        text = flag.split('<div class="evidence">')[0]
        for value in re.findall(r'<span class="muted">\[(.*?)\]</span>', flag):
            assert value not in text, (value, text)
    # The questionnaire is still named as the source of "нет", without repeating the "нет".
    assert "ответ вендора в анкете</div>" in summary.replace("\n", "")
    assert "[нет]" not in summary and "[20/100]" not in summary


def test_evidence_value_rule() -> None:
    assert evidence_value({"value": "47/100"}, "QA: 47/100") is None
    assert evidence_value({"value": "6.77", "excerpt": "108344 байт, 6.77 с"}) is None
    assert evidence_value({"value": "404", "url": "http://x.example/novosti/"}, "битые ссылки") == "404"
    assert evidence_value({"value": None}) is None and evidence_value({"value": " "}) is None
    # A truth value reads as a word, not as Python's False.
    assert evidence_value({"excerpt": "полное наименование", "value": False}) == "нет"


def test_needs_and_offers_use_labels_not_codes() -> None:
    document, html = _report([VendorSpec("Альфа"), VendorSpec("Бета", offer_model="per_operator_hour")])
    body = html.split("<body>")[1]
    needs = body.split("Потребности заказчика")[1].split("Кандидаты")[0]
    assert "приём заказов" in needs and "orders" not in needs
    assert re.search(r"\b(пн|вт|ср|чт|пт|сб|вс) \d+:00", needs) and not re.search(r"\b(mon|tue|sun)\b", needs)
    candidates = body.split("Кандидаты")[1].split("</table>")[0]
    assert "за минуту разговора" in candidates and "за час оператора" in candidates
    assert "per_talk_minute" not in candidates and "per_operator_hour" not in candidates
    weights = body.split("Набор весов")[1].split("</p>")[0]
    assert "приём заказов" in weights and "набор по задаче линии" in weights and "preset" not in weights
    # A question after a value that ends its sentence ("2.0 г.") has one full stop.
    questions = [q["text"] for vendor in document["scoring"]["vendors"] for q in vendor["questions"]]
    assert not [text for text in questions if ".." in text]


def test_a_short_value_is_only_a_repeat_as_a_whole_word() -> None:
    assert evidence_value({"value": 1}, "проверено 14") == "1"
    assert evidence_value({"value": 14}, "проверено 14") is None
    assert evidence_value({"value": "нет"}, "Пробный проект: нет") is None


def test_the_title_does_not_double_the_evaluation_name() -> None:
    """`callscout init` names an evaluation «Выбор колл-центра» and the heading read «Выбор колл-центра: Выбор
    колл-центра»; a name that already speaks of the call center stands alone, any other gets the prefix."""
    document, _ = _report([VendorSpec("Альфа")])
    for lang, name, heading in (
        ("ru", "Выбор колл-центра", "<h1>Выбор колл-центра</h1>"),
        ("ru", "Демо: ДомТехника выбирает колл-центр", "<h1>Демо: ДомТехника выбирает колл-центр</h1>"),
        ("ru", "Горячая линия 2027", "<h1>Выбор колл-центра: Горячая линия 2027</h1>"),
        ("en", "Hotline 2027", "<h1>Choosing a call center: Hotline 2027</h1>"),
    ):
        with language(lang):
            document["language"] = lang
            document["evaluation"]["name"] = name
            html = render_html(document, charts={})
        assert heading in html
        assert html.split("<body>")[1].count("Выбор колл-центра") <= 1
