"""Editing an evaluation: the rules the CLI and the web cabinet share.

Every function takes an Evaluation and returns a new, fully validated one, or raises a DataError
whose details name each bad field; the caller decides where it is saved (file, store, or both).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from callscout import evalfile
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.model import Evaluation, Vendor
from callscout.model.common import PERCENT_KEYS


def _validated(data: dict[str, Any], failure: str) -> Evaluation:
    try:
        return Evaluation.model_validate(data)
    except ValidationError as error:
        problems = evalfile.problems_from_validation(error)
        raise DataError(failure, details=[str(problem) for problem in problems]) from None


def find_vendor(evaluation: Evaluation, name: str) -> Vendor:
    vendor = evaluation.vendor(name)
    if vendor is None:
        known = ", ".join(item.name for item in evaluation.vendors) or msg("workspace.none")
        raise DataError(msg("workspace.vendor_not_found_known", name=name, known=known))
    return vendor


def add_vendor(evaluation: Evaluation, fields: dict[str, Any]) -> Evaluation:
    name = str(fields.get("name") or "").strip()
    if name and evaluation.vendor(name) is not None:
        raise DataError(msg("workspace.vendor_already_exists", name=name))
    data = evaluation.model_dump(mode="json")
    data["vendors"].append({key: value for key, value in fields.items() if value not in (None, "", [])})
    return _validated(data, msg("workspace.vendor_not_added"))


def remove_vendor(evaluation: Evaluation, name: str) -> Evaluation:
    vendor = find_vendor(evaluation, name)
    data = evaluation.model_dump(mode="json")
    data["vendors"] = [item for item in data["vendors"] if item["name"] != vendor.name]
    return _validated(data, msg("workspace.vendor_not_removed"))


def rename_vendor(evaluation: Evaluation, name: str, new_name: str) -> Evaluation:
    """The vendor under a new name, and the evaluation's references to it (followers) with it."""
    vendor = find_vendor(evaluation, name)
    new_name = new_name.strip()
    if new_name != vendor.name and evaluation.vendor(new_name) is not None:
        raise DataError(msg("workspace.vendor_already_exists", name=new_name))
    data = evaluation.model_dump(mode="json")
    for item in data["vendors"]:
        if item["name"] == vendor.name:
            item["name"] = new_name
    for follower in (data.get("alerts") or {}).get("followers") or []:
        if follower.get("vendor") == vendor.name:
            follower["vendor"] = new_name
    return _validated(data, msg("workspace.vendor_not_renamed"))


def update_needs(evaluation: Evaluation, changes: dict[str, Any]) -> Evaluation:
    """Apply changes to the needs; keys are field names, nested ones dotted (``service_level.percent``)."""
    data = evaluation.model_dump(mode="json")
    for dotted, value in changes.items():
        target = data["needs"]
        *parents, leaf = dotted.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        if value is None:
            target.pop(leaf, None)
        else:
            target[leaf] = value
        if leaf in PERCENT_KEYS:
            # A form's «%» field (``service_level.percent``) replaces the stored share; the model converts it.
            target.pop(PERCENT_KEYS[leaf], None)
    return _validated(data, msg("workspace.needs_not_saved"))


def new_evaluation(name: str, calls_per_month: int, hotline_task: str = "orders") -> Evaluation:
    return _validated(
        {"name": name, "needs": {"calls_per_month": calls_per_month, "hotline_task": hotline_task}},
        msg("workspace.evaluation_not_created"),
    )
