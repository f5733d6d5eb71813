from __future__ import annotations

import json
import warnings
from pathlib import Path

import jsonschema
import pytest
import yaml

from callscout import evalfile
from callscout.errors import DataError
from callscout.i18n import set_language


def test_demo_round_trip(demo_yaml: str, tmp_path: Path) -> None:
    evaluation, problems = evalfile.parse_text(demo_yaml)
    assert problems == []
    assert evaluation is not None and len(evaluation.vendors) == 6
    path = tmp_path / "copy.yaml"
    evalfile.save(evaluation, path)
    assert evalfile.load(path) == evaluation


def test_json_schema_accepts_the_demo_and_rejects_junk(demo_yaml: str) -> None:
    schema = evalfile.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    # YAML reads timestamps as datetimes; the schema describes their JSON (ISO string) form.
    data = json.loads(json.dumps(yaml.safe_load(demo_yaml), default=lambda value: value.isoformat()))
    jsonschema.validate(data, schema)
    data["vendors"][0]["offers"][0]["charges"][0]["rate"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def _problems(text: str) -> list[str]:
    evaluation, problems = evalfile.parse_text(text)
    assert evaluation is None
    return [str(problem) for problem in problems]


def test_errors_name_path_line_in_russian(demo_yaml: str) -> None:
    bad = demo_yaml.replace("rate: 21\n", "rate: -21\n").replace("calls_per_month: 9000", "calls_per_month: много")
    bad = bad.replace("hotline_task: orders", "hotline_task: orders\n  colour: red")
    problems = _problems(bad)
    line_of_rate = bad.splitlines().index("            rate: -21") + 1
    assert f"строка {line_of_rate}, vendors[0].offers[0].charges[0].rate: должно быть > 0" in problems
    assert any("needs.calls_per_month: нужно целое число" in p for p in problems)
    assert any("needs.colour: неизвестное поле" in p for p in problems)
    assert len(problems) == 3


def test_errors_in_english_when_asked(demo_yaml: str) -> None:
    set_language("en")
    problems = _problems(demo_yaml.replace("share: 0.8\n", "share: 180\n", 1))
    assert problems == [
        f"line {demo_yaml.splitlines().index('    share: 0.8') + 1}, needs.service_level.share: must be <= 1"
    ]


def test_syntax_error_has_line() -> None:
    problems = _problems("name: x\nneeds:\n  calls_per_month: [1,\n")
    assert problems[0].startswith("строка ")
    assert "ошибка синтаксиса YAML" in problems[0]


def test_duplicate_keys_are_refused() -> None:
    problems = _problems("name: x\nname: y\nneeds: {calls_per_month: 5}\n")
    assert "строка 2" in problems[0] and "повторяется" in problems[0]


def test_unknown_payment_model_and_wrong_types() -> None:
    text = """
name: x
needs: {calls_per_month: 100, needs_8800: maybe}
vendors:
  - name: A
    offers:
      - name: o
        charges:
          - {model: barter, rate: 5}
"""
    problems = _problems(text)
    assert any("needs.needs_8800: нужно да/нет" in p for p in problems)
    assert any("vendors[0].offers[0].charges[0]: неизвестная модель оплаты" in p for p in problems)


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "42", "just text"])
def test_not_a_mapping(text: str) -> None:
    assert "файл должен описывать оценку" in _problems(text)[0]


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="не найден"):
        evalfile.load(tmp_path / "missing.yaml")
    binary = tmp_path / "cp1251.yaml"
    binary.write_bytes("name: Тест".encode("cp1251"))
    with pytest.raises(DataError, match="UTF-8"):
        evalfile.load(binary)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nneeds: {calls_per_month: -5}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        evalfile.load(bad)
    assert str(bad) in caught.value.message
    assert caught.value.details == ["строка 2, needs.calls_per_month: должно быть > 0"]


def test_save_is_atomic_and_keeps_unicode(demo_yaml: str, tmp_path: Path) -> None:
    evaluation, _ = evalfile.parse_text(demo_yaml)
    path = tmp_path / "e.yaml"
    evalfile.save(evaluation, path)
    assert "ГолосПро" in path.read_text(encoding="utf-8")
    assert not (tmp_path / "e.yaml.tmp").exists()


