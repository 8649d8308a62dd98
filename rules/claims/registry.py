"""The checks registry: every claim check, in the order its findings are reported.

A line check is ``check(claim, index) -> list[Finding]``; a day check (the whole date of service) is
``check(claim) -> list[Finding]``; a check that could not run returns ``NotChecked`` in the list. Each declares
the rule ids it may emit (``model.emits``); whether a finding is reported for the payer is the rule catalog's
``applies_to``, applied to the findings (``validate``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from . import (
    checks_assistant_use,
    checks_assistants,
    checks_chiropractic,
    checks_code_status,
    checks_dates,
    checks_evaluations,
    checks_kx,
    checks_modifiers,
    checks_ncci,
    checks_payment,
    checks_providers,
    checks_services,
    checks_telehealth,
    checks_units,
)
from .model import Claim, Outcome

LineCheck = Callable[[Claim, int], Sequence[Outcome]]  # findings, and NotChecked for a check that could not run
DayCheck = Callable[[Claim], Sequence[Outcome]]

LINE_CHECKS: tuple[LineCheck, ...] = (
    checks_units.code_known,
    checks_units.units_vs_minutes,
    checks_modifiers.unknown_modifiers,
    checks_modifiers.therapy_required,
    checks_modifiers.therapy_single,
    checks_modifiers.therapy_matches_plan,
    checks_assistants.paired_therapy_modifier,
    checks_assistants.assistant_required,
    checks_assistants.assistant_not_for_physician,
    checks_assistant_use.assistant_not_furnished,
    checks_assistant_use.assistant_dates,
    checks_evaluations.assistant_evaluation,
    checks_kx.kx_threshold,
    checks_modifiers.abn_combination,
    checks_providers.unrecognised_provider,
    checks_providers.chiropractor,
    checks_telehealth.therapist_window,
    checks_telehealth.services_list,
    checks_ncci.cmt_region,
    checks_ncci.ptp_pairs,
    checks_ncci.mue,
    checks_ncci.bypass_modifier,
    checks_services.one_on_one,
    checks_services.myofascial_release,
    checks_payment.assistant_payment,
    checks_payment.multiple_procedure_reduction,
    checks_code_status.medicare_status,
    checks_code_status.add_on_code,
    checks_chiropractic.active_treatment,
)
DAY_CHECKS: tuple[DayCheck, ...] = (checks_units.total_timed_units, checks_dates.date_of_service)
# Every rule id a registered check can emit, in registry order (each check's ``emits`` declaration).
RULE_IDS: tuple[str, ...] = tuple(dict.fromkeys(
    rule_id for check in (*LINE_CHECKS, *DAY_CHECKS) for rule_id in sorted(check.rule_ids)))  # type: ignore[attr-defined]
