"""Check 2: the legal entity as the site states it, with its numbers validated.

The entities are read by ``callscout.web_audit.entities``: the site owner (``legal_entity``) chosen
by consistency and explained, the others (``entities``: a director's personal ИНН, a bank, clients,
reviewers, founders) with their roles. A number the page states with a wrong length or check digit is
judged here: «указан с ошибкой», quoting it, which is not the same as «не указан».
"""

from __future__ import annotations

from callscout.i18n import join, msg
from callscout.legal.ids import InvalidNumber, inn, kpp
from callscout.model import Evidence, Finding, Severity, Status
from callscout.web_audit.base import Check, Page, SiteContext, register
from callscout.web_audit.entities import (
    LEGAL_FORMS,
    MAX_TEXT,
    ROLE_BANK,
    ROLE_DIRECTOR,
    ROLE_MENTIONED,
    LegalEntity,
    _ner,
    fill_details,
    ogrn_module,
    ogrn_valid,
    person_in,
    read_entities,
)
from callscout.web_audit.evidence import finding
from callscout.web_audit.extract import emails_in, phones_in, requisite_numbers
from callscout.web_audit.sections import pages_of
from callscout.web_audit.urls import url_host

__all__ = ["LEGAL_FORMS", "LegalEntity", "RequisitesCheck", "_ner", "person_in", "read_legal_entity"]

# Why the owner was chosen, in the reader's words (the facts keep the codes).
WHY_TEXTS: dict[str, tuple[str, str]] = {
    "has_numbers": ("при нём указаны ИНН/ОГРН", "its ИНН/ОГРН are printed with it"),
    "numbers_match_form": (
        "длина номеров согласуется с формой (организация или ИП)",
        "the numbers' lengths agree with the legal form (organisation or entrepreneur)",
    ),
    "checksums_valid": ("контрольные цифры номеров верны", "the numbers' check digits are right"),
    "copyright_line": ("назван в строке ©", "named in the copyright line"),
    "requisites_block": ("стоит в блоке реквизитов", "stands in the requisites block"),
    "policy_operator": ("назван оператором в политике", "named as the operator in the policy"),
    "matches_site_name": ("название совпадает с доменом сайта", "the name matches the site's domain"),
    "matches_whois": ("совпадает с владельцем домена по whois", "matches the domain's registrant in whois"),
    "most_mentioned": ("упоминается чаще других", "mentioned more often than others"),
    "contract_provider": (
        "в договоре или оферте на сайте — исполнитель (агент, продавец)",
        "the provider (agent, seller) in a contract or offer on the site",
    ),
    "only_candidate": ("другого юрлица на сайте нет", "no other entity on the site"),
    "owners_tied": (
        "у нескольких юрлиц равные признаки, и ни одно не связано с сайтом (подвал, ©, страница реквизитов, "
        "домен, whois)",
        "several entities have equal claims and none is tied to the site (footer, ©, requisites page, domain, whois)",
    ),
    "named_only": (
        "юрлицо только названо, без реквизитов и без связи с сайтом (продавец, клиент, партнёр)",
        "an entity is only named, without requisites or a tie to the site (a seller, client, partner)",
    ),
}
ROLE_TEXTS: dict[str, tuple[str, str]] = {
    ROLE_DIRECTOR: ("личный ИНН руководителя", "the director's personal ИНН"),
    ROLE_BANK: ("банк", "bank"),
    ROLE_MENTIONED: ("упомянут (клиент, отзыв, учредитель, партнёр)", "mentioned (client, reviewer, founder, partner)"),
}
NUMBER_LABELS = {"inn": "ИНН", "ogrn": "ОГРН", "kpp": "КПП"}


def read_legal_entity(pages: list[Page], site_host: str = "") -> LegalEntity:
    """The site owner's entity with its addresses, registration and director (the others left out)."""
    owner, _ = read_entities(pages, site_host)
    fill_details(owner, pages)
    return owner


def _malformed_text(entity: LegalEntity) -> str:
    """Another entity's numbers stated with an error, quoted: kept and shown as such, never dropped."""
    wrong = [
        f"{NUMBER_LABELS[kind]} «{getattr(entity, kind)}»"
        for kind in ("inn", "ogrn", "kpp")
        if entity.format_ok.get(kind) is False
    ]
    return msg("web_audit.checks.requisites.stated_with_error", items=", ".join(wrong)) if wrong else ""


def why_text(codes: list[str]) -> str:
    return join("; ", [msg(f"requisite_why.{code}") for code in codes if code in WHY_TEXTS])


def role_text(role: str) -> str:
    return msg(f"requisite_role.{role}") if role in ROLE_TEXTS else role


def _valid(kind: str, value: str) -> bool:
    if kind == "inn":
        return inn.is_valid(value)
    if kind == "kpp":
        return kpp.is_valid(value)
    return ogrn_valid(value)


