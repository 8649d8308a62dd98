"""The validate_claim tool: every line of one patient's date of service, over ``rules.claims.validate_claim``."""

from __future__ import annotations

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

TITLE = "Validate a whole claim date of service (every line and the day)"
DESCRIPTION = """\
Checks EVERY line of one patient's date of service at once (CPT 97124 and the therapy codes beside it) and \
the day as a whole: the Medicare 8-minute rule across lines (pooled minutes cap the day's timed units), \
NCCI pairs between lines (manipulation 98940-98942 with massage, imported PTP table), MUE, therapy, \
assistant, KX, ABN and provider rules. Call it when someone gives a whole visit or claim ("97124 x2, \
97110 x1, 98940 for Medicare, is this OK?"). Reports findings per line (rule id, severity, fix, citation), \
the day's findings in claim_findings, and a suggested line with the mechanical fixes; status per line and for \
the claim (clean, errors, or incomplete when a check could not run: see not_checked). Give provider per line \
where it differs (a PT evaluation and a PTA treatment the same day). Same options as validate_claim_line."""


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


def claim_output(result: ClaimResult) -> ValidateClaimResult:
    """A core result as the tool's output model, each line report numbered from 0."""
    reports = [{"index": i, "line": r.line, "status": r.status, "valid": r.valid, "not_checked": r.not_checked,
                "findings": r.findings, "expected_units": r.expected_units, "suggested_line": r.suggested_line}
               for i, r in enumerate(result.lines)]
    return ValidateClaimResult.model_validate({
        "status": result.status, "valid": result.valid, "lines": reports, "claim_findings": result.claim_findings,
        "not_checked": result.not_checked, "not_applied": result.not_applied, "payer": result.payer,
        "method": result.method, "date_of_service": result.date_of_service, "data_version": result.data_version})
