"""The criteria catalogue as data: every row of ``criteria.yaml`` names a function that exists, every public
function of ``scoring.extractors`` and ``scoring.scales`` is named by a row, and a bad row is an error that
names the row and the field."""

from __future__ import annotations

import inspect
from importlib import resources
from types import ModuleType

import pytest
import yaml

from callscout.scoring import extractors, scales
from callscout.scoring.criteria import CATALOGUE_FILE, GROUPS, catalogue, load_catalogue


def _rows() -> list[dict]:
    text = resources.files("callscout.scoring").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _public_functions(module: ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_row_names_an_existing_extractor_and_every_extractor_is_used() -> None:
    rows = _rows()
    named = {row["extract"] for row in rows}
    # The needs tests are named by the rows that apply only when the buyer needs something.
    needs_tests = {row["args"]["needed"] for row in rows if "needed" in row.get("args", {})}
    available = _public_functions(extractors)
    assert named <= available, f"rows name missing extractors: {sorted(named - available)}"
    assert needs_tests <= available
    assert available == named | needs_tests, f"extractors no row uses: {sorted(available - named - needs_tests)}"


def test_every_scale_function_exists_and_is_used() -> None:
    named = {row["scale"] for row in _rows() if isinstance(row.get("scale"), str)}
    assert named == _public_functions(scales)


def test_the_catalogue_loads_with_both_languages_and_known_groups() -> None:
    criteria = catalogue()
    assert len(criteria) == len(_rows()) >= 40
    assert {item.group for item in criteria} == set(GROUPS)
    for item in criteria:
        assert item.name_ru and item.name_en and item.question_ru and item.question_en, item.id
        assert any(getattr(item.extract, "how", ("", ""))), f"{item.id}: no sentence on how it is computed"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"extract": "no_such_extractor"}, ["site_privacy_policy", "no_such_extractor"]),
        ({"group": "astrology"}, ["site_privacy_policy", "astrology"]),
        ({"question": {"ru": "Вопрос?"}}, ["site_privacy_policy", "question.en"]),
        ({"scale": "no_such_scale"}, ["site_privacy_policy", "no_such_scale"]),
        ({"direction": "sideways"}, ["site_privacy_policy", "direction"]),
        ({"args": {"wrong": 1}}, ["site_privacy_policy", "wrong"]),
        ({"colour": "red"}, ["site_privacy_policy", "colour"]),
    ],
)
def test_a_bad_row_names_the_row_and_the_field(change: dict, words: list[str]) -> None:
    rows = _rows()
    rows[0] = {**rows[0], **change}
    with pytest.raises(ValueError) as caught:
        load_catalogue(yaml.safe_dump(rows, allow_unicode=True))
    for word in words:
        assert word in str(caught.value)


def test_a_row_listed_twice_is_an_error() -> None:
    rows = _rows()
    with pytest.raises(ValueError, match="listed twice: site_privacy_policy"):
        load_catalogue(yaml.safe_dump([rows[0], *rows], allow_unicode=True))


@pytest.mark.parametrize("junk", ["", "just text", "- 1\n- 2\n", "{a: 1}", "- {id: x}\n"])
def test_junk_instead_of_a_catalogue_is_a_clear_error(junk: str) -> None:
    with pytest.raises(ValueError, match=CATALOGUE_FILE):
        load_catalogue(junk)
