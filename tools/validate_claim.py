"""The validate_claim tool: every line of one patient's date of service, over ``rules.claims.validate_claim``."""

from __future__ import annotations

from typing import Any

from ..rules.claims import ClaimResult
from ..rules.claims import validate_claim as validate
from .answer import Answer
from .claim_output import finding_out, line_out
from .claim_schemas import (
    DateArg,
    LinesArg,
    MethodArg,
    PayerArg,
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
the day's findings in claim_findings, and a suggested line with the mechanical fixes. Same options as \
validate_claim_line."""


async def validate_claim(
    lines: LinesArg,
    payer: PayerArg = "medicare",
    method: MethodArg = None,
    date_of_service: DateArg = None,
    provider: ProviderArg = None,
    plan_of_care: PlanArg = None,
    ytd_therapy_amount: YtdArg = None,
) -> Answer[ValidateClaimResult]:
    return Answer(claim_answer(validate(lines, payer=payer, method=method, date_of_service=date_of_service,
                                        provider=provider, plan_of_care=plan_of_care,
                                        ytd_therapy_amount=ytd_therapy_amount)))


def claim_answer(result: ClaimResult) -> dict[str, Any]:
    """The tool's structured output for a core result, JSON-ready, in ``ValidateClaimResult``'s shape."""
    return {
        "valid": result.valid,
        "lines": [{"index": i, "line": line_out(r.line), "valid": r.valid,
                   "findings": [finding_out(f) for f in r.findings], "expected_units": r.expected_units,
                   "suggested_line": line_out(r.suggested_line)}
                  for i, r in enumerate(result.lines)],
        "claim_findings": [finding_out(f) for f in result.claim_findings], "payer": result.payer,
        "method": result.method, "date_of_service": result.date_of_service.isoformat(),
        "data_version": result.data_version}
