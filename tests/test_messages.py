"""The presentation layer: the keyed catalogue is complete in both languages, values are written the reader's way
(Babel, CLDR), and a finding with a code is shown in the reader's language, whatever language its run used."""

from __future__ import annotations

import re
import string

import pytest

from callscout.calls.contract import sla_findings
from callscout.i18n import language, tr
from callscout.model.findings import Cause, Finding, Severity, Status
from callscout.present import formatting
from callscout.present.findings import finding_text
from callscout.present.messages import all_messages, label, message
from tests.leftovers import RUSSIAN_TERMS

NBSP = "\u00a0"


def _texts(side: object) -> list[str]:
    return list(side.values()) if isinstance(side, dict) else [side]  # type: ignore[list-item]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_catalogue_key_has_a_russian_and_an_english_text() -> None:
    catalogue = all_messages()
    assert len(catalogue) > 100  # the module's own keys and the label tables folded into it
    problems = []
    for key, (ru, en) in catalogue.items():
        for lang, side in (("ru", ru), ("en", en)):
            texts = _texts(side)
            if not texts or any(not isinstance(text, str) or not text.strip() for text in texts):
                problems.append(f"{key}: no {lang} text")
        if isinstance(ru, dict) and not {"one", "few", "many", "other"} <= set(ru):
            problems.append(f"{key}: Russian plural forms one/few/many/other needed, got {sorted(ru)}")
        if isinstance(en, dict) and not {"one", "other"} <= set(en):
            problems.append(f"{key}: English plural forms one/other needed, got {sorted(en)}")
        # Both languages take the same parameters: a value the Russian text shows is not lost in English.
        ru_fields = set().union(*(_fields(text) for text in _texts(ru) if isinstance(text, str)))
        en_fields = set().union(*(_fields(text) for text in _texts(en) if isinstance(text, str)))
        # ``text.pair`` carries a data table's two texts (i18n.pick): each language shows its own.
        if ru_fields != en_fields and key != "text.pair":
            problems.append(f"{key}: parameters differ, ru {sorted(ru_fields)} en {sorted(en_fields)}")
        english = " ".join(text for text in _texts(en) if isinstance(text, str))
        english = re.sub(r"'[^']*'|«[^»]*»", " ", english)  # a quoted name is data (a sheet «Анкета» of the form)
        if any(word.lower() not in RUSSIAN_TERMS for word in re.findall(r"[А-Яа-яЁё]+", english)):
            problems.append(f"{key}: Cyrillic in the English text")
    assert not problems, "\n".join(problems)


def test_a_missing_key_is_an_error_not_a_raw_key() -> None:
    with pytest.raises(KeyError):
        message("no.such.key")
    # A code from outside the catalogue (a vendor's own word) is shown as it is.
    assert label("outcome", "voicemail-ish") == "voicemail-ish"


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [
        (1, "1 звонок", "1 call"),
        (2, "2 звонка", "2 calls"),
        (5, "5 звонков", "5 calls"),
        (21, "21 звонок", "21 calls"),
        (112, "112 звонков", "112 calls"),
    ],
)
def test_counts_take_the_plural_form_of_the_language(n: int, ru: str, en: str) -> None:
    assert formatting.count(n, "call", language="ru") == ru
    assert formatting.count(n, "call", language="en") == en


