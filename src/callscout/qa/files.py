"""YAML definition files of quality control (scorecard forms, quizzes, scripts), with the same
errors as evaluation files: duplicate keys refused, every problem with its path and line."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from callscout.errors import DataError
from callscout.evalfile import MAX_FILE_BYTES, Problem, _UniqueKeyLoader, problems_from_validation
from callscout.i18n import tr

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_yaml_model(path: Path, model: type[ModelT]) -> ModelT:
    path = Path(path)
    if not path.is_file():
        raise DataError(tr("файл {path} не найден", "file {path} not found", path=path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DataError(tr("{path}: файл больше 5 МБ", "{path}: larger than 5 MB", path=path))
    try:
        loader = _UniqueKeyLoader(path.read_text(encoding="utf-8"))
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except UnicodeDecodeError as error:
        raise DataError(
            tr(
                "{path}: файл не в кодировке UTF-8 (байт {pos})",
                "{path}: not UTF-8 (byte {pos})",
                path=path,
                pos=error.start,
            )
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = Problem(
            "",
            tr("ошибка синтаксиса YAML: {reason}", "YAML syntax error: {reason}", reason=error.problem or error),
            mark.line + 1 if mark else None,
        )
        raise DataError(
            tr("{path}: ошибка в файле", "{path}: the file has an error", path=path), details=[str(problem)]
        ) from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, root)
        raise DataError(
            tr("{path}: найдено проблем: {count}", "{path}: {count} problem(s) found", path=path, count=len(problems)),
            details=[str(problem) for problem in problems],
        ) from None
