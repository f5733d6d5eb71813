"""The pipeline's ``calls`` stage: import the vendors' call logs named in the evaluation, then show the
cabinet's indicators per vendor, the trial comparison and the SLA breaches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from callscout.calls import compare as trial
from callscout.calls import contract, kpi
from callscout.calls.storage import CallStore
from callscout.errors import CallScoutError
from callscout.model import Finding
from callscout.model.run import RunContext
from callscout.store.ownership import vendor_refs

SUMMARY_BY = ("day", "agent")


def calls_stage(context: RunContext, _document: Any) -> dict[str, Any] | None:
    """None where no vendor has a call log: the report has no calls section then."""
    evaluation = context.evaluation
    wanted = [vendor for vendor in evaluation.vendors if vendor.call_logs]
    store = CallStore(context.store)
    errors: list[str] = []
    base = context.base_dir
    refs = {ref.name: ref for ref in vendor_refs(context.store, context.evaluation_id)}
    for vendor in wanted:
        for source in vendor.call_logs:
            path = Path(source.path)
            if not path.is_absolute():
                path = base / path
            try:
                mapping = store.mapping(source.mapping) if source.mapping else None
                store.import_file(
                    path,
                    evaluation_id=context.evaluation_id,
                    vendor_id=refs[vendor.name].id,
                    format_name=source.format,
                    mapping=mapping,
                    kind=source.kind,
                    if_exists="skip",
                )
            except CallScoutError as error:
                # One vendor's broken log must not stop the report; the error is shown in its place.
                errors.append(f"{vendor.name}: {error}")
    imported = set(store.vendors(context.evaluation_id))
    names = [vendor.name for vendor in evaluation.vendors if refs[vendor.name].id in imported]
    if not names and not errors:
        return None
    base_settings = kpi.KpiSettings.for_needs(evaluation.needs)
    section: dict[str, Any] = {
        "vendors": {},
        "comparison": None,
        "sla_breaches": {},
        "sla_unchecked": {},
        "sla_unchecked_periods": {},
        "errors": errors,
    }
    with store.reader(context.evaluation_id, [refs[name].id for name in names]) as connection:
        for name in names:
            listed = evaluation.vendor(name)
            settings = contract.settings_for(listed.sla if listed else None, base_settings)
            findings: list[Finding] = []
            try:
                report = kpi.report(connection, settings, vendors=[name], by=list(SUMMARY_BY))
                section["vendors"][name] = report
                if listed is not None and listed.sla is not None:
                    checked = contract.checked_periods(connection, name, listed.sla, base=base_settings)
                    found = checked["breaches"]
                    section["sla_breaches"][name] = found
                    unchecked = contract.unchecked_targets(listed.sla, report)
                    if unchecked:
                        section["sla_unchecked"][name] = unchecked
                        report["sla_unchecked"] = unchecked  # the scoring's SLA criterion reads it per vendor
                    # Periods whose figure the log cannot tell (a day without an answered call has no ASA).
                    in_periods = contract.unchecked_in_periods(checked["unchecked"], unchecked)
                    if in_periods:
                        section["sla_unchecked_periods"][name] = in_periods
                    coverage = contract.period_coverage(checked)
                    if coverage:
                        # The scoring's SLA criterion: «0 breaches» only when every period had every target checked.
                        report["sla_periods"] = coverage
                    findings = contract.sla_findings(name, listed.sla, found, unchecked, in_periods)
            except Exception as error:  # noqa: BLE001 - one vendor's failure becomes its finding, the run goes on
                findings = [Finding.check_failed("calls.kpi", error)]
                errors.append(f"{name}: {findings[0].message}")
                report = {}
            # Kept as a run so that the contract history of a vendor can be followed between reports.
            context.store.record_run(
                "calls",
                name,
                findings,
                summary={key: value for key, value in report.items() if key not in ("by", "heat_map")},
                vendor_id=refs[name].id,
                evaluation_id=context.evaluation_id,
            )
        if len(names) >= 2 and all(name in section["vendors"] for name in names):
            section["comparison"] = trial.compare(connection, names, base_settings)
        # Topics, survey and advertising channels of the same vendors: a broken part must not stop the report.
        try:
            from callscout.calls import insights, survey
            from callscout.qa import service as qa_service

            grades = survey.graded_calls(
                qa_service.grades(context.store, context.evaluation_id), [refs[name] for name in names]
            )
            from callscout.live.ingest import survey_answers

            section["insights"] = insights.report(
                connection,
                base_settings,
                evaluation.sources,
                vendors=names,
                grades=grades,
                answers=survey_answers(context.store, [refs[name] for name in names]),
            )
        except Exception as error:  # noqa: BLE001 - the check that failed is named, the run goes on
            errors.append(f"insights: {Finding.check_failed('calls.insights', error).message}")
    return section
