"""One Russian morphological analyser (pymorphy3) per process, shared by every part that reads Russian words:
the spelling check of the website audit, the topics of call transcripts, the QA script matcher."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def russian_morph() -> Any:
    """pymorphy3's analyser over the Russian dictionary (pymorphy3-dicts-ru), loaded on first use.

    The dictionary's path is given, not looked up: pymorphy3 finds dictionaries by reading the entry points of
    every installed distribution, which took as long as loading the dictionary itself. The variable pymorphy3
    reads for another dictionary (``PYMORPHY2_DICT_PATH``, the name it kept) still chooses one.
    """
    import pymorphy3

    path = os.environ.get(pymorphy3.MorphAnalyzer.DICT_PATH_ENV_VARIABLE)
    if path is None:
        import pymorphy3_dicts_ru

        path = pymorphy3_dicts_ru.get_path()
    return pymorphy3.MorphAnalyzer(path=path, lang="ru")
