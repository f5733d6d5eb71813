"""Texts of callscout.scoring: key -> (Russian, English), as the inline pairs were formatted."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "scoring.display.add_missing_data_to_evaluation_file": (
        "добавьте недостающие данные в файл оценки",
        "add the missing data to the evaluation file",
    ),
    "scoring.display.no_registry_data": (
        "нет данных реестра",
        "no registry data",
    ),
    "scoring.display.domain_age_unknown": (
        "возраст домена неизвестен",
        "domain age unknown",
    ),
    "scoring.display.website_check_gave_no_result": (
        "проверка сайта не дала результата",
        "the website check gave no result",
    ),
    "scoring.display.ask_vendor_and_write_answer_into": (
        "спросите вендора и впишите ответ в файл оценки (анкета: callscout rfp ВЕНДОР)",
        "ask the vendor and write the answer into the evaluation file (questionnaire: callscout rfp VENDOR)",
    ),
    "scoring.display.legal_entity_was_not_checked": (
        "проверка юрлица не выполнялась",
        "the legal entity was not checked",
    ),
    "scoring.display.register_has_no_entity_with_this": (
        "реестр не нашёл организацию по ИНН",
        "the register has no entity with this INN",
    ),
    "scoring.display.register_was_not_asked_no_valid": (
        "в реестре не искали: нет действительного ИНН или ОГРН",
        "the register was not asked: no valid INN or OGRN",
    ),
    "scoring.display.whois_does_not_know_this_domain": (
        "whois не знает этот домен",
        "whois does not know this domain",
    ),
    "scoring.display.yes": (
        "да",
        "yes",
    ),
    "scoring.display.no": (
        "нет",
        "no",
    ),
    "scoring.display.no_breaches": (
        "нарушений нет",
        "no breaches",
    ),
    "scoring.display.website_was_not_audited": (
        "аудит сайта не выполнялся",
        "the website was not audited",
    ),
    "scoring.engine.status_in_register": (
        "статус в реестре: {status}",
        "status in the register: {status}",
    ),
    "scoring.engine.cross_checks_need_two_candidates": (
        "для сравнения методов нужно хотя бы два кандидата",
        "cross-checks need two candidates",
    ),
    "scoring.engine.candidates_do_not_differ_on_any": (
        "кандидаты не различаются ни по одному критерию",
        "the candidates do not differ on any criterion",
    ),
    "scoring.engine.should_fail_check_it_is_disqualified": (
        "если не пройдёт проверку «{rule}», {winner} исключается",
        "should {winner} fail the check “{rule}”, it is disqualified",
    ),
    "scoring.engine.first_in_of_random_weight_variants": (
        "первое место в {p:.0f}% случайных вариантов весов (±{j:.0f}%)",
        "first in {p:.0f}% of random weight variants (±{j:.0f}%)",
    ),
    "scoring.engine.share_of_criteria_weight_known": (
        "известная доля веса критериев: {shares}",
        "share of the criteria weight known: {shares}",
    ),
    "scoring.engine.no_candidate_has_data_for_these": (
        "нет данных ни по одному кандидату, критерии не учтены: {names}",
        "no candidate has data for these criteria, they are left out: {names}",
    ),
    "scoring.engine.unknown_rule": (
        "неизвестное правило",
        "unknown rule",
    ),
    "scoring.engine.legal_entity_was_not_checked": (
        "проверка юрлица не выполнялась",
        "the legal entity was not checked",
    ),
    "scoring.engine.unknown_criterion": (
        "неизвестный критерий",
        "unknown criterion",
    ),
    "scoring.engine.disqualified": (
        "исключён: {name}",
        "disqualified: {name}",
    ),
    "scoring.engine.show_documents_proving_this_does_not": (
        "Подтвердите документально: {name} — не про вас?",
        "Show documents proving this does not apply: {name}",
    ),
    "scoring.engine.legal_entity_please_explain": (
        "Юрлицо: {reason}. Поясните, пожалуйста.",
        "Legal entity: {reason}. Please explain.",
    ),
    "scoring.engine.sla_breaches_why_and_what_will": (
        "Нарушения SLA: {summary}. Почему и что изменится?",
        "SLA breaches: {summary}. Why, and what will change?",
    ),
    "scoring.engine.if_unchecked_came_out_worst_would": (
        (
            "при худшем исходе непроверенного первым был бы {other}: {winner} — от {low} до {high} баллов, {other} "
            "— до {best}"
        ),
        (
            "if the unchecked came out worst, {other} would rank first: {winner} scores {low} to {high}, {other} up "
            "to {best}"
        ),
    ),
    "scoring.engine.and_would_rank_first": (
        " и первым был бы {other}",
        " and {other} would rank first",
    ),
    "scoring.engine.no_candidate_qualifies": (
        "выбрать некого",
        "no candidate qualifies",
    ),
    "scoring.engine.cross_check_methods_with_same_winner": (
        "методы-проверки с тем же победителем: {a:.0f}%",
        "cross-check methods with the same winner: {a:.0f}%",
    ),
    "scoring.engine.lead_over_second_points": (
        "отрыв от второго места: {m} балла",
        "lead over the second: {m} points",
    ),
    "scoring.engine.nothing_confirms_it": (
        "нет подтверждения",
        "nothing confirms it",
    ),
    "scoring.engine.on_your_site_please_explain": (
        "На сайте: {message}. Поясните, пожалуйста.",
        "On your site: {message}. Please explain.",
    ),
    "scoring.engine.nothing_unchecked_can_change_winner": (
        "непроверенное не может изменить победителя",
        "nothing unchecked can change the winner",
    ),
    "scoring.engine.not_number": (
        "не число",
        "not a number",
    ),
    "scoring.engine.legal_entity": (
        "Юрлицо",
        "Legal entity",
    ),
    "scoring.engine.could_not_read_data": (
        "не удалось прочитать данные: {error}",
        "could not read the data: {error}",
    ),
    "scoring.engine.site": (
        "Сайт",
        "Site",
    ),
    "scoring.extractors.landline_published": (
        "есть стационарный",
        "landline published",
    ),
    "scoring.extractors.mobile_only": (
        "только мобильный",
        "mobile only",
    ),
    "scoring.extractors.verified": (
        "подтверждено",
        "verified",
    ),
    "scoring.extractors.doubtful": (
        "сомнительно",
        "doubtful",
    ),
    "scoring.extractors.failed": (
        "не подтверждено",
        "failed",
    ),
    "scoring.extractors.unknown": (
        "неизвестно",
        "unknown",
    ),
    "scoring.extractors.pass": (
        "норма",
        "pass",
    ),
    "scoring.extractors.warning": (
        "внимание",
        "warning",
    ),
    "scoring.extractors.fail": (
        "проблема",
        "fail",
    ),
    "scoring.extractors.yes_in_offer": (
        "да (в предложении)",
        "yes (in the offer)",
    ),
    "scoring.extractors.n24_7": (
        "круглосуточно",
        "24/7",
    ),
    "scoring.extractors.vendor_s_answer": (
        "ответ вендора в анкете",
        "the vendor's answer",
    ),
    "scoring.extractors.not_24_7": (
        "не круглосуточно",
        "not 24/7",
    ),
    "scoring.extractors.no_date_given": (
        "дата не указана",
        "no date given",
    ),
    "scoring.extractors.in_offer": (
        "в предложении",
        "in the offer",
    ),
    "scoring.weights.scoring_ahp_pairs_not_compared": (
        "scoring.ahp: не сравнены пары: {pairs}",
        "scoring.ahp: pairs not compared: {pairs}",
    ),
    "scoring.weights.all_weights_are_zero": (
        "все веса равны нулю",
        "all weights are zero",
    ),
    "scoring.weights.scoring_ahp_pair_is_compared_twice": (
        "scoring.ahp: пара {a} / {b} сравнена дважды или сама с собой",
        "scoring.ahp: pair {a} / {b} is compared twice or with itself",
    ),
    "scoring.weights.scoring_group_weights_unknown_groups_known": (
        "scoring.group_weights: неизвестные группы {names}; есть: {known}",
        "scoring.group_weights: unknown groups {names}; known: {known}",
    ),
    "scoring.weights.scoring_criterion_weights_unknown_criteria": (
        "scoring.criterion_weights: неизвестные критерии {names}",
        "scoring.criterion_weights: unknown criteria {names}",
    ),
    "scoring.weights.scoring_ahp_unknown_group_known": (
        "scoring.ahp: неизвестная группа {name!r}; есть: {known}",
        "scoring.ahp: unknown group {name!r}; known: {known}",
    ),
    "scoring.weights.ahp_comparisons_are_inconsistent_cr_0": (
        "сравнения AHP несогласованы: CR = {cr:.3f} > 0,1; пересмотрите оценки",
        "the AHP comparisons are inconsistent: CR = {cr:.3f} > 0.1; revise them",
    ),
    "scoring.display.against_target": (
        "{period}: {label} {value} при цели {target}",
        "{period}: {label} {value} against the target {target}",
    ),
    "scoring.display.breaches_worst": (
        "нарушений: {len_breaches}, худшее — {sla_breach_text_worst}",
        "{len_breaches} breaches, worst {sla_breach_text_worst}",
    ),
    "scoring.display.run_legal_check_callscout_legal_vendors": (
        (
            "запустите проверку юрлица: callscout legal vendors --file {file} --online (или всё сразу: callscout "
            "evaluate {file} --online)"
        ),
        (
            "run the legal check: callscout legal vendors --file {file} --online (or everything at once: callscout "
            "evaluate {file} --online)"
        ),
    ),
    "scoring.display.run_site_audit_callscout_audit_file": (
        ("запустите аудит сайта: callscout audit --file {file} (или всё сразу: callscout evaluate {file} --online)"),
        (
            "run the site audit: callscout audit --file {file} (or everything at once: callscout evaluate {file} "
            "--online)"
        ),
    ),
    "scoring.display.no_answer_from_register": (
        "реестр не ответил: {reason}",
        "no answer from the register: {reason}",
    ),
    "scoring.display.no_whois_answer": (
        "whois не ответил: {reason}",
        "no whois answer: {reason}",
    ),
    "scoring.display.and_more": (
        " и ещё {more}",
        " and {more} more",
    ),
    "scoring.extractors.vendor_in_house_month": (
        "вендор {vendor_cost:,.0f} ₽ / свой колл-центр {own_cost:,.0f} ₽ в месяц",
        "vendor {vendor_cost:,.0f} ₽ / in-house {own_cost:,.0f} ₽ a month",
    ),
    # The payment-model risk of an offer (0..1) and the models it is made of.
    "scoring.extractors.risk": ("{risk:.2f}", "{risk:.2f}"),
    # A criterion's raw value with its unit, as the reader writes numbers.
    "scoring.extractors.years": ("{value:,.1f} г.", "{value:,.1f} y"),
    "scoring.extractors.hours": ("{value:,.1f} ч", "{value:,.1f} h"),
    "scoring.extractors.amount": ("{value:,.0f}\u00a0{unit}", "{value:,.0f}\u00a0{unit}"),
    "scoring.extractors.figure": ("{value:,.1f}", "{value:,.1f}"),
    "scoring.extractors.figure_unit": ("{value:,.1f} {unit}", "{value:,.1f} {unit}"),
    "scoring.extractors.share": ("{value:.1%}", "{value:.1%}"),
    "scoring.extractors.risk_and_models": ("{risk} ({models})", "{risk} ({models})"),
    "scoring.extractors.calls_in_log": (
        "звонков в журнале: {offered}",
        "calls in the log: {offered}",
    ),
    "scoring.extractors.days_ago": (
        "{days} дн. назад ({day})",
        "{days} days ago ({day})",
    ),
    "scoring.extractors.registered_on": (
        "в реестре с {format_datetime_registry_regis}",
        "registered on {format_datetime_registry_regis}",
    ),
    "scoring.extractors.domain_created_whois": (
        "домен зарегистрирован (whois): {format_datetime_holder_get_cre}",
        "domain created (whois): {format_datetime_holder_get_cre}",
    ),
}
