"""Cross-checks of what a vendor claims against the register and the domain's whois record.

A site can print any requisites; the register and the domain registry cannot be edited by the
vendor. Each check below is a ``Finding`` with the evidence on both sides, and the vendor gets one
summary: ``verified`` (the register confirms an active entity and nothing contradicts it),
``doubtful`` (something does not add up), ``failed`` (a serious contradiction or risk) or
``unknown`` (nothing could be checked, e.g. no ИНН and no registry key).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from callscout.i18n import format_datetime, format_number, tr
from callscout.legal.claims import ExperienceClaim, SiteClaims, VendorFacts, fractional_year
from callscout.legal.ids import inn as inn_number
from callscout.legal.ids import ogrn as ogrn_number
from callscout.legal.ids import ogrnip as ogrnip_number
from callscout.legal.ids.errors import InvalidNumber
from callscout.legal.matching import address_overlap, names_match, normalize_name, persons_match
from callscout.legal.phone_regions import landline_region, regions_near
from callscout.legal.registry import CALL_CENTER_OKVED, RegistryLookup, RegistryRecord
from callscout.legal.whois import WhoisLookup, display_domain
from callscout.model import Evidence, Finding, Severity, Status

CHECK = "legal"
# The tax service's own search of the register, where anyone can confirm a finding by the ИНН.
EGRUL_URL = "https://egrul.nalog.ru/"


@dataclass(frozen=True)
class LegalThresholds:
    """Ages in years: below ``fail_below_years`` fails, below ``warn_below_years`` warns."""

    fail_below_years: float = 2.0
    warn_below_years: float = 5.0
    experience_tolerance_years: float = 1.0
    large_contract_rub_month: float = 150_000.0


# --- the checks ------------------------------------------------------------------------------------------


def _finding(code: str, status: Status, severity: Severity, message: str, *evidence: Evidence) -> Finding:
    return Finding(check=CHECK, code=code, status=status, severity=severity, message=message, evidence=list(evidence))


def _registry_evidence(record: RegistryRecord, value: Any) -> Evidence:
    return Evidence(
        url=EGRUL_URL,
        excerpt=tr(
            "реестр ({source}), ИНН {inn}",
            "register ({source}), ИНН {inn}",
            source=record.source,
            inn=record.inn or "?",
        ),
        value=None if value is None else str(value),
    )


def _site_evidence(site: SiteClaims, value: Any, what: str) -> Evidence:
    return Evidence(url=site.url, excerpt=what, value=None if value is None else str(value))


def _validate_number(number: str) -> tuple[str | None, str | None]:
    """(compact valid number, None) or (None, the user-facing reason it is invalid)."""
    digits = re.sub(r"\D", "", number or "")
    module = {10: inn_number, 12: inn_number, 13: ogrn_number, 15: ogrnip_number}.get(len(digits), inn_number)
    try:
        return module.validate(number), None
    except InvalidNumber as error:
        return None, str(error)


def check_identifiers(facts: VendorFacts) -> tuple[list[Finding], str | None]:
    """Validity of the stated ИНН/ОГРН; returns the ИНН to look up in the register."""
    findings: list[Finding] = []
    site = facts.site
    valid_inns: dict[str, str] = {}
    for source, number, label in (
        ("evaluation", facts.inn, tr("ИНН в файле оценки", "ИНН in the evaluation file")),
        ("site", site.entity("inn"), tr("ИНН на сайте", "ИНН on the site")),
    ):
        if not number:
            continue
        valid, reason = _validate_number(str(number))
        if valid is None:
            findings.append(
                _finding(
                    "inn_invalid",
                    Status.FAIL,
                    Severity.HIGH,
                    tr("{label} недействителен: {reason}", "{label} is invalid: {reason}", label=label, reason=reason),
                    Evidence(url=site.url if source == "site" else None, excerpt=label, value=str(number)),
                )
            )
        else:
            valid_inns[source] = valid
    ogrn = site.entity("ogrn")
    if ogrn:
        valid, reason = _validate_number(str(ogrn))
        if valid is None:
            findings.append(
                _finding(
                    "ogrn_invalid",
                    Status.FAIL,
                    Severity.HIGH,
                    tr(
                        "ОГРН недействителен: {reason}",
                        "the ОГРН is invalid: {reason}",
                        reason=reason,
                    ),
                    _site_evidence(site, ogrn, "ОГРН"),
                )
            )
    stated, shown = valid_inns.get("evaluation"), valid_inns.get("site")
    if stated and shown and stated != shown:
        findings.append(
            _finding(
                "inn_differs",
                Status.WARN,
                Severity.MEDIUM,
                tr(
                    "ИНН на сайте ({site}) не совпадает с ИНН, который назвал вендор ({stated})",
                    "the ИНН on the site ({site}) differs from the one the vendor gave ({stated})",
                    site=shown,
                    stated=stated,
                ),
                _site_evidence(site, shown, tr("ИНН на сайте", "ИНН on the site")),
                Evidence(excerpt=tr("ИНН в файле оценки", "ИНН in the evaluation file"), value=stated),
            )
        )
    if not valid_inns and not findings and not _validate_number(str(ogrn or ""))[0]:
        findings.append(
            _finding(
                "inn_missing",
                Status.UNKNOWN,
                Severity.MEDIUM,
                tr(
                    "ИНН неизвестен: ни вендор, ни сайт его не назвали — реестр не проверен",
                    "no ИНН: neither the vendor nor the site gave one — the register was not checked",
                ),
            )
        )
    return findings, stated or shown


def check_registry(facts: VendorFacts, lookup: RegistryLookup | None) -> list[Finding]:
    site = facts.site
    if lookup is None:
        return []
    if lookup.status == "unknown":
        return [
            _finding(
                "registry_unknown",
                Status.UNKNOWN,
                Severity.MEDIUM,
                tr("реестр не проверен: {reason}", "register not checked: {reason}", reason=lookup.reason or "?"),
                Evidence(excerpt=lookup.source, value=lookup.query),
            )
        ]
    if lookup.status == "not_found" or lookup.record is None:
        return [
            _finding(
                "not_in_registry",
                Status.FAIL,
                Severity.HIGH,
                tr(
                    "организации с ИНН {inn} нет в реестре",
                    "no entity with ИНН {inn} in the register",
                    inn=lookup.query,
                ),
                Evidence(url=EGRUL_URL, excerpt=lookup.source, value=lookup.query),
            )
        ]
    record = lookup.record
    findings = [_status_finding(record)]
    site_ogrn = site.entity("ogrn")
    # An invalid ОГРН is already a finding of its own; only a valid one is compared with the register.
    if site_ogrn and record.ogrn and _validate_number(str(site_ogrn))[0] not in (None, record.ogrn):
        findings.append(
            _finding(
                "ogrn_mismatch",
                Status.FAIL,
                Severity.HIGH,
                tr(
                    "указанный ОГРН ({site}) не совпадает с реестром ({registry})",
                    "the stated ОГРН ({site}) differs from the register ({registry})",
                    site=site_ogrn,
                    registry=record.ogrn,
                ),
                _site_evidence(site, site_ogrn, "ОГРН"),
                _registry_evidence(record, record.ogrn),
            )
        )
    findings.extend(_name_findings(site, record))
    findings.extend(_director_findings(site, record))
    findings.extend(_address_findings(site, record))
    findings.append(_activity_finding(record))
    return findings


def _status_finding(record: RegistryRecord) -> Finding:
    evidence = _registry_evidence(record, record.status_text())
    if record.is_active:
        return _finding(
            "entity_status",
            Status.PASS,
            Severity.INFO,
            tr("организация действующая", "the entity is active"),
            evidence,
        )
    serious = record.status in ("LIQUIDATING", "LIQUIDATED", "BANKRUPT")
    return _finding(
        "entity_status",
        Status.FAIL if serious else Status.WARN,
        Severity.CRITICAL if serious else Severity.MEDIUM,
        tr(
            "статус организации в реестре: {status}",
            "the entity's status in the register: {status}",
            status=record.status_label(),
        ),
        evidence,
    )


def _name_findings(site: SiteClaims, record: RegistryRecord) -> list[Finding]:
    site_names = [site.entity("name"), site.entity("full_name")]
    if not any(site_names):
        return []
    registry_names = [
        record.short_name_with_form,
        record.full_name_with_form,
        record.short_name,
        record.full_name,
    ]
    matched, similarity = names_match(site_names, registry_names)
    # The form the site states: its own field first, else the one written inside the name.
    site_form = next(
        (form for text in (site.entity("legal_form"), *site_names) if (form := normalize_name(text)[0])), None
    )
    registry_form = normalize_name(record.legal_form or record.legal_form_full or "")[0]
    evidence = [
        _site_evidence(
            site, site.entity("name") or site.entity("full_name"), tr("название на сайте", "name on the site")
        ),
        _registry_evidence(record, record.short_name_with_form or record.full_name_with_form),
    ]
    if not matched:
        return [
            _finding(
                "name_mismatch",
                Status.WARN,
                Severity.MEDIUM,
                tr(
                    "название на сайте не совпадает с реестром (сходство {similarity:.0%})",
                    "the name on the site differs from the register (similarity {similarity:.0%})",
                    similarity=similarity,
                ),
                *evidence,
            )
        ]
    if site_form and registry_form and site_form != registry_form:
        return [
            _finding(
                "legal_form_mismatch",
                Status.WARN,
                Severity.MEDIUM,
                tr(
                    "форма на сайте ({site}) не совпадает с реестром ({registry})",
                    "the legal form on the site ({site}) differs from the register ({registry})",
                    site=site_form.upper(),
                    registry=registry_form.upper(),
                ),
                *evidence,
            )
        ]
    return [
        _finding(
            "name_match",
            Status.PASS,
            Severity.INFO,
            tr("название совпадает с реестром", "the name matches the register"),
            *evidence,
        )
    ]


def _director_findings(site: SiteClaims, record: RegistryRecord) -> list[Finding]:
    director = site.legal_entity.get("director")
    site_name = director.get("name") if isinstance(director, dict) else None
    if not site_name or record.director is None:
        return []
    evidence = [
        _site_evidence(
            site,
            f"{director.get('position') or ''} {site_name}".strip(),
            tr("руководитель на сайте", "director on the site"),
        ),
        _registry_evidence(record, f"{record.director.post or ''} {record.director.name}".strip()),
    ]
    if persons_match(site_name, record.director.name):
        return [
            _finding(
                "director_match",
                Status.PASS,
                Severity.INFO,
                tr("руководитель совпадает с реестром", "the director matches the register"),
                *evidence,
            )
        ]
    since = record.director.since
    recent = tr(
        " (в реестре с {since}; сайт мог не обновиться)",
        " (in the register since {since}; the site may be out of date)",
        since=format_datetime(since) if since else "?",
    )
    return [
        _finding(
            "director_mismatch",
            Status.WARN,
            Severity.MEDIUM,
            tr(
                "руководитель на сайте ({site}) не тот, что в реестре ({registry})",
                "the director on the site ({site}) is not the one in the register ({registry})",
                site=site_name,
                registry=record.director.name,
            )
            + (recent if since else ""),
            *evidence,
        )
    ]


def _address_findings(site: SiteClaims, record: RegistryRecord) -> list[Finding]:
    site_address = site.entity("legal_address")
    overlap = address_overlap(site_address, record.address)
    if overlap is None:
        return []
    evidence = [
        _site_evidence(site, site_address, tr("юридический адрес на сайте", "legal address on the site")),
        _registry_evidence(record, record.address),
    ]
    if overlap >= 0.75:
        return [
            _finding(
                "address_match",
                Status.PASS,
                Severity.INFO,
                tr("юридический адрес совпадает с реестром", "the legal address matches the register"),
                *evidence,
            )
        ]
    return [
        _finding(
            "address_mismatch",
            Status.WARN,
            Severity.MEDIUM if overlap < 0.5 else Severity.LOW,
            tr(
                "юридический адрес на сайте расходится с реестром (совпадает {share:.0%})",
                "the legal address on the site differs from the register ({share:.0%} in common)",
                share=overlap,
            ),
            *evidence,
        )
    ]


_RELATED_ACTIVITIES = ("82.", "73.", "61.", "62.", "63.", "70.22", "78.")


def _activity_finding(record: RegistryRecord) -> Finding:
    code = record.okved
    evidence = _registry_evidence(record, f"{code} {record.okved_name or ''}".strip() if code else None)
    if code is None:
        return _finding(
            "main_activity",
            Status.UNKNOWN,
            Severity.LOW,
            tr("основной ОКВЭД неизвестен", "main ОКВЭД unknown"),
            evidence,
        )
    if code == CALL_CENTER_OKVED:
        return _finding(
            "main_activity",
            Status.PASS,
            Severity.INFO,
            tr("основной вид деятельности — 82.20, колл-центры", "main activity is 82.20, call centers"),
            evidence,
        )
    if CALL_CENTER_OKVED in record.okveds:
        return _finding(
            "main_activity",
            Status.PASS,
            Severity.LOW,
            tr(
                "82.20 (колл-центры) — дополнительный вид деятельности, основной {code}",
                "82.20 (call centers) is an additional activity; the main one is {code}",
                code=code,
            ),
            evidence,
        )
    related = code.startswith(_RELATED_ACTIVITIES)
    return _finding(
        "main_activity",
        Status.WARN,
        Severity.LOW if related else Severity.MEDIUM,
        tr(
            "основной вид деятельности {code} — не колл-центр (82.20)",
            "main activity {code} is not a call center's (82.20)",
            code=code,
        ),
        evidence,
    )


def check_age(
    what: str, created: date | None, today: date, thresholds: LegalThresholds, evidence: Evidence
) -> Finding | None:
    """Young company (``what="company"``) or young domain (``"domain"``) by the thresholds."""
    if created is None:
        return None
    years = round(max((today - created).days, 0) / 365.25, 2)  # the same rounding as the JSON age
    if what == "company":
        message = tr(
            "возраст организации {years} г. (зарегистрирована {created})",
            "the company is {years} years old (registered {created})",
            years=format_number(years, 1),
            created=format_datetime(created),
        )
    else:
        message = tr(
            "возраст домена {years} г. (создан {created})",
            "the domain is {years} years old (created {created})",
            years=format_number(years, 1),
            created=format_datetime(created),
        )
    if years < thresholds.fail_below_years:
        status, severity = Status.FAIL, Severity.HIGH
    elif years < thresholds.warn_below_years:
        status, severity = Status.WARN, Severity.MEDIUM
    else:
        status, severity = Status.PASS, Severity.INFO
    return _finding(f"{what}_age", status, severity, message, evidence)


def check_experience(
    claims: Sequence[ExperienceClaim],
    registered: date | None,
    domain_created: date | None,
    today: date,
    thresholds: LegalThresholds,
) -> list[Finding]:
    """A claim of more experience than the register and the domain allow is contradicted."""
    findings = []
    sources = [(label, day) for label, day in (("registry", registered), ("domain", domain_created)) if day]
    if not sources:
        return []
    for claim in claims:
        start = claim.latest_start(today)
        contradicted = [
            (label, day)
            for label, day in sources
            if start < fractional_year(day) - thresholds.experience_tolerance_years
        ]
        if not contradicted:
            continue
        evidence = [Evidence(url=claim.url, excerpt=claim.text, value=claim.since_year or claim.years)]
        for label, day in contradicted:
            evidence.append(
                Evidence(
                    excerpt=tr("дата регистрации", "registration date")
                    if label == "registry"
                    else tr("домен создан", "domain created"),
                    value=day.isoformat(),
                )
            )
        everything = len(contradicted) == len(sources)
        findings.append(
            _finding(
                "experience_contradicted",
                Status.FAIL if everything else Status.WARN,
                Severity.HIGH if everything else Severity.MEDIUM,
                tr(
                    "на сайте «{claim}», но {facts}",
                    "the site says “{claim}”, but {facts}",
                    claim=claim.text,
                    facts=", ".join(
                        tr(
                            "организация зарегистрирована {day}",
                            "the entity was registered on {day}",
                            day=format_datetime(day),
                        )
                        if label == "registry"
                        else tr("домен создан {day}", "the domain was created on {day}", day=format_datetime(day))
                        for label, day in contradicted
                    ),
                ),
                *evidence,
            )
        )
    return findings


def check_whois(facts: VendorFacts, whois: WhoisLookup | None, inn: str | None) -> list[Finding]:
    if whois is None:
        return []
    shown = display_domain(whois.domain)
    if whois.status == "unknown":
        return [
            _finding(
                "whois_unknown",
                Status.UNKNOWN,
                Severity.LOW,
                tr(
                    "возраст домена не проверен: {reason}",
                    "domain age not checked: {reason}",
                    reason=whois.reason or "?",
                ),
                Evidence(excerpt="whois", value=shown),
            )
        ]
    if whois.status == "not_found" or whois.record is None:
        return [
            _finding(
                "domain_not_registered",
                Status.WARN,
                Severity.MEDIUM,
                tr("домен {domain} не найден в whois", "the domain {domain} is not in whois", domain=shown),
                Evidence(excerpt=f"whois {whois.server or ''}".strip(), value=shown),
            )
        ]
    record = whois.record
    findings = []
    evidence = Evidence(excerpt=f"whois {whois.server or ''}: {shown}".strip(), value=record.taxpayer_id or record.org)
    if record.taxpayer_id and inn and record.taxpayer_id != inn:
        findings.append(
            _finding(
                "whois_taxpayer_mismatch",
                Status.WARN,
                Severity.MEDIUM,
                tr(
                    "домен {domain} оформлен на другое лицо: ИНН в whois {whois}, у вендора {inn}",
                    "the domain {domain} belongs to someone else: ИНН in whois {whois}, the vendor's {inn}",
                    domain=shown,
                    whois=record.taxpayer_id,
                    inn=inn,
                ),
                evidence,
            )
        )
    elif record.taxpayer_id and inn:
        findings.append(
            _finding(
                "whois_taxpayer_match",
                Status.PASS,
                Severity.INFO,
                tr(
                    "домен оформлен на ту же организацию (ИНН в whois)",
                    "the domain belongs to the same entity (ИНН in whois)",
                ),
                evidence,
            )
        )
    elif record.format == "tci" and not record.org:
        findings.append(
            _finding(
                "domain_owner_private",
                Status.WARN,
                Severity.LOW,
                tr(
                    "домен {domain} оформлен на частное лицо",
                    "the domain {domain} is registered to a private person",
                    domain=shown,
                ),
                evidence,
            )
        )
    return findings


def check_entrepreneur(
    facts: VendorFacts, record: RegistryRecord | None, inn: str | None, thresholds: LegalThresholds
) -> list[Finding]:
    is_individual = (record is not None and record.entity_type == "individual") or (
        record is None
        and ((inn is not None and len(inn) == 12) or normalize_name(facts.site.entity("legal_form"))[0] == "ип")
    )
    if not is_individual:
        return []
    contract = facts.contract_rub_month
    evidence = Evidence(excerpt=tr("ИП", "sole proprietor"), value=contract)
    if contract is None:
        return [
            _finding(
                "sole_proprietor",
                Status.WARN,
                Severity.LOW,
                tr(
                    "исполнитель — ИП, а не компания: проверьте, справится ли он с объёмом",
                    "the vendor is a sole proprietor, not a company: check it can handle the volume",
                ),
                evidence,
            )
        ]
    large = contract >= thresholds.large_contract_rub_month
    return [
        _finding(
            "sole_proprietor",
            Status.WARN if large else Status.PASS,
            Severity.MEDIUM if large else Severity.INFO,
            tr(
                "исполнитель — ИП при контракте {amount} ₽ в месяц",
                "the vendor is a sole proprietor for a contract of {amount} RUB a month",
                amount=format_number(contract, 0),
            ),
            evidence,
        )
    ]


def check_phone_regions(facts: VendorFacts, record: RegistryRecord | None) -> list[Finding]:
    if record is None or not record.address_region_iso:
        return []
    phones = [str(phone.get("e164") or phone.get("display") or "") for phone in facts.site.phones] + list(facts.phones)
    far: list[tuple[str, str]] = []
    near = 0
    seen = set()
    for phone in phones:
        region = landline_region(phone)
        if region is None or phone in seen:
            continue
        seen.add(phone)
        if regions_near(region[0], record.address_region_iso):
            near += 1
        else:
            far.append((phone, region[1]))
    if not far:
        if near:
            return [
                _finding(
                    "phone_region",
                    Status.PASS,
                    Severity.INFO,
                    tr(
                        "городской телефон в регионе юридического адреса",
                        "the landline is in the legal address's region",
                    ),
                    _registry_evidence(record, record.address_region),
                )
            ]
        return []
    return [
        _finding(
            "phone_region",
            Status.WARN,
            Severity.LOW,
            tr(
                "городской номер из другого региона ({place}), чем юридический адрес ({region})",
                "the landline is from another region ({place}) than the legal address ({region})",
                place=", ".join(sorted({place for _, place in far})),
                region=record.address_region or record.address_region_iso,
            ),
            *[Evidence(url=facts.site.url, excerpt=place, value=phone) for phone, place in far],
            _registry_evidence(record, record.address),
        )
    ]


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
            "label": tr(ru, en),
            "present": present[key] if site.audited or key == "website" else None,
            "confirmed": confirmed.get(key),
        }
        for key, ru, en in REQUISITES_CHECKLIST
    ]


def checklist_finding(facts: VendorFacts, checklist: list[dict[str, Any]]) -> Finding:
    if not facts.site.audited:
        return _finding(
            "requisites_checklist",
            Status.UNKNOWN,
            Severity.LOW,
            tr(
                "сайт не проверялся: реквизиты на нём неизвестны (запустите аудит сайта)",
                "the site was not audited: its requisites are unknown (run the website audit)",
            ),
        )
    missing = [item for item in checklist if item["present"] is False]
    evidence = [Evidence(url=facts.site.url, excerpt=item["label"], value=False) for item in missing]
    if not missing:
        return _finding(
            "requisites_checklist",
            Status.PASS,
            Severity.INFO,
            tr("на сайте есть все реквизиты из списка статьи", "the site has every requisite of the article's list"),
        )
    return _finding(
        "requisites_checklist",
        Status.WARN,
        Severity.MEDIUM if len(missing) >= 3 else Severity.LOW,
        tr(
            "на сайте нет: {items}",
            "missing on the site: {items}",
            items=", ".join(item["label"] for item in missing),
        ),
        *evidence,
    )


# --- summary ------------------------------------------------------------------------------------------------


def summarize(findings: Sequence[Finding], registry_found: bool) -> tuple[str, list[str]]:
    """``verified`` / ``doubtful`` / ``failed`` / ``unknown`` with the reasons that decided it."""
    ordered = sorted(findings, key=lambda item: (item.status != Status.FAIL, -item.severity.rank))
    failures = [item for item in ordered if item.status == Status.FAIL and item.severity.rank >= Severity.HIGH.rank]
    doubts = [
        item
        for item in ordered
        if item.status == Status.FAIL or (item.status == Status.WARN and item.severity.rank >= Severity.MEDIUM.rank)
    ]
    if failures:
        return "failed", [item.message for item in failures] + [item.message for item in doubts if item not in failures]
    if doubts:
        return "doubtful", [item.message for item in doubts]
    if registry_found:
        passed = [item.message for item in ordered if item.status == Status.PASS and item.code != "name_match"]
        return "verified", passed or [tr("реестр подтверждает организацию", "the register confirms the entity")]
    unknown = [item.message for item in ordered if item.status == Status.UNKNOWN]
    return "unknown", unknown or [tr("проверить было нечего", "nothing could be checked")]


@dataclass
class LegalResult:
    vendor: str
    status: str
    reasons: list[str]
    findings: list[Finding]
    registry: RegistryLookup | None
    whois: WhoisLookup | None
    company_age_years: float | None
    domain_age_years: float | None
    checklist: list[dict[str, Any]]
    inn: str | None
    experience: list[ExperienceClaim]

    @classmethod
    def crashed(cls, facts: VendorFacts, error: BaseException) -> LegalResult:
        """A check that crashed for one vendor: ``unknown`` with the error as its finding, the run goes on."""
        failure = Finding.check_failed(CHECK, error, url=facts.website or facts.site.url)
        return cls(
            vendor=facts.name,
            status="unknown",
            reasons=[failure.message],
            findings=[failure],
            registry=None,
            whois=None,
            company_age_years=None,
            domain_age_years=None,
            checklist=[],
            inn=facts.inn,
            experience=[],
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``legal`` block of the result document (its keys are read by the scoring stage)."""
        record = self.registry.record if self.registry else None
        registry: dict[str, Any] | None = None
        if record is not None and self.registry is not None:
            registry = {
                **record.model_dump(mode="json"),
                "status_label": record.status_label(),
                "fetched_at": self.registry.fetched_at.isoformat() if self.registry.fetched_at else None,
                "from_cache": self.registry.from_cache,
            }
        domain: dict[str, Any] | None = None
        if self.whois is not None and self.whois.record is not None and self.whois.status == "found":
            whois_record = self.whois.record
            domain = {
                "name": display_domain(self.whois.domain),
                "created": whois_record.created.isoformat() if whois_record.created else None,
                "age_years": self.domain_age_years,
                "registrar": whois_record.registrar,
                "expires": whois_record.expires.isoformat() if whois_record.expires else None,
                "org": whois_record.org,
                "taxpayer_id": whois_record.taxpayer_id,
                "server": self.whois.server,
                "fetched_at": self.whois.fetched_at.isoformat() if self.whois.fetched_at else None,
            }
        return {
            "status": self.status,
            "reasons": self.reasons,
            "inn": self.inn,
            "registry": registry,
            "registry_status": self.registry.status if self.registry else None,
            # Why a lookup said nothing (no key, network off, timeout): the unknown's reason in the report.
            "registry_reason": self.registry.reason if self.registry and self.registry.status == "unknown" else None,
            "domain": domain,
            "domain_status": self.whois.status if self.whois else None,
            "domain_reason": self.whois.reason if self.whois and self.whois.status == "unknown" else None,
            "company_age_years": self.company_age_years,
            "requisites_checklist": self.checklist,
            "experience_claims": [claim.to_dict() for claim in self.experience],
            "flags": [finding.model_dump(mode="json") for finding in self.findings],
        }


