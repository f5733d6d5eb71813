"""The seed article's list of requisites: present on the site, confirmed by the register where it can be."""

from __future__ import annotations

import re
from typing import Any

from callscout.i18n import join, msg
from callscout.legal.checks import LegalCheck, LegalContext
from callscout.legal.checks._common import (
    legal_finding,
)
from callscout.legal.claims import VendorFacts
from callscout.legal.matching import address_overlap, names_match, persons_match
from callscout.legal.registry import RegistryRecord
from callscout.model import Evidence, Finding, Severity, Status

# The seed article's list of requisites, in its order: (key, Russian, English).
REQUISITES_CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("full_name", "полное наименование", "full name"),
    ("short_name", "сокращённое наименование", "short name"),
    ("legal_form", "организационно-правовая форма", "legal form"),
    ("registration", "сведения о государственной регистрации (ОГРН)", "state registration (ОГРН)"),
    ("legal_address", "юридический адрес", "legal address"),
    ("actual_address", "фактический адрес", "actual address"),
    ("phones", "контактные телефоны", "phone numbers"),
    ("landline", "стационарный телефон", "a landline number"),
    ("email", "адрес электронной почты", "e-mail address"),
    ("website", "адрес сайта", "website address"),
    ("director", "должность, фамилия и инициалы руководителя", "director's position and name"),
)
# The items by key in both languages: a label table of the catalogue (present.messages, «legal_requisite»).
REQUISITE_LABELS: dict[str, tuple[str, str]] = {key: (ru, en) for key, ru, en in REQUISITES_CHECKLIST}


def requisites_checklist(facts: VendorFacts, record: RegistryRecord | None) -> list[dict[str, Any]]:
    """Each item of the article's list: present on the site, and confirmed by the register where it can be."""
    site = facts.site
    entity = site.legal_entity
    director = entity.get("director") if isinstance(entity.get("director"), dict) else {}
    landline = any(phone.get("type") in ("landline", "fixed_line") for phone in site.phones)
    present = {
        "full_name": bool(entity.get("full_name")),
        "short_name": bool(entity.get("name")),
        "legal_form": bool(entity.get("legal_form")),
        "registration": bool(entity.get("ogrn")),
        "legal_address": bool(entity.get("legal_address")),
        "actual_address": bool(entity.get("actual_address")),
        "phones": bool(site.phones),
        "landline": landline,
        "email": bool(site.emails),
        "website": bool(site.url or facts.website),
        "director": bool(director.get("name")) and bool(director.get("position")),
    }
    confirmed: dict[str, bool | None] = {}
    if record is not None:
        if present["full_name"] or present["short_name"]:
            confirmed["full_name"] = confirmed["short_name"] = names_match(
                [entity.get("name"), entity.get("full_name")],
                [record.short_name_with_form, record.full_name_with_form, record.short_name, record.full_name],
            )[0]
        if present["registration"] and record.ogrn:
            confirmed["registration"] = re.sub(r"\D", "", str(entity.get("ogrn"))) == record.ogrn
        if present["legal_address"]:
            overlap = address_overlap(entity.get("legal_address"), record.address)
            confirmed["legal_address"] = None if overlap is None else overlap >= 0.75
        if director.get("name") and record.director:
            confirmed["director"] = persons_match(director["name"], record.director.name)
    return [
        {
            "item": key,
            "label": msg(f"legal_requisite.{key}"),
            "present": present[key] if site.audited or key == "website" else None,
            "confirmed": confirmed.get(key),
        }
        for key, _, _ in REQUISITES_CHECKLIST
    ]


def checklist_finding(facts: VendorFacts, checklist: list[dict[str, Any]]) -> Finding:
    if not facts.site.audited:
        return legal_finding(
            "requisites_checklist",
            Status.UNKNOWN,
            Severity.LOW,
            msg("legal.checks.requisites.site_was_not_audited_its_requisites"),
        )
    missing = [item for item in checklist if item["present"] is False]
    evidence = [Evidence(url=facts.site.url, excerpt=item["label"], value=False) for item in missing]
    if not missing:
        return legal_finding(
            "requisites_checklist",
            Status.PASS,
            Severity.INFO,
            msg("legal.checks.requisites.site_has_every_requisite_of_article"),
        )
    return legal_finding(
        "requisites_checklist",
        Status.WARN,
        Severity.MEDIUM if len(missing) >= 3 else Severity.LOW,
        msg("legal.checks.requisites.missing_on_site", items=join(", ", [item["label"] for item in missing])),
        *evidence,
    )


class RequisitesCheck(LegalCheck):
    """Each requisite of the seed article's list: on the site, and confirmed by the register where it can be.

    Why it matters: a vendor that hides its requisites hides who the buyer contracts with.
    How to fix: ask the vendor to publish the full list on its site.
    """

    code = "requisites"
    title_ru = "Реквизиты на сайте"
    title_en = "Requisites on the site"
    order = 90

    def run(self, context: LegalContext) -> list[Finding]:
        checklist = requisites_checklist(context.facts, context.record)
        context.checklist = checklist
        return [checklist_finding(context.facts, checklist)]
