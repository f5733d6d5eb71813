"""YAML definition files of quality control (scorecard forms, quizzes, scripts), read by the same
loader as evaluation files: duplicate keys refused, every problem with its path and line."""

from __future__ import annotations

from pathlib import Path

from callscout.evalfile import ModelT, load_model

DEFINITION_SHAPE = (
    "файл должен быть словарём YAML (ключ: значение), как в примере: callscout qa form template",
    "the file must be a YAML mapping (key: value), like the example: callscout qa form template",
)


def load_yaml_model(path: Path, model: type[ModelT]) -> ModelT:
    return load_model(path, model, DEFINITION_SHAPE)