def evaluate(
    facts: VendorFacts,
    registry: RegistryLookup | None,
    whois: WhoisLookup | None,
    *,
    today: date,
    thresholds: LegalThresholds | None = None,
    inn: str | None = None,
    identifier_findings: list[Finding] | None = None,
) -> LegalResult:
    """All cross-checks for one vendor from what was looked up. Pure: no network, no store."""
    thresholds = thresholds or LegalThresholds()
    if identifier_findings is None:
        identifier_findings, inn = check_identifiers(facts)
    findings = list(identifier_findings)
    record = registry.record if registry and registry.status == "found" else None
    findings.extend(check_registry(facts, registry))
    whois_record = whois.record if whois and whois.status == "found" else None
    if record is not None:
        age = check_age(
            "company", record.registration_date, today, thresholds, _registry_evidence(record, record.registration_date)
        )
        if age:
            findings.append(age)
    findings.extend(check_whois(facts, whois, inn or (record.inn if record else None)))
    if whois_record is not None and whois is not None:
        age = check_age(
            "domain",
            whois_record.created,
            today,
            thresholds,
            Evidence(
                excerpt=f"whois: {display_domain(whois.domain)}",
                value=whois_record.created.isoformat() if whois_record.created else None,
            ),
        )
        if age:
            findings.append(age)
    findings.extend(
        check_experience(
            facts.site.experience,
            record.registration_date if record else None,
            whois_record.created if whois_record else None,
            today,
            thresholds,
        )
    )
    findings.extend(check_entrepreneur(facts, record, inn, thresholds))
    findings.extend(check_phone_regions(facts, record))
    checklist = requisites_checklist(facts, record)
    findings.append(checklist_finding(facts, checklist))
    status, reasons = summarize(findings, record is not None)
    return LegalResult(
        vendor=facts.name,
        status=status,
        reasons=reasons,
        findings=findings,
        registry=registry,
        whois=whois,
        company_age_years=record.age_years(today) if record else None,
        domain_age_years=whois_record.age_years(today) if whois_record else None,
        checklist=checklist,
        inn=inn,
        experience=list(facts.site.experience),
    )
