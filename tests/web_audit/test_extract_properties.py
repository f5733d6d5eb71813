"""Properties of the extraction: any text is safe, any valid labelled number is found, bank numbers never leak."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from callscout.web_audit.checks import requisites
from callscout.web_audit.checks.requisites import RequisitesCheck
from callscout.web_audit.extract import extract_page_facts
from tests.web_audit.sites import html_page, site_of

WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
filler = st.text(alphabet="абвгд ежзий.,;:()-—«»\n", max_size=60)


def joined(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts glued from ``pieces``: the words and characters a pattern under test cares about."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


def words(text: str) -> list[str]:
    return text.split()


@st.composite
def valid_inn(draw: st.DrawFn) -> str:
    body = draw(st.sampled_from(["77", "78", "54", "66"])) + draw(st.text("123456789", min_size=7, max_size=7))
    return body + str(sum(w * int(d) for w, d in zip(WEIGHTS, body, strict=False)) % 11 % 10)


@settings(max_examples=150, deadline=None)
@given(noise, st.sampled_from(["text/html", "text/plain", None, "application/pdf", "text/html; charset=koi8-r"]))
def test_any_bytes_give_well_formed_facts(text: str, content_type: str | None) -> None:
    facts = extract_page_facts("http://x.example/", text.encode("utf-8", "surrogatepass"), content_type)
    assert set(facts) == {"inn", "ogrn", "kpp", "phones", "emails", "privacy_policy"}
    assert all(isinstance(value, list) for key, value in facts.items() if key != "privacy_policy")
    assert isinstance(facts["privacy_policy"], bool)
    assert all(phone["e164"].startswith("+") and phone["type"] for phone in facts["phones"])


@settings(max_examples=150, deadline=None)
@given(valid_inn(), filler, filler, st.sampled_from(["ИНН", "ИНН:", "ИНН №", "инн", "ИНН/КПП"]))
def test_a_labelled_inn_is_found_in_any_surroundings(inn: str, before: str, after: str, label: str) -> None:
    html = f"<p>{before} {label} {inn} {after}</p>"
    facts = extract_page_facts("http://x.example/", html.encode(), "text/html")
    assert facts["inn"] == [inn]
    assert facts["phones"] == []  # a 10-digit ИНН is never a phone


@settings(max_examples=100, deadline=None)
@given(
    st.text("0123456789", min_size=20, max_size=20),
    st.text("0123456789", min_size=9, max_size=9),
    st.sampled_from(["р/с", "Р/с", "р/сч", "расчётный счёт", "к/с", "корр. счёт", "БИК", "ОКПО", "л/с"]),
)
def test_bank_numbers_are_never_inn_kpp_or_phones(account: str, bik: str, label: str) -> None:
    value = bik if label in ("БИК", "ОКПО") else account
    facts = extract_page_facts("http://x.example/", f"<p>{label} {value}</p>".encode(), "text/html")
    assert facts["inn"] == facts["kpp"] == facts["ogrn"] == facts["phones"] == []


def test_natasha_is_loaded_only_for_a_director_name_without_patronymic() -> None:
    requisites._ner.cache_clear()
    RequisitesCheck().run(site_of(html_page("http://x.example/", "<p>ООО «Тест», ИНН 7707083893</p>")))
    assert requisites._ner.cache_info().currsize == 0
    # Surname, name and patronymic are read as written: no model is loaded, no surname is dropped.
    site = site_of(html_page("http://x.example/", "<p>Генеральный директор: Панина Анна Владимировна</p>"))
    RequisitesCheck().run(site)
    assert requisites._ner.cache_info().currsize == 0
    assert site.facts["legal_entity"]["director"] == {
        "name": "Панина Анна Владимировна",
        "position": "Генеральный директор",
    }
    site = site_of(html_page("http://x.example/", "<p>Генеральный директор: Анна Иванова</p>"))
    RequisitesCheck().run(site)
    assert requisites._ner.cache_info().currsize == 1
    assert site.facts["legal_entity"]["director"]["name"] == "Анна Иванова"


date_like = st.lists(
    st.sampled_from(
        [*"0123456789 ./-,\n\t\u00a0_xМм٣", "мая", "Января", "янв", "сент", "May", "september", "2020", "19", " 5 "]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(date_like, noise))
def test_date_candidates_are_exactly_the_patterns_matches(text: str) -> None:
    """The fast scan tries the pattern only where a date can start: it must find what the pattern finds."""
    from callscout.web_audit.dates import DATE_CANDIDATE, date_candidates, has_date_candidate

    expected = [(match.start(), match.group(0)) for match in DATE_CANDIDATE.finditer(text)]
    assert [(match.start(), match.group(0)) for match in date_candidates(text)] == expected
    assert has_date_candidate(text, at_least=2) == (len(expected) >= 2)


contact_like = st.lists(
    st.sampled_from([*"0123456789 \t\u00a0+-()@._%xAz\n", "8 ", "+7 ", "495", "info", "@firm.ru", "почта", ".рф"]),
    max_size=30,
).map("".join)
# The patterns as first written (a look-behind first, scanned slowly); the fast ones must match the same.
_SLOW_PATTERNS = {
    "_LONG_DIGIT_RUN": r"\d{13,}",
    "_NEXT_PHONE": r"(?<=\d)[ \t\u00a0]"
    r"(?=(?:\+7|8)[ \-\u00a0]?\(?\d{3,5}\)?[ \-\u00a0]?\d{1,3}[ \-]?\d{2}[ \-]?\d{2}(?!\d))",
    "_EMAIL": r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9А-Яа-яЁё-]{1,63}\.){1,8}"
    r"[A-Za-zА-Яа-яЁё]{2,24}(?![\w-])",
}


@settings(max_examples=400, deadline=None)
@given(st.one_of(contact_like, noise))
def test_fast_contact_patterns_match_what_the_slow_ones_did(text: str) -> None:
    import re

    from callscout.web_audit import extract

    for name, slow in _SLOW_PATTERNS.items():
        fast = getattr(extract, name)
        expected = [(match.span(), match.group(0)) for match in re.finditer(slow, text)]
        assert [(match.span(), match.group(0)) for match in fast.finditer(text)] == expected, name


def test_lower_casing_means_what_ignorecase_does_for_the_label_scan() -> None:
    """Every character the fast label scan accepts lower-cases to one character that the lower-case pattern
    treats as IGNORECASE treats the original: the same letter, a letter or not, a word character or not."""
    import re

    from callscout.web_audit import extract

    accepted = [chr(code) for code in range(0x110000) if not extract._FOLDS_OTHERWISE.match(chr(code))]
    assert len(accepted) > 1200
    letters = [*"abcdefghijklmnopqrstuvwxyz", *"абвгдеёжзийклмнопрстуфхцчшщъыьэюя"]
    case_blind = {letter: re.compile(letter, re.IGNORECASE) for letter in letters}
    any_letter = re.compile("[А-Яа-яЁёA-Za-z]", re.IGNORECASE)
    for char in accepted:
        lower = char.lower()
        if len(lower) != 1:
            continue  # the scan falls back to the case-blind pattern when the text changes length
        assert bool(any_letter.fullmatch(char)) == bool(re.fullmatch("[а-яёa-z]", lower)), hex(ord(char))
        assert bool(re.fullmatch(r"\w", char)) == bool(re.fullmatch(r"\w", lower)), hex(ord(char))
        assert bool(re.fullmatch(r"\s", char)) == bool(re.fullmatch(r"\s", lower)), hex(ord(char))
        for letter, pattern in case_blind.items():
            assert bool(pattern.fullmatch(char)) == (lower == letter), (hex(ord(char)), letter)


labels_like = joined(
    [
        *" \n/.:№-",
        "ИНН",
        "инн",
        "КПП",
        "ОГРН",
        "ОГРНИП",
        "р/с",
        "Р/С",
        "к/с",
        "расчётный",
        "счёт",
        "Счет",
        "БИК",
        "INN",
        "Kpp",
        "account",
        "корр.",
        "лицевой",
        "Ё",
        "İ",
        "ſ",
        "ı",
        "ᲂ",
        "K",
        "7707083893",
        "ёж",
        "a",
    ],
    25,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(labels_like, noise))
def test_the_label_scan_finds_what_the_case_blind_pattern_finds(text: str) -> None:
    from callscout.web_audit import extract

    expected = [(match.lastgroup, match.span()) for match in extract._LABEL_RE.finditer(text)]
    assert [(match.lastgroup, match.span()) for match in extract._label_matches(text)] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.lists(st.sampled_from([*"[](){}@ aAtTİıſ", "собака", "СОБАКА", "at", "AT", "ᲂ"])).map("".join), noise)
)
def test_the_obfuscation_hint_on_lowered_text_is_the_case_blind_one(text: str) -> None:
    from callscout.web_audit import extract

    lower = extract._lowered_like_ignorecase(text)
    expected = extract._OBFUSCATED_HINT.search(text) is not None
    assert lower is None or (extract._OBFUSCATED_HINT_LOWER.search(lower) is not None) == expected


names_like = joined(
    [
        *" \n\t\u00a0«»\"'.,ОАЗПНФГУМИКOabАБВё",
        *words("ООО OOO АО ЗАО ПАО АНО ДПО ФГУП МУП Ассоциация Ромашка Управляющая компания «Тест» ИНН ОГРН ОРГН КПП"),
    ],
    25,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(names_like, noise))
def test_fast_name_patterns_match_what_the_slow_ones_did(text: str) -> None:
    """The capital-word and company-name scans open with letters (fast); they find what the look-behind-first
    patterns they replace found, with the same groups."""
    import re

    from callscout.web_audit import entities, extract

    slow = {
        extract._CAPITAL_WORD: r"(?<![А-Яа-яЁёA-Za-z])[А-ЯЁA-Z]{3,6}(?![А-Яа-яЁёA-Za-z])",
        entities._SHORT_NAME: rf"(?<![А-ЯЁA-Z])({'|'.join(entities._ORGANISATION_FORMS)}|OOO)"
        r"(\s+[А-ЯЁ]{2,5}|[ \t\u00a0]+[А-ЯЁ][а-яё]{2,}(?:[ \t\u00a0]+[а-яё]{3,}){0,2})?" + entities._NAME_IN_QUOTES,
    }
    for fast, pattern in slow.items():
        expected = [(match.span(), match.groups()) for match in re.finditer(pattern, text)]
        assert [(match.span(), match.groups()) for match in fast.finditer(text)] == expected, fast.pattern[:40]


vague_like = joined(
    [
        *" \n.,-абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        *words("индивидуальный подход высокое высококачественные качества уровня лучшие широкий спектр надёжный"),
        *words("надежн гарантируем сроки динамично развивающаяся команда профессионалов лидер рынка"),
        *words("современные технологии европейского уровня"),
        "в кратчайшие",
    ],
    20,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(vague_like, noise))
def test_a_page_without_the_vague_phrases_letters_has_no_vague_phrase(text: str) -> None:
    """The spelling check skips the vague-phrase scan on a page that holds none of the phrases' required letters:
    whatever the scan finds contains one of them."""
    from callscout.web_audit.checks import text_quality

    lower = text.lower()
    if any(text_quality._VAGUE.finditer(lower)):
        assert any(stem in lower for stem in text_quality._VAGUE_STEMS)
    for phrase in text_quality._VAGUE_PHRASES:
        assert text_quality.required_letters(phrase) in phrase


def test_the_page_text_cache_keeps_a_site_and_is_bounded_by_characters() -> None:
    """Lowered page texts are kept for a whole ordinary site (each check asks for every page), and the cache
    holds at most its character budget, dropping the oldest pages first."""
    from callscout.web_audit.base import PageTextCache

    calls: list[str] = []

    def lower(text: str) -> str:
        calls.append(text)
        return text.lower()

    cache = PageTextCache(lower)
    pages = [f"Страница {number:02d} " * 1000 for number in range(60)]
    for _check in range(3):
        assert [cache(page) for page in pages] == [page.lower() for page in pages]
    assert len(calls) == 60  # each page lowered once, for the three checks
    cache.MAX_CHARS = 5 * 2 * len(pages[0])  # room for five pages
    calls.clear()
    cache.cache_clear()
    for page in pages:
        cache(page)
    assert sum(2 * len(text) for text in cache._entries) <= cache.MAX_CHARS
    assert list(cache._entries) == pages[-5:]
    cache(pages[0])
    assert len(calls) == 61  # dropped, so computed again