OLDER_PERCENTS = """\
name: Магазин
needs:
  calls_per_month: 3000
  service_level:
    percent: 85
    seconds: 20
  max_abandon_rate: 5
vendors:
  - name: Альфа
    offers:
      - name: Процент
        charges:
          - {model: percent_of_sales, percent: 4.5}
    sla: {service_level_percent: 90, max_abandon_rate: 0.03}
"""


def test_ratios_are_shares_and_percents_are_read_with_a_warning_naming_the_field(tmp_path: Path) -> None:
    """The file's one convention is a share of 1; a file written in percents (older files' `percent:` fields,
    or 5 where 0.05 was meant) loads with the same values and one Russian warning per field, with its line."""
    path = tmp_path / "callscout.yaml"
    path.write_text(OLDER_PERCENTS, encoding="utf-8")
    with pytest.warns(evalfile.EvaluationFileWarning) as caught:
        evaluation = evalfile.load(path)
    messages = [str(warning.message) for warning in caught]
    assert messages == [
        f"{path}: строка 5, needs.service_level.percent: проценты (85) прочитаны как доля share: 0.85; "
        "в файле оценки доли пишутся долей единицы — замените на «share: 0.85»",
        f"{path}: строка 7, needs.max_abandon_rate: 5 больше 1 — прочитано как 5 % (доля 0.05); "
        "в файле оценки доли пишутся долей единицы: 0.05",
        f"{path}: строка 13, vendors[0].offers[0].charges[0].percent: проценты (4,5) прочитаны как доля "
        "share: 0.045; в файле оценки доли пишутся долей единицы — замените на «share: 0.045»",
        f"{path}: строка 14, vendors[0].sla.service_level_percent: проценты (90) прочитаны как доля "
        "service_level_share: 0.9; в файле оценки доли пишутся долей единицы — замените на «service_level_share: 0.9»",
    ]
    assert evaluation.needs.service_level.share == 0.85 and evaluation.needs.max_abandon_rate == 0.05
    vendor = evaluation.vendors[0]
    assert vendor.offers[0].charges[0].share == 0.045 and vendor.offers[0].charges[0].percent == 4.5
    assert vendor.sla is not None and vendor.sla.service_level_share == 0.9 and vendor.sla.max_abandon_rate == 0.03

    # Written back in the convention: the same evaluation, and no warning when read again.
    (tmp_path / "new.yaml").write_text(evalfile.dump(evaluation), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert evalfile.load(tmp_path / "new.yaml") == evaluation


def test_a_ratio_given_both_ways_is_refused() -> None:
    text = "name: x\nneeds:\n  calls_per_month: 10\n  service_level: {share: 0.8, percent: 80}\n"
    with pytest.warns(evalfile.EvaluationFileWarning, match="service_level.percent"):
        problems = _problems(text)
    assert problems == [
        "строка 4, needs.service_level: неверное значение: укажите что-то одно: share (доля, 0.05) "
        "или percent (проценты, 5)"
    ]


def test_schema_describes_every_field_in_russian_first() -> None:
    """Editors (VS Code's YAML extension, JetBrains) show these descriptions while the user types the file:
    Russian first, the model's English after « / »; every key of the Russian table names a real field."""
    import re

    schema = evalfile.json_schema()
    nodes = {"Evaluation": schema, **schema["$defs"]}
    cyrillic_first = re.compile(r"^[«(]?[А-ЯЁа-яё]")
    undescribed = []
    for name, node in nodes.items():
        places = [(name, node), *((f"{name}.{field}", spec) for field, spec in node.get("properties", {}).items())]
        for place, spec in places:
            if not cyrillic_first.match(spec.get("description", "")):
                undescribed.append(place)
    assert undescribed == []
    assert schema["$defs"]["SlaTerms"]["properties"]["max_abandon_rate"]["description"].startswith(
        "Допустимая доля потерянных (0.05 — это 5 %)"
    )
    assert schema["$defs"]["Offer"]["properties"]["toll_free_per_minute"]["description"] == (
        "Линия 8-800, ₽ за минуту. / 8-800 line cost per minute"
    )
    known = set(nodes) | {f"{name}.{field}" for name, node in nodes.items() for field in node.get("properties", {})}
    assert set(evalfile._russian_descriptions()) <= known
