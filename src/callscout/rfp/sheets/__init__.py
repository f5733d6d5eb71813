"""The sheets of the questionnaire workbook, one module each, found by walking this package (``callscout.registry``).

Every sheet module has the same small API (the python-stdnum shape); a new sheet is a new module and nothing else:

``SHEET``   the sheet's title in the workbook (Russian: the vendor fills it in);
``ORDER``   its place in the workbook;
``write(workbook, request) -> Worksheet``  adds the sheet for one vendor's request (``QuestionnaireRequest``);
``read(rows, problems) -> part``  that sheet's part of a filled questionnaire from its rows (``(line, cells)``
            after the header); a bad cell adds a problem naming the sheet and the cell and is left out, and
            nothing a vendor can type makes it raise.
Column A of every sheet holds the machine codes (hidden); modules starting with ``_`` are shared helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import ModuleType

from callscout.model import Evaluation, Vendor
from callscout.registry import Registry, require

REQUIRED = ("SHEET", "ORDER", "write", "read")


@dataclass(frozen=True)
class QuestionnaireRequest:
    """What one vendor's questionnaire is written for."""

    evaluation: Evaluation
    vendor: Vendor
    sent_at: datetime


def _sheet_of(module: ModuleType) -> list[ModuleType]:
    return [require(module, REQUIRED, "questionnaire sheet")]


# By the module's own name (meta, answers, offers): the key of its part in ``read_questionnaire``.
SHEETS: Registry[ModuleType] = Registry(__name__, _sheet_of, key=lambda module: module.__name__.rsplit(".", 1)[1])


def all_sheets() -> list[ModuleType]:
    """The sheet modules in workbook order."""
    return list(SHEETS.values())
