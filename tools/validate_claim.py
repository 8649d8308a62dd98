"""The validate_claim tool: every line of one patient's date of service, over ``rules.claims.validate_claim``."""

from __future__ import annotations

from typing import TypeVar

from ..rules.claims import ClaimResult
from ..rules.claims import validate_claim as validate
from ..rules.ncci.store import open_tables
from ..rules.types import Payer
from .claim_schemas import (
    ApplyRulesArg,
    DateArg,
    LinesArg,
    MethodArg,
    PayerArg,
    PlaceArg,
    PlanArg,
    ProviderArg,
    ValidateClaimResult,
    YtdArg,
)

T = TypeVar("T")

TITLE = "Validate a whole claim date of service (every line and the day)"
DESCRIPTION = """\
Call it for a whole visit: checks EVERY line of one patient's date of service and the day (pooled minutes, \
NCCI pairs). Answers as validate_claim_line per line, plus claim_findings and one claim status."""


async def validate_claim(
    lines: LinesArg,
    payer: PayerArg = Payer.MEDICARE,
    method: MethodArg = None,
    date_of_service: DateArg = None,
    provider: ProviderArg = None,
    plan_of_care: PlanArg = None,
    ytd_therapy_amount: YtdArg = None,
    place_of_service: PlaceArg = None,
    apply_rules: ApplyRulesArg = None,
) -> ValidateClaimResult:
    return claim_output(validate(lines, payer=payer, method=method, date_of_service=date_of_service, provider=provider,
                                 plan_of_care=plan_of_care, ytd_therapy_amount=ytd_therapy_amount,
                                 ncci=open_tables(), place_of_service=place_of_service, apply_rules=apply_rules))


def common(per_line: list[tuple[T, ...]]) -> list[T]:
    """What every one of several lines carries alike (a note about the day, a check not run for any line)."""
    if len(per_line) < 2:
        return []
    return [item for item in per_line[0] if all(item in items for items in per_line[1:])]


def claim_output(result: ClaimResult) -> ValidateClaimResult:
    """A core result as the tool's output model, each line report numbered from 0. A finding or an unrun check
    that every line carries alike is said once, at the claim level (a 3-line claim repeated each note 3 times);
    a line's status still counts it."""
    shared_findings = common([r.findings for r in result.lines])
    shared_missing = common([r.not_checked for r in result.lines])
    reports = [{"index": i, "line": r.line, "status": r.status, "valid": r.valid,
                "not_checked": [n for n in r.not_checked if n not in shared_missing],
                "findings": [f for f in r.findings if f not in shared_findings], "expected_units": r.expected_units,
                "suggested_line": r.suggested_line}
               for i, r in enumerate(result.lines)]
    return ValidateClaimResult.model_validate({
        "status": result.status, "valid": result.valid, "lines": reports,
        "claim_findings": [*result.claim_findings, *shared_findings],
        "not_checked": [*result.not_checked, *shared_missing], "not_applied": result.not_applied, "payer": result.payer,
        "method": result.method, "date_of_service": result.date_of_service, "data_version": result.data_version})
