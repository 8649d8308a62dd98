"""The checks registry: every claim check, in the order its findings are reported.

A line check runs as ``run(claim, index) -> list[Finding]``; a day check (the whole date of service) as
``run(claim) -> list[Finding]``; a check that could not run returns ``NotChecked`` in the list. Each entry declares
the rule ids its check may emit (``tests/test_check_rule_ids.py`` holds each check to them); whether a finding is
reported for the payer is the rule catalog's ``applies_to``, applied to the findings (``validate``). The checks
are plain functions, so the compiled build (``hatch_build.py``) compiles them like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

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
from .model import Outcome


class Check(NamedTuple):
    """A registered check: the function that runs it (``run(claim, index)`` for a line check, ``run(claim)`` for a
    day check; findings, and NotChecked for a check that could not run) and every rule id it may emit."""

    run: Callable[..., Sequence[Outcome]]
    rule_ids: frozenset[str]


def _check(run: Callable[..., Sequence[Outcome]], *rule_ids: str) -> Check:
    return Check(run, frozenset(rule_ids))


LINE_CHECKS: tuple[Check, ...] = (
    _check(checks_units.code_known, "line.code-known"),
    _check(checks_units.units_vs_minutes, "units.untimed-service", "line.units-vs-minutes"),
    _check(checks_modifiers.unknown_modifiers, "mod.unknown"),
    _check(checks_modifiers.therapy_required, "mod.therapy-required"),
    _check(checks_modifiers.therapy_single, "mod.therapy-single"),
    _check(checks_modifiers.therapy_matches_plan, "mod.therapy-matches-plan"),
    _check(checks_assistants.paired_therapy_modifier, "mod.cq-with-gp", "mod.co-with-go"),
    _check(checks_assistants.assistant_required, "mod.assistant-required"),
    _check(checks_assistants.assistant_not_for_physician, "mod.assistant-not-for-physician"),
    _check(checks_assistant_use.assistant_not_furnished, "mod.assistant-not-furnished"),
    _check(checks_assistant_use.assistant_dates, "mod.assistant-dates"),
    _check(checks_evaluations.assistant_evaluation, "provider.assistant-evaluation"),
    _check(checks_kx.kx_threshold, "mod.kx-threshold"),
    _check(checks_modifiers.abn_combination, "mod.abn"),
    _check(checks_providers.unrecognised_provider, "provider.massage-therapist", "provider.aide",
           "provider.athletic-trainer"),
    _check(checks_providers.chiropractor, "provider.chiropractor"),
    _check(checks_telehealth.therapist_window, "line.telehealth-window"),
    _check(checks_telehealth.services_list, "line.telehealth-list"),
    _check(checks_ncci.cmt_region, "ncci.cmt-region"),
    _check(checks_ncci.ptp_pairs, "ncci.ptp"),
    _check(checks_ncci.mue, "line.mue"),
    _check(checks_ncci.bypass_modifier, "mod.ncci-bypass"),
    _check(checks_services.one_on_one, "line.one-on-one"),
    _check(checks_services.myofascial_release, "line.myofascial-release"),
    _check(checks_payment.assistant_payment, "pay.cq-co-reduction"),
    _check(checks_payment.multiple_procedure_reduction, "pay.mppr"),
    _check(checks_code_status.medicare_status, "line.code-replaced", "line.code-bundled"),
    _check(checks_code_status.add_on_code, "line.add-on-code"),
    _check(checks_chiropractic.active_treatment, "mod.at-active-treatment"),
)
DAY_CHECKS: tuple[Check, ...] = (
    _check(checks_units.total_timed_units, "session.total-timed-units"),
    _check(checks_dates.date_of_service, "session.date-of-service"),
)
# Every rule id a registered check can emit, in registry order.
RULE_IDS: tuple[str, ...] = tuple(dict.fromkeys(
    rule_id for check in (*LINE_CHECKS, *DAY_CHECKS) for rule_id in sorted(check.rule_ids)))