# The seed article's list of requisites, in its order: (key, Russian, English).
SEED_ITEMS: list[tuple[str, str, str]] = [
    ("full_name", "полное наименование", "full name"),
    ("name", "сокращённое наименование", "short name"),
    ("legal_form", "организационно-правовая форма", "legal form"),
    ("ogrn", "ОГРН / ОГРНИП", "ОГРН / ОГРНИП (primary registration number)"),
    ("registration", "сведения о регистрации (дата, орган)", "registration details (date, authority)"),
    ("legal_address", "юридический адрес", "legal address"),
    ("actual_address", "фактический адрес", "actual address"),
    ("phones", "контактные телефоны", "phone numbers"),
    ("email", "адрес электронной почты", "e-mail address"),
    ("website", "адрес сайта", "website address"),
    ("director", "должность и ФИО руководителя", "director's position and name"),
    ("inn", "ИНН", "ИНН (taxpayer number)"),
    ("kpp", "КПП", "КПП (tax registration reason code)"),
]
# The items by key, in both languages: a label table of the catalogue (present.messages, «requisite_item»).
SEED_ITEM_LABELS: dict[str, tuple[str, str]] = {key: (ru, en) for key, ru, en in SEED_ITEMS}


@register
class RequisitesCheck(Check):
    """The vendor's legal entity: names, legal form, ОГРН/ОГРНИП, ИНН, КПП, addresses and director.

    Why it matters: requisites prove that a real, registered company stands behind the site and tell
    you with whom you would sign. A missing or wrong ОГРН or ИНН is the first sign of a one-day firm.

    How to fix: publish a "Реквизиты" page (and a short version in the footer) with the full and short
    name, ОГРН with the date and authority of registration, ИНН, КПП, legal and actual address and the
    director's position and name; make sure every number passes its checksum.
    """

    code = "requisites"
    order = 70
    title_ru = "Реквизиты юридического лица"
    title_en = "Legal entity requisites"
    criterion = "Реквизиты юридического лица — сведения о предприятии, подтверждающие его легитимность"

    def run(self, site: SiteContext) -> list[Finding]:
        dedicated = pages_of(site, "requisites")
        ordered = dedicated + [page for page in site.ok_pages() if all(page is not other for other in dedicated)]
        ordered = [page for page in ordered if page.text]
        owner, others = read_entities(ordered, url_host(site.root_url), dedicated, whois=site.whois)
        fill_details(owner, ordered)
        site.facts["legal_entity"] = owner.as_fact()
        site.facts["entities"] = [other.as_fact() for other in others]
        findings = [*self._numbers(owner), self._placement(site, dedicated, owner)]
        findings.extend(self._entities(owner, others))
        findings.append(self._seed_list(site, ordered, owner))
        return findings

    def _numbers(self, entity: LegalEntity) -> list[Finding]:
        findings = []
        for attribute, module in (("inn", inn), ("ogrn", None), ("kpp", kpp)):
            value = getattr(entity, attribute)
            if value is None:
                continue
            label = NUMBER_LABELS[attribute]
            checker = module or ogrn_module(value)
            evidence = [entity.sources[attribute]]
            try:
                checker.validate(value)
            except InvalidNumber as error:
                severity = Severity.MEDIUM if attribute == "kpp" else Severity.HIGH
                findings.append(
                    finding(
                        self,
                        Status.FAIL,
                        severity,
                        f"invalid_{attribute}",
                        msg(
                            "web_audit.checks.requisites.is_stated_with_error",
                            label=label,
                            value=value,
                            error=error.message,
                        ),
                        evidence,
                    )
                )
                continue
            message = msg("web_audit.checks.requisites.is_valid", label=label, value=value)
            if attribute == "ogrn":
                info = checker.info(value)
                message += msg(
                    "web_audit.checks.requisites.registered", year=info.year, region=info.region or info.region_code
                )
            findings.append(finding(self, Status.PASS, Severity.INFO, f"valid_{attribute}", message, evidence))
        organisation_inn = entity.inn is not None and len(entity.inn) == 10
        organisation_ogrn = entity.ogrn is not None and len(entity.ogrn) == 13
        if entity.inn and entity.ogrn and organisation_inn != organisation_ogrn:
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.MEDIUM,
                    "inn_ogrn_mismatch",
                    msg("web_audit.checks.requisites.and_belong_to_different_kinds_of"),
                    [entity.sources["inn"], entity.sources["ogrn"]],
                )
            )
        return findings

    def _entities(self, owner: LegalEntity, others: list[LegalEntity]) -> list[Finding]:
        """Whose site it is and why; which other entities the pages name, with their roles."""
        findings = []
        if owner.name or owner.inn or owner.ogrn:
            who = owner.name or msg("web_audit.checks.requisites.unnamed_entity")
            numbers = ", ".join(
                f"{NUMBER_LABELS[key]} {getattr(owner, key)}" for key in ("inn", "ogrn") if getattr(owner, key)
            )
            evidence = [owner.sources[key] for key in ("name", "inn", "ogrn") if key in owner.sources]
            findings.append(
                finding(
                    self,
                    Status.PASS,
                    Severity.INFO,
                    "owner",
                    msg(
                        "web_audit.checks.requisites.site_owner_chosen_because",
                        who=who,
                        numbers=f" ({numbers})" if numbers else "",
                        why=why_text(owner.why) or msg("web_audit.checks.requisites.nothing_else_points_elsewhere_2"),
                    ),
                    evidence,
                )
            )
        elif owner.why and len(others) > 0:
            # Nothing ties any of the entities to the site: say so rather than guess by page order.
            findings.append(
                finding(
                    self,
                    Status.WARN,
                    Severity.LOW,
                    "owner_unclear",
                    msg(
                        "web_audit.checks.requisites.site_s_owner_is_not_determined",
                        why=why_text(owner.why),
                        n=len(others),
                    ),
                    [Evidence(url=other.page or "", value=other.name or other.inn) for other in others[:10]],
                )
            )
        if others:
            evidence = [
                Evidence(
                    url=other.page or "",
                    excerpt=(other.sources.get("inn") or other.sources.get("name") or Evidence(url="")).excerpt,
                    value=f"{other.name or other.inn}: {role_text(other.role)}",
                )
                for other in others[:20]
            ]
            findings.append(
                finding(
                    self,
                    Status.PASS,
                    Severity.INFO,
                    "other_entities",
                    msg(
                        "web_audit.checks.requisites.other_entities_on_site",
                        n=len(others),
                        items="; ".join(
                            f"{other.name or other.inn} — {role_text(other.role)}{_malformed_text(other)}"
                            for other in others[:10]
                        ),
                    ),
                    evidence,
                )
            )
        return findings

    def _placement(self, site: SiteContext, dedicated: list[Page], entity: LegalEntity) -> Finding:
        with_numbers = [page for page in site.ok_pages() if requisite_numbers(page.text[:MAX_TEXT])[0]]
        evidence = [
            Evidence(url=page.url, value=msg("web_audit.checks.requisites.requisites")) for page in with_numbers[:10]
        ]
        if not with_numbers:
            return finding(
                self,
                Status.FAIL,
                Severity.HIGH,
                "no_requisites",
                msg("web_audit.checks.requisites.site_publishes_no_requisites"),
                [Evidence(url=site.root_url, value=len(site.ok_pages()))],
            )
        dedicated_with_numbers = [page for page in dedicated if any(page is other for other in with_numbers)]
        elsewhere = len(with_numbers) - len(dedicated_with_numbers)
        if dedicated_with_numbers:
            return finding(
                self,
                Status.PASS,
                Severity.INFO,
                "requisites_page",
                msg("web_audit.checks.requisites.requisites_on_page_of_their_own", n=elsewhere),
                evidence,
            )
        return finding(
            self,
            Status.WARN,
            Severity.LOW,
            "no_requisites_page",
            msg("web_audit.checks.requisites.no_page_of_requisites_numbers_found", n=len(with_numbers)),
            evidence,
        )

    def _seed_list(self, site: SiteContext, pages: list[Page], entity: LegalEntity) -> Finding:
        present = {
            "full_name": entity.full_name,
            "name": entity.name,
            "legal_form": entity.legal_form,
            "ogrn": entity.ogrn,
            "registration": entity.registration,
            "legal_address": entity.legal_address,
            "actual_address": entity.actual_address,
            "director": entity.director_name,
            "inn": entity.inn,
            "kpp": entity.kpp,
            "website": site.root_url,
            "phones": any(phones_in(page.text[:MAX_TEXT], page.links, limit=1) for page in pages[:20]),
            "email": any(emails_in(page.text[:MAX_TEXT], page.links, limit=1) for page in pages[:20]),
        }
        if entity.legal_form == "ИП":
            present["kpp"] = "—"  # an entrepreneur has no КПП
            present["legal_address"] = present["legal_address"] or present["actual_address"]
        missing = [msg(f"requisite_item.{key}") for key, _, _ in SEED_ITEMS if not present[key]]
        found = [msg(f"requisite_item.{key}") for key, _, _ in SEED_ITEMS if present[key]]
        # Each source says which item it shows, in words: "ИНН", not the field name "inn".
        item_names = {key: msg(f"requisite_item.{key}") for key, _, _ in SEED_ITEMS}
        evidence = [
            Evidence(url=source.url, excerpt=source.excerpt, value=item_names.get(key, key))
            for key, source in entity.sources.items()
        ]
        if not missing:
            return finding(
                self,
                Status.PASS,
                Severity.INFO,
                "complete",
                msg("web_audit.checks.requisites.all_requisites_of_article_s_list", n=len(found)),
                evidence,
            )
        status, severity = (
            (Status.FAIL, Severity.HIGH) if len(missing) > len(SEED_ITEMS) // 2 else (Status.WARN, Severity.MEDIUM)
        )
        return finding(
            self,
            status,
            severity,
            "missing_items",
            msg(
                "web_audit.checks.requisites.requisites_missing_of",
                n=len(missing),
                total=len(SEED_ITEMS),
                items=join(", ", missing),
            ),
            evidence + [Evidence(url=site.root_url, value=item) for item in missing],
        )
