"""The validate_claim_line tool: a thin adapter over ``rules.claims.validate_line``.

``line_answer`` is the one code path: the MCP tool calls it with the arguments the SDK has validated, and
the batch CLI (``cpt97124-mcp validate``) through ``validate_line_answer``, which validates raw JSON against the
same argument model first (same strictness and error wording) and writes the answer's JSON without building the
output model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..rules.claims import validate_line
from ..rules.ncci import NcciTables
from .answer import Answer
from .claim_output import finding_out, line_out
from .claim_schemas import (
    ClaimLineInput,
    DateArg,
    MethodArg,
    OtherLinesArg,
    PayerArg,
    PlanArg,
    ProviderArg,
    ValidateClaimLineArgs,
    ValidateClaimLineResult,
    YtdArg,
)

TITLE = "Validate a claim line (what a payer would deny, and why)"
DESCRIPTION = """\
Checks ONE claim line of CPT 97124 (or another therapy code) before submission and says what a payer \
would deny and why: units against the documented minutes (for Medicare, the day's pooled minutes across \
other_lines, e.g. 10 min of 97124 + 10 min of 97110 support 1 unit, not 1 + 1), GP/GO/GN, CQ/CO and \
assistants, KX against the threshold of the date of service's year, 59/X modifiers, GA/GY/GZ, who may \
bill (massage therapists, aides, athletic trainers, chiropractors), manipulation in the same spinal region, \
and the NCCI PTP/MUE tables if the user imported them. Call it when someone asks "will this line be \
denied?", "is 97124 x2 with GP OK?", "do I need KX?". Give the other lines of the same patient and date in \
other_lines. Each finding has a rule id, severity, a fix and a citation; suggested_line applies the \
mechanical fixes. For a whole visit with several lines, prefer validate_claim."""


def validate_line_answer(arguments: Mapping[str, Any], ncci: NcciTables | None = None) -> dict[str, Any]:
    """Validate raw JSON arguments exactly as the tool does and run the checks: the tool's answer as plain
    JSON-ready data in ``ValidateClaimLineResult``'s shape and field order (the batch CLI serialises it as it is;
    ``tests/test_batch_answer.py`` holds it to the model's JSON). ``ncci``: the imported tables to use (default:
    the current store; the batch CLI looks it up once per block of inputs).

    Raises ``pydantic.ValidationError`` (unknown or malformed fields) or ``RuleInputError`` (bad values).
    """
    as_dict = arguments if isinstance(arguments, dict) else dict(arguments)
    return line_answer(ValidateClaimLineArgs.model_validate(as_dict), ncci)


def line_answer(args: ValidateClaimLineArgs, ncci: NcciTables | None = None) -> dict[str, Any]:
    """The checks over validated arguments, as ``validate_line_answer`` answers."""
    result = validate_line(args.line, args.other_lines, payer=args.payer,
                           method=args.method, date_of_service=args.date_of_service, provider=args.provider,
                           plan_of_care=args.plan_of_care, ytd_therapy_amount=args.ytd_therapy_amount,
                           ncci=ncci)
    return {"valid": result.valid, "findings": [finding_out(f) for f in result.findings],
            "expected_units": result.expected_units, "suggested_line": line_out(result.suggested_line),
            "payer": result.payer, "method": result.method, "date_of_service": result.date_of_service.isoformat(),
            "data_version": result.data_version}


async def validate_claim_line(
    line: ClaimLineInput,
    payer: PayerArg = "medicare",
    method: MethodArg = None,
    date_of_service: DateArg = None,
    other_lines: OtherLinesArg = [],  # noqa: B006 - pydantic copies defaults; the schema shows []
    provider: ProviderArg = None,
    plan_of_care: PlanArg = None,
    ytd_therapy_amount: YtdArg = None,
) -> Answer[ValidateClaimLineResult]:
    # The SDK has validated the arguments against the same types (tools/claim_schemas.py): no second pass.
    args = ValidateClaimLineArgs.model_construct(
        line=line, payer=payer, method=method, date_of_service=date_of_service, other_lines=other_lines,
        provider=provider, plan_of_care=plan_of_care, ytd_therapy_amount=ytd_therapy_amount)
    return Answer(line_answer(args))