def test_values_in_the_readers_convention() -> None:
    assert formatting.number(55.4, 1, language="ru") == "55,4"
    assert formatting.number(1234567.891, 1, language="ru") == f"1{NBSP}234{NBSP}567,9"
    assert formatting.number(1234567.891, 1, language="en") == "1,234,567.9"
    assert formatting.auto(205.0, language="ru") == "205" and formatting.auto(183.63, language="ru") == "183,6"
    assert formatting.percent(0.253, language="ru") == "25,3%" and formatting.percent(0.253, language="en") == "25.3%"
    assert formatting.money(1234567.8, language="ru") == f"1{NBSP}234{NBSP}568{NBSP}₽"
    assert formatting.duration(205.0, language="ru") == f"205{NBSP}с"
    assert formatting.duration(205.0, language="en") == f"205{NBSP}sec"
    assert formatting.duration(9000, language="ru") == f"2,5{NBSP}ч"
    assert formatting.pvalue(1.59e-191, language="ru") == f"p{NBSP}<{NBSP}0,001"
    assert formatting.pvalue(0.0321, language="en") == f"p{NBSP}={NBSP}0.032"
    assert formatting.points(-58.94, language="ru") == f"-58,9{NBSP}п.п."
    assert formatting.signed(2.5, language="ru") == "+2,5" and formatting.number(-0.01, 1, language="ru") == "0,0"
    # A moment is shown in the evaluation's time zone; a day stays a day; a week is not guessed at.
    assert formatting.moment("2026-11-27T12:03:44+00:00", zone="Europe/Moscow", language="ru") == "27.11.2026 15:03"
    assert formatting.moment("2026-11-27T12:03:44+00:00", zone="Asia/Novosibirsk", language="en") == (
        "27 Nov 2026 19:03"
    )
    assert formatting.moment("2026-11-09", language="ru") == "09.11.2026"
    assert formatting.moment("2026-W45", language="ru") == "2026-W45"


def test_inline_messages_write_numbers_the_readers_way() -> None:
    """``tr`` (and economics, which used its own copy) localise numeric params, with or without a spec."""
    with language("ru"):
        assert tr("{a} и {b:.2f}, {year}", "{a} and {b:.2f}, {year}", a=55.4, b=4.348, year=2005) == "55,4 и 4,35, 2005"
    with language("en"):
        assert tr("{a} и {b:.2f}", "{a} and {b:.2f}", a=55.4, b=4.348) == "55.4 and 4.35"


def test_codes_of_the_model_have_words_in_both_languages() -> None:
    assert label("role", "owner", language="ru") == "владелец"
    assert label("confidence", "high", language="ru") == "высокая"
    assert label("kpi", "service_level", language="ru") == "Уровень сервиса"
    assert label("kpi", "abandon_rate", language="en") == "Abandon rate"
    assert label("outcome", "answered", language="ru") == "принят"
    assert label("queue_model", "erlang_c", language="ru") == "Эрланг C"
    with language("ru"):
        assert Status.UNKNOWN.label() == "неизвестно" and Severity.HIGH.label() == "высокая"
        assert Cause.CHECK.label() == "проверка не состоялась"
    with language("en"):
        assert Status.WARN.label() == "warning"


def test_a_finding_is_shown_in_the_readers_language_from_its_code() -> None:
    """The SLA findings of the calls package carry code and params: a run in Russian reads in English too."""
    from callscout.model.vendor import SlaTerms

    terms = SlaTerms(service_level_percent=80, service_level_seconds=20, max_abandon_rate=0.05)
    found = [
        {"period": f"2026-11-1{day}", "metric": "abandon_rate", "value": 0.255, "target": 0.05, "offered": 120}
        for day in range(2)
    ]
    with language("ru"):
        [finding] = sla_findings("Линия 24", terms, found)
    assert finding.code == "sla_abandon_rate" and finding.params == {"vendor": "Линия 24", "n": 2, "target": 0.05}
    assert finding_text(finding, language="ru") == "Линия 24: доля потерянных выше цели в 2 периодах (не более 5,0%)"
    assert finding_text(finding, language="en") == "Линия 24: abandon rate over the target in 2 periods (at most 5.0%)"
    # The JSON form (report document) renders the same way; a finding without a catalogue code keeps its text.
    assert finding_text(finding.model_dump(mode="json"), language="en").endswith("(at most 5.0%)")
    plain = Finding(check="site_basics", status=Status.PASS, code="https", message="сайт открывается по HTTPS")
    assert finding_text(plain, language="en") == "сайт открывается по HTTPS"
    assert finding.evidence[0].excerpt == "10.11.2026: 25,5%, поступило 120"
    with language("ru"):
        [met] = sla_findings("ГолосПро", terms, [])
    assert finding_text(met, language="en") == "ГолосПро: SLA met in every period"


def test_a_crashed_check_is_rendered_from_its_code() -> None:
    with language("ru"):
        finding = Finding.check_failed("site_basics", RuntimeError("boom"))
    assert finding.code == "check_failed" and finding_text(finding, language="en") == "check failed: RuntimeError: boom"


