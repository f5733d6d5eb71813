from __future__ import annotations

import json
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
    problems = _problems(demo_yaml.replace("percent: 80\n", "percent: 180\n", 1))
    assert problems == [
        f"line {demo_yaml.splitlines().index('    percent: 80') + 1}, needs.service_level.percent: must be <= 100"
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