def test_a_coded_error_names_file_line_and_field_in_either_language(tmp_path) -> None:
    """Bad input raised in a Russian session is a coded error: the edge writes it in the reader's language, still
    naming the file, the line and the field."""
    from callscout import evalfile
    from callscout.errors import DataError

    path = tmp_path / "callscout.yaml"
    path.write_text("name: Проба\nneeds:\n  calls_per_month: -5\nvendorz: []\n", encoding="utf-8")
    with language("ru"), pytest.raises(DataError) as caught:
        evalfile.load(path)
    error = caught.value
    assert error.code == "evalfile.problem_s_found" and error.params["count"] == len(error.details) >= 2
    russian, english = error.text("ru"), error.text("en")
    assert russian == str(error)
    assert "строка 4" in russian and "неизвестное поле" in russian
    assert "line 4" in english and "unknown field" in english and "vendorz" in english and str(path) in english
    assert not re.findall(r"[А-Яа-яЁё]+", english.replace("Проба", "")), english


def _requisites_finding() -> Finding:
    """A finding as the site and legal checks write one: a keyed text, values, a list of labels joined, a part
    joined to it (the way ``register_entry`` adds «(в реестре с …)»)."""
    from callscout.i18n import join, msg

    items = join(", ", [msg("requisite_item.full_name"), msg("requisite_item.legal_form")])
    text = msg("web_audit.checks.requisites.requisites_missing_of", n=2, total=9, items=items)
    text = text + msg("legal.checks.register_entry.in_register_since_site_may_be", since="03.10.2025")
    return Finding(check="requisites", status=Status.WARN, code="missing_items", message=text)


def test_a_finding_written_in_one_language_reads_the_same_as_one_written_in_the_other() -> None:
    with language("ru"):
        russian = _requisites_finding()
    with language("en"):
        english = _requisites_finding()
    assert "организационно-правовая форма" in russian.message and "legal form" in english.message
    assert finding_text(russian, language="en") == english.message
    assert finding_text(english, language="ru") == russian.message
    # The same from the JSON the store and the result document keep.
    stored = russian.model_dump(mode="json")
    assert finding_text(stored, language="en") == english.message
    assert finding_text(stored, language="ru") == russian.message


def test_an_older_finding_without_a_catalogue_text_keeps_its_own() -> None:
    """Rows stored before the catalogue (text only), or naming a key a later version dropped, show their text."""
    old = {"check": "news", "code": "stale", "status": "fail", "message": "Последняя новость от 16.05.2022"}
    assert finding_text(old, language="en") == "Последняя новость от 16.05.2022"
    dropped = {**old, "params": {"_text": "web_audit.no_such_text", "n": 3}}
    assert finding_text(dropped, language="en") == "Последняя новость от 16.05.2022"
    wrong_values = {**old, "params": {"_text": "web_audit.checks.requisites.requisites_missing_of", "n": 1}}
    assert finding_text(wrong_values, language="en") == "Последняя новость от 16.05.2022"


def test_a_moved_text_is_formatted_exactly_as_its_inline_pair_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts moved out of the code keep tr()'s formatting: a bare whole number as written (a year, a line), a
    fraction and a spec the reader's way, other values as Python writes them."""
    from callscout.i18n import msg
    from callscout.present import messages

    ru, en = "{a} и {b:.2f}, {year}, {n:,} {name!r} {flag}", "{a} and {b:.2f}, {year}, {n:,} {name!r} {flag}"
    monkeypatch.setitem(messages._catalogue(), "test.moved", (ru, en))
    monkeypatch.setattr(messages, "_INLINE", messages._INLINE | {"test.moved"})
    values = {"a": 55.4, "b": 4.348, "year": 2005, "n": 62026, "name": "x", "flag": True}
    for lang in ("ru", "en"):
        with language(lang):
            assert msg("test.moved", **values) == tr(ru, en, **values)
    with language("ru"):
        assert msg("test.moved", **values) == f"55,4 и 4,35, 2005, 62{NBSP}026 'x' True"
